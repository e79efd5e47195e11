"""Lines → clauses: instruments, sections, labels, footnotes (pure functions).

Three passes:

1. `paragraphs.build_paragraphs`: continuation lines joined, hyphenation repaired, footnotes apart.
2. `split_instruments`: identifier paragraphs ("RESOLUTION 2 (REV. DUBAI, 2018)") followed by an enacting
   formula or a keyword heading start instruments; one runs to the next identifier or to a boundary
   (divider page, non-instrument outline entry, table of contents).
3. `InstrumentParser`: title, enacting formula (→ body), keyword headings (→ section, kind), annex
   headings, labelled items and their nesting (→ label paths), dash sub-items, footnotes (→ clauses of
   their own; their marks leave the text that references them).

Rich hints (italic/bold, gaps, indents, DOCX roles) make each decision surer; without them (plain text)
the same decisions rest on words and punctuation.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace

from .footnotes import strip_marks
from .headings import (
    InstrumentId,
    annex_heading,
    body_of,
    is_formula,
    is_title_phrase,
    keyword_heading,
    parse_identifier,
    section_kind,
    subheading,
    uses_italic_headings,
)
from .labels import Item, is_provision_style, label_path, label_type, place_label, split_label
from .lines import (
    ROLE_BOUNDARY,
    ROLE_ENUM1,
    ROLE_ENUM2,
    ROLE_ENUM3,
    ROLE_HEADING,
    ROLE_INSTRUMENT_ID,
    ROLE_KEYWORD,
    ROLE_LIST_GLYPH,
    ROLE_TITLE,
    Line,
)
from .paragraphs import Para, build_paragraphs, ends_sentence, extend_boxes
from .patterns import HISTORY_LINE_RE, SECRETARIAT_NOTE_RE, normalize_space
from .records import Box, Clause, ClauseKind, PageBox

# How far after an identifier its enacting formula or first keyword heading must come (paragraphs).
ID_LOOKAHEAD = 10
# Identifier paragraphs are short.
MAX_ID_LINES = 3

CAPTION_RE = re.compile(r"^(?:Figure|FIGURE|Fig\.|Table|TABLE)\s+[\w.-]+(?:\s*[–—:-]\s.*)?$")
MAX_CAPTION_WORDS = 25
EDITORIAL_NOTE_RE = re.compile(r"^NOTE(?:\s+\d{1,2})?\s*[–—-]\s")
# A note heading standing alone ("Note by the Secretariat") is followed by the note's text.
MAX_NOTE_HEADING_WORDS = 7
_ROLE_ENUMS = {ROLE_ENUM1, ROLE_ENUM2, ROLE_ENUM3}


# ---------------------------------------------------------------------------------------------------
# Instruments


def _toc_pages(paras: list[Para]) -> set[int]:
    counts: dict[int, int] = {}
    for p in paras:
        if p.toc:
            counts[p.page] = counts.get(p.page, 0) + 1
    return {page for page, n in counts.items() if n >= 2}


def _confirmed_by_what_follows(paras: list[Para], i: int, italic_headings: bool) -> bool:
    for p in paras[i + 1: i + 1 + ID_LOOKAHEAD]:
        if p.role == ROLE_BOUNDARY or parse_identifier(p.text) is not None:
            return False
        if is_formula(p) or keyword_heading(p, italic_headings) is not None:
            return True
    return False


def split_instruments(paras: list[Para], italic_headings: bool) -> list[tuple[int, int]]:
    """(start, end) paragraph ranges of instruments; start is the identifier paragraph."""
    toc_pages = _toc_pages(paras)
    starts: list[int] = []
    for i, p in enumerate(paras):
        if p.toc or p.page in toc_pages or p.role == ROLE_BOUNDARY:
            continue
        if parse_identifier(p.text, with_title=True) is None:
            continue
        if p.role == ROLE_INSTRUMENT_ID or (p.n_lines <= MAX_ID_LINES
                                            and _confirmed_by_what_follows(paras, i, italic_headings)):
            starts.append(i)
    spans: list[tuple[int, int]] = []
    for k, s in enumerate(starts):
        limit = starts[k + 1] if k + 1 < len(starts) else len(paras)
        end = s + 1
        while end < limit and paras[end].role != ROLE_BOUNDARY and paras[end].page not in toc_pages:
            end += 1
        spans.append((s, end))
    return spans


# ---------------------------------------------------------------------------------------------------
# One instrument


@dataclass(slots=True)
class _Draft:
    section: str
    kind: ClauseKind
    label: str
    text: str
    page: int
    printed_page: str | None
    lead_in: str
    refs: list[tuple[str, int]] = field(default_factory=list)
    bbox: Box | None = None  # where it is printed on `page` (PDF)
    continued: tuple[PageBox, ...] = ()  # where it goes on, on later pages (PDF)


def clean_text(text: str, known_marks: Collection[str] | None = None) -> tuple[str, list[tuple[str, int]]]:
    """Strip footnote marks (recording where they were) and normalize whitespace; with `known_marks`, raised
    text that is no footnote's mark stays in the text."""
    clean, refs = strip_marks(normalize_space(text.replace("\t", " ")), known_marks)
    # offsets measured again after the whitespace around removed marks is normalized
    out_refs = [(mark, len(normalize_space(clean[:off] + "x")) - 1) for mark, off in refs]
    return normalize_space(clean), out_refs


