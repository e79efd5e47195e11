"""The dev questions through both stores: the default (FAISS + bm25s + SQLite) and Milvus (milvus-lite).

    .venv/bin/python bench/store_parity.py [--baseline-repo DIR]

1. Uses the dev index of bench/eval.py (../shared/corpus/pdf, real parser and model; built if missing).
2. Writes the same clauses and vectors into a milvus-lite collection (index.milvus.write_collection: the
   Milvus store's own BM25 sparse vectors, filter fields and alias switch).
3. Runs `itu-search lookup` on ../shared/eval/dev.jsonl against each store and scores both with the shared
   score.py; counts the questions whose top-10 differ.
4. With --baseline-repo (a checkout from before the store interface, e.g. the main branch before the
   merge), also runs that checkout's lookup on the same index: the dense scores then came from a numpy
   product over every vector, now from FAISS candidates.
Writes bench/results/store_parity.json. All figures are on the dev questions (in-sample for the fusion and
reranker weights, which were fitted on them; the comparison is between stores, not a generalization claim).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from common import EVAL, REPO, RESULTS, TMP  # also puts the repo on sys.path
from eval import K, build_index, run_lookup, score


def to_milvus(folder: Path, where: str) -> float:
    import index
    from index import milvus
    from index.stores import milvus_location

    t0 = time.perf_counter()
    idx = index.open(folder)
    loc = milvus_location(where)
    client = milvus.connect(loc)
    with milvus.writer_lease(client, loc) as renew:
        milvus.write_collection(client, loc, idx.clauses, idx.vectors(), idx.meta, renew)
    milvus.release(loc, client)
    return time.perf_counter() - t0


def top_ids(path: Path) -> dict[str, list[tuple]]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        out[rec["id"]] = [(h["source"], h["page"], h["text"][:80]) for h in rec["hits"]]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--baseline-repo", type=Path, default=None)
    args = ap.parse_args()
    folder = TMP / "index-pdf"
    if not (folder / "meta.json").is_file():
        build_index(folder, rebuild=False)
    where = f"milvus-lite:{TMP / 'index-pdf-milvus.db'}"
    copy_s = to_milvus(folder, where)
    runs = {"default (FAISS + bm25s + SQLite)": (REPO, str(folder)), "milvus-lite": (REPO, where)}
    if args.baseline_repo:
        runs["baseline: numpy scan over every vector"] = (args.baseline_repo.resolve(), str(folder))
    report: dict = {"what": __doc__.split("\n\n")[0], "questions": "dev.jsonl", "k": K,
                    "load_average_1_5_15_at_start": os.getloadavg(), "milvus_write_seconds": round(copy_s, 1),
                    "stores": {}}
    tops = {}
    for name, (repo, target) in runs.items():
        out = TMP / f"parity-{name.split()[0].strip(':')}.jsonl"
        secs = run_lookup(target, EVAL / "dev.jsonl", out, repo=repo)
        s = score(EVAL / "dev.jsonl", out)
        report["stores"][name] = {"lookup_seconds_60_questions": round(secs, 1), "scores": s}
        tops[name] = top_ids(out)
    names = list(runs)
    ref = tops[names[0]]
    for name in names[1:]:
        diff = [q for q in ref if ref[q] != tops[name].get(q)]
        report["stores"][name]["questions_with_other_top10_than_default"] = diff
        a, b = report["stores"][names[0]]["scores"], report["stores"][name]["scores"]
        report["stores"][name]["delta_vs_default"] = {
            k: round(float(b[k]) - float(a[k]), 4) for k in a if isinstance(a[k], int | float) and k in b}
    report["load_average_1_5_15_at_end"] = os.getloadavg()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "store_parity.json").write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps(report["stores"], indent=1)[:6000])


if __name__ == "__main__":
    main()
