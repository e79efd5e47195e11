"""Resource limits of ingest: how big a file, how many pages, how much page content and text itu-search
reads, and the guards that enforce them before the expensive work starts.

A file from anywhere may be built to exhaust a parser: a PDF with 200 000 pages sharing one content
stream, a page of millions of tiny text objects, a form drawn thousands of times, a flate bomb, a
.docx whose XML inflates to gigabytes, a text of millions of lines. Each limit below is far above what
real ITU documents need (the measured values are in the comments; docs/reliability.md has the table)
and stops such a file within seconds with a `ParseLimitError` that names the file, the limit and what
to do. Ingest then continues with the other files.

Where the guards run (one call each, cheap):
- `check_file(path)`: from `ingest.parse_file`, before any reader: size, and for .txt the line count
  and longest line, for .docx the inflated size of its XML parts.
- `check_pdf(path, reader)`: from `pdf_checks.open_pdf`, before any text is extracted: the page count,
  and for each page its content bytes, counting each form XObject as often as the page draws it.
- `TextBudget`: in the PDF layout reader's page loop: text runs per page and per file, and the parse
  time budget (a backstop on slow machines; every other limit is a count, not a time).
- `pypdf_limits()`: around the whole parse, pypdf's own limits tightened to match these.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

from .errors import SUPPORTED_SUFFIXES, TooLargeError

MiB = 2**20

# --- any file ------------------------------------------------------------------------------------
# The largest ITU publications (Radio Regulations volumes, Final Acts) are PDFs under 50 MB.
MAX_FILE_BYTES = 200 * MiB

# --- PDF -------------------------------------------------------------------------------------------
# Final Acts of a Plenipotentiary Conference: ~250 pages; a Radio Regulations volume: ~500.
MAX_PDF_PAGES = 3_000
# Decoded content of one page, each form XObject counted as many times as the page draws it.
# Largest real page seen: 46 kB (a page of positioned glyphs).
MAX_PAGE_CONTENT_BYTES = 2 * MiB
# The same summed over the file; real files: 1.4 MB for 240 pages. pypdf reads about 0.2 MB/s of
# content with positions, so this also bounds the parse to a few minutes at worst.
MAX_CONTENT_BYTES = 32 * MiB
# Text runs (pieces of text pypdf reports with a position) per page and per file; real: at most
# 275 per page, 30 000 per 240-page file.
MAX_TEXT_RUNS_PER_PAGE = 20_000
MAX_TEXT_RUNS = 1_000_000
# Nesting of form XObjects followed when counting a page's content (pypdf follows the same ones).
MAX_FORM_DEPTH = 8
# Last resort for slow machines: stop a PDF that is still being read after this long.
PARSE_SECONDS = 300.0

# --- TXT and DOCX ----------------------------------------------------------------------------------
# Lines of a .txt (one paragraph each): ~100 per resolution; the 240-page PP-18 Final Acts has 8 431 lines
# even as a PDF's visual lines.
MAX_TEXT_LINES = 250_000
# One paragraph of a .txt; the longest in the bundled WTDC resolution is 1.2 kB.
MAX_LINE_BYTES = 1 * MiB
# Inflated size of the XML a .docx reader parses (document, footnotes, endnotes, styles...), not
# counting images; a 32-page resolution has ~1 MB. Parsed XML takes ~10x its size in memory.
MAX_DOCX_XML_BYTES = 48 * MiB

_ADVICE = ("itu-search reads documents up to the limits in docs/reliability.md; this file is far beyond "
           "any ITU document (possibly built to exhaust the parser). If it is genuine, split it{how} "
           "and ingest the parts")


class ParseLimitError(TooLargeError):
    """A file beyond one of the documented limits (reason "too-large")."""

    cause = "the file is beyond what itu-search reads"

    def __init__(self, path: str | os.PathLike, detail: str = "") -> None:
        pdf = Path(path).suffix.lower() == ".pdf"
        how = " (e.g. `qpdf in.pdf --pages . 1-500 -- part1.pdf`)" if pdf else " (one resolution per file)"
        super().__init__(path, detail, advice=_ADVICE.format(how=how))


def _mib(n: int) -> str:
    return f"{n / MiB:.1f} MiB" if n < 10 * MiB else f"{n / MiB:.0f} MiB"


# ================================================================ any file

def check_file(path: str | os.PathLike) -> None:
    """Size of any input file, lines of a .txt, inflated XML of a .docx (raises ParseLimitError).

    Missing or unreadable files are left to the readers, which say so in their own words.
    """
    try:
        size = os.stat(path).st_size
    except OSError:
        return
    if size > MAX_FILE_BYTES:
        raise ParseLimitError(path, f"{_mib(size)}, limit {_mib(MAX_FILE_BYTES)}")
    suffix = Path(path).suffix.lower()
    if suffix == ".txt" and Path(path).is_file():
        _check_text_lines(path)
    elif suffix == ".docx" and Path(path).is_file():
        _check_docx_xml(path)


def _check_text_lines(path: str | os.PathLike) -> None:
    lines = 0
    longest = current = 0
    with contextlib.suppress(OSError), open(path, "rb") as fh:
        while block := fh.read(MiB):
            # \r alone ends a line too (old Mac exports); \r\n counts twice, which only errs high.
            breaks = [m.start() for m in re.finditer(rb"[\n\r\x0b\x0c]", block)]
            if not breaks:
                current += len(block)
            else:
                longest = max(longest, current + breaks[0])
                longest = max([longest, *(b - a - 1 for a, b in zip(breaks, breaks[1:], strict=False))])
                current = len(block) - breaks[-1] - 1
                lines += len(breaks)
            longest = max(longest, current)
            if lines > MAX_TEXT_LINES:
                raise ParseLimitError(path, f"more than {MAX_TEXT_LINES:,} lines")
            if longest > MAX_LINE_BYTES:
                raise ParseLimitError(path, f"a line of more than {_mib(MAX_LINE_BYTES)}")


def _check_docx_xml(path: str | os.PathLike) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            xml = sum(i.file_size for i in zf.infolist() if i.filename.lower().endswith((".xml", ".rels")))
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: the .docx reader explains what it is
    if xml > MAX_DOCX_XML_BYTES:
        raise ParseLimitError(path, f"its XML inflates to {_mib(xml)}, limit {_mib(MAX_DOCX_XML_BYTES)}")


# ================================================================ PDF

@contextlib.contextmanager
def pypdf_limits() -> Iterator[None]:
    """pypdf's own limits, tightened to match ours, for the parse running in this thread."""
    from pypdf import apply_configuration

    with apply_configuration(page_tree_maximum_entries=2 * MAX_PDF_PAGES + 1_000,
                             xform_maximum_invocations_per_extraction=500):
        yield


