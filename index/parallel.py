"""Embedding spread over worker processes on one machine: the ingest bottleneck at scale.

`ParallelEmbedder(model, backend, workers)` is an `Embedder`: each worker process loads the model once and
embeds chunks of texts; results come back in input order. Pass it to `index.build(..., embedder=...)`
(`itu-search ingest --workers N`). Across machines the same map (texts -> vectors in chunks, one model per
worker) is what Ray Data's `map_batches` runs over a cluster (docs/deploy.md); bench/ingest_parallel.py
measures this one-machine version.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from .embedders import Embedder

CHUNK = 64  # texts per task: big enough to batch well, small enough to balance the workers

_worker_embedder: Embedder | None = None


def _init(model: str, backend: str, cache_dir) -> None:
    global _worker_embedder
    from .embedders import make_embedder

    _worker_embedder = make_embedder(model, backend, cache_dir=cache_dir)


def _encode(texts: list[str]) -> np.ndarray:
    assert _worker_embedder is not None, "_init runs first in every worker"
    return _worker_embedder.encode(texts)


class ParallelEmbedder:
    """An Embedder whose encode() runs in `workers` processes (spawned: no fork of a loaded model)."""

    def __init__(self, model: str, backend: str, workers: int, *, cache_dir=None) -> None:
        from .embedders import FakeEmbedder, resolve_backend

        self.backend = resolve_backend(backend, model)
        self.name = FakeEmbedder().name if self.backend == "fake" else model
        self.workers = max(1, int(workers))
        self._model = model
        self._cache_dir = cache_dir
        self._pool: ProcessPoolExecutor | None = None  # started on first use: an unchanged corpus loads nothing
        self._dim: int | None = None

    @property
    def dim(self) -> int:
        if self._dim is None:
            self._dim = int(self.encode(["dimension probe"]).shape[1])
        return self._dim

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        texts = list(texts)
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=mp.get_context("spawn"), initializer=_init,
                                             initargs=(self._model, self.backend, self._cache_dir))
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        chunks = [texts[s:s + CHUNK] for s in range(0, len(texts), CHUNK)]
        out = np.concatenate(list(self._pool.map(_encode, chunks))).astype(np.float32)
        self._dim = out.shape[1]
        return out

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> ParallelEmbedder:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
