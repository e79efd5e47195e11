"""`index.build` / `index.open` / `index.remove` for any store: an index folder (the default) or a Milvus
location (`milvus://HOST:PORT/COLLECTION`, `milvus-lite:PATH.db`; see index.stores)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from . import build as _files
from .embedders import Embedder
from .meta import META_FILE
from .stores import milvus_location


def build(paths: Sequence[str | os.PathLike], index_dir: str | os.PathLike, **options) -> _files.IngestReport:
    """`index.build.build`'s options (embedder, spec, prune, rebuild, progress) for either store."""
    loc = milvus_location(index_dir)
    if loc is not None:
        from .milvus import build_milvus

        return build_milvus(paths, loc, **options)
    return _files.build(paths, index_dir, **options)


def open_index(index_dir: str | os.PathLike, *, embedder: Embedder | None = None, expect_model: str | None = None,
               cache_dir: Path | None = None):
    """The store at `index_dir` (an `index.stores.ClauseStore`)."""
    loc = milvus_location(index_dir)
    if loc is not None:
        from .core import check_model_build
        from .milvus import MilvusIndex

        store = MilvusIndex.open(loc, embedder=embedder, expect_model=expect_model, cache_dir=cache_dir)
        if embedder is None:
            check_model_build(store.meta, loc, cache_dir)
        return store
    return _files.open_index(index_dir, embedder=embedder, expect_model=expect_model, cache_dir=cache_dir)


def built_model(index_dir: str | os.PathLike) -> str | None:
    """The model the index at `index_dir` was built with; None when there is none that can be read (a build
    then says why)."""
    from .errors import IndexError_

    loc = milvus_location(index_dir)
    try:
        if loc is not None:  # the meta alone, not the clause rows
            from .milvus import connect, current_collection
            from .milvus import read_meta as read_milvus_meta

            client = connect(loc)
            try:
                collection = current_collection(client, loc)
                return read_milvus_meta(client, loc, collection).model if collection else None
            finally:
                client.close()
        from .atomic import current_folder
        from .integrity import read_meta

        where = Path(index_dir).expanduser()
        folder = current_folder(where)
        return read_meta(folder, where).model if folder is not None else None
    except IndexError_:
        return None


def remove(paths: Sequence[str | os.PathLike], index_dir: str | os.PathLike) -> _files.IngestReport:
    loc = milvus_location(index_dir)
    if loc is not None:
        from .milvus import remove_milvus

        return remove_milvus(paths, loc)
    return _files.remove(paths, index_dir)


def version_stamp(index_dir: str | os.PathLike) -> object:
    """Changes whenever an ingest replaces the index (a reader then reopens it); None when there is none."""
    loc = milvus_location(index_dir)
    if loc is not None:
        from .milvus import version_stamp as milvus_stamp

        return milvus_stamp(loc)
    try:
        st = (Path(index_dir).expanduser() / META_FILE).stat()
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)
