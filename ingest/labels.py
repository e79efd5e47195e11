"""Item labels and their nesting: "a)", "a bis)", "b)bis", "1", "1.1", "1bis.7.2", "i)", "–", "•".

A clause's label is the path of labels from its outermost parent: "11 i)", "1.5 b) v)". A dotted label
names its own parents, so a path starts at the last dotted label ("1.1", not "1 1.1"). Nesting comes
from the kind of label (letters under numbers, romans under letters) and, where the reader knows
indents, from the indent (a list restarting at "a)" further right is nested in the current item).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .paragraphs import Para, tab_label
from .patterns import DOTTED_ONLY_RE, LABEL_RE, LETTER_ONLY_RE, ROMAN_ONLY_RE

# Indents closer than this (points) count as the same level.
INDENT_TOLERANCE = 4.0


def split_label(text: str) -> tuple[str | None, str]:
    """("a)", "that ...") from "a)<TAB>that ..." or "a) that ..."; (None, text) without a label."""
    tab = tab_label(text)
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
    """dash, bullet, dotted ("1.1"), num ("1", "1bis"), paren ("1)"), roman, letter, or "roman?" when a
    single label ("i)", "v)", "x)") could be either."""
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
        return "roman?"
    return "letter"


def _letter_index(label: str) -> int:
    core = re.sub(r"[()\s]|bis|ter|quater", "", label)
    n = 0
    for ch in core:
        n = n * 26 + (ord(ch) - 96)
    return n


@dataclass(slots=True)
class Item:
    """One open level of a list: its label, resolved kind, indent and the clause it heads (-1: a heading)."""

    label: str
    kind: str
    x: float
    clause: int
    heading: str = ""  # for a provision sub-heading (clause -1): its text, context for the items under it


def _resolve_ambiguous(label: str, x: float, stack: list[Item], use_x: bool) -> str:
    """"i)" after "h)" at the same indent is a letter; otherwise a roman numeral."""
    for it in reversed(stack):
        if it.kind == "letter" and (not use_x or abs(it.x - x) <= INDENT_TOLERANCE):
            if _letter_index(label) == _letter_index(it.label) + 1:
                return "letter"
            break
    return "roman"


def place_label(label: str, x: float, stack: list[Item], use_x: bool, kind: str = "") -> tuple[list[Item], str]:
    """The open levels a new item sits under, and its resolved kind; the caller appends the item."""
    kind = kind or label_type(label)
    if kind == "roman?":
        kind = _resolve_ambiguous(label, x, stack, use_x)
    if kind in ("dotted", "num"):
        # a new top-level item; the headings whose number it extends ("2.4" for "2.4.1") stay as context
        return [it for it in stack if it.clause < 0 and label.startswith(it.label + ".")], kind
    for j in range(len(stack) - 1, -1, -1):
        it = stack[j]
        if use_x and x < it.x - INDENT_TOLERANCE:
            continue  # that item is indented deeper than the new one: not its sibling
        if it.kind == kind:
            if use_x and x > it.x + INDENT_TOLERANCE:
                return stack[: j + 1], kind  # same kind but indented further: a nested list
            return stack[:j], kind
    return list(stack), kind


def label_path(stack: list[Item]) -> str:
    """Labels from the last dotted item (which names its own parents) to the end."""
    start = 0
    for j, it in enumerate(stack):
        if it.kind == "dotted":
            start = j
    return " ".join(it.label for it in stack[start:])


def is_provision_style(paras: list[Para]) -> bool:
    """Text organised in numbered provisions ("1.1", "2.4.2": rules of procedure) rather than resolution
    items: there each paragraph, list paragraphs included, is a clause of its own."""
    dotted = labelled = 0
    for p in paras:
        label, _ = split_label(p.text)
        if label:
            labelled += 1
            dotted += label_type(label) == "dotted"
    return dotted >= 10 and dotted >= 0.5 * labelled
