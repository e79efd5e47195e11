"""A clause's references as links: which clause of the index each reference opens, which clauses of other
instruments cite a clause or its instrument, and an instrument's other revisions and the instruments it cites.
Built on the reference graph and the series of revisions the index holds (search/graph.py, search/series.py).

A reference opens the part of the cited instrument it names where the text names one just before it
("resolves 2 of Resolution 58", "recognizing e) of Resolution 4", "Annex 1 to Resolution 71") and that part is
in the index; else the cited instrument (its first clause); a reference the graph does not resolve opens
nothing ("not in the index").
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass

from ingest.patterns import ANNEX_NUMBER, ANNEX_WORD, keyword_pattern
from ingest.records import Clause
from ingest.references import Reference

from .citations import label_key
from .corpus import CorpusView
from .graph import INSTRUMENT_TYPES, Edge

# "<heading words as the parser knows them> [up to 8 more words, e.g. the addressee of an 'instructs']
# <label> [to|and|or <label>] of "
_PART_WORDS = rf"(?:{keyword_pattern()})(?:\s+further)?"
_LABEL = r"\d+(?:\.\d+)*\s?(?:[a-z]\)|\([a-z]\))?|[a-z]\)|\([a-z]\)"
_ITEM_BEFORE = re.compile(rf"^.*\b(?P<words>{_PART_WORDS}(?:\s+[A-Za-z][\w\-]*){{0,8}}?)\s+(?P<label>{_LABEL})"
                          rf"(?:\s+(?:to|and|or)\s+(?:{_LABEL}))?\s+of\s+$", re.IGNORECASE | re.DOTALL)
_ANNEX_BEFORE = re.compile(rf"^.*\b(?P<words>{ANNEX_WORD}{ANNEX_NUMBER})\s+to\s+$", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class CitedPart:
    """The part of a cited instrument a reference names: ("resolves", "2"), ("Annex 1", "")."""

    words: str  # as printed, whitespace-normalized: "resolves", "instructs the Secretary-General", "Annex 1"
    label: str  # item label as printed ("2", "e)", "5b)"); "" for an annex/appendix


def cited_part(text: str, ref: Reference) -> CitedPart | None:
    """The part of the cited instrument that `text` names right before `ref` (whose offsets are into `text`)."""
    if ref.type not in INSTRUMENT_TYPES:
        return None
    before = text[max(0, ref.start - 160):ref.start]
    m = _ITEM_BEFORE.match(before)
    if m:
        return CitedPart(" ".join(m.group("words").split()), " ".join(m.group("label").split()))
    m = _ANNEX_BEFORE.match(before)
    if m:
        return CitedPart(" ".join(m.group("words").split()), "")
    return None


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def part_row(clauses: list[Clause], rows: tuple[int, ...], part: CitedPart) -> int | None:
    """The row among `rows` (one instrument, reading order) of the part named, None if it is not there."""
    words = _norm(part.words)
    if not part.label:  # an annex: its first clause
        for r in rows:
            c = clauses[r]
            sec = _norm(c.section)
            if c.kind == "annex" and (sec == words or sec.startswith(words + " ")):
                return r
        return None
    want = label_key(part.label)
    found = [r for r in rows if clauses[r].kind != "footnote" and label_key(clauses[r].label) == want
             and (_norm(clauses[r].section) == words or _norm(clauses[r].section).startswith(words + " "))]
    exact = [r for r in found if _norm(clauses[r].section) == words]
    best = exact or found
    return best[0] if best else None


@dataclass(frozen=True, slots=True)
class Link:
    """One reference of one clause, with where following it leads."""

    row: int  # the citing clause
    ref: Reference  # as printed in the citing clause (offsets into its text)
    target: int | None  # instrument index of the cited instrument, None when it is not in the index
    target_row: int | None  # the clause a click opens: the named part, else the instrument's first clause
    names_part: bool  # target_row is the part the text names (not just the instrument's start)
    other_revision: int | None  # the revision in force of the cited instrument when the cited one is not indexed
    part: CitedPart | None = None  # the part the text names, whether or not the index has it


def _link(corpus: CorpusView, row: int, ref: Reference, target: int | None, other: int | None) -> Link:
    part = cited_part(corpus.clauses[row].text, ref)
    if target is None:
        return Link(row, ref, None, None, False, other, part)
    rows = corpus.instruments[target].rows
    named = part_row(corpus.clauses, rows, part) if part is not None else None
    return Link(row, ref, target, named if named is not None else rows[0], named is not None, other, part)


_EDGES_BY_ROW: weakref.WeakKeyDictionary[CorpusView, dict[int, list[Edge]]] = weakref.WeakKeyDictionary()


def _edges_of(corpus: CorpusView, row: int) -> list[Edge]:
    by_row = _EDGES_BY_ROW.get(corpus)
    if by_row is None:
        by_row = {}
        for e in corpus.graph.edges:
            by_row.setdefault(e.row, []).append(e)
        _EDGES_BY_ROW[corpus] = by_row
    return by_row.get(row, [])


def references_of(corpus: CorpusView, row: int) -> list[Link]:
    """What the clause at `row` cites, in text order, each with the clause it opens (None: not in the index)."""
    return [_link(corpus, row, e.ref, e.target, e.other_revision) for e in _edges_of(corpus, row)]


def cited_by(corpus: CorpusView, row: int) -> list[Link]:
    """Clauses of other instruments that cite the instrument of the clause at `row`, one entry per citing
    clause (copies of one instrument once): first those that name this very clause, then the others, in
    index order."""
    inst = int(corpus.instrument_of_row[row])
    pref = corpus.preferred_copy.get(inst, inst)
    canonical = corpus.canonical_row
    here = int(canonical[row])

    def names_this(link: Link) -> bool:
        return link.names_part and link.target_row is not None and int(canonical[link.target_row]) == here

    best: dict[int, Link] = {}
    for e in corpus.graph.cited_by(pref):
        if e.source == pref:
            continue  # an instrument quoting its own identifier is no "cited by"
        link = _link(corpus, e.row, e.ref, e.target, e.other_revision)
        key = int(canonical[e.row])
        if key not in best or (names_this(link) and not names_this(best[key])):
            best[key] = link
    return sorted(best.values(), key=lambda k: not names_this(k))


def related_of(corpus: CorpusView, inst: int) -> tuple[list[int], list[int]]:
    """(the other revisions of instrument `inst` in the index, oldest first; the instruments of the index its
    clauses cite, in order of first citation), as instrument indexes (copies of one instrument as one)."""
    pref = corpus.preferred_copy.get(inst, inst)
    revisions = [m for m in corpus.series[pref].series.members if m != pref]
    cited = dict.fromkeys(e.target for e in corpus.graph.cites(pref) if e.target is not None and e.target != pref)
    return revisions, [t for t in cited if t is not None]
