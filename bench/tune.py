"""Choose the fusion settings with leave-one-out cross-validation, and check them on held-out questions.

    .venv/bin/python bench/tune.py [--index DIR | --truth] [--quick]

For every setting in a small grid (fusion method, dense weight, keyword query share, preamble penalty,
footnote and parent-item context, footnotes held below their citing clause, boilerplate penalty, answer-type bonus) every dev question is
answered once. Leave-one-out: for each question the setting with
the best mean MRR@10 on the *other* questions is chosen and used to score the left-out question; the mean
over questions is an honest estimate of what tuning buys. The setting best on all dev questions is then
scored on bench/questions/heldout.jsonl (questions written for this project, never tuned on).
Writes bench/results/tune.json.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import sys
import time
from dataclasses import asdict

from common import (
    CORPUS,
    EVAL,
    QUESTIONS,
    RESULTS,
    TMP,
    hit_record,
    load_jsonl,
    scorer,
    truth_index,
)

from search.engine import SearchSettings, ask
from search.fusion import Fusion


def grid(quick: bool) -> list[Fusion]:
    out = [Fusion(method="rrf", keyword_query=0.0, preamble_penalty=0.0, footnote_context=0.0, parent_context=0.0,
                  boilerplate_penalty=0.0, answer_type=0.0)]
    axes = {
        "dense_weight": (0.3, 0.4, 0.5),
        "keyword_query": (0.0, 0.5),
        "preamble_penalty": (0.0, 0.1),
        "footnote_context": (0.0, 0.3),
        "footnote_below_citing": (True, False),
        "parent_context": (0.0, 0.2, 0.4),
        "boilerplate_penalty": (0.0, 0.15),
        "answer_type": (0.0, 0.1),
    }
    if quick:
        axes = {k: v[:2] for k, v in axes.items()}
    for values in itertools.product(*axes.values()):
        out.append(Fusion(**dict(zip(axes, values, strict=True))))
    return out


def memoize_retrievers(idx) -> None:
    """Each question's embedding and BM25 list are computed once for the whole grid (bench only)."""
    embed = functools.lru_cache(maxsize=None)(lambda texts: idx.embedder.encode(list(texts)))
    idx.embed = lambda texts: embed(tuple(texts))
    idx.lexical_search = functools.lru_cache(maxsize=None)(idx.lexical_search)


RERANK = True


def reciprocal_ranks(idx, questions, fusion: Fusion, truth, sc) -> dict[str, float]:
    """MRR@10 contribution (1/rank of the first matching hit, 0 if none) of each answerable question."""
    settings = SearchSettings(fusion=fusion, answer=False, rerank=RERANK)
    out = {}
    for q in questions:
        res = ask(idx, q["question"], k=10, settings=settings)
        hits = [hit_record(h) for h in res.hits]
        golds = [truth.gold(g) for g in q["gold"]]
        rr = 0.0
        for rank, hit in enumerate(hits, 1):
            if any(sc.matches(hit, g, truth) for g in golds):
                rr = 1.0 / rank
                break
        out[q["id"]] = rr
    return out


def summary(rrs: list[float]) -> dict:
    n = len(rrs) or 1
    return {"mrr@10": round(sum(rrs) / n, 4), "recall@1": round(sum(r >= 1.0 for r in rrs) / n, 4),
            "recall@5": round(sum(r >= 0.2 for r in rrs) / n, 4)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", help="index folder to tune on (default: the eval index of the PDFs)")
    ap.add_argument("--truth", action="store_true", help="tune on the truth clauses instead (development)")
    ap.add_argument("--quick", action="store_true", help="a smaller grid")
    ap.add_argument("--no-rerank", action="store_true",
                    help="compare first-stage orders alone (the reranker is fitted on dev, so with it dev is in-sample)")
    a = ap.parse_args(argv)
    global RERANK
    RERANK = not a.no_rerank
    sc = scorer()
    truth = sc.Truth([CORPUS / "truth"])
    if a.truth:
        idx = truth_index()
    else:
        import index

        idx = index.open(a.index or TMP / "index-pdf")  # the product's query embedder, as `ask` uses it
    memoize_retrievers(idx)
    dev = [q for q in load_jsonl(EVAL / "dev.jsonl") if q["gold"]]
    held = [q for q in load_jsonl(QUESTIONS / "heldout.jsonl") if q["gold"]]
    settings = grid(a.quick)
    t0 = time.time()
    table = []
    for i, f in enumerate(settings):
        table.append(reciprocal_ranks(idx, dev, f, truth, sc))
        print(f"\r{i + 1}/{len(settings)} settings", end="", file=sys.stderr)
    print(file=sys.stderr)
    means = [sum(t.values()) / len(t) for t in table]
    best = max(range(len(settings)), key=lambda i: (means[i], -i))
    loo = []
    for q in dev:
        others = [sum(v for k, v in t.items() if k != q["id"]) for t in table]
        pick = max(range(len(settings)), key=lambda i: (others[i], -i))
        loo.append(table[pick][q["id"]])
    held_best = reciprocal_ranks(idx, held, settings[best], truth, sc)
    held_rrf = reciprocal_ranks(idx, held, settings[0], truth, sc)
    default = Fusion()
    dev_default = reciprocal_ranks(idx, dev, default, truth, sc)
    held_default = reciprocal_ranks(idx, held, default, truth, sc)
    out = {
        "index": "truth clauses" if a.truth else str(a.index or TMP / "index-pdf"),
        "reranker": RERANK,
        "settings_tried": len(settings),
        "best_on_dev": {"fusion": asdict(settings[best]), **summary(list(table[best].values()))},
        "rrf_on_dev": summary(list(table[0].values())),
        "leave_one_out_on_dev": summary(loo),
        "default": {"fusion": asdict(default), "dev": summary(list(dev_default.values())),
                    "heldout": summary(list(held_default.values()))},
        "heldout_with_best": summary(list(held_best.values())),
        "heldout_with_rrf": summary(list(held_rrf.values())),
        "seconds": round(time.time() - t0, 1),
    }
    name = ("tune-truth" if a.truth else "tune") + ("" if RERANK else "-first-stage") + ".json"
    (RESULTS / name).write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out, indent=2))
    if hasattr(idx.embedder, "save"):
        idx.embedder.save()
    return 0


if __name__ == "__main__":
    sys.exit(main())
