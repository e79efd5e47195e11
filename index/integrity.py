"""Checks that an index folder is complete and undamaged before it is used."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .errors import IndexCorrupt, IndexIncompatible
from .meta import META_FILE, IndexMeta, read_format_version

# Files up to this size are hashed on open (a flipped byte in the vector file is caught); bigger
# ones only have their size checked, to keep opening a very large index fast.
HASH_ON_OPEN_MAX_BYTES = 256 * 1024 * 1024


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def checksums(folder: Path) -> dict:
    """{relative path: {size, sha256}} for every data file in `folder` except meta.json."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file() and p.name != META_FILE:
            out[p.relative_to(folder).as_posix()] = {"size": p.stat().st_size, "sha256": sha256_file(p)}
    return out


def read_meta(folder: Path, where: Path) -> IndexMeta:
    path = folder / META_FILE
    if not path.is_file():
        raise IndexCorrupt(where, f"{META_FILE} is missing")
    version = read_format_version(folder)
    if version is None:
        raise IndexCorrupt(where, f"{META_FILE} cannot be read (truncated or not JSON)")
    from .meta import FORMAT_VERSION

    if version != FORMAT_VERSION:
        raise IndexIncompatible(where, f"it has index format {version}, this itu-search reads format "
                                       f"{FORMAT_VERSION}")
    try:
        return IndexMeta.from_json(path.read_text("utf-8"))
    except (ValueError, TypeError, KeyError) as exc:
        raise IndexCorrupt(where, f"{META_FILE} is incomplete ({exc})") from exc


def check_files(folder: Path, meta: IndexMeta, where: Path) -> None:
    for name, expected in meta.checksums.items():
        path = folder / name
        if not path.is_file():
            raise IndexCorrupt(where, f"{name} is missing")
        size = path.stat().st_size
        if size != expected["size"]:
            raise IndexCorrupt(where, f"{name} has {size} bytes, {expected['size']} were written "
                                      "(truncated or modified)")
        if size <= HASH_ON_OPEN_MAX_BYTES and sha256_file(path) != expected["sha256"]:
            raise IndexCorrupt(where, f"{name} does not match its recorded checksum (corrupted or modified)")
