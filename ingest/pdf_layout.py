"""PDF → `Line`s: text with position and font from pypdf, page furniture removed, footnotes marked.

pypdf's `extract_text(visitor_text=...)` reports each piece of text with its matrices and font. We
group the pieces into visual lines by baseline, rebuild each line's text (a label followed by a wide
gap becomes "label<TAB>text", superscript footnote marks are wrapped with `SUP_OPEN`/`SUP_CLOSE`),
then look at the whole document to find running headers/footers (`furniture.py`), footnote blocks
(`footnotes.py`), paragraph gaps and the PDF outline.
"""

from __future__ import annotations

import contextvars
import math
import os
import re
import warnings
from collections import Counter
from dataclasses import dataclass, field

from pypdf.errors import LimitReachedError

from .errors import IngestError
from .footnotes import mark_footnote_blocks
from .furniture import find_furniture
from .limits import TextBudget
from .lines import (
    ROLE_BOUNDARY,
    ROLE_FOOTNOTE,
    ROLE_INSTRUMENT_ID,
    ROLE_LIST_GLYPH,
    ROLE_TABLE,
    SUP_CLOSE,
    SUP_OPEN,
    Line,
)
from .paragraphs import PDF_TABLE_STYLE, ends_sentence
from .patterns import INSTRUMENT_ID_PREFIX_RE, INSTRUMENT_ID_RE, LABEL_RE, PAGE_NUMBER_RE, normalize_space

# A run whose size is at most this share of its line's main size is a superscript (footnote mark).
SUPERSCRIPT_RATIO = 0.8
# What a superscript footnote mark looks like: digits, asterisks, daggers, "bis"/letters, separators.
SUP_MARK_RE = re.compile(r"^[\s,]*(?:[0-9]{1,3}|\*{1,3}|[†‡§]{1,2}|bis|ter|[a-z])(?:[\s,]*(?:[0-9]{1,3}|\*{1,3}|[†‡§]{1,2}|bis|ter|[a-z]))*[\s,]*$")
_SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
_ITALIC_NAME = re.compile(r"italic|oblique|-it$|,it$|-ital", re.IGNORECASE)
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_CID_ARTEFACT = re.compile(r"\(cid:\d+\)")
# Symbol fonts (Symbol, OpenSymbol, Wingdings) draw list bullets from the private-use area U+F020-F0FF;
# their codes follow the Symbol encoding.
_SYMBOL_AREA = re.compile("[\uf020-\uf0ff]")
_SYMBOL_GLYPHS = {0x2D: "–", 0xB7: "•", 0xA7: "▪", 0x6C: "●", 0x6E: "■", 0x9F: "•", 0xD8: "➢", 0xFC: "✓"}


def _decode_symbols(text: str) -> tuple[str, bool]:
    """Replace private-use symbol-font glyphs by their characters; say whether there were any."""
    if not _SYMBOL_AREA.search(text):
        return text, False
    out = []
    for ch in text:
        code = ord(ch)
        if 0xF020 <= code <= 0xF0FF:
            out.append(_SYMBOL_GLYPHS.get(code - 0xF000, chr(code - 0xF000)))
        else:
            out.append(ch)
    return "".join(out), True


@dataclass(slots=True)
class Chunk:
    """One piece of text as pypdf reports it (stream order)."""

    text: str
    x: float
    y: float
    size: float
    italic: bool
    bold: bool
    space: bool  # whitespace only (often a space pypdf inferred from a gap)
    glyph: bool = False  # drawn from a symbol font's private-use area (list bullets)


@dataclass(slots=True)
class RawLine:
    """A visual line on one page before document-level analysis."""

    page: int
    y: float
    x: float
    size: float
    text: str
    italic: bool
    bold: bool
    pieces: list[str] = field(default_factory=list)  # the text split at wide gaps (for furniture)
    starts_with_sup: bool = False
    starts_with_glyph: bool = False  # a list bullet drawn from a symbol font
    kind: str = ""  # "", "furniture", "footnote"
    footnote_mark: str = ""
    x1: float = 0.0  # right edge in points (estimated from the glyph sizes)
    column_left: float = 0.0  # left edge of the column the line sits in (two-column pages), 0 otherwise


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    title: str
    page: int  # physical, 1-based
    depth: int


