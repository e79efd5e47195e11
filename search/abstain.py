"""When to say "the corpus does not answer this": a small calibrated model over features that generalize.

Features of a query's retrieval (none depends on particular questions):
- `dense_top`: the best cosine similarity between the query and any clause (with its context);
- `coverage`: the share of the query's topic words, weighted by how rare they are in the corpus, that
  the best clauses contain (words the corpus never uses weigh most);
- `agreement`: how many of the dense top 10 are also in the lexical top 10.
The confidence is a logistic function of them; its weights and the threshold were fitted on the dev
questions plus questions written for this purpose (bench/questions/*.jsonl), see bench/abstention.py.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from index.context import lexical_text

from .query import light_stem

_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Features:
    dense_top: float
    coverage: float
    agreement: float

    def as_tuple(self) -> tuple[float, float, float]:
        return (self.dense_top, self.coverage, self.agreement)


@dataclass(frozen=True, slots=True)
class Abstention:
    """confidence = sigmoid(bias + w . features); abstain below `threshold`."""

    bias: float = -9.0
    w_dense: float = 10.0
    w_coverage: float = 6.0
    w_agreement: float = 1.0
    threshold: float = 0.5

    def confidence(self, f: Features) -> float:
        z = self.bias + self.w_dense * f.dense_top + self.w_coverage * f.coverage + self.w_agreement * f.agreement
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


DEFAULT_ABSTAIN = Abstention()


def confidence_features(r, rows: list[int], view, top: int = 3) -> Features:
    """Features of one retrieval (`r`: search.engine.Retrieval) whose ranked rows are `rows`."""
    dense = r.dense if r.mask is None else np.where(r.mask, r.dense, -1.0)
    dense_top = float(dense.max()) if len(dense) else 0.0
    coverage = word_coverage(r.plan.content_words, [view.clauses[row] for row in rows[:top]], view.vocabulary,
                             len(view.clauses))
    agreement = _agreement(dense, r.lexical if r.mask is None else np.where(r.mask, r.lexical, 0.0))
    return Features(round(dense_top, 4), round(coverage, 4), round(agreement, 4))


def word_coverage(words, clauses, vocab, n_docs: int) -> float:
    """IDF-weighted share of `words` found (up to plural/-ing endings) in the clauses with their context."""
    if not words:
        return 0.0
    have: set[str] = set()
    for c in clauses:
        have.update(light_stem(w) for w in _WORD.findall(lexical_text(c).lower()))
        have.update(light_stem(w) for w in _WORD.findall(c.title.lower()))
    total = found = 0.0
    for w in words:
        df = vocab.counts.get(w, 0)
        idf = math.log((n_docs + 1) / (df + 0.5))
        total += idf
        if light_stem(w) in have or w in have:
            found += idf
    return found / total if total > 0 else 0.0


def _agreement(dense: np.ndarray, lexical: np.ndarray, k: int = 10) -> float:
    if not len(dense):
        return 0.0
    k = min(k, len(dense))
    d = set(np.argpartition(-dense, k - 1)[:k].tolist())
    pos = int((lexical > 0).sum())
    if pos == 0:
        return 0.0
    kk = min(k, pos)
    lx = set(np.argpartition(-lexical, kk - 1)[:kk].tolist())
    return len(d & lx) / k
