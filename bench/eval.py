"""Retrieval evaluation on the dev questions: itu-search against plain BM25, dense-only and chunk baselines.

    .venv/bin/python bench/eval.py [--index DIR] [--rebuild] [--skip-chunks]

1. Builds (or updates, incrementally) an index of ../shared/corpus/pdf with the real parser and model.
2. Runs `itu-search lookup` on ../shared/eval/dev.jsonl (and on bench/questions/heldout.jsonl, questions
   written for this project) and scores the results with the shared score.py, run as a subprocess.
3. Runs the same questions through plain BM25 and dense-only retrieval over the same clauses, and through
   the two baselines of the issue: fixed 500-character chunks (100 overlap) of pypdf page text with
   all-MiniLM-L6-v2 and exact FAISS, and BM25 (bm25s) over the same chunks.
Writes bench/results/eval.json and bench/results/eval.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from common import CORPUS, EVAL, QUESTIONS, REPO, RESULTS, TMP, load_jsonl, real_embedder

CHUNK_CHARS = 500
CHUNK_OVERLAP = 100
K = 10
SYSTEMS = ("itu-search", "BM25 (clauses)", "dense (clauses)", "chunks + MiniLM/FAISS", "chunks + BM25")


def build_index(folder: Path, rebuild: bool) -> None:
    import index

    emb = real_embedder()
    try:
        report = index.build([str(CORPUS / "pdf")], folder, embedder=emb, rebuild=rebuild, progress=True)
    except index.IndexIncompatible:
        report = index.build([str(CORPUS / "pdf")], folder, embedder=emb, rebuild=True, progress=True)
    emb.save()
    print(report.summary(), file=sys.stderr)


def run_lookup(folder: Path, questions: Path, out: Path) -> float:
    """The product path: `itu-search lookup` as a user runs it; returns seconds."""
    t0 = time.time()
    cmd = [sys.executable, str(REPO / "cli.py"), "lookup", str(questions), "--index", str(folder), "-k", str(K),
           "-o", str(out)]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    if proc.returncode not in (0, 1):
        raise SystemExit(f"lookup failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return time.time() - t0


def score(questions: Path, results: Path) -> dict:
    cmd = [sys.executable, str(EVAL / "score.py"), "--questions", str(questions), "--results", str(results),
           "--truth-dir", str(CORPUS / "truth"), "--json"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def write_results(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def clause_baselines(folder: Path, questions: list[dict], out_dir: Path) -> dict[str, Path]:
    """Plain BM25 and dense-only retrieval over the index's clauses (raw question, no query processing)."""
    import index
    from search.batch import hit_record
    from search.records import Hit

    idx = index.open(folder, embedder=real_embedder())
    out = {}
    for name, search in (("BM25 (clauses)", idx.lexical_search), ("dense (clauses)", idx.dense_search)):
        rows = []
        for q in questions:
            hits = [Hit(idx.clauses[r], round(float(s), 4), i + 1) for i, (r, s) in enumerate(search(q["question"], K))]
            rows.append({"id": q["id"], "hits": [hit_record(h) for h in hits], "abstained": False})
        path = out_dir / f"results-{name.split()[0].lower()}-clauses.jsonl"
        write_results(path, rows)
        out[name] = path
    return out


def pdf_chunks() -> list[dict]:
    """500-character chunks (100 overlap) of each PDF's pypdf page text, with the page each chunk starts on."""
    from pypdf import PdfReader

    chunks = []
    for pdf in sorted((CORPUS / "pdf").glob("*.pdf")):
        text, starts = "", []
        for n, page in enumerate(PdfReader(str(pdf)).pages, 1):
            starts.append((len(text), n))
            text += (page.extract_text() or "") + "\n"
        step = CHUNK_CHARS - CHUNK_OVERLAP
        for pos in range(0, max(1, len(text) - CHUNK_OVERLAP), step):
            page = max(p for off, p in starts if off <= pos)
            chunks.append({"text": text[pos:pos + CHUNK_CHARS], "source": pdf.name, "page": page})
    return chunks


def chunk_baselines(questions: list[dict], out_dir: Path) -> dict[str, Path]:
    import bm25s
    import faiss

    chunks = pdf_chunks()
    emb = real_embedder("chunk-embeddings.npz")
    vecs = emb.encode([c["text"] for c in chunks], progress=True)
    emb.save()
    flat = faiss.IndexFlatIP(vecs.shape[1])
    flat.add(vecs)
    qv = emb.inner.encode([q["question"] for q in questions])
    _, dense_rows = flat.search(qv, K)
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize([c["text"] for c in chunks], stopwords="en", show_progress=False),
                    show_progress=False)
    out = {}
    for name in ("chunks + MiniLM/FAISS", "chunks + BM25"):
        rows = []
        for qi, q in enumerate(questions):
            if name.endswith("FAISS"):
                ranked = [int(r) for r in dense_rows[qi] if r >= 0]
            else:
                scores = retriever.get_scores(bm25s.tokenize(q["question"], stopwords="en", return_ids=False,
                                                             show_progress=False)[0] or [""])
                ranked = [int(i) for i in np.argsort(-scores, kind="stable")[:K] if scores[i] > 0]
            hits = [{"rank": i + 1, "text": chunks[r]["text"], "source": chunks[r]["source"], "page": chunks[r]["page"]}
                    for i, r in enumerate(ranked)]
            rows.append({"id": q["id"], "hits": hits, "abstained": False})
        path = out_dir / ("results-chunks-dense.jsonl" if name.endswith("FAISS") else "results-chunks-bm25.jsonl")
        write_results(path, rows)
        out[name] = path
    return out


