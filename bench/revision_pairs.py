"""Revision pairs with a known alignment, and the alignment accuracy of `search.align` on them.

- `edited_copy(clauses, seed)`: a new "revision" of an instrument made by editing a copy the way
  conferences do (items inserted and deleted with the items after them re-lettered, words changed,
  revisions of cited texts updated, an item moved to another section, a heading renamed); returns the
  new clauses and the truth (which old clause each new one is). Deterministic for a seed.
- `accuracy(pairs, old, new, truth)`: the share of clauses of both sides whose counterpart (or absence
  of one) the alignment got right.
- `load_truth(path, old, new)`: a hand-made truth file (tests/data/align/*.json: identifiers only).

Nothing here is ITU text: the copies are made at run time from ../shared.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from ingest.records import Clause
from search.align import Pair

Key = tuple[str, str, str, int]  # kind, section, label, occurrence


def keys(clauses: Sequence[Clause]) -> list[Key]:
    seen: dict[tuple[str, str, str], int] = {}
    out = []
    for c in clauses:
        k = (c.kind, c.section, c.label)
        seen[k] = seen.get(k, 0) + 1
        out.append((*k, seen[k] - 1))
    return out


def accuracy(pairs: Sequence[Pair], n_old: int, n_new: int, truth: dict[int, int | None],
             truth_old: dict[int, int | None] | None = None) -> float:
    """truth: new index -> old index (None: added); truth_old (old -> new) is derived when not given."""
    if truth_old is None:
        truth_old = dict.fromkeys(range(n_old))
        truth_old.update({o: n for n, o in truth.items() if o is not None})
    got_new = {p.new: p.old for p in pairs if p.new is not None}
    got_old = {p.old: p.new for p in pairs if p.old is not None}
    correct = sum(got_new.get(j, "x") == truth.get(j) for j in range(n_new))
    correct += sum(got_old.get(i, "x") == truth_old.get(i) for i in range(n_old))
    return correct / max(1, n_old + n_new)


def every_clause_once(pairs: Sequence[Pair], n_old: int, n_new: int) -> bool:
    olds = [p.old for p in pairs if p.old is not None]
    news = [p.new for p in pairs if p.new is not None]
    return sorted(olds) == list(range(n_old)) and sorted(news) == list(range(n_new))


def load_truth(path: Path, old: Sequence[Clause], new: Sequence[Clause]) -> dict[int, int | None]:
    """new index -> old index from a hand-made truth file of (kind, section, label) identifiers."""
    data = json.loads(path.read_text(encoding="utf-8"))

    def index_of(clauses: Sequence[Clause], ident: list[str]) -> int:
        kind, section, label = ident[:3]
        hits = [i for i, c in enumerate(clauses) if (c.kind, c.section, c.label) == (kind, section, label)]
        if len(hits) != 1:
            raise ValueError(f"{path.name}: {ident} names {len(hits)} clauses")
        return hits[0]

    out: dict[int, int | None] = {index_of(new, b): index_of(old, a) for a, b in data["pairs"]}
    out.update({index_of(new, b): None for b in data["added"]})
    for a in data["removed"]:
        index_of(old, a)
    if len(out) != len(new) or len({v for v in out.values() if v is not None}) + len(data["removed"]) != len(old):
        raise ValueError(f"{path.name} does not account for every clause ({len(old)} old, {len(new)} new)")
    return out


# --------------------------------------------------------------------------------------- edited copies

_LETTER = re.compile(r"^([a-z])\)$")
_NUMBER = re.compile(r"^(\d{1,2})$")
_YEAR_REV = re.compile(r"\((Rev\. )?([A-Z][a-z]+(?: [A-Z][a-z]+)?), (\d{4})\)")
_FILLER = ["in particular", "as appropriate", "within existing resources", "taking into account the needs of "
           "developing countries", "in close collaboration with the Member States concerned", "and its annexes"]


def _shift(label: str, by: int) -> str:
    m = _LETTER.match(label)
    if m:
        return f"{chr(ord(m.group(1)) + by)})" if "a" <= chr(ord(m.group(1)) + by) <= "z" else label
    m = _NUMBER.match(label)
    if m:
        return str(max(1, int(m.group(1)) + by))
    return label


def _simple(label: str) -> bool:
    return bool(_LETTER.match(label) or _NUMBER.match(label))


def _reword(text: str, rng: random.Random) -> str:
    w = text.split()
    if len(w) < 6:
        return text + " " + rng.choice(_FILLER)
    how = rng.choice(["insert", "delete", "replace", "revision", "tail"])
    if how == "revision" and _YEAR_REV.search(text):
        return _YEAR_REV.sub(lambda m: f"({m.group(1) or ''}Geneva, {int(m.group(3)) + 4})", text, count=1)
    k = rng.randrange(1, len(w) - 1)
    if how == "insert":
        w[k:k] = rng.choice(_FILLER).split()
    elif how == "delete":
        del w[k: k + max(1, len(w) // 8)]
    elif how == "replace":
        for _ in range(max(1, len(w) // 10)):
            w[rng.randrange(len(w))] = rng.choice(["relevant", "appropriate", "all", "national", "regional"])
    else:
        w = w[: max(4, len(w) * 2 // 3)] + rng.choice(_FILLER).split()
    return " ".join(w)


def edited_copy(old: Sequence[Clause], seed: int, donors: Sequence[Clause] = (),
                revision: str = "Rev. Testville, 2030") -> tuple[list[Clause], dict[int, int | None]]:
    """A new revision of `old` (one instrument's clauses in reading order) and its truth (new -> old index).

    `donors` are clauses of other instruments whose texts become the inserted items (so they read like
    real items, not like random words).
    """
    rng = random.Random(seed)
    items: list[tuple[Clause, int | None]] = [(c, i) for i, c in enumerate(old)]
    n = len(old)
    n_edits = max(2, n // 5)
    sections = list(dict.fromkeys(c.section for c in old if c.kind != "footnote"))
    for _ in range(n_edits):
        op = rng.choice(["insert", "delete", "reword", "reword", "move", "rename"])
        if op == "rename" and sections:
            sec = rng.choice(sections)
            if sec.lower().startswith("annex"):
                continue
            new_sec = sec + (" and the Council" if not sec.endswith("Council") else " and Member States")
            items = [(replace(c, section=new_sec) if c.section == sec else c, o) for c, o in items]
            sections = [new_sec if s == sec else s for s in sections]
            continue
        candidates = [k for k, (c, _) in enumerate(items) if c.kind != "footnote" and _simple(c.label)]
        if not candidates:
            continue
        k = rng.choice(candidates)
        c, o = items[k]
        if op == "insert" and donors:
            text = rng.choice(donors).text
            items.insert(k, (replace(c, text=text), None))
            _relabel_after(items, k + 1, c.section, +1)
        elif op == "delete" and len(items) > 3:
            del items[k]
            _relabel_after(items, k, c.section, -1)
        elif op == "reword":
            items[k] = (replace(c, text=_reword(c.text, rng)), o)
        elif op == "move" and len(sections) > 1:
            target = rng.choice([s for s in sections if s != c.section])
            del items[k]
            _relabel_after(items, k, c.section, -1)
            last = max((m for m, (x, _) in enumerate(items) if x.section == target), default=len(items) - 1)
            label = _shift(items[last][0].label, +1) if _simple(items[last][0].label) else c.label
            kind = items[last][0].kind if items[last][0].kind != "footnote" else c.kind
            items.insert(last + 1, (replace(c, section=target, label=label, kind=kind), o))
    new = [replace(c, revision=revision, ordinal=j) for j, (c, _) in enumerate(items)]
    return new, {j: o for j, (_, o) in enumerate(items)}


def _relabel_after(items: list[tuple[Clause, int | None]], start: int, section: str, by: int) -> None:
    for m in range(start, len(items)):
        c, o = items[m]
        if c.section != section:
            break
        if c.kind != "footnote" and _simple(c.label):
            items[m] = (replace(c, label=_shift(c.label, by)), o)
