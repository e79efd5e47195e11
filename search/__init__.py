"""Search: hybrid retrieval (dense + BM25) over an Index, reference lookup, extractive answers, abstention.

    from search import ask, Filters
    result = ask(index, "how many years can LDCs take to repay arrears?", k=5)
    result.hits[0].clause.citation

Names are imported on first use, so `search.limits` stays cheap for the CLI's --help.
"""

from __future__ import annotations

import importlib

from .limits import MAX_BATCH_QUERIES, MAX_K, MAX_QUERY_CHARS

_LAZY = {
    "ask": "engine", "retrieve": "engine",
    "Reference": "citations", "parse_reference": "citations",
    "Answer": "records", "AnswerSentence": "records", "Filters": "records", "Hit": "records",
    "ReferenceGroup": "records", "SearchResult": "records",
}

__all__ = ["MAX_BATCH_QUERIES", "MAX_K", "MAX_QUERY_CHARS", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'search' has no attribute {name!r}")
