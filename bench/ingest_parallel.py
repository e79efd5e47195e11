"""Embedding, the ingest bottleneck, spread over worker processes on this machine (index.parallel).

Texts: title, section, lead-in, label and text of 256 clauses of the dev index (bench/eval.py), fixed sample. For each setting
the model is loaded and warmed up first; the figure is clauses per second of encode() alone, median of
two runs, with the load average beside it (2 cores shared with other jobs: read the ratios, not the
absolute numbers). Ray Data (`ray.data.from_items(texts).map_batches(Embed, concurrency=N)`) runs the same
map over several machines; it is named in docs/deploy.md, not measured here (not installed).

Run:  .venv/bin/python bench/ingest_parallel.py   → bench/results/ingest_parallel.json
"""

from __future__ import annotations

import json
import os
import time

import numpy as np
from common import RESULTS, TMP  # also puts the repo on sys.path

import config

N = int(os.environ.get("BENCH_PARALLEL_CLAUSES", 256))
RUNS = 2


def texts() -> list[str]:
    """Embedding texts of N clauses of the dev index (its files read directly, as bench/scale.py does)."""
    import sqlite3

    con = sqlite3.connect(f"file:{TMP / 'index-pdf' / 'clauses.sqlite'}?mode=ro", uri=True)
    try:
        rows = con.execute("SELECT title, section, lead_in, label, text FROM clauses ORDER BY row").fetchall()
    finally:
        con.close()
    pick = np.random.default_rng(0).choice(len(rows), N, replace=False)
    out = []
    for i in pick:
        title, section, lead_in, label, text = rows[i]
        body = " ".join(p for p in (lead_in, label, text) if p)
        out.append(f"{title}. {section}: {body}")
    return out


def rate(embedder, sample: list[str]) -> dict:
    embedder.encode(sample[:64])  # warm up (and, for workers, load the model in each)
    runs = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        embedder.encode(sample)
        runs.append(len(sample) / (time.perf_counter() - t0))
    return {"clauses_per_s_median": round(float(np.median(runs)), 1), "runs": [round(r, 1) for r in runs],
            "load_average_1_5_15": os.getloadavg()}


def main() -> None:
    from index.embedders import BUNDLED_MODEL, make_embedder, resolve_backend
    from index.parallel import ParallelEmbedder

    backend = resolve_backend(os.environ.get(config.BACKEND_ENV, "auto"))
    sample = texts()
    out = {"what": __doc__.split("\n\n")[1].replace("\n", " "), "backend": backend, "clauses": N,
           "cpu_count": os.cpu_count(), "load_average_1_5_15_at_start": os.getloadavg(), "settings": {}}
    out["settings"]["in-process (as ingest runs by default)"] = rate(make_embedder(BUNDLED_MODEL, backend), sample)
    for workers in (1, 2):
        with ParallelEmbedder(BUNDLED_MODEL, backend, workers) as emb:
            out["settings"][f"{workers} worker process(es)"] = rate(emb, sample)
    base = out["settings"]["in-process (as ingest runs by default)"]["clauses_per_s_median"]
    for s in out["settings"].values():
        s["ratio_to_in_process"] = round(s["clauses_per_s_median"] / base, 2)
    out["load_average_1_5_15_at_end"] = os.getloadavg()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "ingest_parallel.json").write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
