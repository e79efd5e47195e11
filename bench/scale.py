"""Both stores at scale, through the store interface search uses (`candidates`: dense top-100 + BM25 top-500).

Clauses: 384-d vectors that are perturbed mixtures of real clause embeddings (the dev index's vectors:
x = normalize(a*v_i + (1-a)*v_j + noise), so the data keeps the clustered, anisotropic shape of real
embeddings) and texts drawn from the corpus's vocabulary (unigram frequencies and text lengths of the real
clauses). Rows are grouped into instruments of 40 clauses, each instrument given one of the real bodies.
Queries: other perturbations of real vectors (cosine ~0.75 to their source) with the dev questions as their
text, one at a time as the CLI and UI ask them, unfiltered, filtered to one body (~1/6 of the rows) and to
one instrument (40 rows).

Per size N: build seconds and memory (RSS growth) of the dense index, p50/p95 of the store's dense candidate
search (k=100, the depth fusion uses) for exact IndexFlatIP, IVF (sqrt(N) lists; nprobe 8, 16 and 32) and
HNSW where its build fits the budget, with recall@10 against exact for the same filter; BM25 (bm25s)
candidate latency; milvus-lite (pure-Python Milvus) at the sizes listed in BENCH_SCALE_MILVUS.

Run:  .venv/bin/python bench/scale.py                         → bench/results/scale.json
      BENCH_SCALE_SIZES=100000 BENCH_SCALE_MILVUS=5000 .venv/bin/python bench/scale.py   (quicker)
Sizes already in scale.json are kept unless measured again (runs of one size at a time add up).
"""

from __future__ import annotations

import gc
import json
import os
import time
from collections import Counter

import numpy as np
from common import EVAL, RESULTS, TMP, load_jsonl  # also puts the repo on sys.path

from index.vectors import IVF_NPROBE as PRODUCT_NPROBE

DIM = 384
SIZES = [int(s) for s in os.environ.get("BENCH_SCALE_SIZES", "100000,1000000").split(",")]
MILVUS_SIZES = [int(s) for s in os.environ.get("BENCH_SCALE_MILVUS", "5000,20000").split(",") if s]
N_QUERIES = int(os.environ.get("BENCH_SCALE_QUERIES", 200))
DENSE_K = 100  # search.fusion.CANDIDATES
LEXICAL_K = 500
K = 10
HNSW_MAX_N = int(os.environ.get("BENCH_SCALE_HNSW_MAX", 200_000))  # HNSW build time grows ~N log N
# bm25s indexing is pure-Python tokenizing (~0.7 ms a clause here): past this size it exceeds the budget
LEXICAL_MAX_N = int(os.environ.get("BENCH_SCALE_LEXICAL_MAX", 200_000))
PER_INSTRUMENT = 40


def rss_bytes() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def real_corpus():
    """Vectors, lexical texts and bodies of the real clauses, read from the files of the dev index of
    bench/eval.py (built if missing) without the format check: any index format has these columns."""
    import sqlite3

    from index.vectors import Vectors

    folder = TMP / "index-pdf"
    if not (folder / "meta.json").is_file():
        from eval import build_index

        build_index(folder, rebuild=False)
    con = sqlite3.connect(f"file:{folder / 'clauses.sqlite'}?mode=ro", uri=True)
    try:
        rows = con.execute("SELECT lexical, body FROM clauses ORDER BY row").fetchall()
    finally:
        con.close()
    return Vectors.load(folder / "dense.faiss").all_vectors(), [r[0] for r in rows], [r[1] for r in rows]


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


def synth_texts(real: list[str], n: int, rng: np.random.Generator) -> list[str]:
    words = Counter(w for t in real for w in t.split())
    vocab = np.array(list(words))
    p = np.array([words[w] for w in vocab], dtype=np.float64)
    p /= p.sum()
    lengths = rng.choice([len(t.split()) for t in real], n)
    flat = rng.choice(vocab, int(lengths.sum()), p=p)
    out, pos = [], 0
    for ln in lengths:
        out.append(" ".join(flat[pos:pos + ln]))
        pos += ln
    return out


def filters(n: int, bodies: list[str], rng: np.random.Generator) -> dict[str, np.ndarray | None]:
    """Row sets of three filters: none, one body (instruments get real bodies), one instrument."""
    n_inst = (n + PER_INSTRUMENT - 1) // PER_INSTRUMENT
    inst_body = rng.choice(np.array(bodies), n_inst)
    row_body = np.repeat(inst_body, PER_INSTRUMENT)[:n]
    common = Counter(bodies).most_common(3)[-1][0]  # a mid-sized body, as a user filter would pick
    inst = int(rng.integers(0, n_inst))
    return {"none": None, f"body={common}": np.flatnonzero(row_body == common),
            "one instrument": np.arange(inst * PER_INSTRUMENT, min(n, (inst + 1) * PER_INSTRUMENT))}


