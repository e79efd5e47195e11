"""Ingest files into an index folder: incremental by content hash, crash-safe, with a report."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import sqlite3
import stat
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ingest.errors import SUPPORTED_SUFFIXES
from ingest.graph import resolve_references
from ingest.limits import link_problem
from ingest.names import printable_name
from ingest.records import Clause

from . import atomic
from .context import clause_references, embedding_text, lexical_text
from .core import (
    LEXICAL_DIR,
    STORE_FILE,
    VECTORS_FILE,
    Index,
    check_compatible,
    check_model_build,
    now_iso,
    parser_version,
)
from .embedders import Embedder, EmbedderSpec, FakeEmbedder, make_embedder, model_version, resolve_backend
from .errors import IndexCorrupt, IndexIncompatible, IndexMissing, IndexWriteError
from .integrity import checksums, read_meta
from .lexical import Lexical
from .meta import META_FILE, FailedFile, FileEntry, IndexMeta, resolve_entry
from .progress import progress_bar
from .store import write_store
from .stores import Location
from .vectors import Vectors


@dataclass
class IngestReport:
    index_dir: Location
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # indexed, gone from disk, kept (no --prune)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    # paths that could not be read (missing, unreadable, vanished; an emptied folder under --prune): also
    # listed in `failed`; their indexed files are kept
    blocked: list[str] = field(default_factory=list)
    moved: list[tuple[str, str]] = field(default_factory=list)  # (old path, new path): clauses reused
    clauses_total: int = 0
    clauses_embedded: int = 0
    wrote: bool = False
    seconds: float = 0.0
    parse_seconds: float = 0.0
    embed_seconds: float = 0.0
    graph_seconds: float = 0.0  # resolving every reference of the index (the reference graph, ingest/graph.py)
    model: str = ""  # the embedding model of the index
    backend: str = ""
    prune: bool = False

    @property
    def indexed_files(self) -> int:
        return len(self.added) + len(self.updated) + len(self.unchanged)

    @property
    def exit_code(self) -> int:
        """0 when the index holds the files asked for (files that cannot be parsed are listed); 1 when nothing
        could be indexed; 2 when a path could not be read (missing, unreadable, vanished, or an emptied folder
        under --prune): the records of what it held are kept and the next step is in `failed`."""
        if self.blocked:
            return 2
        if self.indexed_files == 0 and not self.pruned:
            return 1
        return 0

    def summary(self) -> str:
        lines = [f"index: {printable_name(str(self.index_dir))}",
                 f"files: {len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
                 f"{len(self.pruned)} pruned, {len(self.failed)} failed",
                 f"clauses: {self.clauses_total} in the index, {self.clauses_embedded} embedded now"
                 + (f" ({self.model}, {self.backend})" if self.clauses_embedded else ""),
                 f"time: {self.seconds:.1f} s" + (f" (parse {self.parse_seconds:.1f} s, embed {self.embed_seconds:.1f} s, "
                                                  "side by side)" if self.parse_seconds else "")
                 + (f"; reference graph {self.graph_seconds:.2f} s" if self.wrote else "")]
        for old, new in self.moved:
            lines.append(f"moved: {old} -> {new} (clauses and vectors reused)")
        for path, reason in self.failed:
            lines.append(f"failed: {reason}" if reason.startswith(path) else f"failed: {path}: {reason}")
        if self.missing:
            why = ("kept: --prune drops only files gone from a folder named in this command that could be read "
                   "and still holds documents" if self.prune else "run with --prune to drop them")
            lines.append(f"{len(self.missing)} indexed file(s) no longer exist ({why}): "
                         + ", ".join(self.missing[:5]) + (" ..." if len(self.missing) > 5 else ""))
        if not self.wrote and self.indexed_files:
            lines.append("nothing changed: index left as it was")
        return "\n".join(lines)


@dataclass(frozen=True)
class _Source:
    path: Path  # resolved: the file read (its name may hold any bytes)
    shown: str  # what the user sees and Clause.file holds: printable UTF-8 (ingest.names)


def display_path(resolved: Path) -> str:
    """Path relative to the working directory when the file is under it, else absolute (printable)."""
    return printable_name(_relative(resolved))


def _relative(resolved: Path) -> str:
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return str(resolved)


@dataclass
class Discovery:
    """What `discover` found: the files, problems with paths, and where pruning is safe.

    `prunable` are the folders/files given that were listed completely and still hold at least one
    document: only indexed files under them that are gone from disk may be pruned. `unreadable` are
    folders that could not be listed: nothing under them is ever pruned.
    """

    sources: list[_Source] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)  # paths in `problems` that could not be read
    prunable: list[Path] = field(default_factory=list)
    unreadable: list[Path] = field(default_factory=list)
    empty: list[tuple[str, Path]] = field(default_factory=list)  # (as given, resolved): folders with no document

    def __iter__(self):  # (sources, problems), as callers unpacked it before
        return iter((self.sources, self.problems))


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _walk(folder: Path, found: list[Path], errors: list[tuple[Path, OSError]]) -> None:
    """Supported files and links under `folder` (hidden entries skipped, links to folders not entered).
    Iterative: a folder nested thousands deep (a hostile archive) cannot exhaust the stack."""
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            errors.append((current, exc))
            continue
        subfolders = []
        for e in entries:
            if e.name.startswith("."):
                continue
            path = current / e.name
            try:
                if e.is_symlink():
                    if Path(e.name).suffix.lower() in SUPPORTED_SUFFIXES:
                        found.append(path)  # judged by link_problem
                elif e.is_dir():
                    subfolders.append(path)
                elif Path(e.name).suffix.lower() in SUPPORTED_SUFFIXES and e.is_file():
                    found.append(path)
            except OSError as exc:
                errors.append((path, exc))
        pending.extend(reversed(subfolders))


def discover(paths: Iterable[str | os.PathLike], skip: Path | None = None) -> Discovery:
    """Supported files under `paths` (recursive, sorted, hidden entries skipped), and problems with the paths."""
    found: dict[Path, _Source] = {}
    out = Discovery()
    for raw in paths:
        given = printable_name(raw)
        p = Path(raw).expanduser()
        try:
            st = p.stat()
        except FileNotFoundError:
            out.blocked.append(given)
            out.problems.append((given, "no such file or folder (moved, renamed, or a share that is not "
                                        "mounted?); the files indexed from it are kept"))
            continue
        except OSError as exc:
            out.blocked.append(given)
            out.problems.append((given, f"cannot be read ({_why(exc)}); check its permissions; the files "
                                        "indexed from it are kept"))
            continue
        if stat.S_ISREG(st.st_mode):
            if p.suffix.lower() not in SUPPORTED_SUFFIXES:
                out.problems.append((given, f"unsupported file type {printable_name(p.suffix) or '(none)'}: "
                                            f"itu-search reads {', '.join(SUPPORTED_SUFFIXES)}"))
                continue
            candidates, root = [p], None
            out.prunable.append(p.resolve())
        elif stat.S_ISDIR(st.st_mode):
            candidates = []
            errors: list[tuple[Path, OSError]] = []
            _walk(p, candidates, errors)
            candidates.sort()
            for where, walk_error in errors:
                out.unreadable.append(where.resolve())
                out.blocked.append(display_path(where.absolute()))
                out.problems.append((display_path(where.absolute()),
                                     f"cannot be read ({_why(walk_error)}): the documents in it were skipped and the "
                                     "files indexed from it are kept; check its permissions"))
            root = p
            if not errors:
                if any(not (skip is not None and f.resolve().is_relative_to(skip)) for f in candidates):
                    out.prunable.append(p.resolve())
                else:
                    out.empty.append((given, p.resolve()))
        else:  # reading a pipe or a device would never end (hashing reads the whole file)
            out.problems.append((given, "not a regular file or folder (a pipe, device or socket)"))
            continue
        for f in candidates:
            why = link_problem(f, root)  # links out of a walked folder are not followed (ingest/limits.py)
            if why:
                out.problems.append((display_path(f.absolute()), printable_name(why)))
                continue
            resolved = f.resolve()
            if skip is not None and resolved.is_relative_to(skip):
                continue
            found.setdefault(resolved, _Source(resolved, display_path(resolved)))
    out.sources = list(found.values())
    return out


def sha256_of(path: Path) -> tuple[str, int]:
    """(sha256, size in bytes) of a file's content."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            h.update(block)
            size += len(block)
    return h.hexdigest(), size


