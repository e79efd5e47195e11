"""Does fine-tuning the MiniLM on TRAIN questions carry over to questions it never saw? K-fold inside TRAIN.

    .venv/bin/python bench/adapt_cv.py [--folds 2] [--epochs 3] [--structure-pairs 0] [--final | --build [DIR]]

For each fold, all-MiniLM-L6-v2 is fine-tuned (MultipleNegativesRankingLoss, in-batch negatives plus one
negative per question drawn from the gold clause's own instrument) on (question, gold clause) pairs of the
TRAIN questions outside the fold, optionally mixed with pairs mined from the corpus's structure
(bench/adapt_model.py); the same clauses are embedded again with it, and the product pipeline (shipped
fusion, reranker and confidence) answers the fold's questions. The base model answers the same questions
beside it. TEST is not read unless --final: then one model is trained on all of TRAIN and both models are
scored on TEST (reported, never chosen on). Writes bench/results/adapt_cv-e<epochs>-s<structure pairs>[-<tag>].json;
--against TAG also scores an earlier run's fold models on the same held-out folds (a new TRAIN against the old).
--build [DIR] trains that final model only and writes it to DIR, by default where itu-search looks for it
(the recipe of `make adapted-model`, which `make install` runs where ../shared is beside the clone).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from adapt_model import fine_tune
from common import CORPUS, RESULTS, TEST_FILE, TMP, load_jsonl, scorer
from fit import fold_of, train_questions
from semantic import INDEX_DIR, SOURCES, Runner, Variant, evaluate, model_runner, open_index, question_sets

import config
from index.context import embedding_text
from index.model_files import ADAPTED as ADAPTED_NAME

SUMMARY = ("recall@1", "recall@5", "mrr@10", "recall@5_technical_radio")


def gold_rows(clauses, q: dict, sc, truth) -> list[int]:
    """The index rows that score.py counts as one of the question's gold clauses."""
    rows = []
    for g in q["gold"]:
        rec = truth.gold(g)
        name = Path(g["file"]).name
        for row, c in enumerate(clauses):
            if Path(c.file).name == name and sc.matches({"text": c.text, "source": c.file, "page": c.page}, rec, truth):
                rows.append(row)
    return rows


NEGATIVES = ("instrument", "bm25")  # how the one explicit negative per question is drawn


def question_triplets(clauses, questions: list[dict], sc, truth, seed: int,
                      negatives: str = "instrument") -> list[tuple[str, str, str]]:
    """(question, gold clause as the index embeds it, a negative clause).

    negatives="instrument": another clause of the gold clause's instrument, drawn at random.
    negatives="bm25": the clause BM25 ranks highest for the question that is neither gold nor a near copy of a
    gold clause's text (another revision of it), else the random clause of the instrument.
    """
    rng = random.Random(seed)
    by_inst: dict[tuple[str, str], list[int]] = {}
    for row, c in enumerate(clauses):
        by_inst.setdefault((c.file, c.instrument_ref), []).append(row)
    lexical = _bm25(clauses) if negatives == "bm25" else None
    out = []
    for q in questions:
        rows = gold_rows(clauses, q, sc, truth) if q["gold"] else []
        hard = _hard_negative(lexical, clauses, q["question"], rows) if lexical is not None and rows else None
        for row in rows[:3]:
            c = clauses[row]
            others = [r for r in by_inst[(c.file, c.instrument_ref)] if r not in rows]
            neg = embedding_text(clauses[rng.choice(others)]) if others else ""
            if hard is not None:
                neg = embedding_text(clauses[hard])
            out.append((q["question"], embedding_text(c), neg))
    return out


def _bm25(clauses):
    from index.context import lexical_text
    from index.lexical import Lexical

    return Lexical.build([lexical_text(c) for c in clauses])


def _words(text: str) -> set[str]:
    return set(text.lower().split())


def _hard_negative(lexical, clauses, question: str, gold: list[int], depth: int = 20) -> int | None:
    gold_words = [_words(clauses[r].text) for r in gold]
    for row, _ in lexical.search(question, depth):
        if row in gold:
            continue
        words = _words(clauses[row].text)
        if any(len(words & g) / max(1, len(words | g)) >= 0.8 for g in gold_words):
            continue
        return row
    return None


def parsed_clauses() -> list:
    """The clauses of the bench index (semantic.SOURCES, in its order) by the parser alone: no embedding."""
    from ingest import parse_file
    from ingest.errors import SUPPORTED_SUFFIXES

    files: list[Path] = []
    for src in map(Path, SOURCES):
        files += sorted(p for p in src.iterdir() if p.suffix.lower() in SUPPORTED_SUFFIXES) if src.is_dir() else [src]
    return [c for f in files for c in parse_file(f)]