def pct(lat: list[float]) -> dict:
    return {"p50_ms": round(float(np.percentile(lat, 50)), 2), "p95_ms": round(float(np.percentile(lat, 95)), 2)}


def recall(found: list[list[int]], exact: list[list[int]]) -> float:
    vals = [len(set(f[:K]) & set(e[:K])) / max(1, min(K, len(e))) for f, e in zip(found, exact, strict=True)]
    return round(float(np.mean(vals)), 4)


NPROBES = [int(s) for s in os.environ.get("BENCH_SCALE_NPROBES", "8,16,32").split(",")]


def run_dense(vectors, queries: np.ndarray, allowed, nprobe: int | None = None) -> tuple[list[float], list[list[int]]]:
    import index.vectors as iv

    if nprobe is not None:
        iv.IVF_NPROBE = nprobe  # Vectors.search reads the module setting at query time
    lat, found = [], []
    for q in queries:
        t0 = time.perf_counter()
        top = vectors.top(q, DENSE_K, allowed)
        lat.append((time.perf_counter() - t0) * 1000)
        found.append([r for r, _ in top])
    return lat, found


def default_store(data: np.ndarray, queries: np.ndarray, filt: dict) -> dict:
    from index.vectors import Vectors

    out: dict = {}
    exact: dict[str, list[list[int]]] = {}
    n = len(data)
    for kind in ("flat", "ivf", "hnsw"):
        if kind == "hnsw" and n > HNSW_MAX_N:
            out[kind] = f"not built: over {HNSW_MAX_N} vectors its build exceeds this benchmark's budget"
            continue
        gc.collect()
        rss0 = rss_bytes()
        t0 = time.perf_counter()
        vec = Vectors.build(data, DIM, approx_threshold=0 if kind != "flat" else n, approx_kind=kind)
        build_s = time.perf_counter() - t0
        mem = rss_bytes() - rss0
        row: dict = {"build_s": round(build_s, 1), "rss_delta_mb": round(mem / 2**20, 1),
                     "memory_per_million_clauses_mb": round(mem / 2**20 * 1e6 / n)}
        for nprobe in (NPROBES if kind == "ivf" else [None]):
            part = row if nprobe is None else row.setdefault(f"nprobe{nprobe}", {})
            for name, allowed in filt.items():
                lat, found = run_dense(vec, queries, allowed, nprobe)
                part[name] = pct(lat)
                if kind == "flat":
                    exact[name] = found
                else:
                    part[name]["recall_at_10"] = recall(found, exact[name])
                    part[name]["recall_at_100"] = round(float(np.mean(
                        [len(set(f) & set(e)) / max(1, len(e)) for f, e in zip(found, exact[name], strict=True)])), 4)
        out[kind] = row
        del vec
        if kind == "ivf":
            import index.vectors as iv

            iv.IVF_NPROBE = PRODUCT_NPROBE
    return out


def lexical(texts: list[str], questions: list[str], filt: dict) -> dict:
    from index.lexical import Lexical

    gc.collect()
    rss0 = rss_bytes()
    t0 = time.perf_counter()
    lex = Lexical.build(texts)
    row: dict = {"build_s": round(time.perf_counter() - t0, 1), "rss_delta_mb": round((rss_bytes() - rss0) / 2**20, 1)}
    for name, allowed in filt.items():
        lat = []
        for q in questions:
            t0 = time.perf_counter()
            lex.search(q, LEXICAL_K, allowed)
            lat.append((time.perf_counter() - t0) * 1000)
        row[name] = pct(lat)
    return row