def _parse(source: _Source) -> list[Clause]:
    """Clauses of one file, `file` set to the path the user sees. Raises IngestError (or any parser bug)."""
    import ingest
    from ingest.errors import IngestError

    try:
        clauses = ingest.parse_file(_relative(source.path))
    except IngestError as exc:
        exc.path = source.shown  # the message names the file as the user sees it (printable)
        raise
    ordinals = [c.ordinal for c in clauses]
    renumber = len(set(ordinals)) != len(ordinals)
    return [dataclasses.replace(c, file=source.shown, ordinal=i if renumber else c.ordinal)
            for i, c in enumerate(clauses)]


def _error_text(exc: Exception, source: _Source) -> str:
    from ingest.errors import IngestError

    if isinstance(exc, IngestError):
        return str(exc)
    if isinstance(exc, OSError):
        return (f"{source.shown}: could not be read ({_why(exc)}; it may have been moved or deleted while "
                "it was read, or its permissions changed); run the ingest again")
    return printable_name(f"unexpected parser error ({type(exc).__name__}: {exc}); please report it with this file")


def _pick_embedder(embedder: Embedder | None, spec: EmbedderSpec, old: IndexMeta | None,
                   where: Location) -> tuple[Embedder | None, str, str]:
    """(embedder or None to create lazily, model, backend) for this build, checked against the old index."""
    if embedder is not None:
        model, backend = embedder.name, embedder.backend
    else:
        model = spec.model_for(old.model if old is not None else None)
        explicit = spec.backend.strip().lower() not in ("", "auto")
        backend = resolve_backend(spec.backend, model) if explicit or old is None else old.backend
        if backend == "fake":
            model = FakeEmbedder().name
    if old is not None:
        if model != old.model:
            raise IndexIncompatible(where, f"it was built with model {old.model}, this run uses {model}")
        check_model_build(old, where, spec.cache_dir)
        if backend != old.backend:
            raise IndexIncompatible(where, f"its vectors come from the {old.backend} backend, this run uses "
                                           f"{backend} (set ITU_SEARCH_BACKEND={old.backend} to keep it)")
    return embedder, model, backend


