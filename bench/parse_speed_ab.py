"""Parse speed of this checkout against an earlier parser, side by side on the same (shared, loaded) machine.

The earlier `ingest/` is taken from a git revision (`git archive`) into a temporary folder; both parsers
parse the same PDF in alternating child processes, so load changes hit both alike. Reports the median
wall and CPU seconds of each and their ratio, with the load average, in bench/results/parse_speed_ab.json.

    .venv/bin/python bench/parse_speed_ab.py --base 7b4e18a --rounds 5 PP-18-Final-Acts
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.common import CORPUS, RESULTS  # noqa: E402

_CHILD = """
import sys, time
sys.path.insert(0, sys.argv[1])
from ingest import parse_file
t0, c0 = time.perf_counter(), time.process_time()
n = len(parse_file(sys.argv[2]))
print(time.perf_counter() - t0, time.process_time() - c0, n)
"""


def _extract(rev: str, into: Path) -> None:
    data = subprocess.run(["git", "-C", str(REPO), "archive", rev, "ingest"], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(into, filter="data")


def _run(root: Path, pdf: Path) -> tuple[float, float, int]:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(root), str(pdf)], check=True, capture_output=True,
                         text=True).stdout.split()
    return float(out[0]), float(out[1]), int(out[2])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdf", nargs="?", default="PP-18-Final-Acts", help="PDF stem in ../shared/corpus/pdf")
    ap.add_argument("--base", default="7b4e18a", help="git revision of the earlier parser")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    pdf = CORPUS / "pdf" / f"{args.pdf}.pdf"
    load_before = [round(x, 2) for x in os.getloadavg()]
    runs: dict[str, list[tuple[float, float, int]]] = {"base": [], "this": []}
    with tempfile.TemporaryDirectory() as tmp:
        _extract(args.base, Path(tmp))
        roots = {"base": Path(tmp), "this": REPO}
        for _ in range(args.rounds):
            for name in ("base", "this"):
                runs[name].append(_run(roots[name], pdf))
    med = {name: {"wall_s": round(statistics.median(r[0] for r in rs), 3),
                  "cpu_s": round(statistics.median(r[1] for r in rs), 3), "clauses": rs[0][2]}
           for name, rs in runs.items()}
    result = {"pdf": pdf.name, "base": args.base, "rounds": args.rounds, "median": med,
              "ratio_wall": round(med["this"]["wall_s"] / med["base"]["wall_s"], 3),
              "ratio_cpu": round(med["this"]["cpu_s"] / med["base"]["cpu_s"], 3),
              "load_average_before": load_before, "load_average_after": [round(x, 2) for x in os.getloadavg()],
              "cpu_count": os.cpu_count()}
    print(json.dumps(result, indent=2))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "parse_speed_ab.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
