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


@pytest.fixture
def rural_index(tmp_path):
    """An index (fake embedder) of one small resolution made of DOCS."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "res-901.txt").write_text(resolution_text(901, "Spectrum for rural broadband", DOCS))
    index.build([folder], tmp_path / "idx", embedder=FakeEmbedder(), progress=False)
    return index.open(tmp_path / "idx", embedder=FakeEmbedder())


def test_index_lexical_search_on_stopword_query_returns_no_rows(rural_index):
    assert rural_index.lexical_search("of the", 5) == []
    assert rural_index.lexical_search("UNICEF", 5)


def test_search_answers_a_query_without_tokens_from_the_dense_scores_alone(rural_index):
    from search import ask

    res = ask(rural_index, "what is the ?", k=3)
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


# ---- ITU-aware terms (index format 4): the same term however the text writes it ------------------------
SAME_TERM = [
    # (one writing, another writing, a term both must give)
    ("1710-1885MHz", "the band 1 710-1 885 MHz", "1710-1885mhz"),
    ("1710\u20131885 MHz", "1\u202f710\u20131\u202f885\u00a0MHz", "1710-1885mhz"),
    ("27.5-29.5 GHz", "27 500-29 500 MHz", "27500-29500mhz"),
    ("27.5 GHz", "27 500 MHz", "27500mhz"),
    ("470 to 694 MHz", "470-694 MHz", "470-694mhz"),
    ("from 470 MHz to 694 MHz", "470\u2014694 MHz", "470-694mhz"),
    ("2 500-2 690MHz", "2500-2690 MHz", "2500-2690mhz"),
    ("9 kHz", "0.009 MHz", "0.009mhz"),
    ("1.71 GHz", "1 710 MHz", "1710mhz"),
    ("\u2212150 dB(W/m2)", "-150 dB(W/m\u00b2)", "-150dbw/m2"),
    ("-150 dB(W/(m2 \u00b7 MHz))", "-150 dB(W/(m2 MHz))", "dbw/m2mhz"),
    ("30 dB(W/100 MHz)", "30 dB(W/100MHz)", "30dbw/100mhz"),
    ("3 dBW/MHz", "3 dBW/MHz e.i.r.p.", "3dbw/mhz"),
    ("Recommendation ITU-R SM.329-12", "ITU-R SM.329", "sm.329"),
    ("ITU\u2011R P.452-16", "Recommendation ITU-R P.452", "p.452"),
    ("Nos. 9.7-9.21", "RR No. 9.21", "9.21"),
    ("Nos. 9.7-9.21", "No. 9.21", "rr:9.21"),
    ("No. 5.341", "footnote 5.341", "rr:5.341"),
    ("No. 9.11A", "9.11A", "9.11a"),
    ("Resolution 229 (Rev.WRC-19)", "Res 229", "res:229"),
    ("Resolution 229 (Rev.WRC-19)", "WRC Resolution 229", "res:wrc:229"),
    ("Resolution 229 (Rev.WRC-19)", "WRC-19", "wrc-19"),
    ("Appendix 30B", "RR Appendix 30B", "rr-ap:30b"),
    ("Article 44 of the Constitution", "CS Article 44", "cs-art:44"),
    ("UNGA Resolution 70/1", "A/RES/70/1", "unga:70/1"),
]


@pytest.mark.parametrize(("one", "other", "term"), SAME_TERM, ids=[f"{a}|{b}" for a, b, _ in SAME_TERM])
def test_itu_terms_match_across_writings(one, other, term):
    assert term in tokenize(one), tokenize(one)
    assert term in tokenize(other), tokenize(other)


@pytest.mark.parametrize(("text", "absent"), [
    ("Resolutions 1 and 2 500 members", "2500"),  # a space groups thousands only before a unit
    ("10-5 MHz", "10-5mhz"),  # not a range
    ("in 3 W", "3w"),  # a bare watt figure is not a term of its own
])
def test_itu_terms_not_made(text, absent):
    assert absent not in tokenize(text)


def test_quantity_numbers_stay_searchable_without_unit():
    toks = tokenize("the band 5 150-5 250 MHz")
    assert {"5150-5250", "5150", "5250", "5150-5250mhz"} <= set(toks)


def test_band_written_differently_is_found_by_bm25():
    docs = ["HIBS in the frequency band 1 710-1 885 MHz shall not cause interference",
            "the frequency band 1 885-2 025 MHz is identified for IMT", "to report annually to the Council"]
    lx = Lexical.build(docs)
    assert [row for row, _ in lx.search("hibs 1710-1885MHz", 3)][0] == 0
    assert [row for row, _ in lx.search("1.885-2.025 GHz", 3)][0] == 1


def test_coverage_is_absolute_share_of_query_terms():
    lx = Lexical.build(["the band 400.15-406 MHz for wind profiler radars", "the band 46-68 MHz", "other text"])
    cov = lx.coverage("400.15-406 MHz")
    assert cov[0] == pytest.approx(1.0) and cov[1] < 0.5 and cov[2] == 0
