"""`Index`: clauses (row id = position in `Index.clauses`), their FAISS vectors and their BM25 index."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from ingest.graph import Resolution, resolve_references
from ingest.records import Clause
from ingest.references import Reference

from .context import clause_references, embedding_text, lexical_text
from .embedders import Embedder, make_embedder
from .errors import IndexCorrupt, IndexIncompatible
from .lexical import Lexical
from .meta import FORMAT_VERSION, FileEntry, IndexMeta, resolve_entry
from .store import read_store
from .stores import Candidates, Location, StoreStats
from .vectors import Vectors

STORE_FILE = "clauses.sqlite"
VECTORS_FILE = "dense.faiss"
LEXICAL_DIR = "bm25"


def parser_version() -> str:
    import ingest

    return str(getattr(ingest, "PARSER_VERSION", "0"))


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class ClauseRows:
    """What every store keeps in memory and answers the same way: the clause records by row and id, the
    query embedder (made on first use from the model and backend the meta records) and what each clause
    cites with where it leads (read from the store, or extracted and resolved on first use)."""

    clauses: list[Clause]
    meta: IndexMeta
    _embedder: Embedder | None
    _cache_dir: Path | None  # for the query embedder's derived model files
    _row_by_id: dict[str, int]
    _references: list[tuple[Reference, ...]] | None
    _resolutions: list[Resolution] | None

    def _set_rows(self, clauses: list[Clause], meta: IndexMeta, references: Sequence[tuple[Reference, ...]] | None,
                  resolutions: Sequence[Resolution] | None) -> None:
        """The records by row and id and what they cite (None: extracted on first use); both stores keep these."""
        self.clauses = clauses
        self.meta = meta
        self._row_by_id = {c.id: row for row, c in enumerate(clauses)}
        self._references = list(references) if references is not None else None
        self._resolutions = list(resolutions) if resolutions is not None and references is not None else None

    @property
    def embedder(self) -> Embedder:
        """The query embedder; created on first use from the model and backend recorded in the index."""
        if self._embedder is None:
            self._embedder = make_embedder(self.meta.model, self.meta.backend, cache_dir=self._cache_dir)
        return self._embedder

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return self.embedder.encode(list(texts))

    def clause_by_id(self, clause_id: str) -> Clause | None:
        row = self._row_by_id.get(clause_id)
        return None if row is None else self.clauses[row]

    def row_of(self, clause_id: str) -> int | None:
        return self._row_by_id.get(clause_id)

    # references (ingest.references), the graph (ingest.graph) ----------------------------------------------------------
    def _all_references(self) -> list[tuple[Reference, ...]]:
        if self._references is None:  # in-memory index: extracted on first use
            self._references = [clause_references(c) for c in self.clauses]
        return self._references

    def references(self, clause: str | int) -> tuple[Reference, ...]:
        """What the clause (by id or row) cites, in text order; () for an unknown clause."""
        row = clause if isinstance(clause, int) else self._row_by_id.get(clause)
        refs = self._all_references()
        return refs[row] if row is not None and 0 <= row < len(refs) else ()

    def all_references(self) -> list[tuple[int, Reference]]:
        """Every (row, reference) of the index in row order: what a reference graph is built from."""
        return [(row, r) for row, refs in enumerate(self._all_references()) for r in refs]

    def resolutions(self) -> list[Resolution]:
        """Where each reference of `all_references()` leads (the reference graph, `ingest.graph`), in the same
        order: as resolved at ingest and stored with the index; resolved on first use for an in-memory index."""
        if self._resolutions is None:
            self._resolutions = resolve_references(self.clauses, self.all_references())
        return self._resolutions

    def citing(self, ref_type: str, ref_id: str, revision: str | None = None) -> list[tuple[int, Reference]]:
        """(row, reference) of every clause that cites `ref_type` `ref_id` (types and ids as in
        `ingest.references`): an RR provision is also cited by a range that covers it ("9.12" by
        "Nos. 9.11A to 9.14"); a Recommendation's version is ignored ("SM.329-12" finds "SM.329");
        ids compare case-insensitively. With `revision`, only references whose revision tag matches it
        ignoring case, spaces and dots ("Rev.Dubai,2018" = "Rev. Dubai, 2018")."""
        want = normalize_ref_id(ref_type, ref_id)
        rev = _revision_key(revision) if revision else None
        out = []
        for row, r in self.all_references():
            if r.type != ref_type:
                continue
            if not (normalize_ref_id(r.type, r.id) == want or (r.is_range and r.covers(want))):
                continue
            if rev is not None and _revision_key(r.revision) != rev:
                continue
            out.append((row, r))
        return out

    def files(self) -> list[FileEntry]:
        return list(self.meta.files)

    def __len__(self) -> int:
        return len(self.clauses)



class Index(ClauseRows):
    """A searchable set of clauses. Built by `index.build` / opened by `index.open`, or in memory by
    `Index.from_clauses` (tests, one-off use)."""

    def __init__(self, clauses: list[Clause], vectors: Vectors, lexical: Lexical, meta: IndexMeta,
                 *, embedder: Embedder | None = None, folder: Path | None = None,
                 lexical_texts: list[str] | None = None,
                 references: Sequence[tuple[Reference, ...]] | None = None,
                 resolutions: Sequence[Resolution] | None = None, cache_dir: Path | None = None) -> None:
        self.folder = folder  # None for an in-memory index
        self._embedder = embedder
        self._cache_dir = cache_dir  # for the query embedder's derived model files
        self._set_contents(clauses, vectors, lexical, meta, lexical_texts, references, resolutions)

    def _set_contents(self, clauses: list[Clause], vectors: Vectors, lexical: Lexical, meta: IndexMeta,
                      lexical_texts: list[str] | None, references: Sequence[tuple[Reference, ...]] | None,
                      resolutions: Sequence[Resolution] | None = None) -> None:
        self._vectors = vectors
        self._lexical = lexical
        self._lexical_texts = lexical_texts
        self._set_rows(clauses, meta, references, resolutions)

    # ---- construction -------------------------------------------------------------------------
    @classmethod
    def from_clauses(cls, clauses: Sequence[Clause], embedder: Embedder, *, progress: bool = False) -> Index:
        clauses = list(clauses)
        vecs = embedder.encode([embedding_text(c) for c in clauses], progress=progress)
        lex = [lexical_text(c) for c in clauses]
        vectors = Vectors.build(vecs, embedder.dim)
        meta = IndexMeta(model=embedder.name, dim=embedder.dim, backend=embedder.backend,
                         parser_version=parser_version(), built_at=now_iso(), clause_count=len(clauses),
                         vector_index=vectors.kind, files=_entries_from_clauses(clauses))
        return cls(clauses, vectors, Lexical.build(lex), meta, embedder=embedder, lexical_texts=lex)

    @classmethod
    def load(cls, folder: Path, *, embedder: Embedder | None = None, shown_as: Path | None = None,
             cache_dir: Path | None = None) -> Index:
        """Open a complete index folder; raises IndexCorrupt / IndexIncompatible naming `shown_as`."""
        from .integrity import check_files, read_meta

        where = shown_as or folder
        meta = read_meta(folder, where)
        check_compatible(meta, where, embedder)
        check_files(folder, meta, where)
        try:
            clauses, lexical, references, resolutions = read_store(folder / STORE_FILE)
        except (sqlite3.DatabaseError, ValueError, TypeError) as exc:
            raise IndexCorrupt(where, f"the clause store {STORE_FILE} cannot be read ({exc})") from exc
        try:
            vectors = Vectors.load(folder / VECTORS_FILE)
        except RuntimeError as exc:
            raise IndexCorrupt(where, f"the vector file {VECTORS_FILE} cannot be read "
                                      "(truncated or corrupted)") from exc
        if not (len(clauses) == vectors.ntotal == meta.clause_count):
            raise IndexCorrupt(where, f"the clause store holds {len(clauses)} clauses, the vector file "
                                      f"{vectors.ntotal} vectors and meta.json says {meta.clause_count}")
        if vectors.dim != meta.dim:
            raise IndexCorrupt(where, f"the vector file has dimension {vectors.dim}, meta.json says {meta.dim}")
        lex_dir = folder / LEXICAL_DIR
        if lex_dir.is_dir():
            try:
                lex = Lexical.load(lex_dir, len(clauses))
            except (OSError, ValueError, KeyError) as exc:
                raise IndexCorrupt(where, f"the BM25 index in {LEXICAL_DIR}/ cannot be read ({exc})") from exc
        else:
            lex = Lexical.build(lexical)  # an index written without it (e.g. empty): rebuild from the store
        if lex.num_docs != len(clauses):
            raise IndexCorrupt(where, f"the BM25 index covers {lex.num_docs} clauses, the store {len(clauses)}")
        return cls(clauses, vectors, lex, meta, embedder=embedder, folder=folder, lexical_texts=lexical,
                   references=references, resolutions=resolutions, cache_dir=cache_dir)

    # ---- queries --------------------------------------------------------------------------------
    def dense_search(self, text: str, k: int, *, allowed: Iterable[int] | None = None) -> list[tuple[int, float]]:
        """Rows of the k clauses nearest to `text` by cosine similarity, best first."""
        if not self.clauses or k <= 0:
            return []
        return self._vectors.search(self.embed([text]), k, allowed)[0]

    def dense_search_vector(self, vector: np.ndarray, k: int, *,
                            allowed: Iterable[int] | None = None) -> list[tuple[int, float]]:
        if not self.clauses or k <= 0:
            return []
        return self._vectors.search(vector, k, allowed)[0]

    def lexical_search(self, text: str, k: int, *, allowed: Iterable[int] | None = None) -> list[tuple[int, float]]:
        """Rows of the k best BM25 matches (score > 0), best first."""
        return self._lexical.search(text, k, allowed)

    def lexical_coverage(self, text: str) -> np.ndarray:
        """Per row, the IDF-weighted share of `text`'s terms the clause contains (`Lexical.coverage`)."""
        return self._lexical.coverage(text)

    # ---- the store interface search uses (index.stores.ClauseStore) ------------------------------
    def candidates(self, query_vector: np.ndarray, lexical_query: str, *, dense_k: int, lexical_k: int,
                   allowed: np.ndarray | None = None) -> Candidates:
        """FAISS's dense_k nearest rows and BM25's lexical_k best rows, each within `allowed` (row ids)."""
        if not self.clauses:
            return Candidates([], [])
        dense = self._vectors.top(query_vector, dense_k, allowed) if dense_k > 0 else []
        return Candidates(dense, self._lexical.search(lexical_query, lexical_k, allowed))

    def dense_scores(self, query_vector: np.ndarray, rows: Sequence[int]) -> np.ndarray:
        """Exact cosine of the query with the clauses of `rows` (their stored vectors, no full scan)."""
        return self._vectors.scores(query_vector, np.asarray(rows, dtype=np.int64))

    def stats(self) -> StoreStats:
        return StoreStats("files" if self.folder else "memory", str(self.folder or ""), len(self.clauses),
                          len(self.meta.files), self._vectors.kind)

    def vectors_of(self, rows: Sequence[int]) -> np.ndarray:
        """The stored vectors of `rows` (normalized float32), without reconstructing the others."""
        return self._vectors.rows(np.asarray(rows, dtype=np.int64))

    def vectors(self) -> np.ndarray:
        """All clause vectors in row order (normalized float32)."""
        return self._vectors.all_vectors()

    # ---- changes --------------------------------------------------------------------------------
    def remove_file(self, path: str | Path) -> int:
        """Drop one file's clauses (by path as listed in `files()`, file name, or path on disk).

        A persisted index is rewritten atomically and reloaded in place; returns the number of clauses removed.
        """
        entry = resolve_entry(self.meta.files, path)
        if entry is None:
            return 0
        if self.folder is None:
            keep = [f for f in self.meta.files if f.resolved != entry.resolved]
            self._replace_in_memory(keep)
            return entry.clauses
        from .build import remove_entries

        target = self.folder
        remove_entries(target, [entry], embedder=self._embedder)
        fresh = Index.load(target, embedder=self._embedder)
        self.__dict__.update(fresh.__dict__)
        return entry.clauses

    def _replace_in_memory(self, keep: list[FileEntry]) -> None:
        vecs = self.vectors()
        rows = [r for f in keep for r in range(f.first_row, f.first_row + f.clauses)]
        clauses = [self.clauses[r] for r in rows]
        lex = [lexical_text(c) for c in clauses]
        vectors = Vectors.build(vecs[rows] if rows else vecs[:0], self.meta.dim)
        files, row = [], 0
        for f in keep:
            files.append(FileEntry(f.path, f.resolved, f.sha256, f.size, f.clauses, row, f.instruments))
            row += f.clauses
        meta = self.meta.with_(files=tuple(files), clause_count=len(clauses), vector_index=vectors.kind)
        self._set_contents(clauses, vectors, Lexical.build(lex), meta, lex, None)