def _limit_reached(exc: BaseException) -> bool:
    from pypdf.errors import LimitReachedError

    return isinstance(exc, (LimitReachedError, RecursionError, MemoryError))


_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do\b")


def _stream_bytes(obj) -> bytes:
    from pypdf.generic import ArrayObject, StreamObject

    obj = obj.get_object() if obj is not None else None
    if isinstance(obj, StreamObject):
        return obj.get_data() or b""
    if isinstance(obj, ArrayObject):
        return b"\n".join(_stream_bytes(s) for s in obj)
    return b""


def _forms(resources) -> dict:
    """Form XObjects by name in a resources dictionary."""
    from pypdf.generic import DictionaryObject

    resources = resources.get_object() if resources is not None else None
    if not isinstance(resources, DictionaryObject):
        return {}
    xobjects = resources.get("/XObject")
    xobjects = xobjects.get_object() if xobjects is not None else None
    if not isinstance(xobjects, DictionaryObject):
        return {}
    out = {}
    for name, ref in xobjects.items():
        xobj = ref.get_object()
        if isinstance(xobj, DictionaryObject) and xobj.get("/Subtype") == "/Form":
            out[name.lstrip("/")] = xobj
    return out


def _content_cost(data: bytes, resources, depth: int, memo: dict) -> int:
    """Bytes pypdf parses for this content: its own, plus each form's cost times the times it is drawn."""
    cost = len(data)
    if depth >= MAX_FORM_DEPTH or b"Do" not in data:
        return cost
    forms = _forms(resources)
    if not forms:
        return cost
    for name, count in _count(_DO.findall(data)).items():
        form = forms.get(name.decode("latin-1"))
        if form is None:
            continue
        key = id(form)
        if key not in memo:
            memo[key] = 0  # a form drawing itself costs nothing more (pypdf skips cycles)
            memo[key] = _content_cost(_stream_bytes(form), form.get("/Resources"), depth + 1, memo)
        cost += count * memo[key]
        if cost > MAX_CONTENT_BYTES:
            break
    return cost


