"""Revisions named in a query: which member of a series (ingest/series.py) a year, city or conference
tag in the query selects.

The series themselves (ordered by conference date, the revision in force, renumberings) are built from the
index's instruments in ingest/series.py and re-exported here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.series import Series, Status, build_series, conference_year, renumbered_from  # noqa: F401  (re-exported)

from .citations import Instrument, revision_matches

# ------------------------------------------------------------------------- revisions named in a query

_HINT_YEAR = re.compile(r"\b(?:19|20)\d{2}\b|\b(?:wrc|warc|wtdc|wtsa|pp|rra|orb)-?\d{2}\b", re.IGNORECASE)
_HINT_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]{4,}")


def revision_hints(query: str, revisions: Sequence[str]) -> list[str]:
    """The parts of a query that name a revision: years, conference tags ("WRC-19", "PP-18") and the city
    names that occur in the given revisions ("Dubai")."""
    hints = [m.group() for m in _HINT_YEAR.finditer(query)]
    cities = {w.lower() for rev in revisions for w in re.findall(r"[A-Za-z\u00c0-\u024f]{4,}", rev)} - {"rev"}
    hints += [w for w in _HINT_WORD.findall(query) if w.lower() in cities]
    return hints


def named_member(series: Series, instruments: Sequence[Instrument], hints: Sequence[str]) -> int | None:
    """The member of a series that the hints name (all hints fitting it), None when no single one fits."""
    if not hints:
        return None
    fitting = [i for i in series.members
               if any(revision_matches(h, instruments[i].revision, instruments[i].body) for h in hints)]
    if len(fitting) == 1:
        return fitting[0]
    strict = [i for i in fitting
              if all(revision_matches(h, instruments[i].revision, instruments[i].body) for h in hints)]
    return strict[0] if len(strict) == 1 else None
