"""What changed between two revisions of an instrument: the clause alignment of `align.py` as records.

    from search.diff import diff_instruments, find_instrument
    d = diff_instruments(index, "PP Res 21 (Rev. Dubai, 2018)", "PP Res 21 (Rev. Bucharest, 2022)")
    d.counts    # {"unchanged": 27, "reworded": 12, ...}
    d.to_dict() # the JSON of `itu-search diff --format json`
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.records import Clause

from .align import STATUSES, Pair, SectionChange, WordChange, align, align_sections
from .citations import Instrument, match_instruments, parse_reference
from .corpus import CorpusView, view_of
from .series import Status, revision_hints


class InstrumentNotFound(LookupError):
    """A typed instrument reference that names nothing (or several things) in the index; says what to type."""


@dataclass(frozen=True, slots=True)
class ClauseChange:
    status: str  # one of align.STATUSES
    old: Clause | None
    new: Clause | None
    words: tuple[WordChange, ...] = ()

    @property
    def relabelled(self) -> bool:
        return self.old is not None and self.new is not None and self.old.label != self.new.label

    @property
    def clause(self) -> Clause:
        """The clause as it reads now (the old one for a removed clause)."""
        c = self.new if self.new is not None else self.old
        assert c is not None, "a change has at least one side"
        return c

    def pair(self) -> tuple[Clause, Clause]:
        """(old, new) of a clause that is in both revisions (unchanged, reworded, moved)."""
        assert self.old is not None and self.new is not None, f"a {self.status} clause has one side only"
        return self.old, self.new


@dataclass(frozen=True, slots=True)
class InstrumentDiff:
    old: Instrument
    new: Instrument
    changes: tuple[ClauseChange, ...]
    sections: tuple[SectionChange, ...]

    @property
    def counts(self) -> dict[str, int]:
        c = Counter(ch.status for ch in self.changes)
        return {s: c.get(s, 0) for s in STATUSES}

    @property
    def changed(self) -> tuple[ClauseChange, ...]:
        return tuple(ch for ch in self.changes if ch.status != "unchanged")

    def to_dict(self) -> dict:
        return {
            "old": instrument_dict(self.old),
            "new": instrument_dict(self.new),
            "counts": self.counts,
            "sections": [{"status": s.status, "old": s.old, "new": s.new} for s in self.sections],
            "changes": [_change_dict(ch) for ch in self.changes],
        }


def instrument_dict(inst: Instrument) -> dict:
    return {"citation": inst.ref, "instrument": inst.instrument, "number": inst.number,
            "revision": inst.revision, "body": inst.body, "file": inst.file}


def _clause_dict(c: Clause | None) -> dict | None:
    if c is None:
        return None
    return {"section": c.section, "label": c.label, "kind": c.kind, "text": c.text, "citation": c.citation,
            "id": c.id}


def _change_dict(ch: ClauseChange) -> dict:
    d: dict[str, object] = {"status": ch.status, "old": _clause_dict(ch.old), "new": _clause_dict(ch.new)}
    if ch.words:
        d["words"] = [{"op": w.op, "text": w.text, "space_before": w.space_before} for w in ch.words]
    if ch.relabelled:
        old, new = ch.pair()
        d["relabelled"] = f"{old.label} -> {new.label}"
    return d


def diff_clauses(old_inst: Instrument, new_inst: Instrument, old: Sequence[Clause],
                 new: Sequence[Clause]) -> InstrumentDiff:
    """The diff of two clause lists (each in reading order) of two revisions."""
    pairs: list[Pair] = align(old, new)
    changes = tuple(ClauseChange(p.status, old[p.old] if p.old is not None else None,
                                 new[p.new] if p.new is not None else None, p.words) for p in pairs)
    return InstrumentDiff(old_inst, new_inst, changes, tuple(align_sections(old, new, pairs)))


def diff_instruments(index, old: str | Instrument, new: str | Instrument) -> InstrumentDiff:
    """Diff two instruments of an index, each given as an Instrument or as a reference people type."""
    view = view_of(index)
    a = old if isinstance(old, Instrument) else find_instrument(view, old)
    b = new if isinstance(new, Instrument) else find_instrument(view, new)
    return diff_clauses(a, b, [view.clauses[r] for r in a.rows], [view.clauses[r] for r in b.rows])


def find_instrument(view: CorpusView, text: str) -> Instrument:
    """The one instrument a typed reference names ("PP Res 21 (Rev. Dubai, 2018)", "Res 21 2022"); with no
    revision named, the revision in force. Raises InstrumentNotFound with what to type instead."""
    ref = parse_reference(text)
    if ref is None:
        raise InstrumentNotFound(f"'{text}' is not an instrument reference: type e.g. 'PP Res 21 (Rev. Dubai, 2018)'")
    cands, note = match_instruments(ref, view.instruments)
    if not cands or (note and ref.revision):
        raise InstrumentNotFound(note or f"{ref.describe()} is not in the index")
    index_of = {id(inst): i for i, inst in enumerate(view.instruments)}
    idx = sorted({view.preferred_copy.get(index_of[id(c)], index_of[id(c)]) for c in cands})
    if not ref.revision:
        hints = revision_hints(text[:ref.span[0]] + " " + text[ref.span[1]:], [view.instruments[i].revision for i in idx])
        if hints:
            from .citations import revision_matches

            fit = [i for i in idx if all(revision_matches(h, view.instruments[i].revision, view.instruments[i].body)
                                         for h in hints)]
            idx = fit or idx
    series_of = view.series
    in_force = sorted({series_of[i].series.in_force for i in idx})
    if len(idx) > 1 and len(in_force) == 1 and not ref.revision:
        return view.instruments[in_force[0]]  # one series, no revision named: the revision in force
    if len(idx) > 1:
        raise InstrumentNotFound(f"'{text}' matches {len(idx)} instruments: "
                                 + "; ".join(f"{view.instruments[i].body} {view.instruments[i].ref}".strip()
                                             for i in idx)
                                 + ". Add the body or the revision, e.g. 'PP Res 21 (Rev. Dubai, 2018)'")
    return view.instruments[idx[0]]


def previous_revision(view: CorpusView, inst: Instrument) -> Instrument | None:
    """The revision before `inst` in its series (None when it is the first in the index)."""
    i = instrument_index(view, inst)
    st: Status = view.series[i]
    pos = st.series.position(view.preferred_copy.get(i, i))
    return view.instruments[st.series.members[pos - 1]] if pos > 0 else None


def instrument_index(view: CorpusView, inst: Instrument) -> int:
    for i, x in enumerate(view.instruments):
        if x is inst:
            return i
    raise ValueError(f"{inst.ref} is not an instrument of this index")
