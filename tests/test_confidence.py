"""Confidence and abstention: fitted parameters are data files, three outcomes, never a hidden right answer."""

from __future__ import annotations

import json

import pytest

from index import FakeEmbedder, Index
from ingest.records import Clause
from search import ask, params
from search.abstain import FEATURES, ConfidenceModel, Features, Logistic, fitted_model
from search.engine import SearchSettings
from search.fusion import Fusion, fitted_fusion
from search.rerank import FEATURES as RERANK_FEATURES
from search.rerank import shipped


def one_feature_model(name: str, coef: float, intercept: float = 0.0) -> Logistic:
    return Logistic((name,), (0.0,), (1.0,), (coef,), intercept)


def test_outcomes_follow_the_two_models():
    m = ConfidenceModel(answer=one_feature_model("rank_top", 10.0, -5.0), silence=one_feature_model("unknown", 10.0, -5.0),
                        answer_threshold=0.5, silence_threshold=0.9)
    assert m.judge(Features(rank_top=0.9, unknown=0.0))[0] == "answer"
    outcome, conf = m.judge(Features(rank_top=0.2, unknown=0.0))
    assert outcome == "low_confidence" and conf < 0.5
    # silence decides "not addressed" even when the ranking looks sure
    assert m.judge(Features(rank_top=0.9, unknown=0.9))[0] == "not_addressed"


def test_unfitted_model_never_abstains_and_reports_the_reranker_probability():
    m = ConfidenceModel()
    assert m.judge(Features(rank_top=0.3, unknown=1.0)) == ("low_confidence", 0.3)


FITTED_FILES = sorted(p.relative_to(params.FITTED_DIR).as_posix() for p in params.FITTED_DIR.rglob("*.json"))


def test_every_model_with_files_of_its_own_has_all_of_them():
    own = {p.parent for p in params.FITTED_DIR.rglob("*.json") if p.parent != params.FITTED_DIR}
    assert own, "the fine-tuned MiniLM's own parameters (search/fitted/all-MiniLM-L6-v2-itu/) are shipped"
    for folder in own:
        assert {p.stem for p in folder.glob("*.json")} == set(params.FILES)


@pytest.mark.parametrize("relative", FITTED_FILES)
def test_fitted_files_say_what_they_were_fitted_on(relative):
    data = json.loads((params.FITTED_DIR / relative).read_text(encoding="utf-8"))
    on = data["fitted_on"]
    hashes = on["questions_sha256"]
    assert any(k.endswith("dev.jsonl") for k in hashes) and any(k.endswith("heldout.jsonl") for k in hashes)
    assert not any("test" in k for k in hashes)  # the test split is never fitted on
    assert all(len(h) == 64 for h in hashes.values())
    for key in ("parser", "index_format", "model", "backend", "date"):
        assert on[key] not in (None, "")


def test_the_library_reads_the_fitted_files():
    conf = json.loads(params.path_of("confidence").read_text(encoding="utf-8"))["params"]
    m = fitted_model()
    assert m.answer is not None and m.silence is not None
    assert m.silence_threshold == conf["silence_threshold"] and set(m.answer.features) <= set(FEATURES)
    rr = json.loads(params.path_of("rerank").read_text(encoding="utf-8"))["params"]
    assert shipped() is not None and list(shipped().coef) == rr["coef"] and tuple(rr["features"]) == RERANK_FEATURES
    fu = json.loads(params.path_of("fusion").read_text(encoding="utf-8"))["params"]["fusion"]
    assert fitted_fusion().dense_weight == fu["dense_weight"]


def test_missing_fitted_files_fall_back(tmp_path, monkeypatch):
    monkeypatch.setattr(params, "FITTED_DIR", tmp_path)
    params.load.cache_clear()
    try:
        assert params.load("confidence") is None
        assert fitted_model() == ConfidenceModel()
        assert fitted_fusion() == Fusion()
    finally:
        params.load.cache_clear()


CLAUSES = [
    Clause(file="res.pdf", instrument="Resolution", number="9", revision="Rev. Dubai, 2018", body="PP",
           title="Spectrum for developing countries", section="resolves", kind="operative", label=str(i + 1),
           text=t, page=1, printed_page="1", ordinal=i)
    for i, t in enumerate(["to assist developing countries with national frequency planning",
                           "to publish guidance on radio frequencies for emergency communications",
                           "to combat counterfeit telecommunication equipment"])
]


