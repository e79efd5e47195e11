"""Search: hybrid retrieval (dense + BM25) over an Index, reference lookup, extractive answers, abstention.

    from search import ask, Filters
    result = ask(index, "how many years can LDCs take to repay arrears?", k=5)
    result.hits[0].clause.citation
"""

from .citations import Reference, parse_reference
from .engine import MAX_K, MAX_QUERY_CHARS, ask, retrieve
from .records import Answer, AnswerSentence, Filters, Hit, ReferenceGroup, SearchResult

__all__ = ["MAX_K", "MAX_QUERY_CHARS", "Answer", "AnswerSentence", "Filters", "Hit", "Reference",
           "ReferenceGroup", "SearchResult", "ask", "parse_reference", "retrieve"]