def normalize_ref_id(ref_type: str, ref_id: str) -> str:
    """The id as `Index.citing` compares it: upper-case, no spaces, no Recommendation version."""
    ref_id = "".join(ref_id.split()).upper()
    if ref_type.startswith(("recommendation_itu_", "report_itu_")):
        ref_id = ref_id.split("-")[0]
    return ref_id


def _revision_key(revision: str) -> str:
    return "".join(ch for ch in revision.lower() if ch.isalnum())


def check_compatible(meta: IndexMeta, where: Location, embedder: Embedder | None) -> None:
    if meta.format_version != FORMAT_VERSION:
        raise IndexIncompatible(where, f"it has index format {meta.format_version}, this itu-search "
                                       f"reads format {FORMAT_VERSION}")
    if meta.parser_version != parser_version():
        raise IndexIncompatible(where, f"it was parsed with parser version {meta.parser_version}, "
                                       f"this itu-search has parser version {parser_version()}")
    if embedder is not None and (embedder.name != meta.model or embedder.dim != meta.dim):
        raise IndexIncompatible(where, f"it was built with model {meta.model} (dimension {meta.dim}), "
                                       f"not {embedder.name} (dimension {embedder.dim})")


def check_model_build(meta: IndexMeta, where: Location, cache_dir: Path | None) -> None:
    """An index whose vectors came from another build of its model than the one here (the fine-tuned MiniLM
    rebuilt for other training questions) would be searched with mismatched question vectors: refused."""
    from .embedders import model_version

    here = model_version(meta.model, cache_dir)
    if here and here != meta.model_version:  # "": an index older than these records, of an unknown build
        why = ("the model was rebuilt for other training questions" if meta.model_version else
               "the index is older than the records of which build embedded it")
        raise IndexIncompatible(where, f"its vectors come from another build of {meta.model} than the one on this "
                                       f"machine (build {meta.model_version or 'not recorded'}, here {here}: {why})")


def _entries_from_clauses(clauses: Sequence[Clause]) -> tuple[FileEntry, ...]:
    """File entries for an in-memory index: consecutive clauses of one file form one entry."""
    entries: list[FileEntry] = []
    start = 0
    for row in range(1, len(clauses) + 1):
        if row == len(clauses) or clauses[row].file != clauses[start].file:
            group = clauses[start:row]
            refs = tuple(dict.fromkeys(c.instrument_ref for c in group))
            entries.append(FileEntry(group[0].file, group[0].file, "", 0, len(group), start, refs))
            start = row
    return tuple(entries)
