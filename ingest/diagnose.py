"""Why a file gave no clauses: which heading forms were looked for, which identifier-like lines were seen
and the first lines read, so a user can tell a parser gap from a wrong file (`NoResolutionError` detail)."""

from __future__ import annotations

from collections.abc import Sequence

from .lines import ROLE_BOUNDARY, ROLE_FOOTNOTE, ROLE_FURNITURE, Line
from .patterns import INSTRUMENT_ID_PREFIX_RE, normalize_space

# The heading forms the parser recognises, as a user would read them (see ingest/HEADINGS.md).
HEADING_FORMS = (
    "RESOLUTION 30 (Rev. Kigali, 2022)", "RESOLUTION 95 (REV.WRC-19)", "RESOLUTION No. 2",
    "Resolution ITU-R 61-2", "RESOLUTION COM4/2 (WRC-07)", "Council Resolution 1332 (C11)",
    "DECISION 482 (C01, last amended C20)", "RECOMMENDATION 7 (Dubai, 2018)", "OPINION No. 1",
    "RÉSOLUTION 25 (Rév. Bucarest, 2022)",
)
FIRST_LINES = 5
MAX_LINE_CHARS = 80


def _short(text: str) -> str:
    text = normalize_space(text.replace("\t", " "))
    return text if len(text) <= MAX_LINE_CHARS else text[:MAX_LINE_CHARS - 1] + "…"


def no_instrument_detail(lines: Sequence[Line]) -> str:
    """One paragraph for the error message."""
    body = [ln for ln in lines if ln.text.strip() and ln.role not in (ROLE_FOOTNOTE, ROLE_FURNITURE, ROLE_BOUNDARY)]
    forms = "; ".join(f"'{f}'" for f in HEADING_FORMS)
    parts = [f"looked for instrument headings such as {forms}, each followed within a few paragraphs by an "
             "enacting formula ('The ... Conference (City, Year),', 'The Council,') or a keyword ('considering', "
             "'resolves')"]
    near = [ln for ln in body if INSTRUMENT_ID_PREFIX_RE.match(ln.text)][:3]
    if near:
        seen = "; ".join(f"'{_short(ln.text)}' (p. {ln.page})" for ln in near)
        parts.append(f"lines that start like a heading but were not followed by a formula or keyword: {seen}")
    if body:
        first = " | ".join(f"'{_short(ln.text)}'" for ln in body[:FIRST_LINES])
        parts.append(f"the first lines read were: {first}")
    else:
        parts.append("no text was read from the file")
    return "; ".join(parts)
