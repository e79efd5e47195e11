"""Load on the web UI: many users at once asking questions and looking up citations, through the app's HTTP
API on 127.0.0.1, for a fixed time. Reports throughput, latency percentiles and every error.

    .venv/bin/python bench/load.py                       # 50 users, 60 s -> bench/results/load.json (+ .md)
    .venv/bin/python bench/load.py --think 0 --clients 50  # saturation: no pause between requests

The script starts the UI itself (`python ui.py --index DIR --port FREE` on 127.0.0.1), waits for it,
warms it up, runs the clients, stops the server and exits: bounded in time (`--seconds`, plus at most
`--timeout` for requests in flight) and in count (`--max-requests`). Index: a copy of the dev-corpus
index bench/eval.py builds (bench/results/tmp/index-pdf, real model) when it opens, else one built
from ../shared/corpus/pdf.

Each client is a simulated user with its own HTTP connection: it picks a request (60 % dev questions,
30 % citation lookups typed the ways people type them, 10 % opening a clause in context), sends it the
way the browser does (POST /gradio_api/call/<endpoint>, then read the event stream), checks that the
page came back with results, then "reads" for a random think time (exponential, mean `--think` s)
before the next. A request counts as an error when the HTTP call fails, the stream ends with an error
event (e.g. Gradio's "queue full"), the page has no result, or it takes longer than `--timeout`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from common import (  # also puts the repo on sys.path
    REPO,
    RESULTS,
    SHARED,
    TMP,
    free_port,
    percentile,
    stop_process,
    wait_ready,
)

TARGET_P95_S = 1.0
MIX = (("ask", 0.6), ("lookup", 0.3), ("context", 0.1))
EVENT = re.compile(r"event: (\w+)\ndata: (.*)")


def stats(values: list[float]) -> dict:
    if not values:
        return {"n": 0}
    return {"n": len(values), "p50_s": round(statistics.median(values), 3), "p95_s": round(percentile(values, 95), 3),
            "p99_s": round(percentile(values, 99), 3), "max_s": round(max(values), 3),
            "mean_s": round(statistics.fmean(values), 3)}


# ---------------------------------------------------------------------------------------------- index

def prepare_index(wanted: Path | None) -> tuple[Path, dict]:
    """The index to serve: `wanted`, else a copy of bench/eval.py's index, else a new build of the corpus."""
    import index

    if wanted is not None:
        idx = index.open(wanted)
        return wanted, {"source": str(wanted), "clauses": len(idx.clauses), "backend": idx.meta.backend}
    target = TMP / "load-index"
    shared = TMP / "index-pdf"
    try:
        idx = index.open(shared)
    except index.IndexError_:
        idx = None
    if idx is not None:  # a private copy: bench/eval.py may rebuild its own while this runs
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(shared, target)
        return target, {"source": f"copy of {shared.relative_to(REPO)}", "clauses": len(idx.clauses),
                        "backend": idx.meta.backend, "files": len(idx.meta.files)}
    try:  # incremental when a previous run left a compatible index here
        report = index.build([str(SHARED / "corpus" / "pdf")], target, progress=True)
    except (index.IndexIncompatible, index.IndexCorrupt):
        report = index.build([str(SHARED / "corpus" / "pdf")], target, progress=True, rebuild=True)
    return target, {"source": "built from ../shared/corpus/pdf", "clauses": report.clauses_total,
                    "backend": report.backend, "files": report.indexed_files}


