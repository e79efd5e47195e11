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


@pytest.mark.parametrize(("page", "bbox", "continued", "line_page", "line_bbox", "expected"), [
    # a line on the same page widens the first box
    (3, (10.0, 100.0, 200.0, 120.0), (), 3, (10.0, 80.0, 250.0, 100.0), ((10.0, 80.0, 250.0, 120.0), ())),
    # a line on the next page opens a box there
    (3, (10.0, 100.0, 200.0, 120.0), (), 4, (12.0, 700.0, 190.0, 720.0),
     ((10.0, 100.0, 200.0, 120.0), ((4, 12.0, 700.0, 190.0, 720.0),))),
    # a second line on that page widens its box, the first-page box stays
    (3, (10.0, 100.0, 200.0, 120.0), ((4, 12.0, 700.0, 190.0, 720.0),), 4, (12.0, 680.0, 230.0, 700.0),
     ((10.0, 100.0, 200.0, 120.0), ((4, 12.0, 680.0, 230.0, 720.0),))),
    # a line two pages on (the page between held only a figure) opens its own box
    (3, (10.0, 100.0, 200.0, 120.0), ((4, 12.0, 700.0, 190.0, 720.0),), 6, (12.0, 700.0, 90.0, 720.0),
     ((10.0, 100.0, 200.0, 120.0), ((4, 12.0, 700.0, 190.0, 720.0), (6, 12.0, 700.0, 90.0, 720.0)))),
    # unknown positions add nothing
    (3, (10.0, 100.0, 200.0, 120.0), (), 4, None, ((10.0, 100.0, 200.0, 120.0), ())),
    (3, None, (), 4, (12.0, 700.0, 190.0, 720.0), (None, ())),
    (3, (10.0, 100.0, 200.0, 120.0), (), 3, None, (None, ())),
])
def test_extend_boxes(page, bbox, continued, line_page, line_bbox, expected):
    from ingest.paragraphs import extend_boxes

    assert extend_boxes(page, bbox, continued, line_page, line_bbox) == expected


@pytest.mark.slow  # reads the PP-18 Final Acts PDF (240 pages)
def test_a_clause_running_over_a_page_break_has_a_box_on_each_page(parsed_pdf, shared_corpus):
    """PP-18: clauses that go on to the next page keep a box there holding their last words; clauses that
    end on their first page keep none."""
    import pypdfium2 as pdfium

    _, clauses = parsed_pdf("PP-18-Final-Acts")
    multi = [c for c in clauses if c.continued]
    assert len(multi) >= 10
    pdf = pdfium.PdfDocument(shared_corpus / "pdf" / "PP-18-Final-Acts.pdf")
    try:
        for c in multi:
            pages = [b[0] for b in c.continued]
            assert pages == sorted(set(pages)) and pages[0] > c.page, (c.citation, c.continued)
            assert c.box_on(c.page) == c.bbox and c.last_page == pages[-1]
            page, left, bottom, right, top = c.continued[-1]
            inside = pdf[page - 1].get_textpage().get_text_bounded(left - 3, bottom - 2, right + 30, top + 2)
            last = _words(c.text)[-2:]
            assert all(w in inside for w in last), (c.citation, last, inside[-200:])
    finally:
        pdf.close()
    # a clause whose box covers the foot of its page but that ends there has no later box
    single = [c for c in clauses if c.bbox and not c.continued]
    assert single and all(c.box_on(c.page + 1) is None and c.last_page == c.page for c in single)


@pytest.mark.slow  # reads the PP-18 Final Acts PDF (240 pages)
def test_the_store_keeps_later_page_boxes_and_reads_stores_without_them(tmp_path, parsed_pdf):
    _, clauses = parsed_pdf("PP-18-Final-Acts")
    some = [c for c in clauses if c.continued][:3] + [c for c in clauses if not c.continued][:3]
    store = tmp_path / "clauses.sqlite"
    write_store(store, some, [c.text for c in some], [() for _ in some])
    back, _, _, _ = read_store(store)
    assert back == some and any(c.continued for c in back)
    assert Clause.from_dict(json.loads(json.dumps(some[0].to_dict()))) == some[0]
    con = sqlite3.connect(store)
    con.execute("ALTER TABLE clauses DROP COLUMN continued")
    con.commit()
    con.close()
    old, _, _, _ = read_store(store)
    assert [c.continued for c in old] == [()] * len(some) and [c.bbox for c in old] == [c.bbox for c in some]
