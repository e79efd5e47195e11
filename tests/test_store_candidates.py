"""The default store's candidate search: FAISS top-k (exact, IVF, HNSW) within filters, exact scores for a
few rows, and no query that reads every vector."""

from __future__ import annotations

import numpy as np
import pytest

import index.vectors as iv
from index.vectors import Vectors


def _data(n=3000, dim=32, seed=0):
    x = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


@pytest.mark.parametrize("kind", ["flat", "ivf", "hnsw"])
def test_top_k_within_a_filter_matches_exact_search(kind, monkeypatch):
    x = _data()
    vec = Vectors.build(x, x.shape[1], approx_threshold=len(x) if kind == "flat" else 0, approx_kind=kind)
    assert vec.kind == kind
    allowed = np.arange(100, 700)
    q = x[123]
    exact = allowed[np.argsort(-(x[allowed] @ q), kind="stable")[:20]]
    # a small filter is scored exactly over its rows, whatever the index
    assert [r for r, _ in vec.top(q, 20, allowed)] == exact.tolist()
    # a large one goes through the index with a row selector: only allowed rows come back
    monkeypatch.setattr(iv, "EXACT_SUBSET", 10)
    got = [r for r, _ in vec.top(q, 20, allowed)]
    assert got and set(got) <= set(allowed.tolist()) and got[0] == 123
    assert np.allclose(vec.scores(q, np.array([5, 123, 2999])), x[[5, 123, 2999]] @ q, atol=1e-6)
    assert vec.top(q, 5, np.array([], dtype=np.int64)) == []


def test_ask_never_reads_every_vector(monkeypatch):
    """The query path asks the store for candidates; no code path in search reads all vectors."""
    import search
    from index import FakeEmbedder, Index
    from search.records import Filters
    from tests.index_fixtures import make_clause

    cs = [make_clause(f"to study topic {i} of the digital divide", number=str(i % 7 + 1), label=str(i % 5 + 1),
                      ordinal=i, file=f"res-{i % 7 + 1}.txt") for i in range(60)]
    idx = Index.from_clauses(sorted(cs, key=lambda c: c.file), FakeEmbedder())

    def no_full_scan(*_a, **_k):
        raise AssertionError("a query read every vector")

    monkeypatch.setattr(Index, "vectors", no_full_scan)
    monkeypatch.setattr(Vectors, "all_vectors", no_full_scan)
    res = search.ask(idx, "digital divide topic 12")
    assert res.hits and all(h.dense is not None and -1.0 <= h.dense <= 1.0 for h in res.hits)
    assert search.ask(idx, "digital divide", filters=Filters(number="3")).hits
    assert search.ask(idx, "Res 3 resolves 2").hits


def test_candidates_and_dense_scores_of_the_default_store():
    from index import FakeEmbedder, Index
    from tests.index_fixtures import make_clause

    cs = [make_clause("satellite backhaul for villages", ordinal=0), make_clause("UNICEF awareness", ordinal=1,
                                                                                 label="2"),
          make_clause("e-waste of handsets", ordinal=2, label="3")]
    idx = Index.from_clauses(cs, FakeEmbedder())
    q = idx.embed(["UNICEF awareness"])[0]
    c = idx.candidates(q, "UNICEF awareness", dense_k=2, lexical_k=5)
    assert len(c.dense) == 2 and c.lexical[0][0] == 1
    c = idx.candidates(q, "UNICEF awareness", dense_k=5, lexical_k=5, allowed=np.array([0, 2]))
    assert {r for r, _ in c.dense} == {0, 2} and c.lexical == []
    assert np.allclose(idx.dense_scores(q, [2, 0]), [dict(idx.dense_search_vector(q, 3))[r] for r in (2, 0)])
    assert idx.stats().store == "memory" and idx.stats().clauses == 3
