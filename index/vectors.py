"""FAISS over normalized vectors: exact inner product up to APPROX_THRESHOLD rows, HNSW past it."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np

# Exact search answers a query over 300k x 384 vectors in ~10-20 ms on this class of CPU; past that
# HNSW keeps queries at ~1 ms with recall@10 >= 0.97 (bench/results/scale.json).
APPROX_THRESHOLD = 300_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128


class Vectors:
    """A FAISS index whose row ids are clause row ids."""

    def __init__(self, index) -> None:
        self._index = index

    @property
    def ntotal(self) -> int:
        return int(self._index.ntotal)

    @property
    def dim(self) -> int:
        return int(self._index.d)

    @property
    def kind(self) -> str:
        import faiss

        return "hnsw" if isinstance(self._index, faiss.IndexHNSW) else "flat"

    @classmethod
    def build(cls, vectors: np.ndarray, dim: int, *, approx_threshold: int = APPROX_THRESHOLD) -> Vectors:
        import faiss

        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, dim)
        if len(vectors) > approx_threshold:
            index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            index.hnsw.efSearch = HNSW_EF_SEARCH
        else:
            index = faiss.IndexFlatIP(dim)
        if len(vectors):
            index.add(vectors)
        return cls(index)

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: Path) -> Vectors:
        """Raises RuntimeError (from FAISS) on a truncated or corrupted file."""
        import faiss

        index = faiss.read_index(str(path))
        if isinstance(index, faiss.IndexHNSW):
            index.hnsw.efSearch = HNSW_EF_SEARCH
        return cls(index)

    def all_vectors(self) -> np.ndarray:
        if not self.ntotal:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._index.reconstruct_n(0, self.ntotal)

    def search(self, queries: np.ndarray, k: int, allowed: Iterable[int] | None = None) -> list[list[tuple[int, float]]]:
        """Top k (row, inner product) per query row, best first; `allowed` restricts the rows searched."""
        import faiss

        queries = np.ascontiguousarray(queries, dtype=np.float32).reshape(-1, self.dim)
        k = min(k, self.ntotal)
        if k <= 0:
            return [[] for _ in range(len(queries))]
        params = None
        if allowed is not None:
            ids = np.fromiter(allowed, dtype=np.int64)
            if not len(ids):
                return [[] for _ in range(len(queries))]
            selector = faiss.IDSelectorBatch(ids)
            if self.kind == "hnsw":
                params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(HNSW_EF_SEARCH, k))
            else:
                params = faiss.SearchParameters(sel=selector)
            k = min(k, len(ids))
        scores, rows = self._index.search(queries, k, params=params)
        return [[(int(r), float(s)) for r, s in zip(rr, ss, strict=True) if r >= 0]
                for rr, ss in zip(rows, scores, strict=True)]
