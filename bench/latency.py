"""Warm query latency of `search.ask` over the dev corpus index: p50 / p95 (target p95 < 100 ms).

    .venv/bin/python bench/latency.py [--index DIR] [--rounds 3] [--out latency.json]

The index is opened once and warmed with one query (model loaded, per-index caches built); then every
dev question (and held-out question) is asked `rounds` times, answer extraction included. The machine
is shared, so the load average is recorded beside the figures. Writes bench/results/latency.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

from common import EVAL, QUESTIONS, RESULTS, TMP, load_jsonl

TARGET_P95_MS = 100.0


def percentile(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, default=TMP / "index-pdf")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", default="latency.json", help="file name under bench/results/")
    a = ap.parse_args(argv)
    import index
    from search.engine import ask

    t0 = time.perf_counter()
    idx = index.open(a.index)
    ask(idx, "warm up: what does ITU do for least developed countries?", k=10)
    warmup = time.perf_counter() - t0
    questions = [q["question"] for q in load_jsonl(EVAL / "dev.jsonl") + load_jsonl(QUESTIONS / "heldout.jsonl")]
    times: list[float] = []
    by_path: dict[str, list[float]] = {"reference": [], "hybrid": []}
    load_before = os.getloadavg()[0]
    for _ in range(a.rounds):
        for q in questions:
            t = time.perf_counter()
            res = ask(idx, q, k=10)
            ms = (time.perf_counter() - t) * 1000
            times.append(ms)
            by_path["reference" if res.reference else "hybrid"].append(ms)
    out = {
        "index": str(a.index), "clauses": len(idx.clauses), "model": idx.meta.model, "backend": idx.meta.backend,
        "queries": len(times), "open_and_first_query_s": round(warmup, 2),
        "p50_ms": round(statistics.median(times), 1), "p95_ms": round(percentile(times, 95), 1),
        "max_ms": round(max(times), 1), "target_p95_ms": TARGET_P95_MS,
        "meets_target": percentile(times, 95) < TARGET_P95_MS,
        "by_path": {k: {"n": len(v), "p50_ms": round(statistics.median(v), 1), "p95_ms": round(percentile(v, 95), 1)}
                    for k, v in by_path.items() if v},
        "load_average_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "cpus": os.cpu_count(),
    }
    (RESULTS / a.out).write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