def reference_at_1(questions: list[dict], results: Path, truth_dir: Path) -> int:
    """How many reference questions have a matching hit at rank 1 (the scorer's matching rule)."""
    sc = _scorer()
    truth = sc.Truth([truth_dir])
    res = {str(r["id"]): r for r in load_jsonl(results)}
    n = 0
    for q in questions:
        if q.get("kind") != "reference":
            continue
        hits = res.get(q["id"], {}).get("hits", [])[:1]
        golds = [truth.gold(g) for g in q["gold"]]
        n += any(sc.matches(h, g, truth) for h in hits for g in golds)
    return n


def citation_exact_best_cover(questions: list[dict], results: Path, truth_dir: Path) -> float | None:
    """Citation exactness with the first matching hit attributed to the gold clause whose 3-grams it covers
    best, not (as score.py does) to the first gold clause it covers. Sibling clauses of list questions
    overlap ("... less than 10% of ..." / "... less than 50% of ..."), so a hit quoting the second gold
    clause word for word also covers the first; score.py then compares its citation with the first."""
    sc = _scorer()
    truth = sc.Truth([truth_dir])
    res = {str(r["id"]): r for r in load_jsonl(results)}
    cited = ok = 0
    for q in questions:
        golds = [truth.gold(g) for g in q["gold"]]
        for hit in res.get(q["id"], {}).get("hits", [])[:K]:
            matched = [g for g in golds if sc.matches(hit, g, truth)]
            if not matched:
                continue
            if "citation" in hit:
                have = sc.trigrams(sc.words(str(hit.get("text", ""))))
                best = max(matched, key=lambda g: len(g["_tri"] & have) / len(g["_tri"]))
                cited += 1
                ok += sc.citation_ok(hit, best)
            break
    return round(ok / cited, 4) if cited else None


def _scorer():
    import importlib.util

    spec = importlib.util.spec_from_file_location("itu_score", EVAL / "score.py")
    sc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sc)
    return sc


