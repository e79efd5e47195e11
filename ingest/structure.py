"""Lines → clauses: instruments, sections, labels, footnotes (pure functions).

Three passes:

1. `build_paragraphs`: join continuation lines into paragraphs (vertical gaps, label gaps, style
   changes, explicit paragraph starts from DOCX/TXT readers), repair end-of-line hyphenation, keep
   footnote texts apart.
2. `split_instruments`: identifier lines ("RESOLUTION 2 (REV. DUBAI, 2018)") followed by an enacting
   formula or a keyword heading start instruments; one runs to the next identifier or to a boundary
   (divider page, non-instrument outline entry, table of contents).
3. `parse_instrument`: title, enacting formula (→ body), keyword headings (→ section, kind), annex
   headings, labelled items and their nesting (→ label paths), dash sub-items, footnotes (→ their own
   clauses; their marks leave the text that references them).

Rich hints (italic/bold, gaps, indents, DOCX roles) make each decision surer; without them (plain
text) the same decisions rest on words and punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .footnotes import strip_marks
from .hyphenation import Vocabulary, join_lines
from .lines import (
    ROLE_ANNEX_TITLE,
    ROLE_BOUNDARY,
    ROLE_CAPTION,
    ROLE_ENUM1,
    ROLE_ENUM2,
    ROLE_ENUM3,
    ROLE_FIGURE,
    ROLE_FOOTNOTE,
    ROLE_FURNITURE,
    ROLE_HEADING,
    ROLE_INSTRUMENT_ID,
    ROLE_KEYWORD,
    ROLE_LIST_GLYPH,
    ROLE_TITLE,
    SUP_CLOSE,
    Line,
)
from .patterns import (
    ANNEX_HEADING_RE,
    BODY_FROM_FORMULA,
    BODY_FROM_REVISION,
    DOTTED_ONLY_RE,
    ENACTING_FORMULA_RE,
    INSTRUMENT_ID_RE,
    INSTRUMENT_ID_WITH_TITLE_RE,
    KEYWORD_START_RE,
    LABEL_RE,
    LETTER_ONLY_RE,
    OPERATIVE_VERBS,
    PREAMBLE_STEMS,
    ROMAN_ONLY_RE,
    TOC_LEADER_RE,
    normalize_space,
)
from .records import Clause

# How far after an identifier its enacting formula or first keyword heading must come (paragraphs).
ID_LOOKAHEAD = 10
# Longest keyword heading in words (addressee phrases can be long).
MAX_HEADING_WORDS = 45
# Sub-headings inside provisions ("2.4 Reports of study groups to WTSA") are short.
MAX_SUBHEADING_WORDS = 16
# Indents closer than this (points) count as the same level.
INDENT_TOLERANCE = 4.0

STRUCTURE_HEADING_RE = re.compile(r"^(?:SECTION|Section|PART|Part|CHAPTER|Chapter)\s+[\w.]+$")
CAPTION_RE = re.compile(r"^(?:Figure|FIGURE|Fig\.|Table|TABLE)\s+[\w.-]+(?:\s*[–—:-]\s.*)?$")
EDITORIAL_NOTE_RE = re.compile(r"^NOTE(?:\s+\d{1,2})?\s*[–—-]\s")
# "(Doha, 2006) – (Rev. Hyderabad, 2010) – (Rev. Kigali, 2022)" printed after the last clause
REVISION_HISTORY_RE = re.compile(r"^\([^()]*\d{4}\)(?:\s*[–—;,-]\s*\([^()]*\d{4}\))+\.?$")
# "(Hammamet, 2016)", "(Geneva, 1997; revised ...)" under a title: an edition line, not title text
EDITION_LINE_RE = re.compile(r"^\([^()]*\d{4}[^()]*\)[\s.,;]*$")
_ROLE_ENUMS = {ROLE_ENUM1: 1, ROLE_ENUM2: 2, ROLE_ENUM3: 3}


# ---------------------------------------------------------------------------------------------------
# 1. Paragraphs


@dataclass(slots=True)
class Para:
    """A paragraph: continuation lines joined."""

    text: str
    page: int
    printed_page: str | None
    italic: bool = False
    bold: bool = False
    role: str = ""
    size: float = 0.0
    x: float = 0.0
    footnote_mark: str = ""
    n_lines: int = 1
    toc: bool = False
    notes_before: int = 0  # footnote paragraphs read before this one (places footnotes in instruments)

    @property
    def plain(self) -> str:
        """Text without footnote marks, tabs and repeated whitespace."""
        return normalize_space(strip_marks(self.text)[0].replace("\t", " "))


_HEADING_ROLES = {ROLE_INSTRUMENT_ID, ROLE_KEYWORD, ROLE_TITLE, ROLE_HEADING, ROLE_ANNEX_TITLE, ROLE_CAPTION}
_SKIP_ROLES = {ROLE_FURNITURE, ROLE_FIGURE}


def _tab_label(text: str) -> str | None:
    head, sep, _ = text.partition("\t")
    head = head.strip()
    if sep and len(head) <= 16 and LABEL_RE.fullmatch(head):
        return head
    return None


def _ends_sentence(text: str) -> bool:
    t = re.sub(f"\ue010[^{SUP_CLOSE}]*{SUP_CLOSE}$", "", text.rstrip()).rstrip()
    return t.endswith((".", ";", ":", ","))


def _new_paragraph(cur: Para, last: Line, line: Line) -> bool:
    if line.paragraph_start or line.role in _HEADING_ROLES or cur.role in _HEADING_ROLES:
        return True
    if line.role == ROLE_LIST_GLYPH:
        return True
    if line.role != last.role and not (last.role == ROLE_LIST_GLYPH and not line.role):
        return True
    if _tab_label(line.text) is not None:
        return True
    if line.italic != cur.italic or line.bold != cur.bold:
        return True
    if cur.toc or TOC_LEADER_RE.search(line.text):
        return True
    if _looks_like_identifier_line(line, last) or INSTRUMENT_ID_RE.match(cur.text):
        return True
    if line.page != last.page:
        # a page break continues the paragraph unless the last one ended and a new one plainly starts
        first = line.text.lstrip()[:1]
        return _ends_sentence(last.text) and (first.isupper() or bool(LABEL_RE.match(line.text)))
    return False


def _looks_like_identifier_line(line: Line, last: Line) -> bool:
    """An identifier on its own line, not a cross-reference that happens to fill a wrapped line."""
    m = INSTRUMENT_ID_RE.match(line.text)
    if not m:
        return False
    return (m.group("instrument").isupper() or line.bold or line.page != last.page
            or line.gap_before > 0.25 * max(line.size, 1.0))


def build_paragraphs(lines: Sequence[Line]) -> tuple[list[Para], list[Para]]:
    """Body paragraphs and footnote paragraphs."""
    vocab = Vocabulary.from_texts(ln.text for ln in lines if ln.text and ln.role not in _SKIP_ROLES)
    body: list[Para] = []
    notes: list[Para] = []
    last_body: Line | None = None
    for line in lines:
        if line.role in _SKIP_ROLES:
            continue
        if line.role == ROLE_BOUNDARY:
            body.append(Para("", line.page, line.printed_page, role=ROLE_BOUNDARY, notes_before=len(notes)))
            last_body = None
            continue
        text = line.text.replace("\r", "")
        if not text.strip():
            continue
        if line.role == ROLE_FOOTNOTE:
            if line.footnote_mark or not notes:
                notes.append(Para(text, line.page, line.printed_page, line.italic, line.bold, ROLE_FOOTNOTE,
                                  line.size, line.x, footnote_mark=line.footnote_mark or "",
                                  notes_before=len(body)))
            else:
                notes[-1].text = join_lines(notes[-1].text, text, vocab)
                notes[-1].n_lines += 1
            continue
        cur = body[-1] if body and body[-1].role != ROLE_BOUNDARY else None
        if cur is None or last_body is None or _new_paragraph(cur, last_body, line):
            body.append(Para(text, line.page, line.printed_page, line.italic, line.bold, line.role, line.size,
                             line.x, toc=bool(TOC_LEADER_RE.search(text)), notes_before=len(notes)))
        else:
            cur.text = join_lines(cur.text, text, vocab)
            cur.n_lines += 1
            # a paragraph is italic/bold only if all its lines are
            cur.italic = cur.italic and line.italic
            cur.bold = cur.bold and line.bold
        last_body = line
    return body, notes


# ---------------------------------------------------------------------------------------------------
# 2. Instruments


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
    small = {"DE", "DEL", "LA", "LE", "DU", "DES", "DI", "DA", "Y", "AND", "ET", "EL"}

    def word(m: re.Match) -> str:
        w = m.group(0)
        if w == "REV":
            return "Rev"
        if w in small and m.start() > 0:
            return w.lower()
        return w[:1] + w[1:].lower()

    return re.sub(r"[A-Z][A-Z']*", word, rev)


def parse_identifier(text: str, with_title: bool = False) -> InstrumentId | None:
    """The identifier a paragraph consists of; with `with_title`, also "IDENTIFIER – Title" headings."""
    plain = normalize_space(strip_marks(text)[0].replace("\t", " "))
    m = INSTRUMENT_ID_RE.match(plain)
    title = ""
    if not m and with_title:
        m = INSTRUMENT_ID_WITH_TITLE_RE.match(plain)
        if not m or not (m.group("instrument").isupper()):
            return None
        title = m.group("title")
    if not m:
        return None
    return InstrumentId(m.group("instrument").capitalize(), normalize_space(m.group("number")),
                        usual_case_revision(m.group("revision") or ""), title)


def _is_formula(p: Para) -> bool:
    return bool(ENACTING_FORMULA_RE.match(p.plain))


def _toc_pages(paras: list[Para]) -> set[int]:
    counts: dict[int, int] = {}
    for p in paras:
        if p.toc:
            counts[p.page] = counts.get(p.page, 0) + 1
    return {page for page, n in counts.items() if n >= 2}


def split_instruments(paras: list[Para], has_italic: bool) -> list[tuple[int, int]]:
    """(start, end) paragraph ranges of instruments; start is the identifier paragraph."""
    toc_pages = _toc_pages(paras)
    starts: list[int] = []
    for i, p in enumerate(paras):
        if p.toc or p.page in toc_pages or p.role == ROLE_BOUNDARY:
            continue
        if p.role != ROLE_INSTRUMENT_ID and (p.n_lines > 3 or parse_identifier(p.text, with_title=True) is None):
            continue
        if p.role == ROLE_INSTRUMENT_ID and parse_identifier(p.text, with_title=True) is None:
            continue
        if p.role == ROLE_INSTRUMENT_ID or _confirmed_by_what_follows(paras, i, has_italic):
            starts.append(i)
    spans: list[tuple[int, int]] = []
    for k, s in enumerate(starts):
        limit = starts[k + 1] if k + 1 < len(starts) else len(paras)
        end = s + 1
        while end < limit and paras[end].role != ROLE_BOUNDARY and paras[end].page not in toc_pages:
            end += 1
        spans.append((s, end))
    return spans


def _confirmed_by_what_follows(paras: list[Para], i: int, has_italic: bool) -> bool:
    for p in paras[i + 1: i + 1 + ID_LOOKAHEAD]:
        if p.role == ROLE_BOUNDARY or parse_identifier(p.text) is not None:
            return False
        if _is_formula(p) or keyword_heading(p, has_italic) is not None:
            return True
    return False


# ---------------------------------------------------------------------------------------------------
# Keyword headings


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
    if _tab_label(p.text) is not None or text.endswith((".", ";", ",")):
        return None
    words = text.split()
    if len(words) > MAX_HEADING_WORDS or not text[0].islower():
        return None
    if italic_headings and p.italic:
        return text  # an italic paragraph that starts in lower case is a keyword heading
    m = KEYWORD_START_RE.match(text)
    if not m or not _known_keyword(m.group("verb")):
        return None
    if italic_headings and len(words) > 3:
        return None  # in an italic-heading document a roman paragraph is a heading only as a bare keyword
    if re.match(r"^\S+\s+that\b", text) and len(words) > 6:
        return None  # "resolves that the Council shall ..." run on: an item, not a heading
    return text


def uses_italic_headings(paras: list[Para]) -> bool:
    """Whether the document marks its keyword headings by italics (PDF fonts, DOCX runs)."""
    for p in paras:
        if p.italic and p.plain[:1].islower():
            m = KEYWORD_START_RE.match(p.plain)
            if m and _known_keyword(m.group("verb")):
                return True
    return False


def _known_keyword(verb: str) -> bool:
    return verb in OPERATIVE_VERBS or any(verb.startswith(stem) for stem in PREAMBLE_STEMS)


def section_kind(heading: str) -> str:
    """preamble for participles/adjectives ("considering", "aware"), operative for verbs ("resolves")."""
    words = [w for w in re.findall(r"[a-z]+", heading.lower())[:3]
             if w not in ("further", "also", "moreover", "additionally", "finally", "furthermore", "and")]
    verb = words[0] if words else ""
    if verb in OPERATIVE_VERBS:
        return "operative"
    if verb.endswith("ing") or verb.endswith("ed") or any(verb.startswith(s) for s in PREAMBLE_STEMS):
        return "preamble"
    return "operative" if verb.endswith("s") else "preamble"


def annex_heading(p: Para) -> str | None:
    text = p.plain
    if p.role == ROLE_ANNEX_TITLE:
        return _usual_case_annex(text)
    if p.n_lines > 3 or len(text) > 160 or text.endswith((".", ";", ",", ":")):
        return None
    if not ANNEX_HEADING_RE.match(text):
        return None
    first = text.split()[0]
    if not (first.isupper() or p.bold or re.search(r"\bto\s+(Resolution|Decision|Recommendation)\b", text, re.I)):
        return None
    return _usual_case_annex(text)


def _usual_case_annex(text: str) -> str:
    """"APPENDIX I (to Resolution 1 (Rev. Hammamet, 2016))": a capitalised first word styled in capitals
    before mixed-case text takes the case of the rest; an all-capitals heading stays as printed."""
    rest = text.split(None, 1)[1] if " " in text else ""
    if re.search(r"[a-z]", rest) and text.split()[0].isupper():
        head, _, tail = text.partition(" ")
        return f"{head.capitalize()} {tail}"
    return text


def _subheading(p: Para, has_bold: bool, section_started: bool) -> tuple[str | None, str] | None:
    """A provision sub-heading: (label or None, heading text), or None."""
    text = p.plain
    if p.role == ROLE_HEADING:
        label, rest = split_label(p.text)
        return label, rest
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


# ---------------------------------------------------------------------------------------------------
# Labels


def split_label(text: str) -> tuple[str | None, str]:
    """("a)", "that ...") from "a)<TAB>that ..." or "a) that ..."; (None, text) without a label."""
    tab = _tab_label(text)
    if tab is not None:
        return tab.rstrip("."), text.partition("\t")[2]
    t = text.lstrip()
    m = LABEL_RE.match(t)
    if not m:
        return None, text
    label = m.group("label")
    rest = t[m.end():]
    if not rest[:1].isspace() and label not in ("–", "—", "-", "•"):
        return None, text
    if label in ("-", "o") or (label.isdigit() and not rest.strip()[:1].isalpha()):
        return None, text
    return label.rstrip("."), rest.lstrip()


def label_type(label: str) -> str:
    if label in ("–", "—", "-"):
        return "dash"
    if label in ("•", "·", "▪", "◦"):
        return "bullet"
    if DOTTED_ONLY_RE.match(label):
        return "dotted" if "." in label else "num"
    if re.fullmatch(r"\(?\d+\)", label):
        return "paren"
    if ROMAN_ONLY_RE.match(label) and not LETTER_ONLY_RE.match(label):
        return "roman"
    if ROMAN_ONLY_RE.match(label):
        return "roman?"  # "i)", "v)", "x)", "ii)": letter or roman, decided by the neighbours
    return "letter"


def _letter_index(label: str) -> int:
    core = re.sub(r"[()\s]|bis|ter|quater", "", label)
    n = 0
    for ch in core:
        n = n * 26 + (ord(ch) - 96)
    return n


@dataclass(slots=True)
class _Item:
    label: str
    kind: str  # label_type result (resolved)
    x: float
    clause: int  # index into the instrument's clause list


def _resolve_ambiguous(label: str, x: float, stack: list[_Item], use_x: bool) -> str:
    """"i)" after "h)" at the same indent is a letter; otherwise a roman numeral."""
    for it in reversed(stack):
        if it.kind == "letter" and (not use_x or abs(it.x - x) <= INDENT_TOLERANCE):
            if _letter_index(label) == _letter_index(it.label) + 1:
                return "letter"
            break
    return "roman"


def place_label(label: str, x: float, stack: list[_Item], use_x: bool, kind: str = "") -> tuple[list[_Item], str]:
    """New stack (without the new item) and the resolved kind for a label; the caller appends the item."""
    kind = kind or label_type(label)
    if kind == "roman?":
        kind = _resolve_ambiguous(label, x, stack, use_x)
    if kind == "dotted":
        return [], kind
    if kind == "num":
        return [], kind  # a bare number is a top-level item
    for j in range(len(stack) - 1, -1, -1):
        it = stack[j]
        if use_x and x < it.x - INDENT_TOLERANCE:
            continue  # that item is indented deeper than the new one: not its sibling
        if it.kind == kind:
            if use_x and x > it.x + INDENT_TOLERANCE:
                return stack[: j + 1], kind  # same kind but indented further: a nested list
            return stack[:j], kind
    return list(stack), kind


def label_path(stack: list[_Item]) -> str:
    """Labels from the last dotted item (which names its own parents) to the end."""
    start = 0
    for j, it in enumerate(stack):
        if it.kind == "dotted":
            start = j
    return " ".join(it.label for it in stack[start:])


# ---------------------------------------------------------------------------------------------------
# 3. One instrument


@dataclass(slots=True)
class _Draft:
    section: str
    kind: str
    label: str
    text: str
    page: int
    printed_page: str | None
    lead_in: str
    refs: list[tuple[str, int]] = field(default_factory=list)


def _body_of(formula: str, revision: str) -> str:
    for body, rx in BODY_FROM_FORMULA:
        if formula and rx.search(formula):
            return body
    for body, rx in BODY_FROM_REVISION:
        if rx.search(revision):
            return body
    return ""


def _clean(text: str) -> tuple[str, list[tuple[str, int]]]:
    """Strip marks (recording them) and normalize whitespace; offsets refer to the normalized text."""
    text = text.replace("\t", " ")
    raw = normalize_space(text)
    clean, refs = strip_marks(raw)
    # re-measure offsets after whitespace normalization around removed marks
    out_refs = []
    for mark, off in refs:
        out_refs.append((mark, len(normalize_space(clean[:off] + "x")) - 1))
    return normalize_space(clean), out_refs


def parse_instrument(paras: list[Para], notes: list[Para], file: str, has_italic: bool,
                     has_bold: bool, use_x: bool) -> list[Clause]:
    ident = parse_identifier(paras[0].text, with_title=True)
    if ident is None:
        return []
    i = 1
    title_paras: list[Para] = []
    formula = ""
    while i < len(paras) and i <= ID_LOOKAHEAD:
        p = paras[i]
        if _is_formula(p):
            formula = p.plain
            i += 1
            break
        if keyword_heading(p, has_italic) is not None or split_label(p.text)[0] is not None:
            break
        title_paras.append(p)
        i += 1
    title_refs: list[str] = []
    title_text = ident.title or _title(title_paras, has_bold, title_refs)
    if ident.title:
        title_refs.extend(m for m, _ in strip_marks(paras[0].text)[1])
    body = _body_of(formula, ident.revision)

    drafts: list[_Draft] = []
    provision_style = is_provision_style(paras[i:])
    section, kind = "", "operative"
    stack: list[_Item] = []
    heading_label: str | None = None
    in_annex = False
    annex_title_pending = False
    for p in paras[i:]:
        if p.role == ROLE_BOUNDARY or p.toc:
            continue
        plain = p.plain
        if not plain:
            continue
        ann = None if p.role == ROLE_KEYWORD else annex_heading(p)
        if ann:
            section, kind, in_annex = ann, "annex", True
            stack, heading_label, annex_title_pending = [], None, True
            continue
        if annex_title_pending and (p.bold or p.role in (ROLE_TITLE, ROLE_HEADING)
                                    or (not has_bold and not _ends_sentence(p.text) and split_label(p.text)[0] is None)):
            annex_title_pending = False
            continue  # the annex's own title
        annex_title_pending = False
        if CAPTION_RE.match(plain) and len(plain.split()) <= 25 and not _ends_sentence(plain):
            continue
        if EDITORIAL_NOTE_RE.match(plain):
            continue  # "NOTE – ...": an editorial note, not a provision
        if REVISION_HISTORY_RE.match(plain):
            continue  # "(Doha, 2006) – (Rev. Hyderabad, 2010) – ...": the instrument's history line
        if not in_annex:
            kw = keyword_heading(p, has_italic)
            if kw is not None:
                section, kind = kw, section_kind(kw)
                stack, heading_label = [], None
                continue
        sub = _subheading(p, has_bold, bool(section))
        if sub is not None:
            sub_label, _ = sub
            if sub_label:
                heading_label = sub_label
                stack, _k = place_label(sub_label, p.x, stack, use_x)
                stack = stack + [_Item(sub_label, _k, p.x, -1)]
            else:
                heading_label = None
            continue
        label, rest = split_label(p.text)
        enum_level = _ROLE_ENUMS.get(p.role)
        lead_in = section
        if label is None and not enum_level:
            text, refs = _clean(rest)
            drafts.append(_Draft(section, kind, heading_label or "", text, p.page, p.printed_page, lead_in, refs))
            continue
        ltype = label_type(label) if label else "list"
        if ltype in ("dash", "bullet", "list"):
            typed_dash = ltype == "dash" and p.role != ROLE_LIST_GLYPH
            if typed_dash and not (in_annex or provision_style or enum_level):
                _merge_dash_item(drafts, section, kind, heading_label, rest, p)
                continue
            if typed_dash and (provision_style or enum_level):
                marker, text_src = "•", f"{label} {rest}"  # a typed dash is text; the item is a list level
            elif label is None:
                marker, text_src = "•", rest
            else:
                marker, text_src = label, rest
            stack, _ = place_label("•", p.x, stack, use_x, kind="list")
            parents = [drafts[it.clause].text for it in stack if it.clause >= 0]
            stack = stack + [_Item(marker, "list", p.x, len(drafts))]
            text, refs = _clean(text_src)
            lead_in = " ".join([section, *parents]).strip()
            drafts.append(_Draft(section, kind, label_path(stack), text, p.page, p.printed_page, lead_in, refs))
            continue
        stack, resolved = place_label(label, p.x, stack, use_x)
        parents = [drafts[it.clause].text for it in stack if it.clause >= 0]
        new_item = _Item(label, resolved, p.x, len(drafts))
        stack = stack + [new_item]
        text, refs = _clean(rest)
        lead_in = " ".join([section, *parents]).strip()
        drafts.append(_Draft(section, kind, label_path(stack), text, p.page, p.printed_page, lead_in, refs))

    return _finish(ident, body, title_text, title_refs, drafts, notes, file)


def _merge_dash_item(drafts: list[_Draft], section: str, kind: str, heading_label: str | None, rest: str,
                     p: Para) -> None:
    """A typed "– ..." sub-item of a resolution clause joins that clause's text."""
    text, refs = _clean(rest)
    target = next((d for d in reversed(drafts) if d.section == section), None)
    if target is None or target.kind != kind:
        drafts.append(_Draft(section, kind, heading_label or "", f"– {text}", p.page, p.printed_page, section,
                             [(m, o + 2) for m, o in refs]))
        return
    base = len(target.text) + 3
    target.text = f"{target.text} – {text}"
    target.refs.extend((m, o + base) for m, o in refs)


