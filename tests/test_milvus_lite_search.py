"""The retrieval tests of test_search.py, run on the Milvus store (milvus-lite embedded): same rankings,
references, filters and abstentions as the default store."""

from __future__ import annotations

import inspect
from dataclasses import replace

import pytest

from tests import test_search as base
from tests.milvus_fixtures import milvus_from_clauses

pytestmark = pytest.mark.slow  # left out of `make check` (see Makefile)


@pytest.fixture(scope="module")
def idx(tmp_path_factory):
    where = f"milvus-lite:{tmp_path_factory.mktemp('milvus') / 'search.db'}"
    return milvus_from_clauses(base.CLAUSES, where)


# every test of test_search.py that runs against the `idx` fixture, here against Milvus
for _name, _test in inspect.getmembers(base, inspect.isfunction):
    if _name.startswith("test_") and "idx" in inspect.signature(_test).parameters:
        globals()[_name] = _test


def test_same_hits_scores_and_answers_as_the_default_store(idx):
    """Hit for hit, the Milvus store gives what the FAISS/bm25s store gives on the same clauses."""
    import search
    from index import FakeEmbedder, Index

    default = Index.from_clauses([replace(c, ordinal=i) for i, c in enumerate(base.CLAUSES)], FakeEmbedder())
    queries = ["digital divide in developing countries", "e-waste of mobile handsets", "Res 30 resolves 8",
               "spectrum for satellites", "child online protection", "what does Resolution 2 say"]
    for q in queries:
        a, b = search.ask(idx, q), search.ask(default, q)
        assert [(h.clause.id, h.score) for h in a.hits] == [(h.clause.id, h.score) for h in b.hits], q
        assert [round(h.dense or 0, 4) for h in a.hits] == [round(h.dense or 0, 4) for h in b.hits], q
        assert a.abstained == b.abstained and a.message == b.message
        assert (a.answer is None) == (b.answer is None)
        if a.answer is not None:
            assert [s.text for s in a.answer.sentences] == [s.text for s in b.answer.sentences]
