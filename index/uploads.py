"""Documents added through the web UI: which uploads are accepted, where their copies are kept, and how they
are added to and removed from the index. The CLI's `ingest` reads the same file types (ingest.errors).

Uploads live in a folder beside the index (index builds swap the index folder itself), under a safe name;
a copy that could not be indexed is deleted again so the folder only holds what the index holds.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ingest.errors import SUPPORTED_SUFFIXES
from ingest.names import printable_name

from .build import IngestReport, build, remove
from .embedders import Embedder, EmbedderSpec
from .errors import IndexWriteError
from .meta import FileEntry

MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # per document; larger files go through `itu-search ingest FILE`


def uploads_dir(index_dir: str | os.PathLike) -> Path:
    """Where uploaded documents are kept: `<index>-documents` beside the index folder."""
    index_dir = Path(index_dir).expanduser()
    return index_dir.parent / f"{index_dir.name}-documents"


def size_text(n: int) -> str:
    """"3 kB", "1.5 MB" ("" for 0)."""
    if not n:
        return ""
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{max(1, round(n / 1024))} kB"


def safe_name(name: str) -> str:
    """A file name without path parts or odd characters, suffix in lower case."""
    stem, suffix = os.path.splitext(Path(name).name)
    stem = re.sub(r"[^\w.-]+", "_", stem).strip("._") or "document"
    return stem[:100] + suffix.lower()


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@dataclass
class UploadReport:
    """What happened to each uploaded file."""

    build: IngestReport | None = None
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (uploaded name, indexed file it repeats)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (uploaded name, why it was not added)


def admit(paths: Sequence[Path], folder: Path, indexed: Sequence[FileEntry] = (), *,
          max_bytes: int = MAX_UPLOAD_BYTES) -> tuple[list[Path], UploadReport]:
    """Copy acceptable uploads into `folder`; returns the copies and a report of the rest.

    Refused: unsupported types, files over `max_bytes`, and files whose content the index already holds
    (under any name), which are reported as duplicates.
    """
    report = UploadReport()
    by_hash = {f.sha256: f for f in indexed}
    kept: list[Path] = []
    seen: dict[str, str] = {}
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IndexWriteError(folder, "creating the folder for uploaded documents", exc,
                              what="the uploaded documents") from exc
    for p in paths:
        name = printable_name(p.name)
        if p.suffix.lower() not in SUPPORTED_SUFFIXES:
            report.problems.append((name, f"unsupported file type {printable_name(p.suffix) or '(none)'}: upload "
                                          f"{', '.join(SUPPORTED_SUFFIXES)}"))
            continue
        try:
            size = p.stat().st_size
            digest = sha256_of(p) if size <= max_bytes else ""
        except OSError as exc:  # e.g. removed by the upload cache cleanup while the page stayed open
            report.problems.append((name, f"the uploaded file can no longer be read ({exc.strerror}): upload it "
                                          "again"))
            continue
        if size > max_bytes:
            report.problems.append((name, f"{size_text(size)} is over the {size_text(max_bytes)} upload limit; "
                                          "ingest it with `itu-search ingest FILE` instead"))
            continue
        if digest in by_hash:
            report.duplicates.append((name, Path(by_hash[digest].path).name))
            continue
        if digest in seen:
            report.duplicates.append((name, seen[digest]))
            continue
        seen[digest] = name
        dest = _free_name(folder, safe_name(name))
        try:
            shutil.copyfile(p, dest)
        except OSError as exc:  # a full disk or a read-only folder: no partial copy, no copy of this batch
            for done in [*kept, dest]:
                with contextlib.suppress(OSError):
                    done.unlink(missing_ok=True)
            raise IndexWriteError(folder, f"copying {name}", exc, name_file=False,
                                  what="the uploaded documents") from exc
        kept.append(dest)
    return kept, report


def _free_name(folder: Path, name: str) -> Path:
    dest = folder / name
    n = 2
    while dest.exists():
        dest = folder / f"{Path(name).stem}-{n}{Path(name).suffix}"
        n += 1
    return dest


def add_uploads(paths: Sequence[Path], index_dir: Path, indexed: Sequence[FileEntry] = (), *,
                embedder: Embedder | None = None, spec: EmbedderSpec | None = None,
                max_bytes: int = MAX_UPLOAD_BYTES) -> UploadReport:
    """Admit the uploads, index the accepted copies, and delete the copies that could not be indexed.
    `spec` is the app's model choice (as for `itu-search ingest`): an existing index keeps its own model."""
    kept, report = admit(paths, uploads_dir(index_dir), indexed, max_bytes=max_bytes)
    if not kept:
        return report
    try:
        report.build = build([str(p) for p in kept], index_dir, embedder=embedder, spec=spec, progress=True)
    except BaseException:
        for p in kept:
            p.unlink(missing_ok=True)
        raise
    failed = {Path(path).name for path, _ in report.build.failed}
    for p in kept:
        if p.name in failed:
            p.unlink(missing_ok=True)  # keep only documents that are in the index
    report.problems.extend((Path(path).name, reason) for path, reason in report.build.failed)
    return report


def remove_document(entry: FileEntry, index_dir: Path) -> IngestReport:
    """Drop one indexed file; an uploaded copy is deleted too (files ingested from elsewhere are left alone)."""
    report = remove([entry.path], index_dir)
    own = Path(entry.resolved)
    if report.pruned and own.parent == uploads_dir(index_dir).resolve() and own.is_file():
        own.unlink()
    return report