@dataclass(frozen=True, slots=True)
class PdfLayout:
    """What the layout reader found: the lines for the structure parser plus diagnostics for tests."""

    lines: list[Line]
    page_count: int
    printed_pages: list[str | None]  # index = physical page - 1
    furniture: list[list[str]]  # per page, texts removed as running header/footer
    outline: list[OutlineEntry]
    body_size: float


# ---------------------------------------------------------------------------------------------------
# Font cache: pypdf rebuilds every font's character map on every page (most of its extraction time in a
# long volume). While one of our reads runs, fonts are memoised per font dictionary, which pypdf's reader
# hands out as the same object on every page that uses it. Other callers of pypdf are not affected.

_font_cache: contextvars.ContextVar[dict | None] = contextvars.ContextVar("itu_font_cache", default=None)


def _install_font_cache() -> None:
    try:
        from pypdf.generic._font import Font
    except ImportError:  # another pypdf layout: extraction just stays uncached
        return
    original = Font.__dict__.get("from_font_resource")
    if original is None or getattr(getattr(original, "__func__", None), "_itu_cached", False):
        return
    plain = original.__func__

    def from_font_resource(cls, pdf_font_dict):
        cache = _font_cache.get()
        if cache is None:
            return plain(cls, pdf_font_dict)
        key = id(pdf_font_dict)
        hit = cache.get(key)
        if hit is None or hit[0] is not pdf_font_dict:
            hit = (pdf_font_dict, plain(cls, pdf_font_dict))
            cache[key] = hit
        return hit[1]

    wrapped = classmethod(from_font_resource)
    wrapped.__func__._itu_cached = True  # type: ignore[attr-defined]
    Font.from_font_resource = wrapped  # type: ignore[method-assign,assignment]


_install_font_cache()


# ---------------------------------------------------------------------------------------------------
# Reading one page


def _font_style(font: dict | None, cache: dict[int, tuple[bool, bool]]) -> tuple[bool, bool]:
    if not font:
        return False, False
    key = id(font)
    hit = cache.get(key)
    if hit is not None:
        return hit
    name = _SUBSET_PREFIX.sub("", str(font.get("/BaseFont", "")).lstrip("/"))
    italic = bool(_ITALIC_NAME.search(name))
    bold = bool(_BOLD_NAME.search(name))
    try:
        desc = font.get("/FontDescriptor")
        desc = desc.get_object() if desc is not None else None
        if desc is not None and not italic:
            angle = float(desc.get("/ItalicAngle", 0) or 0)
            italic = abs(angle) > 3
    except Exception:  # a broken descriptor only costs the hint
        pass
    cache[key] = (italic, bold)
    return italic, bold


_PATH_OPS = frozenset((b"m", b"l", b"re"))


def _page_chunks(page, style_cache: dict, width: float = 0.0,
                 height: float = 0.0) -> tuple[list[Chunk], list[tuple[float, float, float]], float]:
    """Text chunks in reading coordinates, short horizontal rules (x0, x1, y) and the reading height.

    Text runs in four directions are told apart by their baseline; the direction carrying most text is
    the page's (a landscape page set sideways reads at 90°), the others (rotated running heads beside
    a landscape figure, labels inside figures) are left out.
    """
    chunks: list[Chunk] = []
    directions: list[int] = []
    rules: list[tuple[float, float, float]] = []
    pending_move: list[float] = []

    def on_text(text, cm, tm, font, font_size):
        if not text or text == "\n":
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if x == 0 and y == 0 and not text.strip():
            return
        scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
        size = float(font_size) * (scale or 1.0)
        italic, bold = _font_style(font, style_cache)
        if not italic and tm[3] and abs(tm[2] / tm[3]) > 0.15:
            italic = True  # slanted by the text matrix (synthetic italic)
        text, glyph = _decode_symbols(text.replace("\n", " "))
        ax = tm[0] * cm[0] + tm[1] * cm[2]
        ay = tm[0] * cm[1] + tm[1] * cm[3]
        direction = round(math.degrees(math.atan2(ay, ax)) / 90) % 4 * 90 if (ax or ay) else 0
        chunks.append(Chunk(text, x, y, size, italic, bold, not text.strip(), glyph))
        directions.append(direction)

    def on_op(op, args, cm, tm):
        # Footnote separators: a short horizontal stroke ("m x y" then "l x2 y") or a thin filled rectangle.
        if op not in _PATH_OPS:
            return
        try:
            if op == b"m" and len(args) == 2:
                pending_move[:] = [float(args[0]), float(args[1])]
            elif op == b"l" and len(args) == 2 and pending_move:
                x0, y0 = pending_move
                x1, y1 = float(args[0]), float(args[1])
                if abs(y1 - y0) < 0.5:
                    rules.append(_user_space_rule(x0, x1, y0, cm))
            elif op == b"re" and len(args) == 4:
                x0, y0, w, h = (float(a) for a in args)
                if abs(h) < 1.5 and abs(w) > 20:
                    rules.append(_user_space_rule(x0, x0 + w, y0, cm))
        except (TypeError, ValueError):
            pass

    page.extract_text(visitor_text=on_text, visitor_operand_before=on_op)
    weight: Counter[int] = Counter()
    for c, d in zip(chunks, directions, strict=True):
        weight[d] += len(c.text.strip())
    main = weight.most_common(1)[0][0] if weight else 0
    kept = [c for c, d in zip(chunks, directions, strict=True) if d == main]
    if main == 0:
        return kept, rules, height
    for c in kept:  # turn the page so that its text reads left to right, top to bottom
        if main == 90:
            c.x, c.y = c.y, width - c.x
        elif main == 270:
            c.x, c.y = height - c.y, c.x
        else:
            c.x, c.y = width - c.x, height - c.y
    return kept, [], width if main in (90, 270) else height


