"""Footnotes rank below the clause that cites them unless their own text answers the query better."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from index import FakeEmbedder, Index
from ingest.records import Clause
from search import ask
from search.engine import SearchSettings, retrieve
from search.fusion import Fusion, below_citing_clause

HEADING = "resolves to invite the ITU Telecommunication Development Sector"
TITLE = "Role of the Telecommunication Development Sector in the 2030 Agenda for Sustainable Development"


def clause(section, label, text, *, kind="operative", lead_in="", refs=()):
    return Clause(file="res30.pdf", instrument="Resolution", number="30", revision="Rev. Kigali, 2022", body="WTDC",
                  title=TITLE, section=section, kind=kind, label=label, text=text, page=1, printed_page="1",
                  lead_in=lead_in, footnote_refs=tuple(refs))


CLAUSES = [
    clause(HEADING, "1", "to continue working with development partners, having particular regard to the needs of "
           "the developing countries, to accelerate the Sustainable Development Goals", refs=("1",)),
    clause(HEADING, "1", "These include the least developed countries, small island developing states, landlocked "
           "developing countries and countries with economies in transition.", kind="footnote",
           lead_in="having particular regard to the needs of the developing countries"),
    clause(HEADING, "2", "to report to the next conference on the implementation of this resolution"),
    clause("considering", "a)", "that broadband networks help achieve the Sustainable Development Goals",
           kind="preamble"),
    clause("instructs the Director", "1", "to assist Member States with spectrum management training"),
]
CITING, NOTE = 0, 1


@pytest.fixture(scope="module")
def idx():
    return Index.from_clauses([replace(c, ordinal=i) for i, c in enumerate(CLAUSES)], FakeEmbedder())


def test_footnote_inheriting_its_clause_score_stays_below_that_clause(idx):
    q = "What should ITU-D do to help countries reach the Sustainable Development Goals?"
    r = retrieve(idx, q, fusion=Fusion(footnote_context=1.0))
    assert r.fused[NOTE] < r.fused[CITING]
    unbounded = retrieve(idx, q, fusion=Fusion(footnote_context=1.0, footnote_below_citing=False))
    assert unbounded.fused[NOTE] > unbounded.fused[CITING]  # what the bound prevents
    for rerank in (False, True):
        rows = [h.clause for h in ask(idx, q, settings=SearchSettings(rerank=rerank, answer=False)).hits]
        assert rows.index(idx.clauses[CITING]) < rows.index(idx.clauses[NOTE])


def test_footnote_whose_own_text_answers_better_may_rank_above_its_clause(idx):
    q = "least developed countries small island developing states landlocked economies in transition"
    r = retrieve(idx, q)
    assert r.fused[NOTE] > r.fused[CITING]
    assert ask(idx, q, settings=SearchSettings(rerank=False, answer=False)).hits[0].clause == idx.clauses[NOTE]


def test_bound_uses_the_best_shown_citing_clause():
    base = np.array([0.5, 0.7, 0.6, 0.2], dtype=np.float32)  # rows 0, 1 cite footnote 2; row 3 a weak footnote
    s = np.array([0.5, 0.75, 0.9, 0.9], dtype=np.float32)  # after context terms
    parents = {2: (0, 1), 3: (0,)}
    out = below_citing_clause(s, base, parents)
    assert out[2] < out[1] and out[2] == pytest.approx(0.75 - 1e-3)
    assert out[3] < out[0]
    assert list(out[:2]) == list(s[:2])  # citing clauses themselves unchanged
    # a footnote scoring better on its own than every citing clause keeps its score
    own = below_citing_clause(s, np.array([0.5, 0.7, 0.8, 0.2], dtype=np.float32), parents)
    assert own[2] == pytest.approx(0.9)
    # a citing clause outside the filters does not hold its footnote down
    mask = np.array([True, False, True, True])
    masked = below_citing_clause(s, base, parents, mask)
    assert masked[2] == pytest.approx(0.9)  # only row 0 is shown, and the footnote beats it on its own
    assert masked[3] == pytest.approx(0.5 - 1e-3)
    assert below_citing_clause(s, base, parents, np.array([False, False, True, True]))[2] == pytest.approx(0.9)
