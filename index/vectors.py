"""FAISS over normalized vectors: exact inner product (IndexFlatIP) up to APPROX_THRESHOLD rows, an
approximate index past it. Row ids in FAISS are the clause row ids."""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

import numpy as np

# From bench/results/scale.json (2 cores shared with other jobs; dense top-100, the depth fusion uses):
# exact search costs ~0.15-0.6 ms per 1,000 vectors per query depending on the load (1M: p95 240 ms idle,
# 930 ms at load 14), so past 250k a query would exceed ~50 ms. Past that, IVF with ~sqrt(N) lists: at 1M
# and load 14, nprobe 16 answers in p50 11 / p95 26 ms with recall@10 0.996 against exact search (nprobe 32:
# p95 42 ms, 0.997; nprobe 8: p95 15 ms, 0.981). IVF rather than HNSW: each ingest rewrites the index, and
# HNSW builds ~25x slower (100k: 35 s vs 1.4 s).
APPROX_THRESHOLD = 250_000
APPROX_KIND = "ivf"  # "ivf" | "hnsw"
IVF_TRAIN_PER_LIST = 40  # k-means training sample: this many vectors per list
IVF_NPROBE = 16
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128
EXACT_SUBSET = 20_000  # a filter leaving this many rows or fewer is searched exactly over those rows


def ivf_lists(n: int) -> int:
    """~sqrt(N) inverted lists: short k-means training, and lists small enough to probe a few dozen."""
    return max(16, int(math.sqrt(n)))


class Vectors:
    """A FAISS index whose ids are clause row ids."""

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

        if isinstance(self._index, faiss.IndexHNSW):
            return "hnsw"
        if isinstance(self._index, faiss.IndexIVF):
            return "ivf"
        return "flat"

    @classmethod
    def build(cls, vectors: np.ndarray, dim: int, *, approx_threshold: int = APPROX_THRESHOLD,
              approx_kind: str = APPROX_KIND) -> Vectors:
        import faiss

        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, dim)
        n = len(vectors)
        if n > approx_threshold and approx_kind == "hnsw":
            index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            index.hnsw.efSearch = HNSW_EF_SEARCH
        elif n > approx_threshold:
            nlist = ivf_lists(n)
            index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
            rng = np.random.default_rng(0)  # deterministic training sample
            sample = vectors[np.sort(rng.choice(n, min(n, IVF_TRAIN_PER_LIST * nlist), replace=False))]
            index.train(sample)
            index.nprobe = IVF_NPROBE
        else:
            index = faiss.IndexFlatIP(dim)
        if n:
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
        elif isinstance(index, faiss.IndexIVF):
            index.nprobe = IVF_NPROBE
        return cls(index)

    def all_vectors(self) -> np.ndarray:
        """Every stored vector in row order (exact: flat, HNSW-flat and IVF-flat keep the raw vectors)."""
        import faiss

        if not self.ntotal:
            return np.zeros((0, self.dim), dtype=np.float32)
        if isinstance(self._index, faiss.IndexIVF):
            self._index.make_direct_map()
        return self._index.reconstruct_n(0, self.ntotal)

    def rows(self, rows: np.ndarray) -> np.ndarray:
        """The stored vectors of these rows: read in place from flat storage (flat, HNSW), else through the
        IVF direct map (built on first use: 8 bytes a row)."""
        import faiss

        rows = np.asarray(rows, dtype=np.int64)
        if not len(rows):
            return np.zeros((0, self.dim), dtype=np.float32)
        flat = self._index
        if isinstance(flat, faiss.IndexHNSW):
            flat = faiss.downcast_index(flat.storage)
        if isinstance(flat, faiss.IndexFlat):
            return faiss.rev_swig_ptr(flat.get_xb(), self.ntotal * self.dim).reshape(self.ntotal, self.dim)[rows]
        if self._index.direct_map.type == faiss.DirectMap.NoMap:
            self._index.make_direct_map()
        return _one_thread(lambda: self._index.reconstruct_batch(rows))

    def scores(self, query: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Exact inner product of one query with the vectors of `rows`.

        einsum, not `@`: a BLAS matrix-vector product hands the work to its threads, which on a busy 2-core
        machine costs 100x more than the arithmetic (bench/results/scale.json, load average ~10).
        """
        return np.einsum("ij,j->i", self.rows(rows), np.asarray(query, dtype=np.float32).reshape(-1))

    def top(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The k best (row, inner product) for one query, best first, within `allowed` rows if given.

        A filter that leaves few rows (up to EXACT_SUBSET rows) is answered exactly from those rows' vectors:
        cheaper than a selector over the whole index, and exact even where the index is approximate (an IVF
        probe could hold fewer than k allowed rows).
        """
        if allowed is not None and len(allowed) <= EXACT_SUBSET:
            allowed = np.asarray(allowed, dtype=np.int64)
            if not len(allowed) or k <= 0:
                return []
            s = self.scores(query, allowed)
            k = min(k, len(s))
            idx = np.argpartition(-s, k - 1)[:k]
            idx = idx[np.lexsort((allowed[idx], -s[idx]))]
            return [(int(allowed[i]), float(s[i])) for i in idx]
        return self.search(query, k, allowed)[0]

    def search(self, queries: np.ndarray, k: int, allowed: Iterable[int] | None = None) -> list[list[tuple[int, float]]]:
        """Top k (row, inner product) per query row, best first; `allowed` restricts the rows searched."""
        import faiss

        queries = np.ascontiguousarray(queries, dtype=np.float32).reshape(-1, self.dim)
        k = min(k, self.ntotal)
        if k <= 0:
            return [[] for _ in range(len(queries))]
        selector = None
        if allowed is not None:
            ids = (allowed.astype(np.int64, copy=False) if isinstance(allowed, np.ndarray)
                   else np.fromiter(allowed, dtype=np.int64))
            if not len(ids):
                return [[] for _ in range(len(queries))]
            # a bitmap (N/8 bytes, made by numpy) rather than IDSelectorBatch, which builds a hash set of the
            # allowed ids on every query: ~10 ms for a filter that keeps 1/6 of a million rows
            bits = np.zeros(self.ntotal, dtype=bool)
            bits[ids] = True
            packed = np.packbits(bits, bitorder="little")
            selector = faiss.IDSelectorBitmap(self.ntotal, faiss.swig_ptr(packed))
            k = min(k, len(ids))
        kind = self.kind
        if kind == "hnsw":
            params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(HNSW_EF_SEARCH, k))
        elif kind == "ivf":
            params = faiss.SearchParametersIVF(sel=selector, nprobe=IVF_NPROBE)
        else:
            params = faiss.SearchParameters(sel=selector) if selector is not None else None
        if len(queries) == 1:
            # One query scans memory once: extra OpenMP threads only add hand-offs (3x slower on a busy
            # 2-core box at 100k vectors, bench/results/scale.json).
            scores, rows = _one_thread(lambda: self._index.search(queries, k, params=params))
        else:
            scores, rows = self._index.search(queries, k, params=params)
        return [[(int(r), float(s)) for r, s in zip(rr, ss, strict=True) if r >= 0]
                for rr, ss in zip(rows, scores, strict=True)]


def _one_thread(fn):
    import faiss

    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        return fn()
    finally:
        faiss.omp_set_num_threads(threads)
