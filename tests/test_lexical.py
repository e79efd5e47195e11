"""index.lexical.Lexical: BM25 scores, including queries that have no token at all."""

from __future__ import annotations

import numpy as np
import pytest

import index
from index import FakeEmbedder
from index.lexical import Lexical, tokenize
from tests.index_fixtures import resolution_text

DOCS = ["to promote satellite backhaul for remote villages", "to cooperate with UNICEF on awareness campaigns",
        "to report annually to the Council"]


@pytest.mark.parametrize("query", ["", "   ", "the of and to", "?!", "— …"])
def test_query_without_tokens_scores_zero_for_every_row(query):
    assert tokenize(query) == []
    lx = Lexical.build(DOCS)
    scores = lx.scores(query)
    assert scores.shape == (len(DOCS),) and scores.dtype == np.float32 and not scores.any()
    assert lx.search(query, 5) == []
    assert lx.search(query, 5, allowed=[0, 2]) == []


def test_query_with_tokens_still_ranks_the_matching_row_first():
    lx = Lexical.build(DOCS)
    scores = lx.scores("UNICEF awareness")
    assert int(np.argmax(scores)) == 1 and scores[1] > 0 and scores[0] == scores[2] == 0
    assert [row for row, _ in lx.search("the UNICEF", 5)] == [1]


def test_empty_corpus_scores_nothing():
    lx = Lexical.build([])
    assert lx.scores("UNICEF").shape == (0,) and lx.search("", 3) == []


def test_index_lexical_search_on_stopword_query_returns_no_rows(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "res-901.txt").write_text(resolution_text(901, "Spectrum for rural broadband", DOCS))
    index.build([folder], tmp_path / "idx", embedder=FakeEmbedder(), progress=False)
    idx = index.open(tmp_path / "idx", embedder=FakeEmbedder())
    assert idx.lexical_search("of the", 5) == []
    assert idx.lexical_search("UNICEF", 5)


def test_search_answers_a_query_without_tokens_from_the_dense_scores_alone(tmp_path):
    from search import ask

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "res-901.txt").write_text(resolution_text(901, "Spectrum for rural broadband", DOCS))
    index.build([folder], tmp_path / "idx", embedder=FakeEmbedder(), progress=False)
    idx = index.open(tmp_path / "idx", embedder=FakeEmbedder())
    res = ask(idx, "what is the ?", k=3)
    assert len(res.hits) == 3 and all(h.lexical is None for h in res.hits)


@pytest.mark.parametrize("url", ["https://www.itu.int/net/ITU-R/space/snl/index.asp.", "http://example.org/net/a_b?x=1",
                                 "www.itu.int/net/pages/neutrality", "ftp://files.example.net/net"])
def test_a_web_address_gives_no_host_or_path_words(url):
    tokens = tokenize(f"Reports available online at: {url} (see ITU-D 5150-5250)")
    assert tokens == ["reports", "available", "online", "see", "itu-d", "itu", "d", "5150-5250", "5150", "5250"]


def test_net_neutrality_does_not_match_a_footnote_that_is_only_a_link():
    docs = ["https://www.itu.int/net/wsis/neutrality/index.html", *DOCS]
    lx = Lexical.build(docs)
    assert not lx.scores("net neutrality").any()
    assert lx.search("net neutrality", 5) == []
    # a query that is itself an address matches nothing through the address either
    assert lx.search("https://www.itu.int/net/wsis/neutrality/index.html", 5) == []
    assert [row for row, _ in lx.search("neutrality of the satellite network", 5)] == [1]