def _user_space_rule(x0: float, x1: float, y: float, cm) -> tuple[float, float, float]:
    ax = x0 * cm[0] + y * cm[2] + cm[4]
    bx = x1 * cm[0] + y * cm[2] + cm[4]
    ay = x0 * cm[1] + y * cm[3] + cm[5]
    return (min(ax, bx), max(ax, bx), ay)


# Rough advance widths (in em) of Latin text, to tell a wide gap (label<TAB>text) from a word space.
def _char_em(ch: str) -> float:
    if ch.isspace():
        return 0.25
    if ch.isupper() or ch in "mwMW@%&":
        return 0.7
    if ch.isdigit():
        return 0.5
    if ch in "iljtfr.,;:'!|()[]-":
        return 0.3
    return 0.5


class _EmTable(dict):
    """Advance (em) per character, computed once per character seen."""

    def __missing__(self, ch: str) -> float:
        self[ch] = value = _char_em(ch)
        return value


_EM = _EmTable()


def _estimate_width(text: str, size: float) -> float:
    em = _EM
    return sum(em[ch] for ch in text) * size


def _group_lines(chunks: list[Chunk]) -> list[list[Chunk]]:
    """Chunks → lines by baseline; raised small runs (superscripts) join the line they sit on."""
    lines: list[tuple[float, float, list[Chunk]]] = []  # (y, size, chunks)
    for ch in chunks:
        target = None
        for i in range(len(lines) - 1, max(-1, len(lines) - 40), -1):
            y, size, members = lines[i]
            tol = 0.45 * max(size, ch.size)
            if abs(ch.y - y) <= tol:
                target = i
                break
        if target is None:
            lines.append((ch.y, ch.size, [ch]))
        else:
            y, size, members = lines[target]
            members.append(ch)
            if ch.size > size and not ch.space:  # the baseline is that of the largest text
                lines[target] = (ch.y, ch.size, members)
    return [members for _, _, members in lines if any(not c.space for c in members)]


def _main_size(members: list[Chunk]) -> float:
    weights: Counter[float] = Counter()
    for c in members:
        if not c.space:
            weights[round(c.size * 2) / 2] += len(c.text.strip())
    return weights.most_common(1)[0][0] if weights else 0.0


