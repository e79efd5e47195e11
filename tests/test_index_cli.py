"""`itu-search ingest` end to end in-process (fake embedder via ITU_SEARCH_BACKEND=fake)."""

from __future__ import annotations

import pytest

import cli
from tests.index_fixtures import cli_docs_folder, resolution_text


@pytest.fixture
def docs(tmp_path, monkeypatch):
    folder = cli_docs_folder(tmp_path, monkeypatch)
    (folder / "res-921.txt").write_text(resolution_text(921, "Numbering resources", ["to protect numbering"]))
    return folder


def test_ingest_summary_and_exit_codes(docs, tmp_path, capsys, monkeypatch):
    (docs / "broken.pdf").write_bytes(b"")
    assert cli.main(["ingest", "docs", "--index", "idx"]) == 0
    out = capsys.readouterr().out
    assert "1 added, 0 updated, 0 unchanged, 0 pruned, 1 failed" in out
    assert "failed: docs/broken.pdf: " in out and "empty" in out

    assert cli.main(["ingest", "docs", "--index", "idx"]) == 0
    assert "0 added, 0 updated, 1 unchanged" in capsys.readouterr().out

    assert cli.main(["ingest", "docs/broken.pdf", "--index", "idx2"]) == 1  # nothing indexable
    assert "nothing was indexed" in capsys.readouterr().err


def test_default_index_location_from_environment(docs, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ITU_SEARCH_INDEX", str(tmp_path / "from-env"))
    assert cli.main(["ingest", "docs"]) == 0
    assert (tmp_path / "from-env" / "meta.json").is_file()
    monkeypatch.delenv("ITU_SEARCH_INDEX")
    assert cli.main(["ingest", "docs"]) == 0
    assert (tmp_path / "itu-index" / "meta.json").is_file()


def test_index_problems_exit_2_with_the_fix(docs, tmp_path, capsys, monkeypatch):
    assert cli.main(["ingest", "docs", "--index", "idx"]) == 0
    monkeypatch.setenv("ITU_SEARCH_BACKEND", "torch")
    capsys.readouterr()
    assert cli.main(["ingest", "docs", "--index", "idx"]) == 2
    err = capsys.readouterr().err
    assert "--rebuild" in err and "Traceback" not in err
    (tmp_path / "precious").mkdir()
    (tmp_path / "precious" / "notes.txt").write_text("mine")
    monkeypatch.setenv("ITU_SEARCH_BACKEND", "fake")
    assert cli.main(["ingest", "docs", "--index", "precious"]) == 2
    assert "not an itu-search index" in capsys.readouterr().err
