"""Is a question written in another of ITU's official languages? The index and its model are English.

Arabic, Chinese and Russian are told by their script. French and Spanish by their words: a word votes for
French (Spanish) when that language's frequency list (the dictionaries that ship with `pyspellchecker`)
uses it far more often than the English one does; the question is in the language most words vote for
when at least two words and at least half of its words vote for it. The French and Spanish lists are loaded only for questions
with accented letters or many non-English words.
"""

from __future__ import annotations

import re
from functools import cache

from .spelling import english_counts

SCRIPTS = (("Arabic", re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")),
           ("Chinese", re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")),
           ("Russian", re.compile(r"[\u0400-\u04ff]")))
_LATIN = re.compile(r"[a-zA-Z\u00c0-\u024f]")
_WORD = re.compile(r"[a-z\u00c0-\u024f]+(?:'[a-z\u00c0-\u024f]+)?")
_ACCENTED = re.compile(r"[àâçéèêëîïôûùüÿñœ¿¡áíóú]")
LATIN_LANGUAGES = (("French", "fr"), ("Spanish", "es"))
RATIO = 20.0  # a word votes for a language it is this many times more frequent in than in English


@cache
def _relative(lang: str) -> dict[str, float]:
    if lang == "en":
        counts = english_counts()
    else:
        from spellchecker import SpellChecker

        counts = dict(SpellChecker(language=lang, distance=1).word_frequency.dictionary)
    total = float(sum(counts.values())) or 1.0
    return {w: c / total for w, c in counts.items()}


def other_language(text: str) -> str | None:
    """'French', 'Spanish', 'Arabic', 'Chinese' or 'Russian' when `text` is written in it, else None."""
    letters = len(_LATIN.findall(text))
    for name, script in SCRIPTS:
        n = len(script.findall(text))
        if n and n >= letters:
            return name
    words = _WORD.findall(text.lower())
    if len(words) < 2:
        return None
    en = english_counts()
    foreign_looking = sum(w not in en for w in words)
    if not _ACCENTED.search(text.lower()) and foreign_looking * 3 < len(words):
        return None
    en_rel = _relative("en")
    votes = {}
    for name, lang in LATIN_LANGUAGES:
        rel = _relative(lang)
        votes[name] = sum(rel.get(w, 0.0) > RATIO * en_rel.get(w, 0.0) for w in words)
    best = max(votes, key=lambda n: votes[n])
    return best if votes[best] >= 2 and votes[best] * 2 >= len(words) else None


def message(language: str) -> str:
    return (f"This question looks {language}. The index and its embedding model are English, so the clauses "
            "below are a rough match at best and no answer is given: ask in English (e.g. 'Which countries "
            "count as developing countries?') for cited answers.")
