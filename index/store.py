"""The clause store: one SQLite file holding every clause record (row id = position), the text the
lexical index is built from, and the references each clause's text makes (`refs`, from
`ingest.references.extract_references`) with where each one leads in the index (the reference graph,
`ingest.graph.resolve_references`, resolved once at ingest). Plain columns and JSON, no pickles."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from ingest.graph import Resolution
from ingest.records import Clause
from ingest.references import Reference

_FIELDS = ("file", "instrument", "number", "revision", "body", "title", "section", "kind", "label",
           "text", "page", "printed_page", "lead_in", "ordinal")
_OPTIONAL = ("bbox", "publication", "continued")  # columns added later: stores written before them read as unknown
_SCHEMA = f"""
CREATE TABLE clauses (
    row INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    {", ".join(f"{f} {'INTEGER' if f in ('page', 'ordinal') else 'TEXT'}" for f in _FIELDS)},
    footnote_refs TEXT NOT NULL,
    lexical TEXT NOT NULL,
    bbox TEXT,
    publication TEXT,
    continued TEXT
);
CREATE TABLE refs (
    row INTEGER NOT NULL,
    type TEXT NOT NULL,
    ref_id TEXT NOT NULL,
    revision TEXT NOT NULL,
    body TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    source INTEGER NOT NULL,  -- the reference graph: instrument indexes (ingest.instruments.instruments_of)
    target INTEGER,
    other INTEGER
);
CREATE INDEX refs_target ON refs (type, ref_id);
"""


def write_store(path: Path, clauses: Sequence[Clause], lexical: Sequence[str],
                references: Sequence[Sequence[Reference]], resolutions: Sequence[Resolution] | None = None) -> None:
    """Write the store; `references[row]` are the references of clause `row`, `resolutions` where each of
    them leads, in the same order (row by row); resolved here when not given."""
    if resolutions is None:
        from ingest.graph import resolve_references

        resolutions = resolve_references(clauses, [(row, r) for row, refs in enumerate(references) for r in refs])
    flat = [(row, r) for row, refs in enumerate(references) for r in refs]
    if len(flat) != len(resolutions):
        raise ValueError(f"{len(resolutions)} resolutions for {len(flat)} references")
    con = sqlite3.connect(str(path))
    try:
        con.execute("PRAGMA journal_mode=OFF")  # the whole folder is swapped in atomically instead
        con.execute("PRAGMA synchronous=OFF")
        con.executescript(_SCHEMA)
        con.executemany(
            f"INSERT INTO clauses VALUES (?, ?, {', '.join('?' for _ in _FIELDS)}, ?, ?, ?, ?, ?)",
            ((row, c.id, *(getattr(c, f) for f in _FIELDS), json.dumps(list(c.footnote_refs)), lex,
              json.dumps(list(c.bbox)) if c.bbox else None, c.publication,
              json.dumps([list(b) for b in c.continued]) if c.continued else None)
             for row, (c, lex) in enumerate(zip(clauses, lexical, strict=True))),
        )
        con.executemany(
            "INSERT INTO refs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((row, r.type, r.id, r.revision, r.body, r.start, r.end, r.text, res.source, res.target, res.other_revision)
             for (row, r), res in zip(flat, resolutions, strict=True)),
        )
        con.commit()
    finally:
        con.close()


def read_store(path: Path) -> tuple[list[Clause], list[str], list[tuple[Reference, ...]], list[Resolution]]:
    """All clauses in row order, their lexical texts, their references, and where each reference leads (in
    `Index.all_references` order: row by row). Raises sqlite3.DatabaseError if damaged and ValueError if row
    ids are not 0..n-1 or a reference names a row that does not exist."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        have = {col[1] for col in con.execute("PRAGMA table_info(clauses)")}
        optional = ", ".join(c if c in have else "NULL" for c in _OPTIONAL)
        rows = con.execute(f"SELECT row, {', '.join(_FIELDS)}, footnote_refs, lexical, {optional} FROM clauses "
                           "ORDER BY row").fetchall()
        ref_rows = con.execute('SELECT row, type, ref_id, revision, body, start, "end", text, source, target, other '
                               "FROM refs ORDER BY row, start, rowid").fetchall()
    finally:
        con.close()
    clauses: list[Clause] = []
    lexical: list[str] = []
    for expected, (row, *values) in enumerate(rows):
        if row != expected:
            raise ValueError(f"clause rows are not contiguous (row {row} where {expected} was expected)")
        fields = dict(zip(_FIELDS, values[:len(_FIELDS)], strict=True))
        refs_json, lex, box, publication, continued = values[len(_FIELDS):]
        clauses.append(Clause(**fields, footnote_refs=tuple(json.loads(refs_json)),
                              bbox=tuple(json.loads(box)) if box else None, publication=publication or "",
                              continued=tuple(tuple(b) for b in json.loads(continued)) if continued else ()))
        lexical.append(lex)
    references: list[list[Reference]] = [[] for _ in clauses]
    resolved: list[list[Resolution]] = [[] for _ in clauses]
    for row, *values in ref_rows:
        if not 0 <= row < len(clauses):
            raise ValueError(f"a reference names clause row {row}, the store has {len(clauses)} clauses")
        references[row].append(Reference(*values[:7]))
        resolved[row].append(Resolution(*values[7:]))
    return clauses, lexical, [tuple(r) for r in references], [res for per_row in resolved for res in per_row]