def workload(index_dir: Path, seed: int) -> dict[str, list]:
    """Inputs per request kind: dev questions, citations as typed (dev references + clause citations in
    several spellings), clause ids."""
    import index

    rng = random.Random(seed)
    dev = [json.loads(x) for x in (SHARED / "eval" / "dev.jsonl").read_text("utf-8").splitlines() if x.strip()]
    questions = [d["question"] for d in dev if d["kind"] != "reference"]
    references = [d["question"] for d in dev if d["kind"] == "reference"]
    clauses = [c for c in index.open(index_dir).clauses if c.kind != "footnote" and c.number]
    picked = rng.sample(clauses, min(200, len(clauses)))
    forms = (lambda c: f"Res. {c.number} ({c.revision}) {c.section} {c.label}",
             lambda c: f"Resolution {c.number} {c.section} {c.label}",
             lambda c: f"res {c.number} {c.label}",
             lambda c: f"{c.body} Res {c.number} {c.section}")
    cited = [" ".join(rng.choice(forms)(c).split()) for c in picked]
    return {"ask": questions, "lookup": references + cited, "context": [c.id for c in picked]}


# ---------------------------------------------------------------------------------------------- clients

@dataclass
class Outcome:
    kind: str
    start: float
    seconds: float
    error: str = ""


@dataclass
class Shared:
    deadline: float
    max_requests: int
    outcomes: list[Outcome] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take_slot(self) -> bool:
        with self.lock:
            return time.perf_counter() < self.deadline and len(self.outcomes) < self.max_requests

    def record(self, outcome: Outcome) -> None:
        with self.lock:
            self.outcomes.append(outcome)


def request_args(kind: str, value: str) -> list:
    if kind == "ask":
        return [value, 5, "any", "", "", "any"]
    if kind == "lookup":
        return [value, 5]
    return [value]


def check_page(kind: str, html: str) -> str:
    """'' when the page shows what was asked for, else why not."""
    if kind == "context":
        return "" if 'class="cl target' in html or "cl target" in html else "context without the clause"
    if 'class="card' in html or "No answer found" in html:
        return ""
    return "page without results: " + re.sub(r"<[^>]+>", " ", html)[:120]


def call(client, kind: str, value: str, timeout: float) -> str:
    """One request as the browser makes it; '' on success, else the error."""
    import httpx

    try:
        r = client.post(f"gradio_api/call/{kind}", json={"data": request_args(kind, value)}, timeout=timeout)
        if r.status_code != 200:
            return f"HTTP {r.status_code} on submit"
        event_id = r.json()["event_id"]
        stream = client.get(f"gradio_api/call/{kind}/{event_id}", timeout=timeout)
        if stream.status_code != 200:
            return f"HTTP {stream.status_code} on results"
    except httpx.TimeoutException:
        return "timeout"
    except httpx.HTTPError as exc:
        return f"{type(exc).__name__}: {exc}"
    events = EVENT.findall(stream.text)
    if not events:
        return "empty event stream"
    last, data = events[-1]
    if last != "complete":
        return f"{last}: {data[:100]}"
    try:
        html = json.loads(data)[0]
    except (ValueError, IndexError, TypeError):
        return "unreadable result"
    return check_page(kind, html if isinstance(html, str) else json.dumps(html))


def user(url: str, work: dict[str, list], shared: Shared, think: float, timeout: float, seed: int) -> None:
    import httpx

    rng = random.Random(seed)
    kinds = [k for k, _ in MIX]
    weights = [w for _, w in MIX]
    # With a pause longer than the server's keep-alive (uvicorn: 5 s), a pooled connection may be closed by the
    # server just as it is reused; browsers then retry on a new one. Fresh connections avoid counting that.
    limits = httpx.Limits(max_keepalive_connections=0) if think else httpx.Limits()
    with httpx.Client(base_url=url, timeout=timeout, limits=limits) as client:
        time.sleep(rng.uniform(0, min(think, 5.0)) if think else 0)  # users do not all start at once
        while shared.take_slot():
            kind = rng.choices(kinds, weights)[0]
            value = rng.choice(work[kind])
            t = time.perf_counter()
            error = call(client, kind, value, timeout)
            elapsed = time.perf_counter() - t
            if not error and elapsed > timeout:
                error = "timeout"
            shared.record(Outcome(kind, t, elapsed, error))
            if think:
                time.sleep(min(rng.expovariate(1 / think), 4 * think))