@dataclass
class _Plan:
    """What a run does with each file: keep its rows, copy rows of identical content, or parse and embed."""

    keep: list[FileEntry] = field(default_factory=list)  # indexed entries kept as they are
    copies: list[tuple[_Source, FileEntry]] = field(default_factory=list)  # same bytes as an indexed file
    todo: list[_Source] = field(default_factory=list)  # new or changed: parse and embed
    hashes: dict[Path, str] = field(default_factory=dict)
    sizes: dict[Path, int] = field(default_factory=dict)


def _on_disk(path: str) -> bool | None:
    """True if a file is at `path`, False if it is gone, None if that cannot be told (permissions, I/O)."""
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except (OSError, ValueError):
        return None
    return True


def _prunable(entry: FileEntry, found: Discovery) -> bool:
    """A file gone from disk is pruned only under a folder given now that was read completely and still
    holds documents: a missing, unmounted, emptied or unreadable source never loses its records."""
    where = Path(entry.resolved)
    if any(where.is_relative_to(u) for u in found.unreadable):
        return False
    return any(where == r or where.is_relative_to(r) for r in found.prunable)


def _plan(found: Discovery, old_files: dict[str, FileEntry], prune: bool, report: IngestReport) -> _Plan:
    plan = _Plan()
    by_hash = {f.sha256: f for f in old_files.values()}
    seen = {str(s.path) for s in found.sources}
    moved_from: set[str] = set()
    for s in found.sources:
        try:
            digest, plan.sizes[s.path] = sha256_of(s.path)
            plan.hashes[s.path] = digest
        except OSError as exc:  # vanished since it was listed, or not readable
            report.blocked.append(s.shown)
            kept = " (its indexed clauses are kept)" if str(s.path) in old_files else ""
            report.failed.append((s.shown, f"{s.shown}: cannot be read ({_why(exc)}){kept}; check that it "
                                           "still exists and that you may read it, then run the ingest again"))
            continue
        prev = old_files.get(str(s.path))
        if prev is not None and prev.sha256 == digest:
            report.unchanged.append(prev.path)
        elif prev is None and digest in by_hash:  # moved or copied: reuse its clauses and vectors
            twin = by_hash[digest]
            plan.copies.append((s, twin))
            report.added.append(s.shown)
            if twin.resolved not in seen and _on_disk(twin.resolved) is False:
                moved_from.add(twin.resolved)
                report.moved.append((twin.path, s.shown))
        else:
            plan.todo.append(s)
    changed = {str(s.path) for s in plan.todo}
    for f in old_files.values():
        if f.resolved in changed or f.resolved in moved_from:
            continue
        gone = f.resolved not in seen and _on_disk(f.resolved) is False
        if gone and prune and _prunable(f, found):
            report.pruned.append(f.path)
            continue
        plan.keep.append(f)
        if gone:
            report.missing.append(f.path)
    if prune:
        for given, root in found.empty:
            held = sum(1 for f in plan.keep if Path(f.resolved).is_relative_to(root))
            if held:
                report.blocked.append(given)
                report.failed.append((given, f"{given} holds no .pdf, .docx or .txt file now (an unmounted share "
                                             f"or an emptied folder?): its {held} indexed file(s) were kept, not "
                                             "pruned; to drop them, run `itu-search remove` on them"))
    return plan


