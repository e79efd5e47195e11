"""The web UI's handlers and app wiring, without a browser: small index of the bundled corpus, fake embedder."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

import ui
from tests.ui_fixtures import build_bundled_index, opening_words, running_app, target_clause
from webui import ask, batch, context, documents
from webui import views as views
from webui.state import IndexHolder


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    """(holder, embedder) over an index of the bundled corpus."""
    index_dir = tmp_path_factory.mktemp("ui-handlers") / "index"
    embedder = build_bundled_index(index_dir)
    return IndexHolder(index_dir, embedder), embedder


def test_ask_returns_cards_with_the_citation(bundled):
    holder, _ = bundled
    target = target_clause(holder)
    html = ask.ask_html(holder, opening_words(target), k=3)
    assert f'<article class="card" id="hit-{target.id}"' in html
    assert views.e(target.citation) in html
    assert html.count('<article class="card"') == 3


def test_ask_with_filters_and_empty_question(bundled):
    holder, _ = bundled
    target = target_clause(holder)
    assert "Type a question" in ask.ask_html(holder, "   ")
    html = ask.ask_html(holder, "digital divide", k=10, kind="preamble")
    cards = html.count('<article class="card"')
    assert cards >= 1
    assert html.count('class="kind kind-preamble"') == cards
    none = ask.ask_html(holder, target.text, number="99999")
    assert '<article class="card"' not in none


def test_context_view_marks_the_clause_and_rejects_unknown_ids(bundled):
    holder, _ = bundled
    target = target_clause(holder)
    view = context.context_view(holder, target.id, "digital")
    assert f'id="c-{target.id}"' in view.doc and 'class="cl target' in view.doc
    assert views.e(target.citation) in view.head
    assert view.page == target.page
    for bad in ("", "../../etc/passwd", "0" * 16, target.file):
        v = context.context_view(holder, bad)
        assert "not in the index" in v.head and v.doc == ""
        assert context.page_image(holder, bad, 1)[0] is None


def test_page_image_of_a_text_source_says_there_is_none(bundled):
    holder, _ = bundled
    target = target_clause(holder)
    image, caption, _ = context.page_image(holder, target.id, target.page)
    assert image is None and "no printed pages, so only its text is shown" in caption


def test_missing_index_gives_the_fix_everywhere(tmp_path):
    from index import FakeEmbedder

    holder = IndexHolder(tmp_path / "none", FakeEmbedder())
    expected = f"No index at {tmp_path / 'none'} yet"
    assert expected in ask.ask_html(holder, "anything")
    assert expected in documents.status_html(holder)
    assert expected in context.context_view(holder, "abc").head
    assert documents.documents_rows(holder) == []
    rows, csv_path, _, report = batch.run_batch(holder, None, 5, tmp_path)
    assert rows == [] and csv_path is None and expected in report


def test_damaged_index_shows_its_error(tmp_path):
    from index import FakeEmbedder

    folder = tmp_path / "idx"
    folder.mkdir()
    (folder / "meta.json").write_text("{ not json", "utf-8")
    holder = IndexHolder(folder, FakeEmbedder())
    html = ask.ask_html(holder, "anything")
    assert "No index at" not in html and str(folder) in html and "rebuild" in html


def test_add_documents_reports_each_file_and_keeps_the_good_ones(tmp_path, shared_corpus):
    from index import FakeEmbedder

    holder = IndexHolder(tmp_path / "index", FakeEmbedder())
    up = tmp_path / "upload"
    up.mkdir()
    pdf = up / "WTDC-22-Res-30.pdf"
    shutil.copyfile(shared_corpus / "pdf" / "WTDC-22-Res-30.pdf", pdf)
    bad = up / "not-a-pdf.pdf"
    shutil.copyfile(shared_corpus / "pdf" / "bad" / "not-a-pdf.pdf", bad)
    exe = up / "tool.exe"
    exe.write_bytes(b"MZ")
    html = documents.add_documents(holder, [str(pdf), str(bad), str(exe)])
    assert "WTDC-22-Res-30.pdf</b>: added" in html
    assert "not-a-pdf.pdf</b>:" in html and "tool.exe</b>: unsupported file type" in html
    assert [r[0] for r in documents.documents_rows(holder)] == ["WTDC-22-Res-30.pdf"]
    assert sorted(p.name for p in holder.uploads_dir.iterdir()) == ["WTDC-22-Res-30.pdf"]

    clause = next(c for c in holder.current().clauses if c.kind == "operative")
    image, caption, shown = context.page_image(holder, clause.id, clause.page)
    assert image.startswith("data:image/png;base64,") and shown == clause.page
    assert f"PDF page {clause.page} of" in caption
    view = context.page_view(holder, clause.id, clause.page)
    assert view.highlighted and 'class="clause-box"' in view.html and "the highlighted region is the clause" in view.html
    other = context.page_view(holder, clause.id, clause.page + 1)
    assert not other.highlighted and f"the clause is on PDF page {clause.page}" in other.html

    again = up / "copy-of-res-30.pdf"
    shutil.copyfile(pdf, again)
    html = documents.add_documents(holder, [str(again)])
    assert "1 duplicate not added" in html and "the same content as <b>WTDC-22-Res-30.pdf</b>" in html
    assert [r[0] for r in documents.documents_rows(holder)] == ["WTDC-22-Res-30.pdf"]
    assert sorted(p.name for p in holder.uploads_dir.iterdir()) == ["WTDC-22-Res-30.pdf"]

    html = documents.remove_document(holder, "WTDC-22-Res-30.pdf")
    assert "Removed WTDC-22-Res-30.pdf" in html
    assert documents.documents_rows(holder) == [] and not any(holder.uploads_dir.iterdir())
    assert "not in the index" in documents.remove_document(holder, "WTDC-22-Res-30.pdf")


def test_upload_size_limits(tmp_path, monkeypatch, bundled):
    from index import FakeEmbedder

    holder = IndexHolder(tmp_path / "index", FakeEmbedder())
    big = tmp_path / "big.txt"
    big.write_text("RESOLUTION 1 (Test, 2020)\n" + "x" * 5000, "utf-8")
    monkeypatch.setattr(documents, "DOC_MAX_BYTES", 1000)
    html = documents.add_documents(holder, [str(big)])
    assert "big.txt</b>: 5 kB is over the 1 kB upload limit" in html
    assert holder.current() is None
    bundled_holder, _ = bundled
    monkeypatch.setattr(batch, "BATCH_MAX_BYTES", 1000)
    queries = tmp_path / "q.txt"
    queries.write_text("digital divide\n" * 200, "utf-8")
    _, csv_path, _, report = batch.run_batch(bundled_holder, str(queries), 5, tmp_path / "out")
    assert csv_path is None and "the limit for a query file" in report


def test_batch_runs_good_rows_and_lists_bad_ones(tmp_path, bundled):
    holder, _ = bundled
    target = target_clause(holder)
    queries = tmp_path / "q.jsonl"
    queries.write_text("\n".join([json.dumps({"id": "a", "query": opening_words(target, 12)}),
                                  "{broken", json.dumps({"id": "b", "query": "digital divide"})]) + "\n", "utf-8")
    rows, csv_path, jsonl_path, report = batch.run_batch(holder, str(queries), 3, tmp_path / "out")
    assert [r[0] for r in rows] == ["a", "b"]
    assert rows[0][1] == opening_words(target, 12)
    assert "<b>2</b> queries run" in report and "line 2: not valid JSON" in report
    lines = [json.loads(x) for x in Path(jsonl_path).read_text("utf-8").splitlines()]
    assert [x["id"] for x in lines] == ["a", "b"]
    assert target.citation in [h["citation"]["text"] for h in lines[0]["hits"]]
    with open(csv_path, newline="", encoding="utf-8") as f:
        assert [r["id"] for r in csv.DictReader(f)][:1] == ["a"]


def test_theme_loads_no_web_fonts():
    stylesheets = ui.theme()._stylesheets
    assert not any("http" in s for s in stylesheets), stylesheets


def test_api_endpoints_answer_through_gradio_client(bundled):
    from gradio_client import Client

    holder, embedder = bundled
    target = target_clause(holder)
    with running_app(holder.index_dir, embedder) as (url, _demo):
        client = Client(url, verbose=False)
        names = set(client.view_api(print_info=False, return_format="dict")["named_endpoints"])
        assert {"/ask", "/lookup", "/context", "/batch", "/add_documents", "/remove_document"} <= names
        html = client.predict(opening_words(target), 3, "any", "", "", "any", api_name="/ask")
        assert views.e(target.citation) in html
        html = client.predict(f"Res. {target.number} ({target.revision}) {target.section} {target.label}", 3,
                              api_name="/lookup")
        assert views.e(target.citation) in html
        html = client.predict(target.id, api_name="/context")
        assert f'id="c-{target.id}"' in html


def test_serve_on_a_busy_port_says_what_to_do(tmp_path, capsys):
    import socket

    import cli

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        code = cli.main(["serve", "--index", str(tmp_path / "none"), "--port", str(port)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"cannot start the web UI on 127.0.0.1:{port}" in err and "pass another --port" in err
    assert "Traceback" not in err


def test_building_the_app_leaves_no_temp_folder(tmp_path, bundled):
    import tempfile

    holder, embedder = bundled
    before = set(Path(tempfile.gettempdir()).glob("itu-search-batch-*"))
    for _ in range(3):
        ui.build_app(holder.index_dir, embedder=embedder).close()
    assert set(Path(tempfile.gettempdir()).glob("itu-search-batch-*")) == before


def test_batch_csv_with_unquoted_commas_in_the_query(tmp_path, bundled):
    holder, _ = bundled
    queries = tmp_path / "q.csv"
    queries.write_text("id,query\nq1,Res 30 (Rev. Kigali, 2022) resolves to invite ITU-D 8\n", "utf-8")
    rows, csv_path, _, report = batch.run_batch(holder, str(queries), 3, tmp_path / "out")
    assert [r[:2] for r in rows] == [["q1", "Res 30 (Rev. Kigali, 2022) resolves to invite ITU-D 8"]]
    with open(csv_path, newline="", encoding="utf-8") as f:
        sources = {r["source"] for r in csv.DictReader(f)}
    assert sources and all(not s.startswith("/") for s in sources), sources


def test_examples_come_from_the_index(bundled):
    holder, _ = bundled
    examples = ask.examples_from(holder.corpus())
    inst = holder.corpus().instruments[0]
    assert examples and examples[0].startswith(f"{inst.body} Res. {inst.number} ({inst.revision})")
    # The lookup example finds the clause it names.
    html = ask.ask_html(holder, examples[0], k=1)
    assert '<article class="card"' in html and "No answer found" not in html


def test_results_carry_their_address_filters_and_score_order(bundled):
    holder, _ = bundled
    html = ask.ask_html(holder, "digital divide", k=8, kind="preamble", revision="2022")
    assert 'data-url="?q=digital+divide&amp;revision=2022&amp;kind=preamble&amp;k=8"' in html
    assert 'data-action="clear-filter" data-filter="kind"' in html and 'data-filter="revision"' in html
    scores = [float(x) for x in re.findall(r'<span class="score" title="relevance">([0-9.]+)</span>', html)]
    assert scores == sorted(scores, reverse=True) and len(scores) >= 2


def test_removal_asks_first(bundled):
    holder, _ = bundled
    name = documents.documents_rows(holder)[0][0]
    question = documents.removal_question(holder, name)
    assert question.startswith(f"Remove {name} (") and "Everyone using this index loses it" in question
    assert documents.removal_question(holder, "nothing.pdf") == ""


def test_collection_exports(tmp_path, bundled):
    import docx

    from webui import collection

    holder, _ = bundled
    picked = [c for c in holder.current().clauses if c.kind == "operative"][:3]
    ids = json.dumps([c.id for c in picked] + ["0" * 16])
    assert "1 collected clause is no longer in the index" in collection.collection_html(holder, ids)
    path = collection.export_collection(holder, ids, "docx", tmp_path)
    paragraphs = [p.text for p in docx.Document(path).paragraphs]
    for c in picked:
        assert c.citation in paragraphs
    md = Path(collection.export_collection(holder, ids, "md", tmp_path)).read_text("utf-8")
    assert all(f"— {c.citation}" in md for c in picked)
    with open(collection.export_collection(holder, ids, "csv", tmp_path), newline="", encoding="utf-8") as f:
        assert [r["citation"] for r in csv.DictReader(f)] == [c.citation for c in picked]


def test_uploads_are_embedded_with_the_model_the_cli_would_use(tmp_path, monkeypatch):
    """`serve` hands the app no embedder: the first upload builds the index with the preferred model (the
    fine-tuned one where it is built), and later uploads keep the index's model even where the app's default
    is another (here the fine-tuned model is gone again)."""
    import importlib

    from index import built_model
    from index.model_files import ADAPTED
    from tests.index_fixtures import CountingEmbedder, resolution_text

    build_module = importlib.import_module("index.build")  # `index.build` the attribute is the function

    def make(model, backend, *, cache_dir=None):  # stands for the real model, named and run as in a real build
        emb = CountingEmbedder(name=model)
        emb.backend = backend
        return emb

    cache = tmp_path / "cache"
    monkeypatch.setenv("ITU_SEARCH_CACHE", str(cache))
    monkeypatch.delenv("ITU_SEARCH_MODEL", raising=False)
    monkeypatch.delenv("ITU_SEARCH_BACKEND", raising=False)
    monkeypatch.setattr(build_module, "make_embedder", make)
    built = cache / "models" / ADAPTED
    built.mkdir(parents=True)
    (built / "config.json").write_text("{}")  # what marks the model built (no build record: version "")
    d = tmp_path / "index"
    uploads = []
    for n, title in ((901, "Broadband"), (902, "Cybersecurity")):
        uploads.append(tmp_path / f"res-{n}.txt")
        uploads[-1].write_text(resolution_text(n, title, ["to promote"]), "utf-8")

    html = documents.add_documents(ui.build_app(d).holder, [str(uploads[0])])
    assert "error" not in html and built_model(d) == ADAPTED
    (built / "config.json").unlink()
    holder = ui.build_app(d).holder
    html = documents.add_documents(holder, [str(uploads[1])])
    assert "error" not in html and built_model(d) == ADAPTED
    assert sorted(Path(f.path).name for f in holder.current().files()) == ["res-901.txt", "res-902.txt"]
