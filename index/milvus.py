"""The Milvus store: clause records, dense vectors, BM25 sparse vectors and filter fields in one Milvus
collection, reached through pymilvus (a Milvus server or cluster, or milvus-lite embedded or as a server).

Layout for a location whose collection name is NAME:
- `NAME` is an alias; it points at one complete collection `NAME__<ns>` (row id = primary key).
- each row also holds the references its clause makes with where each leads (`refs`, JSON: the reference
  graph resolved at ingest, ingest/graph.py), as the folder store's `refs` table does;
- `NAME__meta` holds, per collection, its IndexMeta (model, parser, files with hashes) in chunks, and the
  writer lease.
An ingest writes a new collection beside the current one, loads it, writes its meta, then moves the alias:
until that last step every reader keeps the previous collection, and an ingest killed at any point leaves
the alias on a complete collection (the next writer drops the unfinished one). The collection the alias
left is kept until the next ingest, so a reader that opened it just before the switch can finish.
Candidates: two searches of the same collection, dense (FLAT, or IVF_FLAT past index.vectors's
threshold) and sparse (the client-side BM25 vectors of index.sparse with this project's tokenizer), with
the filter as a row expression; fusion, reranking and answers stay in search/.
"""

from __future__ import annotations

import dataclasses
import json
import os
import socket
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from ingest.graph import Resolution, resolve_references
from ingest.records import Clause
from ingest.references import Reference

from . import atomic
from .context import clause_references, lexical_text
from .core import ClauseRows, check_compatible, now_iso, parser_version
from .embedders import Embedder, EmbedderSpec
from .errors import IndexBusy, IndexCorrupt, IndexError_, IndexIncompatible, IndexMissing
from .meta import FileEntry, IndexMeta, resolve_entry
from .sparse import document_vectors, query_vector
from .stores import Candidates, MilvusLocation, StoreStats
from .vectors import APPROX_THRESHOLD, IVF_NPROBE, ivf_lists

META_SUFFIX = "__meta"
CHUNK_CHARS = 60_000  # meta text per record (VARCHAR max 65,535 bytes)
INSERT_BATCH = 1_000
PAGE = 10_000  # rows per query page (Milvus caps one query's result window at 16,384)
LEASE_SECONDS = 120  # a writer that has not renewed its lease for this long is taken as dead
_WRITER_KEY = "__writer__"
_TEXT_MAX = 65_535
_FIELDS = ("file", "instrument", "number", "revision", "body", "kind")  # scalar filter fields
CONNECT_TIMEOUT = 60.0  # seconds
_IN_LIST_MAX = 5_000  # beyond this many ranges a filter is sent as a list of rows


def connect(loc: MilvusLocation):
    """A pymilvus client for `loc`; a clear error when pymilvus is missing or Milvus cannot be reached."""
    try:
        from pymilvus import MilvusClient
    except ImportError as exc:
        raise IndexError_(f"{loc}: the Milvus store needs pymilvus (and milvus-lite for milvus-lite:PATH): "
                          "pip install 'itu-search[milvus]'") from exc
    if loc.lite:
        if not loc.uri.endswith(".db"):
            raise IndexError_(f"{loc}: a milvus-lite path must end in .db (e.g. milvus-lite:itu-index.db)")
        Path(loc.uri).parent.mkdir(parents=True, exist_ok=True)
    try:
        # a generous connect timeout: a busy server (milvus-lite serving other clients on a loaded machine)
        # can take longer than pymilvus's default to accept a connection
        return MilvusClient(uri=loc.uri, timeout=CONNECT_TIMEOUT)
    except Exception as exc:  # noqa: BLE001  (pymilvus raises several types for one cause)
        hint = ("another process has this milvus-lite file open (one process at a time: run "
                "`milvus-lite server --data-dir PATH` and use milvus://127.0.0.1:19530/NAME for several)"
                if loc.lite else "check that Milvus is running and reachable at this address")
        raise IndexError_(f"cannot open {loc}: {type(exc).__name__}: {exc}; {hint}") from exc