EMBED_CHUNK = 256  # clauses embedded together (sorted by length inside) while the next files are parsed


class _Pipeline:
    """Parse files in a background thread while the main thread embeds the clauses parsed so far.

    pypdf parsing is pure Python and the ONNX/torch encoders release the GIL, so on two cores the parse
    time mostly disappears behind the embedding. The embedder is created only when the first clauses
    arrive (an unchanged corpus never loads a model).
    """

    def __init__(self, embedder: Embedder | None, model: str, backend: str, cache_dir: Path | None,
                 report: IngestReport, progress: bool) -> None:
        self.embedder = embedder
        self.model, self.backend, self.cache_dir = model, backend, cache_dir
        self.report = report
        self.progress = progress
        self.parsed: list[tuple[_Source, list[Clause]]] = []
        self.failed: list[FailedFile] = []
        self.vec_parts: list[np.ndarray] = []

    def run(self, todo: list[_Source], hashes: dict[Path, str], old_files: dict[str, FileEntry]) -> None:
        import queue
        import threading

        results: queue.Queue = queue.Queue(maxsize=8)
        parse_time = [0.0]
        show = self.progress and bool(todo)
        parse_bar = progress_bar(len(todo), "parse", "file", enabled=show)
        embed_bar = progress_bar(0, "embed", "clause", enabled=show)

        def produce() -> None:
            for s in todo:
                t0 = time.perf_counter()
                try:
                    clauses = _parse(s)
                    if not clauses:
                        raise ValueError("no clauses found")
                    item: tuple[_Source, list[Clause] | None, Exception | None] = (s, clauses, None)
                except Exception as exc:  # one bad file must not stop the batch
                    item = (s, None, exc)
                parse_time[0] += time.perf_counter() - t0
                parse_bar.update(1)
                results.put(item)
            parse_bar.close()  # here, so its rate is the parser's, not the embedder's
            results.put(None)

        threading.Thread(target=produce, name="itu-search-parse", daemon=True).start()
        pending: list[Clause] = []
        try:
            while (item := results.get()) is not None:
                s, clauses, exc = item
                if exc is not None:
                    self._fail(s, exc, hashes, old_files)
                    continue
                self.parsed.append((s, clauses))
                (self.report.updated if str(s.path) in old_files else self.report.added).append(s.shown)
                pending.extend(clauses)
                embed_bar.total += len(clauses)
                embed_bar.refresh()
                if len(pending) >= EMBED_CHUNK:
                    self._embed(pending, embed_bar)
            if pending:
                self._embed(pending, embed_bar)
        finally:
            parse_bar.close()
            embed_bar.close()
        self.report.parse_seconds = parse_time[0]

    def _fail(self, s: _Source, exc: Exception, hashes: dict[Path, str], old_files: dict[str, FileEntry]) -> None:
        reason = _error_text(exc, s)
        if str(s.path) in old_files:  # changed and now unreadable: its old clauses no longer describe it
            reason += " (its previous clauses were removed from the index)"
        self.report.failed.append((s.shown, reason))
        self.failed.append(FailedFile(s.shown, str(s.path), hashes[s.path], reason))

    def _embed(self, pending: list[Clause], bar) -> None:
        t0 = time.perf_counter()
        if self.embedder is None:
            self.embedder = make_embedder(self.model, self.backend, cache_dir=self.cache_dir)
        self.vec_parts.append(self.embedder.encode([embedding_text(c) for c in pending]))
        self.report.embed_seconds += time.perf_counter() - t0
        self.report.clauses_embedded += len(pending)
        bar.update(len(pending))
        pending.clear()

    def vectors(self, dim: int) -> np.ndarray:
        return np.concatenate(self.vec_parts) if self.vec_parts else np.zeros((0, dim), dtype=np.float32)