def _skippable(p: Para, plain: str) -> bool:
    """Figure/table captions, editorial notes and revision-history lines are not clauses."""
    if CAPTION_RE.match(plain) and len(plain.split()) <= MAX_CAPTION_WORDS and not ends_sentence(plain):
        return True
    return bool(EDITORIAL_NOTE_RE.match(plain) or HISTORY_LINE_RE.match(plain) or SECRETARIAT_NOTE_RE.match(plain))


def _note_heading_alone(plain: str) -> bool:
    """"Note by the Secretariat" (or with a colon) on its own: the note's text is the next paragraph."""
    return bool(SECRETARIAT_NOTE_RE.match(plain)) and len(plain.split()) <= MAX_NOTE_HEADING_WORDS \
        and not plain.rstrip(":").endswith((".", ";", ","))


@dataclass(slots=True)
class _Hints:
    italic_headings: bool
    has_bold: bool
    use_x: bool


class InstrumentParser:
    """Walks one instrument's paragraphs and collects its clauses."""

    def __init__(self, paras: list[Para], hints: _Hints, footnote_marks: Collection[str] = ()) -> None:
        self.paras = paras
        self.hints = hints
        self.footnote_marks = set(footnote_marks)
        self.drafts: list[_Draft] = []
        self.section = ""
        self.kind: ClauseKind = "operative"
        self.stack: list[Item] = []
        self.heading_label: str | None = None
        self.in_annex = False
        self.annex_title_pending = False
        self.provision_style = False
        self.skip_note_text = False
        self.history_marks: set[str] = set()

    # -- title block --

    def head(self) -> tuple[InstrumentId, str, str, list[str], int] | None:
        """Identifier, title, body, marks referenced from the title block, index of the first body paragraph."""
        ident = parse_identifier(self.paras[0].text, with_title=True)
        if ident is None:
            return None
        i, title_paras, formula = 1, [], ""
        skipped: list[Para] = []
        while i < len(self.paras) and i <= ID_LOOKAHEAD:
            p = self.paras[i]
            if is_formula(p):
                formula = p.plain
                i += 1
                break
            if SECRETARIAT_NOTE_RE.match(p.plain) or HISTORY_LINE_RE.match(p.plain):
                # no part of the title (its footnotes belong to the title block); a note heading standing
                # alone takes the next paragraph with it
                skipped.append(p)
                i += 2 if _note_heading_alone(p.plain) and i + 1 < len(self.paras) \
                    and not is_formula(self.paras[i + 1]) else 1
                continue
            if is_title_phrase(p):
                title_paras.append(p)  # "relating to ...": older titles start in lower case
                i += 1
                continue
            kw = keyword_heading(p, self.hints.italic_headings)
            if (kw is not None and (kw[:1].islower() or title_paras)) or split_label(p.text)[0] is not None:
                break  # (a capitalised first paragraph is the title even if it starts like a keyword)
            title_paras.append(p)
            i += 1
        marks = [m for p in [self.paras[0], *title_paras] for m, _ in strip_marks(p.text)[1]]
        # footnotes of a history line ("Previously published (Geneva, 1956 ...)") are history too
        self.history_marks = {m for p in skipped for m, _ in strip_marks(p.text)[1]} - set(marks)
        title = ident.title or _title(title_paras, self.hints.has_bold)
        return ident, title, body_of(formula, ident.revision), marks, i

    # -- body --

    def parse_body(self, start: int) -> list[_Draft]:
        self.provision_style = is_provision_style(self.paras[start:])
        for p in self.paras[start:]:
            plain = p.plain
            if p.role == ROLE_BOUNDARY or p.toc or not plain:
                continue
            self._paragraph(p, plain)
        return self.drafts

    def _paragraph(self, p: Para, plain: str) -> None:
        ann = None if p.role == ROLE_KEYWORD else annex_heading(p)
        if ann:
            self.section, self.kind, self.in_annex = ann, "annex", True
            self.stack, self.heading_label, self.annex_title_pending = [], None, True
            return
        if self.annex_title_pending:
            self.annex_title_pending = False
            if self._is_annex_title(p):
                return
        if self.skip_note_text:
            self.skip_note_text = False
            if split_label(p.text)[0] is None and keyword_heading(p, self.hints.italic_headings) is None:
                return
        if _skippable(p, plain):
            self.skip_note_text = _note_heading_alone(plain)
            return
        if not self.in_annex:
            kw = keyword_heading(p, self.hints.italic_headings)
            if kw is not None:
                self.section, self.kind = kw, section_kind(kw)
                self.stack, self.heading_label = [], None
                return
        sub = subheading(p, self.hints.has_bold, bool(self.section))
        if sub is not None:
            self._subheading(sub[0], sub[1], p)
            return
        label, rest = split_label(p.text)
        if label is None and p.role not in _ROLE_ENUMS:
            headings = [it.heading for it in self.stack if it.clause < 0] if self.heading_label else []
            self._add(self.heading_label or "", rest, p, " ".join([self.section, *headings]))
            return
        ltype = label_type(label) if label else "list"
        if ltype in ("dash", "bullet", "list"):
            self._list_item(label, ltype, rest, p)
            return
        assert label is not None  # an unlabelled paragraph went to _list_item above
        self.stack, resolved = place_label(label, p.x, self.stack, self.hints.use_x)
        self._push(Item(label, resolved, p.x, len(self.drafts)), rest, p)

    def _is_annex_title(self, p: Para) -> bool:
        """The first paragraph after an annex heading, set as a title (bold, or a heading-like line)."""
        if p.bold or p.italic or p.role in (ROLE_TITLE, ROLE_HEADING):
            return True
        return not ends_sentence(p.text) and split_label(p.text)[0] is None and len(p.plain.split()) <= 25

    def _subheading(self, label: str | None, text: str, p: Para) -> None:
        self.heading_label = label
        if label:
            self.stack, kind = place_label(label, p.x, self.stack, self.hints.use_x)
            self.stack = [*self.stack, Item(label, kind, p.x, -1, clean_text(text)[0])]

    def _list_item(self, label: str | None, ltype: str, rest: str, p: Para) -> None:
        """Dash and bullet items: part of their parent clause in a resolution's preamble/operative part;
        clauses of their own in annexes, in provision-style texts and where a list style drew the bullet."""
        typed_dash = ltype == "dash" and p.role != ROLE_LIST_GLYPH
        enum = p.role in _ROLE_ENUMS
        if typed_dash and not (self.in_annex or self.provision_style or enum):
            self._merge_dash(rest, p)
            return
        if typed_dash and (self.provision_style or enum):
            marker, text = "•", f"{label} {rest}"  # the typed dash is text; the item is a list level
        elif label is None:
            marker, text = "•", rest
        else:
            marker, text = label, rest
        self.stack, _ = place_label("•", p.x, self.stack, self.hints.use_x, kind="list")
        self._push(Item(marker, "list", p.x, len(self.drafts)), text, p)

    def _push(self, item: Item, rest: str, p: Para) -> None:
        parents = [self.drafts[it.clause].text if it.clause >= 0 else it.heading for it in self.stack]
        self.stack = [*self.stack, item]
        self._add(label_path(self.stack), rest, p, " ".join([self.section, *parents]).strip())

    def _add(self, label: str, rest: str, p: Para, lead_in: str) -> None:
        text, refs = clean_text(rest, self.footnote_marks)
        self.drafts.append(_Draft(self.section, self.kind, label, text, p.page, p.printed_page, lead_in, refs,
                                  p.bbox, p.continued))

    def _merge_dash(self, rest: str, p: Para) -> None:
        """A typed "– ..." sub-item of a resolution clause joins that clause's text."""
        text, refs = clean_text(rest, self.footnote_marks)
        target = next((d for d in reversed(self.drafts) if d.section == self.section), None)
        if target is None or target.kind != self.kind:
            self.drafts.append(_Draft(self.section, self.kind, self.heading_label or "", f"– {text}", p.page,
                                      p.printed_page, self.section, [(m, o + 2) for m, o in refs]))
            return
        base = len(target.text) + 3
        target.text = f"{target.text} – {text}"
        target.refs.extend((m, o + base) for m, o in refs)
        boxes: list[tuple[int, Box | None]] = [(p.page, p.bbox), *((b[0], (b[1], b[2], b[3], b[4])) for b in p.continued)]
        for page, box in boxes:
            target.bbox, target.continued = extend_boxes(target.page, target.bbox, target.continued, page, box)


