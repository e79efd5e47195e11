"""index.build / index.open: incremental ingest by content hash, prune, rebuild, compatibility checks."""

from __future__ import annotations

import json

import numpy as np
import pytest

import index
from index import FakeEmbedder, IndexIncompatible, IndexMissing
from index.meta import FORMAT_VERSION
from tests.index_fixtures import CountingEmbedder, resolution_text


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "res-901.txt").write_text(resolution_text(
        901, "Spectrum for rural broadband",
        ["to promote satellite backhaul for remote villages", "to report annually to the Council"]))
    (folder / "sub" / "res-902.txt").write_text(resolution_text(
        902, "Protection of children online",
        ["to develop guidelines on child online protection", "to cooperate with UNICEF on awareness campaigns",
         "to invite Member States to adopt national strategies"]))
    (folder / "notes.md").write_text("not a supported type: silently skipped inside folders")
    return folder


def _open(d, emb=None):
    return index.open(d, embedder=emb or FakeEmbedder())


def test_first_ingest_adds_every_file_and_search_finds_clauses(corpus, tmp_path):
    d = tmp_path / "idx"
    rep = index.build([corpus], d, embedder=FakeEmbedder(), progress=False)
    assert sorted(p.split("/")[-1] for p in rep.added) == ["res-901.txt", "res-902.txt"]
    assert rep.failed == [] and rep.wrote and rep.exit_code == 0
    idx = _open(d)
    assert len(idx.clauses) == rep.clauses_total == 2 + 3 + 2  # one considering item each + resolves items
    assert {f.instruments for f in idx.files()} == {("Resolution 901 (Testville, 2024)",),
                                                    ("Resolution 902 (Testville, 2024)",)}
    row, _ = idx.lexical_search("UNICEF awareness", 1)[0]
    assert "UNICEF" in idx.clauses[row].text
    row, _ = idx.dense_search("satellite backhaul for remote villages", 1)[0]
    assert "satellite backhaul" in idx.clauses[row].text
    meta = json.loads((d / "meta.json").read_text())
    assert meta["model"] == "fake-hash-embedder" and meta["dim"] == 384 and meta["normalized"] is True
    assert meta["backend"] == "fake" and meta["format_version"] == FORMAT_VERSION and meta["built_at"]
    assert {f["sha256"] for f in meta["files"]} and all(len(f["sha256"]) == 64 for f in meta["files"])


def test_second_run_with_nothing_changed_parses_and_embeds_nothing(corpus, tmp_path, monkeypatch):
    import ingest

    d = tmp_path / "idx"
    index.build([corpus], d, embedder=FakeEmbedder(), progress=False)
    before = (d / "meta.json").read_text()
    calls = []
    real_parse = ingest.parse_file
    monkeypatch.setattr(ingest, "parse_file", lambda p: calls.append(p) or real_parse(p))
    emb = CountingEmbedder()
    rep = index.build([corpus], d, embedder=emb, progress=False)
    assert calls == [] and emb.texts == 0 and not rep.wrote
    assert len(rep.unchanged) == 2 and rep.added == rep.updated == []
    assert (d / "meta.json").read_text() == before


def test_changed_file_only_its_clauses_are_replaced(corpus, tmp_path):
    d = tmp_path / "idx"
    index.build([corpus], d, embedder=FakeEmbedder(), progress=False)
    old = _open(d)
    old_902 = {c.id: v for c, v in zip(old.clauses, old.vectors(), strict=True) if c.number == "902"}

    (corpus / "res-901.txt").write_text(resolution_text(
        901, "Spectrum for rural broadband",
        ["to promote community networks in mountain regions", "to report annually to the Council",
         "to encourage infrastructure sharing"]))
    emb = CountingEmbedder()
    rep = index.build([corpus], d, embedder=emb, progress=False)
    assert [p.split("/")[-1] for p in rep.updated] == ["res-901.txt"]
    assert [p.split("/")[-1] for p in rep.unchanged] == ["res-902.txt"]
    assert emb.texts == rep.clauses_embedded == 1 + 3  # only the changed file's clauses

    new = _open(d)
    texts = [c.text for c in new.clauses]
    assert any("community networks" in t for t in texts)
    assert not any("satellite backhaul" in t for t in texts)
    kept = {c.id: v for c, v in zip(new.clauses, new.vectors(), strict=True) if c.number == "902"}
    assert kept.keys() == old_902.keys()
    assert all(np.array_equal(kept[k], old_902[k]) for k in kept)  # reused, not re-embedded
    assert new.lexical_search("community networks mountain", 1)[0][0] == texts.index(
        next(t for t in texts if "community networks" in t))


