"""Fusing the dense and the lexical score of every clause into one ranking score, then adding context.

Two fusion methods: reciprocal rank fusion (RRF, ranks only) and weighted score fusion, where each
retriever's scores are put on a common scale first: the dense cosine relative to the spread of the best
candidates, and BM25 relative to the best BM25 score of the query. Then context terms, each one generic
(see `Fusion`): preamble clauses (background) rank a little below operative ones; a footnote inherits
part of the score of the clause that cites it, but stays below that clause unless its own score is
higher; a nested item ("11 a)") inherits part of its parent's ("11"); clause texts repeated across many
instruments (boilerplate) rank lower; a clause that states the kind of answer the question asks for (a
quantity, a date) gets a small bonus; a clause that cites a document the question names (a Recommendation,
an RR provision, another resolution: `ingest.references`) gets a bonus. bench/fit.py chooses the settings
on the train split (with a K-fold estimate) and writes them to search/fitted/fusion.json, which
DEFAULT_FUSION reads (without that file: the dataclass defaults).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from . import params

CANDIDATES = 100  # depth of each retriever's list that RRF ranks and that sets the dense scale
FOOTNOTE_MARGIN = 1e-3  # how far below its citing clause a footnote with a weaker own score is held


@dataclass(frozen=True, slots=True)
class Fusion:
    method: str = "weighted"  # "weighted" | "rrf"
    dense_weight: float = 0.4  # weighted: share of the dense score; the lexical score gets the rest
    keyword_query: float = 0.5  # share of the keyword form of the query in the query vector
    rrf_k: int = 60
    preamble_penalty: float = 0.1  # subtracted from preamble clauses: they give background, not decisions
    footnote_context: float = 0.3  # share of the citing clause's score a footnote inherits
    footnote_below_citing: bool = True  # a footnote ranks above its citing clause only on its own score
    parent_context: float = 0.2  # share of its parent item's score a nested item ("11 a)") inherits
    boilerplate_penalty: float = 0.15  # subtracted from clause texts repeated across instruments
    answer_type: float = 0.1  # bonus when a clause states the quantity/date the question asks for
    # bonus for clauses citing a document the question names ("RR No. 9.21"); 0.2 and 0.4 scored the same
    # on the train split (bench/results/lexical_variants.json), the smaller is kept
    cited_reference: float = 0.2
    # multiple choice: a clause gains this x its stem score x its best option's term coverage; chosen on the
    # train split's 8 multiple-choice questions among 0.3 / 0.6 / 1.0 (bench/results/lexical_variants.json)
    choice_evidence: float = 0.6


def fitted_fusion(model: str = "") -> Fusion:
    """The settings in search/fitted/fusion.json (or the model's own; unknown keys ignored), else the defaults above."""
    data = params.load("fusion", model) or {}
    known = {f.name for f in fields(Fusion)}
    return Fusion(**{k: v for k, v in data.get("fusion", {}).items() if k in known})


DEFAULT_FUSION = fitted_fusion()


def ranks(scores: np.ndarray, mask: np.ndarray | None, depth: int = CANDIDATES) -> np.ndarray:
    """1-based rank of each row among the `depth` best (masked, positive for BM25 lists), 0 for the rest."""
    s = scores if mask is None else np.where(mask, scores, -np.inf)
    depth = min(depth, int(np.isfinite(s).sum()))
    out = np.zeros(len(scores), dtype=np.int32)
    if depth <= 0:
        return out
    top = np.argpartition(-s, depth - 1)[:depth]
    top = top[np.argsort(-s[top], kind="stable")]
    out[top] = np.arange(1, len(top) + 1)
    return out


def normalized_dense(dense: np.ndarray, mask: np.ndarray | None, depth: int = CANDIDATES) -> np.ndarray:
    """Cosine scaled so the best candidate is 1 and the `depth`-th is 0 (clipped at 0)."""
    s = dense if mask is None else np.where(mask, dense, -np.inf)
    finite = s[np.isfinite(s)]
    if not len(finite):
        return np.zeros_like(dense)
    depth = min(depth, len(finite))
    top = np.partition(-finite, depth - 1)[:depth]
    hi, lo = float(-top.min()), float(-top.max())
    if hi - lo < 1e-9:
        return np.where(np.isfinite(s), 1.0, 0.0).astype(np.float32)
    return np.clip((s - lo) / (hi - lo), 0.0, 1.0).astype(np.float32)


def normalized_lexical(lexical: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
    """BM25 divided by the best (masked) BM25 score of the query."""
    s = lexical if mask is None else np.where(mask, lexical, 0.0)
    top = float(s.max()) if len(s) else 0.0
    if top <= 0:
        return np.zeros_like(lexical, dtype=np.float32)
    return (s / top).astype(np.float32)


def fuse(dense: np.ndarray, lexical: np.ndarray, mask: np.ndarray | None, fusion: Fusion = DEFAULT_FUSION) -> np.ndarray:
    """One score per row in [0, 1] (higher is better); rows outside the mask get -1."""
    if fusion.method == "rrf":
        rd, rl = ranks(dense, mask), ranks(lexical, mask)
        score = np.where(rd > 0, 1.0 / (fusion.rrf_k + rd), 0.0) + np.where(rl > 0, 1.0 / (fusion.rrf_k + rl), 0.0)
        score = score / (2.0 / (fusion.rrf_k + 1))
    elif fusion.method == "weighted":
        w = fusion.dense_weight
        score = w * normalized_dense(dense, mask) + (1 - w) * normalized_lexical(lexical, mask)
    else:
        raise ValueError(f"unknown fusion method {fusion.method!r}: use 'weighted' or 'rrf'")
    score = score.astype(np.float32)
    if mask is not None:
        score = np.where(mask, score, -1.0).astype(np.float32)
    return score


def top_rows(scores: np.ndarray, k: int) -> list[int]:
    """Rows of the k best scores (ignoring rows scored below 0, i.e. filtered out), best first."""
    if k <= 0 or not len(scores):
        return []
    k = min(k, len(scores))
    idx = np.argpartition(-scores, k - 1)[:k]
    idx = idx[np.lexsort((idx, -scores[idx]))]
    return [int(i) for i in idx if scores[i] >= 0]


def base_before_notes(scores: np.ndarray, fusion: Fusion, view) -> np.ndarray:
    """Fused scores with the preamble penalty: what footnotes and nested items inherit from."""
    s = scores.astype(np.float32, copy=True)
    if fusion.preamble_penalty:
        s -= fusion.preamble_penalty * view.is_preamble
    return s


def add_context(scores: np.ndarray, view, question: str, mask: np.ndarray | None,
                fusion: Fusion = DEFAULT_FUSION) -> np.ndarray:
    """The fused scores with the context terms of `fusion` added (rows outside the mask stay at -1)."""
    from .answer_type import wanted

    base = base_before_notes(scores, fusion, view)
    s = base.copy()
    if fusion.footnote_context and view.footnote_parents:
        boiler = view.is_boilerplate
        for row, parents in view.footnote_parents.items():
            if not boiler[row]:  # a standard footnote says the same wherever it is cited
                s[row] += fusion.footnote_context * max(float(base[p]) for p in parents)
    if fusion.parent_context and view.parent_rows:
        children = np.fromiter(view.parent_rows.keys(), dtype=np.int64)
        parents = np.fromiter(view.parent_rows.values(), dtype=np.int64)
        s[children] += fusion.parent_context * base[parents]
    if fusion.boilerplate_penalty:
        s -= fusion.boilerplate_penalty * view.is_boilerplate
    if fusion.answer_type:
        quantity, date = wanted(question)
        if quantity:
            s += fusion.answer_type * view.states_quantity
        if date:
            s += fusion.answer_type * view.states_date
    if fusion.cited_reference:
        cites = view.cites_named(question)
        if cites is not None:
            s += fusion.cited_reference * cites
    if fusion.footnote_below_citing and view.footnote_parents:
        s = below_citing_clause(s, base, view.footnote_parents, mask)
    if mask is not None:
        s = np.where(mask, s, -1.0).astype(np.float32)
    return s


def below_citing_clause(s: np.ndarray, base: np.ndarray, footnote_parents: dict[int, tuple[int, ...]],
                        mask: np.ndarray | None = None) -> np.ndarray:
    """A footnote stays below the clause that cites it unless its own fused score beats that clause's.

    What a footnote inherits from its citing clause (and the lead-in and heading it shares with it) must not
    lift it above that clause: for a question about the clause, the clause is the answer and the footnote a
    note on one of its words. A footnote whose own score is higher (its text answers better) keeps its
    place. Citing clauses outside the mask (filtered out) do not hold a footnote down.
    """
    out = s.copy()
    for row, parents in footnote_parents.items():
        shown = [p for p in parents if mask is None or mask[p]]
        if shown and float(base[row]) <= max(float(base[p]) for p in shown):
            out[row] = min(float(out[row]), max(float(s[p]) for p in shown) - FOOTNOTE_MARGIN)
    return out
