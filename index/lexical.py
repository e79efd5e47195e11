"""BM25 (bm25s) over clause text plus context, with a tokenizer that keeps numbers and hyphenated terms."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import numpy as np

from ingest.references import extract_references

# Unicode dashes and hyphens as printed in ITU texts become "-" (so "ITU‑D" matches "itu-d"), curly apostrophes
# straight ones, thin and no-break spaces (thousands separators in "1\u202f710 MHz") plain spaces, "m²" "m2".
_NORMALIZE = str.maketrans(
    dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-") | {"\u00ad": None, "\u2019": "'", "\u2018": "'"}
    | dict.fromkeys("\u00a0\u2007\u2009\u202f", " ") | {"\u00b2": "2", "\u00b7": " "})
# A token: letters/digits, optionally joined by - . / (e.g. "itu-d", "5150-5250", "1.1", "e.i.r.p").
_TOKEN = re.compile(r"[0-9a-z\u00c0-\u024f]+(?:[-./][0-9a-z\u00c0-\u024f]+)*")
_PART = re.compile(r"[0-9a-z\u00c0-\u024f]+")
# A web address (scheme:// or www.) up to the next space. Its host and path parts ("www", "itu", "net",
# "pages") are not words of the text: a footnote that is only a link would otherwise match "net neutrality".
_URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)\S+")

# Quantities. A number may group thousands with spaces ("2 500", "1 710"); only where a unit follows is a
# space read as a thousands separator (elsewhere "Resolutions 1 and 2 500" would be ambiguous).
_NUM = r"\d{1,3}(?: \d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_FREQ_UNIT = r"[kmgt]?hz"
_GROUPED = re.compile(r"(\d)[\u00a0\u2009\u202f](?=\d{3}\b)")
_FREQ_SCALE = {"hz": Decimal("0.000001"), "khz": Decimal("0.001"), "mhz": Decimal(1), "ghz": Decimal(1000),
               "thz": Decimal(1000000)}
# "1 710-1 885 MHz", "1710-1885MHz", "27.5 to 29.5 GHz", "470 MHz to 694 MHz", "9 kHz", "3.4 GHz"
_FREQ = re.compile(
    rf"(?<![\w.])(?P<a>{_NUM}) ?(?P<ua>{_FREQ_UNIT})?(?: ?- ?| to )(?P<b>{_NUM}) ?(?P<ub>{_FREQ_UNIT})\b"
    rf"|(?<![\w.])(?P<c>{_NUM}) ?(?P<uc>{_FREQ_UNIT})\b")
# Power and flux units: dBW, dBm, dBi, dB(W/m2), dB(W/(m2 · MHz)), dBW/MHz, W/MHz, dB(W/100 MHz) ...
_POWER = re.compile(
    r"(?<![\w.])(?P<sign>-)?(?P<v>\d+(?:\.\d+)?) ?(?P<u>db(?:\((?:[^()]|\([^()]*\)){1,30}\)|[wmi]\b(?:/[a-z0-9]+)?|\b)"
    r"|[mk]?w(?:/(?:\d+ ?)?[kmg]?hz)?\b)")
_UNIT_JUNK = str.maketrans("", "", "() ")
# A reference term per reference the text makes: "Resolution 229 (Rev.WRC-19)" and "Res 229" both give
# "res:229" (and "res:wrc:229"), "No. 5.341" gives "rr:5.341", "Article 44 of the Constitution" "cs-art:44".
_REF_PREFIX = {"resolution": "res", "decision": "dec", "recommendation": "rec", "opinion": "opinion",
               "question": "question", "unga_resolution": "unga", "rr_provision": "rr", "rr_article": "rr-art",
               "rr_appendix": "rr-ap", "constitution_article": "cs-art", "convention_article": "cv-art",
               "constitution_provision": "cs", "convention_provision": "cv", "general_rules_provision": "gr",
               "itr_article": "itr-art"}


def _decimal(number: str) -> Decimal:
    return Decimal(number.replace(" ", ""))


def _plain(value: Decimal) -> str:
    """1710.000 -> "1710", 0.009 -> "0.009", 27500 -> "27500" (no exponent)."""
    text = f"{value.normalize():f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _quantity_terms(text: str, out: list[str], plain_numbers: bool = True) -> str:
    """Append canonical quantity terms to `out`; return the text with the quantities' numbers joined
    ("1 710" -> "1710": a query "1710" without unit still matches) or, with `plain_numbers` False, removed.

    Frequencies become MHz: "27.5-29.5 GHz" and "27 500-29 500 MHz" both give "27500-29500mhz",
    "27500mhz" and "29500mhz"; "1710-1885MHz" and "1 710-1 885 MHz" both give "1710-1885mhz". Power
    quantities give value+unit ("-150dbw/m2", "30dbw/100mhz") and the unit alone ("dbw/m2").
    """
    def freq(m: re.Match) -> str:
        if m.group("c"):
            unit = m.group("uc")
            out.append(f"{_plain(_decimal(m.group('c')) * _FREQ_SCALE[unit])}mhz")
            return f" {m.group('c').replace(' ', '')} {unit} " if plain_numbers else f" {unit} "
        ub = m.group("ub")
        ua = m.group("ua") or ub
        a, b = _decimal(m.group("a")) * _FREQ_SCALE[ua], _decimal(m.group("b")) * _FREQ_SCALE[ub]
        if a >= b:  # "10-5 MHz": not a range
            out.append(f"{_plain(b)}mhz")
            return f"{m.group('a')} {ub} "
        out.extend((f"{_plain(a)}-{_plain(b)}mhz", f"{_plain(a)}mhz", f"{_plain(b)}mhz"))
        if plain_numbers:
            return f" {m.group('a').replace(' ', '')}-{m.group('b').replace(' ', '')} {ub} "
        return f" {ub} "

    def power(m: re.Match) -> str:
        unit = m.group("u").translate(_UNIT_JUNK)
        if unit in ("w", "db") and not m.group("sign"):
            return m.group()  # "3 w" or "10 db" alone: left to the plain tokens
        out.append(unit)
        out.append(f"{m.group('sign') or ''}{_plain(Decimal(m.group('v')))}{unit}")
        return " "

    if "db" in text or "w/" in text or " w" in text or "mw" in text or "kw" in text:
        text = _POWER.sub(power, text)
    return _FREQ.sub(freq, text) if "hz" in text else text


def _reference_terms(original: str, out: list[str], bodies: bool = True) -> None:
    for ref in extract_references(original):
        if ref.type.startswith(("recommendation_itu_", "report_itu_")):
            continue  # "sm.329" is a term of the text itself (see _sub_compounds)
        prefix = _REF_PREFIX[ref.type]
        ref_id = ref.id.lower().replace(" ", "")
        out.append(f"{prefix}:{ref_id}")
        if bodies and ref.body and ref.body != "this" and ref.type in ("resolution", "decision", "recommendation"):
            out.append(f"{prefix}:{ref.body.lower()}:{ref_id}")
        if ref.is_range:
            out.extend(f"{prefix}:{end}" for end in ref_id.split("-"))


def _sub_compounds(token: str) -> list[str]:
    """Compounds inside a compound: "sm.329-12" -> "sm.329"; "9.7-9.21" -> "9.7", "9.21";
    "rev.wrc-19" -> "wrc-19"; so "SM.329", "No. 9.21" and "WRC-19" match them."""
    subs: list[str] = []
    for sep in "-.":
        if sep in token:
            subs.extend(p for p in token.split(sep) if p and p != token and any(c in p for c in "-./"))
    return subs


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN)


def tokenize(text: str) -> list[str]:
    """The terms of `text` for BM25, the same for clauses and queries (index format 4).

    Lower-cased words and numbers; a compound ("itu-d", "5150-5250", "sm.329-12") is kept whole and also
    split into its parts and the compounds inside it ("sm.329"). Stopwords are dropped (not inside
    compounds); numbers are kept since users search "5150" or "resolves 8". Web addresses are dropped whole.
    Added terms: frequencies in MHz whatever the unit and spacing ("1710-1885mhz", "27500mhz"), power
    quantities and units ("-150dbw/m2", "dbw/m2"), and one term per reference the text makes
    ("res:229", "res:wrc:229", "rr:5.341", "rr-ap:30b", "cs-art:44"; see ingest.references).
    """
    return _tokenize(text)


def _tokenize(text: str, *, quantities: bool = True, references: bool = True, ref_bodies: bool = True,
              sub_compounds: bool = True, plain_numbers: bool = True) -> list[str]:
    """`tokenize` with its ITU-specific parts switchable (bench/lexical_tokenizer.py compares them)."""
    stop = _stopwords()
    out: list[str] = []
    digits = any(c.isdigit() for c in text)
    if references and digits:
        _reference_terms(text, out, ref_bodies)
    if digits and ("\u202f" in text or "\u2009" in text or "\u00a0" in text):
        text = _GROUPED.sub(r"\1", text)  # "5\u202f000\u202f000" -> "5000000"
    text = text.lower().translate(_NORMALIZE).replace("'s ", " ")
    if "://" in text or "www." in text:
        text = _URL.sub(" ", text)
    extra: list[str] = []
    if quantities and digits:
        text = _quantity_terms(text, extra, plain_numbers)
    for match in _TOKEN.finditer(text):
        token = match.group()
        parts = _PART.findall(token)
        if len(parts) > 1:
            out.append(token)
            if sub_compounds and (("-" in token) + ("." in token) + ("/" in token)) > 1:
                out.extend(_sub_compounds(token))
            out.extend(p for p in parts if p not in stop)
        elif token not in stop:
            out.append(token)
    out.extend(extra)
    return out


class Lexical:
    """A BM25 index over tokenized documents; rows are the clause row ids."""

    def __init__(self, retriever, num_docs: int) -> None:
        self._bm25 = retriever
        self.num_docs = num_docs

    @classmethod
    def build(cls, texts: Sequence[str]) -> Lexical:
        import bm25s

        tokens = [tokenize(t) for t in texts]
        retriever = bm25s.BM25()
        if tokens:
            # bm25s cannot index an all-empty corpus; an empty token keeps row ids aligned
            retriever.index([t or [""] for t in tokens], show_progress=False)
        return cls(retriever, len(texts))

    def save(self, folder: Path) -> None:
        if self.num_docs:
            self._bm25.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path, num_docs: int) -> Lexical:
        """The saved index (`num_docs` is what the caller expects; an empty corpus has no saved files)."""
        import bm25s

        if not num_docs:
            return cls(bm25s.BM25(), 0)
        retriever = bm25s.BM25.load(str(folder), mmap=False, show_progress=False, verbosity=0)
        return cls(retriever, int(retriever.scores["num_docs"]))

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every row for `query`; all zeros when the query has no token (only stopwords or
        punctuation), which bm25s itself cannot score."""
        tokens = tokenize(query)
        if not self.num_docs or not tokens:
            return np.zeros(self.num_docs, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)

    def coverage(self, query: str) -> np.ndarray:
        """Per row, the IDF-weighted share of the query's distinct terms that the row contains, in [0, 1].

        An absolute measure (unlike BM25, which is only comparable within one query): "46-68 MHz" covers a
        clause that says "MHz" but not "46-68 MHz" only by the small weight of "mhz"."""
        tokens = list(dict.fromkeys(tokenize(query)))
        out = np.zeros(self.num_docs, dtype=np.float32)
        if not self.num_docs or not tokens:
            return out
        total = 0.0
        for token in tokens:
            present = np.asarray(self._bm25.get_scores([token]), dtype=np.float32) > 0
            df = int(present.sum())
            idf = float(np.log(1 + (self.num_docs - df + 0.5) / (df + 0.5)))
            total += idf
            out += idf * present
        return out / total if total > 0 else out

    def search(self, query: str, k: int, allowed: Iterable[int] | None = None) -> list[tuple[int, float]]:
        """The k best rows with a positive score, best first."""
        scores = self.scores(query)
        if allowed is not None:
            mask = np.zeros_like(scores)
            mask[np.fromiter(allowed, dtype=np.int64)] = 1.0
            scores = scores * mask
        return top_k(scores, k)


def top_k(scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    if k <= 0 or not len(scores):
        return []
    k = min(k, len(scores))
    idx = np.argpartition(-scores, k - 1)[:k]
    idx = idx[np.argsort(-scores[idx], kind="stable")]
    return [(int(i), float(scores[i])) for i in idx if scores[i] > 0]
