"""Errors raised when an index folder cannot be used; each message says what to do next."""

from __future__ import annotations


class IndexError_(Exception):  # noqa: N801  (trailing underscore: not the builtin IndexError)
    """Base of every index error; str(exc) is the user-facing message."""


class IndexMissing(IndexError_):
    def __init__(self, index_dir: object) -> None:
        super().__init__(f"no index at {index_dir}: run `itu-search ingest corpus/` "
                         f"(or `itu-search ingest PATH --index {index_dir}`) to build one")


class IndexIncompatible(IndexError_):
    """The folder was built with another model, backend, format or parser version."""

    def __init__(self, index_dir: object, reason: str) -> None:
        super().__init__(f"index at {index_dir} cannot be used: {reason}; "
                         f"rebuild it with `itu-search ingest PATH... --index {index_dir} --rebuild`")


class IndexCorrupt(IndexError_):
    """A file of the index is missing, truncated or does not match the others."""

    def __init__(self, index_dir: object, problem: str) -> None:
        super().__init__(f"index at {index_dir} is damaged: {problem}; "
                         f"rebuild it with `itu-search ingest PATH... --index {index_dir} --rebuild`")


class IndexBusy(IndexError_):
    def __init__(self, index_dir: object) -> None:
        super().__init__(f"another `itu-search ingest` is writing the index at {index_dir}: "
                         "wait for it to finish, then run this command again")


class EmbedderUnavailable(IndexError_):
    """The configured model or backend cannot be loaded on this machine."""


class IndexWriteError(IndexError_):
    """The index could not be written (full disk, read-only folder, I/O error); the previous one is intact."""

    def __init__(self, index_dir: object, doing: str, exc: BaseException, *, name_file: bool = True,
                 what: str = "the index") -> None:
        import errno

        from ingest.names import printable_name

        code = getattr(exc, "errno", None)
        text = str(exc)
        if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG) or "disk is full" in text or "No space" in text:
            cause = "the disk is full (no space left on the device)"
            advice = "free some space there (or pass another --index on a disk with room) and run the command again"
        elif code in (errno.EROFS, errno.EACCES, errno.EPERM) or "readonly" in text or "read-only" in text:
            cause = "the folder is read-only (no permission to write, or a read-only file system)"
            advice = ("the index can still be searched; to change it, make the folder writable or pass another "
                      "--index")
        else:
            cause = f"{getattr(exc, 'strerror', None) or text or type(exc).__name__}"
            advice = "check the disk and run the command again"
        where = getattr(exc, "filename", None)
        where_file = f" ({printable_name(where)})" if name_file and isinstance(where, str) and where else ""
        super().__init__(f"could not write {what} at {printable_name(str(index_dir))} while {doing}{where_file}: "
                         f"{cause}; {advice}. The index is unchanged and nothing was left behind")
        self.errno = code
