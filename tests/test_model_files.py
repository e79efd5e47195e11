"""The optional all-mpnet-base-v2: joining its PyPI pieces into a model folder, and the errors on the way."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from index.embedders import DEFAULT_BACKEND, resolve_backend
from index.errors import EmbedderUnavailable
from index.model_files import MPNET, assemble, installed_parts


def _split_model_zip(folder: Path, pieces: int = 3) -> list[Path]:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(f"{MPNET}/config.json", '{"model_type": "mpnet"}')
        zf.writestr(f"{MPNET}/config_sentence_transformers.json", "{}")
        zf.writestr(f"{MPNET}/1_Pooling/config.json", "{}")
    data = buf.getvalue()
    size = len(data) // pieces + 1
    out = []
    for n in range(pieces):
        p = folder / f"{MPNET}.zip.{n + 1:03d}"
        p.write_bytes(data[n * size:(n + 1) * size])
        out.append(p)
    return out


def test_pieces_join_into_the_model_folder_once(tmp_path):
    pieces = _split_model_zip(tmp_path)
    dest = tmp_path / "cache" / "models" / MPNET
    assert assemble(pieces, dest) == dest
    assert (dest / "config.json").read_text() == '{"model_type": "mpnet"}'
    assert (dest / "1_Pooling" / "config.json").is_file()
    for p in pieces:
        p.unlink()
    assert assemble(pieces, dest) == dest  # already there: the pieces are not read again
    assert [p.name for p in dest.parent.iterdir()] == [MPNET]  # no temporary folder left


def test_pieces_out_of_order_are_refused_and_leave_nothing(tmp_path):
    pieces = _split_model_zip(tmp_path)
    dest = tmp_path / "cache" / MPNET
    with pytest.raises(EmbedderUnavailable, match="do not join into a valid zip"):
        assemble(list(reversed(pieces)), dest)
    assert list(dest.parent.iterdir()) == []


def test_a_missing_piece_names_it(tmp_path):
    pieces = _split_model_zip(tmp_path)
    pieces[1].unlink()
    with pytest.raises(EmbedderUnavailable, match=r"zip\.002 .*missing.*pip install"):
        assemble(pieces, tmp_path / "cache" / MPNET)


def test_a_missing_package_names_it_and_the_install_command():
    with pytest.raises(EmbedderUnavailable, match=r"no-such-part-package.*not installed.*itu-search\[mpnet\]"):
        installed_parts(("no-such-part-package",))


def test_auto_backend_is_the_measured_one_per_model():
    assert resolve_backend("auto", MPNET) == "torch"
    assert resolve_backend("auto") == DEFAULT_BACKEND
    assert resolve_backend("onnx", MPNET) == "onnx"


def test_the_fine_tuned_minilm_is_found_by_name_once_built_and_named_with_its_build_command_before(tmp_path):
    from index.embedders import model_path
    from index.model_files import ADAPTED

    with pytest.raises(EmbedderUnavailable, match="make adapted-model"):
        model_path(ADAPTED, cache_dir=tmp_path)
    folder = tmp_path / "models" / ADAPTED
    folder.mkdir(parents=True)
    (folder / "config.json").write_text("{}", encoding="utf-8")
    assert model_path(ADAPTED, cache_dir=tmp_path) == folder


def test_new_indexes_use_the_fine_tuned_minilm_once_built_else_the_bundled_one(tmp_path, monkeypatch):
    import config
    from index.embedders import BUNDLED_MODEL
    from index.model_files import ADAPTED

    monkeypatch.setenv("ITU_SEARCH_CACHE", str(tmp_path))
    monkeypatch.delenv("ITU_SEARCH_MODEL", raising=False)
    spec = config.AppSettings.from_env().embedder
    assert (spec.model, spec.model_explicit, spec.cache_dir) == (BUNDLED_MODEL, False, tmp_path)
    half = tmp_path / "models" / ADAPTED
    half.mkdir(parents=True)
    (half / "model.safetensors").write_bytes(b"")  # what an interrupted, non-atomic write would leave
    assert config.AppSettings.from_env().embedder.model == BUNDLED_MODEL
    (half / "config.json").write_text("{}", encoding="utf-8")
    assert config.AppSettings.from_env().embedder.model == ADAPTED
    monkeypatch.setenv("ITU_SEARCH_MODEL", BUNDLED_MODEL)
    spec = config.AppSettings.from_env().embedder
    assert (spec.model, spec.model_explicit) == (BUNDLED_MODEL, True)


def test_an_index_goes_on_with_its_own_model_unless_one_is_asked_for():
    """The rule every build path shares (`ingest`, `ingest --workers`, web uploads)."""
    from index.embedders import BUNDLED_MODEL, EmbedderSpec
    from index.model_files import ADAPTED

    default = EmbedderSpec(model=ADAPTED, model_explicit=False)  # the preferred model, not asked for
    assert default.model_for(None) == ADAPTED  # a new index
    assert default.model_for(BUNDLED_MODEL) == BUNDLED_MODEL  # an existing one keeps its model
    assert EmbedderSpec(model=ADAPTED).model_for(BUNDLED_MODEL) == ADAPTED  # asked for: the build refuses it


def test_the_fine_tuned_models_weights_are_checked_against_its_build_record(tmp_path):
    import json

    from index.model_files import weights_intact, weights_sha256

    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "model.safetensors").write_bytes(b"weights as built")
    record = folder / "adaptation.json"
    record.write_text(json.dumps({"weights_sha256": weights_sha256(folder)}), encoding="utf-8")
    assert weights_intact(folder)
    (folder / "model.safetensors").write_bytes(b"weights as built, then damaged")
    assert not weights_intact(folder)
    record.write_text(json.dumps({"epochs": 3}), encoding="utf-8")  # a build from before the field: not checkable
    assert weights_intact(folder)
    record.write_text("{not json", encoding="utf-8")
    assert not weights_intact(folder)


def test_exchange_swaps_two_folders_in_one_step(tmp_path):
    from index.atomic import exchange

    old, new = tmp_path / "model", tmp_path / ".model-new"
    old.mkdir()
    new.mkdir()
    (old / "old.txt").write_text("old", encoding="utf-8")
    (new / "new.txt").write_text("new", encoding="utf-8")
    assert exchange(new, old)  # Linux with renameat2, as on every machine this product is built on
    assert [p.name for p in old.iterdir()] == ["new.txt"]
    assert [p.name for p in new.iterdir()] == ["old.txt"]
    with pytest.raises(FileNotFoundError):
        exchange(tmp_path / "missing", old)