def release(loc: MilvusLocation, client=None) -> None:
    """Close the client; for milvus-lite also stop this process's embedded server, so that another process
    can open the file (milvus-lite keeps one lock per data folder)."""
    if client is not None:
        client.close()
    if loc.lite:
        from milvus_lite.server_manager import server_manager_instance

        server_manager_instance.release_server(loc.uri)


# ---------------------------------------------------------------- reading

class MilvusIndex(ClauseRows):
    """A searchable clause store in Milvus (same search interface as `index.core.Index`).

    It stays on the collection it opened; `changed()` tells when the alias has moved (a new ingest), and
    the caller reopens (the web UI does so before each request).
    """

    def __init__(self, client, loc: MilvusLocation, collection: str, clauses: list[Clause], meta: IndexMeta,
                 *, embedder: Embedder | None = None, cache_dir: Path | None = None) -> None:
        self.client = client
        self.location = loc
        self.collection = collection
        self.folder = None
        self._embedder = embedder
        self._cache_dir = cache_dir
        # what each clause cites and the graph as resolved at ingest: read on open (extracted on first use if not)
        self._set_rows(clauses, meta, None, None)

    @classmethod
    def open(cls, loc: MilvusLocation, *, embedder: Embedder | None = None, client=None,
             expect_model: str | None = None, cache_dir: Path | None = None) -> MilvusIndex:
        client = client or connect(loc)
        collection = current_collection(client, loc)
        if collection is None:
            raise IndexMissing(loc)
        meta = read_meta(client, loc, collection)
        check_compatible(meta, loc, embedder)
        if embedder is None and expect_model and expect_model != meta.model:
            raise IndexIncompatible(loc, f"it was built with model {meta.model}, this run asks for {expect_model} "
                                         "(ITU_SEARCH_MODEL)")
        client.load_collection(collection)  # a no-op when loaded; needed after a milvus-lite restart
        clauses = [Clause.from_dict(json.loads(r)) for r in _column(client, collection, "record", meta.clause_count, loc)]
        out = cls(client, loc, collection, clauses, meta, embedder=embedder, cache_dir=cache_dir)
        out._references, out._resolutions = _read_refs(_column(client, collection, "refs", meta.clause_count, loc))
        return out

    # ---- the store interface (index.stores.ClauseStore)
    def candidates(self, query_vector_: np.ndarray, lexical_query: str, *, dense_k: int, lexical_k: int,
                   allowed: np.ndarray | None = None) -> Candidates:
        if not self.clauses or (allowed is not None and not len(allowed)):
            return Candidates([], [])
        expr = rows_filter(allowed)
        dense: list[tuple[int, float]] = []
        if dense_k > 0:
            params = {"metric_type": "IP", "params": {"nprobe": IVF_NPROBE}}
            found = self.client.search(self.collection, data=[np.asarray(query_vector_, np.float32).tolist()],
                                       anns_field="dense", limit=min(dense_k, len(self.clauses)), filter=expr,
                                       output_fields=["row"], search_params=params)
            dense = [(int(h["row"]), float(h["distance"])) for h in found[0]]
        lexical: list[tuple[int, float]] = []
        sparse = query_vector(lexical_query)
        if lexical_k > 0 and sparse:
            found = self.client.search(self.collection, data=[sparse], anns_field="sparse",
                                       limit=min(lexical_k, len(self.clauses)), filter=expr,
                                       output_fields=["row"], search_params={"metric_type": "IP"})
            lexical = [(int(h["row"]), float(h["distance"])) for h in found[0] if h["distance"] > 0]
        return Candidates(dense, lexical)

    def dense_scores(self, query_vector_: np.ndarray, rows: Sequence[int]) -> np.ndarray:
        vecs = self.vectors_of(rows)
        return np.einsum("ij,j->i", vecs, np.asarray(query_vector_, dtype=np.float32).reshape(-1))

    def vectors_of(self, rows: Sequence[int]) -> np.ndarray:
        rows = [int(r) for r in rows]
        if not rows:
            return np.zeros((0, self.meta.dim), dtype=np.float32)
        got = {}
        for s in range(0, len(rows), PAGE):
            part = rows[s:s + PAGE]
            for rec in self.client.query(self.collection, filter=f"row in {part}", output_fields=["row", "dense"]):
                got[int(rec["row"])] = rec["dense"]
        return np.asarray([got[r] for r in rows], dtype=np.float32)

    def vectors(self) -> np.ndarray:
        """All vectors in row order (ingest reuses them for unchanged files)."""
        return np.asarray(_column(self.client, self.collection, "dense", len(self.clauses), self.location),
                          dtype=np.float32).reshape(-1, self.meta.dim)

    def stats(self) -> StoreStats:
        return StoreStats("milvus-lite" if self.location.lite else "milvus", str(self.location), len(self.clauses),
                          len(self.meta.files), self.meta.vector_index, self.collection)

    def changed(self) -> bool:
        """True when the alias now points at another collection than the one this object reads."""
        return current_collection(self.client, self.location) != self.collection

    def remove_file(self, path: str | Path) -> int:
        entry = resolve_entry(self.meta.files, path)
        if entry is None:
            return 0
        remove_entries(self.location, [entry], client=self.client)
        fresh = MilvusIndex.open(self.location, embedder=self._embedder, client=self.client)
        self.__dict__.update(fresh.__dict__)
        return entry.clauses


