"""Helpers shared by the benchmarks: shared-corpus paths, cached embeddings, truth clauses, scoring.

Truth clauses (../shared/corpus/truth) are used here only, to develop and compare retrieval on perfect
clauses; the product never reads them.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import config  # noqa: E402

config.apply_offline_environment()

SHARED = Path(os.environ.get("ITU_SHARED_DIR", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"
EVAL = SHARED / "eval"
RESULTS = REPO / "bench" / "results"
TMP = RESULTS / "tmp"  # git-ignored: indexes, caches, per-run results
QUESTIONS = REPO / "bench" / "questions"
# Anything fitted or chosen is fitted on TRAIN_FILES only; TEST_FILE is read to report, never to choose.
TRAIN_FILES = (EVAL / "dev.jsonl", QUESTIONS / "heldout.jsonl", QUESTIONS / "train.jsonl", QUESTIONS / "train2.jsonl",
               QUESTIONS / "train3.jsonl", QUESTIONS / "train4.jsonl", QUESTIONS / "train5.jsonl")
TEST_FILE = QUESTIONS / "test.jsonl"
# Written after every fitted value and choice, on clauses no other set has as an answer (bench/questions/README.md).
TEST2_FILE = QUESTIONS / "test2.jsonl"
TEST3_FILE = QUESTIONS / "test3.jsonl"  # the same, written later on a further sample (round 7)
TEST_FILES = (TEST_FILE, TEST2_FILE, TEST3_FILE)


def load_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def clause_key(rec: dict) -> tuple:
    """A truth record or gold entry as a (file, number, revision, section, label) key."""
    return (rec["file"], rec["number"], rec.get("revision"), rec["section"], rec["label"])


def gold_keys(q: dict) -> set[tuple]:
    """The clauses a question's gold names."""
    return {clause_key(g) for g in q["gold"]}


def answered_clauses(questions) -> set[tuple]:
    """The clauses that some of `questions` have as their answer."""
    return set().union(*(gold_keys(q) for q in questions))


CALIBRATION_BINS = 10


def ece(conf: np.ndarray, right: np.ndarray, bins: int = CALIBRATION_BINS) -> tuple[float, list[dict]]:
    """Expected calibration error over equal-width confidence bins, and the reliability table."""
    conf, right = np.asarray(conf, dtype=float), np.asarray(right, dtype=float)
    table, total = [], 0.0
    # bin b holds b/bins <= conf < (b+1)/bins, 1.0 in the last; rounded first so that 0.7 is not 0.6999...
    which = np.minimum(np.floor(np.round(conf * bins, 9)).astype(int), bins - 1)
    for b in range(bins):
        sel = which == b
        n = int(sel.sum())
        if n:
            gap = abs(float(conf[sel].mean()) - float(right[sel].mean()))
            total += n * gap
            table.append({"bin": f"{b / bins:.1f}-{(b + 1) / bins:.1f}", "n": n,
                          "mean_confidence": round(float(conf[sel].mean()), 3),
                          "share_right": round(float(right[sel].mean()), 3)})
    return (round(total / max(1, len(conf)), 4), table)


def ece_spread(conf: np.ndarray, right: np.ndarray, draws: int = 2000, seed: int = 0) -> dict:
    """How much of an ECE is chance at this sample size: a 90% bootstrap interval of the measured ECE, and the
    ECE that a perfectly calibrated model with the same confidences shows (each outcome drawn right with its
    stated probability), median and 95th percentile. A measured ECE inside that chance band is no evidence
    of miscalibration; a target below its median cannot be shown on this many questions."""
    conf, right = np.asarray(conf, dtype=float), np.asarray(right, dtype=float)
    if not len(conf):
        return {}
    rng = np.random.default_rng(seed)
    boot = [ece(conf[i], right[i])[0] for i in (rng.integers(0, len(conf), len(conf)) for _ in range(draws))]
    chance = [ece(conf, rng.random(len(conf)) < conf)[0] for _ in range(draws)]
    return {"bootstrap_90": [round(float(np.percentile(boot, 5)), 4), round(float(np.percentile(boot, 95)), 4)],
            "if_calibrated_median": round(float(np.median(chance)), 4),
            "if_calibrated_95": round(float(np.percentile(chance, 95)), 4), "draws": draws}


def question_style(q: dict) -> str:
    """A question's style (bench/questions/README.md); dev and held-out questions have only a kind."""
    return q.get("style") or {"keyword": "casual", "reference": "citation"}.get(q["kind"], q["kind"])


def truth_clauses(truth_dir: Path = CORPUS / "truth"):
    """Clause records made from the truth files (development only: tests and benchmarks)."""
    from ingest.records import Clause

    out = []
    for path in sorted(truth_dir.glob("*.jsonl")):
        recs = load_jsonl(path)
        by_label = {(r["number"], r["revision"], r["section"], r["label"]): r["text"] for r in recs
                    if r["kind"] != "footnote"}
        for i, rec in enumerate(recs):
            lead_in = ""
            parent = parent_label(rec["label"])
            if parent and rec["kind"] != "footnote":
                lead_in = by_label.get((rec["number"], rec["revision"], rec["section"], parent), "")
            rec = dict(rec, ordinal=i, lead_in=lead_in,
                       footnote_refs=[r["mark"] for r in rec.get("footnote_refs", [])])
            out.append(Clause.from_dict(rec))
    return out


