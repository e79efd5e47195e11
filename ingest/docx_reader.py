"""Read a Word `.docx` (ITU's published Word files) into `Line`s, one per paragraph, with style hints.

ITU Word files carry their structure in paragraph styles; `style_role` maps them to `Line.role`:
`ResNo`/`Res_No` → instrument identifier, `Restitle` → title, `Call` → keyword heading
("considering", "resolves"), `enumlev1..3` → nested items, `Heading 1..`/`Headingb`/`Section_No`
→ headings, `AnnexNo`/`Appendix_No`/`Annexref` → annex headings, `Figure*`/`Table*`/captions and
editorial `Note`s → not clauses. Every other style (including `ResRef`, the edition line) gives no
role and the structure parser reads the text alone (label, then TAB, then text, as ITU types it).
Labels Word draws from list numbering (numbering.xml) are put in front of the text ("a)<TAB>...",
see `docx_numbering`); a bullet or dash drawn by a list or a symbol font (w:sym) makes the line a
`ROLE_LIST_GLYPH`. `x` is the paragraph's first-line indent in points (style, list level, direct
formatting), so nesting can be read from indents as in a PDF.

Footnotes live in their own part (word/footnotes.xml, which python-docx does not expose): each
footnote referenced in a paragraph becomes a `ROLE_FOOTNOTE` line with its printed mark, placed
right after that paragraph (where a PDF prints it: at the foot of the reference's page). In the
paragraph text the mark is wrapped with `lines.sup()` where it is referenced. Custom marks
(`customMarkFollows`) keep their printed text; a superscript suffix typed after a reference
("1" + "bis") joins the mark ("1bis"); a mark typed again in the footnote-reference style refers to
the same footnote again.

What `page` means for a DOCX: a Word file has no fixed pages. `page` is 1 + the number of page
breaks before the paragraph, counting Word's own pagination at its last save
(`w:lastRenderedPageBreak`) when the file has it, otherwise the explicit breaks (hard page breaks,
"page break before", section breaks that start a new page). `printed_page` is the page number the
section's footer/header would print (following `w:pgNumType` restarts), or None where the section
shows no PAGE field. Both are estimates: another renderer may break pages elsewhere.

Zip bombs: the uncompressed size and number of the zip members are checked before anything is
parsed (`MAX_UNCOMPRESSED_BYTES`, `MAX_ZIP_MEMBERS`); larger files raise `TooLargeError`.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from .docx_numbering import Indent, Numbering, symbol_char
from .errors import (
    CorruptDocxError,
    EncryptedDocxError,
    TooLargeError,
    UnsupportedFileTypeError,
    check_readable_file,
)
from .lines import (
    ROLE_ANNEX_TITLE,
    ROLE_CAPTION,
    ROLE_ENUM1,
    ROLE_ENUM2,
    ROLE_ENUM3,
    ROLE_FIGURE,
    ROLE_FOOTNOTE,
    ROLE_HEADING,
    ROLE_INSTRUMENT_ID,
    ROLE_KEYWORD,
    ROLE_LIST_GLYPH,
    ROLE_NONE,
    ROLE_TABLE,
    ROLE_TITLE,
    Line,
    sup,
)
from .text_reader import normalize_chars

# A 32-page ITU resolution with figures unpacks to about 1 MB; Final Acts volumes with many
# images to tens of MB. 256 MiB leaves room for any real document and stops decompression bombs.
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
MAX_ZIP_MEMBERS = 10_000
OLE_SCAN_BYTES = 4 * 1024 * 1024  # where to look for the stream names of an OLE (old .doc / encrypted) file

# Normalized style name or id (lower case, letters and digits only) → role.
_STYLE_ROLES = {
    **dict.fromkeys(("resno", "decno", "recno", "opno", "resolutionno"), ROLE_INSTRUMENT_ID),
    **dict.fromkeys(("restitle", "dectitle", "rectitle", "optitle", "resolutiontitle"), ROLE_TITLE),
    # ResRef "(Hammamet, 2016)", the edition line under the title, gets no role: the structure parser
    # knows edition lines by their text, as in PDFs, and gives their footnotes the section "".
    **dict.fromkeys(("call", "callx"), ROLE_KEYWORD),
    "enumlev1": ROLE_ENUM1, "enumlev2": ROLE_ENUM2, "enumlev3": ROLE_ENUM3,
    **dict.fromkeys(("headingb", "headingi", "sectionno", "sectiontitle", "partno", "parttitle",
                     "chapno", "chaptitle", "annextitle", "appendixtitle", "attachmenttitle"), ROLE_HEADING),
    **dict.fromkeys(("annexno", "appendixno", "attachmentno", "annexref", "appendixref",
                     "attachmentref", "annexnotitle"), ROLE_ANNEX_TITLE),
    **dict.fromkeys(("figure", "figurelegend", "figuretext"), ROLE_FIGURE),
    **dict.fromkeys(("figureno", "figuretitle", "tableno", "tabletitle", "tablelegend", "caption",
                     "figurenotitle", "tablenotitle", "note", "notes"), ROLE_CAPTION),
    **dict.fromkeys(("tabletext", "tablehead", "tabletxt"), ROLE_TABLE),
    "footnotetext": ROLE_FOOTNOTE,
}
# A paragraph in an ordinary style that is really a caption: "Figure 9.1 – Approval of ...".
_LIST_ROLES = (ROLE_NONE, ROLE_ENUM1, ROLE_ENUM2, ROLE_ENUM3)
_CAPTION_TEXT = re.compile(r"^(?:Figure|Fig\.|Table)\s*[\w.\-]+\s*[–—-]\s", re.IGNORECASE)
# Marks as printed: digits, letters ("1bis", "a"), or symbols.
_MARK_TEXT = re.compile(r"^\s*([0-9A-Za-z]+|[*†‡§¶]+)")
_MARK_ONLY = re.compile(r"^\s*([0-9]{1,3}(?:bis|ter)?|[*†‡§¶]{1,3})\s*$")
_MARK_SUFFIX = re.compile(r"^[a-z]{1,4}$")  # "bis", "ter" typed after an automatic number
_SEPARATOR = re.compile(r"^[\s,;]*$")
_PAGE_FIELD = re.compile(r"\bPAGE\b")
_MULTI_SPACE = re.compile(r" {2,}")  # a line break typed after a space ("Telecommunication \nStandardization")

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SKIP = {qn("w:pPr"), qn("w:rPr"), qn("w:del"), qn("w:moveFrom"), qn("w:sectPr")}
_FIGURE_TAGS = {qn("w:drawing"), qn("w:pict"), qn("w:object"),
                "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"}


def _norm(name: str | None) -> str:
    return re.sub(r"[^a-z0-9]", "", (name or "").lower())


def style_role(style_name: str, style_id: str = "") -> str:
    """Role hint for an ITU paragraph style (by UI name or style id), "" when the style says nothing."""
    for key in (_norm(style_name), _norm(style_id)):
        if key in _STYLE_ROLES:
            return _STYLE_ROLES[key]
        if re.fullmatch(r"heading\d?", key):
            return ROLE_HEADING
        if re.fullmatch(r"enumlev\d", key):
            return ROLE_ENUM3
    return ROLE_NONE


# --- zip checks -----------------------------------------------------------------------------------

def check_docx_container(path: str) -> None:
    """Refuse files that are not zip packages: old binary .doc files, password-protected .docx files
    (both OLE containers), anything else; and zip bombs."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        with open(path, "rb") as fh:  # an encrypted .docx is an OLE container with an EncryptionInfo stream
            if "EncryptionInfo".encode("utf-16-le") in fh.read(OLE_SCAN_BYTES):
                raise EncryptedDocxError(path)
        raise UnsupportedFileTypeError(path, "old binary Word .doc format",
                                       advice="open it in Word or LibreOffice and save it as .docx")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise CorruptDocxError(path, f"not a zip package: {exc}") from exc
    if len(infos) > MAX_ZIP_MEMBERS:
        raise TooLargeError(path, f"{len(infos)} zip members, limit {MAX_ZIP_MEMBERS}")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise TooLargeError(path, f"{total / 2**20:.0f} MiB uncompressed, limit {MAX_UNCOMPRESSED_BYTES // 2**20} MiB")
    if not any(i.filename == "[Content_Types].xml" for i in infos):
        raise CorruptDocxError(path, "zip file without [Content_Types].xml, so not a Word document")


