"""The cost of the optional all-mpnet-base-v2 beside the default MiniLM, measured side by side.

Interleaved rounds over one fixed sample of clause texts (as ingest embeds them) and of question texts (as
`ask` embeds one query at a time); medians over rounds, clauses/s and ms per query, wall and CPU, with the
load average. Quality is measured elsewhere (bench/results/semantic.md, eval-all-mpnet-base-v2.md).

    .venv/bin/python bench/embed_models.py   -> bench/results/embed_models.json
"""

from __future__ import annotations

import json
import os
import random
import statistics
import time

from common import CORPUS, RESULTS, TRAIN_FILES, load_jsonl, truth_clauses  # also puts the repo on sys.path

MODELS = (("all-MiniLM-L6-v2", "auto"), ("all-mpnet-base-v2", "auto"))
CLAUSES = 200
QUERIES = 40
ROUNDS = 3


def main() -> None:
    from index.context import embedding_text
    from index.embedders import make_embedder

    rng = random.Random(7)
    texts = rng.sample([embedding_text(c) for c in truth_clauses(CORPUS / "truth")], CLAUSES)
    queries = rng.sample([q["question"] for path in TRAIN_FILES for q in load_jsonl(path)], QUERIES)
    embedders = {}
    for model, backend in MODELS:
        t0 = time.perf_counter()
        embedders[model] = make_embedder(model, backend)
        embedders[model].encode(["warm-up"])
        print(f"{model}: loaded in {time.perf_counter() - t0:.1f} s", flush=True)
    rows: dict[str, dict[str, list[float]]] = {m: {"clauses_per_s": [], "clauses_per_cpu_s": [], "query_ms": []}
                                                for m in embedders}
    load = [round(os.getloadavg()[0], 2)]
    for _ in range(ROUNDS):
        for model, emb in embedders.items():
            t0, c0 = time.perf_counter(), time.process_time()
            emb.encode(texts)
            rows[model]["clauses_per_s"].append(CLAUSES / (time.perf_counter() - t0))
            rows[model]["clauses_per_cpu_s"].append(CLAUSES / (time.process_time() - c0))
            t0 = time.perf_counter()
            for q in queries:
                emb.encode([q])
            rows[model]["query_ms"].append(1000 * (time.perf_counter() - t0) / QUERIES)
    load.append(round(os.getloadavg()[0], 2))
    out = {"clauses": CLAUSES, "queries": QUERIES, "rounds": ROUNDS, "load_average_1min": load, "models": {}}
    for model, emb in embedders.items():
        out["models"][model] = {"backend": emb.backend, "dim": emb.dim,
                                **{k: round(statistics.median(v), 2) for k, v in rows[model].items()}}
    base, big = (out["models"][m] for m, _ in MODELS)
    out["mpnet_vs_minilm"] = {"ingest_embedding_time": round(base["clauses_per_s"] / big["clauses_per_s"], 1),
                              "query_time": round(big["query_ms"] / base["query_ms"], 1)}
    (RESULTS / "embed_models.json").write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
