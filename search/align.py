"""Clause alignment between two revisions of an instrument: pure functions, no index, no model.

`align(old, new)` pairs the clauses of two revisions so that an item keeps its identity across
renumbering and re-lettering ("recognizing f)" of 2018 is "recognizing g)" of 2022 once an item was
inserted before it). Every clause of both sides appears exactly once in the result, as

- unchanged: the same text (compared after whitespace, quote and dash normalization), in the matching section;
- reworded: the same clause with other words (`words` holds the word-level changes);
- moved: the same clause (reworded or not) in another section, or out of its order;
- added / removed: no counterpart on the other side.

How: a similarity of every old/new pair (tf-idf cosine of their words, plus small bonuses for the same
section and label), an order-preserving alignment by dynamic programming over the two reading orders
(pairs below `MIN_SIMILARITY` never match), then the clauses left over are paired out of order when they
are clearly the same text (`MIN_MOVED_SIMILARITY`): those are the moves.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

import numpy as np

from ingest.records import Clause

Status = Literal["unchanged", "reworded", "added", "removed", "moved"]
STATUSES: tuple[Status, ...] = ("unchanged", "reworded", "added", "removed", "moved")

MIN_SIMILARITY = 0.35  # below this an old and a new clause are not the same clause in order
MIN_MOVED_SIMILARITY = 0.6  # leftovers paired out of order must be clearly the same text
SECTION_BONUS = 0.12
LABEL_BONUS = 0.05
KIND_PENALTY = 0.3  # a preamble clause that became operative (or the reverse) is rare

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ",
                         "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
                         "\u2212": "-", "\u00ad": ""})
_WORD = re.compile(r"\w+(?:[-'/.]\w+)*|[^\w\s]", re.UNICODE)


_SPECIAL = re.compile("[" + "".join(chr(c) for c in _QUOTES) + "]")


def normalize_text(text: str) -> str:
    """The text compared for "unchanged": NFKC, quotes and dashes unified, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    if _SPECIAL.search(text):
        text = text.translate(_QUOTES)
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """Words and punctuation marks of a text, as the word-level diff shows them."""
    return _WORD.findall(normalize_text(text))


def normalize_section(section: str) -> str:
    """Headings compared loosely: case, spacing, the revision in an annex heading ("ANNEX 1 TO RESOLUTION
    48 (REV. DUBAI, 2018)" and "(REV. BUCHAREST, 2022)" are the same heading)."""
    s = normalize_text(section).lower()
    s = re.sub(r"\((?:rev\.?\s*)?[^()]*\d{2}[^()]*\)", "", s)
    return " ".join(s.split())


@dataclass(frozen=True, slots=True)
class WordChange:
    op: Literal["equal", "delete", "insert"]
    text: str
    space_before: bool = True  # whether the run follows a space in its text


@dataclass(frozen=True, slots=True)
class Pair:
    """One line of an alignment: indexes into the old and new clause lists (None on the side that lacks it)."""

    status: Status
    old: int | None
    new: int | None
    similarity: float = 0.0
    words: tuple[WordChange, ...] = ()


@dataclass(frozen=True, slots=True)
class SectionChange:
    status: Literal["unchanged", "renamed", "added", "removed"]
    old: str | None
    new: str | None


# ------------------------------------------------------------------------------------------ similarity

def _tfidf(texts: Sequence[str]) -> np.ndarray:
    """L2-normalized tf-idf rows of the word tokens, idf over the texts given (both sides)."""
    bags = [Counter(w.lower() for w in words(t) if w[0].isalnum()) for t in texts]
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    vocab = {w: k for k, w in enumerate(df)}
    n = len(bags)
    m = np.zeros((n, len(vocab)), dtype=np.float32)
    for r, bag in enumerate(bags):
        for w, c in bag.items():
            m[r, vocab[w]] = (1 + math.log(c)) * math.log(1 + n / df[w])
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return m / np.where(norms > 0, norms, 1.0)


def similarity_matrix(old: Sequence[Clause], new: Sequence[Clause]) -> np.ndarray:
    """Pair scores: text cosine (1 for the same text), plus bonuses for the same section and label, minus a
    kind change; -1 between a footnote and a clause."""
    if not old or not new:
        return np.zeros((len(old), len(new)), dtype=np.float32)
    m = _tfidf([c.text for c in old] + [c.text for c in new])
    sim = m[: len(old)] @ m[len(old):].T
    to, tn = _codes([normalize_text(c.text) for c in old], [normalize_text(c.text) for c in new])
    sim = np.where(to[:, None] == tn[None, :], 1.0, sim)
    so, sn = _codes([normalize_section(c.section) for c in old], [normalize_section(c.section) for c in new])
    lo, ln = _codes([_label_key(c.label) for c in old], [_label_key(c.label) for c in new])
    ko, kn = _codes([c.kind for c in old], [c.kind for c in new])
    sim = sim + SECTION_BONUS * (so[:, None] == sn[None, :]) + LABEL_BONUS * (lo[:, None] == ln[None, :])
    sim = sim - KIND_PENALTY * (ko[:, None] != kn[None, :])
    fo = np.array([c.kind == "footnote" for c in old])
    fn = np.array([c.kind == "footnote" for c in new])
    return np.where(fo[:, None] != fn[None, :], -1.0, sim).astype(np.float64)


