"""index.parallel: embedding in worker processes gives the vectors of the in-process embedder, in order."""

from __future__ import annotations

import numpy as np

from index import FakeEmbedder
from index.parallel import ParallelEmbedder


def test_worker_processes_embed_like_the_in_process_embedder():
    texts = [f"clause {i} on the digital divide and e-waste" * (1 + i % 3) for i in range(150)]
    with ParallelEmbedder("any", "fake", 2) as emb:
        got = emb.encode(texts)
        assert emb.name == FakeEmbedder().name and emb.dim == got.shape[1]
        assert emb.encode([]).shape == (0, emb.dim)
    assert np.array_equal(got, FakeEmbedder().encode(texts))
