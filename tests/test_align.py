"""Clause alignment between revisions (search/align.py): table-driven on small texts, then on the real pairs
of ../shared (PP Res. 21 Dubai 2018 / Bucharest 2022 against a hand-made truth; WTSA Res. 1 Word file
against its PDF; edited copies with a known truth)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.revision_pairs import accuracy, edited_copy, every_clause_once, load_truth
from ingest.records import Clause
from search.align import align, align_sections, normalize_section, word_changes

pytestmark = pytest.mark.slow  # left out of `make check` (see Makefile)


def C(section: str, label: str, text: str, kind: str = "") -> Clause:
    kind = kind or ("preamble" if section in ("considering", "recognizing", "noting") else "operative")
    return Clause(file="t.txt", instrument="Resolution", number="9", revision="", body="PP", title="T",
                  section=section, kind=kind, label=label, text=text, page=1, printed_page=None)


A = "that radio spectrum is a limited natural resource"
B = "that satellite orbits must be used rationally and economically"
D = "the needs of developing countries for equitable access"
E = "to report annually to the Council on the implementation"
F = "to invite Member States to contribute to the studies"
G = "to cooperate with the regional telecommunication organizations on capacity building"

# (name, old clauses, new clauses, expected [(status, old index | None, new index | None)])
CASES = [
    ("identical", [C("considering", "a)", A), C("resolves", "1", E)],
     [C("considering", "a)", A), C("resolves", "1", E)],
     [("unchanged", 0, 0), ("unchanged", 1, 1)]),
    ("inserted item re-letters the next ones", [C("considering", "a)", A), C("considering", "b)", B)],
     [C("considering", "a)", D), C("considering", "b)", A), C("considering", "c)", B)],
     [("added", None, 0), ("unchanged", 0, 1), ("unchanged", 1, 2)]),
    ("deleted item", [C("considering", "a)", A), C("considering", "b)", D), C("considering", "c)", B)],
     [C("considering", "a)", A), C("considering", "b)", B)],
     [("unchanged", 0, 0), ("removed", 1, None), ("unchanged", 2, 1)]),
    ("reworded", [C("resolves", "1", E)], [C("resolves", "1", E.replace("annually", "every two years"))],
     [("reworded", 0, 0)]),
    ("moved to another section", [C("resolves", "1", E), C("resolves", "2", F), C("instructs", "1", G)],
     [C("resolves", "1", E), C("instructs", "1", G), C("instructs", "2", F)],
     [("unchanged", 0, 0), ("unchanged", 2, 1), ("moved", 1, 2)]),
    ("order swapped", [C("resolves", "1", E), C("resolves", "2", F), C("resolves", "3", G)],
     [C("resolves", "1", G), C("resolves", "2", E), C("resolves", "3", F)],
     [("moved", 2, 0), ("unchanged", 0, 1), ("unchanged", 1, 2)]),
    ("same text twice, under two headings", [C("invites Member States", "5", "to contribute to this work"),
                                            C("invites Sector Members", "2", "to contribute to this work")],
     [C("invites Member States", "5", "to contribute to this work"),
      C("invites Sector Members", "2", "to contribute to this work")],
     [("unchanged", 0, 0), ("unchanged", 1, 1)]),
    ("unrelated texts are not paired", [C("resolves", "1", E)], [C("resolves", "1", A)],
     [("removed", 0, None), ("added", None, 0)]),
    ("footnote pairs only with a footnote", [C("considering", "1", D, kind="footnote"), C("considering", "a)", A)],
     [C("considering", "a)", D), C("considering", "b)", A)],
     [("removed", 0, None), ("added", None, 0), ("unchanged", 1, 1)]),
    ("heading renamed keeps its clauses", [C("instructs the Director", "1", E), C("instructs the Director", "2", F)],
     [C("instructs the Director of BDT", "1", E), C("instructs the Director of BDT", "2", F)],
     [("unchanged", 0, 0), ("unchanged", 1, 1)]),
    ("empty old side", [], [C("resolves", "1", E)], [("added", None, 0)]),
    ("empty new side", [C("resolves", "1", E)], [], [("removed", 0, None)]),
]


@pytest.mark.parametrize(("name", "old", "new", "want"), CASES, ids=[c[0] for c in CASES])
def test_align_table(name, old, new, want):
    pairs = align(old, new)
    assert [(p.status, p.old, p.new) for p in pairs] == want
    assert every_clause_once(pairs, len(old), len(new))


def test_word_changes_keep_spacing_and_mark_runs():
    ch = word_changes("Resolution 20 (Rev. Hammamet, 2016) of WTSA;", "Resolution 20 (Rev. Geneva, 2022) of WTSA;")
    assert [(w.op, w.text) for w in ch if w.op != "equal"] == [
        ("delete", "Hammamet"), ("insert", "Geneva"), ("delete", "2016"), ("insert", "2022")]
    from search.align import render_words
    assert render_words(ch, lambda op, t: f"<{op[0]}:{t}>") == "Resolution 20 (Rev. <d:Hammamet> <i:Geneva>, <d:2016> <i:2022>) of WTSA;"


def test_unchanged_ignores_typographic_quotes_dashes_and_spacing():
    old = [C("resolves", "1", "to use \u201csmart\u201d  grids \u2013 where possible")]
    new = [C("resolves", "1", 'to use "smart" grids - where possible')]
    assert [p.status for p in align(old, new)] == ["unchanged"]


def test_sections_added_removed_renamed():
    old = [C("considering", "a)", A), C("noting", "a)", B), C("instructs the Director", "1", E)]
    new = [C("considering", "a)", A), C("instructs the Director of BDT", "1", E), C("resolves", "1", G)]
    got = [(s.status, s.old, s.new) for s in align_sections(old, new, align(old, new))]
    assert got == [("unchanged", "considering", "considering"), ("removed", "noting", None),
                   ("renamed", "instructs the Director", "instructs the Director of BDT"),
                   ("added", None, "resolves")]


def test_annex_heading_revision_does_not_count_as_a_change():
    assert normalize_section("ANNEX 1 TO RESOLUTION 48 (REV. DUBAI, 2018)") == \
        normalize_section("Annex 1 to Resolution 48 (Rev. Bucharest, 2022)")


# ------------------------------------------------------------------------------------ real revision pairs

TRUTH = Path(__file__).parent / "data" / "align" / "pp-res21.json"


@pytest.fixture(scope="module")
def pp_res21(shared_corpus, parsed_pdf):
    from ingest import parse_file

    old = [c for c in parsed_pdf("PP-18-Final-Acts")[1] if c.instrument == "Resolution" and c.number == "21"]
    new = parse_file(shared_corpus / "txt" / "PP-22-Res-21.txt")
    return old, new


def test_pp_res21_every_clause_once_and_accuracy_on_hand_truth(pp_res21):
    old, new = pp_res21
    assert len(old) == 38 and len(new) == 45
    pairs = align(old, new)
    assert every_clause_once(pairs, len(old), len(new))
    truth = load_truth(TRUTH, old, new)
    assert accuracy(pairs, len(old), len(new), truth) >= 0.95
    for p in pairs:
        if p.status == "unchanged":
            assert " ".join(old[p.old].text.split()) == " ".join(new[p.new].text.split())
    relettered = [(old[p.old].label, new[p.new].label) for p in pairs
                  if p.old is not None and p.new is not None and old[p.old].label != new[p.new].label]
    assert ("f)", "g)") in relettered  # "an item that moved from f) to g) is the same item"


def test_wtsa_res1_word_file_against_its_pdf_is_unchanged(shared_corpus, parsed_pdf):
    from ingest import parse_file

    docx = parse_file(shared_corpus / "raw" / "mn-samples-itu" / "reference-docs" / "T-RES-T.1-2016-MSW-E.docx")
    pdf = parsed_pdf("WTSA-16-Res-1")[1]
    pairs = align(docx, pdf)
    assert every_clause_once(pairs, len(docx), len(pdf))
    assert {p.status for p in pairs} == {"unchanged"}
    assert all(p.old == p.new for p in pairs)


def test_edited_copies_are_aligned(parsed_pdf):
    clauses = parsed_pdf("PP-18-Final-Acts")[1]
    from search.citations import instruments_of

    insts = [i for i in instruments_of(clauses) if len(i.rows) >= 10][:12]
    donors = [clauses[r] for r in insts[-1].rows]
    scores = []
    for n, inst in enumerate(insts[:-1]):
        old = [clauses[r] for r in inst.rows]
        new, truth = edited_copy(old, seed=n, donors=donors)
        pairs = align(old, new)
        assert every_clause_once(pairs, len(old), len(new))
        scores.append(accuracy(pairs, len(old), len(new), truth))
    assert sum(scores) / len(scores) >= 0.95
