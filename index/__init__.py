"""Index: embeddings (sentence-transformers / ONNX), FAISS, bm25s and the SQLite clause store.

    idx = index.open("itu-index")              # or index.build(paths, "itu-index")
    idx.dense_search("digital divide", 10)      # [(row, cosine), ...]; idx.clauses[row] is the Clause
"""

from __future__ import annotations

from .core import Index
from .embedders import Embedder, FakeEmbedder, make_embedder
from .errors import IndexBusy, IndexCorrupt, IndexError_, IndexIncompatible, IndexMissing

__all__ = ["Embedder", "FakeEmbedder", "Index", "IndexBusy", "IndexCorrupt", "IndexError_",
           "IndexIncompatible", "IndexMissing", "make_embedder"]
