"""Pseudo-relevance feedback (search/feedback.py, engine.with_feedback) with the deterministic fake embedder."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

import search.feedback as feedback
from index import FakeEmbedder, Index
from ingest.records import Clause
from search import ask
from search.corpus import view_of
from search.engine import SearchSettings, retrieve, with_feedback
from search.feedback import NO_FEEDBACK, Feedback, feedback_vector


def clause(label, text, title="Arrears and special arrears accounts"):
    return Clause(file="pp18.pdf", instrument="Resolution", number="41", revision="Rev. Dubai, 2018", body="PP",
                  title=title, section="resolves", kind="operative", label=label, text=text, page=1,
                  printed_page="1")


CLAUSES = [
    clause("1", "repayment schedules of up to fifteen years for least developed countries with arrears"),
    clause("2", "least developed countries special arrears account interest waived schedules"),
    clause("3", "special account interest waived when a member state clears its old debts", title="Other matters"),
    clause("4", "the secretariat publishes documents in six official languages", title="Languages"),
    clause("5", "radio frequencies for ships and aircraft of neutral states", title="Neutrality"),
]


@pytest.fixture(scope="module")
def idx():
    return Index.from_clauses([replace(c, ordinal=i) for i, c in enumerate(CLAUSES)], FakeEmbedder())


def test_feedback_vector_moves_the_query_towards_the_feedback_clauses():
    rng = np.random.default_rng(0)
    q = rng.normal(size=16).astype(np.float32)
    q /= np.linalg.norm(q)
    fb = rng.normal(size=(3, 16)).astype(np.float32)
    centroid = fb.mean(axis=0) / np.linalg.norm(fb.mean(axis=0))
    moved = feedback_vector(q, fb, 0.5)
    assert np.isclose(np.linalg.norm(moved), 1.0, atol=1e-5)
    assert float(moved @ centroid) > float(q @ centroid)
    assert np.array_equal(feedback_vector(q, fb, 0.0), q)
    assert np.array_equal(feedback_vector(q, fb[:0], 0.5), q)


def test_with_feedback_lifts_the_neighbours_of_the_first_clause(idx):
    view = view_of(idx)
    q = "repayment schedules fifteen years"
    r0 = retrieve(idx, q)
    top = int(np.argmax(r0.fused))
    assert top == 0
    r1 = with_feedback(idx, view, r0, [top], 0.6, q)
    assert np.array_equal(r1.lexical, r0.lexical)  # the lexical scores stay
    assert r1.dense[1] > r0.dense[1]  # clause 2 shares words with clause 1, not with the query
    assert r1.dense[1] - r0.dense[1] > r1.dense[4] - r0.dense[4]  # more than an unrelated clause gains


def test_ask_with_and_without_feedback_keeps_the_exact_match_first(idx):
    q = "repayment schedules of up to fifteen years"
    with_fb = ask(idx, q, k=3, settings=SearchSettings(feedback=Feedback(beta=0.3, docs=2)))
    without = ask(idx, q, k=3, settings=SearchSettings(feedback=NO_FEEDBACK))
    assert with_fb.hits[0].clause.label == without.hits[0].clause.label == "1"
    assert len(with_fb.hits) == len(without.hits) == 3


def test_shipped_setting_is_read_from_the_data_file(tmp_path, monkeypatch):
    data = json.loads(feedback.FEEDBACK_FILE.read_text(encoding="utf-8"))
    shipped = feedback.shipped()
    assert (shipped.beta, shipped.docs) == (float(data["beta"]), int(data["docs"]))
    assert data["fitted_on"] and data["parser_version"]  # says what it was chosen on
    bad = tmp_path / "feedback.json"
    bad.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(feedback, "FEEDBACK_FILE", bad)
    feedback.shipped.cache_clear()
    try:
        assert feedback.shipped() == NO_FEEDBACK and not NO_FEEDBACK.active
    finally:
        feedback.shipped.cache_clear()
