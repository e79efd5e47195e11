"""Golden tests: clauses parsed from the shared PDFs against the corpus truth, feature by feature.

Each PDF is parsed once per session (`parsed_pdf`). The truth is read here only (never by product code).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from ingest.lines import SUP_CLOSE, SUP_OPEN

pytestmark = pytest.mark.slow  # left out of `make check` (see Makefile)

DEV_PDFS = ["PP-18-Final-Acts", "RR-2024-Vol3-part1", "WTDC-22-Res-30", "WTSA-16-Res-1"]


def _truth(shared_corpus: Path, stem: str) -> tuple[list[dict], dict]:
    with (shared_corpus / "truth" / f"{stem}.jsonl").open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    meta = json.loads((shared_corpus / "truth" / f"{stem}.resolutions.json").read_text(encoding="utf-8"))
    return rows, meta


def _key(d: dict, dehyphen: bool) -> tuple:
    text = re.sub(r"[-\u00ad\u2010\u2011]", "", d["text"]) if dehyphen else d["text"]
    return d["number"], d["revision"], d["section"], d["label"], " ".join(text.split())


def _match(truth: list[dict], ours: list[dict], dehyphen: bool) -> tuple[int, int]:
    """(matched clauses, matched clauses on the right physical page)."""
    t = Counter(_key(d, dehyphen) for d in truth)
    o = Counter(_key(d, dehyphen) for d in ours)
    matched = sum((t & o).values())
    pages_t = Counter((*_key(d, dehyphen), d["page"]) for d in truth)
    pages_o = Counter((*_key(d, dehyphen), d["page"]) for d in ours)
    return matched, sum((pages_t & pages_o).values())


@pytest.mark.parametrize("stem", DEV_PDFS)
def test_clauses_match_the_truth(shared_corpus, parsed_pdf, stem) -> None:
    truth, meta = _truth(shared_corpus, stem)
    _, clauses = parsed_pdf(stem)
    ours = [c.to_truth_dict() for c in clauses]
    matched, on_page = _match(truth, ours, bool(meta.get("hyphenation")))
    assert matched / len(truth) >= 0.98, f"recall {matched / len(truth):.3f}"
    assert matched / len(ours) >= 0.98, f"precision {matched / len(ours):.3f}"
    assert on_page / matched >= 0.99, f"page right for {on_page / matched:.3f} of matched clauses"


@pytest.mark.parametrize("stem", DEV_PDFS)
def test_every_instrument_is_found_with_its_identity(shared_corpus, parsed_pdf, stem) -> None:
    _, meta = _truth(shared_corpus, stem)
    _, clauses = parsed_pdf(stem)
    expected = {(i["instrument"], i["number"], i["revision"], i["body"]) for i in meta["instruments"]}
    found = {(c.instrument, c.number, c.revision, c.body) for c in clauses}
    assert found == expected


@pytest.mark.parametrize("stem", DEV_PDFS)
def test_clause_text_is_clean(parsed_pdf, stem) -> None:
    _, clauses = parsed_pdf(stem)
    for c in clauses:
        assert c.text and c.text == " ".join(c.text.split())
        assert SUP_OPEN not in c.text + c.title and SUP_CLOSE not in c.text + c.title
        assert "\t" not in c.text


def test_table_of_contents_and_front_matter_give_no_clauses(shared_corpus, parsed_pdf) -> None:
    _, meta = _truth(shared_corpus, "PP-18-Final-Acts")
    _, clauses = parsed_pdf("PP-18-Final-Acts")
    first_instrument_page = min(i["first_page"] for i in meta["instruments"])
    assert min(c.page for c in clauses) == first_instrument_page
    assert len({(c.instrument, c.number) for c in clauses}) == len(meta["instruments"])


def test_footnote_is_separated_and_its_mark_removed(parsed_pdf) -> None:
    _, clauses = parsed_pdf("WTDC-22-Res-30")
    notes = [c for c in clauses if c.kind == "footnote"]
    assert [(n.label, n.page) for n in notes] == [("1", 3)]
    referencing = [c for c in clauses if "1" in c.footnote_refs]
    assert len(referencing) == 1
    assert referencing[0].section == notes[0].section
    assert "developing countries," in referencing[0].text and "countries1" not in referencing[0].text
    # the footnote text never becomes an operative item 1
    assert not [c for c in clauses if c.kind != "footnote" and c.text.startswith("These include")]


def test_footnote_marks_glued_to_identifiers_and_titles(parsed_pdf) -> None:
    _, clauses = parsed_pdf("RR-2024-Vol3-part1")
    title_notes = [c for c in clauses if c.kind == "footnote" and c.section == ""]
    assert title_notes, "footnotes referenced from titles have an empty section"
    assert not [c for c in clauses if re.search(r"Resolution ?\d+ \([^)]*\)\d", c.text)]
    assert {"*", "**"} <= {c.label for c in clauses if c.kind == "footnote"}


def test_cross_references_to_keywords_are_not_headings(parsed_pdf) -> None:
    _, clauses = parsed_pdf("PP-18-Final-Acts")
    sections = {c.section for c in clauses}
    assert not [s for s in sections if re.search(r"\b(above|below)\b", s)]
    assert any("instructs the ITU Council 7 above" in c.text for c in clauses)


def test_multi_word_and_addressee_headings(parsed_pdf) -> None:
    _, clauses = parsed_pdf("WTDC-22-Res-30")
    sections = {c.section for c in clauses}
    assert "recognizing further" in sections
    assert "instructs the Director of the Telecommunication Development Bureau" in sections
    assert "further instructs the Director of the Telecommunication Development Bureau" in sections
    _, clauses = parsed_pdf("RR-2024-Vol3-part1")
    wrapped = "resolves to invite the ITU Radiocommunication Sector to complete in time for the 2027 " \
              "world radiocommunication conference"
    assert wrapped in {c.section for c in clauses}


def test_nesting_labels(parsed_pdf) -> None:
    _, clauses = parsed_pdf("WTDC-22-Res-30")
    labels = [c.label for c in clauses]
    assert labels[labels.index("11"):labels.index("11") + 4] == ["11", "11 i)", "11 ii)", "11 iii)"]
    _, clauses = parsed_pdf("WTSA-16-Res-1")
    labels = {c.label for c in clauses}
    assert {"b)bis", "1bis.7.2", "4.3bis", "1.5 b) v)", "1.5 b) v) –"} <= labels


def test_annex_clauses(parsed_pdf) -> None:
    _, clauses = parsed_pdf("PP-18-Final-Acts")
    annex = [c for c in clauses if c.kind == "annex"]
    assert {c.section for c in annex if c.number == "48"} == {
        "ANNEX 1 TO RESOLUTION 48 (REV. DUBAI, 2018)", "ANNEX 2 TO RESOLUTION 48 (REV. DUBAI, 2018)"}
    assert Counter(c.label for c in annex if c.number == "48")["–"] >= 30
    _, clauses = parsed_pdf("WTSA-16-Res-1")
    assert any(c.section.startswith("Appendix I (to Resolution 1 (Rev. Hammamet, 2016))") for c in clauses)


def test_clauses_continue_across_page_breaks(parsed_pdf) -> None:
    _, clauses = parsed_pdf("PP-18-Final-Acts")
    # Decision 5, instructs the Secretary-General 3 runs from one page onto the next
    c = next(c for c in clauses if c.number == "5" and c.section == "instructs the Secretary-General"
             and c.label == "3")
    assert c.text.endswith("its decisions that may have a financial impact likely to affect the achievement of "
                           "such a balance, and to report annually to the Council,")


def test_metanorma_rendering_parses_into_sensible_clauses(parsed_pdf) -> None:
    """No truth for this layout: one instrument, many clauses, no running heads in the text."""
    layout, clauses = parsed_pdf("WTSA-16-Res-1-metanorma")
    assert {(c.instrument, c.number, c.revision, c.body) for c in clauses} == {
        ("Resolution", "1", "Rev. Hammamet, 2016", "WTSA")}
    assert len(clauses) > 150
    assert {"considering", "resolves"} <= {c.section for c in clauses}
    heads = {f.split("\t")[0] for page in layout.furniture for f in page if not f.strip().isdigit()}
    heads = {h for h in heads if len(h) > 6}
    assert heads, "the running heads were found"
    assert not [c for c in clauses if any(h in c.text for h in heads)]
    assert sum(1 for c in clauses if c.printed_page) > 0.9 * len(clauses)
