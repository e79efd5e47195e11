"""Extractive answers: sentence splitting, choosing the sentences that answer, citations; answer types."""

from __future__ import annotations

import numpy as np
import pytest

from index import FakeEmbedder, Index
from ingest.records import Clause
from search.answer import extract_answer, split_sentences
from search.answer_type import states_date, states_quantity, wanted
from search.query import Vocabulary, plan_query
from search.records import Hit


@pytest.mark.parametrize(("text", "want"), [
    ("that the fund shall keep a reserve. The reserve is reviewed yearly.",
     ["that the fund shall keep a reserve.", "The reserve is reviewed yearly."]),
    ("to report on the matter, see Res. 30 of the conference; To consult No. 5.296 of the Radio Regulations.",
     ["to report on the matter, see Res. 30 of the conference;", "To consult No. 5.296 of the Radio Regulations."]),
    ("a short one. Ok. Then a longer closing sentence here.", ["a short one. Ok.", "Then a longer closing sentence here."]),
    ("", []),
])
def test_split_sentences(text, want):
    assert split_sentences(text) == want


def _clause(text, label="1", number="11"):
    return Clause(file="pp.pdf", instrument="Resolution", number=number, revision="Rev. Dubai, 2018", body="PP",
                  title="ITU Telecom events", section="resolves", kind="operative", label=label, text=text, page=12,
                  printed_page="10")


def test_answer_picks_the_sentence_that_answers_and_cites_its_clause():
    c1 = _clause("The fund finances exhibitions. It shall keep a minimum reserve of CHF 5 million at all times.")
    c2 = _clause("that the audit shall be carried out by the External Auditor;", label="9")
    emb = FakeEmbedder()
    idx = Index.from_clauses([c1, c2], emb)
    vocab = Vocabulary.from_texts([c1.text, c2.text])
    plan = plan_query("minimum reserve the fund must keep", vocab)
    hits = [Hit(c1, 0.9, 1), Hit(c2, 0.5, 2)]
    ans = extract_answer(idx, None, plan, hits, emb.encode([plan.dense_text])[0], 0.8)
    assert ans.sentences[0].text == "It shall keep a minimum reserve of CHF 5 million at all times."
    assert ans.sentences[0].citation == "Resolution 11 (Rev. Dubai, 2018), resolves 1, p. 10"
    assert ans.confidence == 0.8
    assert c1 in ans.clauses
    assert ans.text.startswith("It shall keep")


def test_answer_for_named_clauses_quotes_them_whole():
    c = _clause("to continue its work; to report to the Council.")
    ans = extract_answer(None, None, plan_query("Res 11 resolves 1", None), [Hit(c, 1.0, 1)], None, 1.0,
                         whole_clauses=True)
    assert [s.text for s in ans.sentences] == [c.text]


def test_no_hits_no_answer():
    assert extract_answer(None, None, plan_query("x", None), [], np.zeros(3), 0.5) is None


@pytest.mark.parametrize(("question", "quantity", "date"), [
    ("How much does a university pay?", True, False),
    ("What overhead rate should ITU recover?", True, False),
    ("what is the maximum duration of a conference", True, False),
    ("When does the provisional application start?", False, True),
    ("From when are the rules applied?", False, True),
    ("What are the deadlines for contributions?", False, True),
    ("What criteria apply when a WRC considers new cases?", False, False),
    ("Who chairs the task force?", False, False),
])
def test_answer_type_of_questions(question, quantity, date):
    assert wanted(question) == (quantity, date)


@pytest.mark.parametrize(("text", "quantity", "date"), [
    ("a minimum support cost of 7 per cent", True, False),
    ("at one-sixteenth of the value of the contributory unit", True, False),
    ("up to fifteen years for least developed countries", True, False),
    ("CHF 150 million from the host country", True, False),
    ("on a provisional basis as from 1 January 2025", False, True),
    ("no later than 45 days before any deadline", True, True),
    ("to continue its work on the WSIS vision", False, False),
])
def test_answer_type_of_clauses(text, quantity, date):
    assert (states_quantity(text), states_date(text)) == (quantity, date)
