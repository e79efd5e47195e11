"""The Context tab: a clause within its whole instrument, related instruments, and the PDF page it is on.

Only files recorded in the index are ever read for display: the browser sends clause ids, never a path.
"""

from __future__ import annotations

import base64
import functools
import html
import io
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import gradio as gr

from ingest.records import Clause
from search.clause_links import CitedPart, cited_by, references_of, related_of
from search.corpus import CorpusView

from . import views
from .state import IndexHolder
from .style import ACTIONS_JS, CONTEXT_HEAD_JS, PAGE_JS, SCROLL_JS

PAGE_RENDER_SCALE = 2.0  # PDF points -> pixels (144 dpi): ~1190 px wide for A4, sharp when zoomed in


@dataclass(frozen=True)
class ContextView:
    head: str
    doc: str
    related: str
    page_clause: str  # clause id whose file the page image belongs to
    page: int
    refs: str = ""  # what the clause cites and what cites it (links)


def _part_text(part: CitedPart | None) -> str:
    return f"{part.words} {part.label}".strip() if part is not None else ""


def _ref_views(corpus: CorpusView, row: int) -> list[views.RefLinkView]:
    out = []
    for link in references_of(corpus, row):
        target = corpus.clauses[link.target_row] if link.target_row is not None else None
        other = corpus.instruments[link.other_revision].ref if link.other_revision is not None else ""
        out.append(views.RefLinkView(link.ref.start, link.ref.end, link.ref.label,
                                     target.id if target else "", target.citation if target else "",
                                     link.names_part, other, _part_text(link.part)))
    return out


def _citing_views(corpus: CorpusView, row: int) -> list[views.CitingView]:
    here = int(corpus.canonical_row[row])
    out = []
    for link in cited_by(corpus, row):
        c = corpus.clauses[link.row]
        names = link.names_part and link.target_row is not None and int(corpus.canonical_row[link.target_row]) == here
        out.append(views.CitingView(c.id, c.citation, c.text, names))
    return out


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
    related = None
    if inst is not None:
        revisions, cited = related_of(corpus, int(corpus.instrument_of_row[inst.rows[0]]))
        related = views.Related(tuple(corpus.instruments[i] for i in revisions),
                                tuple(corpus.instruments[i] for i in cited))
    rows = list(inst.rows) if inst is not None else [r for r in [idx.row_of(clause.id)] if r is not None]
    row = idx.row_of(clause.id)
    links = {corpus.clauses[r].id: _ref_views(corpus, r) for r in rows}
    refs = (views.clause_refs_html(links.get(clause.id, []), _citing_views(corpus, row),
                                   instrument=clause.instrument_ref) if row is not None else "")
    clause_url = "?" + urlencode({"clause": clause.id})
    inst_url = "?" + urlencode({"instrument": inst.label}) if inst is not None else ""
    permalinks = (f'<a class="permalink" href="{views.e(clause_url)}">Link to this clause</a>'
             + (f'<a class="permalink" href="{views.e(inst_url)}">Link to this instrument</a>' if inst_url else ""))
    head = (f'<div class="ctx-head" data-url="{views.e(clause_url)}">{views.citation_line_html(clause)}'
            f'<div class="ctx-actions"><button type="button" class="btn" data-action="back">← Back</button>'
            f'{views.copy_button(clause.citation)}{views.quote_button(clause)}{views.collect_button(clause)}'
            f'{permalinks}<code class="citation-text">{views.e(clause.citation)}</code></div></div>')
    return ContextView(head=head,
                       doc=views.context_html(clauses, target_id=clause.id, terms=views.query_terms(query), refs=links),
                       related=views.related_html(related) if related else "",
                       page_clause=clause.id, page=clause.page, refs=refs)