def current_collection(client, loc: MilvusLocation) -> str | None:
    """The collection the alias points at, None when there is none yet."""
    if loc.alias not in (client.list_aliases().get("aliases") or ()):
        if client.has_collection(loc.alias):
            raise IndexError_(f"{loc}: {loc.alias} is a collection not made by itu-search (itu-search uses it "
                              "as an alias): choose another collection name")
        return None
    return client.describe_alias(loc.alias)["collection_name"] or None


_STAMP_CLIENTS: dict[MilvusLocation, object] = {}


def version_stamp(loc: MilvusLocation) -> str | None:
    """The collection behind the alias (asked on every web request: one client per location is kept)."""
    try:
        client = _STAMP_CLIENTS.get(loc)
        if client is None:
            client = _STAMP_CLIENTS[loc] = connect(loc)
        return current_collection(client, loc)
    except Exception:  # noqa: BLE001  (Milvus unreachable: the holder then reports the open error)
        _STAMP_CLIENTS.pop(loc, None)
        return None


def _column(client, collection: str, field: str, n: int, loc: MilvusLocation) -> list:
    """One field of every row, in row order; IndexCorrupt unless rows are exactly 0..n-1."""
    out: list = [None] * n
    seen = 0
    for s in range(0, n, PAGE):
        for rec in client.query(collection, filter=f"row >= {s} and row < {s + PAGE}", output_fields=["row", field]):
            row = int(rec["row"])
            if row >= n or out[row] is not None:
                raise IndexCorrupt(loc, f"collection {collection} holds row {row} twice or beyond its {n} clauses")
            out[row] = rec[field]
            seen += 1
    if seen != n:
        raise IndexCorrupt(loc, f"collection {collection} holds {seen} clauses, its meta says {n}")
    return out


def read_meta(client, loc: MilvusLocation, collection: str) -> IndexMeta:
    meta_col = loc.alias + META_SUFFIX
    if not client.has_collection(meta_col):
        raise IndexCorrupt(loc, f"the meta collection {meta_col} is missing")
    client.load_collection(meta_col)
    recs = client.query(meta_col, filter=f'collection == "{collection}"', output_fields=["part", "text"])
    if not recs:
        raise IndexCorrupt(loc, f"no meta for collection {collection}")
    text = "".join(r["text"] for r in sorted(recs, key=lambda r: r["part"]))
    try:
        return IndexMeta.from_json(text)
    except (ValueError, TypeError, KeyError) as exc:
        raise IndexCorrupt(loc, f"the meta of collection {collection} cannot be read ({exc})") from exc


