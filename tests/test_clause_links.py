"""A clause's references as links (search/clause_links.py): the part of the cited instrument a reference names,
the clause each reference opens, what cites a clause; and how the context view prints them (webui/views.py)."""

from __future__ import annotations

import re

import pytest

from index import FakeEmbedder
from index.core import Index
from ingest.records import Clause
from ingest.references import extract_references
from search.clause_links import CitedPart, cited_by, cited_part, references_of, related_of
from search.corpus import view_of
from webui import views


def _part(text: str, which: int = 0) -> CitedPart | None:
    refs = [r for r in extract_references(text) if r.type in ("resolution", "decision", "recommendation")]
    return cited_part(text, refs[which])


@pytest.mark.parametrize(("text", "part"), [
    ("in accordance with resolves 2 of Resolution 58 (Rev. Dubai, 2018)", CitedPart("resolves", "2")),
    ("as recalled in recognizing e) of Resolution 4 (Rev.WRC-19)", CitedPart("recognizing", "e)")),
    ("the remark added under resolves 5b) of Resolution 35 (Rev.WRC-23)", CitedPart("resolves", "5b)")),
    ("the tasks in resolves 1 to 11 of Resolution 25 (Rev. Dubai, 2018)", CitedPart("resolves", "1")),
    ("submitted under resolves 7 or 8 of Resolution 35", CitedPart("resolves", "7")),
    ("under instructs the Director of the Bureau 3 of Resolution 30 (Rev. Kigali, 2022)",
     CitedPart("instructs the Director of the Bureau", "3")),
    ("the principles in Annex 2 to Decision 5 (Rev. Dubai, 2018)", CitedPart("Annex 2", "")),
    ("the form in the Annex to Resolution 71", CitedPart("Annex", "")),
    # the instrument only
    ("taking into account Resolution 140 (Rev. Dubai, 2018)", None),
    ("Resolutions 70 and 130 (Rev. Dubai, 2018)", None),
    ("see resolves 2 above and Resolution 58", None),
])
def test_cited_part(text, part):
    assert _part(text) == part


def test_a_second_listed_instrument_names_no_part():
    assert _part("resolves 2 of Resolutions 70 and 130 (Rev. Dubai, 2018)", which=1) is None


def C(number: str, section: str, label: str, text: str, *, kind: str = "operative", ordinal: int = 0,
      revision: str = "Rev. Dubai, 2018") -> Clause:
    return Clause(file=f"PP-{number}.txt", instrument="Resolution", number=number, revision=revision, body="PP",
                  title=f"Title {number}", section=section, kind=kind, label=label, text=text, page=1,  # type: ignore[arg-type]
                  printed_page=None, ordinal=ordinal)


CORPUS = [
    C("58", "considering", "a)", "that cooperation matters", kind="preamble", ordinal=0),
    C("58", "resolves", "1", "to cooperate", ordinal=1),
    C("58", "resolves", "2", "to report annually", ordinal=2),
    C("58", "ANNEX 1 TO RESOLUTION 58 (REV. DUBAI, 2018)", "1", "A form", kind="annex", ordinal=3),
    C("71", "resolves", "1", "to apply resolves 2 of Resolution 58 (Rev. Dubai, 2018) and the form in "
                             "Annex 1 to Resolution 58 (Rev. Dubai, 2018)", ordinal=0),
    C("71", "resolves", "2", "to take into account Resolution 58 (Rev. Dubai, 2018), Resolution 999 "
                             "(Rev. Dubai, 2018) and No. 5.341 of the Radio Regulations", ordinal=1),
    C("72", "recalling", "a)", "Resolution 58 (Rev. Dubai, 2018) on cooperation", kind="preamble", ordinal=0),
]


@pytest.fixture(scope="module")
def corpus():
    return view_of(Index.from_clauses(CORPUS, FakeEmbedder()))


def _row(corpus, number: str, label: str, section: str = "resolves") -> int:
    return next(r for r, c in enumerate(corpus.clauses)
                if c.number == number and c.label == label and c.section.startswith(section))


def test_references_open_the_named_part_else_the_instrument_else_nothing(corpus):
    links = references_of(corpus, _row(corpus, "71", "1"))
    opened = [corpus.clauses[k.target_row].citation if k.target_row is not None else None for k in links]
    assert opened == ["Resolution 58 (Rev. Dubai, 2018), resolves 2, p. 1",
                      "Annex 1 to Resolution 58 (Rev. Dubai, 2018), item 1, p. 1"]
    assert all(k.names_part for k in links)
    links = references_of(corpus, _row(corpus, "71", "2"))
    assert [(k.ref.label, k.names_part) for k in links] == [
        ("Resolution 58 (Rev. Dubai, 2018)", False), ("Resolution 999 (Rev. Dubai, 2018)", False),
        ("RR No. 5.341", False)]
    first_of_58 = corpus.clauses[links[0].target_row]
    assert (first_of_58.number, first_of_58.section, first_of_58.label) == ("58", "considering", "a)")
    assert links[1].target is None and links[1].target_row is None  # not in the index
    assert links[2].target is None


