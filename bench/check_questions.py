"""Validate the question sets and print their make-up.

Checks, for dev (../shared/eval/dev.jsonl) and every set under bench/questions/:
* every gold entry names exactly one truth record, using the shared score.py's own lookup (Truth.gold);
* ids are unique across all sets and no question text appears twice;
* unanswerable questions, and only they, have no gold; list questions have all_required;
  multiple-choice questions end with "Options: A) ... B) ... C) ... D) ...";
* train and test follow the fixed split rule of bench/questions/build_questions.py (within each style,
  by sha256 of the id), so nobody can move a question between them by hand;
* no test2 or test3 question has as its answer a clause that a question of another set has as its answer
  (both were written on clauses nothing fitted ever saw as an answer).
Prints counts by style and split, and the sha256 of each file (as quoted in bench/questions/README.md).

    python bench/check_questions.py        # exit status 1 on any error
"""
from __future__ import annotations

import hashlib
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import CORPUS, EVAL, QUESTIONS, answered_clauses, gold_keys, load_jsonl, scorer  # noqa: E402

SETS = {
    "dev": EVAL / "dev.jsonl",
    "heldout": QUESTIONS / "heldout.jsonl",
    "train": QUESTIONS / "train.jsonl",
    "test": QUESTIONS / "test.jsonl",
    "train2": QUESTIONS / "train2.jsonl",  # added later, all TRAIN: outside the split rule so test never moves
    "train3": QUESTIONS / "train3.jsonl",  # the same
    "train4": QUESTIONS / "train4.jsonl",  # the same
    "test2": QUESTIONS / "test2.jsonl",  # written after every fitted value and choice; all TEST
    "train5": QUESTIONS / "train5.jsonl",  # all TRAIN, on clauses TEST2's sample did not take
    "test3": QUESTIONS / "test3.jsonl",  # like test2, written after train5 on clauses no earlier sample took
    "train6": QUESTIONS / "train6.jsonl",  # written for TRAIN after TEST3; not in TRAIN_FILES (no gain in 2-fold CV)
}
FRESH_TESTS = ("test2", "test3")  # test sets whose answers no question of another set may have
WRITTEN_HERE = tuple(name for name in SETS if name not in ("dev", "heldout"))  # the sets with a style field
OPTIONS = re.compile(r"Options:\s*A\)\s*.+B\)\s*.+C\)\s*.+D\)\s*.+$")
RADIO_FILE = "RR-2024-Vol3-part1.pdf"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def is_radio(q: dict) -> bool:
    """A technical radio question: answered by WRC resolution clauses (RR Vol. 3)."""
    return bool(q["gold"]) and all(Path(g["file"]).name == RADIO_FILE for g in q["gold"])


def expected_split(questions: list[dict]) -> dict[str, str]:
    out = {}
    for style in sorted({q["style"] for q in questions}):
        group = sorted((q for q in questions if q["style"] == style),
                       key=lambda q: hashlib.sha256(q["id"].encode()).hexdigest())
        for i, q in enumerate(group):
            out[q["id"]] = "train" if i % 2 == 0 else "test"
    return out


def check(sets: dict[str, list[dict]], truth) -> list[str]:
    errors = []
    ids: Counter = Counter()
    texts: Counter = Counter()
    for name, qs in sets.items():
        for q in qs:
            ids[q["id"]] += 1
            texts[" ".join(q["question"].lower().split())] += 1
            for g in q["gold"]:
                try:
                    rec = truth.gold(g)
                except KeyError as e:
                    errors.append(f"{name} {q['id']}: {e}")
                    continue
                if rec["_nwords"] < 3 and name in WRITTEN_HERE:
                    # score.py compares word 3-grams: a shorter clause can never be matched (heldout h044
                    # has one such list item, "intended route"; heldout stays as it is)
                    errors.append(f"{name} {q['id']}: gold clause of {rec['_nwords']} words cannot be matched")
            if (q.get("kind") == "unanswerable") != (not q["gold"]):
                errors.append(f"{name} {q['id']}: kind unanswerable must go with an empty gold list")
            if name in WRITTEN_HERE:
                if q.get("style") == "list" and not q.get("all_required"):
                    errors.append(f"{name} {q['id']}: list question without all_required")
                if q.get("style") == "mc" and not OPTIONS.search(q["question"]):
                    errors.append(f"{name} {q['id']}: multiple-choice question without 'Options: A) .. D) ..'")
    errors += [f"duplicate id {i}" for i, n in ids.items() if n > 1]
    errors += [f"duplicate question {t!r}" for t, n in texts.items() if n > 1]
    new = sets["train"] + sets["test"]
    where = {q["id"]: name for name in ("train", "test") for q in sets[name]}
    for qid, split in expected_split(new).items():
        if where[qid] != split:
            errors.append(f"{qid} is in {where[qid]} but the split rule puts it in {split}")
    for fresh in FRESH_TESTS:
        answered_elsewhere = answered_clauses(q for name, qs in sets.items() if name != fresh for q in qs)
        for q in sets.get(fresh, []):
            if gold_keys(q) & answered_elsewhere:
                errors.append(f"{fresh} {q['id']}: its answer is also the answer of a question of another set")
    return errors


def report(sets: dict[str, list[dict]]) -> str:
    lines = ["| set | questions | answerable | unanswerable | technical radio (RR gold) | sha256 |", "|---|---:|---:|---:|---:|---|"]
    for name, qs in sets.items():
        lines.append(f"| {name} | {len(qs)} | {sum(bool(q['gold']) for q in qs)} | "
                     f"{sum(not q['gold'] for q in qs)} | {sum(is_radio(q) for q in qs)} | `{sha256(SETS[name])}` |")
    split_sets = ("train", "test", *FRESH_TESTS)
    styles = sorted({q["style"] for name in split_sets for q in sets[name]})
    lines += ["", "| style | " + " | ".join(split_sets) + " | of which technical radio (" + "/".join(split_sets) + ") |",
              "|---|" + "---:|" * (len(split_sets) + 1)]
    for s in [*styles, None]:
        groups = [[q for q in sets[name] if s is None or q["style"] == s] for name in split_sets]
        lines.append(f"| {s or '**all**'} | " + " | ".join(str(len(g)) for g in groups) + " | "
                     + "/".join(str(sum(map(is_radio, g))) for g in groups) + " |")
    return "\n".join(lines)


def main() -> int:
    truth = scorer().Truth([CORPUS / "truth"])
    sets = {name: load_jsonl(path) for name, path in SETS.items()}
    errors = check(sets, truth)
    print(report(sets))
    if errors:
        print("\nERRORS:\n" + "\n".join(errors))
        return 1
    print(f"\nOK: {sum(len(v) for v in sets.values())} questions, every gold entry names one truth record.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