# --- run-level text with footnote marks and page breaks -------------------------------------------

@dataclass
class _Para:
    text: str = ""  # footnote marks wrapped with `lines.sup` where they are referenced
    marks: list[tuple[str, int]] = field(default_factory=list)  # (printed mark, footnote id)
    breaks_before_text: int = 0  # page breaks met before the paragraph's first character
    breaks: int = 0  # page breaks in the whole paragraph
    glyph_label: bool = False  # the text before the first TAB is a symbol-font glyph (a list bullet/dash)


@dataclass
class _Tok:
    kind: str  # "text" | "fn" | "break"
    text: str = ""
    ref_styled: bool = False  # superscript / FootnoteReference character style
    fn_id: int = 0
    custom: bool = False
    endnote: bool = False
    glyph: bool = False  # drawn from a symbol font (w:sym), e.g. a list dash or bullet


class _Reader:
    """Walks the document body in order; holds style caches and the footnote numbering state."""

    def __init__(self, document: docx.document.Document, use_rendered_breaks: bool) -> None:
        self.doc = document
        self.use_rendered = use_rendered_breaks
        self.auto_counter = {False: 0, True: 0}  # footnotes, endnotes
        self._para_style_cache: dict[str, tuple[bool | None, bool | None, float]] = {}
        self._char_ref_cache: dict[str, bool] = {}
        self._layout_cache: dict[str, tuple[str, int, Indent]] = {}
        numbering = next((r.target_part for r in document.part.rels.values()
                          if r.reltype == RT.NUMBERING and not r.is_external), None)
        self.numbering = Numbering(numbering.blob if numbering is not None else None)

    def style_layout(self, style_id: str) -> tuple[str, int, Indent]:
        """(list numId, list level, indent) a paragraph style gives, following base styles."""
        if style_id not in self._layout_cache:
            num_id, ilvl, indent = "", -1, Indent()
            style = self._style(style_id) if style_id else self.doc.styles.default(1)
            seen = 0
            while style is not None and seen < 20:
                ppr = style.element.find(qn("w:pPr"))
                if ppr is not None:
                    indent = indent.over(Indent.from_ppr(ppr))
                    num_pr = ppr.find(qn("w:numPr"))
                    if num_pr is not None and not num_id:
                        nid, lvl = num_pr.find(qn("w:numId")), num_pr.find(qn("w:ilvl"))
                        num_id = nid.get(qn("w:val"), "") if nid is not None else ""
                        ilvl = int(lvl.get(qn("w:val"), "0")) if lvl is not None else ilvl
                style, seen = style.base_style, seen + 1
            self._layout_cache[style_id] = (num_id, ilvl, indent)
        return self._layout_cache[style_id]

    def list_label(self, p: etree._Element, style_id: str) -> tuple[str, bool, Indent]:
        """Word's automatic label for the paragraph ("a)<TAB>", bullet glyph) and its first-line indent."""
        num_id, ilvl, style_indent = self.style_layout(style_id)
        ppr = p.find(qn("w:pPr"))
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if num_pr is not None:
            nid, lvl = num_pr.find(qn("w:numId")), num_pr.find(qn("w:ilvl"))
            num_id = nid.get(qn("w:val"), num_id) if nid is not None else num_id
            ilvl = int(lvl.get(qn("w:val"), "0")) if lvl is not None else max(ilvl, 0)
        label, glyph, sep = "", False, ""
        indent = style_indent
        if num_id and num_id != "0":
            ilvl = max(ilvl, 0)
            label, glyph, sep = self.numbering.label(num_id, ilvl)
            indent = self.numbering.indent(num_id, ilvl).over(indent)
        indent = Indent.from_ppr(ppr).over(indent)
        return (label + sep if label else ""), glyph, indent

    # style helpers
    def _style(self, style_id: str):
        try:
            return self.doc.styles.get_by_id(style_id, 1) if style_id else None  # 1 = paragraph
        except Exception:  # unknown id: Word falls back to Normal
            return None

    def paragraph_style(self, p: etree._Element) -> tuple[str, str]:
        ps = p.find(f"{_W}pPr/{_W}pStyle")
        style_id = ps.get(qn("w:val")) if ps is not None else ""
        style = self._style(style_id) if style_id else self.doc.styles.default(1)
        return (style.name if style is not None else style_id), style_id

    def style_font(self, style_id: str) -> tuple[bool | None, bool | None, float]:
        """(italic, bold, size pt) a paragraph style gives its text, following base styles."""
        if style_id not in self._para_style_cache:
            italic = bold = None
            size = 0.0
            style = self._style(style_id) if style_id else self.doc.styles.default(1)
            seen = 0
            while style is not None and seen < 20:
                font = style.font
                italic = font.italic if italic is None else italic
                bold = font.bold if bold is None else bold
                size = size or (font.size.pt if font.size else 0.0)
                style, seen = style.base_style, seen + 1
            self._para_style_cache[style_id] = (italic, bold, size)
        return self._para_style_cache[style_id]

    def char_style_is_ref(self, style_id: str) -> bool:
        if style_id not in self._char_ref_cache:
            key = _norm(style_id)
            self._char_ref_cache[style_id] = "footnotereference" in key or "endnotereference" in key
        return self._char_ref_cache[style_id]

    # tokens
    def tokens(self, p: etree._Element) -> Iterator[tuple[_Tok, etree._Element | None]]:
        """Text/footnote/page-break tokens of a paragraph in reading order (run properties alongside)."""
        yield from self._walk(p)

    def _walk(self, el: etree._Element) -> Iterator[tuple[_Tok, etree._Element | None]]:
        for child in el:
            tag = child.tag
            if tag in _SKIP:
                if tag == qn("w:pPr") and child.find(f"{_W}pageBreakBefore") is not None \
                        and _on(child.find(f"{_W}pageBreakBefore")) and not self.use_rendered:
                    yield _Tok("break"), None
                continue
            if tag == qn("w:r"):
                yield from self._run(child)
            elif tag in _FIGURE_TAGS:
                continue  # text boxes and drawings are figure content, not running text
            else:  # hyperlink, ins, smartTag, sdt, sdtContent, fldSimple, customXml, ...
                yield from self._walk(child)

    def _run(self, r: etree._Element) -> Iterator[tuple[_Tok, etree._Element | None]]:
        rpr = r.find(f"{_W}rPr")
        ref_styled = False
        if rpr is not None:
            rs = rpr.find(f"{_W}rStyle")
            va = rpr.find(f"{_W}vertAlign")
            ref_styled = (rs is not None and self.char_style_is_ref(rs.get(qn("w:val"), ""))) or \
                (va is not None and va.get(qn("w:val")) == "superscript")
        for c in r:
            tag = c.tag
            if tag == qn("w:t"):
                yield _Tok("text", c.text or "", ref_styled), rpr
            elif tag == qn("w:tab") or tag == qn("w:ptab"):
                yield _Tok("text", "\t", ref_styled), rpr
            elif tag in (qn("w:br"), qn("w:cr")):
                if c.get(qn("w:type")) == "page" and not self.use_rendered:
                    yield _Tok("break"), None
                elif c.get(qn("w:type")) != "page":
                    yield _Tok("text", "\n", ref_styled), rpr
            elif tag == qn("w:lastRenderedPageBreak") and self.use_rendered:
                yield _Tok("break"), None
            elif tag == qn("w:noBreakHyphen"):
                yield _Tok("text", "-", ref_styled), rpr
            elif tag == qn("w:sym"):
                try:
                    ch = symbol_char(c.get(qn("w:font"), ""), int(c.get(qn("w:char"), ""), 16))
                except ValueError:
                    ch = ""
                if ch:
                    yield _Tok("text", ch, ref_styled, glyph=True), rpr
            elif tag in (qn("w:footnoteReference"), qn("w:endnoteReference")):
                yield _Tok("fn", fn_id=int(c.get(qn("w:id"), "0")), custom=_on_attr(c, "w:customMarkFollows"),
                           endnote=tag == qn("w:endnoteReference")), None

    def paragraph(self, p: etree._Element) -> tuple[_Para, list[tuple[str, bool]]]:
        """Paragraph text without footnote marks, its marks, breaks; plus (text, italic) run pieces."""
        toks = list(self.tokens(p))
        para = _Para()
        pieces: list[tuple[str, bool]] = []
        _, style_id = self.paragraph_style(p)
        p_italic = bool(self.style_font(style_id)[0])
        seen_text = False
        i = 0
        while i < len(toks):
            tok, rpr = toks[i]
            if tok.kind == "break":
                para.breaks += 1
                if not seen_text:
                    para.breaks_before_text += 1
            elif tok.kind == "fn":
                mark, i = self._mark(toks, i)
                para.marks.append((mark, tok.fn_id if not tok.endnote else -tok.fn_id))
                para.text += sup(mark)
                continue
            elif tok.ref_styled and _SEPARATOR.match(tok.text) and _next_is_fn(toks, i):
                pass  # ", " between two superscript marks
            elif self._note_styled(rpr) and (m := _MARK_ONLY.match(tok.text)):
                para.text += sup(m.group(1))  # a footnote referenced again: its mark typed in the reference style
            else:
                para.text += tok.text
                if tok.text.strip():
                    seen_text = True
                    pieces.append((tok.text, _run_italic(rpr, p_italic)))
            i += 1
        head = []
        for tok, _ in toks:
            if tok.kind != "text":
                continue
            if "\t" in tok.text:
                head.append((tok.text.split("\t", 1)[0], tok.glyph))
                break
            head.append((tok.text, tok.glyph))
        para.glyph_label = any(g and t.strip() for t, g in head) and all(g or not t.strip() for t, g in head)
        return para, pieces

    def _note_styled(self, rpr: etree._Element | None) -> bool:
        rs = rpr.find(f"{_W}rStyle") if rpr is not None else None
        return rs is not None and self.char_style_is_ref(rs.get(qn("w:val"), ""))

    def _mark(self, toks: list, i: int) -> tuple[str, int]:
        """The printed mark of the footnote reference at toks[i]; returns (mark, next index)."""
        tok = toks[i][0]
        i += 1
        mark = ""
        if tok.custom:
            # The mark is typed right after the reference, in the same or the next superscript runs.
            while i < len(toks) and toks[i][0].kind == "text":
                t = toks[i][0]
                m = _MARK_TEXT.match(t.text)
                if not m:
                    break
                mark += m.group(1)
                rest = t.text[m.end():]
                if rest:
                    toks[i] = (_Tok("text", rest, t.ref_styled), toks[i][1])
                    break
                i += 1
                if not (i < len(toks) and toks[i][0].kind == "text" and toks[i][0].ref_styled
                        and _MARK_TEXT.match(toks[i][0].text)):
                    break
        else:
            self.auto_counter[tok.endnote] += 1
            mark = str(self.auto_counter[tok.endnote])
        # "bis"/"ter" typed in superscript right after the number belongs to the mark.
        if i < len(toks) and toks[i][0].kind == "text" and toks[i][0].ref_styled \
                and _MARK_SUFFIX.match(toks[i][0].text.strip()):
            mark += toks[i][0].text.strip()
            i += 1
        return mark or "*", i


