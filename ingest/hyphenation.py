"""Joining wrapped lines: end-of-line hyphenation repaired without breaking real hyphens.

"develop-" + "ment" → "development" (a soft hyphen the typesetter added), but "Secretary-" + "General"
→ "Secretary-General", "results-" + "based" → "results-based" and "medium-" + "to long-term" →
"medium- to long-term" (real hyphens). The decision uses the document's own words: a joined form seen
elsewhere in the text wins, a hyphenated form seen elsewhere keeps its hyphen; otherwise the hyphen is
kept unless the document is one that hyphenates (most of its line-end hyphens join into known words).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .lines import SUP_OPEN

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]")
_TRAILING_PART = re.compile(r"([A-Za-z]+)-$")
_LEADING_PART = re.compile(r"^([A-Za-z]+)")
# "medium- to long-term", "short- and medium-term": a suspended hyphen before a conjunction
_SUSPENDED = re.compile(r"^(?:to|and|or|und|et|ou)\b")


@dataclass(slots=True)
class Vocabulary:
    """Words of a document (lower case), counted where they are not split by a line end."""

    words: Counter[str] = field(default_factory=Counter)
    hyphenating: bool = False

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Vocabulary:
        texts = list(texts)
        words: Counter[str] = Counter()
        for t in texts:
            inner = t.strip()
            if inner.endswith("-"):
                inner = inner[: inner.rfind(" ") + 1] if " " in inner else ""
            for w in _WORD.findall(inner):
                words[w.lower()] += 1
        vocab = cls(words)
        vocab.hyphenating = _looks_hyphenated(texts, vocab)
        return vocab

    def knows(self, word: str) -> bool:
        return self.words.get(word.lower(), 0) > 0


def _looks_hyphenated(texts: list[str], vocab: Vocabulary) -> bool:
    """Whether the typesetter hyphenates: most line-end hyphens join into words used elsewhere."""
    joins = total = 0
    for a, b in zip(texts, texts[1:], strict=False):
        ma = _TRAILING_PART.search(a.rstrip())
        mb = _LEADING_PART.match(b.lstrip())
        if not ma or not mb or not mb.group(1)[0].islower():
            continue
        total += 1
        joined = (ma.group(1) + mb.group(1)).lower()
        if vocab.words.get(joined, 0) > 0 and vocab.words.get(f"{ma.group(1)}-{mb.group(1)}".lower(), 0) == 0:
            joins += 1
    return total >= 3 and joins >= 0.4 * total


def join_lines(left: str, right: str, vocab: Vocabulary | None = None) -> str:
    """Append a wrapped line to the text before it."""
    left = left.rstrip()
    right = right.lstrip()
    if not left:
        return right
    if not right:
        return left
    if left.endswith("-") and not left.endswith((" -", "--")):
        return _join_hyphen(left, right, vocab)
    if right.startswith(SUP_OPEN):
        return left + right
    return f"{left} {right}"


def _join_hyphen(left: str, right: str, vocab: Vocabulary | None) -> str:
    if _SUSPENDED.match(right):  # "medium-" + "to long-term"
        return f"{left} {right}"
    m = _TRAILING_PART.search(left)
    mr = _LEADING_PART.match(right)
    if m is None or mr is None:  # "2020-" + "2023", "ITU-" + "T": keep the hyphen, no space
        return left + right
    head, tail = m.group(1), mr.group(1)
    if tail[0].isupper():  # "Secretary-" + "General"
        return left + right
    if vocab is not None:
        if vocab.words.get(f"{head}-{tail}".lower(), 0) > 0:
            return left + right
        if vocab.words.get(f"{head}{tail}".lower(), 0) > 0 or vocab.hyphenating:
            return left[:-1] + right
    return left + right