def test_prune_drops_files_gone_from_disk(corpus, tmp_path):
    d = tmp_path / "idx"
    index.build([corpus], d, embedder=FakeEmbedder(), progress=False)
    (corpus / "sub" / "res-902.txt").unlink()
    rep = index.build([corpus], d, embedder=FakeEmbedder(), progress=False)
    assert not rep.wrote and [p.split("/")[-1] for p in rep.missing] == ["res-902.txt"]
    assert {c.number for c in _open(d).clauses} == {"901", "902"}

    rep = index.build([corpus], d, embedder=FakeEmbedder(), prune=True, progress=False)
    assert [p.split("/")[-1] for p in rep.pruned] == ["res-902.txt"] and rep.wrote and rep.exit_code == 0
    idx = _open(d)
    assert {c.number for c in idx.clauses} == {"901"} and len(idx.files()) == 1
    assert idx.lexical_search("UNICEF", 5) == []


def test_rebuild_reembeds_everything(corpus, tmp_path):
    d = tmp_path / "idx"
    index.build([corpus], d, embedder=FakeEmbedder(), progress=False)
    emb = CountingEmbedder()
    rep = index.build([corpus], d, embedder=emb, rebuild=True, progress=False)
    assert len(rep.added) == 2 and emb.texts == rep.clauses_total == 7