def _on(el: etree._Element | None) -> bool:
    return el is not None and el.get(qn("w:val"), "true").lower() not in ("0", "false", "off")


def _on_attr(el: etree._Element, name: str) -> bool:
    return el.get(qn(name), "0").lower() in ("1", "true", "on")


def _next_is_fn(toks: list, i: int) -> bool:
    j = i + 1
    while j < len(toks) and toks[j][0].kind == "text" and _SEPARATOR.match(toks[j][0].text):
        j += 1
    return j < len(toks) and toks[j][0].kind == "fn"


def _run_italic(rpr: etree._Element | None, default: bool) -> bool:
    if rpr is not None:
        i = rpr.find(f"{_W}i")
        if i is not None:
            return _on(i)
    return default


# --- pages ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Section:
    restart_at: int | None  # w:pgNumType w:start
    shows_page: bool  # a header/footer of the section has a PAGE field
    start: str  # how the section starts: nextPage (the default), oddPage, evenPage, continuous, nextColumn


def _sections(document: docx.document.Document) -> list[_Section]:
    """Sections in order; each w:sectPr describes the section it ends (its own start type and numbering)."""
    out = []
    inherited_shows = False
    for sect_pr in document.element.body.iter(qn("w:sectPr")):
        pg = sect_pr.find(f"{_W}pgNumType")
        start = pg.get(qn("w:start")) if pg is not None else None
        refs = [r for r in sect_pr if r.tag in (qn("w:headerReference"), qn("w:footerReference"))]
        if refs:  # a section without its own header/footer references inherits the previous ones
            shows = False
            for ref in refs:
                try:
                    part = document.part.related_parts[ref.get(qn("r:id"))]
                    shows = shows or bool(_PAGE_FIELD.search(part.blob.decode("utf-8", "replace")))
                except (KeyError, AttributeError):
                    continue
            inherited_shows = shows
        typ = sect_pr.find(f"{_W}type")
        kind = typ.get(qn("w:val"), "nextPage") if typ is not None else "nextPage"
        out.append(_Section(int(start) if start and start.isdigit() else None, inherited_shows, kind))
    return out


