"""When to say "the corpus does not answer this": a small calibrated model over features that generalize.

Features of a query's retrieval (none depends on particular questions):
- `dense_top`: the best cosine similarity between the query and any clause (with its context);
- `coverage`: the share of the topic words the user typed, weighted by how rare they are in the corpus,
  that the best clauses contain (a word the corpus never uses weighs most; an abbreviation counts as
  found when its expansion is there);
- `dense_gap`: how far the best cosine stands above the 10th best (a clear winner vs. a flat list);
- `unknown`: the IDF-weighted share of the typed topic words that the corpus never uses at all
  ("neutrality", "quantum"): a question about something the texts never mention;
- `rank_top`: the reranker's probability that the best clause is relevant.
The confidence is a logistic function of them; its weights and the threshold were fitted by
bench/abstention.py on the dev questions plus questions written for this purpose
(bench/questions/heldout.jsonl, 30 of them unanswerable), with leave-one-out figures in
bench/results/abstention.json.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from index.context import lexical_text

from .glossary import abbreviations_in
from .query import QUESTION_WORDS, light_stem

_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Features:
    dense_top: float
    coverage: float
    dense_gap: float
    unknown: float = 0.0
    rank_top: float = 0.0

    def as_tuple(self) -> tuple[float, float, float, float, float]:
        return (self.dense_top, self.coverage, self.dense_gap, self.unknown, self.rank_top)


@dataclass(frozen=True, slots=True)
class Abstention:
    """confidence = sigmoid(bias + w . features); abstain below `threshold`."""

    # fitted by bench/abstention.py on the real parser's (1.2.0, index format 2) index of ../shared/corpus/pdf (see abstention.json)
    bias: float = -6.636
    w_dense: float = 4.694
    w_coverage: float = 3.597
    w_gap: float = 9.269
    w_unknown: float = -2.147
    w_rank: float = 3.004
    threshold: float = 0.372

    def confidence(self, f: Features) -> float:
        z = (self.bias + self.w_dense * f.dense_top + self.w_coverage * f.coverage + self.w_gap * f.dense_gap
             + self.w_unknown * f.unknown + self.w_rank * f.rank_top)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


DEFAULT_ABSTAIN = Abstention()


def confidence_features(r, rows: list[int], view, top: int = 3, rank_top: float = 0.0) -> Features:
    """Features of one retrieval (`r`: search.engine.Retrieval) whose ranked rows are `rows`; `rank_top` is
    the reranker's probability for the first row."""
    dense = r.dense if r.mask is None else r.dense[r.mask]
    if not len(dense):
        return Features(0.0, 0.0, 0.0, 0.0)
    k = min(10, len(dense))
    best = np.partition(-dense, k - 1)[:k]
    dense_top, dense_tenth = float(-best.min()), float(-best.max())
    coverage, unknown = typed_coverage(r.plan, [view.clauses[row] for row in rows[:top]], view.vocabulary,
                                       len(view.clauses))
    return Features(round(dense_top, 4), round(coverage, 4), round(dense_top - dense_tenth, 4), round(unknown, 4),
                    round(float(rank_top), 4))


def typed_coverage(plan, clauses, vocab, n_docs: int) -> tuple[float, float]:
    """IDF-weighted shares of the typed topic words (typos fixed) found in the clauses with their context,
    and of those the corpus never uses."""
    fixed = dict(plan.corrections)
    typed = [fixed.get(w, w) for w in dict.fromkeys(_WORD.findall(plan.original.lower()))
             if w not in QUESTION_WORDS and len(w) > 1]
    if not typed:
        return 0.0, 0.0
    abbrs = {a.lower(): e for a, e in abbreviations_in(plan.original)}
    have: set[str] = set()
    for c in clauses:
        have.update(light_stem(w) for w in _WORD.findall(f"{lexical_text(c)} {c.title}".lower()))
    total = found = unknown = 0.0
    for w in typed:
        idf = math.log((n_docs + 1) / (vocab.counts.get(w, 0) + 0.5))
        total += idf
        if w not in vocab.counts and w not in abbrs and not w.isdigit():
            unknown += idf
        spelled = abbrs.get(w)
        if light_stem(w) in have or (spelled and all(light_stem(x) in have for x in _WORD.findall(spelled.lower()))):
            found += idf
    return (found / total, unknown / total) if total > 0 else (0.0, 0.0)