def _build_line(page_no: int, members: list[Chunk]) -> RawLine:
    size = _main_size(members)
    text_parts: list[str] = []
    prev: Chunk | None = None
    pending_space = False
    in_sup = False
    starts_with_sup = False
    styled = [c for c in members if not c.space and c.size > SUPERSCRIPT_RATIO * size]
    first_real = True
    for k, c in enumerate(members):
        if c.space:
            # a space drawn where the previous piece starts takes no room (zero-width filler) unless
            # positions are stale (the next piece reports the same x as well)
            nxt = members[k + 1] if k + 1 < len(members) else None
            if prev is not None and abs(c.x - prev.x) < 0.5 and nxt is not None and nxt.x > prev.x + 0.5:
                continue
            pending_space = True
            continue
        is_sup = c.size <= SUPERSCRIPT_RATIO * size and bool(SUP_MARK_RE.match(c.text))
        gap_tab = False
        if prev is not None and c.x > prev.x + 0.5:
            est = _estimate_width(prev.text, prev.size)
            gap = c.x - (prev.x + est)
            # a short first piece (label, footnote mark) needs a smaller gap than words inside a line;
            # after a long piece the width estimate is rough, so demand a gap beyond its error
            short_lead = len(text_parts) <= 2 and len(prev.text.strip()) <= 6
            need = 0.6 * size if short_lead else max(2.0 * size, 0.08 * est)
            gap_tab = gap > need and not is_sup
        if is_sup:
            if first_real:
                starts_with_sup = True
            if not in_sup:
                text_parts.append(SUP_OPEN)
                in_sup = True
            elif pending_space or (prev is not None and c.x > prev.x + _estimate_width(prev.text, prev.size)
                                   + 0.5 * c.size):
                text_parts.append(" ")
            text_parts.append(c.text.strip())
        else:
            if in_sup:
                text_parts.append(SUP_CLOSE)
                in_sup = False
            if gap_tab:
                text_parts.append("\t")
            elif pending_space:
                text_parts.append(" ")
            text_parts.append(c.text)
        pending_space = False
        prev = c
        first_real = False
    if in_sup:
        text_parts.append(SUP_CLOSE)
    text = "".join(text_parts)
    text = _CID_ARTEFACT.sub("", text)
    text = re.sub(r"[ \u00a0]*\t[ \u00a0]*", "\t", text)
    text = re.sub(r"[ \u00a0]{2,}", " ", text).strip(" ")
    italic = bool(styled) and all(c.italic for c in styled if c.text.strip())
    bold = bool(styled) and all(c.bold for c in styled if c.text.strip())
    x = min(c.x for c in members if not c.space)
    y = max((c for c in members if not c.space), key=lambda c: c.size).y
    first = next(c for c in members if not c.space)
    x1 = max(c.x + _estimate_width(c.text, c.size) for c in members if not c.space)
    return RawLine(page=page_no, y=y, x=x, size=size, text=text, italic=italic, bold=bold, x1=x1,
                   pieces=[normalize_space(p) for p in strip_sup(text).split("\t") if p.strip()],
                   starts_with_sup=starts_with_sup, starts_with_glyph=first.glyph and len(first.text.strip()) == 1)


def strip_sup(text: str) -> str:
    return re.sub(f"{SUP_OPEN}[^{SUP_CLOSE}]*{SUP_CLOSE}", "", text)


def _page_lines(page_no: int, chunks: list[Chunk]) -> list[RawLine]:
    gutter = _column_gutter(chunks)
    if gutter is None:
        lines = [_build_line(page_no, members) for members in _group_lines(chunks)]
        lines = [ln for ln in lines if ln.text.strip()]
        lines.sort(key=lambda ln: -ln.y)  # single-column reading order: top to bottom
        return lines
    return _two_column_lines(page_no, chunks, gutter)


# Two-column pages: a vertical band in the middle of the text block that (almost) no text crosses, with
# enough lines on both sides of it.
GUTTER_BIN = 2.0  # points
MIN_GUTTER_WIDTH = 8.0  # points
MIN_COLUMN_LINES = 6
GUTTER_MAX_SHARE = 0.04  # share of the text lines that may cross the gutter (full-width headings, titles)


def _chunk_span(c: Chunk) -> tuple[float, float]:
    # the width estimate runs long for narrow faces (Times); a gutter is found between the columns only if
    # the left column's estimated ends do not cover it
    return c.x, c.x + 0.85 * _estimate_width(c.text.rstrip(), c.size)


