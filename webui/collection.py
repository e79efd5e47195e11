"""The Collection tab: clauses a user gathered from the results ("Add to collection", kept in the browser's
storage), listed with their citations and exported as DOCX, Markdown or CSV (search.export)."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

import gradio as gr

from search import export

from . import views
from .state import IndexHolder
from .style import ACTIONS_JS, COLLECTION_IDS_JS

MAX_CLAUSES = 500


def collected(holder: IndexHolder, ids_json: str) -> tuple[list, int]:
    """The clauses of a stored id list that are in the index, and how many ids are no longer there."""
    idx = holder.current()
    try:
        ids = [str(i) for i in json.loads(ids_json or "[]")][:MAX_CLAUSES]
    except (ValueError, TypeError):
        ids = []
    if idx is None:
        return [], len(ids)
    clauses = [c for c in (idx.clause_by_id(i) for i in ids) if c is not None]
    return clauses, len(ids) - len(clauses)


def collection_html(holder: IndexHolder, ids_json: str) -> str:
    clauses, gone = collected(holder, ids_json)
    if not clauses:
        return views.notice_html("Your collection is empty: use “Add to collection” on a result to keep a clause "
                                 "here, then export the collection as DOCX, Markdown or CSV.")
    items = "".join(
        f'<li><q>{views.e(views.shorten(c.text, 300))}</q><div class="citation-text">{views.e(c.citation)}</div>'
        f'<div class="card-actions" style="margin-left:0">'
        f'<button type="button" class="btn" data-action="open" data-clause-id="{views.e(c.id)}">Open in context</button>'
        f'{views.collect_button(c)}</div></li>' for c in clauses)
    missing = (views.notice_html(f"{gone} collected clause{'s are' if gone != 1 else ' is'} no longer in the index.",
                                 kind="warn") if gone else "")
    return (f'<p class="corpus-summary">{len(clauses)} clause{"s" if len(clauses) != 1 else ""} collected.</p>'
            f'{missing}<ol class="collection-list">{items}</ol>')


def export_collection(holder: IndexHolder, ids_json: str, fmt: str, folder: Path) -> str | None:
    clauses, _ = collected(holder, ids_json)
    if not clauses:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    run = Path(tempfile.mkdtemp(prefix="collection-", dir=folder))
    return str(export.write(clauses, fmt, run / f"itu-clauses.{fmt}"))


@dataclass
class CollectionTab:
    view: gr.HTML


def build(holder: IndexHolder, tab: gr.Tab, results_folder) -> CollectionTab:
    ids = gr.Textbox("[]", elem_id="collection-ids", show_label=False, container=False)
    view = gr.HTML(collection_html(holder, "[]"), elem_id="collection", js_on_load=ACTIONS_JS)
    with gr.Row():
        buttons = {fmt: gr.Button(f"Export {label}", elem_id=f"export-{fmt}")
                   for fmt, label in (("docx", "DOCX"), ("md", "Markdown"), ("csv", "CSV"))}
    download = gr.File(label="Exported collection", interactive=False, elem_id="collection-file")
    tab.select(lambda x: collection_html(holder, x), ids, view, js=COLLECTION_IDS_JS, api_name=False)
    for fmt, btn in buttons.items():
        btn.click(lambda x, fmt=fmt: export_collection(holder, x, fmt, results_folder.get()), ids, download,
                  js=COLLECTION_IDS_JS, api_name=False)
    return CollectionTab(view)
