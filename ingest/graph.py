"""The reference graph: what each instrument and clause cites, and what cites it, resolved to the index.

Pure functions over clause records and the references extracted from them (ingest/references.py). The
index builds the graph at ingest and stores each reference's resolution beside it (index/store.py), so a
search never resolves again; search/graph.py presents it (`itu-search refs`, export, the UI picture).

A reference to a Resolution, Decision or conference Recommendation is resolved revision-aware:

- with a revision tag ("Resolution 140 (Rev. Dubai, 2018)") to the instrument of that body, number and
  revision if the index has it; if the index has only other revisions of it, the reference stays
  unresolved and `other_revision` names the revision in force there;
- without a tag ("Resolution 25") to the revision in force of the series;
- the body comes from the reference ("of the Plenipotentiary Conference", "of this conference", the tag's
  conference) or, when the text does not say, the citing instrument's body if that body has such an
  instrument.

Everything else (RR provisions, ITU-R/T Recommendations, UNGA resolutions, ...) is not an instrument of
the index: those references are kept, unresolved, as their own targets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .instruments import Instrument, instruments_of, preferred_copies, revision_key
from .records import Clause
from .references import Reference
from .series import Status, build_series

INSTRUMENT_TYPES = {"resolution": "Resolution", "decision": "Decision", "recommendation": "Recommendation"}
_BODIES = {"PP", "WTDC", "WTSA", "WRC", "RA", "Council"}


@dataclass(frozen=True, slots=True)
class Resolution:
    """Where one reference leads (instrument indexes into `instruments_of(clauses)`): what the index stores."""

    source: int  # the citing instrument (preferred copy)
    target: int | None  # the cited instrument when it is in the index (that revision)
    other_revision: int | None = None  # the cited instrument's revision in force when the cited one is not indexed


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


def resolve_references(clauses: Sequence[Clause], references: Sequence[tuple[int, Reference]]) -> list[Resolution]:
    """Where each (row, reference) leads, in the order given: the whole graph of a clause list from scratch
    (its instruments, copies and series included). What the index stores at ingest."""
    instruments = instruments_of(clauses)
    of_row = [0] * len(clauses)
    for i, inst in enumerate(instruments):
        for r in inst.rows:
            of_row[r] = i
    copies = preferred_copies(instruments, clauses)
    graph = build_graph(instruments, clauses, references, of_row, build_series(instruments, clauses, copies), copies)
    return [Resolution(e.source, e.target, e.other_revision) for e in graph.edges]


def graph_of(instruments: Sequence[Instrument], references: Sequence[tuple[int, Reference]],
             resolutions: Sequence[Resolution]) -> ReferenceGraph:
    """The graph from stored resolutions (one per reference, in the same order), without resolving again."""
    if len(references) != len(resolutions):
        raise ValueError(f"{len(resolutions)} stored resolutions for {len(references)} references")
    n = len(instruments)
    edges = []
    for (row, ref), res in zip(references, resolutions, strict=True):
        for i in (res.source, res.target, res.other_revision):
            if i is not None and not 0 <= i < n:
                raise ValueError(f"a stored resolution names instrument {i}, the index has {n}")
        edges.append(Edge(row, res.source, ref, res.target, res.other_revision))
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
