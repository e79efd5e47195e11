"""Records that search returns: filters in, hits, an extractive answer and the result out."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.records import Clause


@dataclass(frozen=True, slots=True)
class Filters:
    """Restrict a search. Empty fields do not restrict.

    `revision` matches a year ("2018"), a conference tag ("WRC-23") or part of the printed revision
    ("Kigali, 2022"); `file` matches the file name (or a path ending with it).
    """

    body: str = ""
    number: str = ""
    revision: str = ""
    kind: str = ""
    file: str = ""

    @property
    def empty(self) -> bool:
        return not (self.body or self.number or self.revision or self.kind or self.file)


@dataclass(frozen=True, slots=True)
class Hit:
    """One ranked clause. `score` is in [0, 1] (higher is better); `why` says how it was found."""

    clause: Clause
    score: float
    rank: int
    why: str = ""  # "reference", "hybrid", "instrument"
    dense: float | None = None  # cosine similarity of the query and the clause, when computed
    lexical: float | None = None  # raw BM25 score, when the clause was a lexical candidate
    superseded_by: str = ""  # "Resolution 21 (Rev. Bucharest, 2022)" when the clause's revision is not in force


@dataclass(frozen=True, slots=True)
class AnswerSentence:
    """One extracted sentence and the clause it comes from."""

    text: str
    clause: Clause
    score: float

    @property
    def citation(self) -> str:
        return self.clause.citation


@dataclass(frozen=True, slots=True)
class Answer:
    """An extractive answer: sentences copied from the top clauses, each with its citation."""

    sentences: tuple[AnswerSentence, ...]
    confidence: float  # in [0, 1]: calibrated probability that the rank-1 clause answers (search/abstain.py)
    generated: str = ""  # optional LLM answer text, only with every citation checked

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def clauses(self) -> tuple[Clause, ...]:
        seen: dict[str, Clause] = {}
        for s in self.sentences:
            seen.setdefault(s.clause.id, s.clause)
        return tuple(seen.values())


@dataclass(frozen=True, slots=True)
class ReferenceGroup:
    """The clauses of one instrument that a reference names (several groups when it is ambiguous)."""

    instrument_ref: str  # "Resolution 2 (Rev. Dubai, 2018)"
    body: str
    file: str
    hits: tuple[Hit, ...]
    exact: bool  # True when the named section/label was found in this instrument
    superseded_by: str = ""  # the revision in force, when this instrument is an older revision


# What a result says about its answer (SearchResult.outcome).
ANSWER = "answer"  # the answer and its clauses
LOW_CONFIDENCE = "low_confidence"  # the best clauses and an answer, flagged: they may not answer the question
NOT_ADDRESSED = "not_addressed"  # the evidence says the indexed texts are silent on this (abstained)
OTHER_LANGUAGE = "other_language"  # the question is not in English, which the index and model are
NO_MATCH = "no_match"  # nothing to show (empty query, empty index, filters exclude everything)
OUTCOMES = (ANSWER, LOW_CONFIDENCE, NOT_ADDRESSED, OTHER_LANGUAGE, NO_MATCH)


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    hits: tuple[Hit, ...]
    answer: Answer | None
    abstained: bool  # True only for "not addressed" (and when nothing can be searched)
    message: str = ""  # what to tell the user besides the hits (abstention, ambiguity, unknown reference)
    reference: str = ""  # the reference the query was read as, normalized ("WRC Resolution 22, resolves 1")
    groups: tuple[ReferenceGroup, ...] = field(default=())
    outcome: str = ANSWER  # one of OUTCOMES
    confidence: float | None = None  # calibrated probability that the rank-1 clause answers the question
    did_you_mean: str = ""  # the query with spelling suggestions for its non-words ("" if none)
    language: str = ""  # the question's language when it is not English ("French", ...)
    diff: object | None = None  # search.diff.InstrumentDiff when the question asked what changed

    @property
    def ambiguous(self) -> bool:
        return len(self.groups) > 1
