"""The Context tab: a clause within its whole instrument, related instruments, and the PDF page it is on.

Only files recorded in the index are ever read for display: the browser sends clause ids, never a path.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import gradio as gr

from ingest.records import Clause

from . import views
from .state import IndexHolder
from .style import ACTIONS_JS, SCROLL_JS

PAGE_RENDER_SCALE = 1.5  # PDF points -> pixels (108 dpi): readable, ~900 px wide for A4


@dataclass(frozen=True)
class ContextView:
    head: str
    doc: str
    related: str
    page_clause: str  # clause id whose file the page image belongs to
    page: int


def context_view(holder: IndexHolder, clause_id: str, query: str = "") -> ContextView:
    """The instrument of a clause with the clause in place, its related instruments and its page."""
    idx = holder.current()
    if idx is None:
        return ContextView(holder.no_index_html(), "", "", "", 0)
    clause = idx.clause_by_id((clause_id or "").strip())
    if clause is None:
        return ContextView(views.notice_html("That clause is not in the index (it may have been removed). "
                                             "Search again.", kind="warn"), "", "", "", 0)
    corpus = holder.corpus()
    if corpus is None:
        return ContextView(holder.no_index_html(), "", "", "", 0)
    inst = corpus.instrument_of(clause)
    clauses = corpus.clauses_of(inst) if inst is not None else [clause]
    related = views.related_instruments(inst, clauses, corpus.instruments) if inst else None
    head = (f'<div class="ctx-head">{views.citation_line_html(clause)}'
            f'<div class="ctx-actions"><button type="button" class="btn" data-action="back">← Back to results</button>'
            f'{views.copy_button(clause.citation)}'
            f'<code class="citation-text">{views.e(clause.citation)}</code></div></div>')
    return ContextView(head=head,
                       doc=views.context_html(clauses, target_id=clause.id, terms=views.query_terms(query)),
                       related=views.related_html(related) if related else "",
                       page_clause=clause.id, page=clause.page)


def source_file(holder: IndexHolder, clause: Clause) -> Path | None:
    """The file on disk a clause was parsed from, as the index records it (None if gone)."""
    from index.meta import resolve_entry

    idx = holder.current()
    if idx is None:
        return None
    entry = next((f for f in idx.files() if f.path == clause.file), None) or resolve_entry(idx.meta.files, clause.file)
    if entry is None:
        return None
    path = Path(entry.resolved)
    return path if path.is_file() else None


@functools.lru_cache(maxsize=32)
def _render_page(path: str, mtime_ns: int, page: int):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        n = len(pdf)
        page = max(1, min(page, n))
        image = pdf[page - 1].render(scale=PAGE_RENDER_SCALE).to_pil()
        return image, page, n
    finally:
        pdf.close()


def page_image(holder: IndexHolder, clause_id: str, page: int):
    """(PIL image or None, caption markdown, page shown) for a page of the PDF a clause comes from."""
    idx = holder.current()
    clause = idx.clause_by_id(clause_id) if idx is not None and clause_id else None
    if clause is None:
        return None, "", 0
    path = source_file(holder, clause)
    name = Path(clause.file).name
    if path is None:
        return None, f"The source file **{name}** is no longer on disk, so its pages cannot be shown.", 0
    if path.suffix.lower() != ".pdf":
        return None, f"**{name}** is a {path.suffix.lower()} file: there is no page image to show.", 0
    try:
        image, shown, total = _render_page(str(path), path.stat().st_mtime_ns, int(page or clause.page))
    except Exception as exc:  # noqa: BLE001
        return None, f"Page {page} of **{name}** could not be rendered: {exc}", 0
    printed = f" · the clause is on printed p. {clause.printed_page}" if clause.printed_page and shown == clause.page else ""
    return image, f"**{name}** · PDF page {shown} of {total}{printed}", shown


@dataclass
class ContextTab:
    head: gr.HTML
    doc: gr.HTML
    related: gr.HTML
    clause: gr.State
    outputs: list  # what `open` returns, in order

    def open(self, holder: IndexHolder, clause_id: str, query: str = "") -> list:
        view = context_view(holder, clause_id, query)
        return [view.head, view.doc, view.related, view.page_clause, *show_page(holder, view.page_clause, view.page)]


def show_page(holder: IndexHolder, clause_id: str, page: int) -> list:
    image, caption, shown = page_image(holder, clause_id, page)
    return [gr.Image(value=image, visible=image is not None), caption, gr.Row(visible=image is not None), shown]


def build(holder: IndexHolder) -> ContextTab:
    head = gr.HTML(views.notice_html("Open a result “in context” to read it within its instrument."),
                   elem_id="ctx-head", js_on_load=ACTIONS_JS)
    with gr.Row():
        with gr.Column(scale=3):
            doc = gr.HTML("", elem_id="doc-scroll", max_height="calc(100vh - 120px)", js_on_load=SCROLL_JS)
        with gr.Column(scale=2):
            related = gr.HTML("", elem_id="related", js_on_load=ACTIONS_JS)
            page_caption = gr.Markdown("", elem_id="page-caption")
            with gr.Row(visible=False) as page_nav:
                prev_btn = gr.Button("◀ Previous page", size="sm")
                next_btn = gr.Button("Next page ▶", size="sm")
            page_img = gr.Image(type="pil", format="png", show_label=False, interactive=False,
                                buttons=["fullscreen", "download"], elem_id="page-image", visible=False)
    clause = gr.State("")
    page = gr.State(0)
    page_outputs = [page_img, page_caption, page_nav, page]
    tab = ContextTab(head, doc, related, clause, [head, doc, related, clause, *page_outputs])

    prev_btn.click(lambda c, p: show_page(holder, c, int(p or 1) - 1), [clause, page], page_outputs, api_name=False)
    next_btn.click(lambda c, p: show_page(holder, c, int(p or 1) + 1), [clause, page], page_outputs, api_name=False)

    def context(clause_id: str) -> str:
        """The instrument of a clause with that clause in place (HTML)."""
        view = context_view(holder, clause_id)
        return view.head + view.doc + view.related

    gr.api(context, api_name="context")
    return tab
