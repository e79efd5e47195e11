"""How sure is an answer, and when to say "the corpus does not address this": two small fitted models.

Features of one retrieval (none depends on particular questions):
- `rank_top`, `rank_margin`: the reranker's probability that the best clause is relevant, and how far it
  stands above the second best's;
- `dense_top`: the best cosine similarity between the query and any clause (with its context);
- `dense_gap`: how far the best cosine stands above the 10th best (a clear winner vs. a flat list);
- `coverage`: the share of the topic words the user typed, weighted by how informative they are, that the
  best clauses contain (an abbreviation counts as found when its expansion is there);
- `unknown`: the weighted share of the typed topic words that the index never uses ("neutrality");
- `missing_max`, `unknown_max`: the weight of the most informative typed word that the best clauses lack,
  and of the most informative one the index never uses ("parking", "metaverse");
- `top_preamble`: the best clause is a preamble clause (background, rarely the answer itself).
A word's weight is the smaller of its IDF in the index and its rarity in general English (the word list
of search/spelling.py), so an everyday word a small index happens to lack ("here") weighs little.

`confidence` is a calibrated probability that the rank-1 clause answers the question (logistic over the
features, fitted by bench/fit.py on the train split with out-of-fold reranker scores). `silence` is the
probability that the corpus does not address the question at all (answerable vs. unanswerable questions).
An answer found through a reference the question names ("Res. 30 resolves 8", "Resolution 219 (WRC-23): above
what elevation ...") gets the share of such train questions whose first clause was right, one figure for a
named clause and one for a named instrument.
Three outcomes: "answer"; "low_confidence" (confidence below the answer threshold: the answer and the
clauses are shown, flagged); "not_addressed" (silence above its threshold: only then the result abstains).
Weights and thresholds are data: search/fitted/confidence.json (see search/params.py).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields

import numpy as np

from index.context import lexical_text

from . import params
from .glossary import abbreviations_in
from .query import QUESTION_WORDS, light_stem
from .records import ANSWER, LOW_CONFIDENCE, NOT_ADDRESSED
from .spelling import rarity

_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Features:
    rank_top: float = 0.0
    rank_margin: float = 0.0
    dense_top: float = 0.0
    dense_gap: float = 0.0
    coverage: float = 0.0
    unknown: float = 0.0
    top_preamble: float = 0.0
    missing_max: float = 0.0
    unknown_max: float = 0.0

    def get(self, name: str) -> float:
        return float(getattr(self, name))


FEATURES = tuple(f.name for f in fields(Features))


@dataclass(frozen=True, slots=True)
class Logistic:
    """sigmoid(intercept + coef . (x - mean) / scale) over the named features."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float

    @classmethod
    def from_dict(cls, d: dict) -> Logistic:
        return cls(tuple(d["features"]), tuple(d["mean"]), tuple(d["scale"]), tuple(d["coef"]),
                   float(d["intercept"]))

    def prob(self, f: Features) -> float:
        x = np.array([f.get(n) for n in self.features])
        z = float(self.intercept + ((x - np.asarray(self.mean)) / np.asarray(self.scale)) @ np.asarray(self.coef))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True, slots=True)
class ConfidenceModel:
    """Without a fitted answer model the confidence is the reranker's probability; without a silence model
    the result never abstains."""

    answer: Logistic | None = None
    silence: Logistic | None = None
    answer_threshold: float = 0.5
    silence_threshold: float = 1.0
    # How often the first clause is right when the question names an instrument: with the clause named
    # exactly, and with the instrument only (its clauses then ranked by the rest of the question).
    reference_exact: float = 1.0
    reference_instrument: float = 0.7

    def confidence(self, f: Features) -> float:
        return self.answer.prob(f) if self.answer is not None else float(f.rank_top)

    def silent(self, f: Features) -> float:
        return self.silence.prob(f) if self.silence is not None else 0.0

    def reference(self, exact: bool) -> float:
        """The confidence of an answer found through a reference the question names."""
        return self.reference_exact if exact else self.reference_instrument

    def judge(self, f: Features) -> tuple[str, float]:
        """(outcome, confidence) for one retrieval."""
        conf = self.confidence(f)
        if self.silent(f) >= self.silence_threshold:
            return NOT_ADDRESSED, conf
        return (ANSWER if conf >= self.answer_threshold else LOW_CONFIDENCE), conf


