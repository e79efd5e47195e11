"""A collection of clauses written out for a delegate's notes: DOCX (python-docx), Markdown or CSV, each clause
quoted with its citation (ingest.citation, the same text as everywhere else)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path, PurePath

from ingest.records import Clause

FORMATS = ("docx", "md", "csv")
CSV_COLUMNS = ("citation", "text", "instrument", "number", "revision", "body", "section", "label", "kind", "page",
               "printed_page", "source")
TITLE = "Clauses collected with itu-search"


def _quoted(c: Clause) -> str:
    label = f"{c.label} " if c.label and c.kind != "footnote" else ""
    return f"{label}{' '.join(c.text.split())}"


def to_markdown(clauses: Sequence[Clause], title: str = TITLE) -> str:
    lines = [f"# {title}", ""]
    for n, c in enumerate(clauses, 1):
        lines += [f"{n}. > {_quoted(c)}", "", f"   — {c.citation}", ""]
    return "\n".join(lines).rstrip() + "\n"


def write_csv(clauses: Sequence[Clause], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(CSV_COLUMNS)
        for c in clauses:
            w.writerow([c.citation, c.text, c.instrument, c.number, c.revision, c.body, c.section, c.label, c.kind,
                        c.page, c.printed_page or "", PurePath(c.file).name])


def write_docx(clauses: Sequence[Clause], path: Path, title: str = TITLE) -> None:
    import docx

    doc = docx.Document()
    doc.add_heading(title, level=1)
    for c in clauses:
        quote = doc.add_paragraph(style="Quote")
        quote.add_run(f"“{_quoted(c)}”")
        cite = doc.add_paragraph()
        cite.add_run(c.citation).italic = True
    doc.save(str(path))


def write(clauses: Sequence[Clause], fmt: str, path: Path) -> Path:
    """Write `clauses` as `fmt` (docx | md | csv) to `path`."""
    if fmt == "docx":
        write_docx(clauses, path)
    elif fmt == "md":
        path.write_text(to_markdown(clauses), encoding="utf-8")
    elif fmt == "csv":
        write_csv(clauses, path)
    else:
        raise ValueError(f"unknown export format '{fmt}': use one of {', '.join(FORMATS)}")
    return path
