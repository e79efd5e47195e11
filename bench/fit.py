"""Fit every fitted parameter of search/ on the TRAIN split, in order, with one command.

    .venv/bin/python bench/fit.py [--index DIR] [--no-build] [--folds 5]

Train split: bench/common.TRAIN_FILES (../shared/eval/dev.jsonl, bench/questions/heldout.jsonl, train.jsonl,
train2-train5.jsonl). bench/questions/test.jsonl, test2.jsonl and test3.jsonl are never read here. Questions that name an instrument take the
reference path (no fusion, reranker or confidence involved) and are left out of the fits.

1. Fusion (search/fitted/fusion.json): a small grid of first-stage settings (dense weight, keyword query
   share, preamble penalty); the one with the best MRR@10 of the fused order on train. Its K-fold
   estimate (the setting chosen on the other folds, scored on the held fold) is reported.
2. Reranker (search/fitted/rerank.json): logistic regression over search.rerank.FEATURES of the top 50
   fused candidates of the answerable train questions, labelled with score.py's matching rule. The L2
   penalty is chosen by grouped K-fold CV; the reported estimate is nested (outer folds; the penalty is
   chosen by inner CV on each outer training part), and the outer models give every train question an
   out-of-fold (OOF) ranking and reranker probabilities.
3. Confidence (search/fitted/confidence.json): on the OOF features (search.abstain.Features) of all
   text-path train questions, (a) the answer model: logistic P(rank-1 clause matches a gold clause),
   unanswerable questions count as wrong; (b) the silence model: logistic P(question is unanswerable); its
   threshold is the OOF silence probability that abstains on at most SILENCE_ANSWERABLE of the answerable
   questions. The answer threshold is the policy ANSWER_THRESHOLD (answer when the top clause is more
   likely right than wrong), not fitted. K-fold ECE and abstention rates of this step are reported.

Every file records what it was fitted on (sha256 of the question files, parser and index format versions,
embedding model and backend, date). Writes bench/results/fit.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import hashlib
import itertools
import json
import os
import sys
import time
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np
from common import (
    CORPUS,
    QUESTIONS,
    RESULTS,
    TEST_FILES,
    TMP,
    TRAIN_FILES,
    ece,
    load_jsonl,
    question_style,
    scorer,
)

from search import params
from search.abstain import FEATURES as CONF_FEATURES
from search.abstain import confidence_features
from search.citations import match_instruments, parse_reference
from search.corpus import view_of
from search.engine import retrieve
from search.fusion import DEFAULT_FUSION, Fusion, top_rows
from search.rerank import DEPTH, candidate_features
from search.rerank import FEATURES as RERANK_FEATURES

PENALTIES = (0.003, 0.01, 0.03, 0.1, 0.3)
CONF_PENALTIES = (0.01, 0.03, 0.1, 0.3, 1.0)  # chosen by leave-one-style-out log loss (fit_confidence)
SILENCE_PENALTY = 0.01
SILENCE_FEATURES = ("rank_top", "dense_top", "dense_gap", "coverage", "unknown", "missing_max", "unknown_max")
SILENCE_ANSWERABLE = 0.015  # share of answerable train questions the silence threshold may abstain on
ANSWER_THRESHOLD = 0.5  # policy: answer when the calibrated confidence says the top clause is more likely right


# ------------------------------------------------------------------------------------------- data

def train_questions() -> tuple[list[dict], dict[str, str]]:
    qs, hashes = [], {}
    for path in TRAIN_FILES:
        if path.is_file():
            qs += load_jsonl(path)
            name = f"bench/questions/{path.name}" if path.is_relative_to(QUESTIONS) else f"../shared/eval/{path.name}"
            hashes[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return qs, hashes


def fold_of(qid: str, k: int) -> int:
    return int(hashlib.sha256(qid.encode()).hexdigest(), 16) % k


def text_path(view, questions: list[dict]) -> list[dict]:
    out = []
    for q in questions:
        ref = parse_reference(q["question"])
        if ref is None or not match_instruments(ref, view.instruments)[0]:
            out.append(q)
    return out


class Labeller:
    """Does a clause row match one of a question's gold clauses (score.py's rule)? Cached per (id, row)."""

    def __init__(self, view) -> None:
        self.sc = scorer()
        self.truth = self.sc.Truth([CORPUS / "truth"])
        self.view = view
        self._cache: dict[tuple[str, int], bool] = {}

    def __call__(self, q: dict, row: int) -> bool:
        key = (q["id"], row)
        got = self._cache.get(key)
        if got is None:
            c = self.view.clauses[row]
            hit = {"text": c.text, "source": c.file, "page": c.page}
            got = self._cache[key] = any(self.sc.matches(hit, self.truth.gold(g), self.truth) for g in q["gold"])
        return got


class Where:
    """The (index, view) a train question is retrieved with: the one index, or with --fold-indexes the index of
    the fold model that was not trained on the question (bench/adapt_cv.py's folds)."""

    def __init__(self, idx, fold_indexes: list) -> None:
        self.single = (idx, view_of(idx))
        self.folds = [(f, view_of(f)) for f in fold_indexes]
        for f in fold_indexes:
            memoize_retrievers(f)

    def __call__(self, q: dict) -> tuple:
        return self.folds[fold_of(q["id"], len(self.folds))] if self.folds else self.single

    def retrieve(self, q: dict, fusion: Fusion):
        idx, view = self(q)
        return retrieve(idx, q["question"], fusion=fusion, view=view)


def memoize_retrievers(idx) -> None:
    """Each question's embedding and BM25 list are computed once for every setting (bench only)."""
    embed = functools.lru_cache(maxsize=None)(lambda texts: idx.embedder.encode(list(texts)))
    idx.embed = lambda texts: embed(tuple(texts))
    idx.lexical_search = functools.lru_cache(maxsize=None)(idx.lexical_search)


def reciprocal_rank(rows: list[int], q: dict, label: Labeller) -> float:
    for rank, row in enumerate(rows[:10], 1):
        if label(q, row):
            return 1.0 / rank
    return 0.0


def summary(rrs) -> dict:
    rrs = np.asarray(rrs, dtype=float)
    if not len(rrs):
        return {"questions": 0}
    return {"questions": len(rrs), "mrr@10": round(float(rrs.mean()), 4), "recall@1": round(float((rrs == 1).mean()), 4),
            "recall@5": round(float((rrs >= 0.2).mean()), 4), "recall@10": round(float((rrs > 0).mean()), 4)}


# ------------------------------------------------------------------------------------------- 1. fusion

def fusion_grid() -> list[Fusion]:
    base = DEFAULT_FUSION
    return [replace(base, dense_weight=w, keyword_query=kq, preamble_penalty=pp)
            for w, kq, pp in itertools.product((0.3, 0.4, 0.5, 0.6), (0.0, 0.5), (0.0, 0.1))]


def fit_fusion(where, answerable: list[dict], label: Labeller, k: int) -> tuple[Fusion, dict]:
    grid = fusion_grid()
    table = []
    for i, f in enumerate(grid):
        table.append({q["id"]: reciprocal_rank(top_rows(where.retrieve(q, f).fused, 10),
                                               q, label) for q in answerable})
        print(f"\rfusion: {i + 1}/{len(grid)} settings", end="", file=sys.stderr)
    print(file=sys.stderr)
    means = [float(np.mean(list(t.values()))) for t in table]
    best = max(range(len(grid)), key=lambda i: (means[i], -i))
    cv = []
    for fold in range(k):
        inner = [q["id"] for q in answerable if fold_of(q["id"], k) != fold]
        held = [q["id"] for q in answerable if fold_of(q["id"], k) == fold]
        pick = max(range(len(grid)), key=lambda i: (np.mean([table[i][x] for x in inner]), -i))
        cv += [table[pick][x] for x in held]
    report = {"settings_tried": len(grid), "chosen": asdict(grid[best]),
              "train_fused_order": summary(list(table[best].values())),
              "train_kfold_fused_order": summary(cv),
              "grid": [{"dense_weight": f.dense_weight, "keyword_query": f.keyword_query,
                        "preamble_penalty": f.preamble_penalty, "mrr@10": round(m, 4)} for f, m in zip(grid, means, strict=True)]}
    return grid[best], report


# ------------------------------------------------------------------------------------------- 2. reranker

def logistic(x: np.ndarray, y: np.ndarray, lam: float, balanced: bool = True):
    """L2-penalized logistic regression on standardized features by Newton's method; (mean, scale, coef,
    intercept). `balanced` weighs the two classes equally (for ranking and for the rare unanswerable
    class); without it the probabilities keep the base rate (for calibrated confidence)."""
    mean, scale = x.mean(0), x.std(0) + 1e-9
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / scale])
    if balanced:
        pos = min(max(y.mean(), 1e-9), 1 - 1e-9)
        cw = np.where(y > 0.5, 0.5 / pos, 0.5 / (1 - pos))
    else:
        cw = np.ones(len(y))
    reg = np.full(z.shape[1], lam)
    reg[0] = 0.0
    w = np.zeros(z.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(z @ w, -30, 30)))
        g = z.T @ (cw * (p - y)) / len(y) + reg * w
        h = (z * (cw * p * (1 - p))[:, None]).T @ z / len(y) + np.diag(reg + 1e-9)
        step = np.linalg.solve(h, g)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return mean, scale, w[1:], float(w[0])


