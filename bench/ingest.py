"""Ingest benchmark: the whole development corpus (all PDFs, bad/ included) into a fresh index, per
embedding backend, through the real CLI in a subprocess (wall time includes start-up and imports); then a
second run with nothing changed; then opening the index and querying it.

Run:  .venv/bin/python bench/ingest.py          → bench/results/ingest.json, bench/results/index.md
      BENCH_INGEST_BACKENDS=onnx-int8 .venv/bin/python bench/ingest.py   (one backend)
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time

from common import CORPUS, REPO, RESULTS, TMP  # also puts the repo on sys.path

BACKENDS = os.environ.get("BENCH_INGEST_BACKENDS", "onnx-int8,torch").split(",")
PDFS = CORPUS / "pdf"


def run_cli(args: list[str], backend: str) -> tuple[float, float, subprocess.CompletedProcess]:
    """(wall seconds, CPU seconds of the child, result). CPU seconds / cores estimates the wall time on an
    idle machine; the wall time here depends on what else runs on the shared CPU."""
    env = {**os.environ, "ITU_SEARCH_BACKEND": backend}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, str(REPO / "cli.py"), *args], env=env, cwd=REPO,
                          capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc


def parse_summary(out: str) -> dict:
    m = re.search(r"files: (\d+) added, (\d+) updated, (\d+) unchanged, (\d+) pruned, (\d+) failed", out)
    c = re.search(r"clauses: (\d+) in the index, (\d+) embedded", out)
    t = re.search(r"time: ([\d.]+) s(?: \(parse ([\d.]+) s, embed ([\d.]+) s)?", out)
    g = re.search(r"reference graph ([\d.]+) s", out)
    return {"added": int(m[1]), "updated": int(m[2]), "unchanged": int(m[3]), "pruned": int(m[4]),
            "failed": int(m[5]), "clauses": int(c[1]), "embedded": int(c[2]),
            "build_s": float(t[1]), "parse_s": float(t[2] or 0), "embed_s": float(t[3] or 0),
            "graph_s": float(g[1]) if g else 0.0,
            "failures": re.findall(r"^failed: (.*)$", out, flags=re.M)}


def open_and_query(index_dir) -> dict:
    import bm25s

    import index
    from index.core import STORE_FILE
    from index.lexical import Lexical, tokenize
    from index.store import read_store

    t0 = time.perf_counter()
    idx = index.open(index_dir)
    open_s = time.perf_counter() - t0
    _, lexical, _, _ = read_store(index_dir / STORE_FILE)
    t0 = time.perf_counter()
    Lexical.build(lexical)
    bm25_build_s = time.perf_counter() - t0
    tmp = TMP / "bm25-save-test"
    shutil.rmtree(tmp, ignore_errors=True)
    Lexical.build(lexical).save(tmp)
    t0 = time.perf_counter()
    bm25s.BM25.load(str(tmp), show_progress=False)
    bm25_load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    idx.dense_search("warm up the query embedder", 1)
    embedder_load_s = time.perf_counter() - t0
    queries = ["digital divide in rural areas", "rlan 5150-5250 mhz outdoor use", "itu-d wsis action lines",
               "gender balance in recruitment", "contributory unit for least developed countries"]
    dense, lex = [], []
    for _ in range(5):
        for q in queries:
            t0 = time.perf_counter()
            idx.dense_search(q, 10)
            dense.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            idx.lexical_search(q, 10)
            lex.append((time.perf_counter() - t0) * 1000)
    tokens = sum(len(tokenize(t)) for t in lexical)
    return {"open_s": round(open_s, 2), "bm25_rebuild_from_store_s": round(bm25_build_s, 3),
            "bm25s_load_saved_s": round(bm25_load_s, 3), "query_embedder_load_s": round(embedder_load_s, 2),
            "dense_query_ms_median": round(statistics.median(dense), 1),
            "lexical_query_ms_median": round(statistics.median(lex), 1), "lexical_tokens": tokens,
            "vector_index": idx.meta.vector_index}


def main() -> None:
    previous = RESULTS / "ingest.json"
    kept_runs = json.loads(previous.read_text()).get("runs", {}) if previous.is_file() else {}
    out: dict = {"corpus": str(PDFS), "pdf_files": len(list(PDFS.rglob("*.pdf"))),
                 "cpu_count": os.cpu_count(), "load_average_1_5_15_at_start": os.getloadavg(), "runs": {}}
    for backend in BACKENDS:
        d = TMP / f"ingest-{backend}"
        shutil.rmtree(d, ignore_errors=True)
        wall, cpu, proc = run_cli(["ingest", str(PDFS), "--index", str(d)], backend)
        if proc.returncode != 0:
            sys.exit(f"ingest failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
        first = parse_summary(proc.stdout) | {"wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
                                              "cpu_s_per_core": round(cpu / os.cpu_count(), 1),
                                              "exit_code": proc.returncode}
        first["embed_clauses_per_s"] = round(first["embedded"] / max(first["embed_s"], 1e-9), 1)
        wall2, cpu2, proc2 = run_cli(["ingest", str(PDFS), "--index", str(d)], backend)
        second = parse_summary(proc2.stdout) | {"wall_s": round(wall2, 2), "cpu_s": round(cpu2, 2),
                                                "exit_code": proc2.returncode}
        out["runs"][backend] = {"first_run": first, "second_run_nothing_changed": second,
                                "load_average_1_5_15_at_end": os.getloadavg()}
        print(json.dumps({backend: out["runs"][backend]}, indent=1), flush=True)
    # backends not run this time keep their last figures (each run records its own load average)
    out["runs"] = {**{b: r for b, r in kept_runs.items() if b not in out["runs"]}, **out["runs"]}
    default = BACKENDS[0]
    out["open_and_query"] = open_and_query(TMP / f"ingest-{default}")
    out["open_and_query"]["backend"] = default
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "ingest.json").write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps(out["open_and_query"], indent=1))


if __name__ == "__main__":
    main()
