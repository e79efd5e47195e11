"""The Changes tab: two revisions side by side (search/diff.py) and a clickable picture of an instrument's
references (search/graph.py): what it cites and what cites it, one or two steps out.

The picture is an inline SVG drawn here (no script, nothing fetched); a click on an instrument re-centres
the picture on it. A result card's "Changes" button opens this tab on that clause's instrument.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape as e

import gradio as gr

from search.diff import diff_clauses
from search.diff_format import DIFF_CSS, to_html_fragment
from search.graph import node_id

from . import views
from .state import IndexHolder
from .style import ACTIONS_JS

MAX_NODES = 36  # beyond this the picture keeps the instruments with the most references to the centre


# ------------------------------------------------------------------------------------------ choices

def instrument_choices(holder: IndexHolder) -> list[tuple[str, str]]:
    """(label, key) of every instrument of the index (one per copy), series with several revisions first."""
    view = holder.corpus()
    if view is None:
        return []
    out = []
    for i, inst in enumerate(view.instruments):
        if view.preferred_copy.get(i, i) != i:
            continue
        st = view.series[i]
        mark = "" if st.revisions == 1 else (" · in force" if st.in_force else " · superseded")
        out.append((f"{inst.body} {inst.ref}{mark}".strip(), node_id(inst), st.revisions == 1))
    out.sort(key=lambda x: x[2])
    return [(label, key) for label, key, _ in out]


def _by_key(view, key: str) -> int | None:
    for i, inst in enumerate(view.instruments):
        if node_id(inst) == key:
            return view.preferred_copy.get(i, i)
    return None


def pair_for_clause(holder: IndexHolder, clause_id: str) -> tuple[str, str]:
    """(old key, new key) to compare for a clause: its revision and the one before it, or, for the first
    revision, it and the next one; ("", key) when the instrument has a single revision."""
    view = holder.corpus()
    idx = holder.current()
    clause = idx.clause_by_id(clause_id) if idx is not None and clause_id else None
    if view is None or clause is None:
        return "", ""
    i = int(view.instrument_of_row[idx.row_of(clause.id)])
    i = view.preferred_copy.get(i, i)
    members = view.series[i].series.members
    pos = members.index(i)
    if len(members) == 1:
        return "", node_id(view.instruments[i])
    if pos == 0:
        return node_id(view.instruments[i]), node_id(view.instruments[members[1]])
    return node_id(view.instruments[members[pos - 1]]), node_id(view.instruments[i])


# ------------------------------------------------------------------------------------------- views

def changes_html(holder: IndexHolder, old_key: str, new_key: str, changed_only: bool = False) -> str:
    view = holder.corpus()
    if view is None:
        return holder.no_index_html()
    if not old_key or not new_key:
        return views.notice_html("Choose two revisions to compare (instruments with several revisions are "
                                 "listed first).")
    a, b = _by_key(view, old_key), _by_key(view, new_key)
    if a is None or b is None:
        return views.notice_html("That instrument is no longer in the index.", kind="warn")
    old, new = view.instruments[a], view.instruments[b]
    d = diff_clauses(old, new, [view.clauses[r] for r in old.rows], [view.clauses[r] for r in new.rows])
    note = ""
    if view.series[a].series is not view.series[b].series:
        note = views.notice_html(f"{old.ref} and {new.ref} are not revisions of one instrument: the comparison "
                                 "pairs whatever clauses read alike.", kind="warn")
    return f"<style>{DIFF_CSS}</style>{note}{to_html_fragment(d, changed_only=changed_only)}"


def neighbourhood_svg(holder: IndexHolder, key: str, depth: int = 1) -> str:
    """An SVG of the instrument `key` and the instruments it cites (green) and that cite it (orange), or both
    (purple), `depth` steps out; each node a button that re-centres the picture on it."""
    view = holder.corpus()
    if view is None:
        return holder.no_index_html()
    centre = _by_key(view, key) if key else None
    if centre is None:
        return views.notice_html("Choose an instrument to see what it cites and what cites it.")
    graph = view.graph
    nodes, edges = graph.neighbours(centre, depth=max(1, min(2, int(depth or 1))))
    cites = {e.target for e in graph.cites(centre) if e.target is not None}
    cited_by = {e.source for e in graph.cited_by(centre)}
    near = (cites | cited_by) - {centre}
    weight = {n: sum(1 for x in edges if n in (x.source, x.target)) for n in nodes}
    first = sorted(near, key=lambda n: (-weight[n], n))[:MAX_NODES]
    second = sorted(nodes - near - {centre}, key=lambda n: (-weight[n], n))[: max(0, MAX_NODES - len(first))]
    shown = {centre, *first, *second}
    unresolved = sum(1 for x in graph.cites(centre) if x.target is None)
    size = 760 if second else 520 if first else 200
    mid = size / 2
    pos: dict[int, tuple[float, float]] = {centre: (mid, mid)}
    for ring, radius in ((first, 200), (second, 330)):
        for k, n in enumerate(ring):
            angle = 2 * math.pi * k / max(1, len(ring)) - math.pi / 2
            pos[n] = (mid + radius * math.cos(angle), mid + radius * math.sin(angle))
    pairs = {(x.source, x.target) for x in edges if x.source in shown and x.target in shown and x.source != x.target}
    lines = "".join(
        f'<line x1="{pos[s][0]:.0f}" y1="{pos[s][1]:.0f}" x2="{pos[t][0]:.0f}" y2="{pos[t][1]:.0f}" '
        f'class="edge" marker-end="url(#arrow)"><title>{e(view.instruments[s].ref)} cites '
        f'{e(view.instruments[t].ref)}</title></line>' for s, t in sorted(pairs))
    circles = []
    for n in sorted(shown, key=lambda n: n != centre):
        inst = view.instruments[n]
        role = ("centre" if n == centre else "both" if n in cites and n in cited_by else "cites" if n in cites
                else "cited-by" if n in cited_by else "second")
        x, y = pos[n]
        short = f"{inst.body} {'Res' if inst.instrument == 'Resolution' else inst.instrument[:3]}. {inst.number}"
        year = next((t for t in inst.revision.replace(",", " ").split() if t[-2:].isdigit()), "")
        circles.append(
            f'<g class="node {role}" data-action="graph" data-query="{e(node_id(inst))}" role="button" tabindex="0" '
            f'aria-label="{e(inst.body + " " + inst.ref)}"><title>{e(inst.body + " " + inst.ref)}: {e(inst.title)}</title>'
            f'<circle cx="{x:.0f}" cy="{y:.0f}" r="{30 if n == centre else 22}"></circle>'
            f'<text x="{x:.0f}" y="{y - 2:.0f}" text-anchor="middle">{e(short)}</text>'
            f'<text x="{x:.0f}" y="{y + 11:.0f}" text-anchor="middle" class="year">{e(year)}</text></g>')
    legend = ('<div class="graph-legend"><span class="k cites">cites</span><span class="k cited-by">cited by</span>'
              '<span class="k both">both</span>' + ('<span class="k second">2 steps</span>' if second else "")
              + f'<span class="muted">{len(graph.cites(centre))} references, {unresolved} to texts not in the '
              f'index; {len(graph.cited_by(centre))} citing clauses</span></div>')
    svg = (f'<svg id="ref-graph" viewBox="0 0 {size} {size}" width="100%" style="max-width:{size}px" '
           f'xmlns="http://www.w3.org/2000/svg" role="img" aria-label="References of {e(view.instruments[centre].ref)}">'
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="34" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#6b7280"></path></marker></defs>'
           f"{lines}{''.join(circles)}</svg>")
    head = f'<h4>{e(view.instruments[centre].body)} {e(view.instruments[centre].ref)}</h4>'
    return f"<style>{GRAPH_CSS}</style><div class='ref-graph'>{head}{legend}{svg}</div>"


GRAPH_CSS = """
.ref-graph .edge{stroke:#9ca3af;stroke-width:1.2}
.ref-graph .node{cursor:pointer}.ref-graph .node:focus{outline:none}
.ref-graph .node circle{stroke:#1f2937;stroke-width:1}
.ref-graph .node:hover circle,.ref-graph .node:focus circle{stroke-width:3}
.ref-graph .node.centre circle{fill:#1d4ed8}.ref-graph .node.centre text{fill:#fff;font-weight:600}
.ref-graph .node.cites circle{fill:#bbf7d0}.ref-graph .node.cited-by circle{fill:#fed7aa}
.ref-graph .node.both circle{fill:#e9d5ff}.ref-graph .node.second circle{fill:#e5e7eb}
.ref-graph text{font:10px system-ui,sans-serif;fill:#111827;pointer-events:none}
.ref-graph text.year{font-size:9px}
.ref-graph .graph-legend{display:flex;gap:10px;flex-wrap:wrap;font-size:12px;margin:4px 0}
.ref-graph .k{padding:1px 8px;border-radius:8px;border:1px solid #9ca3af;color:#111827}
.ref-graph .k.cites{background:#bbf7d0}.ref-graph .k.cited-by{background:#fed7aa}
.ref-graph .k.both{background:#e9d5ff}.ref-graph .k.second{background:#e5e7eb}
"""


# --------------------------------------------------------------------------------------------- tab

@dataclass
class ChangesTab:
    old: gr.Dropdown
    new: gr.Dropdown
    table: gr.HTML
    graph: gr.HTML
    outputs: list  # what `open` returns, in order

    def open(self, holder: IndexHolder, clause_id: str) -> list:
        """Open on a clause's instrument: the pair to compare, the table and the picture."""
        old, new = pair_for_clause(holder, clause_id)
        choices = instrument_choices(holder)
        return [gr.Dropdown(choices=choices, value=old or None), gr.Dropdown(choices=choices, value=new or None),
                changes_html(holder, old, new, False), neighbourhood_svg(holder, new, 1), new]


def build(holder: IndexHolder) -> ChangesTab:
    choices = instrument_choices(holder)
    with gr.Row(equal_height=True):
        old = gr.Dropdown(choices, value=None, label="Older revision", elem_id="changes-old", scale=3)
        new = gr.Dropdown(choices, value=None, label="Newer revision", elem_id="changes-new", scale=3)
        changed_only = gr.Checkbox(False, label="Changed clauses only", elem_id="changes-only", scale=1)
        compare = gr.Button("Compare", variant="primary", elem_id="changes-btn", scale=1, min_width=100)
    table = gr.HTML(views.notice_html("Choose two revisions of an instrument to compare them clause by clause, "
                                      "or press “Changes” on a result."), elem_id="changes-table")
    with gr.Accordion("References: what it cites and what cites it", open=True, elem_id="graph-box"):
        depth = gr.Radio([1, 2], value=1, label="Steps", elem_id="graph-depth")
        graph = gr.HTML("", elem_id="graph", js_on_load=ACTIONS_JS)
    centre = gr.State("")
    tab = ChangesTab(old, new, table, graph, [old, new, table, graph, centre])

    def on_compare(a, b, only):
        return changes_html(holder, a or "", b or "", bool(only)), neighbourhood_svg(holder, b or a or "", 1), b or a or ""

    compare.click(on_compare, [old, new, changed_only], [table, graph, centre], api_name=False)
    changed_only.change(lambda a, b, only: changes_html(holder, a or "", b or "", bool(only)),
                        [old, new, changed_only], table, api_name=False)
    depth.change(lambda c, d: neighbourhood_svg(holder, c, d), [centre, depth], graph, api_name=False)

    def on_graph_click(d, evt: gr.EventData):
        data = getattr(evt, "_data", None) or {}
        if data.get("action") != "graph":
            return gr.skip(), gr.skip()
        key = data.get("query", "")
        return neighbourhood_svg(holder, key, d), key

    graph.click(on_graph_click, [depth], [graph, centre], api_name=False)

    def compare_api(old: str, new: str) -> str:
        """Two revisions (typed references, e.g. "PP Res 21 (Rev. Dubai, 2018)") side by side (HTML)."""
        from search.diff import InstrumentNotFound, find_instrument

        view = holder.corpus()
        if view is None:
            return holder.no_index_html()
        try:
            a, b = find_instrument(view, old), find_instrument(view, new)
        except InstrumentNotFound as exc:
            return views.notice_html(str(exc), kind="warn")
        return changes_html(holder, node_id(a), node_id(b))

    gr.api(compare_api, api_name="compare")
    return tab
