"""File names as they are shown and recorded: always printable, valid UTF-8 text.

A name from an unzipped archive or a Windows share may hold bytes that are not UTF-8 (Latin-1
"R\\xe9solution-30.pdf"): Python keeps them as lone surrogates, which cannot be written to a UTF-8
terminal, SQLite or JSON. A name may also hold a newline or other control characters, which would
break line-based output (a report line could be forged). The file is still read by its real name;
only what is shown and stored as its name goes through `printable_name`.
"""

from __future__ import annotations

import os
import unicodedata

# Bidi overrides/isolates can make a name read differently from what it is ("fdp.exe" shown as "exe.pdf").
_INVISIBLE = {0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069}


def printable_name(name: str | os.PathLike) -> str:
    """`name` with undecodable bytes as \\xNN and control/bidi characters as \\n, \\t, \\xNN or \\uNNNN."""
    text = os.fspath(name)
    if isinstance(text, bytes):
        text = text.decode("utf-8", "surrogateescape")
    out = []
    for ch in text:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
            out.append(f"\\x{code - 0xDC00:02x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        elif ch in "\n\r\t":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}[ch])
        elif code in _INVISIBLE or unicodedata.category(ch) == "Cc":
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def is_printable_name(name: str | os.PathLike) -> bool:
    return printable_name(name) == os.fspath(name)


def printable_message(text: str) -> str:
    """A message for a terminal or a log: lines kept, anything else `printable_name` would escape escaped."""
    return "\n".join(printable_name(line) for line in text.split("\n"))
