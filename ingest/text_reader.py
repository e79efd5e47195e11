"""Read a plain `.txt` resolution (as Word's "Plain Text" export writes it) into `Line`s.

The layout this reader expects, and what it does with it:

- one paragraph per line (`paragraph_start=True` on every line); blank lines are dropped. A text
  hard-wrapped at a fixed width (`looks_hard_wrapped`) is read as paragraphs separated by blank
  lines instead: only a line after a blank line starts a paragraph;
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
from .lines import ROLE_FOOTNOTE, SUP_CLOSE, SUP_OPEN, Line, sup

# A whole Final Acts volume as text is about 3 MB; anything far bigger is not a resolution text.
MAX_TEXT_BYTES = 64 * 1024 * 1024

# Hard-wrapped text detection (see `looks_hard_wrapped`).
WRAP_MAX_WIDTH = 100
WRAP_MIN_LINES = 8
WRAP_FILLED_SHARE = 0.3
WRAP_CONTINUED_SHARE = 0.3
# A line that carries on the sentence of the line before: starts with a lower-case word, no label.
_CONTINUATION = re.compile(r"[a-z][a-z'’-]*[ ,;.]")

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_SUP_MARK = re.compile(f"{SUP_OPEN}([^{SUP_CLOSE}]+){SUP_CLOSE}")
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


def extract_notes(content: str) -> tuple[str, dict[str, str]]:
    """Drop bookmark artefacts; turn "[footnoteRef:N]" into `sup(N)` and cut the inline footnote
    bodies "[N:  text]" out (they may run over several lines of a hard-wrapped text).
    Returns (text, {mark: footnote text})."""
    text = _BOOKMARK.sub("", content)
    refs = list(dict.fromkeys(_NOTE_REF.findall(text)))
    if not refs:
        return text, {}
    text = _NOTE_REF.sub(lambda m: sup(m.group(1)), text)
    text, bodies = _take_note_bodies(text, refs)
    return text, {mark: body for mark, body in bodies.items() if body}


def looks_hard_wrapped(raw_lines: list[str]) -> bool:
    """Whether the text was wrapped at a fixed width (e-mail, `fold`, "insert line breaks" exports)
    rather than written one paragraph per line: no line longer than `WRAP_MAX_WIDTH`, and many lines
    filled close to it. Resolution paragraphs are long, so a one-paragraph-per-line text has long lines."""
    widths = [len(ln.rstrip()) for ln in raw_lines if ln.strip()]
    if len(widths) < WRAP_MIN_LINES or max(widths) > WRAP_MAX_WIDTH:
        return False
    filled = sum(w >= 0.6 * max(widths) for w in widths)
    # A wrapped paragraph goes on mid-sentence on the next line; short one-paragraph-a-line texts
    # (a heading, then "that ..." items) also have short lines, but their next lines start anew.
    continued = sum(1 for ln, nxt in zip(raw_lines, raw_lines[1:], strict=False)
                    if ln.strip() and _CONTINUATION.match(nxt))
    return filled >= WRAP_FILLED_SHARE * len(widths) and continued >= WRAP_CONTINUED_SHARE * len(widths)


def text_to_lines(content: str) -> list[Line]:
    """Pure part of the reader: decoded text → lines (see the module docstring)."""
    content, notes = extract_notes(content)
    raw_lines = re.split(r"\r\n|\r|\n|\x0b|\u2028|\u2029", content)
    wrapped = looks_hard_wrapped(raw_lines)
    lines: list[Line] = []
    page = 1
    after_blank = True
    for raw in raw_lines:
        for k, part in enumerate(raw.split("\x0c")):
            if k:
                page += 1
                after_blank = True
            text = normalize_chars(part).rstrip()
            if not text.strip():
                after_blank = True
                continue
            # Hard-wrapped text: a paragraph runs until a blank line; the structure parser still
            # splits at labels and keyword headings inside it.
            lines.append(Line(text=text.strip(" "), page=page, paragraph_start=after_blank or not wrapped))
            for mark in _SUP_MARK.findall(text):
                if mark in notes:  # the footnote goes after the line of its first reference
                    lines.append(Line(text=normalize_chars(notes.pop(mark)), page=page, role=ROLE_FOOTNOTE,
                                      footnote_mark=mark, paragraph_start=True))
            after_blank = False
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