def predict(model, x: np.ndarray) -> np.ndarray:
    mean, scale, w, b = model
    return 1 / (1 + np.exp(-(((x - mean) / scale) @ w + b)))


def fit_rerank(items, lam):
    return logistic(np.vstack([it["x"] for it in items]), np.concatenate([it["y"] for it in items]), lam)


def rr_of(model, it) -> float:
    s = predict(model, it["x"])
    for rank, i in enumerate(np.argsort(-s, kind="stable")[:10], 1):
        if it["y"][i] > 0:
            return 1.0 / rank
    return 0.0


def fused_rr(it) -> float:
    """Reciprocal rank in the fused order (candidate rows come best first)."""
    hits = np.flatnonzero(it["y"][:10] > 0)
    return 1.0 / (hits[0] + 1) if len(hits) else 0.0


def nested_cv(items, k: int) -> tuple[dict, dict, dict]:
    """Outer K-fold models (each with its penalty chosen by inner CV on its training folds only), their
    penalties, and every item's reciprocal rank under the model that did not see it."""
    models, penalties, rr = {}, {}, {}
    for fold in range(k):
        tr = [it for it in items if fold_of(it["id"], k) != fold]
        lam = choose_penalty(tr, k - 1, salt=f"inner{fold}")
        penalties[fold], models[fold] = lam, fit_rerank(tr, lam)
        for it in items:
            if fold_of(it["id"], k) == fold:
                rr[it["id"]] = rr_of(models[fold], it)
        print(f"rerank: outer fold {fold + 1}/{k} penalty {lam}", file=sys.stderr)
    return models, penalties, rr