def train_model(clauses, triplets, out: Path, *, epochs: int, structure_pairs: int, seed: int,
                fitted_on: dict | None = None) -> dict:
    """Fine-tune (or reuse the model already in `out`); `fitted_on` is recorded in its adaptation.json."""
    record = out / "adaptation.json"
    if record.is_file():
        return json.loads(record.read_text())
    info = fine_tune(clauses, out, max_pairs=structure_pairs, batch_size=16, seed=seed, triplets=triplets,
                     epochs=epochs)
    if fitted_on:
        from index.model_files import weights_sha256

        info = {"fitted_on": fitted_on, **info, "weights_sha256": weights_sha256(out)}
        record.write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    return info


def adapted_destination() -> Path:
    """Where itu-search looks for the fine-tuned model (ITU_SEARCH_CACHE, XDG_CACHE_HOME or ~/.cache)."""
    from index.model_files import adapted_dir

    return adapted_dir(config.cache_dir())


def build(dest: Path, *, epochs: int, structure_pairs: int, seed: int) -> int:
    """Train the shipped recipe on all of TRAIN into `dest`, whole or not at all: the model is written into a
    temporary folder beside it and renamed into place, so an interrupted build is never taken for a model. A
    model already there is kept if it was built from the same questions and settings, else replaced."""
    from index.atomic import exchange
    from index.embedders import BUNDLED_MODEL
    from index.model_files import adaptation_digest, build_digest, weights_intact

    _, hashes = train_questions()
    wanted = adaptation_digest({"fitted_on": {"questions_sha256": hashes}, "base": BUNDLED_MODEL, "epochs": epochs,
                                "seed": seed, "pairs_used": structure_pairs})
    if (dest / "config.json").is_file():
        have = build_digest(dest)
        intact = weights_intact(dest)
        if have == wanted and intact:
            print(f"the fine-tuned model in {dest} is up to date (delete the folder to build it again)")
            return 0
        why = ("was trained on other questions" if have != wanted and have else
               "has no readable build record (adaptation.json)" if not have else
               "has weights that differ from the ones its build recorded (damaged or replaced)")
        print(f"the fine-tuned model in {dest} {why}: building it again; indexes built with the old one then ask "
              "for `itu-search ingest --rebuild`", file=sys.stderr)
    elif dest.exists() and any(dest.iterdir()):
        print(f"{dest} exists and holds no model: move it away or delete it, then run `make adapted-model` again",
              file=sys.stderr)
        return 1
    print(f"building the fine-tuned MiniLM into {dest} (about 7 minutes on 2 cores) ...", file=sys.stderr)
    sc = scorer()
    truth = sc.Truth([CORPUS / "truth"])
    train = question_sets()["train"]
    clauses = parsed_clauses()
    fitted = json.loads((config.PROJECT_ROOT / "search" / "fitted" / ADAPTED_NAME / "rerank.json").read_text())
    if fitted["fitted_on"]["questions_sha256"] != hashes:
        print("warning: the TRAIN questions differ from those the model's shipped search parameters were fitted "
              "on (search/fitted/): re-fit them with bench/fit.py (README, Benchmarks)", file=sys.stderr)
    fitted_on = {"questions_sha256": hashes, "clauses": len(clauses), "by": "bench/adapt_cv.py --build",
                 "measured_in": "bench/results/adapt_cv-e3-s0-t5.json (2-fold CV on TRAIN against the model without train5.jsonl), then bench/results/eval-all-minilm-l6-v2-itu.md (TEST, TEST2, TEST3)"}
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{dest.name}-", dir=dest.parent) as tmp:
        part = Path(tmp) / "model"
        info = train_model(clauses, question_triplets(clauses, train, sc, truth, seed), part, epochs=epochs,
                           structure_pairs=structure_pairs, seed=seed, fitted_on=fitted_on)
        if not dest.exists():
            part.rename(dest)
        elif not exchange(part, dest):  # one atomic swap where the system allows; the old model is then at `part`
            dest.rename(Path(tmp) / "replaced")  # removed with the temporary folder
            part.rename(dest)
    print(json.dumps(info, indent=1))
    print(f"built {dest}" + (": new indexes use it (`itu-search ingest --rebuild` moves an existing index to it)"
                             if dest == adapted_destination() else ""), file=sys.stderr)
    return 0