def parent_label(label: str) -> str:
    """"11 a)" -> "11", "1.5 b) v)" -> "1.5 b)", "6.1" -> "6", "8" -> "" (what the parser's lead_in follows)."""
    parts = label.split()
    if len(parts) > 1:
        return " ".join(parts[:-1])
    if "." in label.strip("."):
        return label.rsplit(".", 1)[0]
    return ""


class CachedEmbedder:
    """Wraps an embedder and keeps every vector on disk by text hash, so re-runs embed only new texts."""

    def __init__(self, inner, cache_file: Path) -> None:
        from index.embedders import model_version

        self.inner = inner
        self.name, self.backend, self.dim = inner.name, inner.backend, inner.dim
        self.version = model_version(inner.name, config.cache_dir())  # which build of a model built here (the fine-tuned MiniLM)
        self.cache_file = cache_file
        self._cache: dict[str, np.ndarray] = {}
        if cache_file.is_file():
            data = np.load(cache_file)
            made_by = (str(data["model"]), str(data["backend"]), str(data["version"]) if "version" in data else "") \
                if "backend" in data else None
            # A cache older than these records is trusted for a model fixed by its package, not for one built here
            if made_by == (self.name, self.backend, self.version) or (made_by is None and not self.version):
                self._cache = dict(zip(data["keys"].tolist(), data["vecs"], strict=True))
            else:  # the same texts embedded by another model, backend or build are other vectors
                print(f"{cache_file.name}: made by {made_by}, not {(self.name, self.backend, self.version)}: "
                      "embedding anew", file=sys.stderr)
        self._dirty = False

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        keys = [self._key(t) for t in texts]
        missing = [i for i, k in enumerate(keys) if k not in self._cache]
        if missing:
            vecs = self.inner.encode([texts[i] for i in missing], progress=progress and len(missing) > 64)
            for i, v in zip(missing, vecs, strict=True):
                self._cache[keys[i]] = v
            self._dirty = True
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._cache[k] for k in keys]).astype(np.float32)

    def save(self) -> None:
        if self._dirty:
            self.cache_file.parent.mkdir(parents=True, exist_ok=True)
            keys = np.array(list(self._cache.keys()))
            vecs = np.stack(list(self._cache.values())).astype(np.float32)
            tmp = self.cache_file.with_suffix(".tmp.npz")
            np.savez(tmp, keys=keys, vecs=vecs, model=np.array(self.name), backend=np.array(self.backend),
                     version=np.array(self.version))
            os.replace(tmp, self.cache_file)
            self._dirty = False


def real_embedder(cache_name: str = "embeddings.npz", model: str | None = None) -> CachedEmbedder:
    """The real model (BUNDLED_MODEL unless told) with its vectors cached on disk by text under TMP."""
    from index.embedders import BUNDLED_MODEL, make_embedder

    return CachedEmbedder(make_embedder(model or BUNDLED_MODEL, os.environ.get(config.BACKEND_ENV),
                                       cache_dir=config.cache_dir()),
                          TMP / cache_name)


def truth_index(embedder=None):
    """An in-memory Index over the truth clauses (with the real model unless told otherwise)."""
    from index import Index

    emb = embedder or real_embedder()
    idx = Index.from_clauses(truth_clauses(), emb, progress=True)
    if hasattr(emb, "save"):
        emb.save()
    return idx


def scorer():
    """The shared score.py as a module (for tuning loops; eval.py runs it as a subprocess)."""
    spec = importlib.util.spec_from_file_location("itu_score", EVAL / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def hit_record(hit) -> dict:
    """A lookup-style hit as the scorer reads it."""
    c = hit.clause
    return {"rank": hit.rank, "score": hit.score, "text": c.text, "source": c.file, "page": c.page,
            "citation": {"number": c.number, "revision": c.revision, "section": c.section, "label": c.label}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in [0, 100])."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def wait_ready(url: str, proc: subprocess.Popen, timeout: float = 180, log_hint: str = "its log") -> float:
    """Seconds until the UI at `url` answers /config; fails early if the process exits."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"the UI exited with code {proc.returncode}; see {log_hint}")
        try:
            with urllib.request.urlopen(url + "config", timeout=2) as r:  # noqa: S310  (loopback only)
                if r.status == 200:
                    return time.perf_counter() - start
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"the UI did not answer on {url} within {timeout:.0f} s")


def stop_process(proc: subprocess.Popen, grace: float = 20) -> None:
    """Terminate the UI process, killing it if it does not exit within `grace` seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
