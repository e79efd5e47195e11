"""Golden tests on documents typeset by tests/typeset_docs.py in layouts unlike the shared corpus.

The truth of each document is written by the typesetter from the structure it set (never from the
parser): old-conference "RESOLUTION No. 2" texts, Council texts, RA "Resolution ITU-R 61-2" texts, an RR
volume with tables, basic texts with revision-history lines, and the same texts re-set in layouts drawn
at random, also in two columns.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from ingest import parse_file
from tests.typeset_docs import DOCUMENTS, build, two_column, variant

# Variants re-set the five documents in layouts drawn at random; a handful keeps the test quick (the bench
# runs more: bench/parse_accuracy.py).
N_VARIANTS = 10
N_TWO_COLUMN = 5
NAMES = [make().name for make in DOCUMENTS]


@pytest.fixture(scope="module")
def typeset(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("typeset")
    for make in DOCUMENTS:
        build(make(), out)
    for k in range(N_VARIANTS):
        build(variant(k), out)
    for k in range(N_TWO_COLUMN):
        build(two_column(k), out)
    return out


def _load(folder: Path, name: str) -> tuple[list[dict], dict, list[dict]]:
    truth = [json.loads(line) for line in (folder / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
    meta = json.loads((folder / f"{name}.resolutions.json").read_text(encoding="utf-8"))
    ours = [c.to_truth_dict() for c in parse_file(folder / f"{name}.pdf")]
    return truth, meta, ours


def _key(d: dict) -> tuple:
    return d["number"], d["revision"], d["section"], d["label"], " ".join(d["text"].split())


def _scores(truth: list[dict], ours: list[dict]) -> tuple[float, float, float]:
    t, o = Counter(map(_key, truth)), Counter(map(_key, ours))
    matched = sum((t & o).values())
    on_page = sum((Counter((*_key(d), d["page"], d["printed_page"]) for d in truth)
                   & Counter((*_key(d), d["page"], d["printed_page"]) for d in ours)).values())
    return matched / len(truth), matched / max(len(ours), 1), on_page / max(matched, 1)


@pytest.mark.parametrize("name", NAMES + [f"variant-{k:02d}-{NAMES[k % len(NAMES)]}" for k in range(N_VARIANTS)]
                         + [f"two-column-{k:02d}-{NAMES[k % len(NAMES)]}" for k in range(N_TWO_COLUMN)])
def test_typeset_document_matches_its_truth(typeset, name) -> None:
    truth, meta, ours = _load(typeset, name)
    recall, precision, pages = _scores(truth, ours)
    assert recall >= 0.99 and precision >= 0.99, f"recall {recall:.3f} precision {precision:.3f}"
    assert pages >= 0.99, f"page and printed page right for {pages:.3f} of matched clauses"
    expected = {(i["instrument"], i["number"], i["revision"], i["body"]) for i in meta["instruments"]}
    assert {(c["instrument"], c["number"], c["revision"], c["body"]) for c in ours} == expected


def test_older_headings_and_revision_history(typeset) -> None:
    _, _, ours = _load(typeset, "old-conferences-1988")
    assert {(c["instrument"], c["number"], c["revision"]) for c in ours} == {
        ("Resolution", "1", ""), ("Resolution", "2", ""), ("Recommendation", "1", "")}
    assert {c["title"] for c in ours if c["number"] == "2"} == {
        "relating to the International Telecommunication Regulations"}
    _, _, ours = _load(typeset, "basic-texts")
    assert not [c for c in ours if re.fullmatch(r"\(.*\d{4}\)", c["text"])], "history lines are no clauses"
    annex2 = [c for c in ours if c["section"] == "ANNEX 2 TO DECISION 5 (REV. BUCHAREST, 2022)"]
    assert [c["label"] for c in annex2] == ["1", "2", "3"]


def test_table_rows_and_notes_stay_in_their_item(typeset) -> None:
    _, _, ours = _load(typeset, "rr-volume-tables")
    item = next(c for c in ours if c["section"].startswith("ANNEX 1 TO RESOLUTION 804") and c["label"] == "1")
    assert "Individual Member State 4 months" in item["text"]
    assert item["text"].endswith("NOTE – The deadlines count back from the opening of the conference.")
    assert [c["label"] for c in ours if c["section"].startswith("ANNEX 1 TO RESOLUTION 804")] == ["1", "2"]
    assert not [c for c in ours if c["text"].startswith("Note by the Secretariat")]


def test_truth_is_what_was_typeset(typeset) -> None:
    """The typesetter's truth (not the parser) against the PDF's own text: every clause's words are on the
    page the truth gives (or run on to the next)."""
    from pypdf import PdfReader

    for name in NAMES:
        truth, _, _ = _load(typeset, name)
        pages = [" ".join(p.extract_text().split()) for p in PdfReader(typeset / f"{name}.pdf").pages]
        for row in truth:
            words = row["text"].split()[:6]
            here = " ".join(pages[row["page"] - 1: row["page"] + 1])
            assert all(w in here for w in words), (name, row["label"], words)