def _title(paras: list[Para], has_bold: bool) -> str:
    chosen = [p for p in paras if p.bold or p.role == ROLE_TITLE] if has_bold else []
    if not chosen:
        chosen = [p for p in paras if not p.italic]
    chosen = [p for p in chosen if not HISTORY_LINE_RE.match(p.plain) and not SECRETARIAT_NOTE_RE.match(p.plain)]
    if not chosen and paras:  # an italic title ("relating to ...") is still the title
        chosen = [p for p in paras if not HISTORY_LINE_RE.match(p.plain) and not SECRETARIAT_NOTE_RE.match(p.plain)]
    return normalize_space(" ".join(clean_text(p.text)[0] for p in chosen))


def _referencing_draft(drafts: list[_Draft], mark: str, page: int) -> int | None:
    """The clause that references footnote `mark` printed on `page`: the last referencing clause that
    starts on or before that page (a footnote is printed on the page of its first reference)."""
    best = None
    for k, d in enumerate(drafts):
        if any(m == mark for m, _ in d.refs) and d.page <= page and (best is None or d.page > drafts[best].page):
            best = k
    return best


_WORD = re.compile(r"[^\W_][\w'-]*")


def _glued_mark_re(mark: str) -> re.Pattern:
    # a word (3+ letters) or a closing bracket with the mark stuck to it, then a break: "countries1,"
    return re.compile(rf"(?:(?<=[^\W\d_]{{3}})|(?<=\)))({re.escape(mark)})(?=[\s,.;:)]|$)")


