"""Which typed words are not words, and what to suggest instead.

A word is a word when the index uses it or when it is in a maintained English word list (the frequency
dictionary that ships with the `pyspellchecker` package, read offline). Only the others are typos: for
those the suggestion is the most frequent index word one edit away, else the word list's own correction.
"spectrum auctions" is left alone (auctions is an English word) even though the index never uses it.
"""

from __future__ import annotations

import math
from functools import lru_cache


@lru_cache(maxsize=1)
def _checker():
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1)


@lru_cache(maxsize=1)
def english_counts() -> dict[str, int]:
    """Word -> frequency count of the English word list."""
    return dict(_checker().word_frequency.dictionary)


def is_english_word(word: str) -> bool:
    return word.lower() in english_counts()


@lru_cache(maxsize=1)
def _top_count() -> int:
    return max(english_counts().values())


def rarity(word: str) -> float:
    """How rare `word` is in general English: log(count of the most frequent word / count of this one);
    words the list lacks get the rarity of a word seen once."""
    return math.log(_top_count() / max(1, english_counts().get(word.lower(), 1)))


def english_correction(word: str) -> str | None:
    """The word list's correction of a non-word (one edit), or None."""
    if is_english_word(word):
        return None
    fixed = _checker().correction(word.lower())
    return fixed if fixed and fixed != word.lower() and is_english_word(fixed) else None
