"""meta.json: what an index folder was built with (model, backend, parser, format) and its corpus manifest."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

# 2: web addresses no longer tokenized into words (index.lexical), so the saved BM25 index changed.
# 3: the clause store has a `refs` table (references extracted from each clause, ingest.references).
# 4: ITU-aware tokenizer (index.lexical: frequencies in MHz, power units, sub-compounds, reference terms).
# 5: the reference graph is built at ingest: each row of `refs` says where the reference leads
#    (source, target, other revision: instrument indexes, ingest.graph.Resolution).
FORMAT_VERSION = 5
META_FILE = "meta.json"


@dataclass(frozen=True)
class FileEntry:
    """One ingested file: where it is, its content hash, and which rows hold its clauses."""

    path: str  # as shown to the user (relative to the working directory when under it)
    resolved: str  # absolute resolved path: the identity of the file across runs
    sha256: str
    size: int
    clauses: int
    first_row: int
    instruments: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, d: dict) -> FileEntry:
        return cls(**{**d, "instruments": tuple(d.get("instruments") or ())})


@dataclass(frozen=True)
class FailedFile:
    path: str
    resolved: str
    sha256: str
    error: str


@dataclass(frozen=True)
class IndexMeta:
    model: str
    dim: int
    backend: str
    parser_version: str
    built_at: str  # ISO 8601, UTC
    clause_count: int
    vector_index: str  # "flat" | "hnsw"
    files: tuple[FileEntry, ...] = ()
    failed: tuple[FailedFile, ...] = ()
    normalized: bool = True
    metric: str = "inner_product"
    format_version: int = FORMAT_VERSION
    checksums: dict = field(default_factory=dict)  # file name -> {"size": n, "sha256": hex}
    model_version: str = ""  # which build of a model built on this machine (embedders.model_version); "" = fixed

    def to_json(self) -> str:
        d = asdict(self)
        d["files"] = [asdict(f) | {"instruments": list(f.instruments)} for f in self.files]
        d["failed"] = [asdict(f) for f in self.failed]
        # ASCII with \u escapes: a path with bytes that are not UTF-8 (lone surrogates) stays exact
        return json.dumps(d, indent=1, ensure_ascii=True)

    @classmethod
    def from_json(cls, text: str) -> IndexMeta:
        d = json.loads(text)
        d["files"] = tuple(FileEntry.from_dict(f) for f in d.get("files", ()))
        d["failed"] = tuple(FailedFile(**f) for f in d.get("failed", ()))
        names = cls.__dataclass_fields__.keys()
        return cls(**{k: v for k, v in d.items() if k in names})

    def with_(self, **changes) -> IndexMeta:
        return replace(self, **changes)


def read_format_version(folder: Path) -> int | None:
    try:
        return int(json.loads((folder / META_FILE).read_text("utf-8")).get("format_version", 0))
    except (OSError, ValueError, AttributeError):
        return None


def resolve_entry(files: tuple[FileEntry, ...], path: str | os.PathLike) -> FileEntry | None:
    """The entry a user means by `path`: its path as listed, its path on disk, or its file name if unique."""
    text = str(path)
    for f in files:
        if text in (f.path, f.resolved):
            return f
    try:
        resolved = str(Path(path).expanduser().resolve())
    except OSError:
        resolved = ""
    for f in files:
        if f.resolved == resolved:
            return f
    named = [f for f in files if Path(f.path).name == Path(text).name]
    return named[0] if len(named) == 1 else None
