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
