"""Two new-user failures of issue 9, with the real model (the `model` tier).

Neither is fixed yet: no semantic candidate measured in bench/results/semantic.md brings the answer clause
into the top results (the shipped pseudo-relevance feedback included). They are strict xfails, so the day a
change fixes one, this file fails until the marker is removed and the test counts as a pass.
"""

from __future__ import annotations

import pytest

import config
import index
from search import ask

pytestmark = pytest.mark.model


@pytest.mark.xfail(strict=True, reason="not fixed: rank of the answer clause in bench/results/semantic.md")
def test_itu_d_cybersecurity_answers_from_resolves_to_invite_8(tmp_path, real_embedder):
    d = tmp_path / "idx"
    rep = index.build([config.BUNDLED_CORPUS / "seeds" / "WTDC-22-Res-30.txt"], d, embedder=real_embedder,
                      progress=False)
    assert rep.exit_code == 0
    r = ask(index.open(d, embedder=real_embedder), "What should ITU-D do about cybersecurity?", k=5)
    assert not r.abstained and r.answer is not None
    cited = {(s.clause.section, s.clause.label) for s in r.answer.sentences}
    assert ("resolves to invite the ITU Telecommunication Development Sector", "8") in cited


@pytest.mark.xfail(strict=True, reason="not fixed: rank of the answer clause in bench/results/semantic.md")
def test_mandate_of_tsag_finds_clause_4_2(tmp_path, shared_corpus, real_embedder):
    d = tmp_path / "idx"
    rep = index.build([shared_corpus / "pdf" / "WTSA-16-Res-1.pdf"], d, embedder=real_embedder, progress=False)
    assert rep.exit_code == 0
    r = ask(index.open(d, embedder=real_embedder), "What is the mandate of TSAG?", k=5)
    assert ("resolves", "4.2") in {(h.clause.section, h.clause.label) for h in r.hits}
