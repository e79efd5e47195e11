"""Latency of the web UI's actions, measured through the app's API with gradio_client against the app
running on 127.0.0.1 (started as `python ui.py`, as a user would), over the dev corpus indexed with the
real model. Target: p95 under 1 s for ask, citation lookup and context open.

    .venv/bin/python bench/ui_latency.py            # -> bench/results/ui_latency.json

The index is built (incrementally) at bench/results/tmp/ui-index if missing. Timings on a shared
2-core machine are noisy: read the medians and p95 together, and compare runs made alike.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import (  # also puts the repo on sys.path
    REPO,
    RESULTS,
    SHARED,
    free_port,
    percentile,
    stop_process,
    wait_ready,
)

TARGET_P95_S = 1.0


def summary(values: list[float]) -> dict:
    return {"n": len(values), "p50_s": round(statistics.median(values), 4), "p95_s": round(percentile(values, 95), 4),
            "max_s": round(max(values), 4), "mean_s": round(statistics.fmean(values), 4),
            "pass": percentile(values, 95) < TARGET_P95_S}


def ensure_index(corpus: Path, index_dir: Path) -> dict:
    import index

    start = time.perf_counter()
    report = index.build([str(corpus)], index_dir, progress=True)
    return {"files": report.indexed_files, "failed": len(report.failed), "clauses": report.clauses_total,
            "backend": report.backend, "build_or_check_s": round(time.perf_counter() - start, 1)}


def workload(index_dir: Path, n: int, seed: int) -> dict[str, list[tuple]]:
    """Inputs for each action: dev questions for ask, citations typed as users do for lookup, clause ids."""
    import index

    rng = random.Random(seed)
    dev = [json.loads(x) for x in (SHARED / "eval" / "dev.jsonl").read_text("utf-8").splitlines() if x.strip()]
    questions = [d["question"] for d in dev if d["kind"] != "reference"]
    references = [d["question"] for d in dev if d["kind"] == "reference"]
    clauses = index.open(index_dir).clauses
    picked = rng.sample(clauses, min(n, len(clauses)))
    cited = [f"Res. {c.number} ({c.revision}) {c.section} {c.label}".strip() for c in picked if c.kind != "footnote"]
    lookups = references + cited
    return {
        "ask": [(questions[i % len(questions)], 5, "any", "", "", "any") for i in range(n)],
        "lookup": [(lookups[i % len(lookups)], 5) for i in range(n)],
        "context": [(picked[i % len(picked)].id,) for i in range(n)],
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "pdf")
    p.add_argument("--index", type=Path, default=RESULTS / "tmp" / "ui-index")
    p.add_argument("-n", "--runs", type=int, default=40, help="timed calls per action")
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("-o", "--output", type=Path, default=RESULTS / "ui_latency.json")
    args = p.parse_args(argv)

    from gradio_client import Client

    index_info = ensure_index(args.corpus, args.index)
    load_before = [round(x, 2) for x in os.getloadavg()]
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    (RESULTS / "tmp").mkdir(parents=True, exist_ok=True)  # the server's log, also when --index is elsewhere
    log = (RESULTS / "tmp" / "ui_latency.log").open("w")
    proc = subprocess.Popen([sys.executable, str(REPO / "ui.py"), "--index", str(args.index), "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, cwd=REPO)
    try:
        ready_s = wait_ready(url, proc, timeout=120)
        client = Client(url, verbose=False)
        work = workload(args.index, args.runs, args.seed)
        endpoints = {"ask": "/ask", "lookup": "/lookup", "context": "/context"}
        first_call = {}
        timings: dict[str, list[float]] = {}
        for action, calls in work.items():
            for i in range(args.warmup):
                t = time.perf_counter()
                client.predict(*calls[i % len(calls)], api_name=endpoints[action])
                if i == 0:
                    first_call[action] = round(time.perf_counter() - t, 3)
            times = []
            for call in calls:
                t = time.perf_counter()
                out = client.predict(*call, api_name=endpoints[action])
                times.append(time.perf_counter() - t)
                expected = 'class="cl target' if action == "context" else 'class="card"'
                if expected not in out and "No answer" not in out:
                    raise AssertionError(f"{action} {call[0]!r} returned no result")
            timings[action] = times
    finally:
        stop_process(proc)
        log.close()

    import gradio

    result = {
        "what": "UI action latency through the Gradio API (gradio_client -> app on 127.0.0.1), seconds per call",
        "target": f"p95 < {TARGET_P95_S} s",
        "actions": {a: summary(t) for a, t in timings.items()},
        "first_call_s": first_call,
        "ready_after_start_s": round(ready_s, 2),
        "load_average": {"before": load_before, "after": [round(x, 2) for x in os.getloadavg()]},
        "index": {**index_info, "corpus": str(args.corpus.relative_to(SHARED.parent)) if args.corpus.is_relative_to(SHARED.parent) else str(args.corpus)},
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "gradio": gradio.__version__},
        "note": "shared 2-core machine, other work running: medians and p95 are noisy",
        "command": "python bench/ui_latency.py " + " ".join(argv if argv is not None else sys.argv[1:]),
    }
    if args.output.is_file():  # the run before this one, kept beside it for the comparison the README quotes
        try:
            before = json.loads(args.output.read_text("utf-8"))
        except ValueError:
            before = {}
        if before.get("actions"):
            result["previous_run"] = {k: before[k] for k in ("actions", "load_average", "index", "command")
                                      if k in before}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=1) + "\n", "utf-8")
    print(json.dumps(result["actions"], indent=1))
    print(f"ready {ready_s:.1f} s after start; written {args.output}")
    return 0 if all(s["pass"] for s in result["actions"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