def instrument_clause(holder: IndexHolder, label: str) -> str:
    """The first clause of the instrument a link names ("WTDC Resolution 30 (Rev. Kigali, 2022)"), "" if none."""
    corpus = holder.corpus()
    if corpus is None:
        return ""
    want = " ".join((label or "").split()).casefold()
    for inst in corpus.instruments:
        if want in (inst.label.casefold(), inst.ref.casefold()):
            return corpus.clauses[inst.rows[0]].id
    return ""


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
def _render_page(path: str, mtime_ns: int, page: int) -> tuple[str, int, int, float, float]:
    """(PNG as a data URL, page shown, pages in the file, page width and height in points)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        n = len(pdf)
        page = max(1, min(page, n))
        pg = pdf[page - 1]
        width, height = pg.get_size()
        image = pg.render(scale=PAGE_RENDER_SCALE).to_pil()
        buf = io.BytesIO()
        image.save(buf, format="PNG", optimize=False)
        return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii"), page, n, width, height
    finally:
        pdf.close()


@dataclass(frozen=True)
class PageView:
    html: str
    page: int  # page shown (0: none)
    image: bool  # a page image is shown
    highlighted: bool  # the clause's region is marked on it


def _box_style(bbox: tuple[float, float, float, float], width: float, height: float) -> str:
    left, bottom, right, top = bbox
    pad = 3.0  # points around the estimated line boxes
    x0, x1 = max(0.0, left - pad), min(width, right + pad)
    y0, y1 = max(0.0, height - top - pad), min(height, height - bottom + pad)
    return (f"left:{100 * x0 / width:.2f}%;top:{100 * y0 / height:.2f}%;"
            f"width:{100 * (x1 - x0) / width:.2f}%;height:{100 * (y1 - y0) / height:.2f}%")


def page_view(holder: IndexHolder, clause_id: str, page: int) -> PageView:
    """The page panel of the context view: the PDF page a clause is on (or another page of that file), the
    clause's region highlighted, zoom and page buttons; for DOCX/TXT sources a plain note instead."""
    idx = holder.current()
    clause = idx.clause_by_id(clause_id) if idx is not None and clause_id else None
    if clause is None:
        return PageView("", 0, False, False)
    path = source_file(holder, clause)
    name = Path(clause.file).name
    if path is None:
        return PageView(views.notice_html(f"The source file {name} is no longer on disk, so its pages cannot be "
                                          "shown.", kind="warn"), 0, False, False)
    suffix = path.suffix.lower()
    if suffix != ".pdf":
        kind = {".docx": "a Word (.docx)", ".txt": "a plain text (.txt)"}.get(suffix, f"a {suffix}")
        return PageView(views.notice_html(f"{name} is {kind} file: it has no printed pages, so only its text is "
                                          "shown (left)."), 0, False, False)
    try:
        url, shown, total, width, height = _render_page(str(path), path.stat().st_mtime_ns, int(page or clause.page))
    except Exception as exc:  # noqa: BLE001
        return PageView(views.notice_html(f"Page {page} of {name} could not be rendered: {exc}", kind="error"),
                        0, False, False)
    on_page = clause.page <= shown <= clause.last_page
    start = shown == clause.page
    region = clause.box_on(shown)
    mark = region is not None
    box = (f'<div class="clause-box" data-page="{shown}" style="{_box_style(region, width, height)}" '
           f'title="{views.e(clause.citation)}"></div>' if region is not None else "")
    goes_on = f", and goes on to page {clause.last_page}" if start and clause.continued else ""
    where = (f"the highlighted region is the clause{goes_on}" if mark and start else
             f"the highlighted region is the clause, continued from PDF page {clause.page}" if mark else
             "the clause is on this page" if on_page else f"the clause is on PDF page {clause.page}")
    alt = f"Page {shown} of {name}; {where}: {views.shorten(clause.text, 160)}" if on_page else \
        f"Page {shown} of {name}; {where}."
    printed = f" · printed p. {clause.printed_page}" if clause.printed_page and start else ""
    follows = (f" · the clause goes on to page {clause.last_page}" if start and clause.continued else
               f" · the clause continued from page {clause.page}" if mark and not start else "")
    note = "" if mark or not start else " · (position not recorded: re-ingest with --rebuild to highlight it)"

    def nav(label: str, target: int, enabled: bool, text: str) -> str:
        disabled = "" if enabled else " disabled"
        return (f'<button type="button" class="btn" data-action="page" data-page="{target}" '
                f'aria-label="{label}"{disabled}>{text}</button>')

    html = (f'<figure class="page-view" data-page="{shown}">'
            f'<div class="page-toolbar" role="toolbar" aria-label="Page image">'
            f'{nav("Previous page", shown - 1, shown > 1, "◀ Previous")}'
            f'{nav("Next page", shown + 1, shown < total, "Next ▶")}'
            f'{nav("Back to the clause page", clause.page, not start, "Clause page")}'
            f'<span class="zoom"><button type="button" class="btn" data-zoom="-1" aria-label="Zoom out">−</button>'
            f'<span class="zoom-level" aria-live="polite">100%</span>'
            f'<button type="button" class="btn" data-zoom="1" aria-label="Zoom in">+</button></span></div>'
            f'<div class="page-scroll" tabindex="0" role="region" aria-label="Page image, scrollable when zoomed">'
            f'<div class="page-wrap">'
            f'<img class="page-img" src="{url}" alt="{views.e(alt)}">{box}</div></div>'
            f'<figcaption id="page-caption">{views.e(name)} · PDF page {shown} of {total}{views.e(printed)}'
            f'{views.e(follows)}{views.e(note)}</figcaption></figure>')
    return PageView(html, shown, True, mark)


