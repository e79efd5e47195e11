"""Reference extraction (ingest.references) on the forms ITU texts print, table-driven."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.references import REF_TYPES, Reference, extract_references, provision_key

# text -> [(type, id, revision, body), ...] in text order
CASES = [
    ("Resolution 140 (Rev. Dubai, 2018) of the Plenipotentiary Conference",
     [("resolution", "140", "Rev. Dubai, 2018", "PP")]),
    ("Resolution 37 (Rev. Kigali, 2022) of this conference", [("resolution", "37", "Rev. Kigali, 2022", "WTDC")]),
    ("Resolution 48 (Geneva, 2014) of this conference", [("resolution", "48", "Geneva, 2014", "this")]),
    ("Resolutions 70 and 130 (Rev. Dubai, 2018)",
     [("resolution", "70", "Rev. Dubai, 2018", "PP"), ("resolution", "130", "Rev. Dubai, 2018", "PP")]),
    ("Resolutions 47 and 48 (Rev. Dubai, 2012) and 49 and 75 (Rev. Hammamet, 2016) of WTSA",
     [("resolution", "47", "Rev. Dubai, 2012", "WTSA"), ("resolution", "48", "Rev. Dubai, 2012", "WTSA"),
      ("resolution", "49", "Rev. Hammamet, 2016", "WTSA"), ("resolution", "75", "Rev. Hammamet, 2016", "WTSA")]),
    ("Resolutions 32 (Kyoto, 1994) and 125 (Rev. Dubai, 2018) of the Plenipotentiary Conference",
     [("resolution", "32", "Kyoto, 1994", "PP"), ("resolution", "125", "Rev. Dubai, 2018", "PP")]),
    ("Resolution 229 (Rev.WRC-19)", [("resolution", "229", "Rev.WRC-19", "WRC")]),
    ("Resolution 156 (WRC-15)* with respect to ESIMs", [("resolution", "156", "WRC-15", "WRC")]),
    ("Resolution 20 (Mob-87)", [("resolution", "20", "Mob-87", "WRC")]),
    ("Resolution 59 (Rev. Buenos Aires, 2017) of WTDC, on", [("resolution", "59", "Rev. Buenos Aires, 2017", "WTDC")]),
    ("Resolutions 1305, 1336 and 1344 adopted by the ITU Council;",
     [("resolution", "1305", "", "Council"), ("resolution", "1336", "", "Council"),
      ("resolution", "1344", "", "Council")]),
    ("Council Resolution 1106 (1996, last modified 2001), on",
     [("resolution", "1106", "1996, last modified 2001", "Council")]),
    ("WTDC Resolution 37 and PP-18 Resolution 71, ITU-T Resolution 1",
     [("resolution", "37", "", "WTDC"), ("resolution", "71", "", "PP"), ("resolution", "1", "", "WTSA")]),
    ("Resolution ITU-R 64 of the Radiocommunication Assembly, and Resolution ITU-R 1-9",
     [("resolution", "ITU-R 64", "", "RA"), ("resolution", "ITU-R 1", "9", "RA")]),
    ("Resolution 25 (Rev. Dubai, 2018), 3 Member States agree", [("resolution", "25", "Rev. Dubai, 2018", "PP")]),
    ("Decision 5 (Rev. Dubai, 2018); Decision 482 (C01, last amended C20)",
     [("decision", "5", "Rev. Dubai, 2018", "PP"), ("decision", "482", "C01, last amended C20", "Council")]),
    ("Decision 11 (Rev. Dubai, 2018) of this conference,", [("decision", "11", "Rev. Dubai, 2018", "PP")]),
    ("Recommendation 7 (Rev.WRC-97)", [("recommendation", "7", "Rev.WRC-97", "WRC")]),
    ("Opinion 2 (Geneva, 2009) and Opinion 4 (Lisbon, 2009)",
     [("opinion", "2", "Geneva, 2009", "WTPF"), ("opinion", "4", "Lisbon, 2009", "WTPF")]),
    ("Recommendation ITU-R SM.329-12", [("recommendation_itu_r", "SM.329", "12", "")]),
    ("that ITU-R M.1036 describes", [("recommendation_itu_r", "M.1036", "", "")]),
    ("ITU-T Y.3172", [("recommendation_itu_t", "Y.3172", "", "")]),
    ("ITU\u2011R P.452-16, Recommendation ITU R P.618 and ITU-R Recommendation P.1546",
     [("recommendation_itu_r", "P.452", "16", ""), ("recommendation_itu_r", "P.618", "", ""),
      ("recommendation_itu_r", "P.1546", "", "")]),
    ("in Recommendations ITU-R M.2083, ITU-R M.2150 and M.2101",
     [("recommendation_itu_r", "M.2083", "", ""), ("recommendation_itu_r", "M.2150", "", ""),
      ("recommendation_itu_r", "M.2101", "", "")]),
    ("Attachment 2 to Recommendation ITU-T D.50 (05/2013), to complete",
     [("recommendation_itu_t", "D.50", "05/2013", "")]),
    ("(Recommendation ITU-T A.8, clause 3.1)", [("recommendation_itu_t", "A.8", "", "")]),
    ("ITU-R developed Report ITU-R M.2115, which", [("report_itu_r", "M.2115", "", "")]),
    ("Question ITU-R 77/5 considers", [("question", "77/5", "", "ITU-R")]),
    ("Question 1/1 of Study Group 1 of the Telecommunication Development Sector", [("question", "1/1", "", "ITU-D")]),
    ("UNGA Resolution 70/1", [("unga_resolution", "70/1", "", "UNGA")]),
    ("General Assembly (UNGA) Resolutions 71/243 of 21 December 2016 and A/RES/70/1",
     [("unga_resolution", "71/243", "", "UNGA"), ("unga_resolution", "70/1", "", "UNGA")]),
    ("No. 5.341", [("rr_provision", "5.341", "", "")]),
    ("RR No. 9.21", [("rr_provision", "9.21", "", "")]),
    ("Nos. 9.11A to 9.14", [("rr_provision", "9.11A-9.14", "", "")]),
    ("Nos. 9.7\u20139.21", [("rr_provision", "9.7-9.21", "", "")]),
    ("Nos. 5.317A, 5.388 and 5.441B do not", [("rr_provision", "5.317A", "", ""), ("rr_provision", "5.388", "", ""),
                                              ("rr_provision", "5.441B", "", "")]),
    ("footnote 5.316B applies", [("rr_provision", "5.316B", "", "")]),
    ("notwithstanding No. 4.23, in Region 2", [("rr_provision", "4.23", "", "")]),
    ("under No. 11.44 or 30 days after", [("rr_provision", "11.44", "", "")]),
    ("Article 21", [("rr_article", "21", "", "")]),
    ("Articles 9 and 11 of the Radio Regulations", [("rr_article", "9", "", ""), ("rr_article", "11", "", "")]),
    ("Appendix 30B", [("rr_appendix", "30B", "", "")]),
    ("Appendices 30 and 30A; Annex 2 to Appendix 4",
     [("rr_appendix", "30", "", ""), ("rr_appendix", "30A", "", ""), ("rr_appendix", "4", "", "")]),
    ("Appendix 30B (Rev.WRC-19)", [("rr_appendix", "30B", "Rev.WRC-19", "")]),
    ("Article 6 of Appendix 30B provides", [("rr_appendix", "30B", "", "")]),
    ("Article 44 of the Constitution", [("constitution_article", "44", "", "")]),
    ("Articles 2 and 3 of the ITU Constitution and Article 19 of the ITU Convention",
     [("constitution_article", "2", "", ""), ("constitution_article", "3", "", ""),
      ("convention_article", "19", "", "")]),
    ("(No. 13 in Article 1 of the ITU Constitution)",
     [("constitution_provision", "13", "", ""), ("constitution_article", "1", "", "")]),
    ("No. 224 of the ITU Constitution, which", [("constitution_provision", "224", "", "")]),
    ("Nos. 191A and 191B of the Convention.",
     [("convention_provision", "191A", "", ""), ("convention_provision", "191B", "", "")]),
    ("CS No. 196", [("constitution_provision", "196", "", "")]),
    ("No. 40 of the General Rules of conferences", [("general_rules_provision", "40", "", "")]),
    ("Article 5 of the International Telecommunication Regulations", [("itr_article", "5", "", "")]),
    # not references
    ("Annex 1 to this Resolution and Appendix I to this resolution", []),
    ("Article 19 of the Universal Declaration of Human Rights", []),
    ("Article 37 of the Convention on International Civil Aviation", []),
    ("the Convention on the Rights of the Child (1989)", []),
    ("ITU-T Recommendations and the Radio Regulations", []),
    ("No. 13 says", []),
    ("in the frequency band 5 150-5 250 MHz", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_extracts(text: str, expected: list[tuple[str, str, str, str]]) -> None:
    refs = extract_references(text)
    assert [(r.type, r.id, r.revision, r.body) for r in refs] == expected
    for r in refs:
        assert r.text == text[r.start:r.end]
        assert r.type in REF_TYPES


def test_spans_and_labels() -> None:
    text = "see Resolutions 70 and 130 (Rev. Dubai, 2018) and Recommendation ITU-R SM.329-12"
    refs = extract_references(text)
    assert [r.text for r in refs] == ["Resolutions 70", "130 (Rev. Dubai, 2018)", "Recommendation ITU-R SM.329-12"]
    assert [r.label for r in refs] == ["Resolution 70 (Rev. Dubai, 2018)", "Resolution 130 (Rev. Dubai, 2018)",
                                       "Recommendation ITU-R SM.329-12"]


def test_citing_body_resolves_this_conference() -> None:
    [ref] = extract_references("Resolution 48 (Geneva, 2014) of this conference", citing_body="WTDC")
    assert ref.body == "WTDC"


@pytest.mark.parametrize(("ref_id", "provision", "covered"), [
    ("9.11A-9.14", "9.12", True), ("9.11A-9.14", "9.11A", True), ("9.11A-9.14", "9.14", True),
    ("9.11A-9.14", "9.11", False), ("9.11A-9.14", "9.21", False), ("9.7-9.21", "9.11A", True),
    ("5.341", "5.341", True), ("5.341", "5.34", False),
])
def test_range_covers(ref_id: str, provision: str, covered: bool) -> None:
    assert Reference("rr_provision", ref_id).covers(provision) is covered


def test_provision_key_orders_letters_between_numbers() -> None:
    keys = [provision_key(n) for n in ("22.5C", "22.5D", "22.6", "9.11", "9.11A")]
    assert keys[0] < keys[1] < keys[2] and keys[3] < keys[4]
    assert provision_key("Article") is None


def test_real_corpus_clauses_have_references(shared_corpus: Path) -> None:
    """On the development corpus's truth clauses: many references of the main kinds."""
    truth = shared_corpus / "truth" / "RR-2024-Vol3-part1.jsonl"
    texts = [json.loads(line)["text"] for line in truth.read_text("utf-8").splitlines()]
    refs = [r for t in texts for r in extract_references(t)]
    types = {r.type for r in refs}
    assert {"resolution", "rr_provision", "rr_appendix", "recommendation_itu_r", "rr_article"} <= types
    assert len(refs) > 300
