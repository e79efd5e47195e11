"""Build bench/questions/{train,test}.jsonl from the hand-written sources in bench/questions/src/*.txt.

Each source line is `style|kind|question|gold|note`. `gold` names truth clauses in a short form,
`FILE:number:section:label[:field=value]`, alternatives separated by `;` (FILE is PP, RR, WTDC, WTSA
or TXT; `section` may be a unique prefix of the printed section). This script resolves every short
form against ../shared/corpus/truth and copies the record's fields exactly (adding `kind`, `page` or
`instrument` only where score.py needs them to tell records apart), so the gold entries are truth
records, not retyped text. The questions were written by reading the truth texts, never from the
system's output.

Split rule (fixed, does not look at any result): within each style, questions are ordered by
sha256(id) and alternate test, train, test, train ... starting with train; so each style is halved.

    python bench/questions/build_questions.py      # rewrites train.jsonl and test.jsonl
    python bench/questions/build_questions.py --train3   # writes train3.jsonl (all train) from src/train3-*.txt
    python bench/questions/build_questions.py --train4   # writes train4.jsonl (all train) from src/train4-*.txt
    python bench/questions/build_questions.py --test2    # writes test2.jsonl (all test) from src/test2-*.txt
    python bench/questions/build_questions.py --train5   # writes train5.jsonl (all train) from src/train5-*.txt
    python bench/questions/build_questions.py --test3    # writes test3.jsonl (all test) from src/test3-*.txt
    python bench/questions/build_questions.py --train6   # writes train6.jsonl (all train) from src/train6-*.txt
    python bench/questions/build_questions.py --check FILE   # resolves one source file's gold, writes nothing
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "bench"))

from common import CORPUS, scorer  # noqa: E402

FILES = {
    "PP": "pdf/PP-18-Final-Acts.pdf",
    "RR": "pdf/RR-2024-Vol3-part1.pdf",
    "WTDC": "pdf/WTDC-22-Res-30.pdf",
    "WTSA": "pdf/WTSA-16-Res-1.pdf",
    "TXT": "txt/PP-22-Res-21.txt",
}
SOURCES = ["radio1.txt", "radio2.txt", "pp.txt", "other.txt", "unanswerable.txt"]
# Written later, all TRAIN, outside the split rule (README, "train3.jsonl"): lay and mandate questions on a
# seeded random sample of operative clauses.
TRAIN3_SOURCES = ["train3-1.txt", "train3-2.txt", "train3-3.txt"]
TRAIN4_SOURCES = ["train4-1.txt", "train4-2.txt", "train4-3.txt"]  # the same, on another sample
# Written after every fitted value and choice, all TEST (README, "test2.jsonl"), on a sample of clauses that no
# earlier question has as its answer.
TEST2_SOURCES = ["test2-1.txt", "test2-2.txt", "test2-3.txt"]
TRAIN5_SOURCES = [f"train5-{n}.txt" for n in range(1, 7)]  # like train3/train4, with unanswerable questions too
TEST3_SOURCES = ["test3-1.txt", "test3-2.txt", "test3-3.txt"]  # like TEST2, after train5, on round 7's sample
TRAIN6_SOURCES = [f"train6-{n}.txt" for n in range(1, 5)]  # multiple choice, lay and more, after TEST3 (not in TRAIN)
STYLES = {
    "lay", "mandate", "radio_band", "radio_limit", "provision_ref", "rec_ref", "mc", "list", "casual",
    "revision", "unanswerable",
}
KINDS = {"paraphrase", "keyword", "reference", "list", "unanswerable", "revision"}


def load_truth() -> list[dict]:
    recs = []
    for p in sorted((CORPUS / "truth").glob("*.jsonl")):
        with p.open(encoding="utf-8") as f:
            recs += [json.loads(line) for line in f if line.strip()]
    return recs


def resolve(spec: str, truth: list[dict], score_truth) -> dict:
    """The gold entry (copied truth fields) that a short form names; raises if it names 0 or >1 records."""
    parts = spec.strip().split(":")
    code, number, section, label, extras = parts[0], parts[1], parts[2], parts[3], parts[4:]
    file = FILES[code]
    cands = [r for r in truth if r["file"] == file and r["number"] == number and r["label"] == label]
    exact = [r for r in cands if r["section"] == section]
    cands = exact or [r for r in cands if section and r["section"].startswith(section)]
    for e in extras:
        k, v = e.split("=", 1)
        cands = [r for r in cands if str(r.get(k)) == v]
    if len({(r["section"], r["kind"], r["page"], r["instrument"]) for r in cands}) != 1:
        raise ValueError(f"{spec!r} names {len(cands)} truth records")
    rec = cands[0]
    gold = {k: rec[k] for k in ("file", "number", "revision", "section", "label")}
    for field in ("kind", "page", "instrument"):
        try:
            if score_truth.gold(gold) is not None:
                break
        except KeyError:
            gold[field] = rec[field]
    score_truth.gold(gold)  # must now name exactly one record
    return gold


def parse_sources(truth: list[dict], score_truth, sources: list[str] = SOURCES, first_id: int = 1) -> list[dict]:
    out = []
    errors = []
    n = first_id - 1
    for name in sources:
        path = HERE / "src" / name  # an absolute `name` (--check) replaces the folder
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            try:
                style, kind, question, gold, note = (x.strip() for x in line.split("|"))
            except ValueError:
                raise SystemExit(f"{path}:{lineno}: expected 5 fields separated by |") from None
            if style not in STYLES or kind not in KINDS:
                raise SystemExit(f"{path}:{lineno}: unknown style {style!r} or kind {kind!r}")
            try:
                golds = [resolve(s, truth, score_truth) for s in gold.split(";") if s.strip()]
            except (ValueError, KeyError) as e:
                errors.append(f"{path.name}:{lineno}: {e}")
                continue
            if (kind == "unanswerable") != (not golds):
                raise SystemExit(f"{path}:{lineno}: unanswerable questions, and only they, have no gold")
            n += 1
            out.append({
                "id": f"q{n:03d}", "question": question, "kind": kind, "style": style, "gold": golds,
                "all_required": kind == "list" or style == "list",
                "note": note,
            })
    if errors:
        raise SystemExit("\n".join(errors))
    return out


def split(questions: list[dict]) -> tuple[list[dict], list[dict]]:
    train, test = [], []
    for style in sorted({q["style"] for q in questions}):
        group = sorted((q for q in questions if q["style"] == style),
                       key=lambda q: hashlib.sha256(q["id"].encode()).hexdigest())
        for i, q in enumerate(group):
            (train if i % 2 == 0 else test).append(q)
    key = lambda q: q["id"]  # noqa: E731
    return sorted(train, key=key), sorted(test, key=key)


def write(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def main(argv: list[str]) -> int:
    truth = load_truth()
    score_truth = scorer().Truth([CORPUS / "truth"])
    extra = {"--train3": ("train3.jsonl", TRAIN3_SOURCES, 401), "--train4": ("train4.jsonl", TRAIN4_SOURCES, 601),
             "--test2": ("test2.jsonl", TEST2_SOURCES, 801), "--train5": ("train5.jsonl", TRAIN5_SOURCES, 1001),
             "--test3": ("test3.jsonl", TEST3_SOURCES, 1501), "--train6": ("train6.jsonl", TRAIN6_SOURCES, 1701)}
    if argv and argv[0] in extra and len(argv) == 1:
        name, sources, first_id = extra[argv[0]]
        questions = parse_sources(truth, score_truth, sources, first_id=first_id)
        write(HERE / name, questions)
        print(f"{len(questions)} questions, all {'test' if 'test' in name else 'train'} ({name})")
        return 0
    if argv[:1] == ["--check"] and len(argv) == 2:
        questions = parse_sources(truth, score_truth, [str(Path(argv[1]).resolve())])
        print(f"{len(questions)} questions, every gold names exactly one truth record")
        return 0
    if argv:
        print(__doc__, file=sys.stderr)
        print(f"unknown arguments {' '.join(argv)!r}: nothing written (see the usage above)", file=sys.stderr)
        return 2
    questions = parse_sources(truth, score_truth)
    train, test = split(questions)
    write(HERE / "train.jsonl", train)
    write(HERE / "test.jsonl", test)
    print(f"{len(questions)} questions: {len(train)} train, {len(test)} test")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
