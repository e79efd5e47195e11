"""Spelling suggestions only for non-words, shown as "did you mean"; questions in other ITU languages."""

from __future__ import annotations

import pytest

from index import FakeEmbedder, Index
from ingest.records import Clause
from search import ask
from search.language import other_language
from search.query import Vocabulary, plan_query


def clause(label: str, text: str, section: str = "resolves") -> Clause:
    return Clause(file="res.pdf", instrument="Resolution", number="9", revision="Rev. Dubai, 2018", body="PP",
                  title="Spectrum management for developing countries", section=section, kind="operative",
                  label=label, text=text, page=1, printed_page="1", ordinal=int(label))


CLAUSES = [
    clause("1", "to assist developing countries with national frequency planning and spectrum actions"),
    clause("2", "to publish guidance on radio frequencies for emergency communications"),
    clause("3", "to combat counterfeit telecommunication equipment"),
]


@pytest.fixture(scope="module")
def idx():
    return Index.from_clauses(CLAUSES, FakeEmbedder())


VOCAB = Vocabulary.from_texts(c.text for c in CLAUSES)


def test_an_english_word_the_corpus_lacks_is_not_corrected():
    # "auctions" is one edit from the corpus word "actions", but it is a word: leave it alone
    p = plan_query("spectrum auctions", VOCAB)
    assert p.corrections == () and p.did_you_mean == ""
    assert "actions" not in p.lexical_text.split()


def test_a_non_word_gets_a_suggestion_and_the_search_keeps_the_typed_word():
    p = plan_query("navtex frequncies for counterfiet goods", VOCAB)
    assert dict(p.corrections) == {"frequncies": "frequencies", "counterfiet": "counterfeit"}
    assert p.did_you_mean == "navtex frequencies for counterfeit goods"
    assert "frequncies" in p.lexical_text and "frequencies" in p.lexical_text  # both are searched


def test_a_suggestion_may_come_from_the_word_list_when_the_corpus_has_none():
    p = plan_query("maternty leave", VOCAB)
    assert dict(p.corrections) == {"maternty": "maternity"}


def test_ask_shows_did_you_mean_and_never_silently(idx):
    r = ask(idx, "radio frequncies for emergencies", k=3)
    assert r.did_you_mean == "radio frequencies for emergencies"
    assert "Did you mean: radio frequencies for emergencies?" in r.message
    r = ask(idx, "spectrum auctions", k=3)
    assert r.did_you_mean == "" and "Did you mean" not in r.message


@pytest.mark.parametrize(("question", "language"), [
    ("Quels pays sont considérés comme des pays en développement ?", "French"),
    ("Quel est le mandat du GCNT ?", "French"),
    ("¿Qué países se consideran países en desarrollo?", "Spanish"),
    ("¿Cuál es el mandato del grupo asesor?", "Spanish"),
    ("ما هي البلدان التي تعتبر بلدانا نامية؟", "Arabic"),
    ("哪些国家被视为发展中国家？", "Chinese"),
    ("Какие страны считаются развивающимися?", "Russian"),
])
def test_other_itu_languages_are_recognized(question, language):
    assert other_language(question) == language


@pytest.mark.parametrize("question", [
    "Which countries count as developing countries here?",
    "spectrum auctions",
    "rlan 5150-5250 mhz outdoor use",
    "Décision 5",
    "what does the resolution say about la francophonie and the agence de la francophonie",
    "how many years can ldcs take to pay back money they owe itu under a repayment plan",
    "hibs 2500-2690 MHz pfd limit",
    "Res. 30 (Rev. Kigali, 2022) resolves to invite ITU-D 8",
])
def test_english_questions_are_english(question):
    assert other_language(question) is None


@pytest.mark.parametrize("question", [
    "Quels pays sont considérés comme des pays en développement ?",
    "¿Qué países se consideran países en desarrollo?",
    "ما هي البلدان التي تعتبر بلدانا نامية؟",
    "哪些国家被视为发展中国家？",
    "Какие страны считаются развивающимися?",
])
def test_a_question_in_another_language_gets_a_message_not_a_false_not_addressed(idx, question):
    r = ask(idx, question, k=3)
    assert r.outcome == "other_language" and not r.abstained and r.answer is None
    assert "English" in r.message and r.language in r.message