def parse_and_embed(paths: Sequence[str | os.PathLike], skip: Path | None, old_meta: IndexMeta | None, prune: bool,
                    report: IngestReport, embedder: Embedder | None, model: str, backend: str,
                    cache_dir: Path | None, progress: bool) -> tuple[_Plan, _Pipeline, dict[str, FileEntry]]:
    """The steps every store shares: find the inputs, plan against the indexed files, parse and embed what
    changed. Returns the plan, the finished pipeline (parsed clauses, vectors, failures) and the old files."""
    found = discover(paths, skip=skip)
    report.failed.extend(found.problems)
    report.blocked.extend(found.blocked)
    old_files = {f.resolved: f for f in old_meta.files} if old_meta else {}
    plan = _plan(found, old_files, prune, report)
    pipe = _Pipeline(embedder, model, backend, cache_dir, report, progress)
    pipe.run(plan.todo, plan.hashes, old_files)
    return plan, pipe, old_files


def build(paths: Sequence[str | os.PathLike], index_dir: str | os.PathLike, *, embedder: Embedder | None = None,
          spec: EmbedderSpec | None = None, prune: bool = False, rebuild: bool = False,
          progress: bool = True) -> IngestReport:
    """Add/update `paths` (files or folders) in the index at `index_dir`; see IngestReport.

    The clauses are embedded by `embedder`, or by one made from `spec` (default: the bundled model) when the
    first changed file has been parsed; an existing index keeps the backend it was built with unless `spec`
    names one.

    Unchanged files (same path, same sha256) are neither parsed nor embedded, nor are moved or copied ones
    (same sha256 as an indexed file); if nothing changed, nothing is written and no model is loaded.
    Raises IndexIncompatible/IndexCorrupt (fix: rebuild=True) and IndexBusy.
    """
    start = time.perf_counter()
    shown = Path(index_dir).expanduser()
    report = IngestReport(index_dir=shown, prune=prune)
    index_dir = atomic.real_path(shown)
    atomic.check_target(index_dir, shown)
    with atomic.write_lock(index_dir):
        atomic.recover(index_dir)
        old_meta = None
        if not rebuild and atomic.is_index(index_dir):
            old_meta = read_meta(index_dir, shown)
            check_compatible(old_meta, shown, None)
        spec = spec or EmbedderSpec.unnamed()
        embedder, model, backend = _pick_embedder(embedder, spec, old_meta, shown)
        report.model, report.backend = model, backend

        plan, pipe, old_files = parse_and_embed(paths, index_dir.resolve(), old_meta, prune, report,
                                                embedder, model, backend, spec.cache_dir, progress)
        parsed, failed = pipe.parsed, pipe.failed

        dropped = any(f.resolved in old_files for f in failed)
        if not (parsed or plan.copies or report.pruned or report.moved or dropped):
            report.clauses_total = sum(f.clauses for f in plan.keep)
            report.seconds = time.perf_counter() - start
            return report  # nothing to write: the index stays as it is (or absent)

        clauses, vecs, meta = new_rows(index_dir, plan, pipe, old_meta, model, backend)
        report.graph_seconds = write_index(index_dir, clauses, vecs, meta)
        report.wrote = True
        report.clauses_total = len(clauses)
        report.seconds = time.perf_counter() - start
        return report