def page_image(holder: IndexHolder, clause_id: str, page: int):
    """(data URL or None, caption, page shown) of a page of the PDF a clause comes from (for scripts/tests)."""
    view = page_view(holder, clause_id, page)
    if not view.image:
        return None, re.sub(r"<[^>]+>", "", view.html), view.page
    m = re.search(r'id="page-caption">([^<]*)<', view.html)
    src = re.search(r'src="([^"]+)"', view.html)
    return src.group(1) if src else None, html.unescape(m.group(1)) if m else "", view.page


@dataclass
class ContextTab:
    head: gr.HTML
    doc: gr.HTML
    related: gr.HTML
    refs: gr.HTML
    page: gr.HTML
    clause: gr.State
    page_no: gr.State

    @property
    def outputs(self) -> list:
        """What `open` and `turn_page` return, in order."""
        return [self.head, self.doc, self.related, self.refs, self.clause, self.page, self.page_no]

    def open(self, holder: IndexHolder, clause_id: str, query: str = "") -> list:
        view = context_view(holder, clause_id, query)
        page = page_view(holder, view.page_clause, view.page)
        return [view.head, view.doc, view.related, view.refs, view.page_clause, page.html, page.page]

    def turn_page(self, holder: IndexHolder, clause_id: str, page: int) -> list:
        """Another page of the clause's file; the rest of the view stays."""
        view = page_view(holder, clause_id, page)
        return [gr.skip()] * 5 + [view.html, view.page]


def build(holder: IndexHolder) -> ContextTab:
    head = gr.HTML(views.notice_html("Open a result “in context” to read it within its instrument."),
                   elem_id="ctx-head", js_on_load=CONTEXT_HEAD_JS)
    refs = gr.HTML("", elem_id="ctx-refs", js_on_load=ACTIONS_JS)
    with gr.Row():
        with gr.Column(scale=1):
            doc = gr.HTML("", elem_id="doc-scroll", max_height="calc(100vh - 120px)", js_on_load=SCROLL_JS)
            related = gr.HTML("", elem_id="related", js_on_load=ACTIONS_JS)
        with gr.Column(scale=1):
            page = gr.HTML("", elem_id="page-panel", js_on_load=PAGE_JS)
    tab = ContextTab(head, doc, related, refs, page, gr.State(""), gr.State(0))

    def context(clause_id: str) -> str:
        """The instrument of a clause with that clause in place, what it cites and what cites it (HTML)."""
        view = context_view(holder, clause_id)
        return view.head + view.refs + view.doc + view.related

    gr.api(context, api_name="context")
    return tab
