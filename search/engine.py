"""`ask`: a question or a reference in, ranked cited clauses, an extractive answer (or an abstention) out."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from index.context import embedding_text
from index.lexical import tokenize
from index.stores import ClauseStore

from . import language, llm, params
from .abstain import DEFAULT_CONFIDENCE, ConfidenceModel, confidence_features, fitted_model
from .answer import ABSTAIN_MESSAGE, extract_answer
from .choices import OptionScore, option_evidence, parse_choices
from .citations import (
    Instrument,
    match_instruments,
    narrow_by_hints,
    normalize_query,
    parse_reference,
    target_rows,
)
from .corpus import CorpusView, view_of
from .feedback import Feedback, feedback_vector
from .feedback import shipped as shipped_feedback
from .fusion import CANDIDATES, DEFAULT_FUSION, Fusion, add_context, fitted_fusion, fuse, top_rows
from .limits import MAX_K, MAX_QUERY_CHARS
from .query import QueryPlan, plan_query
from .records import (
    ANSWER,
    LOW_CONFIDENCE,
    NO_MATCH,
    NOT_ADDRESSED,
    OTHER_LANGUAGE,
    Filters,
    Hit,
    ReferenceGroup,
    SearchResult,
)
from .rerank import DEFAULT_RERANKER, Reranker, rerank
from .rerank import shipped as shipped_reranker
from .revisions import EXTRA_CANDIDATES, ask_changes, demoted_rows, prefer_in_force

MAX_ANSWER_CLAUSES = 3  # named clauses quoted in a reference's answer


@dataclass(frozen=True, slots=True)
class SearchSettings:
    """How to search. The fitted parts (fusion, confidence, reranker) left at their defaults are replaced, for an
    index built with a model that has parameters of its own (search/params.py), by that model's."""

    fusion: Fusion = DEFAULT_FUSION
    confidence: ConfidenceModel = DEFAULT_CONFIDENCE
    reranker: Reranker | None = DEFAULT_RERANKER
    answer: bool = True  # extract answer sentences (costs one small embedding batch)
    rerank: bool = True  # re-order the fused candidates with the shipped reranker (search/rerank.py)
    feedback: Feedback | None = None  # pseudo-relevance feedback; None: the shipped setting (search/feedback.json)
    llm_url: str | None = None  # an OpenAI-compatible endpoint for a generated answer (search/llm.py); None: off
    llm_model: str | None = None


DEFAULT_SETTINGS = SearchSettings()


def for_model(settings: SearchSettings, model: str) -> SearchSettings:
    """`settings` with the parameters fitted for `model` itself wherever the caller left the default ones."""
    if not params.has_own(model):
        return settings
    fusion, confidence, reranker = _own_parameters(params.model_key(model))
    return replace(settings, fusion=fusion if settings.fusion is DEFAULT_FUSION else settings.fusion,
                   confidence=confidence if settings.confidence is DEFAULT_CONFIDENCE else settings.confidence,
                   reranker=reranker if settings.reranker is DEFAULT_RERANKER else settings.reranker)


@lru_cache(maxsize=8)
def _own_parameters(model: str) -> tuple[Fusion, ConfidenceModel, Reranker | None]:
    return fitted_fusion(model), fitted_model(model), shipped_reranker(model)


UNSCORED = -1.0  # dense score of a row no retriever returned (below any cosine a candidate can have)


@dataclass(frozen=True, slots=True)
class Retrieval:
    """Scores of every row for one query (in row order), and the plan that produced them.

    `dense` holds the exact cosine of the store's dense candidates and of the lexical candidates, UNSCORED
    elsewhere: fusion only looks at the best CANDIDATES dense scores, so no other row's cosine changes a
    ranking (`fill_dense` adds the cosine of rows shown without one).
    """

    plan: QueryPlan
    query_vector: np.ndarray
    dense: np.ndarray
    lexical: np.ndarray
    fused: np.ndarray
    mask: np.ndarray | None
    choices: tuple[OptionScore, ...] = ()  # a multiple-choice question's options, scored by evidence