# ---------------------------------------------------------------------------------------------- server

def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (from /proc/PID/stat)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def server_rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--seconds", type=float, default=60.0)
    p.add_argument("--think", type=float, default=10.0, help="mean pause between a user's requests (s); 0 = none")
    p.add_argument("--timeout", type=float, default=30.0, help="a request slower than this is an error")
    p.add_argument("--max-requests", type=int, default=20_000)
    p.add_argument("--index", type=Path, default=None)
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("-o", "--output", type=Path, default=RESULTS / "load.json")
    v = p.add_argument_group("variants of the server (bench/ui_variant.py), to compare queue settings")
    v.add_argument("--concurrency", type=int, help="queue default_concurrency_limit instead of ui.py's")
    v.add_argument("--queue", choices=["shared", "per-event"], help="one concurrency group for all searches, "
                   "or one per event")
    v.add_argument("--ort-threads", type=int, help="onnxruntime intra-op threads of the query embedder")
    args = p.parse_args(argv)

    import httpx

    index_dir, index_info = prepare_index(args.index)
    work = workload(index_dir, args.seed)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    TMP.mkdir(parents=True, exist_ok=True)
    log = (TMP / "load-ui.log").open("w")
    variant = {k: v for k, v in (("ITU_LOAD_CONCURRENCY", args.concurrency), ("ITU_LOAD_QUEUE", args.queue),
                                 ("ITU_LOAD_ORT_THREADS", args.ort_threads)) if v is not None}
    script = REPO / ("bench/ui_variant.py" if variant else "ui.py")
    proc = subprocess.Popen([sys.executable, str(script), "--index", str(index_dir), "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, cwd=REPO,
                            env={**os.environ, **{k: str(v) for k, v in variant.items()}})
    load_before = os.getloadavg()
    try:
        ready_s = wait_ready(url, proc, log_hint=str(TMP / 'load-ui.log'))
        with httpx.Client(base_url=url, timeout=120) as warm:  # model loaded, caches built
            for kind in ("ask", "lookup", "context"):
                error = call(warm, kind, work[kind][0], 120)
                if error:
                    raise RuntimeError(f"warm-up {kind} failed: {error}")
        shared = Shared(deadline=time.perf_counter() + args.seconds, max_requests=args.max_requests)
        server_cpu0, client_cpu0 = cpu_seconds(proc.pid), time.process_time()
        started = time.perf_counter()
        threads = [threading.Thread(target=user, args=(url, work, shared, args.think, args.timeout, args.seed + i),
                                    daemon=True) for i in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=args.seconds + args.timeout + 30)
        wall = time.perf_counter() - started
        server_cpu, client_cpu = cpu_seconds(proc.pid) - server_cpu0, time.process_time() - client_cpu0
        hung = sum(t.is_alive() for t in threads)
        rss = server_rss_mib(proc.pid)
        alive = proc.poll() is None
    finally:
        stop_process(proc)
        log.close()

    outcomes = list(shared.outcomes)
    ok = [o for o in outcomes if not o.error]
    errors = Counter(o.error.split(":")[0] for o in outcomes if o.error)
    samples = {}
    for o in outcomes:
        if o.error:
            samples.setdefault(o.error.split(":")[0], f"{o.kind}: {o.error[:200]}")
    by_kind = {k: stats([o.seconds for o in ok if o.kind == k]) for k, _ in MIX}
    overall = stats([o.seconds for o in ok])
    # throughput over the steady part: requests finished while all users were running
    finished = [o.start + o.seconds - started for o in outcomes]
    in_window = sum(1 for f in finished if f <= args.seconds)
    import gradio

    result = {
        "what": "web UI under concurrent users: HTTP API of `python ui.py` on 127.0.0.1 (Gradio queue)",
        "target": f"0 errors, p95 < {TARGET_P95_S} s",
        "clients": args.clients, "seconds": args.seconds, "think_mean_s": args.think,
        "mix": dict(MIX), "requests": len(outcomes), "ok": len(ok), "errors": sum(errors.values()),
        "error_kinds": dict(errors), "error_samples": samples, "hung_clients": hung, "server_alive_after": alive,
        "throughput_rps": round(in_window / args.seconds, 2), "wall_s": round(wall, 1),
        "latency": overall, "by_kind": by_kind,
        "pass": not errors and not hung and alive and bool(ok) and overall["p95_s"] < TARGET_P95_S,
        "server_peak_rss_mib": rss,
        # CPU per request barely depends on what else runs on the machine, unlike latency: capacity on
        # C free cores is about C / server_cpu_per_request_s requests per second.
        "server_cpu_s": round(server_cpu, 1), "client_cpu_s": round(client_cpu, 1),
        "server_cpu_per_request_s": round(server_cpu / max(1, len(outcomes)), 4), "ready_after_start_s": round(ready_s, 1),
        "index": {**index_info, "dir": str(index_dir.relative_to(REPO)) if index_dir.is_relative_to(REPO)
                  else str(index_dir)},
        "queue": _queue_settings(variant),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "gradio": gradio.__version__,
                    "load_avg_before": [round(x, 2) for x in load_before],
                    "load_avg_after": [round(x, 2) for x in os.getloadavg()]},
        "note": "shared 2-core machine with other work running: compare runs made alike",
        "command": "python bench/load.py " + " ".join(argv if argv is not None else sys.argv[1:]),
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=1) + "\n", "utf-8")
    args.output.with_suffix(".md").write_text(markdown(result), "utf-8")
    print(markdown(result))
    print(f"written {args.output}")
    return 0 if result["pass"] else 1


