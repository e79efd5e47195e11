"""Query processing: abbreviation expansion, spelling suggestions for non-words, word variants.

The dense query gets abbreviations spelled out ("ldcs" -> "least developed countries (ldcs)") and the
suggested spellings of non-words; a second, keyword form of the query (its topic words only) is embedded
too, so the question's scaffolding ("what does ... have to ...") weighs less. The lexical query is what
the user typed plus the suggestions and the expansions, so the search runs on both the typed and the
suggested word; the result shows the suggestion as "did you mean". A word that the index uses or that the
English word list knows (search/spelling.py) is never corrected. (Adding singular/plural variants to the
BM25 query was tried and did not help.)
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from index.lexical import tokenize

from .glossary import abbreviations_in
from .spelling import english_correction, is_english_word

# Question and filler words that carry no topic; dropped when measuring how much of a query the corpus covers.
QUESTION_WORDS = frozenset(["what", "which", "who", "whom", "whose", "when", "where", "why", "how", "does", "do", "did", "is", "are", "was", "were", "be", "been", "can", "could", "should", "would", "will", "shall", "may", "might", "must", "has", "have", "had", "there", "their", "they", "them", "it", "its", "this", "that", "these", "those", "any", "some", "a", "an", "the", "of", "to", "in", "on", "for", "by", "with", "from", "at", "as", "about", "into", "than", "then", "so", "such", "not", "no", "yes", "or", "and", "if", "itu", "itus", "under", "according", "regarding", "concerning", "also", "one", "ones", "kind", "sort", "way", "ways"])

_WORD = re.compile(r"[a-z\u00c0-\u024f][a-z\u00c0-\u024f'-]*[a-z\u00c0-\u024f]|[a-z\u00c0-\u024f]")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


class Vocabulary:
    """Word document frequencies of an index, for typo correction and variants."""

    def __init__(self, counts: Counter[str]) -> None:
        self.counts = counts
        self._by_stem: dict[str, list[str]] | None = None

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Vocabulary:
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(set(_WORD.findall(text.lower())))
        return cls(counts)

    def __contains__(self, word: str) -> bool:
        return word in self.counts

    def correct(self, word: str) -> str | None:
        """The most frequent vocabulary word one edit away (insert, delete, replace, swap), or None."""
        if len(word) < 4 or word in self.counts or not word.replace("'", "").replace("-", "").isalpha():
            return None
        best, best_n = None, 0
        for cand in _edits1(word):
            n = self.counts.get(cand, 0)
            if n > best_n:
                best, best_n = cand, n
        return best

    def variants(self, word: str) -> list[str]:
        """Singular/plural forms of `word` that the index uses ("deadlines" -> ["deadline"])."""
        if self._by_stem is None:
            by_stem: dict[str, list[str]] = {}
            for w in self.counts:
                by_stem.setdefault(plural_stem(w), []).append(w)
            self._by_stem = by_stem
        return [w for w in self._by_stem.get(plural_stem(word), ()) if w != word]


def plural_stem(word: str) -> str:
    """The word without a plural ending: "countries" -> "country", "boxes" -> "box", "groups" -> "group"."""
    w = word.lower()
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith("es") and w[-3] in "sxz":
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def light_stem(word: str) -> str:
    """Plural and -ing/-ed endings removed: enough to tie "deadline(s)", "finance/financing", "countries"."""
    w = plural_stem(word)
    for suffix in ("ing", "ed", "e"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: -len(suffix)]
    return w


def _edits1(word: str) -> set[str]:
    word = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode() or word  # "décision" -> "decision"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _LETTERS]
    inserts = [a + c + b for a, b in splits for c in _LETTERS]
    return set(deletes + swaps + replaces + inserts)


@dataclass(frozen=True, slots=True)
class QueryPlan:
    """What is sent to each retriever for one query, and what was changed on the way."""

    original: str
    dense_text: str
    lexical_text: str
    content_words: tuple[str, ...]  # topic words of the query (typos fixed), for coverage and answers
    corrections: tuple[tuple[str, str], ...] = ()  # (typed non-word, suggestion)
    expansions: tuple[tuple[str, str], ...] = ()  # (abbreviation, expansion)
    keyword_text: str = ""  # the topic words alone, embedded beside `dense_text`

    @property
    def did_you_mean(self) -> str:
        """The query with the suggestions in place of the non-words ("" when nothing was suggested)."""
        out = self.original
        for typed, fixed in self.corrections:
            out = re.sub(rf"(?i)\b{re.escape(typed)}\b", fixed, out)
        return out if self.corrections else ""


def plan_query(query: str, vocab: Vocabulary | None, known_words: frozenset[str] = frozenset()) -> QueryPlan:
    """Expand abbreviations, suggest spellings for non-words, add variants.

    A non-word is neither in the index, nor in the English word list, nor a known word of the model
    (`known_words`); its suggestion is the most frequent index word one edit away, else the word list's
    correction. "neutrality" and "auctions" are left alone even where the corpus never uses them.
    """
    expansions = abbreviations_in(query)
    corrections: list[tuple[str, str]] = []
    dense = query
    words = _WORD.findall(query.lower())
    expanded_words = {w for a, _ in expansions for w in _WORD.findall(a.lower())}
    for w in dict.fromkeys(words):
        if (vocab is None or w in QUESTION_WORDS or w in expanded_words or w in vocab or w in known_words
                or is_english_word(w)):
            continue
        fixed = vocab.correct(w) or (english_correction(w) if len(w) > 4 else None)  # short: acronyms
        if fixed:
            corrections.append((w, fixed))
            dense = re.sub(rf"(?i)\b{re.escape(w)}\b", fixed, dense)
    for abbr, exp in expansions:
        dense = re.sub(rf"(?i)(?<![\w-]){re.escape(abbr)}(?![\w-])", f"{exp} ({abbr})", dense, count=1)
    fixed_words = [dict(corrections).get(w, w) for w in words]
    content = [w for w in dict.fromkeys(fixed_words) if w not in QUESTION_WORDS and len(w) > 1
               and w not in expanded_words]
    for _, exp in expansions:
        content.extend(w for w in _WORD.findall(exp.lower()) if w not in QUESTION_WORDS and w not in content)
    lexical_parts = [query]
    lexical_parts += [fixed for _, fixed in corrections]
    lexical_parts += [exp for _, exp in expansions]
    lexical = " ".join(lexical_parts)
    content_words = tuple(w for w in content if tokenize(w))
    return QueryPlan(query, dense, lexical, content_words, tuple(corrections), tuple(expansions),
                     keyword_text=" ".join(content_words))
