"""In-memory Index over truth clauses with the fake embedder: the API the search package builds on."""

from __future__ import annotations

import numpy as np
import pytest

from index import FakeEmbedder, Index
from index.context import embedding_text, lexical_text
from index.lexical import tokenize
from tests.index_fixtures import make_clause, truth_clauses


@pytest.fixture(scope="module")
def res30(shared_corpus):
    return truth_clauses(shared_corpus / "truth" / "WTDC-22-Res-30.jsonl")


def test_fake_embedder_is_deterministic_normalized_and_graded():
    emb = FakeEmbedder()
    a, b, c = emb.encode(["digital divide in rural areas", "rural digital divide", "spectrum fees for satellites"])
    assert np.allclose(np.linalg.norm([a, b, c], axis=1), 1.0, atol=1e-5)
    assert np.allclose(FakeEmbedder().encode(["rural digital divide"])[0], b)
    assert a @ b > a @ c + 0.2


def test_tokenize_keeps_numbers_and_hyphenated_terms():
    toks = tokenize("The ITU‑D shall study 5150-5250 MHz RLANs, cf. Resolution 30 (Rev. Kigali, 2022).")
    for t in ("itu-d", "itu", "5150-5250", "5150", "5250", "mhz", "rlans", "30", "2022", "kigali"):
        assert t in toks
    assert "the" not in toks


def test_embedding_text_carries_title_section_and_lead_in():
    c = make_clause("to report annually", section="resolves", label="2 a)", title="Spectrum for IMT",
                    lead_in="that administrations")
    text = embedding_text(c)
    assert text.index("Spectrum for IMT") < text.index("resolves") < text.index("that administrations") \
        < text.index("2 a)") < text.index("to report annually")
    assert "Resolution 1" in lexical_text(c)


def test_dense_and_lexical_search_find_the_clause(res30):
    idx = Index.from_clauses(res30, FakeEmbedder())
    assert len(idx.clauses) == len(res30)
    target = next(i for i, c in enumerate(res30) if c.section.startswith("resolves to invite") and c.label == "8")
    target_text = res30[target].text
    assert idx.lexical_search(target_text, 3)[0][0] == target
    assert idx.dense_search(target_text, 3)[0][0] == target
    hits = idx.dense_search("anything", 5)
    assert len(hits) == 5 and all(hits[i][1] >= hits[i + 1][1] for i in range(4))


def test_allowed_rows_restrict_both_searches(res30):
    idx = Index.from_clauses(res30, FakeEmbedder())
    allowed = [r for r, c in enumerate(res30) if c.kind == "preamble"][:7]
    assert {r for r, _ in idx.dense_search("development sector", 20, allowed=allowed)} <= set(allowed)
    assert {r for r, _ in idx.lexical_search("development sector", 20, allowed=allowed)} <= set(allowed)


def test_lookup_by_id_and_files(res30):
    idx = Index.from_clauses(res30, FakeEmbedder())
    c = res30[10]
    assert idx.clause_by_id(c.id) == c and idx.clause_by_id("nope") is None
    (entry,) = idx.files()
    assert entry.clauses == len(res30) and entry.instruments == ("Resolution 30 (Rev. Kigali, 2022)",)


def test_remove_file_in_memory():
    clauses = [make_clause("alpha beta", file="a.txt"), make_clause("gamma delta", file="b.txt", ordinal=0)]
    idx = Index.from_clauses(clauses, FakeEmbedder())
    assert idx.remove_file("a.txt") == 1
    assert [c.file for c in idx.clauses] == ["b.txt"]
    assert idx.dense_search("gamma", 5)[0][0] == 0 and idx.lexical_search("alpha", 5) == []


def test_empty_index_searches_return_nothing():
    idx = Index.from_clauses([], FakeEmbedder())
    assert idx.dense_search("x", 5) == [] and idx.lexical_search("x", 5) == []


@pytest.mark.parametrize("kind", ["flat", "hnsw", "ivf"])
def test_vector_index_kinds_agree_on_clear_neighbours(kind, tmp_path):
    from index.vectors import Vectors

    rng = np.random.default_rng(0)
    centers = rng.normal(size=(40, 32)).astype(np.float32)
    data = centers[rng.integers(0, 40, 2000)] + rng.normal(0, 0.05, (2000, 32)).astype(np.float32)
    data /= np.linalg.norm(data, axis=1, keepdims=True)
    threshold = 10**9 if kind == "flat" else 100
    vecs = Vectors.build(data, 32, approx_threshold=threshold, approx_kind=kind)
    assert vecs.kind == kind
    vecs.save(tmp_path / "v.faiss")
    loaded = Vectors.load(tmp_path / "v.faiss")
    assert loaded.kind == kind and np.allclose(loaded.all_vectors(), data, atol=1e-6)
    hits = loaded.search(data[7], 5)[0]
    assert hits[0][0] == 7 and hits[0][1] == pytest.approx(1.0, abs=1e-4)
    allowed = list(range(1000, 1100))
    assert {r for r, _ in loaded.search(data[7], 5, allowed)[0]} <= set(allowed)
