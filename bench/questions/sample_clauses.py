"""The seeded random samples of clauses that the questions of train3-train6.jsonl, test2.jsonl and test3.jsonl
were written on (README, "train3.jsonl" ... "test3.jsonl").

Drawn from the truth files (operative clauses of at least 12 words, a quota per document), blind to every
result; written as three parts for three writers. Round 4 draws from the clauses round 3 did not. Round 5
(TEST2) also leaves out every clause that a question of the sets written before it has as an answer, so
that no TEST2 answer was ever seen by anything fitted. Round 6 (train5, six parts) leaves out the same and
draws from the clauses rounds 3-5 did not, so TEST2's answers stay unseen. Round 7 (TEST3) draws from the
clauses rounds 3-6 did not and also leaves out every answer of test2.jsonl and train5.jsonl. Round 8 (train6,
four parts) leaves out the same and draws from the clauses rounds 3-7 did not, so TEST3's answers stay unseen.

    python bench/questions/sample_clauses.py OUT_DIR [ROUND]   # writes OUT_DIR/part1.txt ... (ROUND 3)
"""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "bench"))

from build_questions import FILES  # noqa: E402
from common import CORPUS, EVAL, QUESTIONS, answered_clauses, clause_key, load_jsonl  # noqa: E402

SEEDS = {3: 20261203, 4: 20261204, 5: 20261206, 6: 20261207, 7: 20261208, 8: 20261209}  # round -> seed
QUOTA = {"PP": 60, "RR": 45, "WTSA": 25, "WTDC": 10, "TXT": 10}
# TEST2: technical radio clauses about half, as in test.jsonl
QUOTAS = {3: QUOTA, 4: QUOTA, 5: {"PP": 33, "RR": 48, "WTSA": 10, "WTDC": 6},  # every TXT operative clause was in rounds 3-4
          6: {"PP": 150, "RR": 100, "WTSA": 40, "WTDC": 10}, 7: {"PP": 33, "RR": 48, "WTSA": 10, "WTDC": 6},
          8: {"PP": 70, "RR": 60, "WTSA": 24, "WTDC": 6}}
PARTS = {3: 3, 4: 3, 5: 3, 6: 6, 7: 3, 8: 4}
# The sets whose answers round 5 leaves out: a fixed list, so that the sample does not move when sets are added.
ANSWERED_BEFORE_ROUND_5 = (EVAL / "dev.jsonl", QUESTIONS / "heldout.jsonl", QUESTIONS / "train.jsonl",
                           QUESTIONS / "test.jsonl", QUESTIONS / "train2.jsonl", QUESTIONS / "train3.jsonl",
                           QUESTIONS / "train4.jsonl")
ANSWERED_BEFORE_ROUND_7 = (*ANSWERED_BEFORE_ROUND_5, QUESTIONS / "test2.jsonl", QUESTIONS / "train5.jsonl")


def sample(round_: int = 3) -> list[dict]:
    recs = [json.loads(line) for p in sorted((CORPUS / "truth").glob("*.jsonl"))
            for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    taken = {json.dumps(r, sort_keys=True) for earlier in SEEDS if earlier < round_ for r in sample(earlier)}
    before = ANSWERED_BEFORE_ROUND_7 if round_ >= 7 else ANSWERED_BEFORE_ROUND_5 if round_ >= 5 else ()
    answered = answered_clauses(q for p in before for q in load_jsonl(p))
    code_of = {file: code for code, file in FILES.items()}
    rng = random.Random(SEEDS[round_])
    out: list[dict] = []
    for code, n in QUOTAS[round_].items():
        pool = [r for r in recs if code_of.get(r["file"]) == code and r["kind"] == "operative"
                and len(r["text"].split()) >= 12 and json.dumps(r, sort_keys=True) not in taken
                and clause_key(r) not in answered]
        out += rng.sample(pool, min(n, len(pool)))
    rng.shuffle(out)
    return out


def main(argv: list[str]) -> int:
    out_dir = Path(argv[0])
    out_dir.mkdir(parents=True, exist_ok=True)
    code_of = {file: code for code, file in FILES.items()}
    round_ = int(argv[1]) if len(argv) > 1 else 3
    clauses, parts = sample(round_), PARTS[round_]
    for part in range(parts):
        blocks = [f"GOLD {code_of[r['file']]}:{r['number']}:{r['section']}:{r['label']}\n"
                  f"INSTRUMENT {r['instrument']} {r['number']} ({r['revision']}) {r['title']}\nTEXT {r['text']}\n\n"
                  for r in clauses[part::parts]]
        (out_dir / f"part{part + 1}.txt").write_text("".join(blocks), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
