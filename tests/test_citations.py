"""The reference parser on the ways people write references, and matching them against clause sets."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ingest.records import Clause
from search.citations import (
    instruments_of,
    label_key,
    match_instruments,
    parse_reference,
    revision_matches,
    section_similarity,
    target_rows,
)

# query -> (instrument, number, bodies, revision, section, label)
PARSES = [
    ("Res. 30", ("Resolution", "30", (), "", "", "")),
    ("Res 30", ("Resolution", "30", (), "", "", "")),
    ("RES.30", ("Resolution", "30", (), "", "", "")),
    ("res30", ("Resolution", "30", (), "", "", "")),
    ("Resolution 30 (Rev. Kigali, 2022)", ("Resolution", "30", (), "Rev. Kigali, 2022", "", "")),
    ("WTDC Res 30", ("Resolution", "30", ("WTDC",), "", "", "")),
    ("wtdc res 30", ("Resolution", "30", ("WTDC",), "", "", "")),
    ("PP-18 Res. 2", ("Resolution", "2", ("PP",), "2018", "", "")),
    ("pp18 res 2", ("Resolution", "2", ("PP",), "2018", "", "")),
    ("Res 12 (Rev.WRC-23)", ("Resolution", "12", ("WRC",), "Rev.WRC-23", "", "")),
    ("Res 12 Rev.WRC-23", ("Resolution", "12", ("WRC",), "Rev.WRC-23", "", "")),
    ("RR Resolution 217 (Rev.WRC-23) resolves 4", ("Resolution", "217", ("WRC",), "Rev.WRC-23", "resolves", "4")),
    ("resolves 8 of Resolution 30", ("Resolution", "30", (), "", "resolves", "8")),
    ("Res. 30 (Rev. Kigali, 2022) resolves to invite ITU-D 8",
     ("Resolution", "30", (), "Rev. Kigali, 2022", "resolves to invite ITU-D", "8")),
    ("instructs the Secretary-General 3 of Res 70", ("Resolution", "70", (), "", "instructs the Secretary-General", "3")),
    ("Res 70 (Rev. Dubai 2018) instructs the Secretary-General 7",
     ("Resolution", "70", (), "Rev. Dubai 2018", "instructs the Secretary-General", "7")),
    ("wtsa res 1 clause 9.5.6", ("Resolution", "1", ("WTSA",), "", "", "9.5.6")),
    ("WTSA Res. 1 § 9.5.6", ("Resolution", "1", ("WTSA",), "", "", "9.5.6")),
    ("Decision 5", ("Decision", "5", (), "", "", "")),
    ("Dec. 11", ("Decision", "11", (), "", "", "")),
    ("Recommendation 7", ("Recommendation", "7", (), "", "", "")),
    ("Annex 2 to Res 48 item 4", ("Resolution", "48", (), "", "Annex 2", "4")),
    ("Res 22 footnote *", ("Resolution", "22", (), "", "footnote", "*")),
    ("Res 35 resolves 11 a)", ("Resolution", "35", (), "", "resolves", "11 a)")),
    ("Res 35 resolves 11(a)", ("Resolution", "35", (), "", "resolves", "11(a)")),
    ("recognizing d) of Res 131", ("Resolution", "131", (), "", "recognizing", "d)")),
    ("Res 212 recalling c) iv)", ("Resolution", "212", (), "", "recalling", "c) iv)")),
    ("Resolution 208 (Dubai, 2018) resolves further 4", ("Resolution", "208", (), "Dubai, 2018", "resolves further", "4")),
    ("Res 30 of WTDC-22, resolves 2", ("Resolution", "30", ("WTDC",), "2022", "resolves", "2")),
    ("Resolution 123 (Rev. Dubai, 2018), instructs the Director of BDT, 2",
     ("Resolution", "123", (), "Rev. Dubai, 2018", "instructs the Director of BDT", "2")),
    ("Res 1 resolves 1bis.1.1.5", ("Resolution", "1", (), "", "resolves", "1bis.1.1.5")),
    ("What does WRC Resolution 1 (Rev.WRC-97) resolve?", ("Resolution", "1", ("WRC",), "Rev.WRC-97", "resolve", "")),
    ("resolution 2 of the wtsa", ("Resolution", "2", ("WTSA",), "", "", "")),
    ("ITU-T Res 2", ("Resolution", "2", ("WTSA",), "", "", "")),
    ("Décision 5", ("Decision", "5", (), "", "", "")),
    ("Résolution 30 (Rév. Kigali, 2022)", ("Resolution", "30", (), "Rév. Kigali, 2022", "", "")),
    ("Resolution   30  (Rev.  Kigali,  2022)  resolves   2", ("Resolution", "30", (), "Rev. Kigali, 2022", "resolves", "2")),
]


@pytest.mark.parametrize(("query", "want"), PARSES, ids=[q for q, _ in PARSES])
def test_parse_reference(query, want):
    ref = parse_reference(query)
    assert ref is not None
    assert (ref.instrument, ref.number, ref.bodies, ref.revision, ref.section, ref.label) == want


@pytest.mark.parametrize("query", [
    "what is 5150-5250 mhz used for",
    "Resolution 70/125 of the United Nations General Assembly",
    "how many resolutions did WRC-23 adopt",
    "respect for the rules",
    "the resolves section",
    "",
])
def test_not_a_reference(query):
    assert parse_reference(query) is None


def test_rest_keeps_the_question_around_the_reference():
    ref = parse_reference("In which functions should the BDT Director act as a catalyst according to WTDC Resolution 30?")
    assert (ref.number, ref.bodies, ref.names_clause) == ("30", ("WTDC",), False)
    assert "catalyst" in ref.rest


@pytest.mark.parametrize(("a", "b", "same"), [
    ("3 a)", "3(a)", True), ("3 a)", "3a", True), ("1 bis", "1bis", True), ("C) IV)", "c) iv)", True),
    ("9.5.6", "9.5.6.", True), ("3 a)", "3 b)", False), ("1.1", "11", False),
])
def test_label_key(a, b, same):
    assert (label_key(a) == label_key(b)) is same


@pytest.mark.parametrize(("typed", "printed", "body", "ok"), [
    ("2018", "Rev. Dubai, 2018", "PP", True),
    ("Dubai 2018", "Dubai, 2018", "PP", True),
    ("Rev. Dubai 2018", "Dubai, 2018", "PP", True),
    ("WRC-23", "REV.WRC-23", "WRC", True),
    ("wrc23", "REV.WRC-23", "WRC", True),
    ("2023", "REV.WRC-23", "WRC", True),
    ("PP-18", "Rev. Dubai, 2018", "PP", True),
    ("Kigli, 2022", "Rev. Kigali, 2022", "WTDC", True),
    ("WRC-19", "REV.WRC-23", "WRC", False),
    ("2022", "Rev. Dubai, 2018", "PP", False),
    ("WRC-23", "Rev. Dubai, 2023", "PP", False),
])
def test_revision_matches(typed, printed, body, ok):
    assert revision_matches(typed, printed, body) is ok


@pytest.mark.parametrize(("typed", "best", "others"), [
    ("resolves to invite ITU-D", "resolves to invite the ITU Telecommunication Development Sector",
     ["resolves", "invites Member States", "resolves to instruct the Director of the Telecommunication Development Bureau"]),
    ("instructs the SG", "instructs the Secretary-General", ["instructs the ITU Council", "resolves"]),
    ("instructs the director of BDT", "instructs the Director of the Telecommunication Development Bureau",
     ["instructs the Director of the Radiocommunication Bureau", "instructs the Secretary-General"]),
    ("resolves further", "resolves further", ["resolves", "further instructs the Secretary-General"]),
    ("recognising", "recognizing", ["recalling", "considering"]),
    ("annex 2", "ANNEX 2 TO RESOLUTION 48 (REV. DUBAI, 2018)", ["ANNEX 1 TO RESOLUTION 48 (REV. DUBAI, 2018)"]),
    ("instructs the secretary general", "instructs the Secretary-General", ["instructs the ITU Council"]),
])
def test_section_similarity_prefers_the_intended_section(typed, best, others):
    top = section_similarity(typed, best)
    assert top >= 0.75
    for other in others:
        assert section_similarity(typed, other) < top


def _clause(number, section, label, *, body="PP", revision="Rev. Dubai, 2018", kind="operative", ordinal=0,
            file="pp.pdf", text="text"):
    return Clause(file=file, instrument="Resolution", number=number, revision=revision, body=body, title=f"Title {number}",
                  section=section, kind=kind, label=label, text=f"{text} {number} {section} {label}", page=1,
                  printed_page="1", ordinal=ordinal)


@pytest.fixture()
def clauses():
    cs = [
        _clause("2", "considering", "a)", kind="preamble"),
        _clause("2", "resolves", "1"),
        _clause("2", "resolves", "2"),
        _clause("2", "instructs the Secretary-General", "1"),
        _clause("30", "resolves to invite the ITU Telecommunication Development Sector", "8",
                body="WTDC", revision="Rev. Kigali, 2022", file="wtdc.pdf"),
        _clause("30", "resolves", "8", body="WTDC", revision="Rev. Kigali, 2022", file="wtdc.pdf"),
        _clause("2", "resolves", "1", body="WRC", revision="REV.WRC-23", file="rr.pdf"),
        _clause("35", "resolves", "11", body="WRC", revision="REV.WRC-23", file="rr.pdf"),
        _clause("35", "resolves", "11 a)", body="WRC", revision="REV.WRC-23", file="rr.pdf"),
        _clause("35", "resolves", "11 b)", body="WRC", revision="REV.WRC-23", file="rr.pdf"),
        _clause("25", "resolves", "1", revision="Rev. Dubai, 2018"),
        _clause("25", "resolves", "1", revision="Rev. Bucharest, 2022", file="pp22.pdf"),
    ]
    cs += [_clause("26", "resolves", "3 a)", body="WRC", revision="REV.WRC-23", file="rr.pdf"),
           _clause("26", "resolves", "3 b)", body="WRC", revision="REV.WRC-23", file="rr.pdf")]
    return [replace(c, ordinal=i) for i, c in enumerate(cs)]


def _resolve(query, clauses):
    ref = parse_reference(query)
    insts, note = match_instruments(ref, instruments_of(clauses))
    return ref, insts, note


def test_ambiguous_number_gives_every_instrument(clauses):
    _, insts, _ = _resolve("Res. 2 resolves 1", clauses)
    assert sorted(i.body for i in insts) == ["PP", "WRC"]


def test_body_picks_one(clauses):
    ref, insts, _ = _resolve("WRC Res 2 resolves 1", clauses)
    assert [i.body for i in insts] == ["WRC"]
    rows, exact = target_rows(ref, insts[0], clauses)
    assert exact and [clauses[r].file for r in rows] == ["rr.pdf"]


def test_revision_picks_one_and_unknown_revision_says_so(clauses):
    _, insts, note = _resolve("Res 25 (Rev. Bucharest, 2022)", clauses)
    assert [i.revision for i in insts] == ["Rev. Bucharest, 2022"] and note == ""
    _, insts, note = _resolve("Res 25 (Rev. Kyoto, 1994)", clauses)
    assert len(insts) == 2 and "Kyoto" in note


def test_unknown_body_or_number(clauses):
    assert _resolve("WTSA Res 2", clauses)[1] == []
    _, insts, note = _resolve("Resolution 958", clauses)
    assert insts == [] and "958" in note


def test_abbreviated_addressee_names_the_printed_section(clauses):
    ref, insts, _ = _resolve("Res. 30 (Rev. Kigali, 2022) resolves to invite ITU-D 8", clauses)
    rows, exact = target_rows(ref, insts[0], clauses)
    assert exact and clauses[rows[0]].section.startswith("resolves to invite")
    ref, insts, _ = _resolve("WTDC Res 30 resolves 8", clauses)
    rows, exact = target_rows(ref, insts[0], clauses)
    assert clauses[rows[0]].section == "resolves"


def test_label_alone_prefers_operative(clauses):
    ref, insts, _ = _resolve("PP Res 2 clause 1", clauses)
    rows, _ = target_rows(ref, insts[0], clauses)
    assert [clauses[r].section for r in rows] == ["resolves", "instructs the Secretary-General"]


def test_nested_labels(clauses):
    ref, insts, _ = _resolve("WRC Res 35 resolves 11 c)", clauses)
    assert target_rows(ref, insts[0], clauses) == ((), False)
    ref, insts, _ = _resolve("Res 35 resolves 11(a)", clauses)
    rows, exact = target_rows(ref, insts[0], clauses)
    assert exact and [clauses[r].label for r in rows] == ["11 a)"]


def test_missing_label_falls_back_to_its_sub_items(clauses):
    ref, insts, _ = _resolve("Res 26 resolves 3", clauses)
    rows, exact = target_rows(ref, insts[0], clauses)
    assert not exact and [clauses[r].label for r in rows] == ["3 a)", "3 b)"]


@pytest.mark.parametrize(("query", "want"), [
    ("in the 2022 text of Resolution 25, resolves 1", ["Rev. Bucharest, 2022"]),
    ("what did the Bucharest version of Res 25 resolve", ["Rev. Bucharest, 2022"]),
    ("Res 25 resolves 1", ["Rev. Dubai, 2018", "Rev. Bucharest, 2022"]),
    ("the WRC text of Res 2 resolves 1", ["REV.WRC-23"]),
    ("Res 2 resolves 1 as revised in 1999", ["Rev. Dubai, 2018", "REV.WRC-23"]),  # fits none: unchanged
])
def test_hints_elsewhere_in_the_query_narrow_an_ambiguous_reference(clauses, query, want):
    from search.citations import narrow_by_hints

    ref, insts, _ = _resolve(query, clauses)
    assert [i.revision for i in narrow_by_hints(ref, insts, query)] == want
