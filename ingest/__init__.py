"""Ingest: read PDF/DOCX/TXT files and split them into cited clauses (pure parsing, no index).

`parse_file(path)` is the one entry point: a layout reader turns the file into `Line`s (PDF: pypdf with
positions and fonts; DOCX: paragraph styles; TXT: one paragraph per line) and `structure.parse_lines`
turns the lines into `Clause`s. Bad inputs raise an `ingest.errors.IngestError` subclass that names
the file, the cause and what to do.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from .citation import publication_of
from .errors import IngestError, NoResolutionError, check_readable_file, check_supported_suffix
from .limits import check_file
from .lines import Line
from .records import Clause
from .structure import parse_lines

FRONT_MATTER_PAGES = 2  # where a document names the publication it is (ingest.citation.publication_of)

# Bump whenever the parser's output for the same file may change (the index records it).
PARSER_VERSION = "1.4.0"

__all__ = ["PARSER_VERSION", "Clause", "IngestError", "Line", "parse_file", "read_lines"]


def read_lines(path: str | os.PathLike) -> list[Line]:
    """The layout reader for the file's type (raises `IngestError` on bad input)."""
    suffix = check_supported_suffix(path)
    if suffix == ".pdf":
        from .limits import pypdf_limits
        from .pdf_layout import read_pdf_layout

        with pypdf_limits():
            return read_pdf_layout(path).lines
    check_readable_file(path)
    if suffix == ".docx":
        from .docx_reader import read_docx_lines

        return read_docx_lines(path)
    from .text_reader import read_text_lines

    return read_text_lines(path)


def parse_file(path: str | os.PathLike) -> list[Clause]:
    """All clauses of one file, in reading order (`Clause.file` is `path` as given)."""
    check_file(path)  # size limits (ingest/limits.py) before any reader starts
    lines = read_lines(path)
    clauses = parse_lines(lines, str(path))
    if not clauses:
        from .diagnose import no_instrument_detail

        raise NoResolutionError(Path(path), no_instrument_detail(lines))
    publication = publication_of(" ".join(ln.text for ln in lines if ln.page <= FRONT_MATTER_PAGES))
    return [replace(c, publication=publication) for c in clauses] if publication else clauses
