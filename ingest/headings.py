"""What a paragraph heads: an instrument (identifier), its body (enacting formula), a section (keyword
heading), an annex, or a provision (sub-heading).

Keyword headings are built from verb stems plus whatever addressee phrase follows on the heading's own
paragraph ("instructs the Secretary-General and the Directors of the three Bureaux"), not from a list
of whole headings; a keyword inside running text ("referred to in resolves 2") is never a heading
because a heading is a paragraph of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .footnotes import strip_marks
from .labels import split_label
from .lines import ROLE_ANNEX_TITLE, ROLE_FOOTNOTE, ROLE_HEADING, ROLE_INSTRUMENT_ID, ROLE_KEYWORD, ROLE_TITLE
from .paragraphs import Para, tab_label
from .patterns import (
    ANNEX_HEADING_RE,
    BODY_FROM_FORMULA,
    BODY_FROM_REVISION,
    DOTTED_ONLY_RE,
    ENACTING_FORMULA_RE,
    INSTRUMENT_ID_RE,
    INSTRUMENT_ID_WITH_TITLE_RE,
    INSTRUMENT_NAMES,
    KEYWORD_ADVERBS,
    KEYWORD_START_RE,
    OPERATIVE_VERBS,
    PHRASE_KEYWORD,
    PREAMBLE_STEMS,
    normalize_space,
)
from .records import ClauseKind

# Longest keyword heading in words (addressee phrases can be long).
MAX_HEADING_WORDS = 45
# Sub-headings inside provisions ("2.4 Reports of study groups to WTSA") are short.
MAX_SUBHEADING_WORDS = 16
STRUCTURE_HEADING_RE = re.compile(r"^(?:SECTION|Section|PART|Part|CHAPTER|Chapter)\s+[\w.]+$")
# Lower-case particles inside place names: "Mar del Plata", "Rio de Janeiro"
_PLACE_PARTICLES = {"DE", "DEL", "LA", "LE", "DU", "DES", "DI", "DA", "Y", "AND", "ET", "EL"}


# --- identifiers and enacting formulas ------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class InstrumentId:
    instrument: str  # Resolution | Decision | Recommendation
    number: str
    revision: str  # usual case
    title: str = ""  # when printed on the identifier's line


def usual_case_revision(revision: str) -> str:
    """"REV. DUBAI, 2018" → "Rev. Dubai, 2018"; conference codes ("REV.WRC-23", "C19") stay as printed."""
    rev = normalize_space(revision)
    letters = [c for c in rev if c.isalpha()]
    if not letters or any(c.islower() for c in letters) or not re.search(r",\s*\d{4}\b", rev):
        return rev

    def word(m: re.Match) -> str:
        w = m.group(0)
        if w in ("REV", "RÉV"):
            return w[:1] + w[1:].lower()
        if w in _PLACE_PARTICLES and m.start() > 0:
            return w.lower()
        return w[:1] + w[1:].lower()

    return re.sub(r"[^\W\d_][^\W\d_']*", word, rev)


def parse_identifier(text: str, with_title: bool = False) -> InstrumentId | None:
    """The identifier a paragraph consists of; with `with_title`, also "IDENTIFIER – Title" headings."""
    plain = normalize_space(strip_marks(text)[0].replace("\t", " "))
    m = INSTRUMENT_ID_RE.match(plain)
    title = ""
    if not m and with_title:
        m = INSTRUMENT_ID_WITH_TITLE_RE.match(plain)
        if not m or not m.group("instrument").isupper():
            return None
        title = m.group("title")
    if not m:
        return None
    number = normalize_space(m.group("number")).strip("[]")
    return InstrumentId(INSTRUMENT_NAMES[m.group("instrument").lower()], number,
                        usual_case_revision(m.group("revision") or ""), title)


def is_formula(p: Para) -> bool:
    return bool(ENACTING_FORMULA_RE.match(p.plain))


def body_of(formula: str, revision: str) -> str:
    """PP, WTDC, WTSA, WRC, RA, Council ... from the enacting formula, else from the revision tag."""
    for body, rx in BODY_FROM_FORMULA:
        if formula and rx.search(formula):
            return body
    for body, rx in BODY_FROM_REVISION:
        if rx.search(revision):
            return body
    return ""


# --- keyword headings -----------------------------------------------------------------------------

_PHRASE_KEYWORD_RE = re.compile(rf"^{PHRASE_KEYWORD}")


def _known_keyword(verb: str) -> bool:
    return verb in OPERATIVE_VERBS or any(verb.startswith(stem) for stem in PREAMBLE_STEMS)


# Endings of the participles and adjectives that head preamble blocks ("Considering", "Aware", "Mindful");
# a capitalised word that merely starts with a stem ("Recognition of ...") is a title, not a heading.
_KEYWORD_ENDINGS = ("ing", "ed", "ant", "ent", "ful", "ous", "are", "ando", "iendo")
# A capitalised keyword heading is short: "Considering", "Instructs the Secretary-General"; set in capitals,
# bold or italic it may name an addressee ("RESOLVES TO INSTRUCT THE DIRECTOR OF THE RADIOCOMMUNICATION BUREAU").
MAX_CAPITALISED_HEADING_WORDS = 8


def _capitalised_keyword(text: str, words: list[str], p: Para, italic_headings: bool) -> bool:
    """"Considering", "CONSIDERING FURTHER", "Resolves:" on a paragraph of their own (older and other layouts
    print keywords capitalised or in capitals)."""
    styled = text.isupper() or p.bold or (italic_headings and p.italic)
    if len(words) > (MAX_SUBHEADING_WORDS if styled else MAX_CAPITALISED_HEADING_WORDS):
        return False
    lowered = text.lower()
    m = KEYWORD_START_RE.match(lowered)
    if not m:
        return False
    verb = m.group("verb")
    if verb not in OPERATIVE_VERBS and not (any(verb.startswith(s) for s in PREAMBLE_STEMS)
                                            and verb.endswith(_KEYWORD_ENDINGS)):
        return False
    if italic_headings:
        return p.italic
    return len(words) <= 3 or text.isupper() or p.plain.endswith(":") or p.bold


def keyword_heading(p: Para, italic_headings: bool) -> str | None:
    """The section heading a paragraph states ("considering further", "instructs the Director of ..."), or None.

    `italic_headings`: the document sets its keywords in italic (then any italic paragraph starting in
    lower case is one); otherwise a heading must start with a known keyword verb.
    """
    text = p.plain.rstrip(":").strip()
    if p.role == ROLE_KEYWORD:
        return text or None
    if not text or p.role in (ROLE_FOOTNOTE, ROLE_INSTRUMENT_ID, ROLE_TITLE) or p.toc:
        return None
    if tab_label(p.text) is not None or text.endswith((".", ";", ",")):
        return None
    words = text.split()
    if len(words) > MAX_HEADING_WORDS:
        return None
    if not text[0].islower():
        return text if text[0].isupper() and _capitalised_keyword(text, words, p, italic_headings) else None
    if italic_headings and p.italic:
        return text
    m = KEYWORD_START_RE.match(text)
    if not m or not (_known_keyword(m.group("verb")) or _PHRASE_KEYWORD_RE.match(text)):
        return None
    if italic_headings and len(words) > 3:
        return None  # where keywords are italic, a roman paragraph is a heading only as a bare keyword
    if re.match(r"^\S+\s+that\b", text) and len(words) > 6:
        return None  # "resolves that the Council shall ..." run on: an item, not a heading
    return text


# Older conferences title a text by what it relates to: "RESOLUTION No. 2" / "relating to the ...".
TITLE_PHRASE_RE = re.compile(r"^(?:relating\s+to|relative\s+(?:to|à|au|aux)|concerning|on\s+the|regarding|"
                             r"with\s+regard\s+to|sur\s+(?:la|le|les)|relativa?\s+a)\b", re.I)


def is_title_phrase(p: Para) -> bool:
    return bool(TITLE_PHRASE_RE.match(p.plain)) and not p.plain.endswith((";", ","))


def uses_italic_headings(paras: list[Para]) -> bool:
    """Whether the document marks its keyword headings by italics (PDF fonts, DOCX runs)."""
    for p in paras:
        if p.italic and p.plain[:1].islower():
            m = KEYWORD_START_RE.match(p.plain)
            if m and _known_keyword(m.group("verb")):
                return True
    return False


def section_kind(heading: str) -> ClauseKind:
    """preamble for participles/adjectives ("considering", "aware"), operative for verbs ("resolves")."""
    words = [w for w in re.findall(r"[^\W\d_]+", heading.lower())[:3] if w not in KEYWORD_ADVERBS]
    verb = words[0] if words else ""
    if verb in OPERATIVE_VERBS:
        return "operative"
    if verb.endswith(("ing", "ed", "ant", "ando", "iendo")) or any(verb.startswith(s) for s in PREAMBLE_STEMS):
        return "preamble"
    return "operative" if verb.endswith("s") else "preamble"


# --- annexes and provision sub-headings -----------------------------------------------------------

def annex_heading(p: Para) -> str | None:
    """"ANNEX 1 TO RESOLUTION 48 (REV. DUBAI, 2018)", "Appendix I (to Resolution 1 ...)", or None."""
    text = p.plain
    if p.role == ROLE_ANNEX_TITLE:
        return _usual_case_annex(text)
    if p.n_lines > 3 or len(text) > 160 or text.endswith((".", ";", ",", ":")):
        return None
    if not ANNEX_HEADING_RE.match(text):
        return None
    first = text.split()[0]
    lone = len(text.split()) <= 3 and not text.endswith(")")  # "Annex 2", "Appendix A" on a line of their own
    if not (first.isupper() or p.bold or lone
            or re.search(r"\b(?:to|à la|a la|de la)\s+(?:the\s+)?(?:Resolution|Decision|Recommendation|"
                         r"Résolution|Resolución|Décision|Decisión)\b", text, re.I)):
        return None
    return _usual_case_annex(text)


def _usual_case_annex(text: str) -> str:
    """A first word set in capitals before mixed-case text ("APPENDIX I (to Resolution 1 ...)") takes the
    case of the rest; an all-capitals heading stays as printed."""
    rest = text.split(None, 1)[1] if " " in text else ""
    link = re.search(r"\b(to|TO|à|À|a|A|de|DE|of|OF)\b", rest)
    if link and link.group(1).isupper():
        return text  # "ANNEX TO RESOLUTION No. 2": set in capitals (a "No." inside does not change that)
    if re.search(r"[a-z]", rest) and text.split()[0].isupper():
        head, _, tail = text.partition(" ")
        return f"{head.capitalize()} {tail}"
    return text


def subheading(p: Para, has_bold: bool, section_started: bool) -> tuple[str | None, str] | None:
    """A provision sub-heading ("2.4 Reports of study groups", "SECTION 3"): (label or None, text), or None."""
    text = p.plain
    if p.role == ROLE_HEADING:
        return split_label(p.text)
    if not text or text.endswith((".", ";", ",", ":")) or len(text.split()) > MAX_SUBHEADING_WORDS:
        return None
    if STRUCTURE_HEADING_RE.match(text):
        return None, text
    if has_bold and p.bold:
        label, rest = split_label(p.text)
        if label is None or DOTTED_ONLY_RE.match(label) or p.role:
            return label, rest
        return None
    if not has_bold and section_started:
        label, rest = split_label(p.text)
        if label and DOTTED_ONLY_RE.match(label) and "." in label and rest[:1].isupper() \
                and len(rest.split()) <= 10:
            return label, rest
    return None
