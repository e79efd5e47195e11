"""Index: embeddings (sentence-transformers / ONNX), FAISS, bm25s and the SQLite clause store.

    report = index.build(["corpus/"], "itu-index")   # incremental, crash-safe
    idx = index.open("itu-index")
    idx.dense_search("digital divide", 10)           # [(row, cosine), ...]; idx.clauses[row] is the Clause
"""

from __future__ import annotations

from .build import IngestReport, build, remove
from .build import open_index as open  # noqa: A004  (the package API is index.open / index.build)
from .core import Index
from .embedders import Embedder, FakeEmbedder, make_embedder
from .errors import IndexBusy, IndexCorrupt, IndexError_, IndexIncompatible, IndexMissing

__all__ = ["Embedder", "FakeEmbedder", "Index", "IndexBusy", "IndexCorrupt", "IndexError_",
           "IndexIncompatible", "IndexMissing", "IngestReport", "build", "make_embedder", "open", "remove"]
