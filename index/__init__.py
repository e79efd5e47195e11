"""Index: embeddings (sentence-transformers / ONNX), FAISS, bm25s and the SQLite clause store.

    report = index.build(["corpus/"], "itu-index")   # incremental, crash-safe
    idx = index.open("itu-index")
    idx.dense_search("digital divide", 10)           # [(row, cosine), ...]; idx.clauses[row] is the Clause
    index.open("milvus://db:19530/itu")               # the same interface over Milvus (index.stores)
"""

from __future__ import annotations

from .api import build, built_model, remove, version_stamp
from .api import open_index as open  # noqa: A004  (the package API is index.open / index.build)
from .build import IngestReport
from .core import Index
from .embedders import Embedder, FakeEmbedder, make_embedder
from .errors import IndexBusy, IndexCorrupt, IndexError_, IndexIncompatible, IndexMissing

__all__ = ["Embedder", "FakeEmbedder", "Index", "IndexBusy", "IndexCorrupt", "IndexError_",
           "IndexIncompatible", "IndexMissing", "IngestReport", "build", "built_model", "make_embedder", "open", "remove", "version_stamp"]