def test_cited_by_lists_the_citing_clauses_those_naming_the_clause_first(corpus):
    by = cited_by(corpus, _row(corpus, "58", "2"))
    citing = [corpus.clauses[k.row] for k in by]
    assert [(c.number, c.label) for c in citing] == [("71", "1"), ("71", "2"), ("72", "a)")]
    assert by[0].names_part and corpus.clauses[by[0].target_row].label == "2"
    # another clause of Res. 58: the same citing clauses, none naming it (Res. 71 resolves 1 names resolves 2)
    by1 = cited_by(corpus, _row(corpus, "58", "1"))
    assert sorted((corpus.clauses[k.row].number, corpus.clauses[k.row].label) for k in by1) == [
        ("71", "1"), ("71", "2"), ("72", "a)")]
    assert cited_by(corpus, _row(corpus, "71", "1")) == []  # nothing cites Res. 71


def test_linked_text_makes_links_and_keeps_the_text():
    text = "to apply Resolution 58 (Rev. Dubai, 2018) and No. 5.341 <b>"
    refs = [views.RefLinkView(9, 41, "Resolution 58 (Rev. Dubai, 2018)", "abc123", "Resolution 58 ..., resolves 2",
                              True),
            views.RefLinkView(46, 55, "RR No. 5.341")]
    html = views.linked_text(text, refs, ["apply"])
    assert '<a class="ref-link" href="?clause=abc123" data-action="open" data-clause-id="abc123"' in html
    assert ">Resolution 58 (Rev. Dubai, 2018)</a>" in html
    assert '<span class="ref-out" title="RR No. 5.341: not in the index">No. 5.341</span>' in html
    assert '<mark class="term">apply</mark>' in html and "&lt;b&gt;" in html
    assert re.sub(r"<[^>]+>", "", html).replace("&lt;", "<").replace("&gt;", ">") == text


def test_the_references_panel_says_what_is_not_in_the_index():
    html = views.clause_refs_html(
        [views.RefLinkView(0, 5, "Resolution 58 (Rev. Dubai, 2018)", "abc", "Resolution 58 (...), resolves 2", True),
         views.RefLinkView(0, 5, "Resolution 140 (Rev. Antalya, 2006)", other_revision="Resolution 140 (Rev. Dubai, 2018)")],
        [views.CitingView("def", "Resolution 72 (...), recalling a)", "text", True)], instrument="Resolution 58")
    assert 'data-clause-id="abc"' in html and "→ Resolution 58 (...), resolves 2" in html
    assert "Resolution 140 (Rev. Antalya, 2006)</span> <span class=\"muted\">not in the index; the index has " \
           "Resolution 140 (Rev. Dubai, 2018)" in html
    assert "Cited by (1)" in html and 'data-clause-id="def"' in html and "names this clause" in html


def test_a_clause_without_references_gets_one_line():
    html = views.clause_refs_html([], [], instrument="Resolution 9")
    assert "cites nothing" in html and "cites Resolution 9" in html and "<h4>" not in html


def test_related_other_revisions_and_cited_instruments():
    corpus = view_of(Index.from_clauses([
        *CORPUS,
        C("58", "resolves", "1", "to cooperate, as in 2014", revision="Rev. Busan, 2014", ordinal=0),
        # cites Res. 72 of its own body (PP, from the citing instrument) and Res. 58 of 2018; Res. 140 is not indexed
        C("73", "recalling", "a)", "Resolution 72 (Rev. Dubai, 2018), Resolution 140 (Rev. Dubai, 2018) and "
                                   "Resolution 58 (Rev. Dubai, 2018)", kind="preamble", ordinal=0),
    ], FakeEmbedder()))
    names = lambda ids: [(corpus.instruments[i].number, corpus.instruments[i].revision) for i in ids]  # noqa: E731
    index_of = {(i.number, i.revision): n for n, i in enumerate(corpus.instruments)}
    revisions, cited = related_of(corpus, index_of[("58", "Rev. Dubai, 2018")])
    assert names(revisions) == [("58", "Rev. Busan, 2014")] and cited == []
    revisions, cited = related_of(corpus, index_of[("58", "Rev. Busan, 2014")])
    assert names(revisions) == [("58", "Rev. Dubai, 2018")]
    revisions, cited = related_of(corpus, index_of[("73", "Rev. Dubai, 2018")])
    assert revisions == [] and names(cited) == [("72", "Rev. Dubai, 2018"), ("58", "Rev. Dubai, 2018")]


def test_the_references_panel_without_citing_clauses_says_so():
    html = views.clause_refs_html([views.RefLinkView(0, 5, "RR No. 5.341")], [], instrument="Resolution 9")
    assert "Cited by (0)" in html and "No clause of another instrument in the index cites Resolution 9." in html
    assert "those naming this clause first" not in html
