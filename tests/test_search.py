"""search.ask on small hand-made clause sets with the deterministic fake embedder."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from index import FakeEmbedder, Index
from ingest.records import Clause
from search import Filters, ask
from search.corpus import view_of
from search.engine import retrieve, retrieve_within
from search.fusion import Fusion, fuse, normalized_dense, normalized_lexical, ranks, top_rows
from search.query import Vocabulary, plan_query


def clause(number, section, label, text, *, body="PP", revision="Rev. Dubai, 2018", kind="operative",
           file="pp18.pdf", title=None, page=1, footnote_refs=(), lead_in=""):
    return Clause(file=file, instrument="Resolution", number=number, revision=revision, body=body,
                  title=title or f"Resolution {number} title", section=section, kind=kind, label=label, text=text,
                  page=page, printed_page=str(page), lead_in=lead_in, footnote_refs=tuple(footnote_refs))


CLAUSES = [
    clause("2", "considering", "a)", "that policy forums help members exchange views", kind="preamble",
           title="World telecommunication policy forum"),
    clause("2", "resolves", "1", "that the forum shall not produce binding regulatory outcomes",
           title="World telecommunication policy forum"),
    clause("2", "resolves", "2", "that the forum shall be open to all Member States and Sector Members",
           title="World telecommunication policy forum"),
    clause("41", "instructs the ITU Council", "1",
           "to agree repayment schedules of up to fifteen years for least developed countries with arrears",
           title="Arrears and special arrears accounts"),
    clause("41", "resolves", "1", "that interest on arrears shall be charged", title="Arrears and special arrears accounts"),
    clause("30", "resolves to invite the ITU Telecommunication Development Sector", "8",
           "to continue its work on cybersecurity capacity building", body="WTDC", revision="Rev. Kigali, 2022",
           file="wtdc.pdf", title="Role of ITU-D in WSIS"),
    clause("30", "resolves to invite the ITU Telecommunication Development Sector", "9",
           "to assist small island developing states with emergency telecommunications", body="WTDC",
           revision="Rev. Kigali, 2022", file="wtdc.pdf", title="Role of ITU-D in WSIS"),
    clause("2", "resolves", "1", "that recording an assignment gives no permanent priority to any country",
           body="WRC", revision="REV.WRC-23", file="rr.pdf", title="Equitable use of the geostationary orbit"),
    clause("2", "resolves", "2", "that administrations should coordinate satellite frequency assignments",
           body="WRC", revision="REV.WRC-23", file="rr.pdf", title="Equitable use of the geostationary orbit",
           footnote_refs=("1",)),
    clause("2", "resolves", "1", "Note by the Secretariat: this text was revised in 2019.", body="WRC",
           revision="REV.WRC-23", file="rr.pdf", kind="footnote", title="Equitable use of the geostationary orbit"),
    clause("12", "resolves", "1", "that assistance to Palestine for frequency management shall continue",
           body="WRC", revision="REV.WRC-23", file="rr.pdf", title="Assistance and support to Palestine"),
    clause("99", "resolves", "3", "that the delegation shall be seated among Member States in French alphabetical order",
           title="Status of Palestine in ITU"),
]


@pytest.fixture(scope="module")
def idx():
    cs = [replace(c, ordinal=i) for i, c in enumerate(CLAUSES)]
    return Index.from_clauses(cs, FakeEmbedder())


def cites(result):
    return [h.clause.citation.rsplit(", p.", 1)[0] for h in result.hits]


def test_question_finds_its_clause(idx):
    r = ask(idx, "repayment schedule years for least developed countries", k=3)
    assert cites(r)[0] == "Resolution 41 (Rev. Dubai, 2018), instructs the ITU Council 1"
    assert not r.abstained and r.answer is not None
    assert r.answer.sentences[0].clause.number == "41"


def test_abbreviation_and_typo_are_understood(idx):
    r = ask(idx, "repaymnt schedules for LDCs", k=3)
    assert r.hits[0].clause.number == "41"
    assert "repayment" in r.message  # the correction is shown


def test_reference_names_a_clause_first(idx):
    r = ask(idx, "Res. 30 (Rev. Kigali, 2022) resolves to invite ITU-D 9", k=5)
    assert cites(r)[0] == ("Resolution 30 (Rev. Kigali, 2022), resolves to invite the ITU Telecommunication "
                           "Development Sector 9")
    assert r.hits[0].why == "reference" and not r.abstained
    assert r.answer.sentences[0].text.startswith("to assist small island")


def test_ambiguous_reference_is_grouped_not_guessed(idx):
    r = ask(idx, "Res 2 resolves 1", k=6)
    assert r.ambiguous
    assert sorted(g.body for g in r.groups) == ["PP", "WRC"]
    assert {h.clause.body for h in r.hits[:2]} == {"PP", "WRC"}
    assert all(h.clause.label == "1" and h.clause.section == "resolves" for h in r.hits[:2])
    assert "2 instruments" in r.message


def test_body_in_reference_removes_the_ambiguity(idx):
    r = ask(idx, "WRC Res 2 resolves 1", k=3)
    assert not r.ambiguous and r.hits[0].clause.file == "rr.pdf" and r.hits[0].clause.kind == "operative"


def test_instrument_reference_puts_its_clauses_first(idx):
    r = ask(idx, "what does Resolution 41 say about interest", k=4)
    assert [h.clause.number for h in r.hits[:2]] == ["41", "41"]
    assert r.hits[0].clause.section == "resolves"  # the clause about interest, not reading order


def test_reference_to_a_missing_instrument_falls_back_to_text_search(idx):
    r = ask(idx, "Resolution 958 Palestine frequency assistance", k=3)
    assert "958" in r.message
    assert r.hits[0].clause.number == "12"


def test_filters(idx):
    r = ask(idx, "resolves", k=20, filters=Filters(body="WRC"))
    assert r.hits and {h.clause.body for h in r.hits} == {"WRC"}
    r = ask(idx, "forum members", k=20, filters=Filters(kind="preamble"))
    assert {h.clause.kind for h in r.hits} == {"preamble"}
    r = ask(idx, "assignments", k=20, filters=Filters(revision="WRC-23"))
    assert {h.clause.revision for h in r.hits} == {"REV.WRC-23"}
    r = ask(idx, "forum", k=20, filters=Filters(revision="2018", number="2"))
    assert {(h.clause.number, h.clause.body) for h in r.hits} == {("2", "PP")}
    r = ask(idx, "cybersecurity", k=20, filters=Filters(file="wtdc.pdf"))
    assert {h.clause.file for h in r.hits} == {"wtdc.pdf"}
    r = ask(idx, "cybersecurity", k=20, filters=Filters(body="ITU-D"))
    assert {h.clause.body for h in r.hits} == {"WTDC"}


def test_filter_that_excludes_everything(idx):
    r = ask(idx, "forum", k=5, filters=Filters(body="Council"))
    assert r.hits == () and "filters" in r.message


def test_reference_outside_the_filters_says_so(idx):
    r = ask(idx, "Res 41 resolves 1", k=5, filters=Filters(body="WRC"))
    assert all(h.clause.body == "WRC" for h in r.hits)
    assert "filters" in r.message


def test_abstains_when_nothing_matches(idx):
    r = ask(idx, "quantum key distribution network standards", k=3)
    assert r.abstained and r.answer is None
    assert "do not appear to address" in r.message
    assert r.hits  # the closest clauses are still listed


def test_empty_query():
    idx = Index.from_clauses([replace(CLAUSES[0], ordinal=0)], FakeEmbedder())
    r = ask(idx, "   ", k=3)
    assert r.hits == () and "empty" in r.message


def test_footnote_inherits_context_from_the_clause_citing_it(idx):
    f = Fusion(footnote_context=0.0)
    plain = retrieve(idx, "coordinate satellite frequency assignments", fusion=f)
    ctx = retrieve(idx, "coordinate satellite frequency assignments", fusion=Fusion(footnote_context=0.5))
    note = next(i for i, c in enumerate(idx.clauses) if c.kind == "footnote")
    assert ctx.fused[note] > plain.fused[note]


def test_preamble_penalty_lowers_preamble_clauses_only(idx):
    q = "forum members exchange views"
    plain = retrieve(idx, q, fusion=Fusion(preamble_penalty=0.0))
    penalized = retrieve(idx, q, fusion=Fusion(preamble_penalty=0.2))
    for row, c in enumerate(idx.clauses):
        want = 0.2 if c.kind == "preamble" else 0.0
        assert plain.fused[row] - penalized.fused[row] == pytest.approx(want, abs=1e-5)


def test_rrf_and_weighted_fusion_agree_on_a_clear_winner():
    dense = np.array([0.9, 0.5, 0.1], dtype=np.float32)
    lexical = np.array([8.0, 2.0, 0.0], dtype=np.float32)
    for f in (Fusion(method="rrf"), Fusion(method="weighted", dense_weight=0.5)):
        s = fuse(dense, lexical, None, f)
        assert top_rows(s, 3)[0] == 0


def test_fusion_respects_the_mask():
    dense = np.array([0.9, 0.5, 0.1], dtype=np.float32)
    lexical = np.array([8.0, 2.0, 1.0], dtype=np.float32)
    mask = np.array([False, True, True])
    s = fuse(dense, lexical, mask, Fusion())
    assert s[0] < 0 and top_rows(s, 3) == [1, 2]


def test_score_normalization():
    assert list(ranks(np.array([0.1, 0.9, 0.5]), None)) == [3, 1, 2]
    n = normalized_dense(np.array([0.2, 0.8, 0.5], dtype=np.float32), None, depth=3)
    assert n.max() == pytest.approx(1.0) and n.min() == pytest.approx(0.0)
    assert normalized_lexical(np.array([0.0, 4.0, 2.0], dtype=np.float32), None).tolist() == [0.0, 1.0, 0.5]


def test_unknown_fusion_method():
    with pytest.raises(ValueError, match="unknown fusion"):
        fuse(np.zeros(2, np.float32), np.zeros(2, np.float32), None, Fusion(method="magic"))


def test_query_plan_expands_abbreviations_and_fixes_typos_only_for_unknown_words():
    vocab = Vocabulary.from_texts(["frequencies for navtex coordination", "counterfeit devices"])
    p = plan_query("navtex frequncies for LDCs counterfiet", vocab, known_words=frozenset({"neutrality"}))
    assert dict(p.corrections) == {"frequncies": "frequencies", "counterfiet": "counterfeit"}
    assert "least developed countries (LDCs)" in p.dense_text
    assert "least developed countries" in p.lexical_text
    p = plan_query("net neutrality", vocab, known_words=frozenset({"neutrality"}))
    assert p.corrections == ()


def test_k_is_respected_and_ranks_are_consecutive(idx):
    r = ask(idx, "resolves", k=4)
    assert [h.rank for h in r.hits] == [1, 2, 3, 4]
    assert all(0.0 <= h.score <= 1.0 for h in r.hits)


def test_retrieval_within_a_row_mask_scores_no_row_outside_it(idx):
    everywhere = retrieve(idx, "frequency planning developing countries")
    within = np.zeros(len(idx.clauses), dtype=bool)
    within[-2:] = True
    inside = retrieve_within(idx, view_of(idx), everywhere, "frequency planning developing countries", within)
    assert set(top_rows(inside.fused, len(idx.clauses))) <= set(np.flatnonzero(within))
    assert set(top_rows(everywhere.fused, len(idx.clauses))) - set(np.flatnonzero(within))  # the mask did restrict
