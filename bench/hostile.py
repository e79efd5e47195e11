"""Time and peak memory of ingesting each hostile file (tests/hostile_files.py), one fresh process per file.

    .venv/bin/python bench/hostile.py            # -> bench/results/hostile.json (+ .md)

Each file is parsed by `ingest.parse_file` in its own Python process (so its peak RSS is its own),
under a hard address-space cap and a wall-clock timeout so that a regression cannot take the
machine down; the outcome is the error class and message the user would see. The files are written
to a temporary folder and deleted afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

RESULTS = REPO / "bench" / "results"
AS_CAP_BYTES = 6 * 2**30  # a runaway parse dies with MemoryError instead of swapping the machine
TIMEOUT_S = 300

# Runs in the child: parse one file, report outcome, seconds and peak RSS as one JSON line.
_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[3])
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[2]), int(sys.argv[2])))
import config, ingest
config.apply_offline_environment()
from ingest.errors import IngestError
base_mib = round(int([l for l in open("/proc/self/status") if l.startswith("VmRSS:")][0].split()[1]) / 1024, 1)
t = time.perf_counter()
try:
    clauses = ingest.parse_file(sys.argv[1])
    out = {"outcome": "parsed", "clauses": len(clauses), "message": ""}
except IngestError as exc:
    out = {"outcome": exc.reason, "error": type(exc).__name__, "message": str(exc)}
except BaseException as exc:
    out = {"outcome": "crash", "error": type(exc).__name__, "message": str(exc)[:300]}
out["seconds"] = round(time.perf_counter() - t, 3)
# VmHWM: this process's own peak (ru_maxrss would include the parent's RSS from before exec)
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")][0].split()[1]
out["peak_rss_mib"] = round(int(hwm) / 1024, 1)
out["rss_before_mib"] = base_mib
print(json.dumps(out))
"""


def measure(path: Path, timeout: float = TIMEOUT_S) -> dict:
    start = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, "-c", _CHILD, str(path), str(AS_CAP_BYTES), str(REPO)],
                              capture_output=True, text=True, timeout=timeout, cwd=REPO)
    except subprocess.TimeoutExpired:
        return {"outcome": "timeout", "message": f"no answer within {timeout:.0f} s", "seconds": timeout}
    lines = [x for x in proc.stdout.splitlines() if x.startswith("{")]
    if not lines:
        return {"outcome": "crash", "message": (proc.stderr.strip().splitlines() or ["?"])[-1][:300],
                "seconds": round(time.perf_counter() - start, 3), "exit": proc.returncode}
    return json.loads(lines[-1])


def main(argv: list[str] | None = None) -> int:
    from tests import hostile_files

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--only", nargs="*", help="names from the catalogue")
    p.add_argument("-o", "--output", type=Path, default=RESULTS / "hostile.json")
    args = p.parse_args(argv)

    rows = []
    with tempfile.TemporaryDirectory(prefix="itu-hostile-") as tmp:
        for h in hostile_files.CATALOGUE:
            if args.only and h.name not in args.only:
                continue
            path = Path(tmp) / h.name
            h.make(path)
            size = path.lstat().st_size if not path.is_dir() else 0
            disk = path.stat().st_blocks * 512 if path.exists() and not path.is_symlink() else 0
            res = measure(path)
            row = {"file": h.name, "what": h.what, "size_bytes": size, "on_disk_bytes": disk, **res}
            rows.append(row)
            print(f"{h.name:22} {res['outcome']:16} {res.get('seconds', 0):7.2f} s "
                  f"{res.get('peak_rss_mib', 0):7.1f} MiB  {res.get('message', '')[:110]}", flush=True)
            if path.is_dir() and not path.is_symlink():
                import shutil

                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)

    result = {"what": "ingest.parse_file on hostile inputs, one process per file", "rows": rows,
              "limits": _limits(),
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
              "note": "shared 2-core machine: seconds are noisy; peak RSS includes ~the interpreter and pypdf",
              "command": "python bench/hostile.py " + " ".join(argv if argv is not None else sys.argv[1:])}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=1) + "\n", "utf-8")
    args.output.with_suffix(".md").write_text(_markdown(rows), "utf-8")
    print(f"written {args.output}")
    return 0 if all(r["outcome"] not in ("crash", "timeout") for r in rows) else 1


def _limits() -> dict:
    try:
        from ingest import limits
    except ImportError:
        return {}
    return {k: v for k, v in vars(limits).items() if k.isupper() and isinstance(v, (int, float))}


def _markdown(rows: list[dict]) -> str:
    out = ["| hostile input | outcome | seconds | peak RSS (MiB) | message |", "|---|---|---:|---:|---|"]
    for r in rows:
        msg = r.get("message", "").replace("|", "\\|")
        out.append(f"| {r['what']} | {r['outcome']} | {r.get('seconds', 0):.2f} | {r.get('peak_rss_mib', 0):.0f} | {msg} |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.exit(main())
