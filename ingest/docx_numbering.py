"""Word list numbering and indents: the labels Word draws but python-docx does not return.

A paragraph with `w:numPr` (directly or through its style) gets its label from word/numbering.xml:
the level's `w:lvlText` ("%1)", "%1.%2") filled from per-list counters in `w:numFmt` (decimal,
lowerLetter, upperRoman, ...), or a bullet glyph. `Numbering.label` advances the counters in
document order, so call it once per paragraph, in order.

Also here: Symbol/Wingdings code points → Unicode (`symbol_char`), and indents in points.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.oxml.ns import qn
from lxml import etree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TWIPS_PER_POINT = 20.0

# Adobe Symbol font code points (w:sym w:font="Symbol") → Unicode, for the characters ITU texts use.
_SYMBOL_FONT = {
    0x2D: "–", 0xB7: "•", 0xD2: "®", 0xD3: "©", 0xD4: "™", 0xE2: "®", 0xE3: "©", 0xE4: "™",
    0xB0: "°", 0xB1: "±", 0xB4: "×", 0xB8: "÷", 0xA3: "≤", 0xB3: "≥", 0xB9: "≠", 0xBB: "≈",
    0xAE: "→", 0xAC: "←", 0xA5: "∞", 0xD6: "√", 0xE5: "∑", 0x6D: "μ", 0x70: "π", 0x61: "α",
    0x62: "β", 0x67: "γ", 0x64: "δ", 0x44: "Δ", 0x6C: "λ", 0x57: "Ω", 0x77: "ω", 0x73: "σ",
}
_WINGDINGS = {0x9F: "•", 0xA7: "▪", 0xA8: "◻", 0xFC: "✓", 0xD8: "➢", 0x6C: "●", 0x6E: "■", 0x71: "❑", 0x76: "❖"}
BULLET_FALLBACK = "•"


def symbol_char(font: str, code: int) -> str:
    """A symbol-font character as Unicode; unknown symbol-font glyphs give "" rather than a wrong letter."""
    if code >= 0xF000:
        code -= 0xF000
    name = (font or "").lower()
    if name.startswith("symbol"):
        return _SYMBOL_FONT.get(code, "")
    if name.startswith("wingdings"):
        return _WINGDINGS.get(code, "")
    return chr(code) if code >= 0x20 and code != 0x7F else ""


def _int(el: etree._Element | None, default: int = 0) -> int:
    if el is None:
        return default
    try:
        return int(el.get(qn("w:val"), default))
    except ValueError:
        return default


def _twips(value: str | None) -> float | None:
    try:
        return int(value) / TWIPS_PER_POINT if value is not None else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Indent:
    """Paragraph indents in points; None where the source does not say."""

    left: float | None = None
    first_line: float | None = None  # negative for a hanging indent

    @classmethod
    def from_ppr(cls, ppr: etree._Element | None) -> Indent:
        ind = ppr.find(f"{_W}ind") if ppr is not None else None
        if ind is None:
            return cls()
        left = _twips(ind.get(qn("w:left")) or ind.get(qn("w:start")))
        hanging = _twips(ind.get(qn("w:hanging")))
        first = _twips(ind.get(qn("w:firstLine")))
        return cls(left, -hanging if hanging is not None else first)

    def over(self, base: Indent) -> Indent:
        """This indent with gaps filled from `base` (direct formatting over numbering over style)."""
        return Indent(self.left if self.left is not None else base.left,
                      self.first_line if self.first_line is not None else base.first_line)

    @property
    def first_line_x(self) -> float:
        """Where the first line (the label) starts, from the text block's left edge."""
        return max(0.0, (self.left or 0.0) + (self.first_line or 0.0))


@dataclass(frozen=True)
class _Level:
    fmt: str
    text: str
    start: int
    suffix: str  # "tab" | "space" | "nothing"
    font: str
    indent: Indent


@dataclass
class _List:
    levels: dict[int, _Level]
    counters: dict[int, int] = field(default_factory=dict)


def _roman(n: int) -> str:
    out = []
    for value, sym in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                       (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    # Word repeats the letter after z: a..z, aa..zz, aaa..
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter",):
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)  # decimal and anything exotic


