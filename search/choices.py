"""Multiple-choice questions: "<stem> Options: A) ... B) ... C) ... D) ...".

`parse_choices` (pure) splits the question into its stem and lettered options. Retrieval then ranks on
the stem alone (distractors name bands, numbers and bodies that other clauses mention) and uses the
options as evidence: a clause that answers the stem and also states one option (the right answer is usually stated
in the clause that answers the stem) moves up, in proportion to both, and each option is scored by the
best such clause (`option_evidence`). The answer stays a cited clause; the best
supported option is reported beside it, never asserted without that clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

# "A)", "(A)", "A.", "A:" (upper or lower case) after a space, a line break or "Options:"
_MARK = re.compile(r"(?:(?<=\s)|^|(?<=:))\(?(?P<letter>[A-Ha-h])(?:\)|\.(?=\s)|:(?=\s))\s*")
_LEAD = re.compile(r"\s*(?:options?|choices?|answers?)\s*:?\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Option:
    letter: str  # "A"
    text: str  # "keep the count of outdoor stations in check"


@dataclass(frozen=True, slots=True)
class Choices:
    stem: str
    options: tuple[Option, ...]


@dataclass(frozen=True, slots=True)
class OptionScore:
    """How well the index supports one option: the stem candidate it matches best, and the score."""

    option: Option
    score: float
    row: int | None  # the clause (row) that supports it, None if no candidate matches it at all


def parse_choices(question: str) -> Choices | None:
    """The stem and options of a multiple-choice question, or None if it is not one.

    Options are lettered A, B, C ... in order (at least two); the letters must follow each other, so a
    stray "a)" in the stem ("recognizing a)") does not start an option list unless B) follows.
    """
    marks = list(_MARK.finditer(question))
    # the longest run of consecutive letters starting at A/a, taken from the end of the text
    best: list[re.Match] = []
    for i, m in enumerate(marks):
        if m.group("letter").upper() != "A":
            continue
        run = [m]
        for nxt in marks[i + 1:]:
            if ord(nxt.group("letter").upper()) == ord(run[-1].group("letter").upper()) + 1 \
                    and nxt.group("letter").isupper() == m.group("letter").isupper():
                run.append(nxt)
        if len(run) >= 2 and len(run) >= len(best):
            best = run
    if not best:
        return None
    options = []
    for j, m in enumerate(best):
        end = best[j + 1].start() if j + 1 < len(best) else len(question)
        text = question[m.end():end].strip().rstrip(";,").strip()
        if not text:
            return None
        options.append(Option(m.group("letter").upper(), text))
    stem = _LEAD.sub("", question[:best[0].start()]).strip()
    if not stem:
        return None
    return Choices(stem, tuple(options))


def option_evidence(stem_scores: np.ndarray, option_scores: list[np.ndarray],
                    weight: float) -> tuple[np.ndarray, list[tuple[float, int | None]]]:
    """Stem scores with the option evidence added, and per option (score, best row).

    `option_scores[i]` is option i's match with every clause on [0, 1]. A clause gains `weight` times its
    stem score times its best option match: evidence counts in proportion to how well the clause answers
    the stem, so a clause that only states a distractor ("1 270-1 295 MHz" somewhere else) gains little.
    Rows scored below 0 (filtered out) are left alone.
    """
    out = stem_scores.astype(np.float32, copy=True)
    if not option_scores or not len(stem_scores):
        return out, []
    relevance = np.clip(stem_scores, 0.0, None)
    per_option: list[tuple[float, int | None]] = []
    best_match = np.zeros(len(stem_scores), dtype=np.float32)
    for scores in option_scores:
        match = np.asarray(scores, dtype=np.float32)
        best_match = np.maximum(best_match, match)
        gain = relevance * match
        if float(gain.max()) <= 0:
            per_option.append((0.0, None))
            continue
        total = stem_scores + weight * gain
        i = int(np.argmax(np.where(match > 0, total, -np.inf)))
        per_option.append((float(total[i]), i))
    keep = stem_scores >= 0
    out[keep] += weight * (relevance * best_match)[keep]
    return out, per_option
