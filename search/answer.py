"""Extractive answers: the sentences of the best clauses that best answer the question, each cited."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .query import QueryPlan, light_stem
from .records import Answer, AnswerSentence, Hit

ABSTAIN_MESSAGE = "The indexed resolutions do not appear to address this"
MAX_SENTENCES = 3  # sentences in one answer
MAX_CANDIDATES = 12  # sentences scored per query
MAX_EMBEDDED = 6  # of which at most this many are embedded (bounds the query-time embedding cost)
EMBED_WORDS = 60  # a sentence is embedded by its first words only
KEEP_RATIO = 0.85  # further sentences must score at least this share of the best one

_SPLIT = re.compile(r"(?<=[.;!?])\s+(?=[A-Z0-9\u201c\"(\u2013-])")
_ABBREV_END = re.compile(r"(?:\b(?:No|Nos|Res|Rev|Art|Arts|para|paras|Doc|Vol|Fig|Sect|approx|etc|Mr|Ms|Dr|St|p|pp|"
                         r"cf|Dec|Rec|Ref|Add|Corr|Suppl|op)|\b[a-z]\.[a-z]|\b[A-Z])\.$")
_WORD = re.compile(r"[a-z0-9]+")


def split_sentences(text: str) -> list[str]:
    """Sentences of a clause; list items separated by ";" count as sentences; abbreviations do not end one."""
    joined: list[str] = []
    for piece in _SPLIT.split(text.strip()):
        if joined and _ABBREV_END.search(joined[-1]):  # "No. 5.296", "Res. 30": not a sentence end
            joined[-1] = f"{joined[-1]} {piece}"
        else:
            joined.append(piece)
    parts: list[str] = []
    for piece in joined:
        if parts and len(piece.split()) < 4:  # a fragment belongs to the sentence before it
            parts[-1] = f"{parts[-1]} {piece}"
        else:
            parts.append(piece)
    return [p.strip() for p in parts if p.strip()]


def extract_answer(index, view, plan: QueryPlan, hits: Sequence[Hit], query_vector: np.ndarray | None,
                   confidence: float, *, whole_clauses: bool = False) -> Answer | None:
    """The best 1-3 sentences of `hits` for the question, scored by embedding similarity and word overlap.

    `whole_clauses`: the query named the clauses (a reference): answer with their text as it stands.
    """
    if not hits:
        return None
    if whole_clauses:
        sents = tuple(AnswerSentence(h.clause.text, h.clause, 1.0) for h in hits[:MAX_SENTENCES] if h.clause.text)
        return Answer(sents, confidence)
    cands: list[tuple[str, Hit]] = []
    for h in hits:
        for s in split_sentences(h.clause.text):
            if len(cands) < MAX_CANDIDATES:
                cands.append((s, h))
    if not cands:
        return None
    overlap = np.array([_overlap(plan.content_words, s) for s, _ in cands], dtype=np.float32)
    cosine = np.zeros(len(cands), dtype=np.float32)
    if query_vector is not None:
        # A clause that is one sentence already has its similarity (the hit's dense score); only the
        # sentences of longer clauses are embedded, the first MAX_EMBEDDED of them.
        single = {id(h) for h in hits if len(split_sentences(h.clause.text)) == 1 and h.dense is not None}
        todo = [i for i, (_, h) in enumerate(cands) if id(h) not in single][:MAX_EMBEDDED]
        for i, (_, h) in enumerate(cands):
            if id(h) in single:
                cosine[i] = h.dense
        if todo:
            vecs = index.embed([" ".join(cands[i][0].split()[:EMBED_WORDS]) for i in todo])
            cosine[todo] = vecs @ np.asarray(query_vector, dtype=np.float32).reshape(-1)
    top_hit = max(h.score for _, h in cands) or 1.0
    prior = np.array([h.score / top_hit for _, h in cands], dtype=np.float32)
    score = 0.5 * cosine + 0.3 * overlap + 0.2 * prior
    order = np.argsort(-score, kind="stable")
    best = float(score[order[0]])
    chosen = [int(i) for i in order if float(score[i]) >= KEEP_RATIO * best][:MAX_SENTENCES]
    sents = tuple(AnswerSentence(cands[i][0], cands[i][1].clause, round(float(score[i]), 4)) for i in chosen)
    return Answer(sents, round(float(confidence), 4))


def _overlap(words: Sequence[str], sentence: str) -> float:
    if not words:
        return 0.0
    have = {light_stem(w) for w in _WORD.findall(sentence.lower())}
    return sum(1 for w in words if light_stem(w) in have) / len(words)
