"""Lines → paragraphs: continuation lines joined, hyphenation repaired, footnote texts kept apart.

A new paragraph starts where the reader says so (DOCX/TXT paragraphs, PDF vertical gaps), at a label
followed by a gap ("a)<TAB>..."), where the style changes (italic keyword, bold title), at a list
bullet, at an identifier line, and after a page break only when the last paragraph plainly ended.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .footnotes import strip_marks
from .hyphenation import Vocabulary, join_lines
from .lines import (
    ROLE_ANNEX_TITLE,
    ROLE_BOUNDARY,
    ROLE_CAPTION,
    ROLE_FIGURE,
    ROLE_FOOTNOTE,
    ROLE_FURNITURE,
    ROLE_HEADING,
    ROLE_INSTRUMENT_ID,
    ROLE_KEYWORD,
    ROLE_LIST_GLYPH,
    ROLE_TABLE,
    ROLE_TITLE,
    SUP_CLOSE,
    SUP_OPEN,
    Line,
)
from .patterns import ANNEX_HEADING_RE, INSTRUMENT_ID_RE, LABEL_RE, TOC_LEADER_RE, normalize_space
from .records import Box, PageBox

HEADING_ROLES = {ROLE_INSTRUMENT_ID, ROLE_KEYWORD, ROLE_TITLE, ROLE_HEADING, ROLE_ANNEX_TITLE, ROLE_CAPTION}
SKIP_ROLES = {ROLE_FURNITURE, ROLE_FIGURE}
# Longest label that may stand before a TAB ("1bis.1.1.1", "a bis)").
MAX_LABEL_CHARS = 16
_TRAILING_MARK = re.compile(f"{SUP_OPEN}[^{SUP_CLOSE}]*{SUP_CLOSE}$")


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
    notes_before: int = 0  # footnotes read before this paragraph (body) / body paragraphs before it (footnote)
    bbox: Box | None = None  # PDF: its lines on its first page (Line.bbox)
    continued: tuple[PageBox, ...] = ()  # PDF: its lines on each later page it runs onto

    @property
    def plain(self) -> str:
        """Text without footnote marks, tabs and repeated whitespace."""
        return normalize_space(strip_marks(self.text)[0].replace("\t", " "))


def union_bbox(a: tuple[float, float, float, float] | None,
               b: tuple[float, float, float, float] | None) -> tuple[float, float, float, float] | None:
    """The smallest box holding both (None when either is unknown)."""
    if a is None or b is None:
        return None
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def extend_boxes(page: int, bbox: Box | None, continued: tuple[PageBox, ...], line_page: int,
                 line_bbox: Box | None) -> tuple[Box | None, tuple[PageBox, ...]]:
    """(first-page box, later-page boxes) of a text after a line at `line_page`/`line_bbox` joins it: the line
    widens the box of its page, or opens the box of a later page."""
    if line_page == page:
        return union_bbox(bbox, line_bbox), continued
    if line_bbox is None or line_page < page or bbox is None:
        return bbox, continued  # nothing known to add (or the start itself is unknown)
    if continued and continued[-1][0] == line_page:
        _, *prev = continued[-1]
        last = union_bbox((prev[0], prev[1], prev[2], prev[3]), line_bbox)
        assert last is not None
        return bbox, (*continued[:-1], (line_page, *last))
    return bbox, (*continued, (line_page, *line_bbox))


def tab_label(text: str) -> str | None:
    """The label before a TAB ("a)<TAB>that ..."), if the text starts with one."""
    head, sep, _ = text.partition("\t")
    head = head.strip()
    if sep and len(head) <= MAX_LABEL_CHARS and LABEL_RE.fullmatch(head):
        return head
    return None


def ends_sentence(text: str) -> bool:
    t = _TRAILING_MARK.sub("", text.rstrip()).rstrip()
    return t.endswith((".", ";", ":", ","))


def _starts_list_item(text: str) -> bool:
    """"b) that ...", "ii) ...", "– ...": a lettered or dashed label. Numbers are left out: a wrapped
    line may well start with one ("No." / "11.49 at any point")."""
    m = LABEL_RE.match(text.lstrip())
    if not m:
        return False
    label = m.group("label")
    rest = text.lstrip()[m.end():]
    return bool(rest[:1].isspace()) and (label.endswith(")") and not label[:1].isdigit() or label in ("–", "•"))


def _looks_like_identifier_line(line: Line, last: Line) -> bool:
    """An identifier on its own line, not a cross-reference that happens to fill a wrapped line."""
    m = INSTRUMENT_ID_RE.match(line.text)
    if not m:
        return False
    return (m.group("instrument").isupper() or line.bold or line.page != last.page
            or line.gap_before > 0.25 * max(line.size, 1.0))


# Longest annex heading line ("ANNEX 2 TO DECISION 5 (REV. BUCHAREST, 2022)" and longer).
MAX_ANNEX_HEADING_CHARS = 160
_TAG_LINE = re.compile(r"^\([^()]*[^\W\d_][^()]*\)\S{0,3}$")  # "(REV.WRC-19)", "(Kyoto, 1994)", "(Orb-88)*"
_NOTE_START = re.compile(r"^(?:NOTE|Note|Notes?)\b")


def _looks_like_annex_line(line: Line, last: Line) -> bool:
    """An annex/appendix heading set on its own line (in capitals, bold, after a gap or at a page top), wherever
    it sits: a heading run on below the last item without a gap still starts a section of its own."""
    text = line.text.strip()
    if len(text) > MAX_ANNEX_HEADING_CHARS or not ANNEX_HEADING_RE.match(text):
        return False
    return (text.split()[0].isupper() or line.bold or line.page != last.page
            or line.gap_before > 0.25 * max(line.size, 1.0)
            or (ends_sentence(last.text) and (len(text.split()) <= 3 or line.x > 2 * max(line.size, 1.0))))


def _heading_goes_on(cur: Para, line: Line) -> bool:
    """The next line continues an identifier or annex heading: its revision tag ("(REV. BUCHAREST, 2022)")
    or the rest of an unclosed parenthesis."""
    text = cur.text.rstrip()
    if text.count("(") > text.count(")"):
        return True
    return line.text.lstrip().startswith("(") and ANNEX_HEADING_RE.match(text) is not None \
        or (_TAG_LINE.match(line.text.strip()) is not None and "(" not in text)


# Style the PDF reader gives lines inside a ruled table (ROLE_TABLE).
PDF_TABLE_STYLE = "pdf:table"


def is_table_row(line: Line) -> bool:
    """A row of a table drawn inside an item: inside a ruled table (PDF reader), or three or more cells set
    apart by wide gaps."""
    if line.role == ROLE_TABLE:
        return line.style == PDF_TABLE_STYLE
    # (positioned lines only: a Word/text paragraph with several tabs is a paragraph of its own)
    return line.y > 0 and line.text.count("\t") >= 2 and not line.role and not TOC_LEADER_RE.search(line.text)


def _table_goes_on(cur: Para, last: Line, line: Line) -> bool:
    """Rows of a table (and the notes printed under it) belong to the item the table sits in."""
    if cur.role or cur.toc or (line.page != last.page and not is_table_row(last) and not is_table_row(line)):
        return False  # (a table broken across a page, or starting on the next page, goes on)
    if is_table_row(line):
        return not INSTRUMENT_ID_RE.match(cur.text) and not ANNEX_HEADING_RE.match(cur.text)
    return is_table_row(last) and not line.role and bool(_NOTE_START.match(line.text.strip()))


def _new_paragraph(cur: Para, last: Line, line: Line) -> bool:
    if _table_goes_on(cur, last, line):
        return False
    heading = INSTRUMENT_ID_RE.match(cur.text) or (cur.n_lines <= 2 and len(cur.text) <= MAX_ANNEX_HEADING_CHARS
                                                   and ANNEX_HEADING_RE.match(cur.text))
    if heading and not line.paragraph_start and _heading_goes_on(cur, line):
        return False
    if line.paragraph_start or line.role in HEADING_ROLES or cur.role in HEADING_ROLES:
        return True
    if line.role == ROLE_LIST_GLYPH:
        return True
    if line.role != last.role and not (last.role == ROLE_LIST_GLYPH and not line.role):
        return True
    if tab_label(line.text) is not None:
        return True
    if line.italic != cur.italic or line.bold != cur.bold:
        return True
    if cur.toc or TOC_LEADER_RE.search(line.text):
        return True
    if _looks_like_identifier_line(line, last) or heading or _looks_like_annex_line(line, last):
        return True
    if ends_sentence(last.text) and _starts_list_item(line.text):
        return True  # labels set off by a plain space, without a paragraph gap
    if line.page != last.page:
        # a page break continues the paragraph unless the last one ended and a new one plainly starts
        return ends_sentence(last.text) and (line.text.lstrip()[:1].isupper() or bool(LABEL_RE.match(line.text)))
    return False


def build_paragraphs(lines: Sequence[Line]) -> tuple[list[Para], list[Para]]:
    """Body paragraphs and footnote paragraphs, each in reading order."""
    vocab = Vocabulary.from_texts(ln.text for ln in lines if ln.text and ln.role not in SKIP_ROLES)
    body: list[Para] = []
    notes: list[Para] = []
    last_body: Line | None = None
    for line in lines:
        if line.role in SKIP_ROLES:
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
                                  line.size, line.x, footnote_mark=line.footnote_mark, notes_before=len(body)))
            else:  # the footnote goes on (possibly from the previous page)
                notes[-1].text = join_lines(notes[-1].text, text, vocab)
                notes[-1].n_lines += 1
            continue
        cur = body[-1] if body and body[-1].role != ROLE_BOUNDARY else None
        if cur is None or last_body is None or _new_paragraph(cur, last_body, line):
            body.append(Para(text, line.page, line.printed_page, line.italic, line.bold, line.role, line.size,
                             line.x, toc=bool(TOC_LEADER_RE.search(text)), notes_before=len(notes),
                             bbox=line.bbox))
        else:
            cur.text = join_lines(cur.text, text, vocab)
            cur.n_lines += 1
            cur.bbox, cur.continued = extend_boxes(cur.page, cur.bbox, cur.continued, line.page, line.bbox)
            cur.italic = cur.italic and line.italic  # italic/bold only if all its lines are
            cur.bold = cur.bold and line.bold
        last_body = line
    return body, notes
