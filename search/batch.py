"""Batch lookup files: reading queries (.txt, .csv, .jsonl) with per-line errors, writing results (JSONL, CSV).

Used by `itu-search lookup` and by the web UI's batch tab. A bad line never stops a batch: it becomes a
`LineError` with its line number, and the good lines are answered in input order.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .limits import MAX_BATCH_QUERIES, MAX_FILE_BYTES, MAX_QUERY_CHARS
from .records import Filters, SearchResult

if TYPE_CHECKING:
    from .engine import SearchSettings

FORMATS = ("jsonl", "csv")
CSV_COLUMNS = ("id", "query", "abstained", "rank", "score", "citation", "text", "source", "page",
               "printed_page", "answer", "message")


class BatchError(Exception):
    """The whole file cannot be read (missing, wrong type, no query column, too many queries)."""


@dataclass(frozen=True, slots=True)
class QueryItem:
    id: str
    query: str
    line: int  # 1-based line of the input file where the query is


@dataclass(frozen=True, slots=True)
class LineError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class QueryBatch:
    items: tuple[QueryItem, ...]
    errors: tuple[LineError, ...]


QUERY_FILE_SUFFIXES = (".txt", ".csv", ".jsonl", ".ndjson")  # what read_queries reads


def read_queries(path: str | Path) -> QueryBatch:
    """Queries from a .txt (one per line), .csv (columns id, query) or .jsonl (id, question or query) file."""
    p = Path(path)
    if not p.is_file():
        raise BatchError(f"{p}: no such file")
    if p.stat().st_size > MAX_FILE_BYTES:
        raise BatchError(f"{p}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; split it into smaller files")
    suffix = p.suffix.lower()
    if suffix not in QUERY_FILE_SUFFIXES:
        raise BatchError(f"{p}: unsupported query file type '{suffix or '(none)'}': use .txt (one query per "
                         "line), .csv (columns id,query) or .jsonl (objects with id and question or query)")
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BatchError(f"{p}: not UTF-8 text (byte {exc.start}); save it as UTF-8 and try again") from exc
    return parse_queries(text, suffix.lstrip("."), name=str(p))


def parse_queries(text: str, kind: str, *, name: str = "input") -> QueryBatch:
    """The same as `read_queries` for text already in memory (the UI's upload); `kind`: txt | csv | jsonl."""
    kind = "jsonl" if kind == "ndjson" else kind
    readers = {"txt": _read_txt, "csv": _read_csv, "jsonl": _read_jsonl}
    if kind not in readers:
        raise BatchError(f"{name}: unsupported query file type '{kind}': use txt, csv or jsonl")
    items: list[QueryItem] = []
    errors: list[LineError] = []
    seen: dict[str, int] = {}
    for entry in readers[kind](text, name):
        if isinstance(entry, LineError):
            errors.append(entry)
            continue
        problem = _check(entry, seen)
        if problem:
            errors.append(LineError(entry.line, problem))
            continue
        seen[entry.id] = entry.line
        items.append(entry)
        if len(items) > MAX_BATCH_QUERIES:
            raise BatchError(f"{name}: more than {MAX_BATCH_QUERIES} queries; split the file into smaller batches")
    return QueryBatch(tuple(items), tuple(errors))


def _check(item: QueryItem, seen: dict[str, int]) -> str:
    if not item.query.strip():
        return "empty query"
    if len(item.query) > MAX_QUERY_CHARS:
        return f"query longer than {MAX_QUERY_CHARS} characters ({len(item.query)})"
    if item.id in seen:
        return f"duplicate id '{item.id}' (first used on line {seen[item.id]})"
    return ""


def _read_txt(text: str, name: str) -> Iterator[QueryItem | LineError]:
    for n, line in enumerate(text.splitlines(), 1):
        q = line.strip()
        if q and not q.startswith("#"):
            yield QueryItem(str(n), q, n)


def _read_csv(text: str, name: str) -> Iterator[QueryItem | LineError]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        raise BatchError(f"{name}: line 1: {exc}") from exc
    cols = [h.strip().lower() for h in header]
    qcol = next((cols.index(c) for c in ("query", "question") if c in cols), None)
    if qcol is None:
        raise BatchError(f"{name}: line 1 must be a header with a 'query' column (and optionally 'id'); "
                         f"found {', '.join(repr(h) for h in header) or 'nothing'}")
    idcol = cols.index("id") if "id" in cols else None
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield LineError(reader.line_num, f"not valid CSV ({exc})")
            continue
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= qcol:
            yield LineError(line, f"no value in the query column (row has {len(row)} column(s))")
            continue
        if len(row) > len(header):
            if qcol != len(header) - 1:
                yield LineError(line, f"{len(row)} fields where the header has {len(header)}: put the query in "
                                      'double quotes ("...") when it contains commas')
                continue
            # The query is the last column: unquoted commas in it ("Res 2 (Rev. Bucharest, 2022)") belong to it.
            row = [*row[:qcol], ",".join(row[qcol:])]
        ident = row[idcol].strip() if idcol is not None and idcol < len(row) else ""
        yield QueryItem(ident or str(line), row[qcol].strip(), line)


def _read_jsonl(text: str, name: str) -> Iterator[QueryItem | LineError]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield LineError(n, f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            yield LineError(n, "not a JSON object")
            continue
        q = obj.get("question", obj.get("query"))
        if q is None:
            yield LineError(n, "no 'question' or 'query' field")
            continue
        if not isinstance(q, str):
            yield LineError(n, "'question'/'query' is not a string")
            continue
        ident = obj.get("id")
        if isinstance(ident, (dict, list)):
            yield LineError(n, "'id' must be a string or a number")
            continue
        yield QueryItem(str(ident) if ident not in (None, "") else str(n), q.strip(), n)


# ------------------------------------------------------------------------------------------- writing

def result_record(item_id: str, result: SearchResult, source: Callable[[str], str] | None = None) -> dict:
    """One output line of `lookup`: the query, its ranked hits with full citations, the answer."""
    answer = None
    if result.answer is not None and not result.abstained:
        answer = {"text": result.answer.text, "confidence": result.answer.confidence,
                  "sentences": [{"text": s.text, "citation": s.citation} for s in result.answer.sentences]}
        if result.answer.generated:
            answer["generated"] = result.answer.generated
    return {
        "id": item_id,
        "query": result.query,
        "hits": [hit_record(h, source) for h in result.hits],
        "answer": answer,
        "abstained": bool(result.abstained),  # "not addressed": the evidence says the corpus is silent
        "outcome": result.outcome,  # answer | low_confidence | not_addressed | other_language | no_match
        "confidence": result.confidence,
        "did_you_mean": result.did_you_mean,
        "language": result.language,
        "message": result.message,
        "reference": result.reference,
    }


def hit_record(hit, source: Callable[[str], str] | None = None) -> dict:
    """One hit; `source` names the clause's file for the reader (e.g. relative to the indexed folder)."""
    c = hit.clause
    return {
        "rank": hit.rank,
        "score": hit.score,
        "text": c.text,
        "source": source(c.file) if source is not None else c.file,
        "page": c.page,
        "printed_page": c.printed_page,
        "citation": {"instrument": c.instrument, "number": c.number, "revision": c.revision, "body": c.body,
                     "title": c.title, "section": c.section, "label": c.label, "kind": c.kind,
                     "text": c.citation},
    }


def write_jsonl(records: Iterable[dict], out: TextIO) -> None:
    for rec in records:
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")


def csv_rows(rec: dict) -> list[dict]:
    """A result record as CSV rows: one per hit (the answer on the first), one row when there is no hit."""
    base = {"id": rec["id"], "query": rec["query"], "abstained": str(rec["abstained"]).lower(),
            "message": rec.get("message", "")}
    answer = (rec.get("answer") or {}).get("text", "")
    if not rec["hits"]:
        return [{**base, "answer": answer}]
    rows = []
    for i, h in enumerate(rec["hits"]):
        rows.append({**base, "rank": h["rank"], "score": h["score"], "citation": h["citation"]["text"],
                     "text": h["text"], "source": h["source"], "page": h["page"],
                     "printed_page": h["printed_page"] if h["printed_page"] is not None else "",
                     "answer": answer if i == 0 else ""})
    return rows


# A cell that starts with one of these is read as a formula by Excel, LibreOffice or Google Sheets
# (`=HYPERLINK(...)`, `@SUM(...)`, `-2+3`, DDE `=cmd|...`); full-width forms are folded by some of them.
FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")


def spreadsheet_safe(value):
    """A text cell that a spreadsheet would run as a formula, prefixed with ' (shown as text); other
    values unchanged. Leading spaces do not hide a formula."""
    if isinstance(value, str) and value and (value[0] in FORMULA_STARTS or value.lstrip(" ")[:1] in FORMULA_STARTS):
        return "'" + value
    return value


class CsvResultWriter:
    """Writes result records as CSV with a header (CSV_COLUMNS); every text cell is spreadsheet-safe."""

    def __init__(self, out: TextIO) -> None:
        self._w = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        self._w.writeheader()

    def write(self, rec: dict) -> None:
        for row in csv_rows(rec):
            self._w.writerow({k: spreadsheet_safe(v) for k, v in row.items()})


class JsonlResultWriter:
    def __init__(self, out: TextIO) -> None:
        self._out = out

    def write(self, rec: dict) -> None:
        self._out.write(json.dumps(rec, ensure_ascii=False) + "\n")


def result_writer(fmt: str, out: TextIO):
    if fmt == "csv":
        return CsvResultWriter(out)
    if fmt == "jsonl":
        return JsonlResultWriter(out)
    raise BatchError(f"unknown output format '{fmt}': use one of {', '.join(FORMATS)}")


# ------------------------------------------------------------------------------------------- running

def run_queries(index, items: Iterable[QueryItem], *, k: int, filters: Filters | None = None,
                settings: SearchSettings | None = None, writers: Sequence = (),
                progress: Callable[[int], None] | None = None, source: Callable[[str], str] | None = None,
                ) -> Iterator[tuple[QueryItem, SearchResult]]:
    """Answer each query in order, write its record to every writer, and yield (query, result).
    `progress(i)` is called before the i-th query (0-based); `source` names files in the records."""
    from .engine import DEFAULT_SETTINGS, ask

    for i, item in enumerate(items):
        if progress is not None:
            progress(i)
        result = ask(index, item.query, k=k, filters=filters, settings=settings or DEFAULT_SETTINGS)
        record = result_record(item.id, result, source)
        for w in writers:
            w.write(record)
        yield item, result


@dataclass(frozen=True, slots=True)
class BatchFiles:
    """A batch answered into files: the results in input order and one file per format."""

    results: tuple[tuple[QueryItem, SearchResult], ...]
    files: dict  # format -> Path


def run_to_files(index, items: Sequence[QueryItem], folder: Path, name: str, *, k: int,
                 filters: Filters | None = None, settings: SearchSettings | None = None,
                 formats: Sequence[str] = FORMATS, progress: Callable[[int], None] | None = None,
                 source: Callable[[str], str] | None = None) -> BatchFiles:
    """Answer `items` into `<name>-lookup.<format>` files in a new run folder under `folder` (one folder
    per run, so runs of several users never collide)."""
    folder.mkdir(parents=True, exist_ok=True)
    run = Path(tempfile.mkdtemp(prefix="run-", dir=folder))
    stem = re.sub(r"[^\w.-]+", "_", name)[:60] or "queries"
    paths = {fmt: run / f"{stem}-lookup.{fmt}" for fmt in formats}
    handles = [paths[fmt].open("w", encoding="utf-8", newline="") for fmt in formats]
    try:
        writers = [result_writer(fmt, h) for fmt, h in zip(formats, handles, strict=True)]
        results = tuple(run_queries(index, items, k=k, filters=filters, settings=settings, writers=writers,
                                    progress=progress, source=source))
    finally:
        for h in handles:
            h.close()
    return BatchFiles(results=results, files=paths)
