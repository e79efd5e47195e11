"""The instruments of a clause list: which rows form one instrument, which copy stands for an instrument
ingested from several files, and revisions compared by their tokens.

Pure functions over `Clause` records. The index builds its reference graph from them at ingest
(ingest/graph.py, index/build.py); search derives the same instruments per index (search/corpus.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .records import Clause, instrument_ref

DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))
_ARTEFACT = re.compile(r"[<>{}\\\ufffd]|\(cid:\d+\)")  # extraction artefacts: a worse copy has more


@dataclass(frozen=True, slots=True)
class Instrument:
    """One instrument of an index: its identity and the rows of its clauses in reading order."""

    file: str
    instrument: str
    number: str
    revision: str
    body: str
    title: str
    rows: tuple[int, ...]

    @property
    def ref(self) -> str:
        return instrument_ref(self.instrument, self.number, self.revision)

    @property
    def label(self) -> str:
        """"WTDC Resolution 30 (Rev. Kigali, 2022)"."""
        return f"{self.body} {self.ref}".strip()

    @property
    def key(self) -> tuple[str, str, str, str]:
        return instrument_key(self)


def instrument_key(c: Clause | Instrument) -> tuple[str, str, str, str]:
    """Identity of an instrument (of a Clause or an Instrument): file, type, number, revision."""
    return (c.file, c.instrument, c.number, c.revision)


def instruments_of(clauses: Sequence[Clause]) -> list[Instrument]:
    """Group clause rows by instrument (file, instrument, number, revision), in index order."""
    groups: dict[tuple[str, str, str, str], list[int]] = {}
    for row, c in enumerate(clauses):
        groups.setdefault(instrument_key(c), []).append(row)
    out = []
    for (file, instrument, number, revision), rows in groups.items():
        first = clauses[rows[0]]
        rows.sort(key=lambda r: (clauses[r].ordinal, r))
        out.append(Instrument(file, instrument, number, revision, first.body, first.title, tuple(rows)))
    return out


def preferred_copies(instruments: Sequence[Instrument], clauses: Sequence[Clause]) -> dict[int, int]:
    """Instrument index -> index of the copy shown for it, for instruments ingested from several files.

    The same instrument (type, number, revision, body) from two files (e.g. two renderings of one
    resolution) is one instrument with copies: the copy with the fewest extraction artefacts, then the most
    clauses, then the first indexed, stands for all of them. Instruments with one copy are not listed.
    """
    groups: dict[tuple[str, str, str, str], list[int]] = {}
    for i, inst in enumerate(instruments):
        groups.setdefault((inst.instrument, inst.number, inst.revision, inst.body), []).append(i)
    out: dict[int, int] = {}
    for members in groups.values():
        if len(members) == 1:
            continue

        def rank(i: int) -> tuple[int, int, int]:
            rows = instruments[i].rows
            return sum(1 for r in rows if _ARTEFACT.search(clauses[r].text)), -len(rows), rows[0]

        best = min(members, key=rank)
        for i in members:
            out[i] = best
    return out


def full_year(two_or_four: str) -> str:
    """"18" -> "2018", "97" -> "1997", "2018" -> "2018"."""
    if len(two_or_four) == 4:
        return two_or_four
    n = int(two_or_four)
    return str(2000 + n if n < 50 else 1900 + n)


def revision_tokens(text: str) -> set[str]:
    """Tokens of a revision with conference tags split and years written in full: "REV.WRC-23" -> {wrc, 2023}."""
    text = text.lower().translate(DASHES)
    out: set[str] = set()
    for tag, yy in re.findall(r"\b([a-z]+)-?(\d{2})\b", text):
        if tag not in ("rev",):
            out.update((tag, full_year(yy)))
    text = re.sub(r"\b([a-z]+)-?(\d{2})\b", " ", text)
    for tok in re.findall(r"[a-z\u00c0-\u024f]+|\d+", text):
        if tok in ("rev", "rév", "revised", "revision", "of", "the"):
            continue
        out.add(full_year(tok) if tok.isdigit() and len(tok) == 2 else tok)
    return out


def revision_key(revision: str) -> frozenset[str]:
    """Revisions compared by their tokens: "Rev.WRC-19" = "REV.WRC-19", "Rev. Dubai, 2018" = "Dubai, 2018"."""
    return frozenset(revision_tokens(revision))
