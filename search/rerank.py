"""Second stage: a small linear model re-orders the best fused candidates using more evidence per clause.

Features of a (question, clause) pair, all generic: the fused score and its two parts, the clause kind
(preamble, footnote), whether its text is boilerplate, the fused score of its parent item, how much of
the question's topic (IDF-weighted) its context, its own text, its instrument title and its section
heading cover, and whether it states the kind of answer asked for (a quantity, a date).
The weights are a logistic regression fitted by bench/fit.py on the train split (its L2 penalty chosen
by cross-validation inside the training folds) and shipped in search/fitted/rerank.json with what they
were fitted on. Without that file the fused order stands.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from index.context import lexical_text

from . import params
from .answer_type import wanted
from .fusion import normalized_dense, normalized_lexical, top_rows
from .query import light_stem

DEPTH = 50  # candidates re-ordered per query
FEATURES = ("fused", "dense", "lexical", "preamble", "footnote", "boilerplate", "parent", "cover_context",
            "cover_text", "cover_title", "cover_section", "answer_type")
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Reranker:
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float

    def score(self, x: np.ndarray) -> np.ndarray:
        z = (x - np.asarray(self.mean)) / np.asarray(self.scale)
        return z @ np.asarray(self.coef) + self.intercept


@lru_cache(maxsize=8)
def shipped(model: str = "") -> Reranker | None:
    """The model in search/fitted/rerank.json (or the embedding model's own), or None (missing file, or features
    that do not match this code)."""
    data = params.load("rerank", model)
    if data is None or tuple(data.get("features", ())) != FEATURES:
        return None
    return Reranker(tuple(data["mean"]), tuple(data["scale"]), tuple(data["coef"]), float(data["intercept"]))


DEFAULT_RERANKER = shipped()


def _tokens(view, row: int, field: str) -> set[str]:
    cache = view.token_cache.setdefault(field, {})
    got = cache.get(row)
    if got is None:
        c = view.clauses[row]
        text = {"context": lexical_text(c), "text": c.text, "title": c.title, "section": c.section}[field]
        got = cache[row] = {light_stem(w) for w in _WORD.findall(text.lower())}
    return got


def candidate_features(r, view, question: str, depth: int = DEPTH) -> tuple[list[int], np.ndarray]:
    """The `depth` best rows by fused score and their feature matrix (columns in FEATURES order)."""
    rows = top_rows(r.fused, depth)
    if not rows:
        return rows, np.zeros((0, len(FEATURES)))
    dn = normalized_dense(r.dense, r.mask)
    ln = normalized_lexical(r.lexical, r.mask)
    n_docs = len(view.clauses)
    words: dict[str, float] = {}
    for w in r.plan.content_words:
        words.setdefault(light_stem(w), math.log((n_docs + 1) / (view.vocabulary.counts.get(w, 0) + 0.5)))
    total = sum(words.values()) or 1.0
    quantity, date = wanted(question)

    def cover(row: int, field: str) -> float:
        have = _tokens(view, row, field)
        return sum(v for w, v in words.items() if w in have) / total

    x = np.zeros((len(rows), len(FEATURES)))
    for i, row in enumerate(rows):
        c = view.clauses[row]
        parent = view.parent_rows.get(row)
        x[i] = (
            r.fused[row], dn[row], ln[row], c.kind == "preamble", c.kind == "footnote", view.is_boilerplate[row],
            r.fused[parent] if parent is not None else 0.0,
            cover(row, "context"), cover(row, "text"), cover(row, "title"), cover(row, "section"),
            (quantity and bool(view.states_quantity[row])) or (date and bool(view.states_date[row])),
        )
    return rows, x


def rerank(r, view, question: str, k: int, model: Reranker | None = None) -> list[tuple[int, float]]:
    """The k best (row, score in [0, 1]): the fused top DEPTH re-ordered by the model, scored by its
    probability; without a model, the fused order and scores."""
    model = model or shipped()
    if model is None:
        return [(row, float(min(1.0, max(0.0, r.fused[row])))) for row in top_rows(r.fused, k)]
    rows, x = candidate_features(r, view, question, max(DEPTH, k))
    if not rows:
        return []
    z = model.score(x)
    order = np.argsort(-z, kind="stable")[:k]
    return [(rows[i], float(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z[i])))))) for i in order]