def retrieve(index: ClauseStore, query: str, *, filters: Filters | None = None, fusion: Fusion = DEFAULT_FUSION,
             view: CorpusView | None = None) -> Retrieval:
    """The store's dense and lexical candidates for `query` (within the filters), fused with context.

    A multiple-choice question ("... Options: A) ... B) ...") is retrieved on its stem; a clause gains
    from the option it states in proportion to its stem score, and the options are scored
    (search/choices.py).
    """
    view = view or view_of(index)
    choices = parse_choices(query) if fusion.choice_evidence else None
    if choices is not None:
        # the stem alone: distractors name bands, numbers and bodies that other clauses state
        stem = retrieve(index, choices.stem, filters=filters, fusion=replace(fusion, choice_evidence=0.0), view=view)
        return _apply_choices(index, stem, choices, fusion)
    plan = plan_query(query, view.vocabulary, view.known_words)
    return _search(index, view, plan, query_vector(index, plan, fusion.keyword_query), view.filter_mask(filters),
                   fusion)


def retrieve_within(index, view: CorpusView, r: Retrieval, query: str, within: np.ndarray,
                    fusion: Fusion = DEFAULT_FUSION) -> Retrieval:
    """`r` (a retrieval of `query`) searched again within the rows of `within` (and r's filters), so that every
    one of those rows is a candidate; the question is planned and embedded once for both."""
    choices = parse_choices(query) if r.choices else None
    out = _search(index, view, r.plan, r.query_vector, within if r.mask is None else r.mask & within,
                  replace(fusion, choice_evidence=0.0) if choices is not None else fusion)
    return _apply_choices(index, out, choices, fusion) if choices is not None else out


def _search(index, view: CorpusView, plan: QueryPlan, qvec: np.ndarray, mask: np.ndarray | None,
            fusion: Fusion) -> Retrieval:
    """The candidates of a planned and embedded query within `mask`, fused with context."""
    allowed = None if mask is None else np.flatnonzero(mask)
    found = index.candidates(qvec, plan.lexical_text, dense_k=CANDIDATES, lexical_k=CANDIDATES * 5,
                             allowed=allowed)
    n = len(view.clauses)
    dense = np.full(n, UNSCORED, dtype=np.float32)
    lexical = np.zeros(n, dtype=np.float32)
    for row, score in found.dense:
        dense[row] = score
    for row, score in found.lexical:
        lexical[row] = score
    fill_dense(index, dense, qvec, [row for row, _ in found.lexical])
    fused = add_context(fuse(dense, lexical, mask, fusion), view, plan.original, mask, fusion)
    if view.preferred_copy:
        fused = merge_copies(fused, view.canonical_row)
    return Retrieval(plan, qvec, dense, lexical, fused, mask)


def _apply_choices(index, r: Retrieval, choices, fusion: Fusion) -> Retrieval:
    """`r` (a retrieval on the stem) with the options' evidence added and the options scored."""
    option_scores = [_option_match(index, r, o.text) for o in choices.options]
    fused, per_option = option_evidence(r.fused, option_scores, fusion.choice_evidence)
    scored = tuple(OptionScore(o, round(score, 4), row) for o, (score, row) in
                   zip(choices.options, per_option, strict=True))
    return replace(r, fused=fused, choices=scored)


def _option_match(index, r: Retrieval, text: str) -> np.ndarray:
    """How much of an option each clause states, in [0, 1].

    Absolute where the store can say it (`Index.lexical_coverage`: the IDF-weighted share of the option's
    terms a clause contains), so a distractor that matches nothing well gets no "best" clause the way a
    relative score would give it one; other stores: BM25 relative to the option's best clause.
    """
    coverage = getattr(index, "lexical_coverage", None)
    if coverage is not None:
        return coverage(text)
    out = np.zeros(len(r.fused), dtype=np.float32)
    found = index.candidates(r.query_vector, text, dense_k=0, lexical_k=CANDIDATES * 5,
                             allowed=None if r.mask is None else np.flatnonzero(r.mask))
    for row, score in found.lexical:
        out[row] = score
    top = float(out.max()) if len(out) else 0.0
    return out / top if top > 0 else out


