"""BM25 (bm25s) over clause text plus context, with a tokenizer that keeps numbers and hyphenated terms."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

# Unicode dashes and hyphens as printed in ITU texts all become "-", so "ITU‑D" matches "itu-d".
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-") | {"\u00ad": None})
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})
# A token: letters/digits, optionally joined by - . / (e.g. "itu-d", "5150-5250", "1.1", "e.i.r.p").
_TOKEN = re.compile(r"[0-9a-z\u00c0-\u024f]+(?:[-./][0-9a-z\u00c0-\u024f]+)*")
_PART = re.compile(r"[0-9a-z\u00c0-\u024f]+")
# A web address (scheme:// or www.) up to the next space. Its host and path parts ("www", "itu", "net",
# "pages") are not words of the text: a footnote that is only a link would otherwise match "net neutrality".
_URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)\S+")


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN)


def tokenize(text: str) -> list[str]:
    """Lower-cased tokens; a compound ("itu-d", "5150-5250") is kept whole and also split into its parts.

    Stopwords are dropped (not inside compounds); numbers are kept since users search "5150" or "resolves 8".
    Web addresses are dropped whole, in documents and queries alike.
    """
    stop = _stopwords()
    text = text.lower().translate(_DASHES).translate(_APOSTROPHES).replace("'s ", " ")
    text = _URL.sub(" ", text)
    out: list[str] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        parts = _PART.findall(token)
        if len(parts) > 1:
            out.append(token)
            out.extend(p for p in parts if p not in stop)
        elif token not in stop:
            out.append(token)
    return out


class Lexical:
    """A BM25 index over tokenized documents; rows are the clause row ids."""

    def __init__(self, retriever, num_docs: int) -> None:
        self._bm25 = retriever
        self.num_docs = num_docs

    @classmethod
    def build(cls, texts: Sequence[str]) -> Lexical:
        import bm25s

        tokens = [tokenize(t) for t in texts]
        retriever = bm25s.BM25()
        if tokens:
            # bm25s cannot index an all-empty corpus; an empty token keeps row ids aligned
            retriever.index([t or [""] for t in tokens], show_progress=False)
        return cls(retriever, len(texts))

    def save(self, folder: Path) -> None:
        if self.num_docs:
            self._bm25.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path, num_docs: int) -> Lexical:
        """The saved index (`num_docs` is what the caller expects; an empty corpus has no saved files)."""
        import bm25s

        if not num_docs:
            return cls(bm25s.BM25(), 0)
        retriever = bm25s.BM25.load(str(folder), mmap=False, show_progress=False, verbosity=0)
        return cls(retriever, int(retriever.scores["num_docs"]))

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every row for `query`; all zeros when the query has no token (only stopwords or
        punctuation), which bm25s itself cannot score."""
        tokens = tokenize(query)
        if not self.num_docs or not tokens:
            return np.zeros(self.num_docs, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)

    def search(self, query: str, k: int, allowed: Iterable[int] | None = None) -> list[tuple[int, float]]:
        """The k best rows with a positive score, best first."""
        scores = self.scores(query)
        if allowed is not None:
            mask = np.zeros_like(scores)
            mask[np.fromiter(allowed, dtype=np.int64)] = 1.0
            scores = scores * mask
        return top_k(scores, k)


def top_k(scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    if k <= 0 or not len(scores):
        return []
    k = min(k, len(scores))
    idx = np.argpartition(-scores, k - 1)[:k]
    idx = idx[np.argsort(-scores[idx], kind="stable")]
    return [(int(i), float(scores[i])) for i in idx if scores[i] > 0]