def is_provision_style(paras: list[Para]) -> bool:
    """Text organised in numbered provisions ("1.1", "2.4.2", rules of procedure) rather than resolution
    items: there each paragraph, list paragraphs included, is a clause of its own."""
    dotted = labelled = 0
    for p in paras:
        label, _ = split_label(p.text)
        if label:
            labelled += 1
            dotted += label_type(label) == "dotted"
    return dotted >= 10 and dotted >= 0.5 * labelled


def _title(paras: list[Para], has_bold: bool, refs_out: list[str]) -> str:
    chosen = [p for p in paras if p.bold or p.role == ROLE_TITLE] if has_bold else []
    if not chosen:
        chosen = [p for p in paras if not EDITION_LINE_RE.match(p.plain) and not p.italic]
    for p in paras:
        refs_out.extend(m for m, _ in strip_marks(p.text)[1])
    return normalize_space(" ".join(_clean(p.text)[0] for p in chosen))


def _finish(ident: InstrumentId, body: str, title: str, title_refs: list[str], drafts: list[_Draft],
            notes: list[Para], file: str) -> list[Clause]:
    def clause(d: _Draft, kind: str | None = None) -> Clause:
        return Clause(file=file, instrument=ident.instrument, number=ident.number, revision=ident.revision,
                      body=body, title=title, section=d.section, kind=kind or d.kind, label=d.label,
                      text=d.text, page=d.page, printed_page=d.printed_page, lead_in=d.lead_in,
                      footnote_refs=tuple(dict.fromkeys(m for m, _ in d.refs)))

    # footnotes go right after the clause that first references them
    placed: dict[int, list[Clause]] = {}
    for note in notes:
        mark = note.footnote_mark
        text, _ = _clean(note.text)
        host = _referencing_draft(drafts, mark, note.page)
        if host is None:
            # unreferenced in the text: from the title, or from the clause printed on or before its page
            before = [k for k, d in enumerate(drafts) if d.page <= note.page]
            if mark in title_refs or not before:
                section, lead, after = "", "", -1
            else:
                section, lead, after = drafts[before[-1]].section, "", before[-1]
        else:
            section, lead, after = drafts[host].section, drafts[host].text, host
        d = _Draft(section, "footnote", mark, text, note.page, note.printed_page, lead)
        placed.setdefault(after, []).append(clause(d, "footnote"))
    out: list[Clause] = list(placed.get(-1, []))
    for k, d in enumerate(drafts):
        if not d.text:
            continue
        out.append(clause(d))
        out.extend(placed.get(k, []))
    return out


