"""Running headers, footers and printed page numbers (page "furniture") of a PDF.

A line is furniture when it sits at the outer edge of its page (nothing but other furniture between it
and the edge), is clearly separated from the text block, and either is a bare page number or repeats
with the same shape (numbers masked) at the same height on neighbouring pages. Headers that alternate
sides ("2 <gap> PP-18 – Decision 5" / "PP-18 – Decision 5 <gap> 3") have the same shape once their gap
-separated pieces are sorted. Page numbers are read from the furniture: a piece that is only a number
("12", "– 27 –", "III") or the number after a slash ("Res. 2 / 21").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Protocol

from .patterns import ANNEX_HEADING_RE, INSTRUMENT_ID_RE, PAGE_AFTER_SLASH_RE, PAGE_NUMBER_RE

# Share of the page height at the top and the bottom where furniture may sit.
EDGE_ZONE = 0.14
# Furniture carries a few words only; a longer line (a running title) must recur on most pages around it.
MAX_FURNITURE_WORDS = 12
MAX_LONG_FURNITURE_WORDS = 30
# How many lines from each edge may be furniture (e.g. a two-line running head).
MAX_EDGE_LINES = 2
# A running head recurs on at least MIN_RECURRENCE of the pages within WINDOW pages either side.
WINDOW = 3
MIN_RECURRENCE = 3

# numbers in running heads: "12", "61-2" (ITU-R number-revision), "COM4/2" (committee numbers), roman numerals
_NUMBER_TOKEN = re.compile(r"(?:COM|PLEN)?\d+(?:[-./]\d+)*|\b[IVXLCDM]{1,7}\b|\b[ivxlcdm]{1,7}\b")


class _LineLike(Protocol):
    page: int
    y: float
    size: float
    text: str
    pieces: list[str]
    kind: str


def shape(line: _LineLike) -> str:
    """The line's text with numbers masked and its pieces sorted (alternating sides look the same)."""
    pieces = line.pieces or [line.text]
    return "|".join(sorted(_NUMBER_TOKEN.sub("#", p).strip() for p in pieces))


def page_number_of(text: str) -> str | None:
    m = PAGE_NUMBER_RE.match(text)
    if m:
        return m.group("num")
    m = PAGE_AFTER_SLASH_RE.search(text)
    return m.group("num") if m else None


def _edge_candidates(lines: Sequence[_LineLike], height: float) -> list[tuple[_LineLike, _LineLike | None, str]]:
    """(line, its inner neighbour, side) for up to MAX_EDGE_LINES lines at each edge inside the edge zone."""
    out = []
    ordered = sorted(lines, key=lambda ln: -ln.y)
    for side, seq in (("top", ordered), ("bottom", ordered[::-1])):
        for i, ln in enumerate(seq[:MAX_EDGE_LINES]):
            in_zone = ln.y >= height * (1 - EDGE_ZONE) if side == "top" else ln.y <= height * EDGE_ZONE
            if not in_zone:
                break
            inner = seq[i + 1] if i + 1 < len(seq) else None
            out.append((ln, inner, side))
    return out


def _has_number_piece(line: _LineLike) -> bool:
    return len(line.pieces) >= 2 and any(PAGE_NUMBER_RE.match(p) for p in line.pieces)


def _outermost(lines: Sequence[_LineLike], side: str) -> _LineLike | None:
    if not lines:
        return None
    return max(lines, key=lambda ln: ln.y) if side == "top" else min(lines, key=lambda ln: ln.y)


def _separated(line: _LineLike, inner: _LineLike | None) -> bool:
    if inner is None:
        return True
    return abs(line.y - inner.y) > 1.6 * max(line.size, inner.size)


def find_furniture(pages: Sequence[Sequence[_LineLike]], heights: list[float], body_size: float = 0.0) -> list[str | None]:
    """Mark furniture lines (`kind = "furniture"`) in place; return the printed page number of each page.

    `body_size`: the body text size; a line that reads like an instrument identifier or annex heading is
    taken for a running head only when set smaller than that (the real heading is not).
    """
    occurrences: dict[tuple[str, str], list[tuple[int, float]]] = defaultdict(list)
    number_slots: dict[str, list[tuple[int, float]]] = defaultdict(list)  # edge lines carrying a page number
    candidates: list[tuple[_LineLike, _LineLike | None, str]] = []
    for idx, lines in enumerate(pages):
        for ln, inner, side in _edge_candidates(lines, heights[idx]):
            candidates.append((ln, inner, side))
            occurrences[(side, shape(ln))].append((idx, ln.y))
            if _has_number_piece(ln):
                number_slots[side].append((idx, ln.y))

    n_pages = len(pages)

    def repeats(side: str, ln: _LineLike, idx: int, strong: bool = False) -> bool:
        """Running heads recur on most pages around this one (same shape, same height)."""
        occ = occurrences[(side, shape(ln))]
        window = range(max(0, idx - WINDOW), min(n_pages, idx + WINDOW + 1))
        near_pages = {i for i, y in occ if abs(y - ln.y) <= 2.0 and i in window}
        with_text = sum(1 for i in window if pages[i])
        needed = MIN_RECURRENCE + 1 if strong else min(MIN_RECURRENCE, (with_text + 1) // 2)
        return len(near_pages) >= 2 and len(near_pages) >= needed

    def numbered_slot(side: str, ln: _LineLike, idx: int) -> bool:
        """A head whose words change (new instrument) but whose page number sits where the neighbouring
        pages print theirs."""
        if not _has_number_piece(ln):
            return False
        window = range(max(0, idx - WINDOW), min(n_pages, idx + WINDOW + 1))
        near = {i for i, y in number_slots[side] if abs(y - ln.y) <= 2.0 and i in window and i != idx}
        return len(near) >= 2

    for ln, inner, side in candidates:
        idx = ln.page - 1
        words = len(ln.text.split())
        bare_number = page_number_of(ln.text) is not None and len(ln.pieces) <= 1
        if words > MAX_LONG_FURNITURE_WORDS or (words > MAX_FURNITURE_WORDS
                                                 and not repeats(side, ln, idx, strong=True)):
            continue  # long lines are furniture only when they clearly recur (a running title)
        if not bare_number and not _separated(ln, inner) and not repeats(side, ln, idx, strong=True):
            continue  # text touching the line (a footnote's last line) unless it clearly recurs
        outermost = ln is _outermost(pages[idx], side)
        heading_like = INSTRUMENT_ID_RE.match(ln.text) or ANNEX_HEADING_RE.match(ln.text)
        if heading_like and (not outermost or ln.size >= body_size - 0.25):
            continue  # an identifier or annex heading (under the running head, or set at text size) starts a text
        if bare_number or repeats(side, ln, idx, strong=not outermost) or (outermost and numbered_slot(side, ln, idx)):
            ln.kind = "furniture"
    # a second-row candidate only counts if the row outside it is furniture too
    for lines in pages:
        ordered = sorted(lines, key=lambda ln: -ln.y)
        for seq in (ordered, ordered[::-1]):
            if len(seq) > 1 and seq[1].kind == "furniture" and seq[0].kind != "furniture":
                seq[1].kind = ""

    printed: list[str | None] = []
    for lines in pages:
        number = None
        for ln in sorted((ln for ln in lines if ln.kind == "furniture"), key=lambda ln: ln.y):
            for piece in ln.pieces or [ln.text]:
                number = page_number_of(piece)
                if number:
                    break
            if number:
                break
        printed.append(number)
    return printed