class _PageCounter:
    """Physical page and printed page number as the body is walked.

    With Word's rendered breaks, the break that starts a new section is one of them (the section
    start waits for it); without, a section that starts on a new page adds a page itself. Blank
    pages are added where print layout needs them: an oddPage/evenPage section start on the wrong
    side, and, with mirrored (odd/even) headers, a plain new-page section whose restarted number has
    the parity of the page before it (odd numbers are right-hand pages: two right-hand pages in a row
    need a blank left-hand page between them, as LibreOffice and print layouts do).
    """

    def __init__(self, sections: list[_Section], *, rendered_breaks: bool, mirrored: bool) -> None:
        self.sections = sections or [_Section(None, False, "nextPage")]
        self.rendered = rendered_breaks
        self.mirrored = mirrored
        self.index = 0
        self.page = 1
        self.first_page = 1
        self.first_number = self.sections[0].restart_at or 1
        self.pending = False  # a new-page section has begun but its first page break is not yet seen

    def _start_section(self, last_number: int, same_page: bool) -> None:
        sec = self.sections[self.index]
        number = sec.restart_at if sec.restart_at is not None else last_number + (0 if same_page else 1)
        if not same_page:
            odd_side = self.page % 2 == 1
            if sec.start == "oddPage":
                blank = not odd_side
            elif sec.start == "evenPage":
                blank = odd_side
            else:  # mirrored layout: left and right pages alternate, so a restart must not repeat the side
                blank = self.mirrored and sec.restart_at is not None and number % 2 == last_number % 2
            self.page += blank
        self.first_page, self.first_number = self.page, number

    def _last_number(self) -> int:
        return self.first_number + (self.page - self.first_page)

    def before_text(self) -> None:
        """Called before a paragraph with text: a section still waiting for its page break starts now."""
        if self.pending:
            last = self._last_number()
            self.page += 1
            self.pending = False
            self._start_section(last, same_page=False)

    def advance(self, n: int) -> None:
        if n <= 0:
            return
        if self.pending:
            self.before_text()
            n -= 1
        self.page += n

    def end_section(self) -> None:
        """A paragraph carrying a w:sectPr closes the current section; the next one starts."""
        if self.index + 1 >= len(self.sections):
            return
        last = self._last_number()
        self.index += 1
        if self.sections[self.index].start in ("continuous", "nextColumn"):
            self._start_section(last, same_page=True)
        elif self.rendered:
            self.pending = True
        else:
            self.page += 1
            self._start_section(last, same_page=False)

    @property
    def printed(self) -> str | None:
        if not self.sections[self.index].shows_page:
            return None
        return str(self._last_number())