def drop_one(items, k: int) -> dict[str, dict]:
    """Nested-CV figures of the reranker without each feature in turn: what each feature adds, on TRAIN."""
    out = {}
    for j, name in enumerate(RERANK_FEATURES):
        keep = [i for i in range(len(RERANK_FEATURES)) if i != j]
        out[name] = summary(list(nested_cv([dict(it, x=it["x"][:, keep]) for it in items], k)[2].values()))
    return out


def choose_penalty(items, k: int, salt: str) -> float:
    """The penalty with the best K-fold MRR@10 over `items` (folds by question id, salted per level)."""
    scores = {}
    for lam in PENALTIES:
        rrs = []
        for fold in range(k):
            tr = [it for it in items if fold_of(salt + it["id"], k) != fold]
            te = [it for it in items if fold_of(salt + it["id"], k) == fold]
            if tr and te:
                model = fit_rerank(tr, lam)
                rrs += [rr_of(model, it) for it in te]
        scores[lam] = float(np.mean(rrs)) if rrs else 0.0
    return max(PENALTIES, key=lambda p: (scores[p], -p))


# ------------------------------------------------------------------------------------------- 3. confidence

def logistic_record(features: tuple[str, ...], model) -> dict:
    mean, scale, w, b = model
    return {"features": list(features), "mean": np.round(mean, 6).tolist(), "scale": np.round(scale, 6).tolist(),
            "coef": np.round(w, 6).tolist(), "intercept": round(float(b), 6)}


