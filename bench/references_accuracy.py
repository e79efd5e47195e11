"""Reference extraction precision/recall on a hand-labelled sample, resolution to the index
-> bench/results/references.json.

    .venv/bin/python bench/references_accuracy.py [--index DIR]

The sample (tests/data/references/sample.jsonl): 204 clauses of the development corpus drawn at random
(seeded) among clauses of at most 450 characters that mention a reference-like word (Resolution,
Recommendation, Decision, Article, No., Appendix, Report, Question, Opinion, Constitution, Convention),
plus 45 more drawn among clauses with a numbered reference, so that >= 150 clauses have references (169
do, 201 references; 35 have none and test precision). The references were written down by reading each
clause text (type, id, revision as printed); the file holds clause identifiers and those references,
not the ITU text, which is read from ../shared/corpus/truth at run time. The labels never influenced
the extractor (ingest/references.py, written by another helper) unless noted in the README.

Scored per clause as multisets: (type, id) and, stricter, (type, id, revision tokens). Resolution: each
correctly extracted reference to a Resolution/Decision is resolved by the reference graph over the dev
index; expected is the instrument of the index with that number whose revision has the same tokens as
the printed tag ("Rev. Dubai, 2018" = "Dubai, 2018"), none when there is no such instrument or no tag.
The graph's cost as a share of ingest is measured in one run by bench/graph_share.py
(bench/results/graph.json).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import CORPUS, RESULTS, TMP  # noqa: E402
from ingest.references import extract_references  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[1] / "tests" / "data" / "references" / "sample.jsonl"


def norm_id(ref_type: str, ref_id: str) -> str:
    return " ".join(ref_id.upper().split())


def rev_key(revision: str) -> frozenset[str]:
    from search.graph import revision_key

    return revision_key(revision)


def truth_texts() -> dict[tuple, dict]:
    out = {}
    for path in sorted((CORPUS / "truth").glob("*.jsonl")):
        seen: Counter = Counter()
        for line in path.read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            k = (d["file"], d["number"], d["revision"], d["kind"], d["section"], d["label"])
            out[(*k, seen[k])] = d
            seen[k] += 1
    return out


def score(sample: list[dict], texts: dict) -> tuple[dict, list[dict]]:
    tp = fp = fn = tp_rev = fp_rev = fn_rev = 0
    misses = []
    per_type: dict[str, Counter] = {}
    found_refs = []
    for s in sample:
        d = texts[(s["file"], s["number"], s["revision"], s["kind"], s["section"], s["label"], s["occurrence"])]
        got = extract_references(d["text"], citing_body=d["body"])
        want = Counter((r["type"], norm_id(r["type"], r["id"])) for r in s["references"])
        have = Counter((r.type, norm_id(r.type, r.id)) for r in got)
        want_r = Counter((r["type"], norm_id(r["type"], r["id"]), rev_key(r["revision"])) for r in s["references"])
        have_r = Counter((r.type, norm_id(r.type, r.id), rev_key(r.revision)) for r in got)
        t = sum((want & have).values())
        tp, fp, fn = tp + t, fp + sum((have - want).values()), fn + sum((want - have).values())
        t = sum((want_r & have_r).values())
        tp_rev, fp_rev, fn_rev = tp_rev + t, fp_rev + sum((have_r - want_r).values()), fn_rev + sum((want_r - have_r).values())
        for typ, _ in want.elements():
            per_type.setdefault(typ, Counter())["labelled"] += 1
        for (typ, _id), n in (want & have).items():
            per_type[typ]["found"] += n
        if want != have or want_r != have_r:
            misses.append({"n": s["n"], "clause": f"{s['file']} Res {s['number']} {s['section'][:40]} {s['label']}",
                           "missed": [list(k[:2]) for k in (want - have).elements()],
                           "extra": [list(k[:2]) for k in (have - want).elements()],
                           "revision_differs": [[k[0], k[1], sorted(k[2])] for k in (have_r - want_r).elements()
                                                if (k[0], k[1]) in want]})
        found_refs.append((s, d, got))
    figures = {
        "clauses": len(sample), "clauses_with_references": sum(1 for s in sample if s["references"]),
        "labelled_references": sum(len(s["references"]) for s in sample),
        "type_id": {"precision": round(tp / max(1, tp + fp), 4), "recall": round(tp / max(1, tp + fn), 4),
                    "tp": tp, "fp": fp, "fn": fn},
        "type_id_revision": {"precision": round(tp_rev / max(1, tp_rev + fp_rev), 4),
                             "recall": round(tp_rev / max(1, tp_rev + fn_rev), 4)},
        "recall_per_type": {t: f"{c['found']}/{c['labelled']}" for t, c in sorted(per_type.items())},
    }
    return figures, misses


def resolution(sample: list[dict], index_dir: Path) -> dict:
    import index
    from index import FakeEmbedder
    from search.corpus import view_of

    idx = index.open(index_dir, embedder=FakeEmbedder())
    view = view_of(idx)
    graph = view.graph
    by_row = {}
    for e in graph.edges:
        by_row.setdefault(e.row, []).append(e)
    row_of = {}
    for row, c in enumerate(view.clauses):
        row_of.setdefault((Path(c.file).name, c.number, c.revision, c.kind, c.section, c.label), []).append(row)
    ok = wrong = 0
    cases = []
    for s in sample:
        rows = row_of.get((Path(s["file"]).name, s["number"], s["revision"], s["kind"], s["section"], s["label"]), [])
        if len(rows) <= s["occurrence"]:
            continue
        edges = by_row.get(rows[s["occurrence"]], [])
        for r in s["references"]:
            if r["type"] not in ("resolution", "decision"):
                continue
            want_inst = [i for i, inst in enumerate(view.instruments)
                         if inst.instrument.lower() == r["type"] and inst.number == r["id"] and r["revision"]
                         and rev_key(inst.revision) == rev_key(r["revision"]) and view.preferred_copy.get(i, i) == i]
            e = next((e for e in edges if e.ref.type == r["type"] and e.ref.id == r["id"]
                      and rev_key(e.ref.revision) == rev_key(r["revision"])), None)
            if e is None:
                continue  # not extracted: counted in extraction recall
            want = want_inst[0] if len(want_inst) == 1 else None
            if e.target == want:
                ok += 1
            else:
                wrong += 1
                cases.append({"n": s["n"], "ref": f"{r['type']} {r['id']} ({r['revision']})",
                              "got": view.instruments[e.target].ref if e.target is not None else None,
                              "want": view.instruments[want].ref if want is not None else None})
    in_index = sum(1 for e in graph.edges if e.target is not None)
    return {"checked": ok + wrong, "correct": ok, "accuracy": round(ok / max(1, ok + wrong), 4), "wrong": cases,
            "graph_edges": len(graph.edges), "graph_edges_resolved": in_index,
            "graph_edges_other_revision_only": sum(1 for e in graph.edges if e.other_revision is not None)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", default=str(TMP / "index-refs"), help="dev index (built with the fake embedder if missing)")
    args = ap.parse_args()
    index_dir = Path(args.index)
    import index
    from index import FakeEmbedder

    # incremental: parses only what changed; a previous index format or parser is rebuilt
    try:
        index.build([CORPUS / "pdf", CORPUS / "txt"], index_dir, embedder=FakeEmbedder(), progress=False)
    except index.IndexIncompatible:
        index.build([CORPUS / "pdf", CORPUS / "txt"], index_dir, embedder=FakeEmbedder(), progress=False, rebuild=True)
    load = os.getloadavg()
    sample = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    figures, misses = score(sample, truth_texts())
    out = {"what": __doc__.strip().splitlines()[0], "extraction": figures, "misses": misses,
           "resolution": resolution(sample, index_dir),
           "loadavg": {"before": load, "after": os.getloadavg()}}
    (RESULTS / "references.json").write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(out["extraction"], indent=2))
    print(json.dumps(misses, indent=1, ensure_ascii=False)[:6000])
    print(json.dumps(out["resolution"], indent=1)[:3000])


if __name__ == "__main__":
    main()