def new_rows(loc: Location, plan: _Plan, pipe: _Pipeline, old_meta: IndexMeta | None, model: str, backend: str,
             old=None) -> tuple[list[Clause], np.ndarray, IndexMeta]:
    """What an ingest writes, in either store: the kept files' rows and vectors with the new files' (parsed
    and embedded by `pipe`), and their meta (`old`: an open store to take kept rows from, else read from `loc`)."""
    dim = pipe.embedder.dim if pipe.embedder is not None else (old_meta.dim if old_meta else 0)
    clauses, vecs, entries = _assemble(loc, plan, pipe.parsed, pipe.vectors(dim), dim, old=old)
    version = old_meta.model_version if old_meta else model_version(model, pipe.cache_dir)
    meta = IndexMeta(model=model, dim=dim, backend=backend, parser_version=parser_version(), built_at=now_iso(),
                     clause_count=len(clauses), vector_index="", files=tuple(entries), failed=tuple(pipe.failed),
                     model_version=version)
    return clauses, vecs, meta


def _assemble(index_dir: Location, plan: _Plan, parsed: list[tuple[_Source, list[Clause]]], new_vecs: np.ndarray,
              dim: int, old=None) -> tuple[list[Clause], np.ndarray, list[FileEntry]]:
    """Rows of the new index: kept files, copies of indexed files (file path replaced), then parsed files.
    `old`: the current index when the caller has it open (another store), else loaded from `index_dir`."""
    if old is None and (plan.keep or plan.copies):
        assert isinstance(index_dir, Path), "another store passes the index it has open as `old`"
        old = Index.load(index_dir, shown_as=index_dir)
    old_vecs = old.vectors() if old is not None else np.zeros((0, dim), dtype=np.float32)
    clauses: list[Clause] = []
    parts: list[np.ndarray] = []
    entries: list[FileEntry] = []

    def add(entry: FileEntry, rows_clauses: list[Clause], rows_vecs: np.ndarray) -> None:
        entries.append(dataclasses.replace(entry, first_row=len(clauses)))
        clauses.extend(rows_clauses)
        parts.append(rows_vecs)

    for f in plan.keep:
        rows = range(f.first_row, f.first_row + f.clauses)
        add(f, [old.clauses[r] for r in rows], old_vecs[f.first_row:f.first_row + f.clauses])
    for s, twin in plan.copies:
        rows = range(twin.first_row, twin.first_row + twin.clauses)
        entry = dataclasses.replace(twin, path=s.shown, resolved=str(s.path))
        add(entry, [dataclasses.replace(old.clauses[r], file=s.shown) for r in rows],
            old_vecs[twin.first_row:twin.first_row + twin.clauses])
    start = 0
    for s, cl in parsed:
        refs = tuple(dict.fromkeys(c.instrument_ref for c in cl))
        entry = FileEntry(s.shown, str(s.path), plan.hashes[s.path], plan.sizes[s.path], len(cl), 0, refs)
        add(entry, cl, new_vecs[start:start + len(cl)])
        start += len(cl)
    vecs = np.concatenate(parts) if parts else np.zeros((0, dim), dtype=np.float32)
    return clauses, vecs, entries