def with_feedback(index, view: CorpusView, r: Retrieval, rows: list[int], beta: float, query: str,
                  fusion: Fusion = DEFAULT_FUSION) -> Retrieval:
    """`r` scored again with the query vector moved towards the clauses in `rows` (search/feedback.py):
    the store's dense candidates for the new vector, the same lexical candidates and scores."""
    qvec = feedback_vector(r.query_vector, clause_vectors(index, view, rows), beta)
    allowed = None if r.mask is None else np.flatnonzero(r.mask)
    found = index.candidates(qvec, r.plan.lexical_text, dense_k=CANDIDATES, lexical_k=1, allowed=allowed)
    dense = np.full(len(view.clauses), UNSCORED, dtype=np.float32)
    for row, score in found.dense:
        dense[row] = score
    fill_dense(index, dense, qvec, np.flatnonzero(r.lexical > 0).tolist())
    fused = add_context(fuse(dense, r.lexical, r.mask, fusion), view, query, r.mask, fusion)
    if view.preferred_copy:
        fused = merge_copies(fused, view.canonical_row)
    out = Retrieval(r.plan, qvec, dense, r.lexical, fused, r.mask)
    choices = parse_choices(query) if r.choices else None
    return _apply_choices(index, out, choices, fusion) if choices is not None else out


def clause_vectors(index, view: CorpusView, rows: list[int]) -> np.ndarray:
    """The vectors of `rows`: read from the store where it offers them (`Index.vectors_of`), else embedded
    again from the same text the index embedded (a store such as Milvus keeps its vectors to itself)."""
    if hasattr(index, "vectors_of"):
        return index.vectors_of(rows)
    return index.embed([embedding_text(view.clauses[row]) for row in rows])


def ranked_rows(r: Retrieval, view: CorpusView, query: str, k: int, settings: SearchSettings) -> list[tuple[int, float]]:
    """The k best (row, score) of a retrieval: reranked, or in fused order without the reranker."""
    if settings.rerank:
        return rerank(r, view, query, k, settings.reranker)
    return [(row, float(r.fused[row])) for row in top_rows(r.fused, k)]


def fill_dense(index, dense: np.ndarray, query_vector: np.ndarray, rows) -> None:
    """Exact cosine for those of `rows` that have none yet (a few stored vectors, not a scan)."""
    todo = [row for row in dict.fromkeys(rows) if dense[row] == UNSCORED]
    if todo:
        dense[todo] = index.dense_scores(query_vector, todo)


def merge_copies(scores: np.ndarray, canonical: np.ndarray) -> np.ndarray:
    """A clause present in several copies of an instrument is ranked once, in the preferred copy, with
    the best score of its copies; the other copies drop out of the ranking."""
    out = np.full_like(scores, -1.0)
    np.maximum.at(out, canonical, scores)
    keep = canonical == np.arange(len(canonical))
    return np.where(keep, out, -1.0).astype(np.float32)


def query_vector(index, plan: QueryPlan, keyword_share: float) -> np.ndarray:
    """The question's embedding blended with its keyword form's (both L2-normalized, blend renormalized)."""
    if keyword_share <= 0 or not plan.keyword_text or plan.keyword_text == plan.dense_text.lower():
        return index.embed([plan.dense_text])[0]
    both = index.embed([plan.dense_text, plan.keyword_text])
    v = (1 - keyword_share) * both[0] + keyword_share * both[1]
    n = float(np.linalg.norm(v))
    return (v / n if n > 0 else both[0]).astype(np.float32)


def ask(index: ClauseStore, query: str, *, k: int = 10, filters: Filters | None = None,
        settings: SearchSettings = DEFAULT_SETTINGS) -> SearchResult:
    """Answer `query` from `index`: the k best clauses (a named clause first), an answer or an abstention."""
    q = normalize_query(query)[:MAX_QUERY_CHARS]
    k = max(1, min(int(k), MAX_K))
    if not q:
        return SearchResult(query=q, hits=(), answer=None, abstained=False, message="empty query: type a question "
                            "or a reference such as 'Res. 30 resolves 8'", outcome=NO_MATCH)
    view = view_of(index)
    meta = getattr(index, "meta", None)
    settings = for_model(settings, getattr(meta, "model", "") or "")
    if not view.clauses:
        return SearchResult(query=q, hits=(), answer=None, abstained=True, message="the index holds no clauses",
                            outcome=NO_MATCH)
    changes = ask_changes(index, view, q, k)
    if changes is not None:
        return changes
    ref = parse_reference(q)
    if ref is not None:
        result = _ask_reference(index, view, q, ref, k, filters, settings)
        if result is not None:
            return result
    lang = language.other_language(q)
    if lang is not None:
        return _other_language(index, view, q, k, filters, settings, lang)
    return _ask_hybrid(index, view, q, k, filters, settings)


