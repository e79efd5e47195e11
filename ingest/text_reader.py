"""Read a plain `.txt` resolution (as Word's "Plain Text" export writes it) into `Line`s.

The layout this reader expects, and what it does with it:

- one paragraph per line; blank lines separate nothing and are dropped;
- an item label followed by a TAB ("a)<TAB>the outcomes ...", "1.1<TAB>..."): kept as is, the
  structure parser reads the label;
- Word artefacts: "[bookmark: _Hlk123]" anywhere on a line is dropped; footnotes exported inline as
  "...countries[footnoteRef:1], including ... [1:  <TAB>These include ...]" become a footnote line
  (`ROLE_FOOTNOTE`, mark "1") placed after the paragraph that references it; the reference becomes
  `lines.sup("1")` in the paragraph text and the inline body is cut out;
- encodings: UTF-8 with or without BOM, UTF-16 with BOM (Word's "Unicode text"), else cp1252;
- form feeds (page breaks in some exports) start a new page: `page` is 1 + the number of form
  feeds before the line, so a text without them is all page 1; `printed_page` is always None.

No role hints are set for other lines: the structure parser works from the text alone.
"""

from __future__ import annotations

import codecs
import os
import re

from .errors import TooLargeError, UnsupportedFileTypeError, check_readable_file
from .lines import ROLE_FOOTNOTE, Line, sup

# A whole Final Acts volume as text is about 3 MB; anything far bigger is not a resolution text.
MAX_TEXT_BYTES = 64 * 1024 * 1024

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_NOTE_REF = re.compile(r"\[(?:footnote|endnote)Ref:\s*([^\]\s]+)\]")
# Characters that render like ordinary ones: PDF text extraction gives the plain forms, so do we.
_CHAR_MAP = str.maketrans({
    "\u2011": "-",  # non-breaking hyphen
    "\u00ad": "",  # soft hyphen
    "\u200b": "",  # zero-width space
    "\ufeff": "",  # stray BOM / zero-width no-break space
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ",  # no-break and thin spaces
})


def normalize_chars(text: str) -> str:
    """Map typographic variants that print identically (non-breaking hyphen/spaces, soft hyphen) to plain ones."""
    return text.translate(_CHAR_MAP)


def decode_text(data: bytes, path: str) -> str:
    """UTF-8 (BOM optional), UTF-16 with BOM, else cp1252; refuse binary content."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:4096]:
        raise UnsupportedFileTypeError(path, "binary content, not plain text",
                                       advice="give a .txt saved as plain text (UTF-8), a .docx or a .pdf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _take_note_bodies(text: str, marks: list[str]) -> tuple[str, dict[str, str]]:
    """Cut the inline bodies "[1:  text]" of the referenced footnotes out of a paragraph (nested brackets kept)."""
    start = re.compile(r"\[(" + "|".join(re.escape(m) for m in marks) + r"):")
    bodies: dict[str, str] = {}
    out = []
    i = 0
    while m := start.search(text, i):
        depth, j = 1, m.end()
        while j < len(text) and depth:
            depth += {"[": 1, "]": -1}.get(text[j], 0)
            j += 1
        if depth:  # unbalanced: not a footnote body
            break
        out.append(text[i:m.start()])
        bodies[m.group(1)] = " ".join(text[m.end():j - 1].split())
        i = j
    out.append(text[i:])
    return "".join(out), bodies


def split_paragraph(raw: str) -> tuple[str, list[tuple[str, str]]]:
    """(paragraph text without artefacts, marks wrapped by `sup`; [(footnote mark, footnote text)] in reference order)."""
    text = _BOOKMARK.sub("", raw)
    refs = list(dict.fromkeys(_NOTE_REF.findall(text)))
    notes: list[tuple[str, str]] = []
    if refs:
        text = _NOTE_REF.sub(lambda m: sup(m.group(1)), text)
        text, bodies = _take_note_bodies(text, refs)
        notes = [(mark, bodies[mark]) for mark in refs if bodies.get(mark)]
    return normalize_chars(text).rstrip(), notes


def text_to_lines(content: str) -> list[Line]:
    """Pure part of the reader: decoded text → lines (see the module docstring)."""
    lines: list[Line] = []
    page = 1
    for raw in re.split(r"\r\n|\r|\n|\x0b|\u2028|\u2029", content):
        for k, part in enumerate(raw.split("\x0c")):
            page += 1 if k else 0
            text, notes = split_paragraph(part)
            if not text.strip():
                continue
            lines.append(Line(text=text.strip(" "), page=page, paragraph_start=True))
            lines.extend(Line(text=normalize_chars(body), page=page, role=ROLE_FOOTNOTE,
                              footnote_mark=mark, paragraph_start=True) for mark, body in notes)
    return lines


def read_text_lines(path: str | os.PathLike) -> list[Line]:
    """Read a .txt file into `Line`s. Raises `UnreadableFileError`, `EmptyFileError`,
    `TooLargeError` or `UnsupportedFileTypeError` (binary content)."""
    path = str(path)
    size = check_readable_file(path)
    if size > MAX_TEXT_BYTES:
        raise TooLargeError(path, f"{size / 2**20:.0f} MiB of text, limit {MAX_TEXT_BYTES // 2**20} MiB")
    with open(path, "rb") as fh:
        data = fh.read()
    return text_to_lines(decode_text(data, path))
