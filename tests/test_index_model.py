"""The real model end to end: ingest a real PDF, open the index with the recorded model/backend, ask."""

from __future__ import annotations

import numpy as np
import pytest

import index

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def res30_index(tmp_path_factory, shared_corpus, real_embedder):
    d = tmp_path_factory.mktemp("model") / "idx"
    rep = index.build([shared_corpus / "pdf" / "WTDC-22-Res-30.pdf"], d, embedder=real_embedder, progress=False)
    assert rep.exit_code == 0 and rep.clauses_embedded > 50
    return index.open(d, embedder=real_embedder)


@pytest.mark.parametrize(("question", "section", "label"), [
    ("help countries get better at defending against online attacks", "resolves to invite", "8"),
    ("collect statistics and indicators to measure progress", "resolves to invite", "9"),
])
def test_semantic_query_finds_the_clause(res30_index, question, section, label):
    hits = res30_index.dense_search(question, 3)
    found = [(res30_index.clauses[r].section, res30_index.clauses[r].label) for r, _ in hits]
    assert any(s.startswith(section) and lab == label for s, lab in found), found


def test_vectors_are_normalized_and_meta_records_the_model(res30_index, real_embedder):
    vecs = res30_index.vectors()
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    meta = res30_index.meta
    assert (meta.model, meta.backend, meta.dim) == (real_embedder.name, real_embedder.backend, 384)
    assert meta.files[0].instruments == ("Resolution 30 (Rev. Kigali, 2022)",)


def test_opened_index_creates_its_query_embedder_from_the_record(res30_index, real_embedder, monkeypatch):
    import index.core

    calls = []  # hand out the session's model instead of loading a second one, and record what was asked
    monkeypatch.setattr(index.core, "make_embedder", lambda model, backend, **_: calls.append((model, backend))
                        or real_embedder)
    idx = index.open(res30_index.folder)  # no embedder given: made on first dense search from meta
    assert calls == []
    question = "help countries get better at defending against online attacks"
    assert idx.dense_search(question, 1)[0][0] == res30_index.dense_search(question, 1)[0][0]
    assert calls == [(real_embedder.name, res30_index.meta.backend)]


def test_install_built_the_fine_tuned_minilm_for_the_questions_its_search_settings_were_fitted_on(shared_corpus):
    """With ../shared beside the clone (as here), `make install` builds the fine-tuned MiniLM and new indexes
    use it; its training questions are the ones its shipped fusion, reranker and confidence were fitted on."""
    import json

    import config
    from index.embedders import model_path, preferred_model
    from index.model_files import ADAPTED

    assert preferred_model(config.cache_dir()) == ADAPTED, "run `make install` (it builds the model from ../shared)"
    built = json.loads((model_path(ADAPTED, config.cache_dir()) / "adaptation.json").read_text())
    fitted = json.loads((config.PROJECT_ROOT / "search" / "fitted" / ADAPTED / "rerank.json").read_text())
    assert built["fitted_on"]["questions_sha256"] == fitted["fitted_on"]["questions_sha256"]
    assert built["question_triplets"] > 200 and built["epochs"] == 3
