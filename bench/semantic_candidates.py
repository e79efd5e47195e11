"""The semantic candidates that did not pay (bench/results/semantic.md), kept here so the measurement can be
repeated; the product does not use them.

(b) a thesaurus mined from the corpus itself: abbreviations the texts define ("earth stations in motion
    (ESIMs)"), definitions ("HIBS: High-altitude platform station as IMT base station") and "hereinafter"
    terms; an abbreviation is kept only when its letters are the initials of the words before the
    parenthesis. Used to expand queries in four ways (`with_thesaurus` modes), plus compound splitting of
    words the corpus lacks ("cybersecurity" -> "security", "cyberthreats").
(d) sentence windows of long clauses, embedded with the clause's title and heading, so a long clause can
    match on its best part.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from ingest.records import Clause
from search.query import QUESTION_WORDS, QueryPlan

_STOP = frozenset(["of", "and", "the", "for", "in", "on", "to", "a", "an", "as", "with", "by", "at", "from", "or", "its", "their"])
_PAREN = re.compile(r"\(([A-Za-z][A-Za-z0-9&/\-]*[A-Za-z0-9])\)")
_DEFINES = re.compile(r"^([A-Z][A-Za-z0-9\-]*[A-Z][A-Za-z0-9\-]*):\s+([^.;:]{5,120})[.;]")
_HEREINAFTER = re.compile(r"([A-Z][^()\"“”]{3,100}?)\s*\(hereinafter(?:\s+referred\s+to\s+as)?\s*[\"“]?(?:the\s+)?"
                          r"([^\"”)]{2,60})[\"”]?\)")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’]*")
MAX_WORDS = 12


def _letters(abbr: str) -> str:
    core = abbr[:-1] if abbr.endswith("s") and abbr[:-1].isupper() or abbr.endswith("s") and "-" in abbr else abbr
    return "".join(ch.lower() for ch in core if ch.isalpha())


def _is_abbreviation(token: str) -> bool:
    return sum(ch.isupper() for ch in token) >= 2 and len(token) <= 15


def expansion_before(text: str, abbr: str) -> str | None:
    """The words just before "(ABBR)" whose initials spell the abbreviation, or None."""
    words = _WORD.findall(text)[-MAX_WORDS:]
    letters = _letters(abbr)
    if len(letters) < 2:
        return None
    for n in range(1, len(words) + 1):
        cand = words[-n:]
        parts = [p for w in cand for p in re.split(r"[-/]", w) if p]
        every = "".join(p[0].lower() for p in parts)
        content = "".join(p[0].lower() for p in parts if p.lower() not in _STOP)
        if letters in (every, content) and cand[0].lower() not in _STOP:
            return " ".join(cand)
        if len(content) > len(letters) and len(every) > len(letters):
            return None
    return None


def mine(texts: Iterable[str]) -> dict[str, str]:
    """Lower-case term -> the expansion the corpus uses most often for it."""
    found: dict[str, Counter[str]] = {}
    for text in texts:
        for m in _PAREN.finditer(text):
            abbr = m.group(1)
            if not _is_abbreviation(abbr) or " " in abbr:
                continue
            exp = expansion_before(text[: m.start()], abbr)
            if exp:
                found.setdefault(abbr.lower(), Counter())[exp.lower()] += 1
        m = _DEFINES.match(text)
        if m and _is_abbreviation(m.group(1)):
            found.setdefault(m.group(1).lower(), Counter())[m.group(2).strip().lower()] += 1
        for m in _HEREINAFTER.finditer(text):
            short, long = m.group(2).strip().lower(), m.group(1).strip().lower()
            if short != long and len(long.split()) <= 8 and not re.search(r"[\"“”]", short):
                found.setdefault(short, Counter())[long] += 1
    return {term: forms.most_common(1)[0][0] for term, forms in sorted(found.items())}


WINDOW_WORDS = 60
_SENTENCE_END = re.compile(r"(?<=[.;:])\s+(?=[A-Z(“\"–•-])")


def split_words(text: str, size: int = WINDOW_WORDS) -> list[str]:
    """Whole sentences packed into windows of at most `size` words; long sentences cut with overlap."""
    out: list[str] = []
    current: list[str] = []
    for sentence in _SENTENCE_END.split(text.strip()):
        words = sentence.split()
        if len(words) > size:
            if current:
                out.append(" ".join(current))
                current = []
            step = size * 2 // 3
            out += [" ".join(words[i:i + size]) for i in range(0, max(1, len(words) - size // 3), step)]
            continue
        if current and len(current) + len(words) > size:
            out.append(" ".join(current))
            current = []
        current += words
    if current:
        out.append(" ".join(current))
    return out


def window_texts(clause: Clause, min_words: int) -> list[str]:
    """The texts to embed for `clause`'s windows; [] when the clause has at most `min_words` words."""
    if len(clause.text.split()) <= min_words:
        return []
    where = f"footnote {clause.label}" if clause.kind == "footnote" else clause.section
    prefix = ". ".join(p for p in (clause.title.strip(), where.strip()) if p)
    return [f"{prefix}: {w}" if prefix else w for w in split_words(clause.text)]


