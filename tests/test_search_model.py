"""search.ask with the real model over an index of a real PDF (the `model` tier: one shared model load)."""

from __future__ import annotations

import pytest

import index
from search import ask

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def wtdc_index(tmp_path_factory, shared_corpus, real_embedder):
    d = tmp_path_factory.mktemp("search-model") / "idx"
    rep = index.build([shared_corpus / "pdf" / "WTDC-22-Res-30.pdf"], d, embedder=real_embedder, progress=False)
    assert rep.exit_code == 0
    return index.open(d, embedder=real_embedder)


@pytest.mark.parametrize(("question", "section", "label"), [
    # paraphrases in everyday words (not the wording of the clause)
    ("In which WSIS action lines is ITU now the only facilitator?", "resolves to invite", "11 i)"),
    ("how should the BDT director help small businesses in developing countries develop",
     "further instructs the Director", "3"),
])
def test_paraphrase_finds_its_clause(wtdc_index, question, section, label):
    r = ask(wtdc_index, question, k=3)
    found = [(h.clause.section, h.clause.label) for h in r.hits]
    assert any(s.startswith(section) and lab == label for s, lab in found), found
    assert not r.abstained
    assert r.answer is not None and r.answer.sentences
    hit_ids = {h.clause.id for h in r.hits}
    assert all(s.clause.id in hit_ids for s in r.answer.sentences)  # the answer cites retrieved clauses only


def test_reference_with_abbreviated_addressee(wtdc_index):
    r = ask(wtdc_index, "Res. 30 (Rev. Kigali, 2022) resolves to invite ITU-D 8", k=3)
    top = r.hits[0].clause
    assert top.section.startswith("resolves to invite the ITU Telecommunication Development Sector")
    assert top.label == "8"


def test_unrelated_question_abstains(wtdc_index):
    r = ask(wtdc_index, "How long is maternity leave for ITU staff?", k=3)
    assert r.abstained and r.answer is None