class Numbering:
    """List definitions of one document and the running counters of its lists."""

    def __init__(self, numbering_xml: bytes | None) -> None:
        self._abstract: dict[str, dict[int, _Level]] = {}
        self._num: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = {}
        self._lists: dict[str, _List] = {}
        self._started: set[str] = set()
        if not numbering_xml:
            return
        root = etree.fromstring(numbering_xml, etree.XMLParser(resolve_entities=False, no_network=True))
        for absn in root.iter(qn("w:abstractNum")):
            self._abstract[absn.get(qn("w:abstractNumId"), "")] = {
                int(lvl.get(qn("w:ilvl"), "0")): self._level(lvl)
                for lvl in absn.findall(qn("w:lvl"))
            }
        for num in root.iter(qn("w:num")):
            abs_id = num.find(qn("w:abstractNumId"))
            starts: dict[int, int] = {}
            levels: dict[int, _Level] = {}
            for ov in num.findall(qn("w:lvlOverride")):
                ilvl = int(ov.get(qn("w:ilvl"), "0"))
                so = ov.find(qn("w:startOverride"))
                if so is not None:
                    starts[ilvl] = _int(so, 1)
                lvl = ov.find(qn("w:lvl"))
                if lvl is not None:
                    levels[ilvl] = self._level(lvl)
            self._num[num.get(qn("w:numId"), "")] = (abs_id.get(qn("w:val"), "") if abs_id is not None else "",
                                                     starts, levels)

    @staticmethod
    def _level(lvl: etree._Element) -> _Level:
        fmt = lvl.find(qn("w:numFmt"))
        text = lvl.find(qn("w:lvlText"))
        suff = lvl.find(qn("w:suff"))
        fonts = lvl.find(f"{_W}rPr/{_W}rFonts")
        return _Level(
            fmt=fmt.get(qn("w:val"), "decimal") if fmt is not None else "decimal",
            text=text.get(qn("w:val"), "") if text is not None else "",
            start=_int(lvl.find(qn("w:start")), 1),
            suffix=suff.get(qn("w:val"), "tab") if suff is not None else "tab",
            font=(fonts.get(qn("w:ascii")) or fonts.get(qn("w:hAnsi")) or "") if fonts is not None else "",
            indent=Indent.from_ppr(lvl.find(qn("w:pPr"))),
        )

    def _resolve(self, num_id: str, ilvl: int) -> tuple[str, _Level | None, int | None]:
        abs_id, starts, overrides = self._num.get(num_id, ("", {}, {}))
        level = overrides.get(ilvl) or self._abstract.get(abs_id, {}).get(ilvl)
        return abs_id or f"num{num_id}", level, starts.get(ilvl)

    def indent(self, num_id: str, ilvl: int) -> Indent:
        _, level, _ = self._resolve(num_id, ilvl)
        return level.indent if level is not None else Indent()

    def label(self, num_id: str, ilvl: int) -> tuple[str, bool, str]:
        """(label as drawn, whether it is a bullet glyph, separator after it); advances the counters."""
        list_key, level, start_override = self._resolve(num_id, ilvl)
        if level is None or num_id in ("", "0"):
            return "", False, ""
        lst = self._lists.setdefault(list_key, _List(self._abstract.get(list_key, {})))
        if start_override is not None and num_id not in self._started:
            lst.counters = {k: v for k, v in lst.counters.items() if k < ilvl}
            lst.counters[ilvl] = start_override - 1
        self._started.add(num_id)
        lst.counters[ilvl] = lst.counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in lst.counters if k > ilvl]:
            del lst.counters[deeper]  # a higher level restarts the levels under it
        sep = {"tab": "\t", "space": " "}.get(level.suffix, "")
        if level.fmt == "bullet":
            glyph = "".join(symbol_char(level.font, ord(ch)) for ch in level.text) or BULLET_FALLBACK
            return glyph, True, sep
        text = level.text
        for k in range(9):
            if f"%{k + 1}" in text:
                _, lv, _ = self._resolve(num_id, k)
                value = lst.counters.get(k, lv.start if lv else 1)
                text = text.replace(f"%{k + 1}", format_number(value, lv.fmt if lv else "decimal"))
        return text, False, sep
