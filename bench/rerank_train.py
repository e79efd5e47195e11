"""Fit the second-stage reranker (search/rerank.py) on the dev questions and check it on held-out ones.

    .venv/bin/python bench/rerank_train.py [--index DIR] [--dry-run]

For every dev question that takes the text path (no instrument named), the top 50 fused candidates of
the index are labelled with the shared scorer's matching rule (a candidate matches a gold clause) and
described by search.rerank.candidate_features. A logistic regression (standardized features, classes
weighted equally, L2 penalty) is fitted. The penalty is chosen by leave-one-question-out MRR@10 on dev;
that LOQO figure, and the figures on bench/questions/heldout.jsonl (never used for fitting), are written
to bench/results/rerank.json; the weights go to search/rerank_weights.json (unless --dry-run).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from common import CORPUS, EVAL, QUESTIONS, RESULTS, TMP, load_jsonl, scorer

from search.citations import match_instruments, parse_reference
from search.corpus import view_of
from search.engine import retrieve
from search.rerank import DEPTH, FEATURES, WEIGHTS_FILE, candidate_features

PENALTIES = (0.003, 0.01, 0.03, 0.1, 0.3)


def dataset(idx, questions, sc, truth):
    view = view_of(idx)
    out = []
    for q in questions:
        if not q["gold"]:
            continue
        ref = parse_reference(q["question"])
        if ref is not None and match_instruments(ref, view.instruments)[0]:
            continue
        r = retrieve(idx, q["question"], view=view)
        rows, x = candidate_features(r, view, q["question"], DEPTH)
        golds = [truth.gold(g) for g in q["gold"]]
        y = np.array([any(sc.matches({"text": view.clauses[row].text, "source": view.clauses[row].file,
                                      "page": view.clauses[row].page}, g, truth) for g in golds) for row in rows],
                     dtype=float)
        out.append((q["id"], x, y))
    return out


def fit(items, lam: float, steps: int = 3000, lr: float = 0.5):
    x = np.vstack([it[1] for it in items])
    y = np.concatenate([it[2] for it in items])
    mean, scale = x.mean(0), x.std(0) + 1e-9
    z = (x - mean) / scale
    w, b = np.zeros(z.shape[1]), 0.0
    pos = max(y.mean(), 1e-9)
    cw = np.where(y > 0.5, 0.5 / pos, 0.5 / (1 - pos))
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        g = (p - y) * cw
        b -= lr * g.mean()
        w -= lr * ((z * g[:, None]).mean(0) + lam * w)
    return mean, scale, w, b


def reciprocal_rank(model, x, y) -> float:
    mean, scale, w, b = model
    s = ((x - mean) / scale) @ w + b
    for rank, i in enumerate(np.argsort(-s, kind="stable")[:10], 1):
        if y[i] > 0:
            return 1.0 / rank
    return 0.0


def fused_rr(x, y) -> float:
    for rank, i in enumerate(np.argsort(-x[:, 0], kind="stable")[:10], 1):
        if y[i] > 0:
            return 1.0 / rank
    return 0.0


def summary(rrs) -> dict:
    rrs = np.asarray(rrs)
    return {"questions": len(rrs), "mrr@10": round(float(rrs.mean()), 4), "recall@1": round(float((rrs == 1).mean()), 4),
            "recall@5": round(float((rrs >= 0.2).mean()), 4)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, default=TMP / "index-pdf")
    ap.add_argument("--dry-run", action="store_true", help="report only; do not write search/rerank_weights.json")
    a = ap.parse_args(argv)
    import index

    sc = scorer()
    truth = sc.Truth([CORPUS / "truth"])
    idx = index.open(a.index)  # the product's query embedder, as `ask` uses it
    dev = dataset(idx, load_jsonl(EVAL / "dev.jsonl"), sc, truth)
    held = dataset(idx, load_jsonl(QUESTIONS / "heldout.jsonl"), sc, truth)
    loqo = {}
    for lam in PENALTIES:
        loqo[lam] = [reciprocal_rank(fit([d for d in dev if d[0] != qid], lam), x, y) for qid, x, y in dev]
        print(f"penalty {lam}: LOQO {summary(loqo[lam])}", file=sys.stderr)
    lam = max(PENALTIES, key=lambda p: (np.mean(loqo[p]), -p))
    model = fit(dev, lam)
    report = {
        "index": str(a.index), "features": FEATURES, "depth": DEPTH, "penalty": lam,
        "dev_fused_order": summary([fused_rr(x, y) for _, x, y in dev]),
        "dev_leave_one_question_out": summary(loqo[lam]),
        "heldout_fused_order": summary([fused_rr(x, y) for _, x, y in held]),
        "heldout_reranked": summary([reciprocal_rank(model, x, y) for _, x, y in held]),
        "note": "text-path questions only (questions naming an instrument take the reference path)",
    }
    mean, scale, w, b = model
    weights = {"features": list(FEATURES), "mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(),
               "coef": w.round(6).tolist(), "intercept": round(float(b), 6), "penalty": lam,
               "trained_on": "../shared/eval/dev.jsonl (text-path questions), top 50 fused candidates",
               "see": "bench/rerank_train.py, bench/results/rerank.json"}
    (RESULTS / "rerank.json").write_text(json.dumps(report, indent=2) + "\n")
    if not a.dry_run:
        WEIGHTS_FILE.write_text(json.dumps(weights, indent=1) + "\n")
    print(json.dumps(report, indent=2))
    print("coefficients:", dict(zip(FEATURES, w.round(3).tolist(), strict=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
