"""Open and validate a PDF before layout reading: every failure becomes a specific `IngestError`.

PDF layout readers call `open_pdf(path)` instead of `pypdf.PdfReader(path)`; it returns a reader
whose pages can be read, or raises one of:

- `EmptyFileError` (0 bytes), `UnreadableFileError` (missing, folder, permission),
- `NotAPdfError` (no "%PDF-" header: a text/HTML/zip file named .pdf),
- `EncryptedPdfError` (needs a password: pypdf's empty-user-password attempt failed),
- `CorruptPdfError` (truncated or damaged beyond pypdf's repair, or no pages),
- `NoTextLayerError` (no page has extractable text: a scan that needs OCR).

pypdf's own warnings ("EOF marker not found", "invalid pdf header", ...) never reach the terminal:
they are re-logged at DEBUG level on the `ingest.pypdf` logger.
"""

from __future__ import annotations

import logging
import os
import warnings

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, WrongPasswordError
from pypdf.generic import DictionaryObject

from .errors import (
    CorruptPdfError,
    EncryptedPdfError,
    NotAPdfError,
    NoTextLayerError,
    check_readable_file,
)
from .limits import check_pdf

PDF_MAGIC = b"%PDF-"
# The PDF spec lets readers accept junk before the header; Acrobat looks in the first 1024 bytes.
HEADER_WINDOW = 1024
# Pages tried for a text layer before deciding: a scan is image-only throughout, so a long
# document whose first pages are all images is judged by them rather than by extracting 500 pages.
TEXT_PROBE_PAGES = 12

_log = logging.getLogger("ingest.pypdf")


class _ToDebug(logging.Handler):
    """Re-log pypdf's records at DEBUG on `ingest.pypdf` (visible only when debugging is switched on)."""

    def emit(self, record: logging.LogRecord) -> None:
        _log.debug("%s: %s", record.name, record.getMessage())


def quiet_pypdf() -> None:
    """Route pypdf's logger away from the user's terminal (idempotent)."""
    pypdf_logger = logging.getLogger("pypdf")
    if not any(isinstance(h, _ToDebug) for h in pypdf_logger.handlers):
        pypdf_logger.addHandler(_ToDebug())
    pypdf_logger.propagate = False


quiet_pypdf()


def _describe_non_pdf(head: bytes) -> str:
    stripped = head.lstrip()
    if stripped.startswith(b"PK\x03\x04"):
        return "it is a zip archive, perhaps a .docx saved under a .pdf name"
    if stripped[:15].lower().startswith((b"<!doctype html", b"<html")):
        return "it is an HTML page, probably an error page saved instead of the download"
    if stripped.startswith(b"{\\rtf"):
        return "it is an RTF document"
    if stripped.startswith(b"\xd0\xcf\x11\xe0"):
        return "it is an old Word/Office file"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "it does not start with '%PDF-'"
    return "it is a plain text file"


def _open_reader(path: str) -> PdfReader:
    try:
        reader = PdfReader(path, strict=False)
    except (WrongPasswordError, FileNotDecryptedError) as exc:
        raise EncryptedPdfError(path) from exc
    except DependencyError as exc:
        raise EncryptedPdfError(path, "its encryption needs the `cryptography` package") from exc
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            AssertionError, RecursionError, OSError) as exc:
        raise CorruptPdfError(path, _short(exc)) from exc
    if reader.is_encrypted:
        # pypdf already tried the empty user password while opening; check whether that worked.
        try:
            unlocked = reader.decrypt("")
        except DependencyError as exc:
            raise EncryptedPdfError(path, "its encryption needs the `cryptography` package") from exc
        except (PdfReadError, ValueError, KeyError, TypeError) as exc:
            raise EncryptedPdfError(path, _short(exc)) from exc
        if not unlocked:
            raise EncryptedPdfError(path)
    return reader


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}"[:160] if text else type(exc).__name__


def _has_images(obj: object, depth: int = 0) -> bool:
    """Whether a page's resources (including nested form XObjects) draw at least one image."""
    if depth > 4 or not isinstance(obj, DictionaryObject):
        return False
    xobjects = obj.get("/XObject")
    xobjects = xobjects.get_object() if xobjects is not None else None
    if not isinstance(xobjects, DictionaryObject):
        return False
    for ref in xobjects.values():
        xobj = ref.get_object()
        if not isinstance(xobj, DictionaryObject):
            continue
        if xobj.get("/Subtype") == "/Image":
            return True
        res = xobj.get("/Resources")
        if xobj.get("/Subtype") == "/Form" and res is not None and _has_images(res.get_object(), depth + 1):
            return True
    return False


def _check_text_layer(path: str, reader: PdfReader) -> None:
    try:
        n_pages = len(reader.pages)
    except (FileNotDecryptedError, DependencyError) as exc:
        raise EncryptedPdfError(path, _short(exc)) from exc
    except Exception as exc:  # pypdf raises many types on broken page trees
        raise CorruptPdfError(path, f"page tree unreadable: {_short(exc)}") from exc
    if n_pages == 0:
        raise CorruptPdfError(path, "it has no pages")

    images = failures = 0
    probed = min(n_pages, TEXT_PROBE_PAGES)
    for i in range(probed):
        try:
            page = reader.pages[i]
            if page.extract_text().strip():
                return
            res = page.get("/Resources")
            images += _has_images(res.get_object() if res is not None else None)
        except (FileNotDecryptedError, DependencyError) as exc:
            raise EncryptedPdfError(path, _short(exc)) from exc
        except Exception:  # a damaged page: judge the file by the others
            failures += 1
    if failures == probed:
        raise CorruptPdfError(path, "no page could be read")
    scope = "any page" if probed == n_pages else f"the first {probed} of {n_pages} pages"
    detail = f"no extractable text on {scope}" + (", only images" if images else "")
    raise NoTextLayerError(path, detail)


def open_pdf(path: str | os.PathLike) -> PdfReader:
    """Open `path` with pypdf after checking it is a readable, unencrypted PDF with a text layer.

    The parser's PDF layout reader must call this instead of `PdfReader(path)`; it raises the
    specific `ingest.errors.IngestError` subclass for each bad input (see the module docstring).
    Cost: reads the header, opens the file, and extracts text from the first pages until one
    has text (normally just page 1).
    """
    path = str(path)
    check_readable_file(path)
    with open(path, "rb") as fh:
        head = fh.read(HEADER_WINDOW)
    if PDF_MAGIC not in head:
        raise NotAPdfError(path, _describe_non_pdf(head))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = _open_reader(path)
        check_pdf(path, reader)  # page count and content size (ingest/limits.py) before extracting text
        _check_text_layer(path, reader)
    return reader
