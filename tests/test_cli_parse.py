"""`itu-search parse`: JSONL with the truth field names, a readable table, and batch error handling."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import cli
from ingest.records import TRUTH_FIELDS

pytestmark = pytest.mark.slow  # left out of `make check` (see Makefile)

REPO = Path(__file__).resolve().parents[1]
SEED_TXT = REPO / "corpus" / "seeds" / "WTDC-22-Res-30.txt"


def _itu_search() -> list[str]:
    exe = Path(sys.executable).with_name("itu-search")
    return [str(exe)] if exe.exists() else [shutil.which("itu-search") or "itu-search"]


def test_jsonl_has_exactly_the_truth_field_names(shared_corpus: Path, capsys) -> None:
    assert cli.main(["parse", str(SEED_TXT), "--format", "jsonl"]) == 0
    out = capsys.readouterr().out
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) > 50
    truth_keys = list(json.loads((shared_corpus / "truth" / "WTDC-22-Res-30.jsonl").open().readline()))
    for rec in records:
        assert list(rec) == list(TRUTH_FIELDS) == truth_keys
    assert {rec["file"] for rec in records} == {str(SEED_TXT)}
    assert all(isinstance(rec["page"], int) for rec in records)


def test_table_is_aligned_and_clipped(capsys) -> None:
    assert cli.main(["parse", str(SEED_TXT), "--format", "table"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"== {SEED_TXT}: ") and out[0].endswith(" clauses")
    header, rows = out[1], [r for r in out[2:] if r]
    assert header.split() == ["CITATION", "KIND", "TEXT"]
    kind_col, text_col = header.index("KIND"), header.index("TEXT")
    for row in rows:
        assert row[kind_col:].split()[0] in ("preamble", "operative", "annex", "footnote")
        assert row[kind_col - 2:kind_col] == "  "
        assert len(row) - text_col <= 80
    assert any(r.startswith("Resolution 30 (Rev. Kigali, 2022), recalling a), p. 1") for r in rows)


def test_single_bad_file_exits_non_zero_without_traceback(shared_corpus: Path, capsys) -> None:
    bad = shared_corpus / "pdf" / "bad" / "encrypted.pdf"
    assert cli.main(["parse", str(bad)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{bad}: ") and "qpdf --decrypt" in lines[0]


def test_batch_reports_bad_files_and_prints_the_good_ones(shared_corpus: Path, tmp_path: Path) -> None:
    bad = shared_corpus / "pdf" / "bad"
    files = [bad / "empty.pdf", SEED_TXT, bad / "not-a-pdf.pdf", tmp_path, bad / "image-only.pdf"]
    done = subprocess.run([*_itu_search(), "parse", *map(str, files)], cwd=REPO, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 1
    err = done.stderr.splitlines()
    assert "Traceback" not in done.stderr
    expected_bad = [bad / "empty.pdf", bad / "not-a-pdf.pdf", tmp_path, bad / "image-only.pdf"]
    assert len(err) == len(expected_bad), done.stderr  # one line per bad file, no pypdf noise
    for line, path in zip(err, expected_bad, strict=True):
        assert line.startswith(f"{path}: ") and " — " in line
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert records and {r["file"] for r in records} == {str(SEED_TXT)}


def test_all_good_files_exit_zero(shared_corpus: Path, capsys) -> None:
    docx = shared_corpus / "raw/mn-samples-itu/reference-docs/T-RES-T.1-2016-MSW-E.docx"
    assert cli.main(["parse", str(SEED_TXT), str(docx)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    files = [json.loads(line)["file"] for line in captured.out.splitlines()]
    assert files.index(str(docx)) > files.index(str(SEED_TXT))  # files printed in the order given


def test_unexpected_error_in_one_file_is_reported_and_the_batch_goes_on(monkeypatch, capsys, tmp_path) -> None:
    import ingest

    real_parse = ingest.parse_file
    broken = tmp_path / "broken.txt"
    broken.write_text("RESOLUTION 1 (Geneva, 2000)\n")

    def parse_file(path):
        if Path(path) == broken:
            raise RuntimeError("layout went wrong\nsecond line")
        return real_parse(path)

    monkeypatch.setattr(ingest, "parse_file", parse_file)
    assert cli.main(["parse", str(broken), str(SEED_TXT)]) == 1
    captured = capsys.readouterr()
    assert captured.err.strip() == f"could not parse {broken}: RuntimeError: layout went wrong, please report"
    assert len(captured.out.splitlines()) > 50


@pytest.mark.parametrize("fmt", ["jsonl", "table"])
def test_output_into_a_closed_pipe_is_quiet(fmt: str) -> None:
    cmd = f"{' '.join(_itu_search())} parse {SEED_TXT} --format {fmt} | head -n 1"
    done = subprocess.run(["bash", "-c", cmd], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert len(done.stdout.splitlines()) == 1
    assert done.stderr == ""
