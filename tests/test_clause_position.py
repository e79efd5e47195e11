"""Where each clause is printed (Clause.bbox): read by the PDF layout reader, kept by the clause store."""

from __future__ import annotations

import json
import sqlite3

import pytest

from index.store import read_store, write_store
from ingest import parse_file
from ingest.records import Clause


@pytest.fixture(scope="module")
def res30(shared_corpus) -> tuple[str, list[Clause]]:
    path = shared_corpus / "pdf" / "WTDC-22-Res-30.pdf"
    return str(path), parse_file(path)


def _words(text: str) -> list[str]:
    return [w.strip(".,;:()") for w in text.split() if w.strip(".,;:()")]


def test_pdf_clauses_carry_the_box_of_their_first_lines(res30):
    import pypdfium2 as pdfium

    path, clauses = res30
    body = [c for c in clauses if c.kind != "footnote"]
    assert all(c.bbox is not None for c in body)
    pdf = pdfium.PdfDocument(path)
    try:
        checked = 0
        for c in body:
            page = pdf[c.page - 1]
            width, height = page.get_size()
            left, bottom, right, top = c.bbox
            assert 0 <= left < right <= width + 1 and 0 <= bottom < top <= height, (c.citation, c.bbox)
            # The text printed inside the box (a little margin for the estimated glyph widths) holds the
            # clause's first words.
            inside = page.get_textpage().get_text_bounded(left - 3, bottom - 2, right + 30, top + 2)
            first = _words(c.text)[:3]
            assert all(w in inside for w in first), (c.citation, first, inside[:200])
            checked += 1
        assert checked == len(body) >= 40
    finally:
        pdf.close()


def test_text_sources_have_no_box(tmp_path):
    src = tmp_path / "res.txt"
    src.write_text("RESOLUTION 7 (Geneva, 2020)\nTesting boxes\nresolves\n1 to test positions\n", "utf-8")
    clauses = parse_file(src)
    assert clauses and all(c.bbox is None for c in clauses)


def test_the_store_keeps_boxes_and_reads_stores_without_them(tmp_path, res30):
    _, clauses = res30
    store = tmp_path / "clauses.sqlite"
    write_store(store, clauses, [c.text for c in clauses], [() for _ in clauses])
    back, _, _, _ = read_store(store)
    assert back == clauses
    # A store written before positions were recorded: same clauses, no boxes.
    con = sqlite3.connect(store)
    con.execute("ALTER TABLE clauses DROP COLUMN bbox")
    con.commit()
    con.close()
    old, _, _, _ = read_store(store)
    assert [c.bbox for c in old] == [None] * len(clauses)
    assert [c.id for c in old] == [c.id for c in clauses]
    assert json.dumps(clauses[3].to_dict())  # the record stays JSON-serializable
