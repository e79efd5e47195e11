"""Revisions of one instrument: series ordered by conference date, the revision in force, renumberings.

Pure functions over `Instrument`s (ingest/instruments.py) and their clauses. Two instruments are revisions
of one another when they have the same body, type and number ("PP Resolution 21 (Rev. Dubai, 2018)" and
"(Rev. Bucharest, 2022)"), or when one records in its text that it was renumbered from the other
("formerly Resolution 12", "renumbered from Resolution 12"). The latest revision in the index is the one
in force; the earlier ones are superseded by it. The revisions a query names are search's part
(search/series.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .instruments import Instrument
from .records import Clause

# "Rev. Dubai, 2018" -> 2018; "REV.WRC-23" -> 2023; "ORB-88" -> 1988; "REV.WRC-2000" -> 2000
_YEAR4 = re.compile(r"(?<!\d)(19\d{2}|20\d{2})(?!\d)")
_TAG_YEAR = re.compile(r"\b[A-Za-z]{2,6}-?(\d{2})(?!\d)")


def conference_year(revision: str) -> int | None:
    """The year of the conference that adopted or last revised a text, from its printed revision."""
    m = _YEAR4.search(revision)
    if m:
        return int(m.group(1))
    m = _TAG_YEAR.search(revision)
    if m:
        yy = int(m.group(1))
        return 2000 + yy if yy < 50 else 1900 + yy
    return None


# Renumbering recorded in the text: "(formerly Resolution 12)", "renumbered from Resolution 12",
# "previously Resolution 12", "replaces Resolution 12 (Rev. ...)".
_RENUMBERED = re.compile(
    r"\b(?:formerly|previously(?:\s+numbered)?|renumbered\s+from|replac(?:es|ing))\s+"
    r"(?P<instr>Resolution|Decision|Recommendation)\s+(?:No\.\s*)?(?P<num>\d{1,4})\b",
    re.IGNORECASE,
)


def renumbered_from(title: str, clauses: Sequence[Clause]) -> tuple[tuple[str, str], ...]:
    """(instrument type, number) pairs an instrument says it was renumbered from, in its title, footnotes
    or first clause. Its own number is never returned."""
    texts = [title] + [c.text for c in clauses if c.kind == "footnote"] + [c.text for c in clauses[:1]]
    own = (clauses[0].instrument, clauses[0].number.lstrip("0")) if clauses else ("", "")
    out: list[tuple[str, str]] = []
    for text in texts:
        for m in _RENUMBERED.finditer(text):
            key = (m.group("instr").capitalize(), m.group("num").lstrip("0") or "0")
            if key != own and key not in out:
                out.append(key)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Series:
    """Revisions of one instrument in the index, oldest first (one copy per revision)."""

    members: tuple[int, ...]  # instrument indexes (into the list given to `build_series`), by conference date
    years: tuple[int | None, ...]

    @property
    def in_force(self) -> int:
        return self.members[-1]

    def position(self, inst_index: int) -> int:
        return self.members.index(inst_index)


@dataclass(frozen=True, slots=True)
class Status:
    """Where an instrument stands in its series."""

    in_force: bool
    superseded_by: int | None  # instrument index of the revision in force, None when in force
    series: Series

    @property
    def revisions(self) -> int:
        return len(self.series.members)


def _norm_number(number: str) -> str:
    return number.strip().lstrip("0").lower() or "0"


def build_series(instruments: Sequence[Instrument], clauses: Sequence[Clause],
                 copies: dict[int, int] | None = None) -> dict[int, Status]:
    """Instrument index -> its Status, for every instrument of the index.

    `copies` maps an instrument index to the index of the copy that stands for it (`preferred_copies`):
    copies of one revision are one member, the preferred one. A copy that is not preferred gets the status
    of its preferred copy.
    """
    copies = copies or {}
    keyed: dict[tuple[str, str, str], list[int]] = {}
    for i, inst in enumerate(instruments):
        if copies.get(i, i) != i:
            continue
        keyed.setdefault((inst.body, inst.instrument, _norm_number(inst.number)), []).append(i)
    # union-find over keys, joined by renumberings recorded in the texts
    parent = {k: k for k in keyed}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for key, members in keyed.items():
        for i in members:
            inst = instruments[i]
            for typ, num in renumbered_from(inst.title, [clauses[r] for r in inst.rows]):
                other = (inst.body, typ, _norm_number(num))
                if other in parent:
                    parent[find(other)] = find(key)
    groups: dict[tuple[str, str, str], list[int]] = {}
    for key, members in keyed.items():
        groups.setdefault(find(key), []).extend(members)
    out: dict[int, Status] = {}
    for members in groups.values():
        members.sort(key=lambda i: _date_key(instruments[i], i))
        series = Series(tuple(members), tuple(conference_year(instruments[i].revision) for i in members))
        for pos, i in enumerate(members):
            last = pos == len(members) - 1
            out[i] = Status(in_force=last, superseded_by=None if last else series.in_force, series=series)
    for i, best in copies.items():
        if best != i and best in out:
            out[i] = out[best]
    return out


def _date_key(inst: Instrument, index: int) -> tuple[int, int]:
    year = conference_year(inst.revision)
    # undated revisions sort first: a dated revision is the one a reader can tell is newer
    return (year if year is not None else -1, index)