def markdown(report: dict) -> str:
    lines = ["# Retrieval on the dev questions", "",
             f"Index: `{report['index']}` ({report['clauses']} clauses, built by the real parser from "
             "`../shared/corpus/pdf`). Scores from `../shared/eval/score.py`. Reproduce: "
             "`.venv/bin/python bench/eval.py`.", ""]
    for qset in ("dev", "heldout"):
        if qset not in report["scores"]:
            continue
        lines += [f"## {qset} questions ({report['questions'][qset]})", "",
                  "| system | R@1 | R@3 | R@5 | R@10 | MRR@10 | list cov@10 | citation exact | citation exact "
                  "(best-covered gold) | reference @1 | abstained unans. | abstained ans. |",
                  "|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for name, s in report["scores"][qset].items():
            cit = s["citation_exact_at_first_match"]
            cit = "" if cit is None else f"{cit:.3f}"
            best = s.get("citation_exact_best_cover")
            best = "" if best is None else f"{best:.3f}"
            lines.append(
                f"| {name} | {s['recall@1']:.3f} | {s['recall@3']:.3f} | {s['recall@5']:.3f} | {s['recall@10']:.3f} "
                f"| {s['mrr@10']:.3f} | {s['list_coverage@10'] or 0:.3f} | {cit} | {best} "
                f"| {s['reference_at_1']}/{s['reference_questions']} | {s['abstained_on_unanswerable']}/{s['unanswerable']} "
                f"| {s['abstained_on_answerable']}/{s['answerable']} |")
        lines += ["", "Recall@5 by kind:", ""]
        kinds = sorted({k for s in report["scores"][qset].values() for k in s["recall@5_by_kind"]})
        lines += ["| system | " + " | ".join(kinds) + " |", "|---|" + "---|" * len(kinds)]
        for name, s in report["scores"][qset].items():
            lines.append(f"| {name} | " + " | ".join(f"{s['recall@5_by_kind'].get(k, 0):.2f}" for k in kinds) + " |")
        misses = report["scores"][qset]["itu-search"]["not_found_ids"]
        lines += ["", f"itu-search: not found in the top 10: {', '.join(misses) or 'none'}", ""]
    lines += out_of_sample()
    return "\n".join(lines) + "\n"


def out_of_sample() -> list[str]:
    """The honest estimates beside the in-sample dev figures: the fusion settings, the reranker and the
    abstention model were all chosen or fitted on dev, so the dev table above is in-sample."""
    def load(name: str) -> dict | None:
        p = RESULTS / name
        return json.loads(p.read_text()) if p.is_file() else None

    lines = ["## Out-of-sample estimates", "",
             "The fusion settings (bench/tune.py), the reranker (bench/rerank_train.py, dev only) and the abstention "
             "model (bench/abstention.py, dev + held-out) were fitted on these questions, so the dev table is "
             "in-sample. Estimates on questions a model did not see:", ""]
    tune, rr, ab = load("tune.json"), load("rerank.json"), load("abstention.json")
    if rr:
        d, h = rr["dev_leave_one_question_out"], rr["heldout_reranked"]
        lines += [f"- reranker, leave-one-question-out on the {d['questions']} dev text-path questions: MRR@10 "
                  f"{d['mrr@10']:.3f}, R@1 {d['recall@1']:.3f}, R@5 {d['recall@5']:.3f} (fused order without it: "
                  f"MRR@10 {rr['dev_fused_order']['mrr@10']:.3f}); on the {h['questions']} held-out text-path "
                  f"questions (never fitted on): MRR@10 {h['mrr@10']:.3f}, R@1 {h['recall@1']:.3f}, "
                  f"R@5 {h['recall@5']:.3f}."]
    if tune:
        d = tune["leave_one_out_on_dev"]
        stale = (RESULTS / "rerank.json").is_file() and \
            (RESULTS / "tune.json").stat().st_mtime < (RESULTS / "rerank.json").stat().st_mtime
        lines += [f"- fusion settings chosen leave-one-out over {tune['settings_tried']} settings: dev MRR@10 "
                  f"{d['mrr@10']:.3f}, R@1 {d['recall@1']:.3f}, R@5 {d['recall@5']:.3f}"
                  + (" (an earlier run: tune.json predates the current reranker fit; re-run bench/tune.py)."
                     if stale else ".")]
    if ab:
        lo = ab["leave_one_out"]
        lines += [f"- abstention, leave-one-out over {ab['questions']} text-path questions (dev + held-out; "
                  f"the held-out abstention figures above are in-sample): abstained on "
                  f"{lo['abstained_on_unanswerable']}/{ab['unanswerable']} unanswerable and "
                  f"{lo['abstained_on_answerable']}/{ab['answerable']} answerable."]
    lines += ["- held-out questions (bench/questions/heldout.jsonl): never used by tune.py or rerank_train.py; "
              "their retrieval figures above are out-of-sample.", ""]
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, default=TMP / "index-pdf", help="index folder to build or reuse")
    ap.add_argument("--rebuild", action="store_true", help="build the index from scratch")
    ap.add_argument("--skip-chunks", action="store_true", help="skip the chunk baselines (slow on a busy CPU)")
    ap.add_argument("--no-build", action="store_true", help="use the index as it is")
    a = ap.parse_args(argv)
    TMP.mkdir(parents=True, exist_ok=True)
    if not a.no_build:
        build_index(a.index, a.rebuild)
    import index

    n_clauses = len(index.open(a.index, embedder=real_embedder()).clauses)
    qsets = {"dev": EVAL / "dev.jsonl", "heldout": QUESTIONS / "heldout.jsonl"}
    report = {"index": str(a.index.relative_to(REPO) if a.index.is_relative_to(REPO) else a.index),
              "clauses": n_clauses, "questions": {}, "scores": {}, "lookup_seconds": {}}
    for qset, qpath in qsets.items():
        questions = load_jsonl(qpath)
        report["questions"][qset] = len(questions)
        paths = {"itu-search": TMP / f"results-{qset}.jsonl"}
        report["lookup_seconds"][qset] = round(run_lookup(a.index, qpath, paths["itu-search"]), 1)
        paths.update(clause_baselines(a.index, questions, TMP))
        if not a.skip_chunks:
            paths.update(chunk_baselines(questions, TMP))
        scores = {}
        for name in SYSTEMS:
            if name not in paths:
                continue
            s = score(qpath, paths[name])
            s["reference_at_1"] = reference_at_1(questions, paths[name], CORPUS / "truth")
            s["reference_questions"] = sum(q.get("kind") == "reference" for q in questions)
            s["citation_exact_best_cover"] = citation_exact_best_cover(questions, paths[name], CORPUS / "truth")
            scores[name] = s
        report["scores"][qset] = scores
        # keep a copy of each result file under a stable name beside this qset's
        for name, p in paths.items():
            if name != "itu-search":
                p.rename(p.with_name(p.stem + f"-{qset}.jsonl"))
    (RESULTS / "eval.json").write_text(json.dumps(report, indent=2) + "\n")
    (RESULTS / "eval.md").write_text(markdown(report))
    print(markdown(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