def _column_gutter(chunks: list[Chunk]) -> tuple[float, float] | None:
    """(start, end) of the gutter between two columns, or None for a single-column page."""
    real = [c for c in chunks if not c.space and len(c.text.strip()) > 1]
    if len(real) < MIN_COLUMN_LINES:
        return None
    spans = [_chunk_span(c) for c in real]
    left, right = min(a for a, _ in spans), max(b for _, b in spans)
    width = right - left
    if width < 200:
        return None
    n_bins = int(width / GUTTER_BIN) + 1
    delta = [0] * (n_bins + 1)  # chunks covering each bin, by a running sum of starts and ends
    for a, b in spans:
        delta[int((a - left) / GUTTER_BIN)] += 1
        delta[min(n_bins, int((b - left) / GUTTER_BIN) + 1)] -= 1
    cover, running = [], 0
    for d in delta[:n_bins]:
        running += d
        cover.append(running)
    lo, hi = int(0.3 * n_bins), int(0.7 * n_bins)
    limit = max(1, int(GUTTER_MAX_SHARE * len(real)))
    best: tuple[int, int] | None = None  # (start bin, length) of the widest (almost) empty band
    k = lo
    while k < hi:
        if cover[k] <= limit:
            j = k
            while j < hi and cover[j] <= limit:
                j += 1
            if best is None or j - k > best[1]:
                best = (k, j - k)
            k = j
        else:
            k += 1
    if best is None or best[1] * GUTTER_BIN < MIN_GUTTER_WIDTH:
        return None
    start, end = left + best[0] * GUTTER_BIN, left + (best[0] + best[1]) * GUTTER_BIN
    right_rows = {round(c.y) for c, (a, _) in zip(real, spans, strict=True) if a >= start}
    left_rows = {round(c.y) for c, (a, b) in zip(real, spans, strict=True) if b <= end}
    # a right column of a line or two (the end of a text) counts when the left column is full
    if len(left_rows) < MIN_COLUMN_LINES or not right_rows \
            or (len(right_rows) < MIN_COLUMN_LINES and len(left_rows) < 2 * MIN_COLUMN_LINES):
        return None
    return start, end


def _two_column_lines(page_no: int, chunks: list[Chunk], gutter: tuple[float, float]) -> list[RawLine]:
    """Lines of a two-column page in reading order: lines spanning both columns (titles, headings) cut the
    page into bands; within a band the left column is read before the right one."""
    start, end = gutter
    real = [c for c in chunks if not c.space]
    left_edge = min((c.x for c in real), default=0.0)
    label_from = left_edge + 0.3 * (max((_chunk_span(c)[1] for c in real), default=0.0) - left_edge)
    left_c, right_c, span_c = [], [], []
    for c in chunks:
        a, b = _chunk_span(c)
        label = a >= label_from and len(c.text.strip()) <= 6 and LABEL_RE.fullmatch(c.text.strip())
        if a >= start or label:
            right_c.append(c)  # (labels of the right column may sit in or before the gutter band)
        elif b <= end + 4 * GUTTER_BIN or c.space:
            left_c.append(c)  # (estimated widths may run a little into the band)
        else:
            span_c.append(c)
    groups = {"left": left_c, "right": right_c, "span": span_c}
    built: dict[str, list[RawLine]] = {}
    for name, cs in groups.items():
        lines = [_build_line(page_no, members) for members in _group_lines(cs)] if cs else []
        built[name] = sorted((ln for ln in lines if ln.text.strip()), key=lambda ln: -ln.y)
    # a right-hand line above the whole text block (a running head in the outer corner) is read first
    block_top = max((ln.y for ln in built["left"] + built["span"]), default=float("inf"))
    out = [ln for ln in built["right"] if ln.y > block_top + 1.5 * ln.size]
    built["right"] = [ln for ln in built["right"] if ln not in out]
    # indents are measured from each column's left edge (items in the right column are not nested deeper);
    # a page number centred at the foot is no column edge
    def edge(lines: list[RawLine], default: float) -> float:
        return min((ln.x for ln in lines if not PAGE_NUMBER_RE.match(ln.text)), default=default)

    left_edge = edge(built["left"] + built["span"], 0.0)
    right_edge = edge(built["right"], end)
    for name, col_edge in (("left", left_edge), ("span", left_edge), ("right", right_edge)):
        for ln in built[name]:
            ln.column_left = col_edge
    cuts = [ln.y for ln in built["span"]] + [float("-inf")]
    spans = iter(built["span"])
    top = float("inf")
    for cut in cuts:
        out += [ln for ln in built["left"] if cut < ln.y <= top]
        out += [ln for ln in built["right"] if cut < ln.y <= top]
        nxt = next(spans, None)
        if nxt is not None:
            out.append(nxt)
        top = cut
    return out


# ---------------------------------------------------------------------------------------------------
# Document level


