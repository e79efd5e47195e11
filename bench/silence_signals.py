"""Would other evidence tell unanswerable questions apart better than the silence model's? TRAIN only, out of fold.

    .venv/bin/python bench/silence_signals.py   # reads bench/results/fit-all-MiniLM-L6-v2-itu.json, writes
                                                # bench/results/silence_signals.json

The inputs are the out-of-fold confidence features that bench/fit.py recorded per TRAIN question for the
fine-tuned model (`confidence.per_question`); no test question is read. Each candidate is scored by the
5-fold cross-validation of bench/fit.py (the same folds), the way the product uses the silence model: fitted
on four folds, its threshold set on them (abstain on at most fit.SILENCE_ANSWERABLE of their answerable
questions), and the held-out fold's questions above that threshold counted; the AUC of the out-of-fold
probabilities beside it. Candidates:
- the shipped one, a logistic model over fit.SILENCE_FEATURES;
- a gradient-boosted tree model over the same features (is the limit the model's shape?);
- the logistic model with two phrase features added: the share of the question's adjacent content-word
  pairs that occur in no clause of the corpus, and the largest IDF weight of such a pair whose two words do
  occur in the corpus ("parental leave": both words are there, never together).
"""
from __future__ import annotations

import json
import math
import os
import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fit  # noqa: E402
from common import RESULTS, TRAIN_FILES, load_jsonl  # noqa: E402
from semantic import INDEX_DIR, open_index  # noqa: E402

from index.lexical import _stopwords  # noqa: E402
from search.query import QUESTION_WORDS, light_stem  # noqa: E402

FIT_FILE = "fit-all-MiniLM-L6-v2-itu.json"
FOLDS = 5
_WORD = re.compile(r"[a-z0-9]+")


def corpus_pairs(clauses) -> tuple[set[tuple[str, str]], dict[str, int], int]:
    """The adjacent content-word pairs of every clause (text and title, stemmed), each word's clause count."""
    stop = _stopwords() | set(QUESTION_WORDS)
    pairs: set[tuple[str, str]] = set()
    df: dict[str, int] = {}
    for c in clauses:
        toks = [light_stem(w) for w in _WORD.findall(f"{c.text} {c.title}".lower()) if w not in stop]
        pairs.update(zip(toks, toks[1:], strict=False))
        for t in set(toks):
            df[t] = df.get(t, 0) + 1
    return pairs, df, len(clauses)


def phrase_features(question: str, pairs, df: dict[str, int], n: int) -> tuple[float, float]:
    stop = _stopwords() | set(QUESTION_WORDS)
    toks = [light_stem(w) for w in _WORD.findall(question.lower()) if w not in stop and len(w) > 1]
    qpairs = list(zip(toks, toks[1:], strict=False))
    if not qpairs:
        return 0.0, 0.0
    absent = [p for p in qpairs if p not in pairs and p[::-1] not in pairs]
    idf = {w: math.log((n + 1) / (df.get(w, 0) + 0.5)) for p in qpairs for w in p}
    known_apart = [min(idf[a], idf[b]) for a, b in absent if a in df and b in df]
    return len(absent) / len(qpairs), max(known_apart, default=0.0)


def out_of_fold(ids: list[str], x: np.ndarray, answerable: np.ndarray, make) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold silence probabilities and, per question, the threshold set on the other folds."""
    p, thr = np.zeros(len(ids)), np.zeros(len(ids))
    folds = np.array([fit.fold_of("conf" + i, FOLDS) for i in ids])  # bench/fit.py's confidence folds
    for k in range(FOLDS):
        held = folds == k
        p_fit, p[held] = make(x[~held], ~answerable[~held], x[held])
        thr[held] = fit.silence_threshold(p_fit, answerable[~held])
    return p, thr


def logistic(x_fit, y_fit, x_held):
    model = fit.logistic(x_fit, y_fit.astype(float), fit.SILENCE_PENALTY)
    return fit.predict(model, x_fit), fit.predict(model, x_held)


def boosted(x_fit, y_fit, x_held):
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(max_depth=3, learning_rate=0.05, max_iter=200, random_state=0)
    model.fit(x_fit, y_fit.astype(int))
    return model.predict_proba(x_fit)[:, 1], model.predict_proba(x_held)[:, 1]


def scored(p: np.ndarray, thr: np.ndarray, answerable: np.ndarray) -> dict:
    from sklearn.metrics import roc_auc_score

    return {"auc": round(float(roc_auc_score(~answerable, p)), 4),
            "not_addressed_unanswerable": f"{int(((p >= thr) & ~answerable).sum())}/{int((~answerable).sum())}",
            "not_addressed_answerable": f"{int(((p >= thr) & answerable).sum())}/{int(answerable.sum())}"}


def main() -> int:
    questions = {q["id"]: q for path in TRAIN_FILES for q in load_jsonl(path)}
    per_question = json.loads((RESULTS / FIT_FILE).read_text())["confidence"]["per_question"]
    ids = list(per_question)
    cols = [fit.CONF_FEATURES.index(f) for f in fit.SILENCE_FEATURES]
    x = np.array([per_question[i]["features"] for i in ids])[:, cols]
    answerable = np.array([per_question[i]["answerable"] for i in ids])
    pairs, df, n = corpus_pairs(open_index(INDEX_DIR).clauses)
    phrases = np.array([phrase_features(questions[i]["question"], pairs, df, n) for i in ids])
    candidates = {
        "logistic, silence features (shipped)": out_of_fold(ids, x, answerable, logistic),
        "gradient-boosted trees, silence features": out_of_fold(ids, x, answerable, boosted),
        "logistic, silence features + phrase features": out_of_fold(ids, np.c_[x, phrases], answerable, logistic),
    }
    report = {"what": __doc__.split("\n")[0], "fit_file": FIT_FILE, "folds": FOLDS,
              "budget": fit.SILENCE_ANSWERABLE, "load_average_1min": round(os.getloadavg()[0], 2),
              "candidates": {name: scored(p, thr, answerable) for name, (p, thr) in candidates.items()}}
    (RESULTS / "silence_signals.json").write_text(json.dumps(report, indent=2) + "\n")
    for name, r in report["candidates"].items():
        print(f"{name}: AUC {r['auc']}, 'not addressed' {r['not_addressed_unanswerable']} unanswerable, "
              f"{r['not_addressed_answerable']} answerable")
    return 0


if __name__ == "__main__":
    sys.exit(main())
