"""BM25 as sparse vectors, for stores that search sparse vectors by inner product (Milvus).

A document's vector holds, per token of this project's tokenizer (`index.lexical.tokenize`), its BM25 weight
idf(t) * tf / (tf + k1 * (1 - b + b * len / avglen)) with the corpus statistics of the whole index (the
Lucene variant bm25s uses, same k1 and b); a query's vector holds each token's count. Their inner product
is the BM25 score bm25s gives, so both stores rank lexical candidates alike. Dimensions are a stable hash
of the token: no vocabulary has to travel with the index, and queries need nothing but the tokenizer.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Sequence

from .lexical import tokenize

K1 = 1.5  # bm25s defaults
B = 0.75
_DIMS = 2**32 - 1  # Milvus sparse dimensions are 0 .. 2**32 - 2


def token_dim(token: str) -> int:
    return int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "little") % _DIMS


def document_vectors(texts: Sequence[str]) -> list[dict[int, float]]:
    """One BM25-weighted sparse vector per text (empty dict for a text without tokens)."""
    docs = [Counter(tokenize(t)) for t in texts]
    n = len(docs)
    if not n:
        return []
    lengths = [max(1, sum(d.values())) for d in docs]  # bm25s indexes a token-less text as one empty token
    avg = sum(lengths) / n
    df: Counter = Counter()
    for d in docs:
        df.update(d.keys())
    idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
    out = []
    for d, length in zip(docs, lengths, strict=True):
        norm = K1 * (1 - B + B * length / avg)
        vec: dict[int, float] = {}
        for t, tf in d.items():
            dim = token_dim(t)
            vec[dim] = vec.get(dim, 0.0) + idf[t] * tf / (tf + norm)
        out.append(vec)
    return out


def query_vector(text: str) -> dict[int, float]:
    """Token counts of the query (bm25s adds a repeated query token's score once per occurrence)."""
    vec: dict[int, float] = {}
    for t in tokenize(text):
        dim = token_dim(t)
        vec[dim] = vec.get(dim, 0.0) + 1.0
    return vec
