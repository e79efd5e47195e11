"""Retrieval evaluation, TRAIN, TEST, TEST2 and TEST3 side by side: itu-search against BM25, dense and chunk baselines.

    .venv/bin/python bench/eval.py [--index DIR] [--rebuild] [--skip-chunks] [--no-build]

1. Builds (or updates, incrementally) an index of ../shared/corpus/pdf and ../shared/corpus/txt with the
   real parser and model.
2. TRAIN = bench/common.TRAIN_FILES (dev, heldout, train, train2-train5: what bench/fit.py fits on, so
   in-sample); TEST = bench/questions/test.jsonl (never fitted or chosen on); TEST2 =
   bench/questions/test2.jsonl (written after every fitted value and choice, on clauses no other question
   has as its answer); TEST3 = bench/questions/test3.jsonl (the same, written after train5.jsonl on a further
   sample). `--splits` runs some of them and keeps the others' figures from the last run if it
   used the same model, clauses and fitted parameters. Runs
   `itu-search lookup` on each split and scores it with the shared score.py, run as a subprocess.
3. Runs the same questions through plain BM25 and dense-only retrieval over the same clauses, and through
   the two chunk baselines of the issue: fixed 500-character chunks (100 overlap) of pypdf page text (the
   text files as they are) with all-MiniLM-L6-v2 and exact FAISS, and BM25 (bm25s) over the same chunks.
4. Beside score.py's figures: R@1/R@5/MRR@10 by style and for technical radio questions (gold in the Radio
   Regulations), reference questions at rank 1, the outcomes (answer / low confidence / not addressed /
   other language) on answerable and unanswerable questions, and the reliability table of the reported
   confidence against the share of rank-1 hits that are right, with its expected calibration error (ECE).
Writes bench/results/eval.json and bench/results/eval.md (which also quotes latency.json and ingest.json).
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
from common import (
    CORPUS,
    EVAL,
    REPO,
    RESULTS,
    TEST2_FILE,
    TEST3_FILE,
    TEST_FILE,
    TMP,
    TRAIN_FILES,
    answered_clauses,
    ece,
    ece_spread,
    gold_keys,
    load_jsonl,
    real_embedder,
    scorer,
)

CHUNK_CHARS = 500
CHUNK_OVERLAP = 100
K = 10
SOURCES = [str(CORPUS / "pdf")] + ([str(CORPUS / "txt")] if (CORPUS / "txt").is_dir() else [])
SPLITS = {"train": TRAIN_FILES, "test": (TEST_FILE,), "test2": (TEST2_FILE,), "test3": (TEST3_FILE,)}
RADIO_FILE = "RR-2024-Vol3-part1.pdf"  # technical radio: answerable questions whose gold is in the RR
REFERENCE_STYLES = ("provision_ref", "rec_ref")
SYSTEMS = ("itu-search", "BM25 (clauses)", "dense (clauses)", "chunks + MiniLM/FAISS", "chunks + BM25")


def embedder(model: str | None = None, cache_name: str = "embeddings.npz"):
    """The bench's cached embedder of `model` (None: the default); each model has its own cache file."""
    if model is None:
        return real_embedder(cache_name)
    return real_embedder(cache_name.replace(".npz", f"-{slug(model)}.npz"), model)


def slug(model: str) -> str:
    return Path(model).name.lower()


def build_index(folder: Path, rebuild: bool, model: str | None = None) -> None:
    import index

    emb = embedder(model)
    try:
        report = index.build(SOURCES, folder, embedder=emb, rebuild=rebuild, progress=True)
    except index.IndexIncompatible:
        report = index.build(SOURCES, folder, embedder=emb, rebuild=True, progress=True)
    emb.save()
    print(report.summary(), file=sys.stderr)


