"""Reference graph cost at ingest: the graph is resolved during `index.build` (ingest/graph.py) and stored with
the index; this measures its share of the ingest in the same run.

1. A fresh index of the whole development corpus (../shared/corpus/pdf, bad/ included, + txt) with the real
   model (default backend): `IngestReport.graph_seconds` against `IngestReport.seconds` of that build.
2. Incremental: one document removed, then ingested again (every write resolves the whole graph again,
   since a new or removed document changes where the other documents' references lead).
3. Opening: the graph of the opened index read from the store (no resolving) against resolving it from
   scratch over the same clauses (median of 5 each).

Run:  .venv/bin/python bench/graph_share.py    -> bench/results/graph.json
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import time

from common import CORPUS, RESULTS, TMP  # also puts the repo on sys.path

INPUTS = [CORPUS / "pdf", CORPUS / "txt"]


def _build_figures(report) -> dict:
    return {"seconds": round(report.seconds, 2), "parse_s": round(report.parse_seconds, 2),
            "embed_s": round(report.embed_seconds, 2), "graph_s": round(report.graph_seconds, 4),
            "graph_share": round(report.graph_seconds / report.seconds, 5), "clauses": report.clauses_total,
            "embedded": report.clauses_embedded, "files_indexed": report.indexed_files,
            "files_failed": len(report.failed), "backend": report.backend}


def _median_s(fn, n: int = 5) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return round(statistics.median(times), 4)


def main() -> None:
    import index
    from ingest.graph import resolve_references
    from search.corpus import CorpusView

    d = TMP / "graph-share"
    shutil.rmtree(d, ignore_errors=True)
    load_start = os.getloadavg()
    t0 = time.perf_counter()
    first = index.build(INPUTS, d, progress=False)
    wall = time.perf_counter() - t0
    out: dict = {"what": __doc__.strip().splitlines()[0], "inputs": [str(p) for p in INPUTS], "cpu_count": os.cpu_count(),
                 "fresh_ingest": _build_figures(first) | {"wall_s_in_process": round(wall, 2)}}

    one = CORPUS / "txt" / "PP-22-Res-21.txt"
    removed = index.remove([str(one)], d)
    again = index.build(INPUTS, d, progress=False)
    out["incremental_readd_one_file"] = {"file": one.name, "remove_s": round(removed.seconds, 2)} | _build_figures(again)

    print(json.dumps(out, indent=1), flush=True)
    idx = index.open(d)  # the query embedder is never needed here
    refs = idx.all_references()
    stored = _median_s(lambda: CorpusView(idx).graph)  # instruments grouped + stored resolutions read back
    fresh = _median_s(lambda: resolve_references(idx.clauses, refs))
    out["open"] = {"references": len(refs), "resolved": sum(r.target is not None for r in idx.resolutions()),
                   "other_revision_only": sum(r.other_revision is not None for r in idx.resolutions()),
                   "graph_from_store_median_s": stored, "resolve_from_scratch_median_s": fresh}
    out["loadavg"] = {"start": load_start, "end": os.getloadavg()}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "graph.json").write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=1))
    shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    main()