def _load_rows(index_dir: Path, keep: list[FileEntry]) -> tuple[list[Clause], np.ndarray]:
    """Clauses and vectors of the kept files from the current index (no parsing, no embedding)."""
    old = Index.load(index_dir, shown_as=index_dir)
    vecs = old.vectors()
    rows = np.array([r for f in keep for r in range(f.first_row, f.first_row + f.clauses)], dtype=np.int64)
    return [old.clauses[r] for r in rows], vecs[rows]


def write_index(index_dir: Path, clauses: list[Clause], vecs: np.ndarray, meta: IndexMeta) -> float:
    """Write a complete index in a temp folder beside `index_dir`, then swap it in; returns the seconds
    spent building the reference graph.

    The reference graph is resolved over all the clauses each time (a new or removed document changes what
    the others' references lead to) and stored with the references in the clause store.
    Any failure (full disk, read-only folder, I/O error) removes the temp folder and raises
    IndexWriteError: the previous index stays in place and nothing is left behind.
    """
    tmp = atomic.new_temp_folder(index_dir)
    step = "building the reference graph"
    try:
        references = [clause_references(c) for c in clauses]
        t0 = time.perf_counter()
        resolutions = resolve_references(clauses, [(row, r) for row, refs in enumerate(references) for r in refs])
        graph_seconds = time.perf_counter() - t0
        step = f"writing {STORE_FILE}"
        lexical = [lexical_text(c) for c in clauses]
        write_store(tmp / STORE_FILE, clauses, lexical, references, resolutions)
        atomic.checkpoint("store-written")
        step = f"writing {VECTORS_FILE}"
        vectors = Vectors.build(vecs, meta.dim)
        vectors.save(tmp / VECTORS_FILE)
        atomic.checkpoint("vectors-written")
        # Saved, not rebuilt on open: bm25s.load takes ~0.03 s where tokenizing + indexing 5k clauses takes
        # ~2-3 s (bench/results/ingest.json).
        step = f"writing {LEXICAL_DIR}/"
        Lexical.build(lexical).save(tmp / LEXICAL_DIR)
        atomic.checkpoint("lexical-written")
        step = f"writing {META_FILE}"
        meta = meta.with_(vector_index=vectors.kind, checksums=checksums(tmp))
        (tmp / META_FILE).write_text(meta.to_json(), "utf-8")
        atomic.checkpoint("meta-written")
        step = "replacing the index folder"
        atomic.swap_in(tmp, index_dir)
    except (OSError, sqlite3.Error, RuntimeError) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise IndexWriteError(index_dir, step, exc, name_file=False) from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return graph_seconds