def run_lookup(where: str | Path, questions: Path, out: Path, *, repo: Path = REPO) -> float:
    """The product path: `itu-search lookup` of `repo`'s cli.py as a user runs it, over the index at `where`
    (a folder or a Milvus location); returns seconds."""
    t0 = time.perf_counter()
    cmd = [sys.executable, str(repo / "cli.py"), "lookup", str(questions), "--index", str(where), "-k", str(K),
           "-o", str(out)]
    proc = subprocess.run(cmd, cwd=repo, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(repo)})
    if proc.returncode not in (0, 1):
        raise SystemExit(f"lookup failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return time.perf_counter() - t0


def score(questions: Path, results: Path) -> dict:
    cmd = [sys.executable, str(EVAL / "score.py"), "--questions", str(questions), "--results", str(results),
           "--truth-dir", str(CORPUS / "truth"), "--json"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def write_results(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def clause_baselines(folder: Path, questions: list[dict], out_dir: Path, model: str | None = None) -> dict[str, Path]:
    """Plain BM25 and dense-only retrieval over the index's clauses (raw question, no query processing)."""
    import index
    from search.batch import hit_record
    from search.records import Hit

    idx = index.open(folder, embedder=embedder(model))
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
    for txt in sorted((CORPUS / "txt").glob("*.txt")) if (CORPUS / "txt").is_dir() else ():
        text = txt.read_text(encoding="utf-8", errors="replace")
        for pos in range(0, max(1, len(text) - CHUNK_OVERLAP), CHUNK_CHARS - CHUNK_OVERLAP):
            chunks.append({"text": text[pos:pos + CHUNK_CHARS], "source": txt.name, "page": 1})
    return chunks


def chunk_baselines(questions: list[dict], out_dir: Path, model: str | None = None) -> dict[str, Path]:
    import bm25s
    import faiss

    chunks = pdf_chunks()
    emb = embedder(model, "chunk-embeddings.npz")
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
    sc = scorer()
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


def first_ranks(questions: list[dict], results: Path) -> dict[str, int | None]:
    """Rank of the first hit matching a gold clause (score.py's rule), None when none in the top 10."""
    sc = scorer()
    truth = _truth()
    res = {str(r["id"]): r for r in load_jsonl(results)}
    out: dict[str, int | None] = {}
    for q in questions:
        if not q["gold"]:
            continue
        golds = [truth.gold(g) for g in q["gold"]]
        out[q["id"]] = next((rank for rank, hit in enumerate(res.get(q["id"], {}).get("hits", [])[:K], 1)
                             if any(sc.matches(hit, g, truth) for g in golds)), None)
    return out


_TRUTH = None


def _truth():
    global _TRUTH
    if _TRUTH is None:
        _TRUTH = scorer().Truth([CORPUS / "truth"])
    return _TRUTH


def rank_summary(ranks: list[int | None]) -> dict:
    n = len(ranks)
    if not n:
        return {"n": 0}
    return {"n": n, "recall@1": round(sum(r == 1 for r in ranks) / n, 4),
            "recall@5": round(sum(r is not None and r <= 5 for r in ranks) / n, 4),
            "recall@10": round(sum(r is not None for r in ranks) / n, 4),
            "mrr@10": round(sum(1 / r for r in ranks if r) / n, 4)}


def groups(questions: list[dict], trained: set[tuple] = frozenset()) -> dict[str, list[str]]:
    """Question ids of each style (or kind, for sets without styles), of 'technical radio' and of
    reference questions (kind reference, or a style naming an RR provision or a Recommendation). With the
    gold clauses of the TRAIN questions (`trained`), also whether a question's answer is one of them: the
    fine-tuned model has seen questions about those clauses, and this shows whether that is what it learnt."""
    out: dict[str, list[str]] = {}
    for q in questions:
        if not q["gold"]:
            continue
        if trained:
            seen = "a TRAIN question's" if gold_keys(q) & trained else "no TRAIN question's"
            out.setdefault(f"gold clause is {seen}", []).append(q["id"])
        out.setdefault("style " + (q.get("style") or q.get("kind", "?")), []).append(q["id"])
        if any(g["file"].endswith(RADIO_FILE) for g in q["gold"]):
            out.setdefault("technical radio", []).append(q["id"])
        if q.get("kind") == "reference" or q.get("style") in REFERENCE_STYLES:
            out.setdefault("reference", []).append(q["id"])
    return out


def calibration(questions: list[dict], results: Path, ranks: dict[str, int | None]) -> dict:
    """Reported confidence vs. whether the rank-1 hit is right (unanswerable questions: never right), over
    the questions that got a confidence; the reliability table, its ECE (equal-width bins) and how much of
    that ECE this many questions leave to chance (common.ece_spread)."""
    res = {str(r["id"]): r for r in load_jsonl(results)}
    pairs = []
    for q in questions:
        c = res.get(q["id"], {}).get("confidence")
        if c is None:
            continue
        pairs.append((float(c), bool(q["gold"]) and ranks.get(q["id"]) == 1))
    if not pairs:
        return {"questions": 0, "ece": None, "reliability": []}
    return calibration_of(pairs)


def calibration_of(pairs: list[tuple[float, bool]]) -> dict:
    conf, right = np.array([c for c, _ in pairs]), np.array([r for _, r in pairs], dtype=float)
    value, table = ece(conf, right)
    return {"questions": len(pairs), "ece": value, "reliability": table, "chance": ece_spread(conf, right),
            "pairs": " ".join(f"{c:.4f}:{int(r)}" for c, r in pairs)}  # one line: "confidence:right ..."


TEST_SPLITS = ("test", "test2", "test3")


def pooled_test_calibration(report: dict) -> dict | None:
    """The calibration of every test split's questions taken together (ECE is noisy on ~120 questions), when
    each test split was run with its confidence pairs recorded."""
    cals = [report["extra"].get(s, {}).get("calibration", {}) for s in TEST_SPLITS]
    if not all("pairs" in c for c in cals):
        return None
    return calibration_of([(float(c), r == "1") for cal in cals for c, r in
                           (pair.split(":") for pair in cal["pairs"].split())])


def outcomes(questions: list[dict], results: Path) -> dict:
    res = {str(r["id"]): r for r in load_jsonl(results)}
    out: dict[str, dict[str, int]] = {"answerable": {}, "unanswerable": {}}
    for q in questions:
        o = res.get(q["id"], {}).get("outcome", "abstained" if res.get(q["id"], {}).get("abstained") else "answer")
        side = out["answerable" if q["gold"] else "unanswerable"]
        side[o] = side.get(o, 0) + 1
    return out


def merged_questions(split: str) -> tuple[Path, list[dict], dict[str, str]]:
    import hashlib

    qs, hashes = [], {}
    for path in SPLITS[split]:
        if path.is_file():
            qs += load_jsonl(path)
            hashes[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    out = TMP / f"questions-{split}.jsonl"
    write_results(out, qs)
    return out, qs, hashes


def markdown(report: dict) -> str:
    lines = ["# Retrieval: TRAIN, TEST, TEST2 and TEST3 side by side", "",
             f"Index: `{report['index']}` ({report['clauses']} clauses, real parser over `../shared/corpus/pdf` and "
             "`../shared/corpus/txt`). Scores from `../shared/eval/score.py`. Reproduce: `.venv/bin/python bench/fit.py` "
             "(fits on TRAIN) then `.venv/bin/python bench/eval.py`.", "",
             " ".join(f"{SPLIT_NAMES[s]} ({' + '.join(report['files'][s])}) {SPLIT_ROLES[s]}" for s in SPLITS
                      if s in report["files"]),
             ""]
    splits = [s for s in SPLITS if s in report["scores"]]
    lines += ["## itu-search, " + " | ".join(splits), "",
              "| measure | " + " | ".join(splits) + " | target (test) |", "|---|" + "---|" * len(splits) + "---|"]
    targets = {"recall@1": ">= 0.80", "recall@5": ">= 0.95", "mrr@10": ">= 0.87"}
    for m in ("recall@1", "recall@3", "recall@5", "recall@10", "mrr@10", "list_coverage@10", "citation_exact_at_first_match"):
        vals = [report["scores"][s]["itu-search"].get(m) for s in splits]
        lines.append(f"| {m} | " + " | ".join("" if v is None else f"{v:.3f}" for v in vals) + f" | {targets.get(m, '')} |")
    ex = {s: report["extra"][s] for s in splits}
    lines.append("| questions (answerable / unanswerable) | " + " | ".join(
        f"{report['scores'][s]['itu-search']['answerable']} / {report['scores'][s]['itu-search']['unanswerable']}" for s in splits) + " | |")
    radio = [ex[s]["groups"].get("technical radio", {}) for s in splits]
    lines.append("| technical radio R@5 (n) | " + " | ".join(f"{g.get('recall@5', 0):.3f} ({g.get('n', 0)})" for g in radio) + " | >= 0.90 |")
    ref = [ex[s]["groups"].get("reference", {}) for s in splits]
    lines.append("| reference questions at rank 1 | " + " | ".join(
        f"{round(g.get('recall@1', 0) * g.get('n', 0))}/{g.get('n', 0)}" for g in ref) + " | all |")
    for side, target in (("unanswerable", ">= 90%"), ("answerable", "<= 2%")):
        cells = []
        for s in splits:
            o = ex[s]["outcomes"][side]
            n = sum(o.values())
            na = o.get("not_addressed", 0)
            cells.append(f"{na}/{n} ({na / n:.0%})" if n else "")
        lines.append(f"| 'not addressed' on {side} | " + " | ".join(cells) + f" | {target} |")
    for side in ("answerable", "unanswerable"):
        lines.append(f"| outcomes on {side} | " + " | ".join(
            ", ".join(f"{k} {v}" for k, v in sorted(ex[s]["outcomes"][side].items())) for s in splits) + " | |")
    lines.append("| ECE (10 bins) | " + " | ".join(
        "" if ex[s]["calibration"]["ece"] is None else f"{ex[s]['calibration']['ece']:.3f}" for s in splits) + " | <= 0.05 |")
    lines.append("| ECE by chance alone (a calibrated model, these confidences: median / 95th pct.) | " + " | ".join(
        f"{c['if_calibrated_median']:.3f} / {c['if_calibrated_95']:.3f}" if (c := ex[s]["calibration"].get("chance"))
        else "" for s in splits) + " | |")
    lines.append("| ECE, 90% bootstrap interval | " + " | ".join(
        "{:.3f}-{:.3f}".format(*c["bootstrap_90"]) if (c := ex[s]["calibration"].get("chance")) else ""
        for s in splits) + " | |")
    if pooled := report.get("pooled_test_calibration"):
        lines += ["", f"Pooled over TEST, TEST2 and TEST3 ({pooled['questions']} questions): ECE {pooled['ece']:.3f}; by "
                  f"chance alone a calibrated model would show {pooled['chance']['if_calibrated_median']:.3f} (median) / "
                  f"{pooled['chance']['if_calibrated_95']:.3f} (95th pct.); 90% bootstrap interval "
                  "{:.3f}-{:.3f}.".format(*pooled["chance"]["bootstrap_90"])]
    lines += ["", "### Reliability (confidence bins vs. share of rank-1 hits that are right; unanswerable = never right)", ""]
    for s in splits:
        lines += [f"{s}:", "", "| bin | n | mean confidence | share right |", "|---|---:|---:|---:|"]
        lines += [f"| {r['bin']} | {r['n']} | {r['mean_confidence']:.3f} | {r['share_right']:.3f} |"
                  for r in ex[s]["calibration"]["reliability"]]
        lines.append("")
    lines += ["### By style (R@1 / R@5 / MRR@10, n)", "", "| group | " + " | ".join(splits) + " |",
              "|---|" + "---|" * len(splits)]
    names = sorted({g for s in splits for g in ex[s]["groups"]})
    for g in names:
        cells = []
        for s in splits:
            v = ex[s]["groups"].get(g)
            cells.append(f"{v['recall@1']:.2f} / {v['recall@5']:.2f} / {v['mrr@10']:.2f} ({v['n']})" if v else "")
        lines.append(f"| {g} | " + " | ".join(cells) + " |")
    lines += ["", "## Baselines on the same questions", "",
              "| system | " + " | ".join(f"{s} R@1 | {s} R@5 | {s} R@10 | {s} MRR@10 | {s} radio R@5" for s in splits) + " |",
              "|---|" + "---|" * (5 * len(splits))]
    for name in SYSTEMS:
        if not all(name in report["scores"][s] for s in splits):
            continue
        cells = []
        for s in splits:
            sc = report["scores"][s][name]
            rad = report["extra"][s]["baseline_radio"].get(name, {})
            cells += [f"{sc['recall@1']:.3f}", f"{sc['recall@5']:.3f}", f"{sc['recall@10']:.3f}", f"{sc['mrr@10']:.3f}",
                      f"{rad.get('recall@5', 0):.3f}"]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    for s in splits:
        misses = report["scores"][s]["itu-search"]["not_found_ids"]
        lines += ["", f"itu-search, {s}: not found in the top 10: {', '.join(misses) or 'none'}"]
    if report.get("model", "default") == "default":  # latency.json measures the default model only
        lines += ["", "## Speed", ""] + speed_lines()
    return "\n".join(lines) + "\n"


SPLIT_NAMES = {"train": "TRAIN", "test": "TEST", "test2": "TEST2", "test3": "TEST3"}
SPLIT_ROLES = {
    "train": "is what `bench/fit.py` fitted the fusion settings, the reranker and the confidence model on: its figures "
             "are in-sample.",
    "test": "was never used to fit or choose anything.",
    "test2": "was written after every fitted value and choice, on clauses that no other question has as its answer.",
    "test3": "was written the same way after train5.jsonl, on a further sample of clauses.",
}
PER_SPLIT = ("files", "questions_sha256", "questions", "scores", "extra", "lookup_seconds")


def fitted_digest() -> str:
    """sha256 over every fitted-parameter file in search/fitted: a kept split must have been searched with them."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((REPO / "search" / "fitted").rglob("*.json")):
        digest.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def kept_splits(path: Path, report: dict) -> dict:
    """`report` with the splits it did not run taken from the last run's report at `path`, when that run used the
    same model, the same clauses and the same fitted parameters."""
    if not path.is_file():
        return report
    last = json.loads(path.read_text())
    same = ("model", "clauses", "fitted_sha256")
    if changed := [key for key in same if last.get(key) != report[key]]:
        print(f"the splits not run now are not kept from {path.name}: its {', '.join(changed)} differ from this run's "
              "(run every split)", file=sys.stderr)
        return report
    for split in SPLITS:
        if split in last["scores"] and split not in report["scores"]:
            for field in PER_SPLIT:
                report[field][split] = last[field][split]
            report.setdefault("kept_from_last_run", []).append(split)
    return report


def speed_lines() -> list[str]:
    out = []
    lat = RESULTS / "latency.json"
    if lat.is_file():
        d = json.loads(lat.read_text())
        out.append(f"- `ask` warm over {d['clauses']} clauses ({d['queries']} queries, {d.get('backend', '')}): p50 "
                   f"{d['p50_ms']} ms, p95 {d['p95_ms']} ms (target < {d['target_p95_ms']:.0f} ms), load average "
                   f"{d.get('load_average_1min')}; `bench/results/latency.json`.")
    ing = RESULTS / "ingest.json"
    if ing.is_file():
        out.append("- ingest throughput: `bench/results/ingest.json` (see README).")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, default=None, help="index folder to build or reuse")
    ap.add_argument("--model", default=None,
                    help="another embedding model (e.g. all-mpnet-base-v2): its own index, eval-<model>.md/json")
    ap.add_argument("--rebuild", action="store_true", help="build the index from scratch")
    ap.add_argument("--skip-chunks", action="store_true", help="skip the chunk baselines (slow on a busy CPU)")
    ap.add_argument("--no-build", action="store_true", help="use the index as it is")
    ap.add_argument("--splits", default=",".join(SPLITS),
                    help="which splits to run (comma-separated); the others keep the figures of the last run")
    a = ap.parse_args(argv)
    suffix = f"-{slug(a.model)}" if a.model else ""
    a.index = a.index or TMP / f"index-pdf{suffix}"
    TMP.mkdir(parents=True, exist_ok=True)
    if not a.no_build:
        build_index(a.index, a.rebuild, a.model)
    import os

    import index

    n_clauses = len(index.open(a.index, embedder=embedder(a.model)).clauses)
    report = {"index": str(a.index.relative_to(REPO) if a.index.is_relative_to(REPO) else a.index),
              "clauses": n_clauses, "files": {}, "questions_sha256": {}, "questions": {}, "scores": {},
              "extra": {}, "lookup_seconds": {}, "load_average_1min": [round(os.getloadavg()[0], 2)]}
    trained = answered_clauses(q for path in SPLITS["train"] if path.is_file() for q in load_jsonl(path))
    for split in a.splits.split(","):
        qpath, questions, hashes = merged_questions(split)
        if not questions:
            continue
        report["files"][split] = list(hashes)
        report["questions_sha256"][split] = hashes
        report["questions"][split] = len(questions)
        paths = {"itu-search": TMP / f"results-{split}{suffix}.jsonl"}
        report["lookup_seconds"][split] = round(run_lookup(a.index, qpath, paths["itu-search"]), 1)
        base_dir = TMP / f"baselines-{split}{suffix}"
        base_dir.mkdir(exist_ok=True)
        paths.update(clause_baselines(a.index, questions, base_dir, a.model))
        if not a.skip_chunks:
            paths.update(chunk_baselines(questions, base_dir, a.model))
        scores, radio = {}, {}
        grp = groups(questions, trained if split != "train" else frozenset())
        for name in SYSTEMS:
            if name not in paths:
                continue
            s = score(qpath, paths[name])
            s["reference_at_1"] = reference_at_1(questions, paths[name], CORPUS / "truth")
            s["reference_questions"] = sum(q.get("kind") == "reference" for q in questions)
            scores[name] = s
            ranks = first_ranks(questions, paths[name])
            radio[name] = rank_summary([ranks[i] for i in grp.get("technical radio", [])])
            if name == "itu-search":
                report["extra"][split] = {
                    "groups": {g: rank_summary([ranks[i] for i in ids]) for g, ids in grp.items()},
                    "outcomes": outcomes(questions, paths[name]),
                    "calibration": calibration(questions, paths[name], ranks),
                    "first_ranks": ranks,
                }
        report["extra"][split]["baseline_radio"] = radio
        report["scores"][split] = scores
    report["load_average_1min"].append(round(os.getloadavg()[0], 2))
    report["model"] = a.model or "default"
    report["fitted_sha256"] = fitted_digest()
    out = RESULTS / f"eval{suffix}.json"
    report = kept_splits(out, report)
    report["pooled_test_calibration"] = pooled_test_calibration(report)
    out.write_text(json.dumps(report, indent=2) + "\n")
    (RESULTS / f"eval{suffix}.md").write_text(markdown(report))
    print(markdown(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
