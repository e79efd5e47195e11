"""The PDF layout reader on the shared PDFs: furniture, printed pages, footnotes, outline, lines.

Each PDF is read once per session (`parsed_pdf` fixture). Expectations come from what is printed on
the pages (and, where noted, from the corpus truth's page_furniture), not from our own output.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ingest.lines import ROLE_BOUNDARY, ROLE_FOOTNOTE, SUP_CLOSE, SUP_OPEN

pytestmark = pytest.mark.slow  # reads the 601 pages of the dev PDFs: left out of `make check` (see Makefile)

DEV_PDFS = ["PP-18-Final-Acts", "RR-2024-Vol3-part1", "WTDC-22-Res-30", "WTSA-16-Res-1"]


def _meta(shared_corpus: Path, stem: str) -> dict:
    return json.loads((shared_corpus / "truth" / f"{stem}.resolutions.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("stem", DEV_PDFS)
def test_printed_page_numbers_in_every_style(shared_corpus, parsed_pdf, stem) -> None:
    """"12", "III", "– 27 –", "WTSA-16 – Resolution 1 <gap> 3": read as printed, None where nothing is."""
    layout, _ = parsed_pdf(stem)
    truth = {p["page"]: p["printed_page"] for p in _meta(shared_corpus, stem)["page_furniture"]}
    got = {page: layout.printed_pages[page - 1] for page in truth}
    wrong = {page: (truth[page], got[page]) for page in truth if truth[page] != got[page]}
    assert not wrong, f"printed page (truth, ours) differs on {len(wrong)} pages: {dict(list(wrong.items())[:5])}"


@pytest.mark.parametrize("stem", DEV_PDFS)
def test_running_heads_and_footers_never_reach_the_lines(shared_corpus, parsed_pdf, stem) -> None:
    layout, _ = parsed_pdf(stem)
    body_lines = {(ln.page, " ".join(ln.text.split())) for ln in layout.lines if ln.role != ROLE_FOOTNOTE}
    leaked = []
    for page in _meta(shared_corpus, stem)["page_furniture"]:
        for item in page["furniture"]:
            if re.match(r"^(\d{1,3}(?:bis)?|\*+)\s+\S+(?:\s+\S+){3,}", item):
                continue  # the truth lists footnotes with the furniture; they are tested separately
            if (page["page"], " ".join(item.split())) in body_lines:
                leaked.append((page["page"], item))
    assert not leaked, leaked[:5]


def test_alternating_running_heads_are_removed_from_clause_text(parsed_pdf) -> None:
    _, clauses = parsed_pdf("PP-18-Final-Acts")
    assert not [c for c in clauses if re.search(r"PP-18 – (Resolution|Decision|Recommendation) \d+", c.text)]
    _, clauses = parsed_pdf("RR-2024-Vol3-part1")
    assert not [c for c in clauses if re.search(r"\bRES\d+-\d+\b|– \d+ –", c.text)]
    _, clauses = parsed_pdf("WTSA-16-Res-1")
    assert not [c for c in clauses if "WTSA-16 – Resolution 1" in c.text]


def test_footnotes_are_marked_at_the_page_foot(parsed_pdf) -> None:
    layout, _ = parsed_pdf("WTDC-22-Res-30")
    notes = [ln for ln in layout.lines if ln.role == ROLE_FOOTNOTE]
    assert [(ln.page, ln.footnote_mark) for ln in notes if ln.footnote_mark] == [(3, "1")]
    assert notes[0].text.startswith("These include the least developed countries")
    # the reference is a superscript run wrapped as a mark in the body line that carries it
    refs = [ln for ln in layout.lines if f"{SUP_OPEN}1{SUP_CLOSE}" in ln.text]
    assert refs and all(ln.page == 3 and ln.role != ROLE_FOOTNOTE for ln in refs)


def test_footnote_marks_of_several_kinds(parsed_pdf) -> None:
    layout, _ = parsed_pdf("RR-2024-Vol3-part1")
    marks = {ln.footnote_mark for ln in layout.lines if ln.role == ROLE_FOOTNOTE and ln.footnote_mark}
    assert {"1", "*", "**"} <= marks
    layout, _ = parsed_pdf("WTSA-16-Res-1")
    marks = {ln.footnote_mark for ln in layout.lines if ln.role == ROLE_FOOTNOTE and ln.footnote_mark}
    assert {"1", "1bis", "2"} <= marks


def test_outline_lists_one_entry_per_instrument(parsed_pdf) -> None:
    layout, clauses = parsed_pdf("PP-18-Final-Acts")
    assert len(layout.outline) == 64
    first_page = {}
    for c in clauses:
        first_page.setdefault((c.instrument, c.number), c.page)
    for entry in layout.outline:
        m = re.match(r"(Resolution|Decision|Recommendation) (\d+)", entry.title)
        assert first_page[(m.group(1), m.group(2))] >= entry.page


def test_divider_pages_become_boundaries(parsed_pdf) -> None:
    layout, _ = parsed_pdf("PP-18-Final-Acts")
    pages_with_boundary = {ln.page for ln in layout.lines if ln.role == ROLE_BOUNDARY}
    texts_by_page: dict[int, list[str]] = {}
    for ln in layout.lines:
        if ln.text:
            texts_by_page.setdefault(ln.page, []).append(ln.text)
    dividers = {page for page, texts in texts_by_page.items()
                if texts in (["DECISIONS"], ["RESOLUTIONS"], ["RECOMMENDATION"])}
    assert dividers and dividers <= pages_with_boundary


def test_label_gap_becomes_a_tab_and_indents_are_relative(parsed_pdf) -> None:
    layout, _ = parsed_pdf("PP-18-Final-Acts")
    starts = [ln for ln in layout.lines if re.match(r"^[a-z]\)\t", ln.text)]
    assert len(starts) > 500
    # even and odd pages have different margins; indents are measured from each page's text edge
    assert {round(ln.x) for ln in starts if ln.x < 10} == {0}


def test_hyphenated_lines_in_the_libreoffice_pdf(parsed_pdf) -> None:
    """Soft hyphens at line ends disappear; real ones (ITU-T, Secretary-General) stay."""
    _, clauses = parsed_pdf("WTSA-16-Res-1")
    text = " ".join(c.text for c in clauses)
    assert "ITU-T" in text and "vice-chairmen" in text
    assert not re.search(r"\b(telecommu|organiza|recommen)- ?[a-z]", text)


def test_real_hyphens_at_line_ends_are_kept(parsed_pdf) -> None:
    _, clauses = parsed_pdf("PP-18-Final-Acts")
    text = " ".join(c.text for c in clauses)
    assert "Secretary-General" in text and "Secretary- General" not in text
    assert "medium- to long-term" in text
    assert "2020-2023" in text and "2020- 2023" not in text