def remove_entries(index_dir: Path, entries: list[FileEntry], *, embedder: Embedder | None = None) -> float:
    """Rewrite the index at `index_dir` without these files (under the write lock); returns the seconds spent
    resolving the reference graph again."""
    index_dir = atomic.real_path(index_dir)
    with atomic.write_lock(index_dir):
        atomic.recover(index_dir)
        meta = read_meta(index_dir, index_dir)
        gone = {e.resolved for e in entries}
        keep = [f for f in meta.files if f.resolved not in gone]
        clauses, vecs = _load_rows(index_dir, keep)
        files, row = [], 0
        for f in keep:
            files.append(dataclasses.replace(f, first_row=row))
            row += f.clauses
        return write_index(index_dir, clauses, vecs, meta.with_(files=tuple(files), clause_count=len(clauses),
                                                                built_at=now_iso()))


def remove(paths: Sequence[str | os.PathLike], index_dir: str | os.PathLike) -> IngestReport:
    """Drop files (as listed by `Index.files()`, by path on disk or by unique file name) from the index."""
    start = time.perf_counter()
    shown = Path(index_dir).expanduser()
    report = IngestReport(index_dir=shown)
    index_dir = atomic.real_path(shown)
    folder = atomic.current_folder(index_dir)
    if folder is None:
        raise IndexMissing(shown)
    entries = plan_removal(read_meta(folder, shown), paths, report)
    if entries:
        report.graph_seconds = remove_entries(index_dir, entries)
        report.wrote = True
    report.seconds = time.perf_counter() - start
    return report


def plan_removal(meta: IndexMeta, paths: Sequence[str | os.PathLike], report: IngestReport) -> list[FileEntry]:
    """The entries of `meta` that `paths` name (each once), with the report filled in as if they were removed
    (paths naming nothing indexed listed as failed). Both stores' `remove` start with this."""
    entries: list[FileEntry] = []
    for p in paths:
        entry = resolve_entry(meta.files, p)
        if entry is None:
            report.failed.append((str(p), "not in the index"))
        elif entry not in entries:
            entries.append(entry)
    report.pruned = [e.path for e in entries]
    report.clauses_total = meta.clause_count - sum(e.clauses for e in entries)
    report.unchanged = [f.path for f in meta.files if f not in entries]
    return entries


def open_index(index_dir: str | os.PathLike, *, embedder: Embedder | None = None, expect_model: str | None = None,
               cache_dir: Path | None = None) -> Index:
    """Open the index at `index_dir` for searching (the query embedder is created on first dense search).

    `expect_model`: a model the user asked for explicitly; an index built with another one is refused.
    `cache_dir`: where the query embedder keeps derived model files (default `embedders.cache_root()`).
    """
    index_dir = Path(index_dir).expanduser()
    if index_dir.exists() and not index_dir.is_dir():
        from .errors import IndexError_

        raise IndexError_(f"{index_dir} is a file, not an index folder: pass another --index")
    folder = atomic.current_folder(index_dir)
    if folder is None:
        if index_dir.is_dir() and any(index_dir.iterdir()):
            raise IndexCorrupt(index_dir, f"{META_FILE} is missing (not an index, or an incomplete one)")
        raise IndexMissing(index_dir)
    if embedder is None and expect_model:
        _check_model(folder, index_dir, expect_model)
    try:
        idx = Index.load(folder, embedder=embedder, shown_as=index_dir, cache_dir=cache_dir)
    except IndexCorrupt:
        # An ingest may have swapped a new index in while we read the old one: read once more.
        again = atomic.current_folder(index_dir)
        if again is None or _meta_stamp(again) == _meta_stamp(folder):
            raise
        idx = Index.load(again, embedder=embedder, shown_as=index_dir, cache_dir=cache_dir)
    if embedder is None:
        check_model_build(idx.meta, index_dir, cache_dir)
    return idx


def _meta_stamp(folder: Path) -> tuple[int, int] | None:
    try:
        st = (folder / META_FILE).stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns


def _check_model(folder: Path, where: Path, wanted: str) -> None:
    meta = read_meta(folder, where)
    if wanted != meta.model:
        raise IndexIncompatible(where, f"it was built with model {meta.model}, this run asks for {wanted} "
                                       "(ITU_SEARCH_MODEL)")
