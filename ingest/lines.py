"""The `Line`: one visual line (PDF) or paragraph (DOCX/TXT) handed from a layout reader to the structure parser.

Readers fill what they know; the structure parser works with rich hints (fonts, styles) and with plain text
alone (every hint at its default).

Conventions for readers:
- PDF: one Line per visual line in reading order; a label separated from its text by a gap is written
  "label\ttext"; running headers/footers are left out (they only give `printed_page`).
- DOCX/TXT: one Line per paragraph with `paragraph_start=True`; Word's "label<TAB>text" kept as is.
- Footnote texts: `role=ROLE_FOOTNOTE`, first line `footnote_mark="1"`; put them right after the line that
  references them (DOCX/TXT) or where printed (PDF page foot).
"""

from __future__ import annotations

from dataclasses import dataclass

# Role hints a reader may set when the source says what a line is (DOCX paragraph styles, PDF layout).
ROLE_NONE = ""
ROLE_INSTRUMENT_ID = "instrument_id"  # DOCX ResNo: "RESOLUTION 1 (Rev. Hammamet, 2016)"
ROLE_TITLE = "title"  # DOCX Restitle
ROLE_KEYWORD = "keyword"  # DOCX Call: an italic section heading ("considering", "resolves")
ROLE_ENUM1 = "enumlev1"  # DOCX enumlev1..3: nested list items
ROLE_ENUM2 = "enumlev2"
ROLE_ENUM3 = "enumlev3"
ROLE_HEADING = "heading"  # DOCX Heading*/Headingb: numbered or bold headings in annexes/appendices
ROLE_ANNEX_TITLE = "annex_title"  # DOCX AnnexNo/AppendixNo
ROLE_FOOTNOTE = "footnote"  # footnote text (DOCX footnotes part, PDF page-foot small text)
ROLE_FURNITURE = "furniture"  # running header/footer/page number: never clause text
ROLE_CAPTION = "caption"  # figure/table captions: not clauses
ROLE_TABLE = "table"  # a table cell/row rendered as text
ROLE_FIGURE = "figure"  # text drawn inside a figure
ROLE_LIST_GLYPH = "list_glyph"  # starts with a bullet/dash drawn by a list style (not typed): "–<TAB>text"
ROLE_BOUNDARY = "boundary"  # empty marker line: whatever instrument is open ends here (PDF outline, divider page)

# Footnote reference marks inside `Line.text`: readers that know a run is a superscript footnote mark
# (PDF font size, DOCX footnoteReference, Word's "[footnoteRef:1]") wrap it as SUP_OPEN + mark + SUP_CLOSE,
# e.g. "developing countries\ue0101\ue011, including". Several marks may share one wrapper ("*, 1").
# The structure parser removes them from clause text and records them in `Clause.footnote_refs`.
SUP_OPEN = "\ue010"
SUP_CLOSE = "\ue011"


def sup(mark: str) -> str:
    """Wrap a footnote reference mark for `Line.text`."""
    return f"{SUP_OPEN}{mark}{SUP_CLOSE}"


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text with whatever layout hints its reader knows."""

    text: str
    page: int = 1  # physical page, 1-based (DOCX/TXT: 1 unless the reader knows better)
    printed_page: str | None = None  # page number printed on that page ("12", "III"), None if none
    italic: bool = False  # whole line italic (PDF font name / DOCX run formatting)
    bold: bool = False  # whole line bold
    size: float = 0.0  # font size in points, 0 if unknown
    x: float = 0.0  # left indent in points from the text block's left edge, 0 if unknown
    y: float = 0.0  # baseline height on the page in points (PDF), 0 if unknown
    role: str = ROLE_NONE  # one of the ROLE_* hints, "" when the reader does not know
    style: str = ""  # raw source style name (DOCX paragraph style), for diagnostics
    footnote_mark: str = ""  # ROLE_FOOTNOTE: set on the first line of each footnote (its mark); "" on continuations
    gap_before: float = 0.0  # vertical gap above this line beyond normal line spacing (PDF), 0 if unknown
    paragraph_start: bool = False  # the reader knows a new paragraph starts here (DOCX/TXT: always)
    bbox: tuple[float, float, float, float] | None = None  # PDF: (left, bottom, right, top) in points on `page`
