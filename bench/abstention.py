"""Calibrate when search abstains: a logistic model over three retrieval features, checked by leave-one-out.

    .venv/bin/python bench/abstention.py [--index DIR | --truth]

Labelled questions: the dev set (57 answerable, 3 unanswerable) and bench/questions/heldout.jsonl
(questions written for this project: answerable ones and 30 unanswerable ones, 10 of them near-topic).
Questions that name an instrument take the reference path, which never abstains, and are left out.
Features per question (search.abstain.Features): best dense cosine, IDF-weighted coverage of the
typed topic words by the top clauses, the gap between the best and the 10th best cosine, the share of
the typed topic words the corpus never uses, and the reranker's probability for the best clause.
The model is fitted on all labelled questions with a small L2 penalty; leave-one-out (refit without the
question, then classify it) estimates how it does on questions it has not seen. The threshold is the
confidence that keeps at least 95% of answerable questions answered. Writes bench/results/abstention.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

import numpy as np
from common import EVAL, QUESTIONS, RESULTS, TMP, load_jsonl, truth_index

from search.abstain import Abstention, confidence_features
from search.citations import match_instruments, parse_reference
from search.corpus import view_of
from search.engine import retrieve
from search.rerank import rerank

L2 = 0.05
ANSWER_RATE = 0.95


def features(idx, questions):
    view = view_of(idx)
    rows_x, rows_y, ids = [], [], []
    for q in questions:
        ref = parse_reference(q["question"])
        if ref is not None and match_instruments(ref, view.instruments)[0]:
            continue  # reference path: never abstains
        r = retrieve(idx, q["question"], view=view)
        ranked = rerank(r, view, q["question"], 10)
        f = confidence_features(r, [row for row, _ in ranked], view, rank_top=ranked[0][1] if ranked else 0.0)
        rows_x.append(f.as_tuple())
        rows_y.append(1.0 if q["gold"] else 0.0)
        ids.append(q["id"])
    return np.array(rows_x), np.array(rows_y), ids


def fit(x: np.ndarray, y: np.ndarray, steps: int = 4000, lr: float = 0.5) -> np.ndarray:
    """Logistic regression (bias first) by gradient descent on standardized features; weights on raw scale."""
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = (x - mu) / sd
    w = np.zeros(z.shape[1] + 1)
    # weigh the classes equally: unanswerable questions are few
    cw = np.where(y > 0.5, 0.5 / max(y.mean(), 1e-9), 0.5 / max(1 - y.mean(), 1e-9))
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(w[0] + z @ w[1:])))
        g = (p - y) * cw
        w[0] -= lr * g.mean()
        w[1:] -= lr * ((z * g[:, None]).mean(0) + L2 * w[1:])
    raw = w[1:] / sd
    return np.concatenate([[w[0] - (raw * mu).sum()], raw])


def confidence(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(w[0] + x @ w[1:])))


def threshold_for(conf: np.ndarray, y: np.ndarray) -> float:
    """A threshold that answers ANSWER_RATE of the answerable questions: midway between the confidence of
    the last answerable question it may abstain on and the next one (a margin on both sides)."""
    ans = np.sort(conf[y > 0.5])
    if not len(ans):
        return 0.5
    k = int(np.floor((1 - ANSWER_RATE) * len(ans)))
    return float(ans[k]) / 2 + (float(ans[k - 1]) / 2 if k > 0 else 0.0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", help="index folder (default: the eval index of the PDFs)")
    ap.add_argument("--truth", action="store_true", help="use the truth clauses (development)")
    a = ap.parse_args(argv)
    if a.truth:
        idx = truth_index()
    else:
        import index

        idx = index.open(a.index or TMP / "index-pdf")  # the product's query embedder, as `ask` uses it
    qs = load_jsonl(EVAL / "dev.jsonl") + load_jsonl(QUESTIONS / "heldout.jsonl")
    x, y, ids = features(idx, qs)
    w = fit(x, y)
    conf = confidence(w, x)
    thr = threshold_for(conf, y)
    loo_abstain = []
    for i in range(len(y)):
        keep = np.arange(len(y)) != i
        wi = fit(x[keep], y[keep])
        ti = threshold_for(confidence(wi, x[keep]), y[keep])
        loo_abstain.append(bool(confidence(wi, x[i:i + 1])[0] < ti))
    loo_abstain = np.array(loo_abstain)
    model = Abstention(bias=round(float(w[0]), 3), w_dense=round(float(w[1]), 3),
                       w_coverage=round(float(w[2]), 3), w_gap=round(float(w[3]), 3),
                       w_unknown=round(float(w[4]), 3), w_rank=round(float(w[5]), 3),
                       threshold=round(thr, 3))
    out = {
        "questions": len(y), "answerable": int(y.sum()), "unanswerable": int((1 - y).sum()),
        "model": asdict(model),
        "fitted": {"abstained_on_unanswerable": int(((conf < thr) & (y < 0.5)).sum()),
                   "abstained_on_answerable": int(((conf < thr) & (y > 0.5)).sum())},
        "leave_one_out": {"abstained_on_unanswerable": int((loo_abstain & (y < 0.5)).sum()),
                          "abstained_on_answerable": int((loo_abstain & (y > 0.5)).sum())},
        "per_question": {qid: {"features": [round(float(v), 4) for v in x[i]], "confidence": round(float(conf[i]), 4),
                               "answerable": bool(y[i]), "loo_abstained": bool(loo_abstain[i])}
                         for i, qid in enumerate(ids)},
    }
    name = "abstention-truth.json" if a.truth else "abstention.json"
    (RESULTS / name).write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps({k: v for k, v in out.items() if k != "per_question"}, indent=2))
    for qid, d in out["per_question"].items():
        wrong = d["loo_abstained"] == d["answerable"]
        if wrong or not d["answerable"]:
            print(f"{qid:6} {'ANS ' if d['answerable'] else 'UNANS'} conf {d['confidence']:.3f} "
                  f"feat {d['features']} {'<- LOO wrong' if wrong else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