def rows_filter(allowed: np.ndarray | None) -> str:
    """A Milvus expression selecting these rows: runs of consecutive rows become ranges (filters select
    whole instruments and clause kinds, which are contiguous)."""
    if allowed is None:
        return ""
    rows = np.unique(np.asarray(allowed, dtype=np.int64))
    breaks = np.flatnonzero(np.diff(rows) != 1) + 1
    starts, ends = rows[np.r_[0, breaks]], rows[np.r_[breaks - 1, len(rows) - 1]]
    if len(starts) > _IN_LIST_MAX:
        return f"row in {rows.tolist()}"
    singles = [int(a) for a, b in zip(starts, ends, strict=True) if a == b]
    ranges = [f"(row >= {a} and row <= {b})" for a, b in zip(starts, ends, strict=True) if a != b]
    if singles:
        ranges.append(f"row in {singles}")
    return " or ".join(ranges)


# ---------------------------------------------------------------- writing

def _meta_schema(client):
    from pymilvus import DataType

    schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("key", DataType.VARCHAR, is_primary=True, max_length=512)
    schema.add_field("collection", DataType.VARCHAR, max_length=256)
    schema.add_field("part", DataType.INT64)
    schema.add_field("text", DataType.VARCHAR, max_length=_TEXT_MAX)
    schema.add_field("v", DataType.FLOAT_VECTOR, dim=2)  # Milvus requires a vector field
    index = client.prepare_index_params()
    index.add_index(field_name="v", index_type="FLAT", metric_type="L2")
    return schema, index


def _ensure_meta_collection(client, loc: MilvusLocation) -> str:
    name = loc.alias + META_SUFFIX
    if not client.has_collection(name):
        schema, index = _meta_schema(client)
        client.create_collection(name, schema=schema, index_params=index)
    client.load_collection(name)
    return name


@contextmanager
def writer_lease(client, loc: MilvusLocation) -> Iterator[Callable[[], None]]:
    """One writer at a time per location: a lease record renewed while writing (IndexBusy if another live
    writer holds it). Yields the renew function."""
    meta_col = _ensure_meta_collection(client, loc)
    me = f"{socket.gethostname()}:{os.getpid()}:{time.time_ns()}"
    held = client.query(meta_col, filter=f'key == "{_WRITER_KEY}"', output_fields=["text"])
    if held and _lease_alive(json.loads(held[0]["text"])):
        raise IndexBusy(loc)

    def renew() -> None:
        rec = {"key": _WRITER_KEY, "collection": "", "part": 0, "v": [0.0, 0.0],
               "text": json.dumps({"owner": me, "beat": time.time()})}
        client.upsert(meta_col, [rec])

    renew()
    try:
        yield renew
    finally:
        client.delete(meta_col, filter=f'key == "{_WRITER_KEY}"')


def _lease_alive(lease: dict) -> bool:
    """A lease renewed within LEASE_SECONDS by a process that (on this host) still runs."""
    if time.time() - float(lease.get("beat", 0)) >= LEASE_SECONDS:
        return False
    host, pid, _ = (str(lease.get("owner", "")).split(":") + ["", "", ""])[:3]
    if host == socket.gethostname() and pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False  # killed mid-ingest on this machine: its unfinished collection is dropped below
        except PermissionError:
            return True
    return True