def _other_language(index, view: CorpusView, q: str, k: int, filters: Filters | None, settings: SearchSettings,
                    lang: str) -> SearchResult:
    """A question in another language: the closest clauses, no answer, and a message that says why."""
    r = retrieve(index, q, filters=filters, fusion=settings.fusion, view=view)
    hits = _hits(view, top_rows(r.fused, k), r, why="hybrid")
    return SearchResult(query=q, hits=tuple(hits), answer=None, abstained=False, message=language.message(lang),
                        outcome=OTHER_LANGUAGE, language=lang)


def _ask_hybrid(index, view: CorpusView, q: str, k: int, filters: Filters | None, settings: SearchSettings,
                note: str = "") -> SearchResult:
    first = retrieve(index, q, filters=filters, fusion=settings.fusion, view=view)
    feedback = settings.feedback if settings.feedback is not None else shipped_feedback()
    depth = k + EXTRA_CANDIDATES if view.superseded.any() else k
    ranked_first = ranked_rows(first, view, q, max(depth, feedback.docs), settings)
    r, ranked = first, ranked_first[:depth]
    if feedback.active and ranked_first:
        # the ranking shown comes from the feedback pass; confidence stays on the first pass, as fitted
        r = with_feedback(index, view, first, [row for row, _ in ranked_first[:feedback.docs]], feedback.beta, q,
                          settings.fusion)
        ranked = ranked_rows(r, view, q, depth, settings)
    demoted = demoted_rows(view, q) if view.superseded.any() else None
    ranked = prefer_in_force(ranked, k, demoted)  # the revision in force first, unless the query names another
    judged = ranked if r is first else prefer_in_force(ranked_first[:depth], k, demoted)
    rows = [row for row, _ in ranked]
    hits = _hits(view, rows, r, why="hybrid")
    if settings.rerank:
        hits = [replace(h, score=round(score, 4)) for h, (_, score) in zip(hits, ranked, strict=True)]
    if not hits:
        msg = "no clause passes these filters" if r.mask is not None else "no clause matches this query"
        return SearchResult(query=q, hits=(), answer=None, abstained=True, message=_join(note, msg),
                            outcome=NO_MATCH, did_you_mean=r.plan.did_you_mean)
    probs = [score for _, score in judged] if settings.rerank else None
    feats = confidence_features(first, [row for row, _ in judged], view, probs)
    outcome, confidence = settings.confidence.judge(feats)
    abstained = outcome == NOT_ADDRESSED
    answer = None
    if settings.answer and not abstained:
        current = [h for h, (row, _) in zip(hits[:3], ranked, strict=False)
                   if demoted is None or not demoted[row]] or hits[:3]  # quote the preferred revision
        answer = extract_answer(index, view, r.plan, current, first.query_vector, confidence)
        if answer is not None and settings.llm_url:
            generated = llm.generate(q, hits, url=settings.llm_url, model=settings.llm_model)
            if generated is not None:
                answer = replace(answer, generated=generated.text)
    msg = _join(note, _plan_note(r.plan), _choice_note(view, r.choices), _outcome_note(outcome, confidence))
    return SearchResult(query=q, hits=tuple(hits), answer=answer, abstained=abstained, message=msg,
                        outcome=outcome, confidence=round(confidence, 4), did_you_mean=r.plan.did_you_mean,
                        choices=r.choices)