def test_files_are_identified_by_resolved_path_and_shown_relative_to_cwd(corpus, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    d = tmp_path / "idx"
    index.build(["docs", str(corpus / "res-901.txt")], d, embedder=FakeEmbedder(), progress=False)
    idx = _open(d)
    assert sorted(f.path for f in idx.files()) == ["docs/res-901.txt", "docs/sub/res-902.txt"]
    assert {c.file for c in idx.clauses} == {"docs/res-901.txt", "docs/sub/res-902.txt"}
    rep = index.build([str(corpus)], d, embedder=FakeEmbedder(), progress=False)  # same files, absolute path
    assert len(rep.unchanged) == 2 and not rep.wrote


def test_missing_path_and_unsupported_file_are_reported(corpus, tmp_path):
    (tmp_path / "x.odt").write_text("x")
    rep = index.build([corpus, tmp_path / "nope", tmp_path / "x.odt"], tmp_path / "idx",
                      embedder=FakeEmbedder(), progress=False)
    reasons = dict(rep.failed)
    assert "no such file" in reasons[str(tmp_path / "nope")]
    assert "unsupported file type .odt" in reasons[str(tmp_path / "x.odt")]
    # the files found are indexed; a path that cannot be read makes the exit status 2 (docs/reliability.md)
    assert len(rep.added) == 2 and rep.exit_code == 2 and rep.blocked == [str(tmp_path / "nope")]


def test_nothing_indexable_gives_exit_code_1_and_no_index(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    rep = index.build([tmp_path / "empty.txt"], tmp_path / "idx", embedder=FakeEmbedder(), progress=False)
    assert rep.exit_code == 1 and not (tmp_path / "idx").exists()
    rep = index.build([tmp_path / "nope"], tmp_path / "idx", embedder=FakeEmbedder(), progress=False)
    assert rep.exit_code == 2 and not (tmp_path / "idx").exists()  # a path that cannot be read
    with pytest.raises(IndexMissing, match="itu-search ingest"):
        index.open(tmp_path / "idx")


def test_other_model_is_a_clear_error_naming_rebuild(corpus, tmp_path):
    d = tmp_path / "idx"
    index.build([corpus], d, embedder=FakeEmbedder(name="model-a"), progress=False)
    with pytest.raises(IndexIncompatible, match=r"model model-a.*--rebuild"):
        index.open(d, embedder=FakeEmbedder(name="model-b"))
    with pytest.raises(IndexIncompatible, match="--rebuild"):
        index.build([corpus], d, embedder=FakeEmbedder(name="model-b"), progress=False)
    with pytest.raises(IndexIncompatible, match="asks for all-MiniLM-L6-v2"):
        index.open(d, expect_model="all-MiniLM-L6-v2")
    rep = index.build([corpus], d, embedder=FakeEmbedder(name="model-b"), rebuild=True, progress=False)
    assert rep.wrote and index.open(d, embedder=FakeEmbedder(name="model-b")).meta.model == "model-b"


def test_an_index_goes_on_with_its_own_model_unless_another_is_asked_for(corpus, tmp_path, monkeypatch):
    """The preferred model (the fine-tuned MiniLM once built) applies to new indexes: an index built with the
    bundled one is extended with that one, not refused, unless ITU_SEARCH_MODEL names another."""
    import importlib

    from index.embedders import EmbedderSpec

    build_module = importlib.import_module("index.build")  # `index.build` the attribute is the function

    d = tmp_path / "idx"
    assert index.built_model(d) is None
    made: list[str] = []

    def make(model, backend, *, cache_dir=None):  # stands for the real model, named and run as in a real build
        made.append(model)
        emb = CountingEmbedder(name=model)
        emb.backend = backend
        return emb

    index.build([corpus / "res-901.txt"], d, embedder=make("all-MiniLM-L6-v2", "onnx-int8"), progress=False)
    assert index.built_model(d) == "all-MiniLM-L6-v2"
    made.clear()

    monkeypatch.setattr(build_module, "make_embedder", make)
    cache = tmp_path / "cache"  # no fine-tuned model built there: nothing of this machine's cache is read
    preferred = EmbedderSpec(model="all-MiniLM-L6-v2-itu", model_explicit=False, cache_dir=cache)
    rep = index.build([corpus], d, spec=preferred, progress=False)
    assert rep.wrote and made == ["all-MiniLM-L6-v2"] and index.built_model(d) == "all-MiniLM-L6-v2"
    (corpus / "res-903.txt").write_text(resolution_text(903, "Emergency telecommunications", ["to assist"]))
    with pytest.raises(IndexIncompatible, match="built with model all-MiniLM-L6-v2, this run uses all-MiniLM-L6-v2-itu"):
        index.build([corpus], d, spec=EmbedderSpec(model="all-MiniLM-L6-v2-itu", cache_dir=cache), progress=False)
    rep = index.build([corpus], d, spec=preferred, rebuild=True, progress=False)
    assert rep.wrote and index.built_model(d) == "all-MiniLM-L6-v2-itu"


def test_an_index_of_the_fine_tuned_model_is_refused_once_the_model_is_rebuilt_for_other_questions(
        corpus, tmp_path, monkeypatch):
    """Its vectors would no longer match the question vectors: the index says so and names --rebuild."""
    import importlib
    import json

    from index.embedders import EmbedderSpec
    from index.model_files import ADAPTED

    build_module = importlib.import_module("index.build")

    def make(model, backend, *, cache_dir=None):  # stands for the fine-tuned model, named and run as in a build
        emb = CountingEmbedder(name=model)
        emb.backend = backend
        return emb

    monkeypatch.setattr(build_module, "make_embedder", make)
    cache = tmp_path / "cache"
    model = cache / "models" / ADAPTED
    model.mkdir(parents=True)
    (model / "config.json").write_text("{}", encoding="utf-8")

    def train_on(questions_sha256: str) -> None:
        (model / "adaptation.json").write_text(json.dumps({
            "fitted_on": {"questions_sha256": {"train.jsonl": questions_sha256}}, "base": "all-MiniLM-L6-v2",
            "epochs": 3, "seed": 13, "pairs_used": 0}), encoding="utf-8")

    train_on("a" * 64)
    spec = EmbedderSpec(model=ADAPTED, backend="onnx-int8", cache_dir=cache)
    d = tmp_path / "idx"
    index.build([corpus / "res-901.txt"], d, spec=spec, progress=False)
    built = index.open(d, cache_dir=cache).meta.model_version
    assert built and index.build([corpus], d, spec=spec, progress=False).wrote  # the same build: extended
    train_on("b" * 64)
    with pytest.raises(IndexIncompatible, match=rf"another build of {ADAPTED}.*--rebuild"):
        index.open(d, cache_dir=cache)
    (corpus / "res-903.txt").write_text(resolution_text(903, "Emergency telecommunications", ["to assist"]))
    with pytest.raises(IndexIncompatible, match=rf"another build of {ADAPTED}.*--rebuild"):
        index.build([corpus], d, spec=spec, progress=False)
    with pytest.raises(IndexIncompatible, match=rf"another build of {ADAPTED}"):  # `ingest --workers N` gives one
        index.build([corpus], d, embedder=make(ADAPTED, "onnx-int8"), spec=spec, progress=False)
    index.build([corpus], d, spec=spec, rebuild=True, progress=False)
    assert index.open(d, cache_dir=cache).meta.model_version not in ("", built)

    meta_file = d / "meta.json"  # an index written before indexes recorded the build: of unknown build
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    del meta["model_version"]
    meta_file.write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(IndexIncompatible, match="build not recorded.*older than the records.*--rebuild"):
        index.open(d, cache_dir=cache)


def test_older_parser_or_format_version_is_a_clear_error(corpus, tmp_path, monkeypatch):
    import ingest

    d = tmp_path / "idx"
    index.build([corpus], d, embedder=FakeEmbedder(), progress=False)
    monkeypatch.setattr(ingest, "PARSER_VERSION", "999-test", raising=False)
    with pytest.raises(IndexIncompatible, match=r"parser version.*--rebuild"):
        _open(d)
    monkeypatch.undo()
    meta = json.loads((d / "meta.json").read_text())
    (d / "meta.json").write_text(json.dumps({**meta, "format_version": 0}))
    with pytest.raises(IndexIncompatible, match=r"format 0.*--rebuild"):
        _open(d)


def test_remove_a_document(corpus, tmp_path):
    d = tmp_path / "idx"
    index.build([corpus], d, embedder=FakeEmbedder(), progress=False)
    rep = index.remove(["res-902.txt"], d)
    assert [p.split("/")[-1] for p in rep.pruned] == ["res-902.txt"]
    idx = _open(d)
    assert {c.number for c in idx.clauses} == {"901"}
    assert idx.remove_file(idx.files()[0].path) == 3
    assert len(idx.clauses) == 0 and _open(d).files() == []
    assert index.remove(["unknown.txt"], d).failed == [("unknown.txt", "not in the index")]


def test_folder_that_is_not_an_index_is_never_replaced(corpus, tmp_path):
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("keep me")
    with pytest.raises(index.IndexError_, match="not an itu-search index"):
        index.build([corpus], precious, embedder=FakeEmbedder(), progress=False)
    assert (precious / "thesis.txt").read_text() == "keep me"


def test_bad_pdfs_in_a_folder_are_reported_and_the_rest_ingested(corpus, tmp_path, shared_corpus):
    import shutil

    for name in ("empty.pdf", "not-a-pdf.pdf", "truncated.pdf", "encrypted.pdf"):
        shutil.copy(shared_corpus / "pdf" / "bad" / name, corpus / name)
    shutil.copy(shared_corpus / "pdf" / "WTDC-22-Res-30.pdf", corpus / "sub" / "WTDC-22-Res-30.pdf")
    rep = index.build([corpus], tmp_path / "idx", embedder=FakeEmbedder(), progress=False)
    failed = dict(rep.failed)
    assert sorted(p.split("/")[-1] for p in failed) == ["empty.pdf", "encrypted.pdf", "not-a-pdf.pdf",
                                                       "truncated.pdf"]
    for path, reason in failed.items():
        assert path.split("/")[-1] in reason  # the IngestError message names the file and the cause
    assert sorted(p.split("/")[-1] for p in rep.added) == ["WTDC-22-Res-30.pdf", "res-901.txt", "res-902.txt"]
    assert rep.exit_code == 0
    idx = _open(tmp_path / "idx")
    assert {c.number for c in idx.clauses} >= {"30", "901", "902"}
    meta = json.loads((tmp_path / "idx" / "meta.json").read_text())
    assert sorted(f["path"].split("/")[-1] for f in meta["failed"]) == sorted(
        p.split("/")[-1] for p in failed)
    assert "failed: " in rep.summary() and "4 failed" in rep.summary()


def test_moved_or_copied_file_reuses_clauses_and_vectors(corpus, tmp_path):
    import shutil

    d = tmp_path / "idx"
    index.build([corpus], d, embedder=FakeEmbedder(), progress=False)
    (corpus / "archive").mkdir()
    (corpus / "res-901.txt").rename(corpus / "archive" / "res-901-final.txt")
    shutil.copy(corpus / "sub" / "res-902.txt", corpus / "res-902-copy.txt")
    emb = CountingEmbedder()
    rep = index.build([corpus], d, embedder=emb, progress=False)
    assert emb.texts == 0 and rep.wrote
    assert [(a.split("/")[-1], b.split("/")[-1]) for a, b in rep.moved] == [("res-901.txt", "res-901-final.txt")]
    assert sorted(p.split("/")[-1] for p in rep.added) == ["res-901-final.txt", "res-902-copy.txt"]
    assert rep.missing == [] and "moved: " in rep.summary()
    idx = _open(d)
    names = sorted(f.path.split("/")[-1] for f in idx.files())
    assert names == ["res-901-final.txt", "res-902-copy.txt", "res-902.txt"]
    files_901 = {c.file.split("/")[-1] for c in idx.clauses if c.number == "901"}
    assert files_901 == {"res-901-final.txt"}
    row, _ = idx.dense_search("satellite backhaul for remote villages", 1)[0]
    assert idx.clauses[row].file.endswith("archive/res-901-final.txt")


def test_changed_file_that_no_longer_parses_loses_its_old_clauses(corpus, tmp_path):
    d = tmp_path / "idx"
    index.build([corpus], d, embedder=FakeEmbedder(), progress=False)
    (corpus / "res-901.txt").write_text("")
    rep = index.build([corpus], d, embedder=FakeEmbedder(), progress=False)
    (path, reason), = rep.failed
    assert path.endswith("res-901.txt") and "previous clauses were removed" in reason
    assert {c.number for c in _open(d).clauses} == {"902"} and rep.exit_code == 0