def silence_threshold(p_silent: np.ndarray, answerable: np.ndarray) -> float:
    """The lowest threshold that abstains on at most SILENCE_ANSWERABLE of the answerable questions,
    midway to the next answerable question's probability."""
    ans = np.sort(p_silent[answerable])[::-1]
    if not len(ans):
        return 0.5
    allowed = int(np.floor(SILENCE_ANSWERABLE * len(ans)))
    hi = ans[allowed - 1] if allowed > 0 else 1.0
    return float(min(1.0, (ans[allowed] + hi) / 2 if allowed < len(ans) else ans[-1]))


def matrix(feats, names) -> np.ndarray:
    return np.array([[f.get(n) for n in names] for f in feats], dtype=float)


def log_loss(p: np.ndarray, y: np.ndarray) -> float:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def out_of_group(x: np.ndarray, y: np.ndarray, groups: list[str], lam: float) -> np.ndarray:
    """Each question's confidence from a model fitted on the other styles only: the shift a new kind of
    question brings, which random folds hide (same-style questions sit on both sides of a random split)."""
    out = np.zeros(len(y))
    g = np.array(groups)
    for style in sorted(set(groups)):
        te = g == style
        if te.all():
            continue
        out[te] = predict(logistic(x[~te], y[~te], lam, balanced=False), x[te])
    return out


def fit_confidence(feats, right: np.ndarray, answerable: np.ndarray, ids: list[str], styles: list[str],
                   k: int) -> tuple[dict, dict]:
    xa, xs = matrix(feats, CONF_FEATURES), matrix(feats, SILENCE_FEATURES)
    silent = (~answerable).astype(float)
    by_penalty = {lam: out_of_group(xa, right, styles, lam) for lam in CONF_PENALTIES}
    penalty = min(CONF_PENALTIES, key=lambda lam: (log_loss(by_penalty[lam], right), -lam))
    oof_conf, oof_sil = np.zeros(len(ids)), np.zeros(len(ids))
    oof_thr = np.zeros(len(ids))
    for fold in range(k):
        te = np.array([fold_of("conf" + i, k) == fold for i in ids])
        tr = ~te
        if not te.any():
            continue
        am = logistic(xa[tr], right[tr], penalty, balanced=False)
        sm = logistic(xs[tr], silent[tr], SILENCE_PENALTY)
        oof_conf[te] = predict(am, xa[te])
        oof_sil[te] = predict(sm, xs[te])
        oof_thr[te] = silence_threshold(predict(sm, xs[tr]), answerable[tr])
    answer_model = logistic(xa, right, penalty, balanced=False)
    silence_model = logistic(xs, silent, SILENCE_PENALTY)
    thr = silence_threshold(predict(silence_model, xs), answerable)
    cv_ece, cv_table = ece(oof_conf, right)
    per_question = {i: {"features": [round(float(v), 4) for v in xa[n]], "right": bool(right[n]),
                        "answerable": bool(answerable[n]), "oof_confidence": round(float(oof_conf[n]), 4),
                        "oof_silence": round(float(oof_sil[n]), 4), "oof_threshold": round(float(oof_thr[n]), 4)}
                    for n, i in enumerate(ids)}
    abst = oof_sil >= oof_thr
    report = {
        "questions": len(ids), "answerable": int(answerable.sum()), "unanswerable": int((~answerable).sum()),
        "rank1_right_share": round(float(right.mean()), 4),
        "penalty": penalty,
        "leave_one_style_out": {str(lam): {"log_loss": round(log_loss(p, right), 4), "ece": ece(p, right)[0]}
                                for lam, p in by_penalty.items()},
        "kfold": {"ece": cv_ece, "reliability": cv_table,
                  "abstained_on_unanswerable": int((abst & ~answerable).sum()),
                  "abstained_on_answerable": int((abst & answerable).sum()),
                  "low_confidence_on_answerable": int(((oof_conf < ANSWER_THRESHOLD) & answerable & ~abst).sum())},
        "in_sample": {"ece": ece(predict(answer_model, xa), right)[0],
                      "abstained_on_unanswerable": int(((predict(silence_model, xs) >= thr) & ~answerable).sum()),
                      "abstained_on_answerable": int(((predict(silence_model, xs) >= thr) & answerable).sum())},
        "per_question": per_question,
    }
    data = {"answer": logistic_record(CONF_FEATURES, answer_model),
            "silence": logistic_record(SILENCE_FEATURES, silence_model),
            "answer_threshold": ANSWER_THRESHOLD, "silence_threshold": round(thr, 6),
            "penalty": penalty, "penalty_chosen_by": f"leave-one-style-out log loss over {list(CONF_PENALTIES)}",
            "silence_penalty": SILENCE_PENALTY,
            "silence_answerable_budget": SILENCE_ANSWERABLE}
    return data, report


