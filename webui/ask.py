"""The Ask tab: a question or a citation in, the answer and the cited clauses out."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import gradio as gr

from ingest.records import KINDS, instrument_ref
from search.limits import MAX_K, MAX_QUERY_CHARS

from . import views
from .state import IndexHolder
from .style import EXAMPLES_JS, RESULTS_JS

KIND_CHOICES = ("any", *KINDS)
DEFAULT_K = 5

MAX_EXAMPLES = 4


def examples_from(corpus) -> list[str]:
    """One-click examples drawn from the index: a citation lookup or a question on the title of up to four
    instruments, taken from as many bodies as possible (deterministic: bodies in order, larger first)."""
    if corpus is None or not corpus.instruments:
        return []
    by_body: dict[str, list] = {}
    for inst in sorted(corpus.instruments, key=lambda i: (-len(i.rows), i.body, i.number)):
        by_body.setdefault(inst.body, []).append(inst)
    chosen: list = []
    while len(chosen) < MAX_EXAMPLES and any(by_body.values()):
        for body in sorted(by_body):
            if by_body[body] and len(chosen) < MAX_EXAMPLES:
                chosen.append(by_body[body].pop(0))
    out: list[str] = []
    for n, inst in enumerate(chosen):
        clauses = corpus.clauses_of(inst)
        items = [c for c in clauses if c.kind == "operative" and c.label and len(c.label) <= 4]
        item = min(items, key=lambda c: (len(c.section), c.ordinal)) if items else None
        if n % 2 == 0 and item is not None:
            short = {"Resolution": "Res.", "Decision": "Dec.", "Recommendation": "Rec."}.get(inst.instrument,
                                                                                            inst.instrument)
            out.append(f"{inst.body} {instrument_ref(short, inst.number, inst.revision)} {item.section} {item.label}"
                       .strip())
        elif inst.title:
            out.append(views.shorten(inst.title, 70).removesuffix(" …"))
    if len(chosen) == 1 and chosen[0].title:  # one instrument: its topic besides the lookup
        out.append(views.shorten(chosen[0].title, 70).removesuffix(" …"))
    return out


def filters(body: str, number: str, revision: str, kind: str):
    from search.records import Filters

    return Filters(body=(body or "").strip() if body not in (None, "any") else "",
                   number=(number or "").strip(), revision=(revision or "").strip(),
                   kind="" if kind in (None, "", "any") else kind)


def ask_html(holder: IndexHolder, question: str, k: int = DEFAULT_K, body: str = "any", number: str = "",
             revision: str = "", kind: str = "any") -> str:
    """Answer a question (or look up a citation) and render the answer and the result cards."""
    import search

    question = (question or "").strip()
    idx = holder.current()
    if idx is None:
        return holder.no_index_html()
    if not question:
        return views.notice_html("Type a question or a citation, e.g. “Res. 30 resolves 8”.")
    k = max(1, min(int(k or DEFAULT_K), MAX_K))
    chosen = filters(body, number, revision, kind)
    try:
        result = search.ask(idx, question, k=k, filters=chosen, settings=holder.search_settings)
    except Exception as exc:  # noqa: BLE001  (the user sees the cause, never a traceback)
        return views.notice_html(f"The search failed: {exc}", kind="error")
    return views.results_html(result, chosen, url=search_url(question[:MAX_QUERY_CHARS], k, chosen),
                              compare_ids=with_revisions(holder, result))


def search_url(question: str, k: int, chosen) -> str:
    """The page address that runs this search on load: "?q=...&body=PP&k=10"."""
    params = {"q": question, **{name: getattr(chosen, name) for name in ("body", "number", "revision", "kind")
                                if getattr(chosen, name)}}
    if k != DEFAULT_K:
        params["k"] = str(k)
    return "?" + urlencode(params)


def with_revisions(holder: IndexHolder, result) -> frozenset[str]:
    """Ids of the hits whose instrument has other revisions in the index (their cards offer "Changes")."""
    view = holder.corpus()
    idx = holder.current()
    if view is None or idx is None:
        return frozenset()
    out = set()
    for hit in result.hits:
        row = idx.row_of(hit.clause.id)
        if row is not None and view.series[int(view.instrument_of_row[row])].revisions > 1:
            out.add(hit.clause.id)
    return frozenset(out)


@dataclass
class AskTab:
    question: gr.Textbox
    examples: gr.HTML
    body: gr.Dropdown
    number: gr.Textbox
    revision: gr.Textbox
    kind: gr.Radio
    k: gr.Slider
    results: gr.HTML

    @property
    def inputs(self) -> list:
        """What a search reads, in the order of `ask_html`'s parameters."""
        return [self.question, self.k, self.body, self.number, self.revision, self.kind]


def build(holder: IndexHolder) -> AskTab:
    """The tab's components (inside an open gr.Tab) and its own events."""
    with gr.Row(equal_height=True):
        question = gr.Textbox(label="Question or citation", show_label=False, scale=8, autofocus=True,
                              placeholder="Ask a question, or type a citation such as "
                                          "“Res. 30 (Rev. Kigali, 2022) resolves 8”",
                              elem_id="question", max_length=1000, container=False)
        ask_btn = gr.Button("Search", variant="primary", scale=1, min_width=110, elem_id="ask-btn")
    examples = gr.HTML(views.examples_html(examples_from(holder.corpus())), elem_id="examples",
                       js_on_load=EXAMPLES_JS)
    with gr.Accordion("Filters and number of results", open=False, elem_id="filters"), gr.Row():
        body = gr.Dropdown(["any", *holder.bodies()], value="any", label="Body",
                           allow_custom_value=True, min_width=120)
        number = gr.Textbox(label="Instrument number", placeholder="e.g. 30", min_width=120)
        revision = gr.Textbox(label="Revision or year", placeholder="e.g. 2022, Kigali, WRC-23", min_width=160)
        kind = gr.Radio(list(KIND_CHOICES), value="any", label="Part", min_width=260)
        k = gr.Slider(1, MAX_K, value=DEFAULT_K, step=1, label="Results", min_width=160)
    results = gr.HTML("" if holder.index is not None else holder.no_index_html(), elem_id="results",
                      js_on_load=RESULTS_JS)
    tab = AskTab(question, examples, body, number, revision, kind, k, results)

    def on_ask(q, k_, body_, number_, revision_, kind_):
        return ask_html(holder, q, k_, body_, number_, revision_, kind_)

    question.submit(on_ask, tab.inputs, results, api_name="ask")
    ask_btn.click(on_ask, tab.inputs, results, api_name=False)

    def lookup(citation: str, k: int = DEFAULT_K) -> str:
        """Look up a citation such as "Res. 30 (Rev. Kigali, 2022) resolves 8"; returns the result HTML."""
        return ask_html(holder, citation, k)

    gr.api(lookup, api_name="lookup")
    return tab
