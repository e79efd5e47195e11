"""The index the web UI serves, shared by every tab."""

from __future__ import annotations

import threading
from pathlib import Path

from index.embedders import EmbedderSpec
from index.uploads import uploads_dir
from search.corpus import CorpusView, view_of
from search.engine import SearchSettings

from . import views


class IndexHolder:
    """The index the app serves, reopened when its folder changes on disk (e.g. `itu-search ingest`
    run in a terminal while the UI is open) and after uploads/removals made in the UI."""

    def __init__(self, index_dir: Path, embedder=None, *, search_settings: SearchSettings | None = None,
                 embedder_spec: EmbedderSpec | None = None) -> None:
        self.index_dir = Path(index_dir).expanduser()
        self.embedder = embedder
        # the app's model choice: uploads are embedded with it when `embedder` is None, and its cache folder
        # holds the query embedder's model files
        self.embedder_spec = embedder_spec
        self.search_settings = search_settings or SearchSettings()
        self.cache_dir = embedder_spec.cache_dir if embedder_spec is not None else None
        self.index = None
        self.error = ""  # why there is no index (missing / damaged / incompatible)
        self.missing = True
        self._stamp: object = None
        self._lock = threading.RLock()
        self.write_lock = threading.Lock()
        self.reload()

    @property
    def uploads_dir(self) -> Path:
        """Where uploaded documents are kept: beside the index (index builds swap the index folder)."""
        return uploads_dir(self.index_dir)

    def _disk_stamp(self) -> object:
        import index as index_pkg

        return index_pkg.version_stamp(self.index_dir)  # a folder's meta.json, or a Milvus alias's target

    def reload(self) -> None:
        import index as index_pkg
        from index.errors import IndexError_, IndexMissing

        with self._lock:
            self._stamp = self._disk_stamp()
            try:
                idx = index_pkg.open(self.index_dir, embedder=self.embedder, cache_dir=self.cache_dir)
            except IndexMissing as exc:
                self.index, self.error, self.missing = None, str(exc), True
            except IndexError_ as exc:
                self.index, self.error, self.missing = None, str(exc), False
            else:
                self.index, self.error, self.missing = idx, "", False

    def current(self):
        """The index, reopened first if the folder changed since it was opened (None if there is none)."""
        if self._disk_stamp() != self._stamp:
            self.reload()
        return self.index

    def corpus(self) -> CorpusView | None:
        """Instruments and their clauses in the current index (search's per-index view), None without one."""
        idx = self.current()
        return view_of(idx) if idx is not None else None

    def bodies(self) -> list[str]:
        corpus = self.corpus()
        return corpus.bodies() if corpus is not None else []

    def no_index_html(self) -> str:
        """Why there is nothing to search, with the fix."""
        if self.missing:
            return views.no_index_html(str(self.index_dir))
        return views.notice_html(self.error, kind="error")
