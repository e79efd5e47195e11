"""Lines → clauses: instruments, sections, labels, footnotes (pure functions)."""

from __future__ import annotations

from collections.abc import Sequence

from .lines import Line
from .records import Clause


def parse_lines(lines: Sequence[Line], file: str) -> list[Clause]:
    """Split a file's lines into instruments and their clauses (stub: real parser lands next)."""
    return []
