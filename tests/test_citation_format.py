"""Citations in ITU form (ingest.citation): one function behind Clause.citation for CLI, batch, UI and export."""

from __future__ import annotations

import pytest

from ingest import parse_file
from ingest.citation import citation, heading_case, publication_of, where
from ingest.records import Clause

pytestmark = pytest.mark.slow  # left out of `make check` (see Makefile)


def test_heading_and_item_go_together_without_a_comma():
    assert citation("Resolution 21 (Rev. Dubai, 2018)", "operative", "resolves", "4 i)", 16, "16") == \
        "Resolution 21 (Rev. Dubai, 2018), resolves 4 i), p. 16"
    assert where("preamble", "recalling", "a)") == "recalling a)"
    assert where("footnote", "resolves", "1") == "footnote 1"
    assert where("operative", "resolves", "1.5 b) v) –") == "resolves 1.5 b) v)"


def test_headings_printed_in_capitals_are_given_in_sentence_case():
    assert heading_case("ANNEX TO RESOLUTION 25 (REV. DUBAI, 2018)") == "Annex to Resolution 25 (Rev. Dubai, 2018)"
    assert heading_case("ANNEX 2 TO RESOLUTION 48 (REV. DUBAI, 2018)") == "Annex 2 to Resolution 48 (Rev. Dubai, 2018)"
    assert heading_case("APPENDIX II ROLE OF ITU-D AND BDT") == "Appendix II role of ITU-D and BDT"
    assert heading_case("resolves to invite ITU-D") == "resolves to invite ITU-D"  # not in capitals: unchanged
    annex = citation("Resolution 25 (Rev. Dubai, 2018)", "annex", "ANNEX TO RESOLUTION 25 (REV. DUBAI, 2018)",
                     "e)", 25, "25", "Final Acts of the Plenipotentiary Conference (Dubai, 2018)")
    assert annex == ("Annex to Resolution 25 (Rev. Dubai, 2018), item e), "
                     "Final Acts of the Plenipotentiary Conference (Dubai, 2018), p. 25")


def test_the_publication_is_named_with_its_page():
    assert publication_of("International Telecommunication Union Final Acts of the Plenipotentiary Conference "
                          "(Dubai, 2018) Decisions, Resolutions") == "Final Acts of the Plenipotentiary Conference (Dubai, 2018)"
    assert publication_of("Radio Regulations Volume 3 Resolutions and Recommendations Edition of 2024") == \
        "Radio Regulations, Volume 3 (Edition of 2024)"
    assert publication_of("RESOLUTION 30 (Rev. Kigali, 2022) The World Telecommunication Development "
                          "Conference (Kigali, 2022),") == ""


@pytest.mark.parametrize("name, publication", [
    ("PP-18-Final-Acts.pdf", "Final Acts of the Plenipotentiary Conference (Dubai, 2018)"),
    ("WTDC-22-Res-30.pdf", ""),
])
def test_real_documents_name_their_publication(shared_corpus, name, publication):
    clauses = parse_file(shared_corpus / "pdf" / name)
    assert {c.publication for c in clauses} == {publication}
    c = next(c for c in clauses if c.kind == "operative" and c.label)
    assert c.citation.endswith(f"{publication + ', ' if publication else ''}p. {c.printed_page or c.page}")
    assert f"{c.section}, {c.label}" not in c.citation  # no stray comma between heading and item


def test_the_citation_reads_back_as_the_same_clause():
    from search.citations import parse_reference

    c = Clause(file="f.pdf", instrument="Resolution", number="25", revision="Rev. Dubai, 2018", body="PP", title="t",
               section="instructs the Secretary-General", kind="operative", label="4 i)", text="x", page=22,
               printed_page="22", publication="Final Acts of the Plenipotentiary Conference (Dubai, 2018)")
    ref = parse_reference(c.citation)
    assert (ref.number, ref.revision, ref.section, ref.label) == ("25", "Rev. Dubai, 2018",
                                                                  "instructs the Secretary-General", "4 i)")