def _schema(client, dim: int, n: int):
    from pymilvus import DataType

    schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("row", DataType.INT64, is_primary=True)
    schema.add_field("id", DataType.VARCHAR, max_length=1024)
    for f in _FIELDS:
        schema.add_field(f, DataType.VARCHAR, max_length=4096)
    schema.add_field("record", DataType.VARCHAR, max_length=_TEXT_MAX)
    schema.add_field("refs", DataType.VARCHAR, max_length=_TEXT_MAX)
    schema.add_field("dense", DataType.FLOAT_VECTOR, dim=dim)
    schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    index = client.prepare_index_params()
    if n > APPROX_THRESHOLD:
        index.add_index(field_name="dense", index_type="IVF_FLAT", metric_type="IP", params={"nlist": ivf_lists(n)})
        kind = "IVF_FLAT"
    else:
        index.add_index(field_name="dense", index_type="FLAT", metric_type="IP")
        kind = "FLAT"
    index.add_index(field_name="sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="IP")
    return schema, index, kind


def _record(row: int, c: Clause, vec: np.ndarray, sparse: dict[int, float], refs: str, loc: MilvusLocation) -> dict:
    record = json.dumps({f.name: getattr(c, f.name) for f in dataclasses.fields(c)}, ensure_ascii=False)
    if max(len(record.encode("utf-8")), len(refs.encode("utf-8"))) > _TEXT_MAX:
        raise IndexError_(f"{loc}: clause {c.id} of {c.file} is longer than Milvus's 64 KB text field; "
                          "report this file (its clause split is probably wrong)")
    return {"row": row, "id": c.id[:1024], **{f: str(getattr(c, f))[:4096] for f in _FIELDS}, "record": record,
            "refs": refs, "dense": vec.tolist(), "sparse": sparse or {0: 0.0}}


def graph_columns(clauses: Sequence[Clause]) -> tuple[list[str], float]:
    """Per row, the clause's references with where each leads (JSON), and the seconds spent resolving them
    (the reference graph, ingest/graph.py)."""
    references = [clause_references(c) for c in clauses]
    t0 = time.perf_counter()
    resolutions = iter(resolve_references(clauses, [(row, r) for row, refs in enumerate(references) for r in refs]))
    seconds = time.perf_counter() - t0
    out = []
    for refs in references:
        items = []
        for r in refs:
            res = next(resolutions)
            items.append([r.type, r.id, r.revision, r.body, r.start, r.end, r.text,
                          res.source, res.target, res.other_revision])
        out.append(json.dumps(items, ensure_ascii=False))
    return out, seconds


def _read_refs(column: list[str]) -> tuple[list[tuple[Reference, ...]], list[Resolution]]:
    references: list[tuple[Reference, ...]] = []
    resolutions: list[Resolution] = []
    for text in column:
        items = json.loads(text)
        references.append(tuple(Reference(*item[:7]) for item in items))
        resolutions.extend(Resolution(*item[7:]) for item in items)
    return references, resolutions


def write_collection(client, loc: MilvusLocation, clauses: list[Clause], vecs: np.ndarray, meta: IndexMeta,
                     renew=lambda: None) -> tuple[str, float]:
    """Write a complete new collection, then move the alias to it; returns its name and the seconds spent
    resolving the reference graph (over all the clauses: a new or removed document changes where the
    others' references lead)."""
    refs, graph_seconds = graph_columns(clauses)
    name = f"{loc.alias}__{time.time_ns()}"
    schema, index, kind = _schema(client, meta.dim, len(clauses))
    client.create_collection(name, schema=schema, index_params=index)
    sparse = document_vectors([lexical_text(c) for c in clauses])
    for s in range(0, len(clauses), INSERT_BATCH):
        client.insert(name, [_record(r, clauses[r], vecs[r], sparse[r], refs[r], loc)
                             for r in range(s, min(len(clauses), s + INSERT_BATCH))])
        renew()
        atomic.checkpoint("milvus-batch-inserted")
    client.flush(name)
    client.load_collection(name)
    atomic.checkpoint("milvus-collection-written")
    meta = meta.with_(vector_index=kind.lower(), clause_count=len(clauses))
    text = meta.to_json()
    meta_col = _ensure_meta_collection(client, loc)
    client.insert(meta_col, [{"key": f"{name}:{i}", "collection": name, "part": i, "text": text[p:p + CHUNK_CHARS],
                              "v": [0.0, 0.0]} for i, p in enumerate(range(0, max(1, len(text)), CHUNK_CHARS))])
    client.flush(meta_col)
    atomic.checkpoint("milvus-meta-written")
    previous = current_collection(client, loc)
    if previous is None:
        client.create_alias(name, loc.alias)
    else:
        client.alter_alias(name, loc.alias)
    atomic.checkpoint("milvus-alias-moved")
    _drop_stale(client, loc, keep={name, previous})
    return name, graph_seconds


def _drop_stale(client, loc: MilvusLocation, keep: set[str | None]) -> None:
    """Drop this location's collections other than `keep`: older versions and unfinished ingests."""
    prefix = loc.alias + "__"
    meta_col = loc.alias + META_SUFFIX
    for col in client.list_collections():
        if col.startswith(prefix) and col != meta_col and col not in keep:
            client.drop_collection(col)
            client.delete(meta_col, filter=f'collection == "{col}"')


def build_milvus(paths: Sequence[str | os.PathLike], loc: MilvusLocation, *, embedder: Embedder | None = None,
                 spec: EmbedderSpec | None = None, prune: bool = False, rebuild: bool = False,
                 progress: bool = True):
    """`index.build` for a Milvus location: same planning (by content hash), same report."""
    from .build import IngestReport, _pick_embedder, new_rows, parse_and_embed

    start = time.perf_counter()
    report = IngestReport(index_dir=loc, prune=prune)
    client = connect(loc)
    with writer_lease(client, loc) as renew:
        old = None
        if not rebuild and current_collection(client, loc) is not None:
            old = MilvusIndex.open(loc, client=client)
        old_meta = old.meta if old is not None else None
        spec = spec or EmbedderSpec.unnamed()
        embedder, model, backend = _pick_embedder(embedder, spec, old_meta, loc)
        report.model, report.backend = model, backend
        skip = Path(loc.uri).resolve() if loc.lite else None
        plan, pipe, old_files = parse_and_embed(paths, skip, old_meta, prune, report, embedder, model, backend,
                                                spec.cache_dir, progress)
        parsed, failed = pipe.parsed, pipe.failed
        dropped = any(f.resolved in old_files for f in failed)
        if not (parsed or plan.copies or report.pruned or report.moved or dropped or rebuild and old_meta):
            report.clauses_total = sum(f.clauses for f in plan.keep)
            report.seconds = time.perf_counter() - start
            return report
        clauses, vecs, meta = new_rows(loc, plan, pipe, old_meta, model, backend, old=old)
        _, report.graph_seconds = write_collection(client, loc, clauses, vecs, meta, renew)
        report.wrote = True
        report.clauses_total = len(clauses)
        report.seconds = time.perf_counter() - start
        return report


def remove_entries(loc: MilvusLocation, entries: list[FileEntry], *, client=None) -> float:
    """Rewrite the collection without these files (their rows dropped, the others renumbered); returns the
    seconds spent resolving the reference graph again."""
    client = client or connect(loc)
    with writer_lease(client, loc) as renew:
        old = MilvusIndex.open(loc, client=client)
        gone = {e.resolved for e in entries}
        keep = [f for f in old.meta.files if f.resolved not in gone]
        rows = [r for f in keep for r in range(f.first_row, f.first_row + f.clauses)]
        vecs = old.vectors_of(rows) if rows else np.zeros((0, old.meta.dim), dtype=np.float32)
        files, row = [], 0
        for f in keep:
            files.append(dataclasses.replace(f, first_row=row))
            row += f.clauses
        meta = old.meta.with_(files=tuple(files), clause_count=len(rows), built_at=now_iso())
        return write_collection(client, loc, [old.clauses[r] for r in rows], vecs, meta, renew)[1]


def remove_milvus(paths: Sequence[str | os.PathLike], loc: MilvusLocation):
    from .build import IngestReport, plan_removal

    start = time.perf_counter()
    report = IngestReport(index_dir=loc)
    client = connect(loc)
    collection = current_collection(client, loc)
    if collection is None:
        raise IndexMissing(loc)
    entries = plan_removal(read_meta(client, loc, collection), paths, report)
    if entries:
        report.graph_seconds = remove_entries(loc, entries, client=client)
        report.wrote = True
    report.seconds = time.perf_counter() - start
    return report




def from_clauses(clauses: Sequence[Clause], embedder: Embedder, loc: MilvusLocation) -> MilvusIndex:
    """A Milvus store holding exactly these clauses (tests, benchmarks): `Index.from_clauses` for Milvus."""
    from .context import embedding_text
    from .core import _entries_from_clauses

    clauses = list(clauses)
    vecs = embedder.encode([embedding_text(c) for c in clauses])
    meta = IndexMeta(model=embedder.name, dim=embedder.dim, backend=embedder.backend,
                     parser_version=parser_version(), built_at=now_iso(), clause_count=len(clauses),
                     vector_index="", files=_entries_from_clauses(clauses))
    client = connect(loc)
    with writer_lease(client, loc) as renew:
        write_collection(client, loc, clauses, vecs, meta, renew)
    return MilvusIndex.open(loc, embedder=embedder, client=client)