def _codes(a: Sequence[str], b: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Equal strings to equal integers, so that equality over all pairs is one numpy comparison."""
    table: dict[str, int] = {}
    ca = np.array([table.setdefault(x, len(table)) for x in a], dtype=np.int64)
    cb = np.array([table.setdefault(x, len(table)) for x in b], dtype=np.int64)
    return ca, cb


def _label_key(label: str) -> str:
    return "".join(label.lower().split()).replace("(", "")


# ------------------------------------------------------------------------------------------- alignment

def _monotone(sim: np.ndarray, n_old: int, n_new: int) -> list[tuple[int, int]]:
    """Order-preserving pairs maximizing the summed margin above MIN_SIMILARITY (gaps cost nothing)."""
    score = [[0.0] * (n_new + 1) for _ in range(n_old + 1)]
    move = [[0] * (n_new + 1) for _ in range(n_old + 1)]  # 0 skip old, 1 skip new, 2 pair
    for i in range(1, n_old + 1):
        srow, sprev, mrow, simrow = score[i], score[i - 1], move[i], sim[i - 1].tolist()
        for j in range(1, n_new + 1):
            best, how = sprev[j], 0
            if srow[j - 1] > best:
                best, how = srow[j - 1], 1
            margin = simrow[j - 1] - MIN_SIMILARITY
            if margin > 0 and sprev[j - 1] + margin > best:
                best, how = sprev[j - 1] + margin, 2
            srow[j], mrow[j] = best, how
    pairs = []
    i, j = n_old, n_new
    while i > 0 and j > 0:
        how = move[i][j]
        if how == 2:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif how == 1:
            j -= 1
        else:
            i -= 1
    pairs.reverse()
    return pairs


def _spaced_words(text: str) -> list[tuple[str, bool]]:
    """(word, whether a space precedes it) for each word and punctuation mark."""
    norm = normalize_text(text)
    return [(m.group(), m.start() > 0 and norm[m.start() - 1] == " ") for m in _WORD.finditer(norm)]


def word_changes(old_text: str, new_text: str) -> tuple[WordChange, ...]:
    """Word-level changes from old to new: runs of equal, deleted and inserted words, with their spacing."""
    a, b = _spaced_words(old_text), _spaced_words(new_text)
    out: list[WordChange] = []
    matcher = SequenceMatcher(None, [w for w, _ in a], [w for w, _ in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(_run("equal", b[j1:j2]))
        else:
            if i2 > i1:
                out.append(_run("delete", a[i1:i2]))
            if j2 > j1:
                out.append(_run("insert", b[j1:j2]))
    return tuple(out)


def _run(op, tokens: Sequence[tuple[str, bool]]) -> WordChange:
    text = "".join((" " if sp and k else "") + w for k, (w, sp) in enumerate(tokens))
    return WordChange(op, text, tokens[0][1])


def render_words(changes: Sequence[WordChange], mark) -> str:
    """Join runs with their original spacing; `mark(op, text)` decorates deleted and inserted runs."""
    out = []
    for k, w in enumerate(changes):
        out.append((" " if w.space_before and k else "") + (w.text if w.op == "equal" else mark(w.op, w.text)))
    return "".join(out)


def align(old: Sequence[Clause], new: Sequence[Clause]) -> list[Pair]:
    """Every clause of `old` and `new` exactly once, in a merged reading order (see module docstring)."""
    sim = similarity_matrix(old, new)
    in_order = _monotone(sim, len(old), len(new))
    matched_old = {i for i, _ in in_order}
    matched_new = {j for _, j in in_order}
    # leftovers that are clearly the same text, out of order: moves (best pairs first)
    rest_old = [i for i in range(len(old)) if i not in matched_old]
    rest_new = [j for j in range(len(new)) if j not in matched_new]
    leftovers = sorted(((float(sim[i, j]), i, j) for i in rest_old for j in rest_new
                        if sim[i, j] >= MIN_MOVED_SIMILARITY), reverse=True)
    moved: list[tuple[int, int]] = []
    for s, i, j in leftovers:
        if s < MIN_MOVED_SIMILARITY:
            break
        if i in matched_old or j in matched_new:
            continue
        moved.append((i, j))
        matched_old.add(i)
        matched_new.add(j)
    section_map = _section_map(old, new, in_order)
    by_new: dict[int, Pair] = {}
    for i, j in in_order:
        moved_section = section_map.get(normalize_section(old[i].section)) != normalize_section(new[j].section)
        by_new[j] = _pair(old, new, i, j, float(sim[i, j]), moved=moved_section)
    for i, j in moved:
        by_new[j] = _pair(old, new, i, j, float(sim[i, j]), moved=True)
    return _merge_order(old, new, by_new)


def _pair(old: Sequence[Clause], new: Sequence[Clause], i: int, j: int, s: float, *, moved: bool) -> Pair:
    same = normalize_text(old[i].text) == normalize_text(new[j].text)
    changes = () if same else word_changes(old[i].text, new[j].text)
    status: Status = "moved" if moved else ("unchanged" if same else "reworded")
    return Pair(status, i, j, round(s, 4), changes)


def _section_map(old: Sequence[Clause], new: Sequence[Clause], pairs: list[tuple[int, int]]) -> dict[str, str]:
    """Old heading -> the new heading most of its in-order clauses went to (a renamed heading maps to
    its new name; a heading with no aligned clause maps to the same heading if the new side has it)."""
    votes: dict[str, Counter[str]] = {}
    for i, j in pairs:
        votes.setdefault(normalize_section(old[i].section), Counter())[normalize_section(new[j].section)] += 1
    out = {s: c.most_common(1)[0][0] for s, c in votes.items()}
    new_sections = {normalize_section(c.section) for c in new}
    for c in old:
        s = normalize_section(c.section)
        if s not in out and s in new_sections:
            out[s] = s
    return out


def _merge_order(old: Sequence[Clause], new: Sequence[Clause], by_new: dict[int, Pair]) -> list[Pair]:
    """New reading order, each removed clause placed after the old clause it followed."""
    matched_old = {p.old for p in by_new.values()}
    removed_after: dict[int | None, list[int]] = {}  # last matched old index before it -> removed old clauses
    last: int | None = None
    for i in range(len(old)):
        if i in matched_old:
            last = i
        else:
            removed_after.setdefault(last, []).append(i)
    out: list[Pair] = [Pair("removed", i, None) for i in removed_after.get(None, [])]
    for j in range(len(new)):
        p = by_new.get(j)
        if p is None:
            out.append(Pair("added", None, j))
            continue
        out.append(p)
        out.extend(Pair("removed", i, None) for i in removed_after.get(p.old, []))
    return out


def align_sections(old: Sequence[Clause], new: Sequence[Clause], pairs: Sequence[Pair]) -> list[SectionChange]:
    """Headings of both sides, each once: unchanged, renamed (its clauses went under a new heading that the
    old side lacks), added or removed; in the new side's order with removed headings after their neighbour."""
    old_secs = list(dict.fromkeys(c.section for c in old if c.kind != "footnote"))
    new_secs = list(dict.fromkeys(c.section for c in new if c.kind != "footnote"))
    old_norm = {normalize_section(s): s for s in old_secs}
    new_norm = {normalize_section(s): s for s in new_secs}
    votes: dict[str, Counter[str]] = {}
    for p in pairs:
        if p.old is not None and p.new is not None and old[p.old].kind != "footnote":
            votes.setdefault(old[p.old].section, Counter())[new[p.new].section] += 1
    mapping: dict[str, str] = {}
    for s in old_secs:
        if normalize_section(s) in new_norm:
            mapping[s] = new_norm[normalize_section(s)]
    taken = set(mapping.values())
    for s in old_secs:
        if s in mapping or s not in votes:
            continue
        target, _ = votes[s].most_common(1)[0]
        if target not in taken and normalize_section(target) not in old_norm:
            mapping[s] = target
            taken.add(target)
    inverse = {v: k for k, v in mapping.items()}
    out: list[SectionChange] = []
    emitted_old: set[str] = set()
    for s in new_secs:
        o = inverse.get(s)
        if o is None:
            out.append(SectionChange("added", None, s))
            continue
        out.append(SectionChange("unchanged" if normalize_section(o) == normalize_section(s) else "renamed", o, s))
        emitted_old.add(o)
    for idx, s in enumerate(old_secs):
        if s in mapping:
            continue
        # after the nearest earlier old heading that was emitted
        prev = next((old_secs[k] for k in range(idx - 1, -1, -1) if old_secs[k] in emitted_old), None)
        pos = 0 if prev is None else next(
            (n + 1 for n, c in enumerate(out) if c.old == prev), len(out))
        out.insert(pos, SectionChange("removed", s, None))
        emitted_old.add(s)
    return out
