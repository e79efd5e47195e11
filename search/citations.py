"""Reading references the way people type them, and finding the clauses they name.

"Res. 30", "Resolution 30 (Rev. Kigali, 2022)", "WTDC Res 30", "PP-18 Res. 2", "Res 12 (Rev.WRC-23)",
"resolves 8 of Resolution 30", "Res. 30 (Rev. Kigali, 2022) resolves to invite ITU-D 8",
"wtsa res 1 clause 9.5.6", "Decision 5", "Annex 2 to Res 48 item 4", "Res 22 footnote *".

`parse_reference` is pure text work; `match_instruments` and `target_rows` look the reference up in a
list of clauses (an index's rows). Sections are matched fuzzily against the sections the instrument
really has, with abbreviated addressees expanded ("ITU-D" for "the ITU Telecommunication Development
Sector", "SG" for "Secretary-General").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.instruments import DASHES as _DASHES
from ingest.instruments import Instrument, instrument_key, instruments_of  # noqa: F401  (re-exported)
from ingest.instruments import full_year as _full_year
from ingest.instruments import revision_tokens as _year_tokens
from ingest.patterns import (
    ANNEX_NUMBER,
    ANNEX_WORD,
    BODY_FROM_REVISION,
    BODY_NAMES,
    SECTOR_BODIES,
    keyword_pattern,
    words_pattern,
)
from ingest.patterns import ROMAN_LABEL as _ROMAN_LABEL
from ingest.records import Clause, instrument_ref

from .glossary import expansion

# ---------------------------------------------------------------------------------------------- bodies


def _body_aliases() -> dict[str, tuple[str, ...]]:
    """Words that name a body (ingest.patterns.BODY_NAMES and the Sectors), lower-case, to its body codes."""
    aliases: dict[str, tuple[str, ...]] = {}
    for body, names, abbreviations, also in BODY_NAMES:
        for word in (*names, *abbreviations, *also):
            key = " ".join(word.lower().split())
            aliases[key] = (*aliases.get(key, ()), body)
    return aliases | {sector.lower(): bodies for sector, bodies in SECTOR_BODIES.items()}


BODY_ALIASES = _body_aliases()
_BODY_RE = f"(?:{words_pattern(list(BODY_ALIASES))})"

_INSTRUMENTS = {"res": "Resolution", "resolution": "Resolution", "resolutions": "Resolution",
                "reso": "Resolution", "dec": "Decision", "decision": "Decision", "decisions": "Decision",
                "rec": "Recommendation", "recs": "Recommendation", "recommendation": "Recommendation",
                "recommendations": "Recommendation"}

# A revision typed without parentheses: "Rev.WRC-23", "Rev. Dubai 2018", "WRC-15", "Kigali, 2022".
_BARE_REVISION = (r"rev\.?\s*(?:(?:wrc|warc|wtdc|wtsa|pp|rra|orb)-?\d{2}\b|[a-z]+(?:\s[a-z]+)?,?\s*\d{4})"
                  r"|(?:wrc|warc|wtdc|wtsa|pp|rra|orb)-?\d{2}\b"
                  r"|(?:kigali|dubai|busan|guadalajara|antalya|marrakesh|bucharest|hammamet|geneva|"
                  r"johannesburg|dubai|florianópolis|buenos\s+aires|hyderabad|doha|istanbul|"
                  r"sharm\s+el-sheikh|minneapolis|kyoto|marrakech|new\s+delhi|seoul),?\s*\d{4}")

_REFERENCE = re.compile(
    rf"(?<![\w-])(?:(?P<body>{_BODY_RE})(?:-?\s?(?P<byear>\d{{2}}(?:\d{{2}})?)\b)?(?:'s)?\s+(?:conference\s+)?)?"
    r"(?P<instr>r[eé]solutions?|reso|r[eé]s|d[eé]cisions?|d[eé]c|recomm[ea]ndations?|recs?)\.?\s*(?:no\.?\s*)?"
    r"(?P<num>\d{1,4})(?![\d/]|\.\d)"
    rf"(?:\s*\((?P<rev>[^()]{{1,40}})\)|\s*,?\s*(?P<rev2>{_BARE_REVISION}))?",
    re.IGNORECASE,
)
_BODY_AFTER = re.compile(rf"^\s*,?\s*(?:\((?P<b1>{_BODY_RE})(?:-?(?P<y1>\d{{2}}))?\)|of\s+(?:the\s+)?(?P<b2>{_BODY_RE})"
                         rf"(?:-?(?P<y2>\d{{2}}))?\b)", re.IGNORECASE)

# ------------------------------------------------------------------------------------ sections, labels

# The keyword headings the parser knows ("considering", "resolves to invite ...", "in view of"), so that a
# section typed in a question is read by the same words
_KEYWORD_RE = keyword_pattern()
_ANNEX_RE = rf"{ANNEX_WORD}{ANNEX_NUMBER}"  # the parser's annex headings: "Annex 2", "appendix IV", "Annexe A"
_FOOTNOTE_RE = r"(?:footnote|foot-note|fn\.?|note)"
_GENERIC_RE = (r"(?:operative\s+paragraph|sub-?paragraph|paragraph|para\.?|par\.?|clause|item|point|section|sec\.?|"
               r"sect\.?|op\.?|§+)")

_NUM_LABEL = r"\d{1,3}(?:\s?(?:bis|ter|quater))?(?:\.\d{1,3}(?:\s?(?:bis|ter|quater))?)*"
_LETTER_LABEL = r"\(?[a-z](?:\s?(?:bis|ter))?\)"
_LABEL = (rf"(?:{_NUM_LABEL}(?:\s*{_LETTER_LABEL}|[a-z]\b)?(?:\s*{_ROMAN_LABEL})?"
          rf"|{_LETTER_LABEL}(?:\s*{_ROMAN_LABEL})?|\*{{1,3}})")

_LABEL_AT_END = re.compile(rf"(?:^|\s)(?P<label>{_LABEL})\s*$", re.IGNORECASE)
_LABEL_ANYWHERE = re.compile(rf"(?:^|\s)(?P<label>{_LABEL})(?=[\s,;.:?!]|$)", re.IGNORECASE)
_STARTS_KEYWORD = re.compile(rf"^(?P<kw>{_KEYWORD_RE})\b", re.IGNORECASE)
_STARTS_ANNEX = re.compile(rf"^(?P<annex>{_ANNEX_RE})", re.IGNORECASE)
_STARTS_FOOTNOTE = re.compile(rf"^{_FOOTNOTE_RE}\s*(?P<label>\d{{1,3}}(?:bis|ter)?|\*{{1,3}})(?!\w)", re.IGNORECASE)
_STARTS_GENERIC = re.compile(rf"^{_GENERIC_RE}\s*(?P<label>{_LABEL})(?=[\s,;.:?!]|$)", re.IGNORECASE)
_STARTS_LABEL = re.compile(rf"^(?P<label>{_LABEL})(?=[\s,;.:?!]|$)", re.IGNORECASE)
_SEGMENT_END = re.compile(r"[,;?!:]|\((?!(?:[a-z]|[ivx]+)\))|\s[-–]\s|\.(?:\s|$)")
_COMMA_LABEL = re.compile(rf"^\s*,\s*(?P<label>{_LABEL})(?=[\s,;.:?!]|$)", re.IGNORECASE)
_CONNECTORS = re.compile(r"(?:\s+(?:of|in|from|to|under|the|within|per))+\s*$", re.IGNORECASE)

@dataclass(frozen=True, slots=True)
class Reference:
    """A reference read from a query. Empty fields were not given."""

    instrument: str  # Resolution | Decision | Recommendation
    number: str
    bodies: tuple[str, ...] = ()  # body codes the reference allows ("WRC",), () = any
    revision: str = ""  # as typed: "Rev. Kigali, 2022", "2018", "WRC-23"
    section: str = ""  # as typed: "resolves to invite ITU-D", "annex 2", "footnote"
    label: str = ""  # as typed: "8", "9.5.6", "3 a)", "*"
    rest: str = ""  # the query without the reference (what else the user asked)
    span: tuple[int, int] = field(default=(0, 0))  # where the instrument part sits in the normalized query

    @property
    def names_clause(self) -> bool:
        return bool(self.label or self.section)

    def describe(self) -> str:
        """A normalized form to show the user: "WRC Resolution 22 (REV.WRC-23), resolves 1"."""
        head = instrument_ref(" ".join(p for p in ("/".join(self.bodies), self.instrument) if p), self.number,
                              self.revision)
        place = " ".join(p for p in (self.section, self.label) if p)
        return ", ".join(p for p in (head, place) if p)


# Lone surrogates (a browser's JSON "\ud800", invalid UTF-8 on a command line) cannot be written to UTF-8
# output, and control characters (NUL, ESC sequences) only garble terminals: neither helps a search.
_UNPRINTABLE = re.compile(r"[\ud800-\udfff]|[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def normalize_query(text: str) -> str:
    """Dashes unified, non-breaking spaces and runs of whitespace collapsed, unprintable characters dropped."""
    text = _UNPRINTABLE.sub(" ", text.translate(_DASHES).replace("\u00a0", " ").replace("\u00ad", ""))
    return " ".join(text.split())


def parse_reference(text: str) -> Reference | None:
    """The first instrument reference in `text` with the section/label it names, or None."""
    q = normalize_query(text)
    m = _REFERENCE.search(q)
    if m is None:
        return None
    instrument = _INSTRUMENTS[m.group("instr").lower().replace("é", "e").replace("recommand", "recommend")]
    number = m.group("num").lstrip("0") or "0"
    bodies: tuple[str, ...] = ()
    years: list[str] = []
    if m.group("body"):
        bodies = _bodies(m.group("body"))
        if m.group("byear"):
            years.append(_full_year(m.group("byear")))
    revision = (m.group("rev") or m.group("rev2") or "").strip()
    end = m.end()
    if revision and not _looks_like_revision(revision):
        revision, end = "", m.end("num")  # "(see annex)" and the like is not a revision
    after = q[end:]
    body_after = _BODY_AFTER.match(after)
    if body_after and not bodies:
        bodies = _bodies(body_after.group("b1") or body_after.group("b2"))
        year = body_after.group("y1") or body_after.group("y2")
        if year:
            years.append(_full_year(year))
        after = after[body_after.end():]
    if revision:
        rev_bodies = _bodies_in_revision(revision)
        if rev_bodies and not bodies:
            bodies = rev_bodies
    elif years:
        revision = years[0]

    before = q[:m.start()]
    section_a, label_a, rest_a = _place_after(after)
    section_b, label_b, rest_b = _place_before(before)
    section = section_a or section_b
    label = label_a or label_b
    if section_a and section_b:  # "annex 2 to Res 48 resolves 1" is odd; keep the one nearest the number
        section = section_a
    rest = " ".join(p for p in (rest_b, rest_a) if p).strip(" ,;:?")
    return Reference(instrument=instrument, number=number, bodies=bodies, revision=revision,
                     section=section, label=label, rest=rest, span=(m.start(), m.end()))


def _bodies(word: str) -> tuple[str, ...]:
    return BODY_ALIASES.get(" ".join(word.lower().split()), ())


def _bodies_in_revision(revision: str) -> tuple[str, ...]:
    return next(((body,) for body, rx in BODY_FROM_REVISION if rx.search(revision)), ())


def _looks_like_revision(text: str) -> bool:
    return bool(re.search(r"\d{2}", text)) or text.lower().startswith("rev")


def _place_after(after: str) -> tuple[str, str, str]:
    """(section, label, rest) from the text that follows the instrument: "resolves to invite ITU-D 8 ..."."""
    frag = after.lstrip(" ,;:-")
    if not frag:
        return "", "", ""
    section, label, consumed = _read_place(frag)
    return section, label, frag[consumed:].strip()


def _place_before(before: str) -> tuple[str, str, str]:
    """(section, label, rest) from the text before the instrument: "resolves 8 of" / "Annex 2 to"."""
    frag = _CONNECTORS.sub("", before.rstrip(" ,;:")).rstrip(" ,;:")
    if not frag:
        return "", "", before.strip()
    # the place must run to the end of `frag`: try each keyword start from the last one back
    starts = [m.start() for m in re.finditer(
        rf"(?<![\w-])(?:{_KEYWORD_RE}|{_ANNEX_RE}|{_FOOTNOTE_RE}|{_GENERIC_RE})", frag, re.IGNORECASE)]
    for start in reversed(starts):
        tail = frag[start:]
        section, label, consumed = _read_place(tail)
        if (section or label) and consumed >= len(tail.rstrip()):
            return section, label, frag[:start].strip()
    return "", "", before.strip()


def _read_place(frag: str) -> tuple[str, str, int]:
    """Read a section and/or label at the start of `frag`; returns how many characters were used."""
    m = _STARTS_FOOTNOTE.match(frag)
    if m:
        return "footnote", m.group("label"), m.end()
    m = _STARTS_GENERIC.match(frag)
    if m:
        return "", _clean_label(m.group("label")), m.end()
    m = _STARTS_ANNEX.match(frag)
    if m:
        section = " ".join(m.group("annex").split())
        pos = m.end()
        rest = frag[pos:]
        skip = re.match(r"^\s*(?:,\s*)?(?:to\s+(?:the\s+)?(?:resolution|res\.?)(?:\s+\d+)?(?:\s*\([^()]*\))?)?[\s,]*",
                        rest, re.IGNORECASE)
        rest2 = rest[skip.end():] if skip else rest
        offset = pos + (skip.end() if skip else 0)
        g = _STARTS_GENERIC.match(rest2) or _STARTS_LABEL.match(rest2)
        if g:
            return section, _clean_label(g.group("label")), offset + g.end()
        return section, "", pos
    m = _STARTS_KEYWORD.match(frag)
    if m:
        end = _SEGMENT_END.search(frag)
        seg = frag[:end.start()] if end else frag
        lab = _LABEL_AT_END.search(seg)
        if lab and lab.start("label") > m.end() - 1:
            return _clean_section(seg[:lab.start("label")]), _clean_label(lab.group("label")), lab.end()
        for lab in _LABEL_ANYWHERE.finditer(seg, m.end()):
            if not re.fullmatch(r"\d{4}", lab.group("label")):
                return _clean_section(seg[:lab.start("label")]), _clean_label(lab.group("label")), lab.end()
        comma = _COMMA_LABEL.match(frag[len(seg):])
        if comma:  # "instructs the Director of BDT, 2"
            return _clean_section(seg), _clean_label(comma.group("label")), len(seg) + comma.end()
        return _clean_section(seg), "", len(seg)
    m = _STARTS_LABEL.match(frag)
    if m and re.match(r"\d", m.group("label")):  # "Res 30 8": a bare item number right after the instrument
        return "", _clean_label(m.group("label")), m.end()
    return "", "", 0


def _clean_section(text: str) -> str:
    return " ".join(text.strip(" ,;:-").split())


def _clean_label(text: str) -> str:
    return " ".join(text.split())


# ------------------------------------------------------------------------------------ matching helpers

def label_key(label: str) -> str:
    """Labels compared loosely: "3 a)" == "3(a)" == "3a" ; "1 bis" == "1bis"; case-insensitive."""
    key = "".join(label.lower().split()).rstrip(".")
    key = re.sub(r"\(([a-z]+)\)", r"\1)", key)
    key = re.sub(r"(?<=\d)([a-z])$", r"\1)", key)
    return key


def parent_label(key: str) -> str:
    """The label of the item a nested label belongs to, on label keys: "11a)" -> "11", "6.1" -> "6",
    "c)iv)" -> "c)", "1.5b)v)" -> "1.5b)", "8" -> ""."""
    m = re.match(r"^(.*?\))(?:[a-z]+\))$", key)
    if m:
        return m.group(1)
    m = re.match(r"^(.*\d)(?:[a-z]+\))$", key)
    if m:
        return m.group(1)
    if "." in key:
        return key.rsplit(".", 1)[0]
    return ""


def revision_matches(query: str, revision: str, body: str = "") -> bool:
    """Does a typed revision or year ("2018", "WRC-23", "Rev. Dubai 2018", "Kigali") fit a printed one?

    Every typed token must be found in the printed revision (years compared in full, "WRC-23" as
    {wrc, 2023}); a conference name may also match the clause's body ("PP-18" fits "Rev. Dubai, 2018"
    of a PP resolution). City names tolerate one typo.
    """
    want = _year_tokens(query)
    if not want:
        return True
    have = _year_tokens(revision)
    body_words = {b.lower() for b in (body,) if b}
    for alias, codes in BODY_ALIASES.items():
        if body in codes and " " not in alias:
            body_words.add(alias)
    for tok in want:
        if tok in have or tok in body_words:
            continue
        if tok.isalpha() and len(tok) >= 5 and any(_edit_distance_le1(tok, h) for h in have if h.isalpha()):
            continue
        return False
    return True


def _edit_distance_le1(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]


_ANNEX_TAIL = re.compile(r"\s*\(?\bto\s+(?:the\s+)?(?:resolution|decision|recommendation|res\.?)\b.*$",
                         re.IGNORECASE)
_SECTION_STOP = {"the", "of", "to", "and", "all", "a", "an", "in", "its", "further", "also", "that"}


def _stem(word: str) -> str:
    w = word.lower()
    w = re.sub(r"is(e|es|ed|ing)$", r"iz\1", w) if len(w) > 5 else w
    for suffix in ("ing", "es", "ed", "s", "e"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)]
    return w


def section_tokens(section: str) -> list[str]:
    """Stemmed content words of a section heading, abbreviations expanded ("ITU-D", "SG", "BDT").

    An annex heading loses its "to Resolution N (...)" tail: "ANNEX 2 TO RESOLUTION 48 (...)" is "annex 2".
    """
    section = _ANNEX_TAIL.sub("", section)
    words: list[str] = []
    for raw in re.findall(r"[a-z0-9][a-z0-9-]*", section.lower().translate(_DASHES)):
        exp = expansion(raw) if raw not in ("further", "also") else None
        if exp and raw not in ("sg",):
            words.extend(re.findall(r"[a-z0-9]+", exp.lower()))
        elif raw == "sg":
            words.extend(("secretary", "general"))
        else:
            words.extend(re.findall(r"[a-z0-9]+", raw))
    return [_stem(w) for w in words if w not in _SECTION_STOP]


def section_similarity(typed: str, printed: str) -> float:
    """How well a typed section ("resolves to invite ITU-D") fits a printed one, in [0, 1].

    The keyword verb must agree (else 0); then the overlap of the remaining words (Dice, one typo
    allowed per word), and whether "further"/"also" agree.
    """
    a, b = section_tokens(typed), section_tokens(printed)
    if not a or not b:
        return 1.0 if not a and not b else 0.0
    if not (a[0] == b[0] or _edit_distance_le1(a[0], b[0]) or a[0] in b[:2] or b[0] in a[:2]):
        return 0.0
    rest_a, rest_b = a[1:], b[1:]
    if not rest_a and not rest_b:
        score = 1.0
    else:
        hits = sum(1 for w in rest_a if any(w == v or (len(w) >= 5 and _edit_distance_le1(w, v)) for v in rest_b))
        score = 2 * hits / (len(rest_a) + len(rest_b)) if (rest_a or rest_b) else 1.0
        score = 0.5 + 0.5 * score
    modifiers_a = {w for w in typed.lower().split() if w in ("further", "also")}
    modifiers_b = {w for w in printed.lower().split() if w in ("further", "also")}
    if modifiers_a != modifiers_b:
        score -= 0.1
    return max(0.0, min(1.0, score))


# ------------------------------------------------------------------------------------ looking it up

def match_instruments(ref: Reference, instruments: Sequence[Instrument]) -> tuple[list[Instrument], str]:
    """The instruments a reference can mean, and a note when a part of it had to be dropped."""
    same = [i for i in instruments if i.instrument == ref.instrument and _number_key(i.number) == ref.number]
    if not same:
        return [], f"{ref.instrument} {ref.number} is not in the index"
    cands = same
    if ref.bodies:
        cands = [i for i in same if i.body in ref.bodies]
        if not cands:
            found = ", ".join(sorted({i.body or "?" for i in same}))
            return [], (f"no {'/'.join(ref.bodies)} {ref.instrument} {ref.number} in the index "
                        f"(there is one of {found})")
    note = ""
    if ref.revision:
        fitting = [i for i in cands if revision_matches(ref.revision, i.revision, i.body)]
        if fitting:
            cands = fitting
        else:
            have = "; ".join(sorted({i.ref for i in cands}))
            note = f"no {ref.instrument} {ref.number} of revision '{ref.revision}' in the index; showing {have}"
    return cands, note


_HINT_YEAR = re.compile(r"\b(?:19|20)\d{2}\b|\b(?:wrc|warc|wtdc|wtsa|pp|rra|orb)-?\d{2}\b", re.IGNORECASE)
_HINT_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]{4,}")


def narrow_by_hints(ref: Reference, cands: list[Instrument], query: str) -> list[Instrument]:
    """Among several instruments a reference can mean, those that fit what else the query says: a year or
    conference tag ("in the 2018 text of Resolution 25"), a city of a revision ("the Dubai version"), or a
    body ("the WTDC resolution 30"). Unchanged when nothing narrows it to a non-empty subset."""
    if len(cands) < 2:
        return cands
    text = query[:ref.span[0]] + " " + query[ref.span[1]:]
    hints = [m.group() for m in _HINT_YEAR.finditer(text)]
    cities = {w for c in cands for w in _year_tokens(c.revision) if w.isalpha()}
    hints += [w for w in _HINT_WORD.findall(text) if w.lower() in cities]
    out = [c for c in cands if all(revision_matches(h, c.revision, c.body) for h in hints)] if hints else cands
    bodies = {code for w in re.findall(r"[A-Za-z-]+", text) for code in BODY_ALIASES.get(w.lower(), ())}
    if bodies:
        by_body = [c for c in out if c.body in bodies]
        out = by_body or out
    return out if out else cands


def _number_key(number: str) -> str:
    return number.strip().lstrip("0") or "0"


def target_rows(ref: Reference, inst: Instrument, clauses: Sequence[Clause]) -> tuple[tuple[int, ...], bool]:
    """Rows of `inst` that the reference's section/label name, best first, and whether the match is exact.

    A label with a section takes the best-fitting section that has this label; a label alone prefers
    operative clauses; a section alone names all clauses under the best-fitting section. A label that
    does not exist falls back to its sub-items ("resolves 3" -> "3 a)", "3.1").
    """
    if not ref.names_clause:
        return (), True
    rows = inst.rows
    if ref.section == "footnote":
        rows = tuple(r for r in rows if clauses[r].kind == "footnote")
        want = label_key(ref.label)
        hit = tuple(r for r in rows if label_key(clauses[r].label) == want)
        return hit, bool(hit)
    typed_section = ref.section
    if ref.label:
        want = label_key(ref.label)
        with_label = [r for r in rows if label_key(clauses[r].label) == want and clauses[r].kind != "footnote"]
        exact = bool(with_label)
        if not with_label:
            with_label = [r for r in rows if _is_sub_label(label_key(clauses[r].label), want)
                          and clauses[r].kind != "footnote"]
        if not with_label:
            return (), False
        if typed_section:
            scored = [(section_similarity(typed_section, _section_of(clauses[r])), r) for r in with_label]
            best = max(s for s, _ in scored)
            if best <= 0:
                return (), False
            chosen = [r for s, r in scored if s >= best - 1e-9]
            return tuple(chosen), exact and best >= 0.75
        kind_order = {"operative": 0, "annex": 1, "preamble": 2}
        with_label.sort(key=lambda r: (kind_order.get(clauses[r].kind, 3), clauses[r].ordinal))
        return tuple(with_label), exact
    sections: dict[str, list[int]] = {}
    for r in rows:
        if clauses[r].kind != "footnote":
            sections.setdefault(_section_of(clauses[r]), []).append(r)
    if not sections:
        return (), False
    scored_sections = sorted(((section_similarity(typed_section, s), s) for s in sections), key=lambda x: -x[0])
    best, name = scored_sections[0]
    if best <= 0:
        return (), False
    return tuple(sections[name]), best >= 0.75


def _section_of(clause: Clause) -> str:
    return clause.section


def _is_sub_label(label: str, parent: str) -> bool:
    if not label.startswith(parent) or label == parent:
        return False
    nxt = label[len(parent)]
    return nxt in ".)" or nxt.isalpha() and not parent[-1].isalpha()
