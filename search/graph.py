"""The reference graph as users see it: `itu-search refs` records, networkx GraphML / node-link JSON export.

The graph itself (what each instrument and clause cites and what cites it, each reference resolved
revision-aware to the instruments of the index) is built at ingest by ingest/graph.py and stored with the
index; `CorpusView.graph` reads it back. Those names are re-exported here.
"""

from __future__ import annotations

from collections.abc import Sequence

from ingest.graph import INSTRUMENT_TYPES, Edge, ReferenceGraph, build_graph, resolve  # noqa: F401  (re-exported)
from ingest.instruments import revision_key  # noqa: F401  (re-exported)
from ingest.records import Clause

from .citations import Instrument


def node_id(inst: Instrument) -> str:
    return f"{inst.body}|{inst.instrument}|{inst.number}|{inst.revision}"


def to_networkx(graph: ReferenceGraph, clauses: Sequence[Clause]):
    """A networkx MultiDiGraph: a node per instrument of the index (kind "instrument") and per unresolved
    target (kind "unresolved"), an edge per reference with the citing clause and the printed text."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for inst in graph.instruments:
        g.add_node(node_id(inst), kind="instrument", citation=inst.ref, instrument=inst.instrument,
                   number=inst.number, revision=inst.revision, body=inst.body, title=inst.title, file=inst.file)
    for e in graph.edges:
        src = node_id(graph.instruments[e.source])
        if e.target is not None:
            dst = node_id(graph.instruments[e.target])
        else:
            dst = f"ref:{e.ref.type}:{e.ref.id}:{e.ref.revision}:{e.ref.body}"
            if dst not in g:
                g.add_node(dst, kind="unresolved", citation=e.ref.label, type=e.ref.type, id=e.ref.id,
                           revision=e.ref.revision, body=e.ref.body)
        c = clauses[e.row]
        g.add_edge(src, dst, type=e.ref.type, text=e.ref.text, section=c.section, label=c.label,
                   clause=c.citation, clause_id=c.id, resolved=e.target is not None,
                   other_revision=node_id(graph.instruments[e.other_revision]) if e.other_revision is not None else "")
    return g


# ------------------------------------------------------------------------------------------- records

def _instrument_record(inst: Instrument) -> dict:
    return {"citation": inst.ref, "number": inst.number, "revision": inst.revision, "body": inst.body,
            "instrument": inst.instrument}


def edge_record(e: Edge, instruments: Sequence[Instrument], clauses: Sequence[Clause]) -> dict:
    """One reference as `itu-search refs --format json` lists it."""
    c = clauses[e.row]
    out = {
        "from": {"section": c.section, "label": c.label, "citation": c.citation, "id": c.id,
                 "instrument": instruments[e.source].ref, "body": instruments[e.source].body},
        "target": {"type": e.ref.type, "id": e.ref.id, "revision": e.ref.revision, "text": e.ref.text,
                   "body": e.ref.body, "label": e.ref.label},
        "resolved": _instrument_record(instruments[e.target]) if e.target is not None else None,
    }
    if e.other_revision is not None:
        out["other_revision"] = _instrument_record(instruments[e.other_revision])
    return out


def refs_record(graph: ReferenceGraph, inst: int, clauses: Sequence[Clause]) -> dict:
    """What an instrument cites and what cites it: the JSON of `itu-search refs`."""
    ins = graph.instruments
    return {"instrument": _instrument_record(ins[inst]),
            "cites": [edge_record(e, ins, clauses) for e in graph.cites(inst)],
            "cited_by": [edge_record(e, ins, clauses) for e in graph.cited_by(inst)]}


def export(graph: ReferenceGraph, clauses: Sequence[Clause], path) -> str:
    """Write the whole graph as GraphML (.graphml) or networkx node-link JSON (.json); returns the format."""
    import json
    from pathlib import Path

    import networkx as nx

    path = Path(path)
    g = to_networkx(graph, clauses)
    if path.suffix.lower() == ".graphml":
        nx.write_graphml(g, path)
        return "graphml"
    if path.suffix.lower() == ".json":
        data = nx.node_link_data(g, edges="edges")
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        return "json"
    raise ValueError(f"{path}: export as .graphml or .json")