def _count(items: list) -> dict:
    out: dict = {}
    for it in items:
        out[it] = out.get(it, 0) + 1
    return out


def check_pdf(path: str | os.PathLike, reader) -> None:
    """Page count and content of each page against the limits, before any text is extracted.

    Costs one decompression of each content stream (0.4 s for a 240-page file); nothing is parsed.
    """
    try:
        declared = reader.trailer["/Root"]["/Pages"]["/Count"]
        declared = int(declared)
    except Exception:  # a broken page tree is for pdf_checks to report
        declared = 0
    if declared > MAX_PDF_PAGES:
        raise ParseLimitError(path, f"{declared:,} pages, limit {MAX_PDF_PAGES:,}")
    try:
        with pypdf_limits():
            pages = reader.pages
            n = len(pages)
    except Exception as exc:
        if _limit_reached(exc):
            raise ParseLimitError(path, f"its page tree has more than {MAX_PDF_PAGES:,} pages") from exc
        return  # damaged: pdf_checks says so
    if n > MAX_PDF_PAGES:
        raise ParseLimitError(path, f"{n:,} pages, limit {MAX_PDF_PAGES:,}")
    total = 0
    memo: dict = {}
    for i in range(n):
        try:
            page = pages[i]
            cost = _content_cost(_stream_bytes(page.get("/Contents")), page.get("/Resources"), 0, memo)
        except Exception as exc:
            if _limit_reached(exc):
                raise ParseLimitError(path, f"page {i + 1}: {type(exc).__name__}: {str(exc)[:120]}") from exc
            continue  # a damaged page: the readers skip it
        if cost > MAX_PAGE_CONTENT_BYTES:
            raise ParseLimitError(path, f"page {i + 1} has {_mib(cost)} of content to read, "
                                        f"limit {_mib(MAX_PAGE_CONTENT_BYTES)} per page")
        total += cost
        if total > MAX_CONTENT_BYTES:
            raise ParseLimitError(path, f"more than {_mib(MAX_CONTENT_BYTES)} of page content by page {i + 1}")


class TextBudget:
    """Text runs per page and per file, and the time budget, checked after each page is read."""

    def __init__(self, path: str | os.PathLike, seconds: float | None = None) -> None:
        self.path = path
        self.runs = 0
        self.seconds = PARSE_SECONDS if seconds is None else seconds
        self.deadline = time.monotonic() + self.seconds

    def page_read(self, page_no: int, runs: int) -> None:
        if runs > MAX_TEXT_RUNS_PER_PAGE:
            raise ParseLimitError(self.path, f"page {page_no} has {runs:,} pieces of text, "
                                             f"limit {MAX_TEXT_RUNS_PER_PAGE:,} per page")
        self.runs += runs
        if self.runs > MAX_TEXT_RUNS:
            raise ParseLimitError(self.path, f"more than {MAX_TEXT_RUNS:,} pieces of text by page {page_no}")
        if time.monotonic() > self.deadline:
            raise ParseLimitError(self.path, f"still reading page {page_no} after {self.seconds:.0f} s "
                                             "(the parse time budget)")


# ================================================================ which files are read at all

def link_problem(path: Path, root: Path | None) -> str:
    """Why a symbolic link met while collecting files to ingest is not followed ("" when it is followed).

    A folder from elsewhere (an unpacked archive, a shared drive) can hold links to private files
    (`~/.ssh/id_rsa` renamed `res.pdf`, `/etc/passwd`): their text would be indexed and shown to every
    user of the web UI. So a link found by walking `root` is followed only to a regular file inside
    `root`; a link named on the command line (`root` None) is followed to any regular file.
    """
    if not path.is_symlink():
        return ""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # dangling, or a loop of links
        return "broken symbolic link: its target does not exist"
    if root is not None and not target.is_relative_to(root.resolve()):
        return (f"symbolic link to {target}, outside {root}: not followed; copy the file into the folder "
                "or name it on the command line to ingest it")
    if not target.is_file():
        return f"symbolic link to {target}, which is not a regular file"
    if target.suffix.lower() not in SUPPORTED_SUFFIXES:
        return f"symbolic link to {target}, which is not a .pdf, .docx or .txt file"
    return ""
