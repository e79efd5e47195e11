"""Crash-safe replacement of an index folder: write a sibling temp folder, then swap it in by renames.

At every moment one complete index is reachable: the old folder until the swap, the new one after.
Between the two renames the old folder sits at `.NAME.old-*`; `current_folder` finds it there and the
next writer (under the lock) renames it back.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import IndexBusy, IndexError_, IndexWriteError
from .meta import META_FILE

# Test hooks: pause this many seconds at every write step / pause (60 s) at the named step only.
WRITE_DELAY_ENV = "ITU_SEARCH_TEST_WRITE_DELAY"
PAUSE_AT_ENV = "ITU_SEARCH_TEST_PAUSE_AT"
WRITE_STEPS = ("store-written", "vectors-written", "lexical-written", "meta-written", "old-moved-aside", "new-in-place")


def checkpoint(step: str) -> None:
    """A point between two write steps. Under the test hooks it is announced on stderr and the writer
    pauses, so a test can kill it exactly here."""
    delay = float(os.environ.get(WRITE_DELAY_ENV) or 0)
    if os.environ.get(PAUSE_AT_ENV) == step:
        delay = 60.0
    if delay:
        print(f"checkpoint {step}", file=sys.stderr, flush=True)
        time.sleep(delay)


def _siblings(index_dir: Path, kind: str) -> list[Path]:
    parent = index_dir.parent
    if not parent.is_dir():
        return []
    prefix = f".{index_dir.name}.{kind}-"
    return sorted((p for p in parent.iterdir() if p.name.startswith(prefix)), key=lambda p: p.name)


def _stamp() -> str:
    return f"{time.time_ns()}-{os.getpid()}"


def is_index(folder: Path) -> bool:
    return (folder / META_FILE).is_file()


def current_folder(index_dir: Path) -> Path | None:
    """The folder holding the live index: `index_dir`, or an old copy left by a swap cut short."""
    if is_index(index_dir):
        return index_dir
    if index_dir.is_dir() and any(index_dir.iterdir()):
        return None
    olds = [p for p in _siblings(index_dir, "old") if is_index(p)]
    return olds[-1] if olds else None


def real_path(index_dir: Path) -> Path:
    """The folder an --index names, links and `..` resolved: two paths to one folder share one lock and
    one swap (a link to the index is followed, never replaced by a folder)."""
    return Path(os.path.realpath(index_dir.expanduser()))


def check_target(index_dir: Path, shown: Path | None = None) -> None:
    """Refuse to replace a folder that is not an index (a mistyped --index must never eat user files)."""
    shown = shown or index_dir
    if index_dir.exists() and not index_dir.is_dir():
        raise IndexError_(f"{shown} is a file, not an index folder: pass another --index")
    try:
        foreign = index_dir.is_dir() and not is_index(index_dir) and any(index_dir.iterdir())
    except OSError as exc:
        raise IndexError_(f"{shown} cannot be read ({exc.strerror}): check its permissions or pass another "
                          "--index") from exc
    if foreign:
        raise IndexError_(f"{shown} exists and is not an itu-search index: pass another --index "
                          "or an empty/new folder")


@contextlib.contextmanager
def write_lock(index_dir: Path) -> Iterator[None]:
    """Exclusive lock for writers of `index_dir`: a lock file beside it, removed again when the writer is done."""
    lock_path = index_dir.parent / f".{index_dir.name}.lock"
    try:
        index_dir.parent.mkdir(parents=True, exist_ok=True)
        fd = _lock_file(lock_path, index_dir)
    except OSError as exc:
        if isinstance(exc, IsADirectoryError) or exc.errno == errno.ELOOP:
            raise IndexError_(f"{lock_path} (the index's lock file) is a folder or a symbolic link, not a "
                              "file: remove it, then run the command again") from exc
        raise IndexWriteError(index_dir, "creating the lock file", exc) from exc
    try:
        yield
    finally:
        with contextlib.suppress(OSError):  # gone already, or a read-only folder
            os.unlink(lock_path)
        os.close(fd)


def _lock_file(lock_path: Path, index_dir: Path) -> int:
    """Open and lock `lock_path`; a file that the previous holder unlinked meanwhile is not the lock: retry."""
    while True:
        fd = _open_lock(lock_path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            os.close(fd)
            raise IndexBusy(index_dir) from exc
        try:
            on_disk = os.stat(lock_path)
        except FileNotFoundError:
            on_disk = None
        held = os.fstat(fd)
        if on_disk is not None and (on_disk.st_dev, on_disk.st_ino) == (held.st_dev, held.st_ino):
            return fd
        os.close(fd)


def _open_lock(lock_path: Path) -> int:
    # O_NOFOLLOW: a link planted at the lock's name must not make us create or open another file
    flags = os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        return os.open(lock_path, os.O_RDWR | os.O_CREAT | flags, 0o644)
    except OSError as exc:
        # A read-only folder: an existing lock can still be taken (an ingest that changes nothing
        # then succeeds; one that would write is refused when it creates its temporary folder).
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM) and lock_path.is_file():
            return os.open(lock_path, os.O_RDONLY | flags)
        raise


def recover(index_dir: Path) -> list[Path]:
    """Under the write lock: finish or undo an interrupted swap and delete stale temp folders."""
    removed = []
    if not is_index(index_dir):
        olds = [p for p in _siblings(index_dir, "old") if is_index(p)]
        if olds:
            try:
                if index_dir.is_dir() and not any(index_dir.iterdir()):
                    index_dir.rmdir()
                os.rename(olds[-1], index_dir)
                _fsync_dir(index_dir.parent)
            except OSError as exc:
                raise IndexWriteError(index_dir, f"putting back the index left at {olds[-1].name} by an "
                                                 "interrupted update", exc) from exc
    for stale in _siblings(index_dir, "tmp") + _siblings(index_dir, "old"):
        shutil.rmtree(stale, ignore_errors=True)
        removed.append(stale)
    return removed


def new_temp_folder(index_dir: Path) -> Path:
    tmp = index_dir.parent / f".{index_dir.name}.tmp-{_stamp()}"
    try:
        tmp.mkdir(parents=True)
    except OSError as exc:
        raise IndexWriteError(index_dir, "creating a temporary folder beside it", exc) from exc
    return tmp


def swap_in(tmp: Path, index_dir: Path) -> None:
    """Replace `index_dir` by the complete folder `tmp` (two renames; the old copy is kept until done)."""
    _fsync_tree(tmp)
    old = None
    if index_dir.exists():
        if is_index(index_dir):
            old = index_dir.parent / f".{index_dir.name}.old-{_stamp()}"
            os.rename(index_dir, old)
        else:
            index_dir.rmdir()  # check_target allowed only an empty folder here
    try:
        if old is not None:
            checkpoint("old-moved-aside")
        os.rename(tmp, index_dir)
    except BaseException:
        if old is not None and not is_index(index_dir):
            os.rename(old, index_dir)  # put the previous index back
        raise
    with contextlib.suppress(OSError):  # the files were synced before the rename; this only hurries it
        _fsync_dir(index_dir.parent)
    checkpoint("new-in-place")
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one atomic step (Linux renameat2 with RENAME_EXCHANGE), so that a reader
    finds one or the other at each path, never nothing. False where the system cannot (another OS, an old
    kernel or libc, a file system without it): then nothing has moved and the caller renames in two steps."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(a), None, str(b))


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(folder: Path) -> None:
    for root, _dirs, files in os.walk(folder):
        for name in files:
            fd = os.open(os.path.join(root, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_dir(Path(root))
