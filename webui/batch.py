"""The Batch tab: a file of queries in, their top citations as a table and as CSV/JSONL files out
(search.batch reads the file and writes the results, as `itu-search lookup` does)."""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
import weakref
from dataclasses import dataclass
from pathlib import Path

import gradio as gr

from index.uploads import size_text
from search.batch import QUERY_FILE_SUFFIXES, spreadsheet_safe
from search.limits import MAX_K

from . import views
from .state import IndexHolder

BATCH_MAX_BYTES = 2 * 1024 * 1024  # per uploaded query file
BATCH_MAX_QUERIES = 2000
DEFAULT_K = 10


def run_batch(holder: IndexHolder, upload: str | None, k: int, out_dir: Path, progress=None):
    """Run a query file; returns (table rows, csv path, jsonl path, report html)."""
    from search import batch

    idx = holder.current()
    if idx is None:
        return [], None, None, holder.no_index_html()
    if not upload:
        return [], None, None, views.notice_html("Choose a .txt, .csv or .jsonl file of queries first.")
    path = Path(upload)
    if path.suffix.lower() not in QUERY_FILE_SUFFIXES:
        return [], None, None, views.notice_html(
            f"{path.name}: unsupported file type; upload a .txt (one query per line), .csv (id,query) "
            "or .jsonl ({\"id\": ..., \"query\": ...}) file.", kind="error")
    size = path.stat().st_size
    if size > BATCH_MAX_BYTES:
        return [], None, None, views.notice_html(
            f"{path.name} is {size_text(size)}; the limit for a query file is {size_text(BATCH_MAX_BYTES)}. "
            "Split it, or run `itu-search lookup FILE` on the command line.", kind="error")
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
    k = max(1, min(int(k or DEFAULT_K), MAX_K))

    def step(i: int) -> None:
        if progress is not None:
            progress((i, len(queries)), desc="searching", unit="queries")

    done = batch.run_to_files(idx, queries, out_dir, path.stem, k=k, settings=holder.search_settings,
                              source=shown_source(holder),
                              progress=step)
    rows = []
    for q, r in done.results:
        top = r.hits[0] if r.hits else None
        rows.append([spreadsheet_safe(q.id), spreadsheet_safe(q.query),  # the copy button feeds spreadsheets
                     "no answer in the corpus" if r.abstained else (top.clause.citation if top else ""),
                     round(top.score, 3) if top and not r.abstained else None])
    report = [f"<b>{len(rows)}</b> quer{'y' if len(rows) == 1 else 'ies'} run"]
    if bad:
        items = "".join(f"<li>line {views.e(b.line)}: {views.e(b.message)}</li>" for b in bad)
        report.append(f'<div class="notice notice-warn">{len(bad)} line{"s" if len(bad) != 1 else ""} '
                      f"skipped:<ul>{items}</ul></div>")
    report.extend(views.notice_html(n, kind="warn") for n in notes)
    return rows, str(done.files["csv"]), str(done.files["jsonl"]), "".join(report)


def shown_source(holder: IndexHolder):
    """Names of indexed files for exports: relative to the folder they were indexed from (the uploads folder,
    or the server's working folder), never a full server path."""
    roots = [holder.uploads_dir.resolve(), Path.cwd().resolve()]

    def name(file: str) -> str:
        p = Path(file)
        if not p.is_absolute():
            return file
        for root in roots:
            if p.is_relative_to(root):
                return p.relative_to(root).as_posix()
        return p.name

    return name


class ResultsFolder:
    """Where one app writes its batch results: created on the first run, run folders older than `max_age`
    seconds deleted on later runs, the whole folder deleted when the app is garbage-collected or the
    process exits (Gradio copies each result into its own cache before it is offered for download)."""

    def __init__(self, max_age: float) -> None:
        self.max_age = max_age
        self._path: Path | None = None
        self._lock = threading.Lock()

    def get(self) -> Path:
        with self._lock:
            if self._path is None or not self._path.is_dir():
                self._path = Path(tempfile.mkdtemp(prefix="itu-search-batch-"))
                weakref.finalize(self, shutil.rmtree, self._path, True)
            cutoff = time.time() - self.max_age
            for run in self._path.iterdir():
                if run.stat().st_mtime < cutoff:
                    shutil.rmtree(run, ignore_errors=True)
            return self._path

    def clear(self) -> None:
        """Delete every result now (the server is stopping)."""
        with self._lock:
            if self._path is not None:
                shutil.rmtree(self._path, ignore_errors=True)
                self._path = None


@dataclass
class BatchTab:
    results_folder: ResultsFolder


def build(holder: IndexHolder, results_folder: ResultsFolder) -> BatchTab:
    gr.Markdown("Upload a query file: **.txt** (one query per line), **.csv** (`id,query`) or "
                "**.jsonl** (`{\"id\": ..., \"query\": ...}`), at most "
                f"{BATCH_MAX_BYTES // 2**20} MB. Each query gets its top citations; download the "
                "results as CSV or JSONL (the `itu-search lookup` format).")
    with gr.Row():
        batch_file = gr.File(label="Query file", file_types=list(QUERY_FILE_SUFFIXES), elem_id="batch-file", scale=3)
        with gr.Column(scale=1):
            batch_k = gr.Slider(1, MAX_K, value=DEFAULT_K, step=1, label="Citations per query")
            batch_btn = gr.Button("Run batch", variant="primary", elem_id="batch-btn")
    batch_report = gr.HTML("", elem_id="batch-report", js_on_load=None)
    batch_table = gr.Dataframe(headers=["id", "query", "top citation", "score"], interactive=False,
                               wrap=True, elem_id="batch-table", column_widths=["8%", "37%", "45%", "10%"])
    with gr.Row():
        batch_csv = gr.File(label="CSV", interactive=False, elem_id="batch-csv")
        batch_jsonl = gr.File(label="JSONL", interactive=False, elem_id="batch-jsonl")
    tab = BatchTab(results_folder)

    def on_batch(upload, k_, progress=gr.Progress()):  # noqa: B008  (gradio injects progress this way)
        return run_batch(holder, upload, k_, tab.results_folder.get(), progress)

    batch_btn.click(on_batch, [batch_file, batch_k], [batch_table, batch_csv, batch_jsonl, batch_report],
                    api_name="batch", concurrency_limit=1, concurrency_id="batch")
    return tab
