"""Pseudo-relevance feedback: the query vector moved towards the clauses ranked first (Rocchio).

A question in everyday words often lands near the right part of the corpus without naming its terms;
the first clauses it finds carry the corpus's own wording. Adding their mean vector to the query's
(weight `beta`) and scoring again lets the neighbours of those clauses come up. The setting is data:
`feedback.json` beside this module, chosen by bench/semantic.py on the TRAIN questions only (the file
records the question-set hashes, parser version and index format it was chosen on). Without the file,
or with beta 0, there is no feedback pass.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

FEEDBACK_FILE = Path(__file__).with_name("feedback.json")


@dataclass(frozen=True, slots=True)
class Feedback:
    beta: float = 0.0  # weight of the feedback clauses' mean vector added to the query vector
    docs: int = 0  # how many of the first-ranked clauses give feedback

    @property
    def active(self) -> bool:
        return self.beta > 0 and self.docs > 0


NO_FEEDBACK = Feedback()


@lru_cache(maxsize=1)
def shipped() -> Feedback:
    """The setting in feedback.json, or no feedback (missing or unreadable file)."""
    try:
        data = json.loads(FEEDBACK_FILE.read_text(encoding="utf-8"))
        return Feedback(beta=float(data["beta"]), docs=int(data["docs"]))
    except (OSError, ValueError, KeyError, TypeError):
        return NO_FEEDBACK


def feedback_vector(query_vector: np.ndarray, feedback_vectors: np.ndarray, beta: float) -> np.ndarray:
    """The query vector plus `beta` times the mean of the feedback clauses' vectors, L2-normalized."""
    q = np.asarray(query_vector, dtype=np.float32).reshape(-1)
    if beta <= 0 or len(feedback_vectors) == 0:
        return q
    v = q + beta * np.asarray(feedback_vectors, dtype=np.float32).mean(axis=0)
    n = float(np.linalg.norm(v))
    return (v / n).astype(np.float32) if n > 0 else q