def fitted_model(model: str = "") -> ConfidenceModel:
    """The model in search/fitted/confidence.json (or the embedding model's own), or the unfitted fallback
    (missing file, or features this code does not compute)."""
    data = params.load("confidence", model)
    if data is None:
        return ConfidenceModel()
    try:
        answer = Logistic.from_dict(data["answer"])
        silence = Logistic.from_dict(data["silence"])
        if not set(answer.features + silence.features) <= set(FEATURES):
            return ConfidenceModel()
        ref, unfitted = data.get("reference", {}), ConfidenceModel()
        return ConfidenceModel(answer, silence, float(data["answer_threshold"]), float(data["silence_threshold"]),
                               float(ref.get("exact", unfitted.reference_exact)),
                               float(ref.get("instrument", unfitted.reference_instrument)))
    except (KeyError, TypeError, ValueError):
        return ConfidenceModel()


DEFAULT_CONFIDENCE = fitted_model()


def confidence_features(r, rows: list[int], view, probs: list[float] | None = None, top: int = 3) -> Features:
    """Features of one retrieval (`r`: search.engine.Retrieval) whose ranked rows are `rows`; `probs` are
    the reranker's probabilities of those rows (None without the reranker)."""
    dense = r.dense if r.mask is None else r.dense[r.mask]
    if not len(dense) or not rows:
        return Features()
    k = min(10, len(dense))
    best = np.partition(-dense, k - 1)[:k]
    dense_top, dense_tenth = float(-best.min()), float(-best.max())
    coverage, unknown, missing_max, unknown_max = typed_coverage(
        r.plan, [view.clauses[row] for row in rows[:top]], view.vocabulary, len(view.clauses))
    probs = list(probs or [])
    rank_top = probs[0] if probs else 0.0
    margin = probs[0] - probs[1] if len(probs) > 1 else rank_top
    return Features(round(float(rank_top), 4), round(float(margin), 4), round(dense_top, 4),
                    round(dense_top - dense_tenth, 4), round(coverage, 4), round(unknown, 4),
                    float(view.clauses[rows[0]].kind == "preamble"), round(missing_max, 4), round(unknown_max, 4))


def word_weight(word: str, vocab, n_docs: int) -> float:
    """How informative a typed word is: its IDF in the index, capped by its rarity in general English."""
    idf = math.log((n_docs + 1) / (vocab.counts.get(word, 0) + 0.5))
    return min(idf, rarity(word))


def typed_coverage(plan, clauses, vocab, n_docs: int) -> tuple[float, float, float, float]:
    """Weighted shares of the typed topic words (typos fixed) found in the clauses with their context and
    of those the index never uses; the largest weight of a word the clauses lack, and of one the index lacks."""
    fixed = dict(plan.corrections)
    typed = [fixed.get(w, w) for w in dict.fromkeys(_WORD.findall(plan.original.lower()))
             if w not in QUESTION_WORDS and len(w) > 1]
    if not typed:
        return 0.0, 0.0, 0.0, 0.0
    abbrs = {a.lower(): e for a, e in abbreviations_in(plan.original)}
    have: set[str] = set()
    for c in clauses:
        have.update(light_stem(w) for w in _WORD.findall(f"{lexical_text(c)} {c.title}".lower()))
    total = found = unknown = missing_max = unknown_max = 0.0
    for w in typed:
        weight = word_weight(w, vocab, n_docs)
        total += weight
        if w not in vocab.counts and w not in abbrs and not w.isdigit():
            unknown += weight
            unknown_max = max(unknown_max, weight)
        spelled = abbrs.get(w)
        if light_stem(w) in have or (spelled and all(light_stem(x) in have for x in _WORD.findall(spelled.lower()))):
            found += weight
        else:
            missing_max = max(missing_max, weight)
    if total <= 0:
        return 0.0, 0.0, 0.0, 0.0
    return found / total, unknown / total, missing_max, unknown_max