def _outline(reader) -> list[OutlineEntry]:
    entries: list[OutlineEntry] = []

    def walk(items, depth):
        for it in items:
            if isinstance(it, list):
                walk(it, depth + 1)
                continue
            try:
                page = reader.get_destination_page_number(it) + 1
                entries.append(OutlineEntry(normalize_space(str(it.title)), page, depth))
            except Exception:  # an entry without a usable destination is no help
                continue

    try:
        walk(reader.outline, 0)
    except Exception:
        return []
    return entries


def _leading_by_size(pages: list[list[RawLine]]) -> dict[float, float]:
    """Typical baseline distance between consecutive lines of the same size (per rounded size)."""
    seen: dict[float, Counter[float]] = {}
    for lines in pages:
        for a, b in zip(lines, lines[1:], strict=False):
            if abs(a.size - b.size) > 0.2 or a.kind or b.kind:
                continue
            d = round(a.y - b.y, 1)
            if 0.9 * a.size <= d <= 2.2 * a.size:
                seen.setdefault(round(a.size * 2) / 2, Counter())[d] += 1
    return {size: min(c.most_common(3))[0] if c else size * 1.2 for size, c in seen.items()}


def _is_divider_page(lines: list[RawLine], body_size: float) -> bool:
    """A part divider ("RESOLUTIONS" alone on a page, large or bold) carries no clauses."""
    content = [ln for ln in lines if not ln.kind]
    if not content or len(content) > 3:
        return False
    return all((ln.size >= 1.25 * body_size or ln.bold) and len(ln.text.split()) <= 6
               and not ln.text.rstrip().endswith((".", ";", ",")) for ln in content)


def read_pdf_layout(path: str | os.PathLike, reader=None) -> PdfLayout:
    """Read a PDF into lines (furniture removed, footnotes and outline hints marked)."""
    if reader is None:
        from .pdf_checks import open_pdf

        reader = open_pdf(path)
    style_cache: dict[int, tuple[bool, bool]] = {}
    token = _font_cache.set({})
    try:
        return _read(reader, style_cache, TextBudget(path))
    finally:
        _font_cache.reset(token)


def _read(reader, style_cache: dict, budget: TextBudget) -> PdfLayout:
    pages: list[list[RawLine]] = []
    rules_by_page: list[list[tuple[float, float, float]]] = []
    heights: list[float] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for i, page in enumerate(reader.pages):
            try:
                box = page.mediabox
                width, height = float(box.right) - float(box.left), float(box.top) - float(box.bottom)
                chunks, rules, reading_height = _page_chunks(page, style_cache, width, height)
                heights.append(reading_height)
            except (IngestError, LimitReachedError, MemoryError, RecursionError):
                raise  # limits and bad-input errors are reported, not skipped
            except Exception:  # one unreadable page must not lose the rest of the document
                heights.append(842.0)
                chunks, rules = [], []
            budget.page_read(i + 1, len(chunks))  # text runs and time limits (ingest/limits.py)
            pages.append(_page_lines(i + 1, chunks))
            rules_by_page.append(rules)
        outline = _outline(reader)

    size_weights: Counter[float] = Counter()
    for lines in pages:
        for ln in lines:
            size_weights[round(ln.size * 2) / 2] += len(ln.text)
    body_size = size_weights.most_common(1)[0][0] if size_weights else 10.0

    printed = find_furniture(pages, heights, body_size)
    for lines, rules in zip(pages, rules_by_page, strict=True):
        mark_footnote_blocks(lines, rules, body_size)
    leading = _leading_by_size(pages)

    out: list[Line] = []
    outline_hints = _outline_hints(outline)
    furniture_texts: list[list[str]] = []
    for idx, lines in enumerate(pages):
        page_no = idx + 1
        furniture_texts.append([ln.text for ln in lines if ln.kind == "furniture"])
        pp = printed[idx]
        if page_no in outline_hints.boundaries or _is_divider_page(lines, body_size):
            out.append(Line(text="", page=page_no, printed_page=pp, role=ROLE_BOUNDARY, paragraph_start=True))
        tables = _table_regions(rules_by_page[idx])
        prev: RawLine | None = None
        for ln in lines:
            if ln.kind == "furniture":
                continue
            gap = 0.0
            if prev is not None and (prev.kind == ln.kind):
                lead = leading.get(round(ln.size * 2) / 2, ln.size * 1.2)
                gap = max(0.0, (prev.y - ln.y) - lead)
            # the top of the next column: a new paragraph only where the last one ended and a new one starts
            column_top = prev is not None and ln.y > prev.y + ln.size and not ln.kind and not prev.kind
            new_para = (ends_sentence(prev.text) and (ln.text[:1].isupper() or bool(LABEL_RE.match(ln.text)))
                        if column_top and prev is not None else prev is not None and gap > 0.25 * ln.size)
            role = ROLE_LIST_GLYPH if ln.starts_with_glyph and "\t" in ln.text[:3] else ""
            style = ""
            if ln.kind == "footnote":
                role = ROLE_FOOTNOTE
            elif any(y0 < ln.y < y1 and x0 - 2 <= ln.x <= x1 for x0, x1, y0, y1 in tables):
                role, style = ROLE_TABLE, PDF_TABLE_STYLE
            elif page_no in outline_hints.instrument_pages and _matches_outline(ln.text, outline_hints.ids[page_no]):
                role = ROLE_INSTRUMENT_ID
            out.append(Line(
                text=ln.text, page=page_no, printed_page=pp, italic=ln.italic, bold=ln.bold,
                size=ln.size, x=round(ln.x - ln.column_left, 1), y=round(ln.y, 1), role=role,
                footnote_mark=ln.footnote_mark, gap_before=round(gap, 1), style=style,
                paragraph_start=new_para, bbox=_bbox(ln),
            ))
            prev = ln
    # x relative to each page's left text edge (pages alternate margins)
    out = _relative_indents(out)
    return PdfLayout(lines=out, page_count=len(pages), printed_pages=printed, furniture=furniture_texts,
                     outline=outline, body_size=body_size)


