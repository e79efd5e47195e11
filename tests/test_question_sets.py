"""The committed question sets stay valid: gold entries name one truth record each, the split follows its rule."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _check_module():
    sys.path.insert(0, str(REPO / "bench"))
    spec = importlib.util.spec_from_file_location("check_questions", REPO / "bench" / "check_questions.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_question_sets_validate(shared_corpus: Path):
    mod = _check_module()
    truth = mod.scorer().Truth([shared_corpus / "truth"])
    sets = {name: mod.load_jsonl(path) for name, path in mod.SETS.items()}
    assert len(sets["train"]) + len(sets["test"]) >= 240
    assert mod.check(sets, truth) == []


def test_check_catches_a_broken_gold_and_a_moved_question(shared_corpus: Path):
    mod = _check_module()
    truth = mod.scorer().Truth([shared_corpus / "truth"])
    sets = {name: mod.load_jsonl(path) for name, path in mod.SETS.items()}
    answerable = next(q for q in sets["train"] if q["gold"])
    answerable["gold"] = [dict(answerable["gold"][0], label="999")]
    moved = sets["test"].pop()
    sets["train"].append(moved)
    errors = mod.check(sets, truth)
    assert any(f"{moved['id']} is in train" in e for e in errors)
    assert any("truth records" in e for e in errors)


@pytest.mark.parametrize("fresh", ["test2", "test3"])
def test_check_catches_a_fresh_test_answer_that_another_set_answers(shared_corpus: Path, fresh: str):
    mod = _check_module()
    assert fresh in mod.FRESH_TESTS
    truth = mod.scorer().Truth([shared_corpus / "truth"])
    sets = {name: mod.load_jsonl(path) for name, path in mod.SETS.items()}
    seen = next(q for q in sets["train4"] if q["gold"])
    stale = next(q for q in sets[fresh] if q["gold"])
    stale["gold"] = [dict(seen["gold"][0])]
    errors = mod.check(sets, truth)
    assert errors == [f"{fresh} {stale['id']}: its answer is also the answer of a question of another set"]
