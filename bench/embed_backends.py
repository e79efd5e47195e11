"""Embedding backends compared on the truth clauses: speed, agreement with torch, retrieval quality.

For each backend (torch = sentence-transformers as the model card runs it; onnx = our fp32 ONNX export;
onnx-int8 = the same export with per-channel dynamic int8 weights):
  - load time (import + model load; the ONNX export is cached beforehand),
  - clauses/s: median of RUNS passes over a fixed sample of SAMPLE clause texts (embedding_text),
  - cosine to the torch vector of the same clause (mean, min) over all truth clauses,
  - dense retrieval over all truth clauses for the dev questions: overlap of the top 10 with torch's top 10,
    and recall@10 of the gold clauses (a question counts if any gold clause is in the top 10).

Run:  .venv/bin/python bench/embed_backends.py   → bench/results/embed_backends.json
      BENCH_EMBED_SPEED_ONLY=1 .venv/bin/python bench/embed_backends.py   → bench/results/embed_speed.json
"""

from __future__ import annotations

import json
import os
import platform
import random
import statistics
import time

import numpy as np
from common import CORPUS, EVAL, RESULTS, load_jsonl, truth_clauses  # also puts the repo on sys.path

BACKENDS = ("torch", "onnx", "onnx-int8")
SAMPLE = int(os.environ.get("BENCH_EMBED_SAMPLE", 400))
RUNS = int(os.environ.get("BENCH_EMBED_RUNS", 5))
K = 10
SPEED_ONLY = os.environ.get("BENCH_EMBED_SPEED_ONLY") == "1"  # → bench/results/embed_speed.json


def gold_rows(clauses, questions) -> list[set[int]]:
    def norm(s):
        return " ".join(str(s or "").lower().split()).strip(" .,;:")

    by_key: dict[tuple, list[int]] = {}
    for row, c in enumerate(clauses):
        by_key.setdefault((c.file.split("/")[-1], c.number, norm(c.section), norm(c.label)), []).append(row)
    out = []
    for q in questions:
        rows = set()
        for g in q["gold"]:
            cands = by_key.get((g["file"].split("/")[-1], g["number"], norm(g["section"]), norm(g["label"])), [])
            for field in ("kind", "page"):
                if field in g and len(cands) > 1:
                    cands = [r for r in cands if str(getattr(clauses[r], field)) == str(g[field])]
            rows.update(cands)
        out.append(rows)
    return out


def main() -> None:
    from index.context import embedding_text
    from index.embedders import make_embedder
    from index.onnx_export import exported_model

    clauses = truth_clauses(CORPUS / "truth")
    texts = [embedding_text(c) for c in clauses]
    sample = random.Random(7).sample(texts, min(SAMPLE, len(texts)))
    questions = load_jsonl(EVAL / "dev.jsonl")
    golds = gold_rows(clauses, questions)

    from index.embedders import model_path

    for quantized in (False, True):  # export once, outside the timings
        exported_model(model_path("all-MiniLM-L6-v2"), quantized=quantized)

    results: dict[str, dict] = {}
    embedders = {}
    for backend in BACKENDS:
        t0 = time.perf_counter()
        embedders[backend] = make_embedder("all-MiniLM-L6-v2", backend)
        embedders[backend].encode(["warm-up"])
        results[backend] = {"load_seconds": round(time.perf_counter() - t0, 2)}
    # Interleaved runs: the CPU is shared with other jobs, so each round sees every backend under
    # similar load; the median over rounds is reported.
    rates: dict[str, list[float]] = {b: [] for b in BACKENDS}
    cpu_rates: dict[str, list[float]] = {b: [] for b in BACKENDS}  # per CPU-second: less load-sensitive
    for _ in range(RUNS):
        for backend, emb in embedders.items():
            t0, c0 = time.perf_counter(), time.process_time()
            emb.encode(sample)
            rates[backend].append(len(sample) / (time.perf_counter() - t0))
            cpu_rates[backend].append(len(sample) / (time.process_time() - c0))
    if SPEED_ONLY:  # quick re-measure of speed alone (no full-corpus quality pass)
        speed = {b: {"load_seconds": results[b]["load_seconds"],
                     "clauses_per_s_median": round(statistics.median(rates[b]), 1),
                     "clauses_per_cpu_s_median": round(statistics.median(cpu_rates[b]), 1),
                     "speed_vs_torch_median_ratio": round(statistics.median(
                         r / t for r, t in zip(rates[b], rates["torch"], strict=True)), 2)} for b in BACKENDS}
        out = {"what": "speed only: median of interleaved passes over a fixed sample of embedding texts",
               "sample": len(sample), "runs": RUNS, "cpu_count": os.cpu_count(),
               "load_average_1_5_15_at_end": os.getloadavg(), "backends": speed}
        (RESULTS / "embed_speed.json").write_text(json.dumps(out, indent=1) + "\n")
        print(json.dumps(out, indent=1))
        return
    vectors: dict[str, np.ndarray] = {}
    tops: dict[str, list[list[int]]] = {}
    answerable = [i for i, g in enumerate(golds) if g]
    for backend, emb in embedders.items():
        t0 = time.perf_counter()
        vecs = emb.encode(texts, progress=True)
        full_rate = len(texts) / (time.perf_counter() - t0)
        qv = emb.encode([q["question"] for q in questions])
        top = [list(np.argsort(-s)[:K]) for s in qv @ vecs.T]
        recall = sum(1 for i in answerable if golds[i] & set(top[i])) / len(answerable)
        vectors[backend], tops[backend] = vecs, top
        results[backend] |= {"clauses_per_s_median": round(statistics.median(rates[backend]), 1),
                             "clauses_per_s_runs": [round(r, 1) for r in rates[backend]],
                             "clauses_per_cpu_s_median": round(statistics.median(cpu_rates[backend]), 1),
                             "clauses_per_s_full_corpus": round(full_rate, 1),
                             "dev_recall_at_10_dense": round(recall, 3)}
        speedup = statistics.median(r / t for r, t in zip(rates[backend], rates["torch"], strict=True))
        results[backend]["speed_vs_torch_median_ratio"] = round(speedup, 2)
    for backend in BACKENDS:
        cos = np.einsum("ij,ij->i", vectors[backend], vectors["torch"])
        overlap = [len(set(a) & set(b)) / K for a, b in zip(tops[backend], tops["torch"], strict=True)]
        results[backend] |= {"cosine_to_torch_mean": round(float(cos.mean()), 4),
                             "cosine_to_torch_min": round(float(cos.min()), 4),
                             "top10_overlap_with_torch": round(float(np.mean(overlap)), 3)}

    out = {"what": "all-MiniLM-L6-v2 on the embedding texts of the truth clauses (title, section, lead-in, "
                   "label, text); batches of 32, longest first; CPU shared with other jobs (medians)",
           "clauses": len(texts), "sample": len(sample), "runs": RUNS, "dev_questions": len(questions),
           "cpu_count": os.cpu_count(), "load_average_1_5_15_at_end": os.getloadavg(), "machine": platform.processor() or platform.machine(),
           "backends": results}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "embed_backends.json").write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