_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9&\-]*[A-Za-z0-9]")


def thesaurus_expansions(query: str, thesaurus: dict[str, str], known_words: frozenset[str],
                         already: set[str]) -> list[tuple[str, str]]:
    """(term as typed, expansion) for the query's words that the thesaurus defines."""
    out: dict[str, tuple[str, str]] = {}
    low = query.lower()
    for m in _TOKEN.finditer(query):
        word = m.group()
        key = word.lower()
        exp = thesaurus.get(key)
        if exp is None or key in already or key in out or exp in low:
            continue
        if (key in QUESTION_WORDS or key in known_words) and not word.isupper():
            continue
        out[key] = (word, exp)
    return list(out.values())


def abbreviations_of(query: str, thesaurus: dict[str, str]) -> list[tuple[str, str]]:
    """(expansion found in the query, its abbreviation) for long forms of two words or more the query uses."""
    low = " ".join(re.findall(r"[a-z0-9]+", query.lower()))
    return [(exp, term) for term, exp in thesaurus.items()
            if len(exp.split()) >= 2 and f" {exp} " in f" {low} " and term not in low.split()]


def compound_parts(word: str, vocabulary, max_prefixed: int = 3) -> list[str]:
    """Corpus words for a compound the corpus lacks: "cybersecurity" -> "security", "cyberthreats".

    The word is cut where its tail is a corpus word of 4+ letters and its head (4+ letters) starts other
    corpus words; the tail and the most frequent words sharing the head come back.
    """
    if len(word) < 8 or word in vocabulary:
        return []
    for i in range(4, len(word) - 3):
        head, tail = word[:i], word[i:]
        if tail not in vocabulary:
            continue
        prefixed = sorted((w for w in vocabulary if w.startswith(head) and w != word and len(w) > len(head) + 2),
                          key=lambda w: -vocabulary[w])[:max_prefixed]
        if prefixed:
            return [tail, *prefixed]
    return []


def with_thesaurus(plan: QueryPlan, thesaurus: dict[str, str], known_words: frozenset[str] = frozenset(),
                   mode: str = "both", vocabulary=None) -> QueryPlan:
    """The plan with the thesaurus's expansions added: "dense" spells terms out in the dense query and adds
    them to the lexical one, "lexical" only adds them to the lexical query, "reverse" adds the abbreviation
    of a long form the query spells out to the lexical query."""
    if mode == "compound":
        parts = [p for w in plan.content_words for p in compound_parts(w, vocabulary or {})]
        return replace(plan, lexical_text=" ".join([plan.lexical_text, *parts])) if parts else plan
    if mode == "reverse":
        found = abbreviations_of(plan.original, thesaurus)
        if not found:
            return plan
        return replace(plan, lexical_text=" ".join([plan.lexical_text] + [t for _, t in found]))
    already = {a.lower() for a, _ in plan.expansions}
    found = thesaurus_expansions(plan.original, thesaurus, known_words, already)
    if not found:
        return plan
    if mode == "lexical":
        return replace(plan, lexical_text=" ".join([plan.lexical_text] + [e for _, e in found]))
    dense = plan.dense_text
    for word, exp in found:
        dense = re.sub(rf"(?<![\w-]){re.escape(word)}(?![\w-])", f"{exp} ({word})", dense, count=1)
    extra = [w for _, exp in found for w in exp.split() if w not in QUESTION_WORDS and w not in plan.content_words]
    content = plan.content_words + tuple(dict.fromkeys(extra))
    return replace(plan, dense_text=dense, lexical_text=" ".join([plan.lexical_text] + [e for _, e in found]),
                   content_words=content, keyword_text=" ".join(content),
                   expansions=plan.expansions + tuple(found))