def milvus_lite(data: np.ndarray, texts: list[str], queries: np.ndarray,
                questions: list[str], filt: dict, exact: dict) -> dict:
    """The Milvus store on milvus-lite: write (insert + index + alias), then the store's candidate search."""
    import shutil

    from index import milvus
    from index.meta import IndexMeta
    from index.stores import milvus_location
    from ingest.records import Clause

    n = len(data)
    path = TMP / f"scale-milvus-{n}.db"
    shutil.rmtree(path, ignore_errors=True)
    loc = milvus_location(f"milvus-lite:{path}")
    clauses = [Clause(file=f"f{r // PER_INSTRUMENT}.pdf", instrument="Resolution", number=str(r // PER_INSTRUMENT),
                      revision="", body="PP", title="", section="resolves", kind="operative",
                      label=str(r % PER_INSTRUMENT + 1), text=texts[r], page=1, printed_page="1", lead_in="",
                      ordinal=r % PER_INSTRUMENT) for r in range(n)]
    meta = IndexMeta(model="synthetic", dim=DIM, backend="none", parser_version="-", built_at="", clause_count=n,
                     vector_index="")
    client = milvus.connect(loc)
    rss0 = rss_bytes()
    t0 = time.perf_counter()
    with milvus.writer_lease(client, loc) as renew:
        milvus.write_collection(client, loc, clauses, data, meta, renew)
    row: dict = {"write_s": round(time.perf_counter() - t0, 1),
                 "rss_delta_mb_in_process": round((rss_bytes() - rss0) / 2**20, 1)}
    store = milvus.MilvusIndex(client, loc, milvus.current_collection(client, loc), clauses, meta)
    for name, allowed in filt.items():
        lat, found = [], []
        for q, text in zip(queries, questions, strict=True):
            t0 = time.perf_counter()
            c = store.candidates(q, text, dense_k=DENSE_K, lexical_k=LEXICAL_K, allowed=allowed)
            lat.append((time.perf_counter() - t0) * 1000)
            found.append([r for r, _ in c.dense])
        row[name] = pct(lat) | {"dense_recall_at_10": recall(found, exact[name])}
    client.close()
    shutil.rmtree(path, ignore_errors=True)
    return row


def main() -> None:
    import faiss

    from index.vectors import APPROX_THRESHOLD, EXACT_SUBSET, IVF_NPROBE

    rng = np.random.default_rng(42)
    base, real_texts, real_bodies = real_corpus()
    questions = [q["question"] for q in load_jsonl(EVAL / "dev.jsonl")]
    q_vecs = synthesize(base, N_QUERIES, rng, noise=0.05)
    q_texts = [questions[i % len(questions)] for i in range(N_QUERIES)]
    results = {"what": __doc__.split("\n\n")[1].replace("\n", " ") + " " + __doc__.split("\n\n")[2].replace("\n", " "),
               "dim": DIM, "queries": N_QUERIES, "dense_k": DENSE_K, "lexical_k": LEXICAL_K,
               "product_settings": {"approx_threshold": APPROX_THRESHOLD, "ivf_nprobe": IVF_NPROBE,
                                    "exact_subset": EXACT_SUBSET},
               "faiss_threads": faiss.omp_get_max_threads(), "cpu_count": os.cpu_count(),
               "load_average_1_5_15_at_start": os.getloadavg(), "base_real_vectors": len(base), "sizes": {},
               "milvus_lite": {}}
    previous = RESULTS / "scale.json"  # sizes run separately (BENCH_SCALE_SIZES) add up in one file
    if previous.is_file():
        old = json.loads(previous.read_text())
        if old.get("dense_k") == DENSE_K:
            results["sizes"], results["milvus_lite"] = old.get("sizes", {}), old.get("milvus_lite", {})
    for n in sorted(set(SIZES) | set(MILVUS_SIZES)):
        data = synthesize(base, n, rng, noise=0.03)
        filt = filters(n, real_bodies, rng)
        texts = synth_texts(real_texts, n, rng) if n <= LEXICAL_MAX_N or n in MILVUS_SIZES else None
        row: dict = {"filter_rows": {k: (n if v is None else len(v)) for k, v in filt.items()},
                     "load_average_1_5_15": os.getloadavg()}
        row["dense"] = default_store(data, q_vecs, filt) if n in SIZES else None
        if n in SIZES:
            row["bm25"] = (lexical(texts, q_texts, filt) if texts is not None else
                           f"not built: over {LEXICAL_MAX_N} clauses indexing exceeds this benchmark's budget")
        if n in MILVUS_SIZES:
            from index.vectors import Vectors

            flat = Vectors.build(data, DIM, approx_threshold=n)
            exact = {k: run_dense(flat, q_vecs, v)[1] for k, v in filt.items()}
            del flat
            results["milvus_lite"][str(n)] = milvus_lite(data, texts, q_vecs[:50], q_texts[:50],
                                                         filt, {k: v[:50] for k, v in exact.items()})
            print(json.dumps({f"milvus-lite {n}": results["milvus_lite"][str(n)]}), flush=True)
        if n in SIZES:
            results["sizes"][str(n)] = row
            print(json.dumps({n: row}, indent=1), flush=True)
        del data, texts
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "scale.json").write_text(json.dumps(results, indent=1) + "\n")
    results["load_average_1_5_15_at_end"] = os.getloadavg()
    (RESULTS / "scale.json").write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
