"""Ingest: read PDF/DOCX/TXT files and split them into cited clauses (pure parsing, no index)."""

from .records import Clause

__all__ = ["Clause"]
