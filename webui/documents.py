"""The Documents tab: what the index holds, adding uploaded documents and removing indexed ones
(index.uploads decides what an upload may be and where its copy is kept)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import gradio as gr

from index import uploads
from ingest.errors import SUPPORTED_SUFFIXES
from search.batch import spreadsheet_safe
from search.corpus import view_of

from . import views
from .state import IndexHolder

DOC_MAX_BYTES = uploads.MAX_UPLOAD_BYTES  # per uploaded document


def documents_rows(holder: IndexHolder) -> list[tuple[str, list[str], int, str, str]]:
    idx = holder.current()
    if idx is None:
        return []
    own = holder.uploads_dir.resolve()
    rows = []
    for f in idx.files():
        where = "uploaded" if Path(f.resolved).parent == own else f.path
        rows.append((spreadsheet_safe(Path(f.path).name), list(f.instruments), f.clauses,  # copied into sheets
                     uploads.size_text(f.size), spreadsheet_safe(where)))
    return rows


def _facts(holder: IndexHolder) -> views.IndexFacts | None:
    idx = holder.current()
    if idx is None:
        return None
    m = idx.meta
    return views.IndexFacts(index_dir=str(holder.index_dir), model=m.model, backend=m.backend, built_at=m.built_at,
                            parser_version=str(m.parser_version), instruments=view_of(idx).instruments,
                            clauses=len(idx.clauses), files=len(m.files), failed=[(f.path, f.error) for f in m.failed])


def status_html(holder: IndexHolder) -> str:
    facts = _facts(holder)
    return holder.no_index_html() if facts is None else views.status_html(facts)


def details_html(holder: IndexHolder) -> str:
    facts = _facts(holder)
    return holder.no_index_html() if facts is None else views.index_details_html(facts)


def add_documents(holder: IndexHolder, files: Sequence[str] | None, progress=None) -> str:
    """Add uploaded files to the index; per-file errors and duplicates are listed, not fatal."""
    from index.errors import IndexError_

    paths = [Path(p) for p in (files or [])]
    if not paths:
        return views.notice_html("Choose one or more PDF, DOCX or TXT files first.")
    idx = holder.current()
    if progress is not None:
        progress(0, desc="reading and indexing")
    try:
        with holder.write_lock:
            report = uploads.add_uploads(paths, holder.index_dir, idx.files() if idx is not None else (),
                                         embedder=holder.embedder, spec=holder.embedder_spec,
                                         max_bytes=DOC_MAX_BYTES)
    except IndexError_ as exc:
        return views.notice_html(str(exc), kind="error")
    finally:
        holder.reload()
    return _ingest_report_html(report)


def _ingest_report_html(report: uploads.UploadReport) -> str:
    parts = []
    built = report.build
    if built is not None:
        done = [(Path(p).name, "added") for p in built.added] + [(Path(p).name, "updated") for p in built.updated] \
            + [(Path(p).name, "already in the index") for p in built.unchanged]
        if done:
            items = "".join(f"<li><b>{views.e(n)}</b>: {views.e(what)}</li>" for n, what in done)
            parts.append(f'<div class="notice notice-ok">{len(done)} document{"s" if len(done) != 1 else ""} '
                         f"in the index ({built.clauses_total} clauses in total):<ul>{items}</ul></div>")
    if report.duplicates:
        items = "".join(f"<li><b>{views.e(n)}</b>: the same content as <b>{views.e(same)}</b>, already in the "
                        f"index</li>" for n, same in report.duplicates)
        parts.append(f'<div class="notice notice-warn">{len(report.duplicates)} duplicate'
                     f'{"s" if len(report.duplicates) != 1 else ""} not added:<ul>{items}</ul></div>')
    if report.problems:
        items = "".join(f"<li><b>{views.e(n)}</b>: {views.e(why)}</li>" for n, why in report.problems)
        parts.append(f'<div class="notice notice-error">{len(report.problems)} file'
                     f'{"s" if len(report.problems) != 1 else ""} not added:<ul>{items}</ul></div>')
    return "".join(parts) or views.notice_html("Nothing to add.")


def remove_document(holder: IndexHolder, name: str) -> str:
    """Remove one indexed file (chosen by its name in the index listing)."""
    from index.errors import IndexError_

    idx = holder.current()
    if idx is None:
        return holder.no_index_html()
    entry = next((f for f in idx.files() if Path(f.path).name == name or f.path == name), None)
    if entry is None:
        return views.notice_html(f"{name or 'Nothing'} is not in the index: pick a document from the list.",
                                 kind="warn")
    try:
        with holder.write_lock:
            report = uploads.remove_document(entry, holder.index_dir)
    except IndexError_ as exc:
        return views.notice_html(str(exc), kind="error")
    finally:
        holder.reload()
    if not report.pruned:
        reason = report.failed[0][1] if report.failed else "not removed"
        return views.notice_html(f"{Path(entry.path).name}: {reason}", kind="warn")
    return views.notice_html(f"Removed {Path(entry.path).name} ({entry.clauses} clauses) from the index.", kind="ok")


def removal_question(holder: IndexHolder, name: str) -> str:
    """What the confirmation asks before a document leaves the shared index ("" if nothing to ask)."""
    idx = holder.current()
    entry = next((f for f in idx.files() if Path(f.path).name == name), None) if idx is not None else None
    if entry is None:
        return ""
    return (f"Remove {Path(entry.path).name} ({entry.clauses} clauses, {len(entry.instruments)} instrument"
            f"{'s' if len(entry.instruments) != 1 else ''}) from the index? Everyone using this index loses it.")


def doc_choices(holder: IndexHolder) -> list[str]:
    idx = holder.current()
    return [Path(f.path).name for f in idx.files()] if idx is not None else []


@dataclass
class DocumentsTab:
    status: gr.HTML
    table: gr.HTML
    remove_choice: gr.Dropdown
    add_btn: gr.Button
    remove_btn: gr.Button
    confirm_row: gr.Row
    confirm_text: gr.HTML
    confirm_btn: gr.Button
    cancel_btn: gr.Button
    files: gr.File
    report: gr.HTML


def build(holder: IndexHolder) -> DocumentsTab:
    status = gr.HTML(details_html(holder), elem_id="docs-status", js_on_load=None)
    gr.Markdown("#### Indexed documents")
    table = gr.HTML(views.documents_table_html(documents_rows(holder)), elem_id="docs-table", js_on_load=None)
    with gr.Row():
        with gr.Column(scale=3):
            files = gr.File(label=f"Add documents (PDF, DOCX or TXT, up to {DOC_MAX_BYTES // 2**20} MB each)",
                            file_count="multiple", file_types=list(SUPPORTED_SUFFIXES), elem_id="doc-files")
            add_btn = gr.Button("Add to index", variant="primary", elem_id="add-btn")
        with gr.Column(scale=2):
            remove_choice = gr.Dropdown(doc_choices(holder), label="Remove a document", elem_id="remove-choice")
            remove_btn = gr.Button("Remove from index…", variant="stop", elem_id="remove-btn")
            with gr.Row(visible=False, elem_id="confirm-remove") as confirm_row:
                confirm_text = gr.HTML("", elem_id="confirm-text", js_on_load=None)
                confirm_btn = gr.Button("Yes, remove it", variant="stop", elem_id="confirm-remove-btn", size="sm")
                cancel_btn = gr.Button("Cancel", elem_id="cancel-remove-btn", size="sm")
    report = gr.HTML("", elem_id="docs-report", js_on_load=None)
    return DocumentsTab(status, table, remove_choice, add_btn, remove_btn, confirm_row, confirm_text, confirm_btn,
                        cancel_btn, files, report)


def wire(holder: IndexHolder, tab: DocumentsTab, app_status: gr.HTML, body: gr.Dropdown, results: gr.HTML,
         demo: gr.Blocks) -> None:
    """Adding and removing documents, and refreshing every view of the index after (and on page load)."""
    index_views = [app_status, tab.status, tab.table, tab.remove_choice, body, results]

    def index_state(shown_results: str = ""):
        """Everything that shows the index, after it changed (or on page load)."""
        if holder.current() is None:
            results_value = holder.no_index_html()
        elif "no-index" in (shown_results or "") or "notice-error" in (shown_results or ""):
            results_value = ""  # the index exists now: drop the stale message
        else:
            results_value = gr.skip()
        return (status_html(holder), details_html(holder), views.documents_table_html(documents_rows(holder)),
                gr.Dropdown(choices=doc_choices(holder), value=None),
                gr.Dropdown(choices=["any", *holder.bodies()]), results_value)

    def on_add(files, shown, progress=gr.Progress(track_tqdm=True)):  # noqa: B008
        report = add_documents(holder, files, progress)
        return report, None, *index_state(shown)

    def on_remove(name, shown):
        return remove_document(holder, name), gr.Row(visible=False), *index_state(shown)

    def ask_first(name):
        question = removal_question(holder, name)
        if not question:
            return views.notice_html(f"{name or 'Nothing'} is not in the index: pick a document from the list.",
                                     kind="warn"), gr.Row(visible=False), ""
        return "", gr.Row(visible=True), views.notice_html(question, kind="warn")

    tab.remove_btn.click(ask_first, tab.remove_choice, [tab.report, tab.confirm_row, tab.confirm_text], api_name=False)
    tab.cancel_btn.click(lambda: gr.Row(visible=False), None, tab.confirm_row, api_name=False)

    tab.add_btn.click(on_add, [tab.files, results], [tab.report, tab.files, *index_views], api_name="add_documents",
                      concurrency_limit=1, concurrency_id="index-write")
    tab.confirm_btn.click(on_remove, [tab.remove_choice, results], [tab.report, tab.confirm_row, *index_views],
                          api_name="remove_document", concurrency_limit=1, concurrency_id="index-write")
    demo.load(index_state, results, index_views, api_name=False)