def _table_regions(rules: list[tuple[float, float, float]]) -> list[tuple[float, float, float, float]]:
    """(x0, x1, y_bottom, y_top) of ruled tables: two or more horizontal rules of the same span (a grid's
    row borders); text between them is table cells."""
    by_span: dict[tuple[int, int], list[float]] = {}
    for x0, x1, y in rules:
        if x1 - x0 > 20:
            by_span.setdefault((round(x0), round(x1)), []).append(y)
    return [(x0, x1, min(ys), max(ys)) for (x0, x1), ys in by_span.items() if len({round(y) for y in ys}) >= 2]


def _bbox(ln: RawLine) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of a line in PDF points, from its baseline and font size."""
    return (round(ln.x, 1), round(ln.y - 0.25 * ln.size, 1), round(max(ln.x1, ln.x), 1), round(ln.y + 0.8 * ln.size, 1))


def _relative_indents(lines: list[Line]) -> list[Line]:
    left: dict[int, float] = {}
    for ln in lines:
        if ln.text and ln.role != ROLE_FOOTNOTE:
            left[ln.page] = min(left.get(ln.page, ln.x), ln.x)
    from dataclasses import replace

    return [replace(ln, x=round(ln.x - left.get(ln.page, ln.x), 1)) if ln.text else ln for ln in lines]


@dataclass(slots=True)
class _OutlineHints:
    instrument_pages: set[int] = field(default_factory=set)
    ids: dict[int, list[str]] = field(default_factory=dict)
    boundaries: set[int] = field(default_factory=set)


def _id_key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).casefold()


def _outline_hints(outline: list[OutlineEntry]) -> _OutlineHints:
    """Outline entries naming instruments mark identifier lines; top-level siblings that name something
    else (declarations, signatures, part titles) end the instrument before them."""
    hints = _OutlineHints()
    ids = [(e, INSTRUMENT_ID_PREFIX_RE.match(e.title)) for e in outline]
    if not any(m for _, m in ids):
        return hints
    depths = {e.depth for e, m in ids if m}
    for e, m in ids:
        if m:
            hints.instrument_pages.add(e.page)
            hints.ids.setdefault(e.page, []).append(_id_key(m.group(0)))
        elif e.depth in depths and not re.search(r"\b(annex|appendix|attachment|to (resolution|decision))\b",
                                                 e.title, re.IGNORECASE):
            hints.boundaries.add(e.page)
    return hints


def _matches_outline(text: str, keys: list[str]) -> bool:
    m = INSTRUMENT_ID_RE.match(text.strip())
    return m is not None and _id_key(m.group(0)) in keys
