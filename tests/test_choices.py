"""Multiple-choice questions: parsing (search.choices.parse_choices) and option evidence in retrieval."""

from __future__ import annotations

import numpy as np
import pytest

from search.choices import Option, option_evidence, parse_choices

PARSES = [
    ("Which band? Options: A) 46-68 MHz B) 400.15-406 MHz C) 440-450 MHz D) 1 270-1 295 MHz",
     "Which band?", [("A", "46-68 MHz"), ("B", "400.15-406 MHz"), ("C", "440-450 MHz"), ("D", "1 270-1 295 MHz")]),
    ("What elevation?\nA. 10 degrees\nB. 20 degrees\nC. 34 degrees", "What elevation?",
     [("A", "10 degrees"), ("B", "20 degrees"), ("C", "34 degrees")]),
    ("Who reports? (A) the Council (B) the Secretary-General", "Who reports?",
     [("A", "the Council"), ("B", "the Secretary-General")]),
    ("Under recognizing a) of Res 1, who acts? Choices: a) BR b) TSB c) BDT", "Under recognizing a) of Res 1, who acts?",
     [("A", "BR"), ("B", "TSB"), ("C", "BDT")]),
]


@pytest.mark.parametrize(("question", "stem", "options"), PARSES, ids=[p[0][:30] for p in PARSES])
def test_parse_choices(question, stem, options):
    parsed = parse_choices(question)
    assert parsed is not None
    assert parsed.stem == stem
    assert [(o.letter, o.text) for o in parsed.options] == options


@pytest.mark.parametrize("question", [
    "What does recognizing a) of Resolution 1 say?",  # one label, no B)
    "Res 30 resolves 8",
    "A) B) C)",  # no stem, empty options
    "frequency band 5 150-5 250 MHz",
])
def test_not_multiple_choice(question):
    assert parse_choices(question) is None


def test_option_evidence_lifts_the_clause_that_answers_the_stem_and_states_an_option():
    stem = np.array([0.9, 0.85, 0.2, -1.0], dtype=np.float32)  # row 3 filtered out
    opt_a = np.array([0.0, 0.0, 1.0, 1.0], dtype=np.float32)  # a distractor stated by a weak stem candidate
    opt_b = np.array([0.1, 0.9, 0.0, 0.0], dtype=np.float32)  # stated by the second stem candidate
    fused, per_option = option_evidence(stem, [opt_a, opt_b], weight=0.6)
    assert int(np.argmax(fused)) == 1  # 0.85 + 0.6 * 0.85 * 0.9 beats 0.9 + 0.6 * 0.9 * 0.1
    assert per_option[1] == (pytest.approx(float(fused[1])), 1)
    assert per_option[1][0] > per_option[0][0] and per_option[0][1] == 2
    assert fused[3] == -1.0  # filtered rows stay out


def test_multiple_choice_search_ranks_on_the_stem_and_reports_the_supported_option():
    from index import FakeEmbedder, Index
    from search import ask
    from tests.index_fixtures import make_clause

    texts = ["administrations shall not operate wind profiler radars in the band 400.15-406 MHz",
             "the band 1 270-1 295 MHz is allocated to the radiolocation service for wind profiler radars",
             "to report annually to the Council on the budget"]
    idx = Index.from_clauses([make_clause(t, label=str(i + 1), ordinal=i) for i, t in enumerate(texts)],
                             FakeEmbedder())
    q = ("Which band must administrations not use for wind profiler radars? "
         "Options: A) 46-68 MHz B) 400.15-406 MHz C) 440-450 MHz D) 1 270-1 295 MHz")
    res = ask(idx, q, k=3)
    assert res.hits[0].clause.text == texts[0]
    best = max((c for c in res.choices if c.row is not None), key=lambda c: c.score)
    assert best.option == Option("B", "400.15-406 MHz")
    assert "Best supported option: B)" in res.message
