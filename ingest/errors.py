"""Errors raised while reading a file into clauses: one class per cause, each message says what to do.

Every error names the file, the cause and the next step, e.g.

    bad/encrypted.pdf: the PDF is encrypted with a password — remove the password first,
    e.g. `qpdf --decrypt --password=PASSWORD in.pdf out.pdf`, then parse the decrypted copy

Callers (CLI, index builder, web UI) catch `IngestError` and print `str(exc)`; never a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path

SUPPORTED_SUFFIXES = (".pdf", ".docx", ".txt")


class IngestError(Exception):
    """A file that cannot be turned into clauses. `reason` is a short machine-readable cause."""

    reason = "ingest"
    cause = "could not be read"
    advice = "check the file and try again"

    def __init__(self, path: str | os.PathLike, detail: str = "", *, advice: str | None = None) -> None:
        self.path = str(path)
        self.detail = detail
        if advice is not None:
            self.advice = advice
        super().__init__(self.message)

    @property
    def message(self) -> str:
        cause = f"{self.cause}: {self.detail}" if self.detail else self.cause
        return f"{self.path}: {cause} — {self.advice}"

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):  # keep path/detail/advice across pickling (process pools)
        return (_rebuild, (type(self), self.path, self.detail, self.advice))


def _rebuild(cls: type[IngestError], path: str, detail: str, advice: str) -> IngestError:
    return cls(path, detail, advice=advice)


class EmptyFileError(IngestError):
    reason = "empty"
    cause = "the file is empty (0 bytes)"
    advice = "the download or copy probably failed; fetch the file again"


class NotAPdfError(IngestError):
    reason = "not-a-pdf"
    cause = "the file is named .pdf but is not a PDF"
    advice = "if it is plain text rename it to .txt, otherwise fetch the real PDF again"


class CorruptFileError(IngestError):
    reason = "corrupt"
    cause = "the file is damaged"
    advice = "fetch the file again, or open and re-save it in the program that made it"


class CorruptPdfError(CorruptFileError):
    reason = "corrupt"
    cause = "the PDF is truncated or damaged"
    advice = ("fetch the file again; if it came this way, try repairing a copy with "
              "`qpdf in.pdf repaired.pdf` and parse the repaired copy")


class EncryptedPdfError(IngestError):
    reason = "encrypted"
    cause = "the PDF is encrypted with a password"
    advice = ("remove the password first, e.g. `qpdf --decrypt --password=PASSWORD in.pdf out.pdf`, "
              "then parse the decrypted copy")


class EncryptedDocxError(IngestError):
    reason = "encrypted"
    cause = "the Word file is protected with a password"
    advice = ("open it in Word or LibreOffice, remove the password (Word: File › Info › Protect Document › "
              "Encrypt with Password, clear it) and save it again as .docx")


class NoTextLayerError(IngestError):
    reason = "no-text-layer"
    cause = "the PDF has no text layer"
    advice = "it looks like a scan: run OCR on it first, e.g. `ocrmypdf in.pdf out.pdf`, then parse the OCR'd copy"


class NoResolutionError(IngestError):
    reason = "no-resolution"
    cause = "no resolution, decision or recommendation was found in the file"
    advice = ("itu-search expects ITU instruments headed like 'RESOLUTION 30 (Rev. Kigali, 2022)'; "
              "check that this is the right file")


class UnsupportedFileTypeError(IngestError):
    reason = "unsupported-type"
    cause = "this file type is not supported"
    advice = "give a .pdf, .docx or .txt file (save Word .doc files as .docx first)"


class CorruptDocxError(CorruptFileError):
    cause = "the Word file is damaged or not a .docx"
    advice = "open it in Word or LibreOffice and save it again as .docx (Word 2007+ format)"


class UnreadableFileError(IngestError):
    reason = "unreadable"
    cause = "the file cannot be read"
    advice = "check the path and its permissions"


class TooLargeError(IngestError):
    reason = "too-large"
    cause = "the file unpacks to more data than itu-search accepts"
    advice = ("this is not a normal ITU document (possibly a zip bomb); "
              "if it is genuine, export the resolution on its own and parse that")


def check_readable_file(path: str | os.PathLike) -> int:
    """Raise the specific error if `path` is missing, a folder, unreadable or empty; return its size in bytes."""
    p = Path(path)
    try:
        if not p.exists():
            raise UnreadableFileError(path, "no such file", advice="check the path (typo? relative to where you run?)")
        if p.is_dir():
            raise UnreadableFileError(path, "it is a folder",
                                      advice="give the files inside it (or use `itu-search ingest FOLDER`)")
        if not p.is_file():
            raise UnreadableFileError(path, "not a regular file", advice="give a regular .pdf, .docx or .txt file")
        size = p.stat().st_size
        with open(p, "rb") as fh:
            fh.read(1)
    except PermissionError as exc:
        raise UnreadableFileError(path, "permission denied",
                                  advice="make it readable (e.g. `chmod u+r FILE`) or copy it somewhere you can read") from exc
    except OSError as exc:
        raise UnreadableFileError(path, exc.strerror or type(exc).__name__) from exc
    if size == 0:
        raise EmptyFileError(path)
    return size


def check_supported_suffix(path: str | os.PathLike) -> str:
    """Return the lower-case suffix (".pdf", ".docx", ".txt") or raise `UnsupportedFileTypeError`
    (`UnreadableFileError` for a folder, whose name has no file type to judge)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        if p.is_dir():
            check_readable_file(path)
        raise UnsupportedFileTypeError(path, f"'{suffix}'" if suffix else "the name has no extension")
    return suffix