def _referencing_draft(drafts: list[_Draft], mark: str, page: int) -> int | None:
    """The clause that references footnote `mark` printed on `page`: its last referencing clause that
    starts on or before that page (a footnote is printed on the page of its first reference)."""
    best = None
    for k, d in enumerate(drafts):
        if any(m == mark for m, _ in d.refs) and d.page <= page and (best is None or d.page > drafts[best].page):
            best = k
    return best


# ---------------------------------------------------------------------------------------------------
# Entry point


def parse_lines(lines: Sequence[Line], file: str) -> list[Clause]:
    """Split a file's lines into instruments and their clauses."""
    paras, notes = build_paragraphs(lines)
    has_italic = uses_italic_headings(paras)
    has_bold = any(ln.bold for ln in lines)
    use_x = len({round(ln.x) for ln in lines if ln.text}) > 1
    spans = split_instruments(paras, has_italic)
    clauses: list[Clause] = []
    for s, e in spans:
        first_note = paras[s].notes_before
        last_note = paras[e].notes_before if e < len(paras) else len(notes)
        inst_notes = [n for n in notes[first_note:last_note] if n.footnote_mark]
        clauses.extend(parse_instrument(paras[s:e], inst_notes, file, has_italic, has_bold, use_x))
    from dataclasses import replace

    return [replace(c, ordinal=k) for k, c in enumerate(clauses)]
