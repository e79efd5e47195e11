"""itu-search web UI (Gradio Blocks): reads the inputs, calls `search` / `index`, places the HTML that
`ui_views` renders. Start it with `python ui.py [--index DIR]` or `itu-search serve`.

Only files recorded in the index are ever read for display: the browser sends clause ids and file
names from the index listing, never a path that is opened as given.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import re
import shutil
import sys
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# isort: off
import config  # first: sets the offline environment (HF_HUB_OFFLINE, no analytics) before gradio loads
import gradio as gr
# isort: on

import ui_views as views
from ingest.records import Clause
from ui_style import ACTIONS_JS, CSS, SCROLL_JS

KINDS = ("any", "operative", "preamble", "annex", "footnote")
DEFAULT_K = 5
MAX_K = 30
DOC_MAX_BYTES = 50 * 1024 * 1024  # per uploaded document
BATCH_MAX_BYTES = 2 * 1024 * 1024  # per uploaded query file
BATCH_MAX_QUERIES = 2000
PAGE_RENDER_SCALE = 1.5  # PDF points -> pixels (108 dpi): readable, ~900 px wide for A4
DOC_SUFFIXES = (".pdf", ".docx", ".txt")
BATCH_SUFFIXES = (".txt", ".csv", ".jsonl")

# Questions that the bundled corpus (WTDC Resolution 30) answers; shown as one-click examples.
EXAMPLES = (
    "What should ITU-D do to help countries reach the Sustainable Development Goals?",
    "Res. 30 (Rev. Kigali, 2022) resolves to invite ITU-D 8",
    "Which UN General Assembly resolutions does the WSIS resolution recall?",
    "role of BDT in the WSIS action lines",
)

# Gradio's queue, chosen from bench/load.py runs (docs/reliability.md). The limit applies per event: up
# to 2 questions, 2 citation lookups and 2 context views run at once. A search costs ~0.1 s of CPU, so
# 2 cores serve ~14 a second; 50 users pausing ~10 s between searches got p95 0.2-0.35 s with the
# machine otherwise idle. One limit shared by all searches was no faster and made cheap lookups wait
# behind questions (lookup p95 0.30 s vs 0.16 s); a shared limit of 1 doubled p95. At most 64 requests
# wait (~3 s of work on 2 free cores; saturated by 50 users without pauses on a busy machine: 10.8/s,
# p95 8 s, no error): beyond that a user is told "queue full" at once instead of waiting minutes.
# Batch runs and index writes (upload/removal) have their own single-worker groups.
QUEUE_CONCURRENCY = 2
QUEUE_MAX_SIZE = 64
# Uploaded files and batch results Gradio keeps in its cache are deleted after a day (and when the server
# stops): a long conference must not fill the disk. Documents added to the index are copied out first.
CACHE_CLEANUP = (3600, 86400)  # (check every s, delete when older than s)

THEME_FONTS = ("system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif")
THEME_MONO = ("ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace")


# ================================================================ the index the app serves

class IndexHolder:
    """The index the app serves, reopened when its folder changes on disk (e.g. `itu-search ingest`
    run in a terminal while the UI is open) and after uploads/removals made in the UI."""

    def __init__(self, index_dir: Path, embedder=None) -> None:
        self.index_dir = Path(index_dir).expanduser()
        self.embedder = embedder
        self.index = None
        self.error = ""  # why there is no index (missing / damaged / incompatible)
        self.missing = True
        self._stamp: tuple | None = None
        self._corpus: CorpusView | None = None
        self._lock = threading.RLock()
        self.write_lock = threading.Lock()
        self.reload()

    @property
    def uploads_dir(self) -> Path:
        """Where uploaded documents are kept: beside the index (index builds swap the index folder)."""
        return self.index_dir.parent / f"{self.index_dir.name}-documents"

    def _disk_stamp(self) -> object:
        import index as index_pkg

        return index_pkg.version_stamp(self.index_dir)  # a folder's meta.json, or a Milvus alias's target

    def reload(self) -> None:
        import index as index_pkg
        from index.errors import IndexError_, IndexMissing

        with self._lock:
            self._stamp = self._disk_stamp()
            try:
                idx = index_pkg.open(self.index_dir, embedder=self.embedder)
            except IndexMissing as exc:
                self.index, self.error, self.missing = None, str(exc), True
            except IndexError_ as exc:
                self.index, self.error, self.missing = None, str(exc), False
            else:
                self.index, self.error, self.missing = idx, "", False
            self._corpus = None

    def current(self):
        """The index, reopened first if the folder changed since it was opened (None if there is none)."""
        if self._disk_stamp() != self._stamp:
            self.reload()
        return self.index

    def corpus(self) -> CorpusView:
        """Instruments and per-instrument clause lists of the current index (computed once per version)."""
        idx = self.current()
        with self._lock:
            if self._corpus is None:
                self._corpus = CorpusView.of(idx.clauses if idx is not None else [])
            return self._corpus


@dataclass(frozen=True)
class CorpusView:
    """Lookups over the clauses of an index, computed once per index version."""

    instruments: tuple[views.Instrument, ...]
    by_instrument: dict  # instrument key -> list[Clause] in reading order

    @classmethod
    def of(cls, clauses: Sequence[Clause]) -> CorpusView:
        by: dict = {}
        for c in clauses:
            by.setdefault(views.instrument_key(c), []).append(c)
        for cs in by.values():
            cs.sort(key=lambda c: c.ordinal)
        return cls(instruments=tuple(views.instruments_of(clauses)), by_instrument=by)

    def instrument(self, clause: Clause) -> views.Instrument | None:
        key = views.instrument_key(clause)
        return next((i for i in self.instruments if i.key == key), None)

    def bodies(self) -> list[str]:
        return sorted({i.body for i in self.instruments if i.body})


# ================================================================ handlers (plain functions)

def _filters(body: str, number: str, revision: str, kind: str):
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
        return _no_index(holder)
    if not question:
        return views.notice_html("Type a question or a citation, e.g. “Res. 30 resolves 8”.")
    k = max(1, min(int(k or DEFAULT_K), MAX_K))
    try:
        result = search.ask(idx, question, k=k, filters=_filters(body, number, revision, kind))
    except Exception as exc:  # noqa: BLE001  (the user sees the cause, never a traceback)
        return views.notice_html(f"The search failed: {exc}", kind="error")
    return views.results_html(result)


def _no_index(holder: IndexHolder) -> str:
    if holder.missing:
        return views.no_index_html(str(holder.index_dir))
    return views.notice_html(holder.error, kind="error")


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
        return ContextView(_no_index(holder), "", "", "", 0)
    clause = idx.clause_by_id((clause_id or "").strip())
    if clause is None:
        return ContextView(views.notice_html("That clause is not in the index (it may have been removed). "
                                             "Search again.", kind="warn"), "", "", "", 0)
    corpus = holder.corpus()
    clauses = corpus.by_instrument.get(views.instrument_key(clause), [clause])
    inst = corpus.instrument(clause)
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


# ---------------------------------------------------------------- batch

def run_batch(holder: IndexHolder, upload: str | None, k: int, out_dir: Path, progress=None):
    """Run a query file; returns (table rows, csv path, jsonl path, report html)."""
    import search

    idx = holder.current()
    if idx is None:
        return [], None, None, _no_index(holder)
    if not upload:
        return [], None, None, views.notice_html("Choose a .txt, .csv or .jsonl file of queries first.")
    path = Path(upload)
    if path.suffix.lower() not in BATCH_SUFFIXES:
        return [], None, None, views.notice_html(
            f"{path.name}: unsupported file type; upload a .txt (one query per line), .csv (id,query) "
            "or .jsonl ({\"id\": ..., \"query\": ...}) file.", kind="error")
    size = path.stat().st_size
    if size > BATCH_MAX_BYTES:
        return [], None, None, views.notice_html(
            f"{path.name} is {_size(size)}; the limit for a query file is {_size(BATCH_MAX_BYTES)}. "
            "Split it, or run `itu-search lookup FILE` on the command line.", kind="error")
    from search import batch

    try:
        parsed = batch.read_queries(path)
    except batch.BatchError as exc:
        return [], None, None, views.notice_html(str(exc).replace(str(path), path.name), kind="error")
    queries, bad = list(parsed.items), list(parsed.errors)
    notes = []
    if len(queries) > BATCH_MAX_QUERIES:
        notes.append(f"Only the first {BATCH_MAX_QUERIES} of {len(queries)} queries were run; use "
                     "`itu-search lookup` for larger files.")
        queries = queries[:BATCH_MAX_QUERIES]
    k = max(1, min(int(k or 10), MAX_K))
    out_dir.mkdir(parents=True, exist_ok=True)
    out_dir = Path(tempfile.mkdtemp(prefix="run-", dir=out_dir))  # one folder per run: users do not collide
    stem = re.sub(r"[^\w.-]+", "_", path.stem)[:60] or "queries"
    csv_path = out_dir / f"{stem}-lookup.csv"
    jsonl_path = out_dir / f"{stem}-lookup.jsonl"
    rows = []
    with csv_path.open("w", newline="", encoding="utf-8") as fc, jsonl_path.open("w", encoding="utf-8") as fj:
        writers = (batch.result_writer("csv", fc), batch.result_writer("jsonl", fj))
        for i, q in enumerate(queries):
            if progress is not None:
                progress((i, len(queries)), desc="searching", unit="queries")
            r = search.ask(idx, q.query, k=k)
            record = batch.result_record(q.id, r)
            for w in writers:
                w.write(record)
            top = r.hits[0] if r.hits else None
            rows.append([q.id, q.query,
                         "no answer in the corpus" if r.abstained else (top.clause.citation if top else ""),
                         round(top.score, 3) if top and not r.abstained else None])
    report = [f"<b>{len(rows)}</b> quer{'y' if len(rows) == 1 else 'ies'} run"]
    if bad:
        items = "".join(f"<li>line {views.e(b.line)}: {views.e(b.message)}</li>" for b in bad)
        report.append(f'<div class="notice notice-warn">{len(bad)} line{"s" if len(bad) != 1 else ""} '
                      f"skipped:<ul>{items}</ul></div>")
    report.extend(views.notice_html(n, kind="warn") for n in notes)
    return rows, str(csv_path), str(jsonl_path), "".join(report)


# ---------------------------------------------------------------- documents

def documents_rows(holder: IndexHolder) -> list[list]:
    idx = holder.current()
    if idx is None:
        return []
    uploads = holder.uploads_dir.resolve()
    rows = []
    for f in idx.files():
        where = "uploaded" if Path(f.resolved).parent == uploads else f.path
        rows.append([Path(f.path).name, ", ".join(f.instruments), f.clauses, _size(f.size), where])
    return rows


def _size(n: int) -> str:
    if not n:
        return ""
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{max(1, round(n / 1024))} kB"


def status_html(holder: IndexHolder) -> str:
    idx = holder.current()
    if idx is None:
        return _no_index(holder)
    m = idx.meta
    return views.status_html(index_dir=str(holder.index_dir), model=m.model, backend=m.backend,
                             built_at=m.built_at, instruments=len(holder.corpus().instruments),
                             clauses=len(idx.clauses), files=len(m.files), failed=len(m.failed))


def details_html(holder: IndexHolder) -> str:
    idx = holder.current()
    if idx is None:
        return _no_index(holder)
    m = idx.meta
    return views.index_details_html(index_dir=str(holder.index_dir), model=m.model, backend=m.backend,
                                    built_at=m.built_at, parser_version=str(m.parser_version),
                                    instruments=len(holder.corpus().instruments), clauses=len(idx.clauses),
                                    files=len(m.files), failed=[(f.path, f.error) for f in m.failed])


def _safe_name(name: str) -> str:
    stem, suffix = os.path.splitext(Path(name).name)
    stem = re.sub(r"[^\w.-]+", "_", stem).strip("._") or "document"
    return stem[:100] + suffix.lower()


def add_documents(holder: IndexHolder, uploads: Sequence[str] | None, progress=None) -> str:
    """Copy uploaded files beside the index and ingest them; per-file errors are listed, not fatal."""
    import index as index_pkg
    from index.errors import IndexError_

    paths = [Path(p) for p in (uploads or [])]
    if not paths:
        return views.notice_html("Choose one or more PDF, DOCX or TXT files first.")
    problems: list[tuple[str, str]] = []
    kept: list[Path] = []
    holder.uploads_dir.mkdir(parents=True, exist_ok=True)
    for p in paths:
        name = _original_name(p)
        if p.suffix.lower() not in DOC_SUFFIXES:
            problems.append((name, f"unsupported file type {p.suffix or '(none)'}: upload .pdf, .docx or .txt"))
            continue
        size = p.stat().st_size
        if size > DOC_MAX_BYTES:
            problems.append((name, f"{_size(size)} is over the {_size(DOC_MAX_BYTES)} upload limit; "
                                   "ingest it with `itu-search ingest FILE` instead"))
            continue
        dest = holder.uploads_dir / _safe_name(name)
        if dest.exists() and not _same_file(dest, p):
            stem, suffix = dest.stem, dest.suffix
            n = 2
            while (holder.uploads_dir / f"{stem}-{n}{suffix}").exists():
                n += 1
            dest = holder.uploads_dir / f"{stem}-{n}{suffix}"
        shutil.copyfile(p, dest)
        kept.append(dest)
    report = None
    if kept:
        if progress is not None:
            progress(0, desc="reading and indexing")
        try:
            with holder.write_lock:
                report = index_pkg.build([str(p) for p in kept], holder.index_dir, embedder=holder.embedder,
                                         progress=True)
        except IndexError_ as exc:
            return views.notice_html(str(exc), kind="error")
        finally:
            holder.reload()
        for path, reason in report.failed:
            problems.append((Path(path).name, reason))
            failed = holder.uploads_dir / Path(path).name
            if failed.is_file() and failed in kept:
                failed.unlink()  # keep only documents that are in the index
    return _ingest_report_html(report, problems)


def _original_name(p: Path) -> str:
    return p.name


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def _ingest_report_html(report, problems: list[tuple[str, str]]) -> str:
    parts = []
    if report is not None:
        done = [(Path(p).name, "added") for p in report.added] + [(Path(p).name, "updated") for p in report.updated] \
            + [(Path(p).name, "already in the index") for p in report.unchanged]
        if done:
            items = "".join(f"<li><b>{views.e(n)}</b>: {views.e(what)}</li>" for n, what in done)
            parts.append(f'<div class="notice notice-ok">{len(done)} document{"s" if len(done) != 1 else ""} '
                         f"in the index ({report.clauses_total} clauses in total):<ul>{items}</ul></div>")
    if problems:
        items = "".join(f"<li><b>{views.e(n)}</b>: {views.e(why)}</li>" for n, why in problems)
        parts.append(f'<div class="notice notice-error">{len(problems)} file{"s" if len(problems) != 1 else ""} '
                     f"not added:<ul>{items}</ul></div>")
    return "".join(parts) or views.notice_html("Nothing to add.")


def remove_document(holder: IndexHolder, name: str) -> str:
    """Remove one indexed file (chosen by its name in the index listing)."""
    idx = holder.current()
    if idx is None:
        return _no_index(holder)
    entry = next((f for f in idx.files() if Path(f.path).name == name or f.path == name), None)
    if entry is None:
        return views.notice_html(f"{name or 'Nothing'} is not in the index: pick a document from the list.",
                                 kind="warn")
    import index as index_pkg
    from index.errors import IndexError_

    try:
        with holder.write_lock:
            report = index_pkg.remove([entry.path], holder.index_dir)
    except IndexError_ as exc:
        return views.notice_html(str(exc), kind="error")
    finally:
        holder.reload()
    if not report.pruned:
        reason = report.failed[0][1] if report.failed else "not removed"
        return views.notice_html(f"{Path(entry.path).name}: {reason}", kind="warn")
    removed = entry.clauses
    own = Path(entry.resolved)
    if own.parent == holder.uploads_dir.resolve() and own.is_file():
        own.unlink()  # an uploaded copy; files the user ingested from their own folders are left alone
    return views.notice_html(f"Removed {Path(entry.path).name} ({removed} clauses) from the index.", kind="ok")


# ================================================================ layout

def build_app(index_dir: str | os.PathLike | None = None, embedder=None) -> gr.Blocks:
    """The web UI over the index at `index_dir` (default: $ITU_SEARCH_INDEX or ./itu-index)."""
    settings = config.Settings.from_env(index_dir)
    holder = IndexHolder(settings.index_dir, embedder)
    out_dir = Path(tempfile.mkdtemp(prefix="itu-search-batch-"))

    with gr.Blocks(title="ITU Search", analytics_enabled=False, delete_cache=CACHE_CLEANUP) as demo:
        demo.holder = holder  # for tests and scripts
        gr.HTML('<div id="app-header"><h1>ITU Search</h1><span class="tagline">Resolutions, clause by clause, '
                "with exact citations</span></div>", js_on_load=None)
        status = gr.HTML(status_html(holder), elem_id="status", js_on_load=None)

        with gr.Tabs(selected="ask") as tabs:
            # ---------------------------------------------------------------- Ask
            with gr.Tab("Ask", id="ask"):
                with gr.Row(equal_height=True):
                    question = gr.Textbox(label="Question or citation", show_label=False, scale=8, autofocus=True,
                                          placeholder="Ask a question, or type a citation such as "
                                                      "“Res. 30 (Rev. Kigali, 2022) resolves 8”",
                                          elem_id="question", max_length=1000, container=False)
                    ask_btn = gr.Button("Search", variant="primary", scale=1, min_width=110, elem_id="ask-btn")
                examples = gr.HTML(views.examples_html(EXAMPLES), elem_id="examples", js_on_load=ACTIONS_JS)
                with gr.Accordion("Filters and number of results", open=False, elem_id="filters"), gr.Row():
                        body = gr.Dropdown(["any", *holder.corpus().bodies()], value="any", label="Body",
                                           allow_custom_value=True, min_width=120)
                        number = gr.Textbox(label="Instrument number", placeholder="e.g. 30", min_width=120)
                        revision = gr.Textbox(label="Revision or year", placeholder="e.g. 2022, Kigali, WRC-23",
                                              min_width=160)
                        kind = gr.Radio(list(KINDS), value="any", label="Part", min_width=260)
                        k = gr.Slider(1, MAX_K, value=DEFAULT_K, step=1, label="Results", min_width=160)
                results = gr.HTML("" if holder.index is not None else _no_index(holder), elem_id="results",
                                  js_on_load=ACTIONS_JS)

            # ---------------------------------------------------------------- Context
            with gr.Tab("Context", id="context"):
                ctx_head = gr.HTML(views.notice_html("Open a result “in context” to read it within its instrument."),
                                   elem_id="ctx-head", js_on_load=ACTIONS_JS)
                with gr.Row():
                    with gr.Column(scale=3):
                        ctx_doc = gr.HTML("", elem_id="doc-scroll", max_height="calc(100vh - 120px)",
                                          js_on_load=SCROLL_JS)
                    with gr.Column(scale=2):
                        ctx_related = gr.HTML("", elem_id="related", js_on_load=ACTIONS_JS)
                        page_caption = gr.Markdown("", elem_id="page-caption")
                        with gr.Row(visible=False) as page_nav:
                            prev_btn = gr.Button("◀ Previous page", size="sm")
                            next_btn = gr.Button("Next page ▶", size="sm")
                        page_img = gr.Image(type="pil", format="png", show_label=False, interactive=False,
                                            buttons=["fullscreen", "download"], elem_id="page-image", visible=False)
                ctx_clause = gr.State("")
                ctx_page = gr.State(0)

            # ---------------------------------------------------------------- Batch
            with gr.Tab("Batch", id="batch"):
                gr.Markdown("Upload a query file: **.txt** (one query per line), **.csv** (`id,query`) or "
                            "**.jsonl** (`{\"id\": ..., \"query\": ...}`), at most "
                            f"{BATCH_MAX_BYTES // 2**20} MB. Each query gets its top citations; download the "
                            "results as CSV or JSONL (the `itu-search lookup` format).")
                with gr.Row():
                    batch_file = gr.File(label="Query file", file_types=list(BATCH_SUFFIXES), elem_id="batch-file",
                                         scale=3)
                    with gr.Column(scale=1):
                        batch_k = gr.Slider(1, MAX_K, value=10, step=1, label="Citations per query")
                        batch_btn = gr.Button("Run batch", variant="primary", elem_id="batch-btn")
                batch_report = gr.HTML("", elem_id="batch-report", js_on_load=None)
                batch_table = gr.Dataframe(headers=["id", "query", "top citation", "score"], interactive=False,
                                           wrap=True, elem_id="batch-table", column_widths=["8%", "37%", "45%", "10%"])
                with gr.Row():
                    batch_csv = gr.File(label="CSV", interactive=False, elem_id="batch-csv")
                    batch_jsonl = gr.File(label="JSONL", interactive=False, elem_id="batch-jsonl")

            # ---------------------------------------------------------------- Documents
            with gr.Tab("Documents", id="documents"):
                docs_status = gr.HTML(details_html(holder), elem_id="docs-status", js_on_load=None)
                gr.Markdown("#### Indexed documents")
                docs_table = gr.Dataframe(documents_rows(holder), headers=["file", "instruments", "clauses", "size", "source"],
                                          interactive=False, wrap=True, elem_id="docs-table",
                                          column_widths=["22%", "48%", "8%", "8%", "14%"])
                with gr.Row():
                    with gr.Column(scale=3):
                        doc_files = gr.File(label=f"Add documents (PDF, DOCX or TXT, up to {DOC_MAX_BYTES // 2**20} MB each)",
                                            file_count="multiple", file_types=list(DOC_SUFFIXES), elem_id="doc-files")
                        add_btn = gr.Button("Add to index", variant="primary", elem_id="add-btn")
                    with gr.Column(scale=2):
                        remove_choice = gr.Dropdown(_doc_choices(holder), label="Remove a document", elem_id="remove-choice")
                        remove_btn = gr.Button("Remove from index", variant="stop", elem_id="remove-btn")
                docs_report = gr.HTML("", elem_id="docs-report", js_on_load=None)

        # ================================================================ events
        ask_inputs = [question, k, body, number, revision, kind]

        def on_ask(q, k_, body_, number_, revision_, kind_):
            return ask_html(holder, q, k_, body_, number_, revision_, kind_)

        question.submit(on_ask, ask_inputs, results, api_name="ask")
        ask_btn.click(on_ask, ask_inputs, results, api_name=False)

        def lookup(citation: str, k: int = DEFAULT_K) -> str:
            """Look up a citation such as "Res. 30 (Rev. Kigali, 2022) resolves 8"; returns the result HTML."""
            return ask_html(holder, citation, k)

        gr.api(lookup, api_name="lookup")

        page_outputs = [page_img, page_caption, page_nav, ctx_page]
        ctx_outputs = [ctx_head, ctx_doc, ctx_related, ctx_clause, *page_outputs]

        def show_page(clause_id: str, page: int):
            image, caption, shown = page_image(holder, clause_id, page)
            return gr.Image(value=image, visible=image is not None), caption, gr.Row(visible=image is not None), shown

        def open_context(clause_id: str, query: str = ""):
            view = context_view(holder, clause_id, query)
            return view.head, view.doc, view.related, view.page_clause, *show_page(view.page_clause, view.page)

        def context(clause_id: str) -> str:
            """The instrument of a clause with that clause in place (HTML)."""
            view = context_view(holder, clause_id)
            return view.head + view.doc + view.related

        gr.api(context, api_name="context")

        def on_action(q, k_, body_, number_, revision_, kind_, evt: gr.EventData):
            data = getattr(evt, "_data", None) or {}
            action = data.get("action")
            skip = [gr.skip()] * len(ctx_outputs)
            if action == "open":
                return [gr.Tabs(selected="context"), gr.skip(), gr.skip(), *open_context(data.get("clause_id", ""), q)]
            if action == "back":
                return [gr.Tabs(selected="ask"), gr.skip(), gr.skip(), *skip]
            if action == "search":
                text = data.get("query", "")
                return [gr.Tabs(selected="ask"), text, ask_html(holder, text, k_), *skip]
            return [gr.skip(), gr.skip(), gr.skip(), *skip]

        for comp in (results, examples, ctx_head, ctx_related):
            comp.click(on_action, ask_inputs, [tabs, question, results, *ctx_outputs], api_name=False)

        prev_btn.click(lambda c, p: show_page(c, int(p or 1) - 1), [ctx_clause, ctx_page], page_outputs,
                       api_name=False)
        next_btn.click(lambda c, p: show_page(c, int(p or 1) + 1), [ctx_clause, ctx_page], page_outputs,
                       api_name=False)

        def on_batch(upload, k_, progress=gr.Progress()):  # noqa: B008  (gradio injects progress this way)
            rows, csv_path, jsonl_path, report = run_batch(holder, upload, k_, out_dir, progress)
            return rows, csv_path, jsonl_path, report

        batch_btn.click(on_batch, [batch_file, batch_k], [batch_table, batch_csv, batch_jsonl, batch_report],
                        api_name="batch", concurrency_limit=1, concurrency_id="batch")

        index_views = [status, docs_status, docs_table, remove_choice, body, results]

        def index_state(shown_results: str = ""):
            """Everything that shows the index, after it changed (or on page load)."""
            if holder.current() is None:
                results_value = _no_index(holder)
            elif "no-index" in (shown_results or "") or "notice-error" in (shown_results or ""):
                results_value = ""  # the index exists now: drop the stale message
            else:
                results_value = gr.skip()
            return (status_html(holder), details_html(holder), documents_rows(holder),
                    gr.Dropdown(choices=_doc_choices(holder), value=None),
                    gr.Dropdown(choices=["any", *holder.corpus().bodies()]), results_value)

        def on_add(files, shown, progress=gr.Progress(track_tqdm=True)):  # noqa: B008
            report = add_documents(holder, files, progress)
            return report, None, *index_state(shown)

        def on_remove(name, shown):
            return remove_document(holder, name), *index_state(shown)

        add_btn.click(on_add, [doc_files, results], [docs_report, doc_files, *index_views], api_name="add_documents",
                      concurrency_limit=1, concurrency_id="index-write")
        remove_btn.click(on_remove, [remove_choice, results], [docs_report, *index_views], api_name="remove_document",
                         concurrency_limit=1, concurrency_id="index-write")
        demo.load(index_state, results, index_views, api_name=False)

    demo.queue(default_concurrency_limit=QUEUE_CONCURRENCY, max_size=QUEUE_MAX_SIZE)
    return demo


def _doc_choices(holder: IndexHolder) -> list[str]:
    idx = holder.current()
    return [Path(f.path).name for f in idx.files()] if idx is not None else []


def theme() -> gr.themes.Base:
    """System fonts only: nothing is fetched from the network (no web fonts)."""
    return gr.themes.Default(primary_hue="blue", neutral_hue="slate", font=list(THEME_FONTS),
                             font_mono=list(THEME_MONO), radius_size="md")


def launch(demo: gr.Blocks, *, host: str = "127.0.0.1", port: int | None = 7860, block: bool = True,
           quiet: bool = False):
    """Start the server (localhost by default, no share link, no analytics, no SSR node server)."""
    return demo.launch(
        server_name=host, server_port=port, share=False, inbrowser=False, prevent_thread_lock=not block,
        quiet=quiet, show_error=True, theme=theme(), css=CSS, footer_links=[], ssr_mode=False, pwa=False,
        mcp_server=False, enable_monitoring=False, max_file_size=DOC_MAX_BYTES + 1024 * 1024,
        allowed_paths=[], run_history=False,
    )


def warm_up(demo: gr.Blocks) -> None:
    """Load the query embedder in the background so the first search does not wait for it."""
    holder: IndexHolder = demo.holder

    def work():
        idx = holder.current()
        if idx is not None:
            with contextlib.suppress(Exception):  # a real search reports the problem
                idx.embed(["warm up"])

    threading.Thread(target=work, name="itu-search-warm-up", daemon=True).start()


def serve(index_dir: str | None = None, host: str = "127.0.0.1", port: int = 7860) -> None:
    demo = build_app(index_dir)
    holder: IndexHolder = demo.holder
    if holder.index is None:
        print(f"itu-search: {holder.error}", file=sys.stderr)
    print(f"itu-search: serving {holder.index_dir} on http://{host}:{port}", file=sys.stderr)
    warm_up(demo)
    launch(demo, host=host, port=port, block=True, quiet=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="ui.py", description="Start the itu-search web UI")
    p.add_argument("--index", metavar="DIR", default=None)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7860)
    args = p.parse_args(argv)
    try:
        serve(args.index, args.host, args.port)
    except OSError as exc:
        print(f"itu-search: cannot start the web UI on {args.host}:{args.port}: {exc}; "
              "pass another --port", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
