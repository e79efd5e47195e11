"""The one interface search talks to: a clause store that answers "candidates for this query, within these
rows", "clauses by id" and "stats". Two implementations: the embedded default (`index.core.Index`: FAISS +
bm25s + SQLite files in a folder) and Milvus (`index.milvus.MilvusIndex`: a Milvus server or cluster, or
milvus-lite), chosen by the index location:

    itu-index                       a folder (the default)
    milvus://HOST:PORT/COLLECTION   a Milvus server or cluster; COLLECTION is an alias switched per ingest
    milvus-lite:PATH                embedded Milvus (one process at a time per PATH)

Every store keeps the clause records themselves in memory on open (`clauses`, row id = position): search
needs all of them for reference resolution, filters and context. The vectors and the lexical postings
stay in the store and are only reached through `candidates` and `dense_scores`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from ingest.records import Clause

from .meta import FileEntry, IndexMeta

_MILVUS = re.compile(r"^milvus:/{1,2}(?P<host>[A-Za-z0-9.-]+)(?::(?P<port>\d+))?(?:/(?P<name>[A-Za-z_][A-Za-z0-9_]*))?/?$")
_MILVUS_LITE = re.compile(r"^milvus-lite:(?P<path>.+)$")
DEFAULT_COLLECTION = "itu_clauses"
DEFAULT_PORT = 19530


@dataclass(frozen=True, slots=True)
class Candidates:
    """What one query retrieves before fusion: each retriever's best rows with its own score, best first."""

    dense: list[tuple[int, float]]  # (row, cosine)
    lexical: list[tuple[int, float]]  # (row, BM25 score > 0)


@dataclass(frozen=True, slots=True)
class StoreStats:
    store: str  # "files" | "milvus" | "milvus-lite" | "memory"
    location: str
    clauses: int
    files: int
    vector_index: str  # "flat" | "ivf" | "hnsw" | Milvus index type
    collection: str = ""  # Milvus: the physical collection behind the alias


@runtime_checkable
class ClauseStore(Protocol):
    clauses: list[Clause]
    meta: IndexMeta

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...

    def candidates(self, query_vector: np.ndarray, lexical_query: str, *, dense_k: int, lexical_k: int,
                   allowed: np.ndarray | None = None) -> Candidates: ...

    def dense_scores(self, query_vector: np.ndarray, rows: Sequence[int]) -> np.ndarray: ...

    def clause_by_id(self, clause_id: str) -> Clause | None: ...

    def row_of(self, clause_id: str) -> int | None: ...

    def files(self) -> list[FileEntry]: ...

    def stats(self) -> StoreStats: ...


@dataclass(frozen=True, slots=True)
class MilvusLocation:
    uri: str  # what pymilvus connects to: http://HOST:PORT or a milvus-lite data path
    alias: str  # the collection name searches use; each ingest writes a new collection and moves the alias
    lite: bool

    def __str__(self) -> str:
        return f"milvus-lite:{self.uri}" if self.lite else f"milvus://{self.uri.removeprefix('http://')}/{self.alias}"


# Where an index lives, as messages and reports name it: a folder or a Milvus location.
Location = Path | MilvusLocation


def milvus_location(where: str | os.PathLike) -> MilvusLocation | None:
    """The Milvus location an index argument names, or None for an index folder.

    A `Path` turns "milvus://h:1/c" into "milvus:/h:1/c": both spellings are accepted.
    """
    text = os.fspath(where)
    m = _MILVUS.match(text)
    if m:
        uri = f"http://{m['host']}:{m['port'] or DEFAULT_PORT}"
        return MilvusLocation(uri, m["name"] or DEFAULT_COLLECTION, lite=False)
    m = _MILVUS_LITE.match(text)
    if m:
        return MilvusLocation(str(Path(m["path"]).expanduser()), DEFAULT_COLLECTION, lite=True)
    if text.startswith("milvus:"):
        from .errors import IndexError_

        raise IndexError_(f"{text}: not a Milvus location; use milvus://HOST:PORT/COLLECTION or milvus-lite:PATH")
    return None
