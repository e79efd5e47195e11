"""How long `make check` (lint, types, fast unit tests) takes: wall and CPU time with the load average.

    python bench/check_time.py [--venv .venv] [--runs 1]

Runs `make check` in this checkout with the given virtual environment (never reinstalling it) and writes
bench/results/check_time.json. On a shared machine the wall time follows the load; the CPU time does not.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(venv: Path) -> dict:
    load = os.getloadavg()
    cpu0, t0 = _children_cpu(), time.perf_counter()
    # -o: take the venv's install stamp as up to date, so that make never reinstalls the project
    proc = subprocess.run(["make", "-o", str(venv / ".installed"), "check", f"VENV={venv}"], cwd=REPO,
                          capture_output=True, text=True)
    wall, cpu = time.perf_counter() - t0, _children_cpu() - cpu0
    if proc.returncode != 0:
        raise SystemExit(f"make check failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    tests = next((line for line in reversed(proc.stdout.splitlines()) if " passed" in line), "")
    return {"wall_s": round(wall, 1), "cpu_s": round(cpu, 1), "tests": tests.strip("= "),
            "load_average_1_5_15_before": [round(x, 2) for x in load],
            "load_average_1_5_15_after": [round(x, 2) for x in os.getloadavg()]}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--venv", type=Path, default=REPO / ".venv", help="the virtual environment (default .venv)")
    ap.add_argument("--runs", type=int, default=1, help="runs; the median is reported (default 1)")
    ap.add_argument("-o", "--output", type=Path, default=RESULTS / "check_time.json")
    a = ap.parse_args(argv)
    runs = [run_once(a.venv.resolve()) for _ in range(a.runs)]
    report = {"what": "make check: ruff, mypy, pytest -m 'not model and not browser and not slow'",
              "cpus": os.cpu_count(), "runs": runs,
              "median_wall_s": statistics.median(r["wall_s"] for r in runs),
              "median_cpu_s": statistics.median(r["cpu_s"] for r in runs), "limit_s": 120}
    a.output.parent.mkdir(parents=True, exist_ok=True)
    a.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