@pytest.fixture(scope="module")
def idx():
    return Index.from_clauses(CLAUSES, FakeEmbedder())


def test_low_confidence_shows_the_answer_and_the_hits_and_does_not_abstain(idx):
    never_sure = ConfidenceModel(answer=one_feature_model("rank_top", 0.0, -3.0))
    r = ask(idx, "frequency planning for developing countries", k=3, settings=SearchSettings(confidence=never_sure))
    assert r.outcome == "low_confidence" and not r.abstained
    assert r.hits and r.answer is not None and r.confidence == pytest.approx(0.0474, abs=1e-3)
    assert "Low confidence" in r.message


def test_not_addressed_abstains(idx):
    silent = ConfidenceModel(silence=one_feature_model("rank_top", 0.0, 3.0), silence_threshold=0.5)
    r = ask(idx, "frequency planning for developing countries", k=3, settings=SearchSettings(confidence=silent))
    assert r.outcome == "not_addressed" and r.abstained and r.answer is None and r.hits


def test_json_and_terminal_output_show_the_outcome(idx):
    import cli
    from search.batch import result_record

    never_sure = ConfidenceModel(answer=one_feature_model("rank_top", 0.0, -3.0))
    r = ask(idx, "frequency planning for developing countries", k=3, settings=SearchSettings(confidence=never_sure))
    rec = result_record("q1", r)
    assert rec["outcome"] == "low_confidence" and rec["abstained"] is False
    assert rec["confidence"] == r.confidence and rec["answer"] is not None and rec["did_you_mean"] == ""
    text = cli._format_result(r, width=100, bold=False)
    assert "LOW CONFIDENCE" in text and "Low confidence" in text


def test_an_answer_through_a_named_reference_takes_the_fitted_share_of_right_first_clauses(idx):
    fitted = ConfidenceModel(reference_exact=0.93, reference_instrument=0.64)
    settings = SearchSettings(confidence=fitted)
    named_clause = ask(idx, "PP Resolution 9 resolves 2", k=3, settings=settings)
    assert named_clause.reference and named_clause.hits[0].clause.label == "2"
    assert named_clause.confidence == 0.93 and named_clause.outcome == "answer"
    named_instrument = ask(idx, "Resolution 9 (Rev. Dubai, 2018): counterfeit equipment", k=3, settings=settings)
    assert named_instrument.reference and named_instrument.hits[0].clause.label == "3"
    assert named_instrument.confidence == 0.64


def test_the_shipped_reference_shares_are_read_from_the_fitted_file():
    ref = json.loads(params.path_of("confidence").read_text(encoding="utf-8"))["params"]["reference"]
    m = fitted_model()
    assert (m.reference_exact, m.reference_instrument) == (ref["exact"], ref["instrument"])
    assert 0.0 < m.reference_instrument < 1.0 and 0.0 < m.reference_exact < 1.0  # add-one smoothed: never certain


def test_an_index_built_with_a_model_of_its_own_is_searched_with_that_models_parameters(tmp_path, monkeypatch, idx):
    from search import engine, rerank

    own = tmp_path / idx.meta.model
    own.mkdir()
    for name in params.FILES:
        data = json.loads(params.path_of(name).read_text(encoding="utf-8"))
        if name == "confidence":
            data["params"]["reference"] = {"exact": 0.81, "instrument": 0.42}
        (own / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")

    def clear():
        params.load.cache_clear()
        engine._own_parameters.cache_clear()
        rerank.shipped.cache_clear()

    monkeypatch.setattr(params, "FITTED_DIR", tmp_path)
    clear()
    try:
        assert params.has_own(f"/home/someone/models/{idx.meta.model}") and not params.has_own("all-MiniLM-L6-v2")
        r = ask(idx, "Resolution 9 (Rev. Dubai, 2018): counterfeit equipment", k=3)
        assert r.confidence == 0.42  # the model's own reference share, not the default file's
        mine = ConfidenceModel(reference_instrument=0.5)
        assert ask(idx, "Resolution 9 (Rev. Dubai, 2018): counterfeit equipment", k=3,
                   settings=SearchSettings(confidence=mine)).confidence == 0.5  # a caller's choice stands
        assert engine.for_model(engine.DEFAULT_SETTINGS, "all-MiniLM-L6-v2") is engine.DEFAULT_SETTINGS
    finally:
        monkeypatch.undo()
        clear()
