"""Revisions in search: the revision in force first, superseded ones marked, and questions about changes.

- `prefer_in_force(view, query, ranked)`: a question that names no revision is answered from the revision
  in force first: clauses of superseded revisions are scored down (`SUPERSEDED_FACTOR`), so the current
  wording of a clause ranks above its older wording while a clause that only an older revision has still
  comes up. A query that names a year, city or conference ("in 2018", "the Dubai text", "PP-18") prefers
  that revision of every series it fits instead.
- `ask_changes(index, view, query)`: "what changed in Res. 21 since Dubai?", "differences between the 2018
  and 2022 texts of Resolution 21", "when was resolves 5 added to Resolution 21?" answered from the clause
  diff (search/diff.py), with citations to both revisions. None when the query is not such a question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .citations import (
    _KEYWORD_RE,
    _LABEL,
    Instrument,
    label_key,
    match_instruments,
    parse_reference,
    revision_matches,
    section_similarity,
)
from .corpus import CorpusView
from .diff import ClauseChange, InstrumentDiff, diff_clauses, instrument_dict
from .records import Answer, AnswerSentence, Hit, SearchResult
from .series import named_member, revision_hints

SUPERSEDED_FACTOR = 0.85  # score multiplier for clauses of a revision the query does not prefer
EXTRA_CANDIDATES = 10  # ranked beyond k so that a demoted clause's current wording can take its place


def demoted_rows(view: CorpusView, query: str) -> np.ndarray:
    """Per row: True when the clause's revision is not the preferred one of its series for this query."""
    out = view.superseded.copy()
    if not out.any():
        return out
    for series in {id(st.series): st.series for st in view.series.values() if st.revisions > 1}.values():
        hints = revision_hints(query, [view.instruments[i].revision for i in series.members])
        chosen = named_member(series, view.instruments, hints)
        if chosen is None:
            continue
        for i in series.members:
            for copy in _copies(view, i):
                out[list(view.instruments[copy].rows)] = copy != chosen and view.preferred_copy.get(copy, copy) != chosen
    return out


def _copies(view: CorpusView, inst_index: int) -> list[int]:
    return [i for i in range(len(view.instruments)) if view.preferred_copy.get(i, i) == inst_index] or [inst_index]


def prefer_in_force(ranked: Sequence[tuple[int, float]], k: int, demoted: np.ndarray | None
                    ) -> list[tuple[int, float]]:
    """Ranked (row, score) with the clauses of non-preferred revisions (`demoted_rows`) scored down,
    re-sorted, cut to k."""
    if demoted is None or not demoted.any():
        return list(ranked[:k])
    rescored = [(row, score * SUPERSEDED_FACTOR if demoted[row] else score) for row, score in ranked]
    rescored.sort(key=lambda x: -x[1])
    return rescored[:k]


def superseded_note(view: CorpusView, row: int) -> str:
    """"superseded by Resolution 21 (Rev. Bucharest, 2022)" for a clause of an older revision, else ""."""
    newer = view.superseded_by(row)
    return f"superseded by {newer.ref}" if newer is not None else ""


# ------------------------------------------------------------------------------------ change questions

_CHANGE_Q = re.compile(
    r"\b(?:what|which|how)\b.{0,60}\b(?:chang\w*|differ\w*|new|amend\w*|revis\w*|added|removed|deleted|updated)\b"
    r"|\b(?:chang\w*|differences?|diff|compare[ds]?|comparison|amendments?)\b.{0,80}\b(?:since|between|from|in|to|of)\b"
    r"|\bwhen\s+(?:was|were|did)\b.{0,80}\b(?:add\w*|introduc\w*|insert\w*|remov\w*|delet\w*|chang\w*|reword\w*|amend\w*|first\s+appear\w*)",
    re.IGNORECASE)
_WHEN_Q = re.compile(r"\bwhen\s+(?:was|were|did)\b", re.IGNORECASE)
_CLAUSE_NAMED = re.compile(rf"(?<![\w-])(?P<section>{_KEYWORD_RE})\s+(?P<label>{_LABEL})(?=[\s,;.:?!]|$)",
                           re.IGNORECASE)


def is_change_question(query: str) -> bool:
    return bool(_CHANGE_Q.search(query))


def ask_changes(index, view: CorpusView, query: str, k: int = 10) -> SearchResult | None:
    """A question about what changed between revisions, answered from the diff; None if it is not one (or
    names no instrument with several revisions in the index)."""
    if not is_change_question(query):
        return None
    ref = parse_reference(query)
    if ref is None:
        return None
    cands, _ = match_instruments(ref, view.instruments)
    index_of = {id(inst): i for i, inst in enumerate(view.instruments)}
    series = {id(view.series[index_of[id(c)]].series): view.series[index_of[id(c)]].series for c in cands}
    multi = [s for s in series.values() if len(s.members) > 1]
    if len(multi) != 1:
        return None
    members = multi[0].members
    insts = view.instruments
    hints = revision_hints(query, [insts[i].revision for i in members])
    named = [i for i in members if any(revision_matches(h, insts[i].revision, insts[i].body) for h in hints)]
    if len(named) >= 2:
        old_i, new_i = named[0], named[-1]
    elif len(named) == 1 and named[0] != members[-1]:
        old_i, new_i = named[0], members[-1]  # "since Dubai": from that revision to the one in force
    else:
        old_i, new_i = members[-2], members[-1]
    clause_ref = _clause_named(query)
    if clause_ref and _WHEN_Q.search(query):
        return _when_changed(view, query, [insts[i] for i in members], clause_ref, k)
    d = _diff(view, insts[old_i], insts[new_i])
    return _changes_result(query, d, k)


