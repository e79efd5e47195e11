"""The reference table of the clause store: written at ingest, read back, and queried through `Index`."""

from __future__ import annotations

import sqlite3

import pytest

import index
from index import FakeEmbedder, Index
from tests.index_fixtures import make_clause, resolution_text

TEXTS = [
    "to apply Nos. 9.11A to 9.14 and No. 5.341 as set out in Recommendation ITU-R SM.329-12",
    "recalling Resolution 70 (Rev. Dubai, 2018) of this conference and UNGA Resolution 70/1",
    "to study propagation with Recommendation ITU-R P.452",
]


def test_in_memory_index_answers_references_and_citing() -> None:
    clauses = [make_clause(t, label=str(i + 1), ordinal=i) for i, t in enumerate(TEXTS)]
    idx = Index.from_clauses(clauses, FakeEmbedder())
    assert [r.label for r in idx.references(clauses[1].id)] == ["Resolution 70 (Rev. Dubai, 2018)",
                                                                "UNGA Resolution 70/1"]
    assert idx.references(clauses[1].id)[0].body == "PP"  # "of this conference" in a PP clause
    assert [row for row, _ in idx.citing("rr_provision", "9.12")] == [0]  # inside the range 9.11A-9.14
    assert [row for row, _ in idx.citing("rr_provision", "5.341")] == [0]
    assert idx.citing("rr_provision", "9.21") == []
    assert [row for row, _ in idx.citing("recommendation_itu_r", "sm.329")] == [0]
    assert [row for row, _ in idx.citing("recommendation_itu_r", "P.452-16")] == [2]
    assert [row for row, _ in idx.citing("resolution", "70", "Rev.Dubai, 2018")] == [1]
    assert idx.citing("resolution", "70", "Rev. Kigali, 2022") == []
    assert len(idx.all_references()) == 6
    assert idx.references("no-such-clause") == ()


def test_references_are_stored_at_ingest_and_read_back(tmp_path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "res-901.txt").write_text(resolution_text(
        901, "Satellite coordination", ["to apply No. 9.21 and Appendix 30B", "to report to the Council"]))
    d = tmp_path / "idx"
    index.build([docs], d, embedder=FakeEmbedder(), progress=False)
    idx = index.open(d, embedder=FakeEmbedder())
    [(row, ref)] = idx.citing("rr_provision", "9.21")
    assert "No. 9.21" in idx.clauses[row].text and ref.text == "No. 9.21"
    assert [r.label for r in idx.references(row)] == ["RR No. 9.21", "RR Appendix 30B"]
    con = sqlite3.connect(d / "clauses.sqlite")
    try:
        assert con.execute("SELECT count(*) FROM refs").fetchone()[0] == 2
    finally:
        con.close()


def test_a_question_naming_a_document_finds_the_clauses_that_cite_it() -> None:
    """"which resolutions deal with RR No. 9.21?": the clause citing No. 9.21 (here through the range
    Nos. 9.11A to 9.21) gets the cited-reference bonus on its fused score, the others do not, and it
    leads the fused order. (The fitted reranker that orders the final hits is fitted on real vectors, not
    on this fake embedder's; how reference questions rank in the end is measured in bench/results/eval.md.)"""
    from dataclasses import replace

    from search import ask
    from search.engine import DEFAULT_SETTINGS, retrieve

    texts = ["resolutions that deal with the RR",
             "administrations shall seek agreement under Nos. 9.11A to 9.21 before notifying",
             "to report annually to the Council on the budget"]
    idx = Index.from_clauses([make_clause(t, label=str(i + 1), ordinal=i) for i, t in enumerate(texts)],
                             FakeEmbedder())
    q = "which resolutions deal with RR No. 9.21?"
    fusion = DEFAULT_SETTINGS.fusion
    assert fusion.cited_reference > 0
    on = retrieve(idx, q, fusion=fusion).fused
    off = retrieve(idx, q, fusion=replace(fusion, cited_reference=0.0)).fused
    assert on[1] - off[1] == pytest.approx(fusion.cited_reference, abs=1e-5)
    assert on[0] == pytest.approx(off[0]) and on[2] == pytest.approx(off[2])
    assert max(range(len(texts)), key=lambda i: on[i]) == 1 and max(range(len(texts)), key=lambda i: off[i]) == 0
    assert texts[1] in [h.clause.text for h in ask(idx, q, k=3).hits[:2]]