def _ask_reference(index, view: CorpusView, q: str, ref, k: int, filters: Filters | None,
                   settings: SearchSettings) -> SearchResult | None:
    """The instrument (and clause) a reference names first; several groups when it is ambiguous.

    Returns None when the reference names nothing in the index, so the query is searched as text.
    """
    cands, note = match_instruments(ref, view.instruments)
    cands, copies_note = _preferred_copies(view, cands)
    cands = narrow_by_hints(ref, cands, q)
    cands, older = _in_force_first(view, cands, q)
    note = _join(note, copies_note)
    mask = view.filter_mask(filters)
    if mask is not None:
        cands = [i for i in cands if any(mask[r] for r in i.rows)]
    if not cands:
        if filters is not None and not filters.empty and note == "":
            note = f"{ref.describe()} does not pass the filters"
        return _ask_hybrid(index, view, q, k, filters, settings, note=note) if note else None
    rest = ref.rest if len(tokenize(ref.rest)) else ""
    r = retrieve(index, rest or q, filters=filters, fusion=settings.fusion, view=view) if rest else None
    order = _order_within(index, view, cands + older, r, rest, settings) if r is not None else {}
    groups: list[ReferenceGroup] = []
    ordered: list[tuple[Instrument, tuple[int, ...], bool]] = []
    for inst in cands:
        targets, exact = target_rows(ref, inst, view.clauses)
        if mask is not None:
            targets = tuple(t for t in targets if mask[t])
        ordered.append((inst, targets, exact))
    if ref.names_clause and not any(t for _, t, _ in ordered):
        note = _join(note, f"{ref.section or 'item'} {ref.label}".strip() + " was not found in "
                     + " / ".join(i.ref for i, _, _ in ordered) + "; showing the closest clauses of the instrument")
    ordered.sort(key=lambda x: (not x[1], not x[2]))
    for inst, targets, exact in ordered:
        others = _rank_within(inst, targets, order, mask)
        hits = _hits(view, list(targets), r, why="reference", fixed_score=1.0)
        hits += _hits(view, others[: max(0, k - len(hits))], r, why="instrument", start=len(hits),
                      fixed_score=0.5)
        groups.append(ReferenceGroup(inst.ref, inst.body, inst.file, tuple(hits), exact and bool(targets)))
    older_groups = _older_groups(view, ref, older, r, order, mask, k)
    if len(groups) == 1:
        hits = list(groups[0].hits[:k])
        if len(hits) < k and r is not None:  # a short instrument: fill up from the rest of the corpus
            seen = {h.clause.id for h in hits}
            extra = [row for row in top_rows(r.fused, k * 2) if view.clauses[row].id not in seen]
            hits += _hits(view, extra, r, why="hybrid", start=len(hits))[: k - len(hits)]
    else:
        hits = _interleave(groups, k)
        note = _join(note, f"'{ref.describe()}' matches {len(groups)} instruments: "
                     + "; ".join(f"{g.body} {g.instrument_ref}".strip() for g in groups)
                     + ". Add the body or the revision (e.g. 'WRC Res 2', 'Res 2 (Rev. Dubai, 2018)') to choose one")
    if older_groups:
        hits = hits[:k]
        for g in older_groups:
            hits += [replace(h, rank=len(hits) + n + 1) for n, h in enumerate(g.hits[: max(1, k - len(hits))])]
        note = _join(note, "older revisions in the index, shown after the one in force: " + "; ".join(
            f"{g.instrument_ref} (superseded by {g.superseded_by})" for g in older_groups))
        groups += older_groups
    answer = None
    confidence = settings.confidence.reference(any(g.exact for g in groups))
    if settings.answer and hits:
        named = [h for h in hits if h.why == "reference"][:MAX_ANSWER_CLAUSES] or hits[:1]
        plan = r.plan if r is not None else plan_query(q, view.vocabulary, view.known_words)
        qvec = r.query_vector if r is not None else None
        answer = extract_answer(index, view, plan, named, qvec, confidence, whole_clauses=not rest)
    choices = r.choices if r is not None else ()
    return SearchResult(query=q, hits=tuple(hits), answer=answer, abstained=False,
                        message=_join(note, _choice_note(view, choices)), reference=ref.describe(),
                        groups=tuple(groups), outcome=ANSWER, confidence=confidence, choices=choices)


def _in_force_first(view: CorpusView, cands: list[Instrument], q: str) -> tuple[list[Instrument], list[Instrument]]:
    """Candidates split into those the query prefers (the revision in force, or the revision the query names)
    and older revisions of the same series, shown after them and marked."""
    if len(cands) < 2 or not view.superseded.any():
        return cands, []
    demoted = demoted_rows(view, q)
    keep = [i for i in cands if not demoted[i.rows[0]]]
    if not keep:
        return cands, []
    return keep, [i for i in cands if demoted[i.rows[0]]]


def _older_groups(view: CorpusView, ref, older: list[Instrument], r: Retrieval | None, order: dict[int, int], mask,
                  k: int) -> list[ReferenceGroup]:
    out = []
    for inst in older:
        targets, exact = target_rows(ref, inst, view.clauses)
        rows = list(targets) + _rank_within(inst, targets, order, mask)
        hits = _hits(view, rows[:k], r, why="older revision", fixed_score=0.5)
        newer = view.superseded_by(inst.rows[0])
        out.append(ReferenceGroup(inst.ref, inst.body, inst.file, tuple(hits), exact and bool(targets),
                                  superseded_by=newer.ref if newer is not None else ""))
    return out