def _unglue_mark(text: str, mark: str, vocabulary: Counter[str]) -> tuple[str, bool]:
    """Remove the first glued footnote mark ("countries1") whose word is a word of the document on its own
    and does not recur with the mark (so "IPv6" or "G5" stay); say whether one was found."""
    for m in _glued_mark_re(mark).finditer(text):
        word = _WORD.findall(text[:m.start()])
        symbol = not mark[:1].isalnum()  # "*", "**", "†": no word ends with these
        if symbol or text[m.start() - 1] == ")" or (word and vocabulary[word[-1].lower()] > 0
                                          and vocabulary[(word[-1] + mark).lower()] <= 1):
            return text[:m.start()] + text[m.end():], True
    return text, False


def _unglue_in_drafts(drafts: list[_Draft], mark: str, page: int, vocabulary: Counter[str]) -> int | None:
    """Where a reader could not tell a superscript from text (marks glued to words), find the reference of
    an unreferenced footnote in the clauses printed on its page (or the one starting before it)."""
    candidates = [k for k, d in enumerate(drafts) if d.page == page]
    before = [k for k, d in enumerate(drafts) if d.page < page]
    for k in candidates + before[-1:]:
        d = drafts[k]
        text, found = _unglue_mark(d.text, mark, vocabulary)
        if found:
            offset = next(i for i, (a, b) in enumerate(zip(d.text, text + "\0", strict=False)) if a != b)
            d.text = normalize_space(text)
            d.refs.append((mark, offset))
            return k
    return None