def score(folder: Path, name: str, questions: list[dict], sc, truth) -> dict:
    runner, emb = model_runner(folder, name, f"embeddings-{name}.npz")
    s = evaluate(runner, Variant("baseline"), questions, sc, truth)
    emb.save()
    return s


def brief(s: dict) -> dict:
    return {k: s.get(k) for k in SUMMARY} | {"recall@5_by_style": s.get("recall@5_by_style"),
                                             "questions": len(s.get("first_rank", {}))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--folds", type=int, default=2)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--structure-pairs", type=int, default=0)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--final", action="store_true", help="train on all of TRAIN and report TEST")
    ap.add_argument("--negatives", choices=NEGATIVES, default="instrument",
                    help="the explicit negative per question: a random clause of the gold's instrument, or the "
                         "best BM25 match that is not gold (mined hard negative)")
    ap.add_argument("--tag", default="", help="suffix of this run's model folders and result file (a new TRAIN)")
    ap.add_argument("--against", default="", metavar="TAG",
                    help="also score the fold models of an earlier run (e.g. e3-s0) on this run's held-out folds")
    ap.add_argument("--build", nargs="?", const="", default=None, metavar="DIR",
                    help="only train the model on all of TRAIN and write it to DIR (default: the cache folder "
                         "where itu-search looks for it; `make adapted-model`)")
    a = ap.parse_args(argv)
    if a.build is not None:
        return build(Path(a.build) if a.build else adapted_destination(), epochs=a.epochs,
                     structure_pairs=a.structure_pairs, seed=a.seed)
    sc = scorer()
    truth = sc.Truth([CORPUS / "truth"])
    train = question_sets()["train"]
    clauses = open_index(INDEX_DIR).clauses
    base_runner = Runner(open_index(INDEX_DIR))
    # The negatives are part of the name: a fold model already built in a folder is reused, never retrained.
    negatives = "" if a.negatives == "instrument" else f"-n{a.negatives}"
    tag = f"e{a.epochs}-s{a.structure_pairs}{negatives}" + (f"-{a.tag}" if a.tag else "")
    _, hashes = train_questions()
    out: dict = {"what": __doc__.split("\n")[0], "epochs": a.epochs, "structure_pairs": a.structure_pairs,
                 "negatives": a.negatives,
                 "folds": a.folds, "seed": a.seed, "train_questions_sha256": hashes,
                 "loadavg_start": os.getloadavg(), "cv": []}
    t0 = time.perf_counter()
    for fold in range(a.folds):
        fit_qs = [q for q in train if fold_of(q["id"], a.folds) != fold]
        held = [q for q in train if fold_of(q["id"], a.folds) == fold]
        folder = TMP / f"minilm-q-{tag}-f{fold}of{a.folds}"
        info = train_model(clauses, question_triplets(clauses, fit_qs, sc, truth, a.seed, a.negatives), folder, epochs=a.epochs,
                           structure_pairs=a.structure_pairs, seed=a.seed)
        row = {"fold": fold, "held_out_questions": len(held), "training": info,
               "base": brief(evaluate(base_runner, Variant("baseline"), held, sc, truth)),
               "adapted": brief(score(folder, folder.name, held, sc, truth))}
        if a.against:  # an earlier run's fold model never saw this fold either (folds are fixed by question id)
            earlier = TMP / f"minilm-q-{a.against}-f{fold}of{a.folds}"
            row["against"] = {"run": a.against, **brief(score(earlier, earlier.name, held, sc, truth))}
        out["cv"].append(row)
        print(json.dumps({k: row[k] for k in ("fold", "base", "adapted", "against") if k in row}), file=sys.stderr)
    if a.final:
        test = load_jsonl(TEST_FILE)
        folder = TMP / f"minilm-q-{tag}-all"
        info = train_model(clauses, question_triplets(clauses, train, sc, truth, a.seed, a.negatives), folder, epochs=a.epochs,
                           structure_pairs=a.structure_pairs, seed=a.seed)
        out["test"] = {"training": info, "base": brief(evaluate(base_runner, Variant("baseline"), test, sc, truth)),
                       "adapted": brief(score(folder, folder.name, test, sc, truth))}
    out["seconds"] = round(time.perf_counter() - t0, 1)
    out["loadavg_end"] = os.getloadavg()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"adapt_cv-{tag}.json").write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in out.items() if k != "cv"}
                     | {"cv": [{k: r[k] for k in ("base", "adapted", "against") if k in r} for r in out["cv"]]}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