def _preferred_copies(view: CorpusView, cands: list[Instrument]) -> tuple[list[Instrument], str]:
    """Copies of one instrument (same text in two files) collapse to the preferred copy."""
    if not view.preferred_copy:
        return cands, ""
    index_of = {id(inst): i for i, inst in enumerate(view.instruments)}
    out: list[Instrument] = []
    others: list[str] = []
    for inst in cands:
        best = view.instruments[view.preferred_copy.get(index_of[id(inst)], index_of[id(inst)])]
        if best is not inst:
            others.append(inst.file)
        if all(best is not o for o in out):
            out.append(best)
    note = (f"The same instrument is also indexed from {', '.join(sorted(set(others)))}; each clause is shown once"
            if others else "")
    return out, note


def _order_within(index, view: CorpusView, insts: list[Instrument], r: Retrieval, rest: str,
                  settings: SearchSettings) -> dict[int, int]:
    """Position of the named instruments' clauses when the rest of the question (retrieved as `r`) is searched
    within them alone, reranked as any question is: every clause of theirs is a candidate, not only those that
    also made the corpus-wide top."""
    within = np.zeros(len(view.clauses), dtype=bool)
    for inst in insts:
        within[list(inst.rows)] = True
    inner = retrieve_within(index, view, r, rest, within, settings.fusion)
    return {row: pos for pos, (row, _) in enumerate(ranked_rows(inner, view, rest, int(within.sum()), settings))}


def _rank_within(inst: Instrument, targets: tuple[int, ...], order: dict[int, int], mask) -> list[int]:
    """The instrument's other clauses: by relevance to the rest of the query, else in reading order."""
    taken = set(targets)
    rows = [row for row in inst.rows if row not in taken and (mask is None or mask[row])]
    if order:
        rows.sort(key=lambda row: order.get(row, len(order)))
    return rows


def _interleave(groups: list[ReferenceGroup], k: int) -> list[Hit]:
    """Round-robin over the groups so each meaning of an ambiguous reference shows up at the top."""
    out: list[Hit] = []
    depth = 0
    while len(out) < k and any(depth < len(g.hits) for g in groups):
        for g in groups:
            if depth < len(g.hits) and len(out) < k:
                out.append(replace(g.hits[depth], rank=len(out) + 1))
        depth += 1
    return out


def _hits(view: CorpusView, rows: list[int], r: Retrieval | None, *, why: str, start: int = 0,
          fixed_score: float | None = None) -> list[Hit]:
    """Hits for rows in order; scores are the fused scores, or `fixed_score` (decreasing) for rows named
    by a reference and no retrieval."""
    out = []
    if r is not None:
        fill_dense(view.index, r.dense, r.query_vector, rows)
    for i, row in enumerate(rows):
        dense = lexical = None
        if r is not None:
            dense = float(r.dense[row])
            lexical = float(r.lexical[row]) if r.lexical[row] > 0 else None
        if fixed_score is not None and (r is None or why == "reference"):
            score = fixed_score
        elif r is not None:
            score = float(max(0.0, min(1.0, r.fused[row])))
        else:
            score = 0.0
        newer = view.superseded_by(row)
        out.append(Hit(clause=view.clauses[row], score=round(score, 4), rank=start + i + 1, why=why,
                       dense=dense, lexical=lexical, superseded_by=newer.ref if newer is not None else ""))
    return out


def _choice_note(view: CorpusView, choices: tuple[OptionScore, ...]) -> str:
    """"Best supported option: B) ... (Resolution 217 (Rev.WRC-23), resolves, 4, p. 3)"."""
    supported = [(c, c.row) for c in choices if c.row is not None]
    if not supported:
        return ""
    best, row = max(supported, key=lambda cr: cr[0].score)
    return (f"Best supported option: {best.option.letter}) {best.option.text} "
            f"(see {view.clauses[row].citation})")


def _plan_note(plan: QueryPlan) -> str:
    if not plan.corrections:
        return ""
    return (f"Did you mean: {plan.did_you_mean}? Searched for both "
            + ", ".join(f"'{typed}' and '{fixed}'" for typed, fixed in plan.corrections))


def _outcome_note(outcome: str, confidence: float) -> str:
    if outcome == NOT_ADDRESSED:
        return ABSTAIN_MESSAGE
    if outcome == LOW_CONFIDENCE:
        return (f"Low confidence ({confidence:.0%}): the best clause may not answer this; check the clauses "
                "below")
    return ""


def _join(*parts: str) -> str:
    return " ".join(p.strip().rstrip(".") + "." for p in parts if p and p.strip())