# --- footnotes part -------------------------------------------------------------------------------

def _notes(document: docx.document.Document, reltype: str, reader: _Reader) -> dict[int, str]:
    """Footnote (or endnote) id → text, marks stripped. Parsed safely (no entities, no network)."""
    part = next((r.target_part for r in document.part.rels.values()
                 if r.reltype == reltype and not r.is_external), None)
    if part is None:
        return {}
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(part.blob, parser)
    notes: dict[int, str] = {}
    tag = qn("w:footnote") if reltype == RT.FOOTNOTES else qn("w:endnote")
    for note in root.iter(tag):
        if note.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        texts = []
        for p in note.iter(qn("w:p")):
            toks = [t for t, _ in reader.tokens(p)]
            # Leading reference-styled text is the printed mark ("1", "1bis", "*"): not footnote text.
            k = 0
            while k < len(toks) and (toks[k].kind == "fn" or toks[k].kind == "break" or toks[k].ref_styled
                                     or (toks[k].kind == "text" and not toks[k].text.strip())):
                k += 1
            texts.append("".join(t.text for t in toks[k:] if t.kind == "text"))
        text = " ".join(" ".join(texts).split())
        notes[int(note.get(qn("w:id"), "0"))] = text
    return notes


# --- document walk ----------------------------------------------------------------------------------