FOOTNOTE_LEAD_IN_WORDS = 12


def _phrase_before(text: str, offset: int) -> str:
    """The words a footnote mark is attached to ("... the needs of the developing countries").

    Only the phrase, not the whole citing clause: with the whole clause as context the footnote would
    match every question about that clause as well as the clause itself does.
    """
    return " ".join(text[:offset].split()[-FOOTNOTE_LEAD_IN_WORDS:])


def parse_instrument(paras: list[Para], notes: list[Para], file: str, hints: _Hints) -> list[Clause]:
    parser = InstrumentParser(paras, hints, {n.footnote_mark for n in notes})
    head = parser.head()
    if head is None:
        return []
    ident, title, body, title_marks, start = head
    drafts = parser.parse_body(start)

    # where each footnote was referenced: a clause index, or None for the title
    hosts: list[int | None] = []
    vocabulary: Counter[str] | None = None
    for note in notes:
        mark = note.footnote_mark
        host = _referencing_draft(drafts, mark, note.page)
        if host is None and mark in parser.history_marks:
            hosts.append(None)
            continue
        if host is None and mark not in title_marks:
            if vocabulary is None:
                vocabulary = Counter(w.lower() for d in drafts for w in _WORD.findall(d.text))
            title, in_title = _unglue_mark(title, mark, vocabulary)
            if in_title:
                title_marks.append(mark)
            else:
                host = _unglue_in_drafts(drafts, mark, note.page, vocabulary)
        if host is None and mark not in title_marks:
            # unreferenced: attach to the clause printed on or before its page
            before = [k for k, d in enumerate(drafts) if d.page <= note.page]
            host = before[-1] if before else None
        hosts.append(host)

    def clause(d: _Draft, kind: ClauseKind) -> Clause:
        return Clause(file=file, instrument=ident.instrument, number=ident.number, revision=ident.revision,
                      body=body, title=title, section=d.section, kind=kind, label=d.label, text=d.text,
                      page=d.page, printed_page=d.printed_page, lead_in=d.lead_in,
                      footnote_refs=tuple(dict.fromkeys(m for m, _ in d.refs)), bbox=d.bbox,
                      continued=d.continued)

    placed: dict[int, list[Clause]] = {}  # each footnote goes right after the clause that references it
    for note, host in zip(notes, hosts, strict=True):
        if host is None and note.footnote_mark in parser.history_marks:
            continue  # a note on a revision-history line: no clause, like the line itself
        text, _ = clean_text(note.text)
        citing = drafts[host] if host is not None else None
        offset = dict(citing.refs).get(note.footnote_mark) if citing is not None else None
        lead_in = _phrase_before(citing.text, offset) if citing is not None and offset is not None else ""
        d = _Draft(citing.section if citing is not None else "", "footnote", note.footnote_mark, text,
                   note.page, note.printed_page, lead_in)
        placed.setdefault(-1 if host is None else host, []).append(clause(d, "footnote"))
    out: list[Clause] = list(placed.get(-1, []))
    for k, d in enumerate(drafts):
        if d.text:
            out.append(clause(d, d.kind))
        out.extend(placed.get(k, []))
    return out


# ---------------------------------------------------------------------------------------------------
# Entry point


def parse_lines(lines: Sequence[Line], file: str) -> list[Clause]:
    """Split a file's lines into instruments and their clauses."""
    paras, notes = build_paragraphs(lines)
    hints = _Hints(italic_headings=uses_italic_headings(paras), has_bold=any(ln.bold for ln in lines),
                   use_x=len({round(ln.x) for ln in lines if ln.text}) > 1)
    clauses: list[Clause] = []
    for s, e in split_instruments(paras, hints.italic_headings):
        first_note = paras[s].notes_before
        last_note = paras[e].notes_before if e < len(paras) else len(notes)
        inst_notes = [n for n in notes[first_note:last_note] if n.footnote_mark]
        clauses.extend(parse_instrument(paras[s:e], inst_notes, file, hints))
    return [replace(c, ordinal=k) for k, c in enumerate(clauses)]
