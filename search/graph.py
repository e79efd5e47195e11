"""The reference graph: what each instrument and clause cites, and what cites it, resolved to the index.

Built from the references the index stores per clause (`ingest.references.extract_references`, run at
ingest) and the instruments and series of the index (search/series.py). A reference to a Resolution,
Decision or conference Recommendation is resolved revision-aware:

- with a revision tag ("Resolution 140 (Rev. Dubai, 2018)") to the instrument of that body, number and
  revision if the index has it; if the index has only other revisions of it, the reference stays
  unresolved and `other_revision` names the revision in force there;
- without a tag ("Resolution 25") to the revision in force of the series;
- the body comes from the reference ("of the Plenipotentiary Conference", "of this conference", the tag's
  conference) or, when the text does not say, the citing instrument's body if that body has such an
  instrument.

Everything else (RR provisions, ITU-R/T Recommendations, UNGA resolutions, ...) is not an instrument of
the index: those references are kept, unresolved, as their own targets. `to_networkx()` gives the whole
graph (instrument and target nodes, one edge per reference) for GraphML or node-link JSON export.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.records import Clause
from ingest.references import Reference

from .citations import Instrument, _year_tokens
from .series import Status

INSTRUMENT_TYPES = {"resolution": "Resolution", "decision": "Decision", "recommendation": "Recommendation"}
_BODIES = {"PP", "WTDC", "WTSA", "WRC", "RA", "Council"}


@dataclass(frozen=True, slots=True)
class Edge:
    """One reference of one clause."""

    row: int  # the citing clause
    source: int  # the citing instrument (instrument index, preferred copy)
    ref: Reference
    target: int | None  # the cited instrument when it is in the index (that revision)
    other_revision: int | None = None  # the cited instrument's revision in force when the cited one is not indexed

    @property
    def resolved(self) -> bool:
        return self.target is not None


def revision_key(revision: str) -> frozenset[str]:
    """Revisions compared by their tokens: "Rev.WRC-19" = "REV.WRC-19", "Rev. Dubai, 2018" = "Dubai, 2018"."""
    return frozenset(_year_tokens(revision))


@dataclass
class ReferenceGraph:
    instruments: Sequence[Instrument]
    edges: list[Edge]
    _out: dict[int, list[int]] = field(default_factory=dict)
    _in: dict[int, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for n, e in enumerate(self.edges):
            self._out.setdefault(e.source, []).append(n)
            if e.target is not None:
                self._in.setdefault(e.target, []).append(n)

    def cites(self, inst: int) -> list[Edge]:
        return [self.edges[n] for n in self._out.get(inst, ())]

    def cited_by(self, inst: int) -> list[Edge]:
        return [self.edges[n] for n in self._in.get(inst, ())]

    def neighbours(self, inst: int, depth: int = 1) -> tuple[set[int], list[Edge]]:
        """Instruments within `depth` steps (citing or cited), and the resolved edges among them."""
        seen = {inst}
        frontier = {inst}
        for _ in range(max(1, depth)):
            nxt: set[int] = set()
            for i in frontier:
                nxt.update(e.target for e in self.cites(i) if e.target is not None)
                nxt.update(e.source for e in self.cited_by(i))
            frontier = nxt - seen
            seen |= nxt
        edges = [e for e in self.edges if e.target is not None and e.source in seen and e.target in seen]
        return seen, edges

    def to_networkx(self, clauses: Sequence[Clause]):
        """A networkx MultiDiGraph: a node per instrument of the index (kind "instrument") and per unresolved
        target (kind "unresolved"), an edge per reference with the citing clause and the printed text."""
        import networkx as nx

        g = nx.MultiDiGraph()
        for inst in self.instruments:
            g.add_node(node_id(inst), kind="instrument", citation=inst.ref, instrument=inst.instrument,
                       number=inst.number, revision=inst.revision, body=inst.body, title=inst.title, file=inst.file)
        for e in self.edges:
            src = node_id(self.instruments[e.source])
            if e.target is not None:
                dst = node_id(self.instruments[e.target])
            else:
                dst = f"ref:{e.ref.type}:{e.ref.id}:{e.ref.revision}:{e.ref.body}"
                if dst not in g:
                    g.add_node(dst, kind="unresolved", citation=e.ref.label, type=e.ref.type, id=e.ref.id,
                               revision=e.ref.revision, body=e.ref.body)
            c = clauses[e.row]
            g.add_edge(src, dst, type=e.ref.type, text=e.ref.text, section=c.section, label=c.label,
                       clause=c.citation, clause_id=c.id, resolved=e.target is not None,
                       other_revision=node_id(self.instruments[e.other_revision]) if e.other_revision is not None else "")
        return g


def node_id(inst: Instrument) -> str:
    return f"{inst.body}|{inst.instrument}|{inst.number}|{inst.revision}"


def build_graph(instruments: Sequence[Instrument], clauses: Sequence[Clause],
                references: Sequence[tuple[int, Reference]], instrument_of_row: Sequence[int],
                series: dict[int, Status], copies: dict[int, int]) -> ReferenceGraph:
    """The graph of an index: (row, reference) pairs as `Index.all_references()` gives them."""
    lookup: dict[tuple[str, str, str], list[int]] = {}
    for i, inst in enumerate(instruments):
        if copies.get(i, i) == i:
            lookup.setdefault((inst.body, inst.instrument, inst.number.lstrip("0")), []).append(i)
    by_number: dict[tuple[str, str], list[str]] = {}
    for body, typ, num in lookup:
        by_number.setdefault((typ, num), []).append(body)
    edges = []
    for row, ref in references:
        source = int(instrument_of_row[row])
        source = copies.get(source, source)
        target, other = resolve(ref, instruments[source], instruments, lookup, by_number, series)
        edges.append(Edge(row, source, ref, target, other))
    return ReferenceGraph(instruments, edges)


def resolve(ref: Reference, citing: Instrument, instruments: Sequence[Instrument],
            lookup: dict[tuple[str, str, str], list[int]], by_number: dict[tuple[str, str], list[str]],
            series: dict[int, Status]) -> tuple[int | None, int | None]:
    """(instrument index of the cited revision or None, the revision in force of the cited instrument when
    the cited revision is not in the index)."""
    typ = INSTRUMENT_TYPES.get(ref.type)
    if typ is None or not ref.id.isdigit():
        return None, None
    number = ref.id.lstrip("0") or "0"
    body = ref.body if ref.body in _BODIES else ""
    if not body:
        bodies = by_number.get((typ, number), [])
        if citing.body in bodies:
            body = citing.body
        elif len(bodies) == 1 and not ref.body:
            body = bodies[0]
        else:
            return None, None
    cands = lookup.get((body, typ, number), [])
    if not cands:
        return None, None
    if not ref.revision:
        return series[cands[0]].series.in_force if cands[0] in series else cands[0], None
    want = revision_key(ref.revision)
    for i in cands:
        if revision_key(instruments[i].revision) == want:
            return i, None
    in_force = series[cands[0]].series.in_force if cands[0] in series else cands[0]
    return None, in_force


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
    g = graph.to_networkx(clauses)
    if path.suffix.lower() == ".graphml":
        nx.write_graphml(g, path)
        return "graphml"
    if path.suffix.lower() == ".json":
        data = nx.node_link_data(g, edges="edges")
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        return "json"
    raise ValueError(f"{path}: export as .graphml or .json")