# ------------------------------------------------------------------------------------------- main

def fit_reference(where, questions: list[dict], label: Labeller, fusion: Fusion) -> tuple[dict, dict]:
    """The confidence of answers through a named reference: the share of these train questions whose first
    clause is right (add-one smoothed), for a named clause and for a named instrument."""
    from search.engine import SearchSettings, ask

    settings = SearchSettings(fusion=fusion, answer=False)
    counts = {"exact": [0, 0], "instrument": [0, 0]}  # [right, questions]
    for q in questions:
        idx = where(q)[0]
        res = ask(idx, q["question"], k=10, settings=settings)
        if not res.groups or not res.hits:
            continue
        kind = "exact" if any(g.exact for g in res.groups) else "instrument"
        row = idx.row_of(res.hits[0].clause.id)
        counts[kind][0] += int(bool(q["gold"]) and row is not None and label(q, row))
        counts[kind][1] += 1
    shares = {kind: round((r + 1) / (n + 2), 4) for kind, (r, n) in counts.items()}
    return shares, {"counts_right_of_questions": counts, "shares": shares}


def provenance(idx, hashes: dict[str, str], extra: dict) -> dict:
    import ingest
    from index.meta import FORMAT_VERSION

    return {"questions_sha256": hashes, "parser": ingest.PARSER_VERSION, "index_format": FORMAT_VERSION,
            "model": idx.meta.model, "backend": idx.meta.backend, "clauses": len(idx.clauses),
            "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "by": "bench/fit.py", **extra}


OWN_MODEL = ""  # --own-model: write that model's own files (search/fitted/<model>/) instead of the default ones
FOLD_INDEXES: list[str] = []  # --fold-indexes, recorded in those files


def write(name: str, fitted_on: dict, data: dict) -> None:
    path = params.path_of(name, OWN_MODEL)
    path.parent.mkdir(exist_ok=True)
    if OWN_MODEL:
        fitted_on = {**fitted_on, "for_model": OWN_MODEL, "features_from_fold_models": FOLD_INDEXES}
    path.write_text(json.dumps({"fitted_on": fitted_on, "params": data}, indent=1) + "\n", encoding="utf-8")
    params.load.cache_clear()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, default=TMP / "index-pdf")
    ap.add_argument("--no-build", action="store_true", help="use the index as it is (else build/update it first)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--skip-fusion", action="store_true", help="keep search/fitted/fusion.json as it is")
    ap.add_argument("--fold-indexes", nargs="*", type=Path, default=[],
                    help="cross-fitting for a model fine-tuned on TRAIN questions (bench/adapt_cv.py): the indexes "
                         "of its fold models, in fold order; each question is then retrieved with the model that "
                         "did not see it")
    ap.add_argument("--own-model", default="", metavar="NAME",
                    help="write the files as NAME's own (search/fitted/NAME/, bench/results/fit-NAME.json)")
    a = ap.parse_args(argv)
    global OWN_MODEL, FOLD_INDEXES
    OWN_MODEL, FOLD_INDEXES = a.own_model, [str(d) for d in a.fold_indexes]
    t0 = time.time()
    if not a.no_build:
        from eval import build_index

        build_index(a.index, False)
    import index

    idx = index.open(a.index)  # the product's query embedder, as `ask` uses it
    memoize_retrievers(idx)
    view = view_of(idx)
    where = Where(idx, [index.open(d) for d in a.fold_indexes])
    label = Labeller(view)
    qs, hashes = train_questions()
    assert not any(t.name in h for t in TEST_FILES for h in hashes), "the test splits must never be fitted on"
    texts = text_path(view, qs)
    answerable = [q for q in texts if q["gold"]]
    k = a.folds
    report: dict = {"train_questions": len(qs), "text_path": len(texts), "folds": k,
                    "questions_sha256": hashes, "load_average_1min": [round(os.getloadavg()[0], 2)]}

    # 1. fusion
    if a.skip_fusion:
        fusion = DEFAULT_FUSION
    else:
        fusion, report["fusion"] = fit_fusion(where, answerable, label, k)
        write("fusion", provenance(idx, hashes, {"selection": "best train MRR@10 of the fused order over a grid"}),
              {"fusion": asdict(fusion)})
    print(f"fusion: {asdict(fusion)}", file=sys.stderr)

    # 2. reranker (nested CV) and OOF rankings
    retr = {q["id"]: where.retrieve(q, fusion) for q in texts}
    cands = {}
    for q in texts:
        rows, x = candidate_features(retr[q["id"]], where(q)[1], q["question"], DEPTH)
        cands[q["id"]] = {"id": q["id"], "rows": rows, "x": x,
                          "y": np.array([label(q, row) for row in rows], dtype=float) if q["gold"] else np.zeros(len(rows))}
    items = [cands[q["id"]] for q in answerable if len(cands[q["id"]]["rows"])]
    outer_models, outer_pen, nested_rr = nested_cv(items, k)
    lam = choose_penalty(items, k, salt="final")
    model = fit_rerank(items, lam)
    mean, scale, w, b = model
    write("rerank", provenance(idx, hashes, {"penalty_chosen_by": f"{k}-fold CV MRR@10 over {list(PENALTIES)}",
                                             "depth": DEPTH}),
          {"features": list(RERANK_FEATURES), "mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(),
           "coef": w.round(6).tolist(), "intercept": round(float(b), 6), "penalty": lam})
    report["rerank"] = {"penalty": lam, "outer_penalties": outer_pen,
                        "train_fused_order": summary([fused_rr(it) for it in items]),
                        "train_nested_cv": summary(list(nested_rr.values())),
                        "train_nested_cv_without": drop_one(items, k),
                        "train_in_sample": summary([rr_of(model, it) for it in items]),
                        "coefficients": dict(zip(RERANK_FEATURES, np.round(w, 3).tolist(), strict=True))}

    # 3. confidence on OOF reranker probabilities
    feats, right, is_ans, ids, styles = [], [], [], [], []
    for q in texts:
        c = cands[q["id"]]
        if not len(c["rows"]):
            continue
        p = predict(outer_models[fold_of(q["id"], k)], c["x"])
        order = np.argsort(-p, kind="stable")[:10]
        rows = [c["rows"][i] for i in order]
        feats.append(confidence_features(retr[q["id"]], rows, where(q)[1], [float(p[i]) for i in order]))
        right.append(bool(q["gold"]) and label(q, rows[0]))
        is_ans.append(bool(q["gold"]))
        ids.append(q["id"])
        styles.append(question_style(q))
    data, report["confidence"] = fit_confidence(feats, np.array(right, dtype=float), np.array(is_ans), ids, styles, k)
    text_ids = {q["id"] for q in texts}
    data["reference"], report["confidence"]["reference"] = fit_reference(
        where, [q for q in qs if q["id"] not in text_ids], label, fusion)
    write("confidence", provenance(idx, hashes, {"features_from": "out-of-fold reranker probabilities",
                                                 "folds": k}), data)
    report["seconds"] = round(time.time() - t0, 1)
    report["load_average_1min"].append(round(os.getloadavg()[0], 2))
    report["fold_indexes"] = [str(d) for d in a.fold_indexes]
    (RESULTS / (f"fit-{OWN_MODEL}.json" if OWN_MODEL else "fit.json")).write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps({k: v for k, v in report.items() if k not in ("fusion", "confidence")}, indent=2))
    print(json.dumps({k: v for k, v in report["confidence"].items() if k != "per_question"}, indent=2))
    if hasattr(idx.embedder, "save"):
        idx.embedder.save()
    return 0


if __name__ == "__main__":
    sys.exit(main())