def _queue_settings(variant: dict) -> dict:
    import ui

    out = {"default_concurrency_limit": ui.QUEUE_CONCURRENCY, "max_size": ui.QUEUE_MAX_SIZE,
           "groups": _groups()}
    if variant:
        out["variant"] = {k.removeprefix("ITU_LOAD_").lower(): v for k, v in variant.items()}
        out["default_concurrency_limit"] = variant.get("ITU_LOAD_CONCURRENCY", ui.QUEUE_CONCURRENCY)
        out["groups"] = variant.get("ITU_LOAD_QUEUE", out["groups"])
    return out


def _groups() -> str:
    """Whether the web UI puts its search events in one concurrency group ("shared") or leaves one per event."""
    text = "".join(p.read_text("utf-8") for p in [REPO / "ui.py", *sorted((REPO / "webui").glob("*.py"))])
    return "shared" if 'concurrency_id="search"' in text else "per-event"


def markdown(r: dict) -> str:
    lat = r["latency"]
    lines = [f"**{r['clients']} users, {r['seconds']:.0f} s, think time {r['think_mean_s']:g} s (mean)** — "
             f"{r['requests']} requests, {r['errors']} errors, {r['throughput_rps']} req/s; "
             f"p50 {lat.get('p50_s')} s, p95 {lat.get('p95_s')} s, p99 {lat.get('p99_s')} s "
             f"({'pass' if r['pass'] else 'FAIL'}: {r['target']}); server peak RSS {r['server_peak_rss_mib']} MiB, "
             f"CPU {r['server_cpu_per_request_s']} s per request; "
             f"queue {r['queue']}; load average {r['machine']['load_avg_before'][0]} before",
             "", "| request | n | p50 (s) | p95 (s) | p99 (s) | max (s) |", "|---|---:|---:|---:|---:|---:|"]
    for kind, s in r["by_kind"].items():
        if s.get("n"):
            lines.append(f"| {kind} | {s['n']} | {s['p50_s']} | {s['p95_s']} | {s['p99_s']} | {s['max_s']} |")
    if r["error_kinds"]:
        lines += ["", "Errors: " + ", ".join(f"{k} × {v}" for k, v in r["error_kinds"].items())]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
