"""FAISS at scale: exact (IndexFlatIP) against approximate indexes on synthetic but realistic vectors.

Vectors: 384-d perturbed mixtures of real clause embeddings (the truth corpus embedded with the product's
default backend): x = normalize(a*v_i + (1-a)*v_j + noise), so the data keeps the clustered, anisotropic
shape of real embeddings (uniform noise would make every index look better or worse than it is).
Queries: other perturbations of real vectors (cosine ~0.75 to their source), searched one at a time as
the CLI and UI do.

For each size: build seconds, RSS growth and serialized size, query latency p50/p95 (k=10), and for the
approximate indexes recall@10 against exact search. HNSW is built only where its build fits the time budget.

Run:  .venv/bin/python bench/scale.py            → bench/results/scale.json
      BENCH_SCALE_SIZES=100000 .venv/bin/python bench/scale.py   (quicker)
"""

from __future__ import annotations

import json
import os
import time

import numpy as np
from common import CORPUS, RESULTS, TMP, truth_clauses  # also puts the repo on sys.path

DIM = 384
SIZES = [int(s) for s in os.environ.get("BENCH_SCALE_SIZES", "100000,1000000").split(",")]
N_QUERIES = 200
K = 10
HNSW_MAX_N = int(os.environ.get("BENCH_SCALE_HNSW_MAX", 200_000))  # HNSW build time grows ~N log N


def rss_bytes() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def real_vectors() -> np.ndarray:
    cache = TMP / "scale_base_vectors.npy"
    if cache.is_file():
        return np.load(cache)
    from index.context import embedding_text
    from index.embedders import make_embedder

    emb = make_embedder("all-MiniLM-L6-v2", "auto")
    vecs = emb.encode([embedding_text(c) for c in truth_clauses(CORPUS / "truth")], progress=True)
    TMP.mkdir(parents=True, exist_ok=True)
    np.save(cache, vecs)
    return vecs


def synthesize(base: np.ndarray, n: int, rng: np.random.Generator, noise: float) -> np.ndarray:
    out = np.empty((n, DIM), dtype=np.float32)
    step = 100_000
    for s in range(0, n, step):
        m = min(step, n - s)
        i = rng.integers(0, len(base), m)
        j = rng.integers(0, len(base), m)
        a = rng.uniform(0.6, 1.0, (m, 1)).astype(np.float32)
        x = a * base[i] + (1 - a) * base[j] + rng.normal(0, noise, (m, DIM)).astype(np.float32)
        out[s:s + m] = x / np.linalg.norm(x, axis=1, keepdims=True)
    return out


def timed_queries(index, queries: np.ndarray, params=None) -> tuple[list[float], np.ndarray]:
    lat, found = [], []
    for q in queries:
        t0 = time.perf_counter()
        _, ids = index.search(q[None, :], K, params=params)
        lat.append((time.perf_counter() - t0) * 1000)
        found.append(ids[0])
    return lat, np.array(found)


def recall(found: np.ndarray, exact: np.ndarray) -> float:
    return float(np.mean([len(set(f) & set(e)) / K for f, e in zip(found, exact, strict=True)]))


def pct(lat: list[float]) -> dict:
    return {"p50_ms": round(float(np.percentile(lat, 50)), 2), "p95_ms": round(float(np.percentile(lat, 95)), 2)}


def measure(build, data: np.ndarray) -> tuple[object, dict]:
    import faiss

    rss0 = rss_bytes()
    t0 = time.perf_counter()
    index = build(data)
    secs = time.perf_counter() - t0
    size = len(faiss.serialize_index(index)) if len(data) <= 200_000 else None
    return index, {"build_s": round(secs, 1), "rss_delta_mb": round((rss_bytes() - rss0) / 2**20, 1),
                   "serialized_mb": round(size / 2**20, 1) if size else None}


def main() -> None:
    import faiss

    rng = np.random.default_rng(42)
    base = real_vectors()
    queries = synthesize(base, N_QUERIES, rng, noise=0.05)
    results = {"what": __doc__.split("\n\n")[1].replace("\n", " "), "dim": DIM, "queries": N_QUERIES, "k": K,
               "faiss_threads": faiss.omp_get_max_threads(), "load_average_1_5_15_at_start": os.getloadavg(), "base_real_vectors": len(base), "sizes": {}}
    for n in SIZES:
        data = synthesize(base, n, rng, noise=0.03)
        nn_cos = float(np.mean(np.max(data[:200] @ base.T, axis=1)))
        row: dict = {"mean_cosine_to_nearest_real_vector": round(nn_cos, 3)}

        flat, row["flat"] = measure(lambda d: _flat(d), data)
        lat, exact = timed_queries(flat, queries)
        row["flat"] |= pct(lat)
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(1)  # one query at a time: a single thread avoids OpenMP hand-offs
        lat, _ = timed_queries(flat, queries)
        faiss.omp_set_num_threads(threads)
        row["flat"]["one_thread"] = pct(lat)
        del flat

        nlist = 256 if n <= 200_000 else 1024  # ~sqrt(N) lists; k-means training stays within budget
        ivf, row[f"ivf{nlist}"] = measure(lambda d, nl=nlist: _ivf(d, nl, rng), data)
        for nprobe in (8, 16, 32, 64):
            lat, found = timed_queries(ivf, queries, faiss.SearchParametersIVF(nprobe=nprobe))
            row[f"ivf{nlist}"][f"nprobe{nprobe}"] = pct(lat) | {"recall_at_10": round(recall(found, exact), 4)}
        del ivf

        if n <= HNSW_MAX_N:
            hnsw, row["hnsw32"] = measure(lambda d: _hnsw(d), data)
            for ef in (64, 128, 256):
                lat, found = timed_queries(hnsw, queries, faiss.SearchParametersHNSW(efSearch=ef))
                row["hnsw32"][f"ef{ef}"] = pct(lat) | {"recall_at_10": round(recall(found, exact), 4)}
            del hnsw
        else:
            row["hnsw32"] = f"not built: over {HNSW_MAX_N} vectors the build exceeds this benchmark's time budget"
        results["sizes"][str(n)] = row
        print(json.dumps({n: row}, indent=1), flush=True)
        del data
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "scale.json").write_text(json.dumps(results, indent=1) + "\n")


def _flat(d):
    import faiss

    index = faiss.IndexFlatIP(DIM)
    index.add(d)
    return index


def _ivf(d, nlist, rng):
    import faiss

    quantizer = faiss.IndexFlatIP(DIM)
    index = faiss.IndexIVFFlat(quantizer, DIM, nlist, faiss.METRIC_INNER_PRODUCT)
    sample = d[rng.choice(len(d), min(len(d), 40 * nlist), replace=False)]
    index.train(sample)
    index.add(d)
    return index


def _hnsw(d):
    import faiss

    index = faiss.IndexHNSWFlat(DIM, 32, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = 80
    index.add(d)
    return index


if __name__ == "__main__":
    main()
