"""Footnotes at the page foot (PDF) and footnote reference marks in text (all formats).

Page foot: the footnote block is the text below a short horizontal rule near the bottom of the page,
or, where no rule is drawn, the run of smaller-than-body lines at the bottom of the text whose first
line starts with a mark. Each footnote starts at a line that begins with its mark ("1<TAB>These
include ...", a superscript "¹These include ...", "*<TAB>...").

Reference marks: readers wrap superscript marks with SUP_OPEN/SUP_CLOSE; `split_marks` turns such a
group ("*, 1", "1, 1 bis") into marks and `strip_marks` removes them from clause text, remembering
where they were.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from typing import Protocol

from .lines import SUP_CLOSE, SUP_OPEN
from .patterns import FOOTNOTE_START_RE

# Footnote text is set smaller than the body text.
FOOTNOTE_SIZE_RATIO = 0.95
# A footnote rule is short (not a table border) and starts near the left of the text.
RULE_MIN, RULE_MAX = 25.0, 260.0

_SUP_GROUP = re.compile(f"{SUP_OPEN}([^{SUP_CLOSE}]*){SUP_CLOSE}")


class _LineLike(Protocol):
    page: int
    y: float
    x: float
    size: float
    text: str
    kind: str
    footnote_mark: str
    starts_with_sup: bool


def split_marks(group: str) -> list[str]:
    """"*, 1" → ["*", "1"]; "1, 1bis" → ["1", "1bis"]; "1 bis" → ["1bis"]; "*1" → ["*", "1"]; "5 5" → ["5"]."""
    tokens: list[str] = []
    for raw in re.split(r"[,\s]+", group.strip()):
        if not raw:
            continue
        if raw in ("bis", "ter") and tokens:
            tokens[-1] += raw
            continue
        tokens.extend(t for t in re.findall(r"\*+|[†‡§]+|\d+(?:bis|ter)?|[A-Za-z]+", raw))
    out: list[str] = []
    for t in tokens:
        if t not in out:
            out.append(t)
    return out


def strip_marks(text: str, known: Collection[str] | None = None) -> tuple[str, list[tuple[str, int]]]:
    """Remove wrapped marks from `text`; return the clean text and (mark, offset) pairs.

    With `known` (the marks of the footnotes actually printed), a superscript group none of whose marks
    is a footnote ("10" with a raised "6", "m" with a raised "2") stays in the text as printed.
    """
    refs: list[tuple[str, int]] = []
    parts: list[str] = []
    pos = 0
    length = 0
    for m in _SUP_GROUP.finditer(text):
        before = text[pos:m.start()]
        parts.append(before)
        length += len(before)
        marks = split_marks(m.group(1))
        if known is not None and not any(mark in known for mark in marks):
            parts.append(m.group(1))
            length += len(m.group(1))
        else:
            refs.extend((mark, length) for mark in marks)
        pos = m.end()
    parts.append(text[pos:])
    clean = "".join(parts)
    return clean.replace(SUP_OPEN, "").replace(SUP_CLOSE, ""), refs


def leading_mark(text: str) -> tuple[str, str] | None:
    """A footnote line's own mark and the rest: "\\ue0101\\ue011These ..." or "1\\tThese ..." → ("1", "These ...")."""
    m = re.match(f"^{SUP_OPEN}([^{SUP_CLOSE}]*){SUP_CLOSE}\\s*(.*)$", text, re.S)
    if m:
        marks = split_marks(m.group(1))
        if marks and m.group(2).strip():
            return marks[-1], m.group(2)
        return None
    m = FOOTNOTE_START_RE.match(text)
    if m:
        return m.group("mark").replace(" ", ""), m.group("text")
    return None


def mark_footnote_blocks(lines: Sequence[_LineLike], rules: list[tuple[float, float, float]], body_size: float) -> None:
    """Find the footnote block at the foot of one page; set `kind`/`footnote_mark` and strip marks in place."""
    content = [ln for ln in lines if ln.kind != "furniture"]
    if not content:
        return
    left = min(ln.x for ln in content)
    block: list[_LineLike] = []
    spans = Counter((round(x0), round(x1)) for x0, x1, _ in rules)
    # a rule repeated with the same span is a table border (a grid draws several), not a footnote separator
    rule_ys = [y for x0, x1, y in rules if RULE_MIN <= x1 - x0 <= RULE_MAX and x0 <= left + 30
               and spans[(round(x0), round(x1))] == 1]
    below_rule = None
    for y in sorted(rule_ys):
        under = [ln for ln in content if ln.y < y]
        if under and all(ln.size < body_size * FOOTNOTE_SIZE_RATIO or leading_mark(ln.text) for ln in under[:1]):
            below_rule = y
            break
    if below_rule is not None:
        block = [ln for ln in content if ln.y < below_rule]
    else:
        # no rule: the bottom run of small lines, if it starts with a marked line
        run: list[_LineLike] = []
        for ln in sorted(content, key=lambda ln: ln.y):
            if ln.size < body_size * FOOTNOTE_SIZE_RATIO:
                run.append(ln)
            else:
                break
        run.sort(key=lambda ln: -ln.y)
        while run and not leading_mark(run[0].text):
            run.pop(0)
        if run and len(run) < len(content):
            block = run
    if not block:
        return
    if not leading_mark(block[0].text):
        if below_rule is None:
            return
        # under the rule without a mark: the rest of a footnote that began on the previous page
        block[0].kind = "footnote"
    for ln in block:
        ln.kind = "footnote"
        lead = leading_mark(ln.text)
        if lead and (ln.starts_with_sup or _is_mark_line(ln, block[0])):
            ln.footnote_mark, ln.text = lead[0], lead[1]


def _is_mark_line(ln: _LineLike, first: _LineLike) -> bool:
    """A line starts a new footnote when it begins with a mark at the block's left edge."""
    if ln is first:
        return True
    return abs(ln.x - first.x) < 1.0 and (ln.starts_with_sup or "\t" in ln.text[:8])