def _block_items(body: etree._Element) -> Iterator[tuple[str, etree._Element]]:
    """("p", paragraph) and ("tbl", table) in document order, looking inside content controls."""
    for child in body:
        if child.tag == qn("w:p"):
            yield "p", child
        elif child.tag == qn("w:tbl"):
            yield "tbl", child
        elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
            yield from _block_items(child)


def read_docx_lines(path: str | os.PathLike) -> list[Line]:
    """Read a .docx into `Line`s (one per non-empty paragraph, one per table row, one per footnote).

    Raises `UnreadableFileError`, `EmptyFileError`, `UnsupportedFileTypeError` (old .doc),
    `CorruptDocxError` or `TooLargeError` (zip bomb guard). See the module docstring for roles,
    footnotes and what `page` means.
    """
    path = str(path)
    check_readable_file(path)
    check_docx_container(path)
    try:
        document = docx.Document(path)
    except Exception as exc:  # python-docx raises KeyError/ValueError/lxml errors on broken packages
        raise CorruptDocxError(path, f"{type(exc).__name__}: {str(exc)[:120]}") from exc

    body = document.element.body
    use_rendered = body.find(f".//{_W}lastRenderedPageBreak") is not None
    reader = _Reader(document, use_rendered)
    pages = _PageCounter(_sections(document), rendered_breaks=use_rendered,
                         mirrored=bool(document.settings.odd_and_even_pages_header_footer))
    footnotes = _notes(document, RT.FOOTNOTES, reader)
    reader.auto_counter = {False: 0, True: 0}
    endnotes = _notes(document, RT.ENDNOTES, reader)
    reader.auto_counter = {False: 0, True: 0}

    lines: list[Line] = []
    emitted_notes: set[int] = set()

    def emit_notes(marks: list[tuple[str, int]]) -> None:
        for mark, note_id in marks:
            if note_id in emitted_notes:
                continue
            emitted_notes.add(note_id)
            note_text = footnotes.get(note_id, "") if note_id >= 0 else endnotes.get(-note_id, "")
            if note_text:
                lines.append(Line(text=normalize_chars(note_text), page=pages.page, printed_page=pages.printed,
                                  role=ROLE_FOOTNOTE, style="FootnoteText", footnote_mark=mark,
                                  paragraph_start=True))

    def emit_paragraph(p: etree._Element) -> None:
        para, pieces = reader.paragraph(p)
        pages.advance(para.breaks_before_text)
        name, style_id = reader.paragraph_style(p)
        auto_label, auto_glyph, indent = reader.list_label(p, style_id)
        text = _MULTI_SPACE.sub(" ", normalize_chars(para.text.replace("\n", " "))).strip(" ")
        if text.strip():
            pages.before_text()
            role = style_role(name, style_id)
            if role == ROLE_NONE and len(text) < 300 and _CAPTION_TEXT.match(text):
                role = ROLE_CAPTION
            if (auto_glyph or (para.glyph_label and not auto_label)) and role in _LIST_ROLES:
                role = ROLE_LIST_GLYPH  # a bullet/dash drawn by the list or a symbol font, not typed
            italic_style, bold_style, size = reader.style_font(style_id)
            italic = bool(pieces) and all(it for _, it in pieces)
            lines.append(Line(text=auto_label + text, page=pages.page, printed_page=pages.printed, italic=italic,
                              bold=bool(bold_style), size=size, x=indent.first_line_x, role=role, style=name,
                              paragraph_start=True))
        emit_notes(para.marks)
        pages.advance(para.breaks - para.breaks_before_text)
        ppr = p.find(f"{_W}pPr")
        if ppr is not None and ppr.find(f"{_W}sectPr") is not None:
            pages.end_section()

    def emit_table(tbl: etree._Element) -> None:
        """One ROLE_TABLE line per row ("cell | cell"), then the footnotes its cells reference."""
        for tr in tbl.findall(qn("w:tr")):
            cells: list[str] = []
            marks: list[tuple[str, int]] = []
            for tc in tr.findall(qn("w:tc")):
                texts = []
                for p in tc.iter(qn("w:p")):  # nested tables are flattened into their cell
                    para, _ = reader.paragraph(p)
                    auto_label, _, _ = reader.list_label(p, reader.paragraph_style(p)[1])
                    pages.advance(para.breaks)
                    marks.extend(para.marks)
                    if para.text.strip():
                        texts.append(auto_label.replace("\t", " ") + normalize_chars(para.text.replace("\n", " ")))
                cell_text = " ".join(" ".join(texts).split())
                if cell_text and (not cells or cells[-1] != cell_text):  # merged cells repeat
                    cells.append(cell_text)
            if cells:
                pages.before_text()
                lines.append(Line(text=" | ".join(cells), page=pages.page, printed_page=pages.printed,
                                  role=ROLE_TABLE, style="table", paragraph_start=True))
            emit_notes(marks)

    for kind, el in _block_items(body):
        if kind == "p":
            emit_paragraph(el)
        else:
            emit_table(el)
    return lines