def _diff(view: CorpusView, old: Instrument, new: Instrument) -> InstrumentDiff:
    return diff_clauses(old, new, [view.clauses[r] for r in old.rows], [view.clauses[r] for r in new.rows])


def _clause_named(query: str) -> tuple[str, str] | None:
    """(section, label) of a clause named anywhere in the query: "when was resolves 5 added ..."."""
    m = _CLAUSE_NAMED.search(query)
    return (" ".join(m.group("section").split()), " ".join(m.group("label").split())) if m else None


def _find(clauses: Sequence, section: str, label: str) -> int | None:
    want = label_key(label)
    best, best_score = None, 0.0
    for n, c in enumerate(clauses):
        if c.kind == "footnote" or label_key(c.label) != want:
            continue
        score = section_similarity(section, c.section) if section else 0.5
        if score > best_score:
            best, best_score = n, score
    return best


def _change_hit(ch: ClauseChange, rank: int) -> Hit:
    return Hit(clause=ch.clause, score=1.0, rank=rank, why=f"change:{ch.status}")


def _describe(ch: ClauseChange, d: InstrumentDiff) -> list[AnswerSentence]:
    """One or two answer sentences for a change, citing the clause in each revision it is in."""
    new_rev, old_rev = d.new.revision or d.new.ref, d.old.revision or d.old.ref
    if ch.status == "added":
        return [AnswerSentence(f"Added in {new_rev}: {ch.clause.text}", ch.clause, 1.0)]
    if ch.status == "removed":
        return [AnswerSentence(f"Removed after {old_rev}: {ch.clause.text}", ch.clause, 1.0)]
    old, new = ch.pair()
    where = f"{old.section} {old.label}".strip()
    verb = "Moved" if ch.status == "moved" else "Reworded"
    return [AnswerSentence(f"{verb} ({where} in {old_rev}), now: {new.text}", new, 1.0),
            AnswerSentence(f"Before ({old_rev}): {old.text}", old, 1.0)]


def _changes_result(query: str, d: InstrumentDiff, k: int) -> SearchResult:
    c = d.counts
    head = (f"{d.new.body} {d.new.ref} compared with {d.old.ref}: " + ", ".join(
        f"{c[s]} {s}" for s in ("reworded", "added", "removed", "moved", "unchanged")) + " clauses")
    heads = [s for s in d.sections if s.status in ("added", "removed")]
    if heads:
        head += "; headings " + ", ".join(f"{s.status} '{s.new or s.old}'" for s in heads)
    changed = d.changed
    sentences: list[AnswerSentence] = []
    for ch in changed:
        sentences.extend(_describe(ch, d))
        if len(sentences) >= 6:
            break
    hits = [_change_hit(ch, n + 1) for n, ch in enumerate(changed[:k])]
    message = head + f". Full comparison: itu-search diff \"{_typed(d.old)}\" \"{_typed(d.new)}\""
    return SearchResult(query=query, hits=tuple(hits), answer=Answer(tuple(sentences), 1.0) if sentences else None,
                        abstained=False, message=message, reference=f"{d.old.ref} -> {d.new.ref}", diff=d)


def _typed(inst: Instrument) -> str:
    return f"{inst.body} {inst.ref}".strip()


def _when_changed(view: CorpusView, query: str, members: list[Instrument], clause_ref: tuple[str, str],
                  k: int) -> SearchResult | None:
    """Trace a clause of the revision in force back through the earlier revisions."""
    section, label = clause_ref
    latest = [view.clauses[r] for r in members[-1].rows]
    at = _find(latest, section, label)
    if at is None:
        return None
    chain: list[tuple[Instrument, ClauseChange]] = []  # newest first: the change that led to each revision
    cur = latest[at]
    for pos in range(len(members) - 1, 0, -1):
        d = _diff(view, members[pos - 1], members[pos])
        ch = next(c for c in d.changes if c.new is cur)
        chain.append((members[pos], ch))
        if ch.old is None:
            break
        cur = ch.old
    clause = latest[at]
    name = f"{clause.section} {clause.label}".strip()
    sentences: list[AnswerSentence] = []
    hits = [Hit(clause=clause, score=1.0, rank=1, why="change:current")]
    added_in = next((inst for inst, ch in chain if ch.old is None), None)
    if added_in is not None:
        before = members[members.index(added_in) - 1]
        sentences.append(AnswerSentence(f"{name} was added in {added_in.ref}; {before.ref} has no such clause: "
                                        f"{clause.text}", clause, 1.0))
    else:
        first = chain[-1][1].pair()[0] if chain else clause
        sentences.append(AnswerSentence(f"{name} is already in {members[0].ref}, the earliest revision in the "
                                        f"index (there {first.section} {first.label}): {first.text}", first, 1.0))
        hits.append(Hit(clause=first, score=1.0, rank=2, why="change:earliest"))
    for inst, ch in chain:
        if ch.status in ("reworded", "moved") and ch.old is not None:
            old, new = ch.pair()
            sentences.append(AnswerSentence(f"It was {ch.status} in {inst.ref} (before: {old.section} "
                                            f"{old.label}), to read: {new.text}", new, 1.0))
            if all(h.clause is not old for h in hits):
                hits.append(Hit(clause=old, score=1.0, rank=len(hits) + 1, why=f"change:{ch.status}"))
    msg = f"{name} of {members[-1].body} {members[-1].ref} traced through {len(members)} revisions in the index"
    return SearchResult(query=query, hits=tuple(hits[:k]), answer=Answer(tuple(sentences), 1.0), abstained=False,
                        message=msg, reference=instrument_dict(members[-1])["citation"])
