"""`itu-search ask` and `itu-search lookup` end to end on a small index (fake embedder, real parser)."""

from __future__ import annotations

import csv
import io
import json

import pytest

import cli
import index
from index import FakeEmbedder
from tests.index_fixtures import resolution_text
from tests.index_fixtures import run_cli as run


@pytest.fixture(scope="module")
def small_index(tmp_path_factory):
    src = tmp_path_factory.mktemp("docs")
    (src / "res-41.txt").write_text(resolution_text(
        41, "Arrears and special arrears accounts",
        ["that repayment schedules of up to fifteen years may be agreed with least developed countries",
         "that interest is charged on arrears"]), encoding="utf-8")
    (src / "res-99.txt").write_text(resolution_text(
        99, "Status of Palestine in ITU",
        ["that the delegation shall be seated among Member States in French alphabetical order",
         "that the delegation may raise points of order"]), encoding="utf-8")
    folder = tmp_path_factory.mktemp("idx") / "index"
    index.build([str(src)], folder, embedder=FakeEmbedder(), progress=False)
    return folder


def test_lookup_jsonl_output_format(small_index, tmp_path, capsys):
    q = tmp_path / "q.jsonl"
    q.write_text("\n".join([
        json.dumps({"id": "a", "question": "repayment schedule years for least developed countries"}),
        "{broken",
        json.dumps({"id": "b", "query": "Res 99 resolves 1"}),
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "lookup", str(q), "--index", str(small_index), "-k", "3", "-o", str(out))
    assert code == 1  # one bad line
    assert "line 2: not valid JSON" in err
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in recs] == ["a", "b"]
    for r in recs:
        assert set(r) >= {"id", "query", "hits", "answer", "abstained"}
        assert 1 <= len(r["hits"]) <= 3
        for rank, h in enumerate(r["hits"], 1):
            assert h["rank"] == rank
            assert set(h) >= {"rank", "score", "text", "source", "page", "printed_page", "citation"}
            assert set(h["citation"]) >= {"instrument", "number", "revision", "body", "title", "section", "label",
                                          "kind", "text"}
            assert h["citation"]["text"].startswith(f"Resolution {h['citation']['number']} (")
    assert recs[0]["hits"][0]["citation"]["number"] == "41"
    assert recs[1]["hits"][0]["citation"]["number"] == "99"
    assert recs[1]["hits"][0]["citation"]["section"] == "resolves"
    assert recs[1]["hits"][0]["citation"]["label"] == "1"


def test_lookup_csv_and_stdout(small_index, tmp_path, capsys):
    q = tmp_path / "q.csv"
    q.write_text("id,query\nx1,Palestine delegation seating\n", encoding="utf-8")
    code, out, _ = run(capsys, "lookup", str(q), "--index", str(small_index), "--format", "csv", "-k", "2")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["rank"] for r in rows] == ["1", "2"]
    assert rows[0]["id"] == "x1" and rows[0]["citation"].startswith("Resolution 99")


def test_lookup_txt(small_index, tmp_path, capsys):
    q = tmp_path / "q.txt"
    q.write_text("interest on arrears\n", encoding="utf-8")
    code, out, _ = run(capsys, "lookup", str(q), "--index", str(small_index), "-k", "1")
    assert code == 0
    rec = json.loads(out)
    assert rec["id"] == "1" and rec["hits"][0]["citation"]["number"] == "41"


def test_ask_json_and_text(small_index, capsys):
    code, out, _ = run(capsys, "ask", "Res 41 resolves 2", "--index", str(small_index), "--json")
    assert code == 0
    rec = json.loads(out)
    assert rec["hits"][0]["citation"]["label"] == "2" and rec["reference"]
    code, out, _ = run(capsys, "ask", "Res 41 resolves 2", "--index", str(small_index), "-k", "2")
    assert code == 0
    assert "Answer" in out and "Resolution 41" in out and "\033[1m" not in out  # no bold when not a tty


def test_ask_with_filters(small_index, capsys):
    code, out, _ = run(capsys, "ask", "delegation", "--index", str(small_index), "--number", "41", "--json")
    assert code == 0
    assert {h["citation"]["number"] for h in json.loads(out)["hits"]} <= {"41"}


def test_errors_are_messages_not_tracebacks(tmp_path, capsys):
    code, _, err = run(capsys, "ask", "anything", "--index", str(tmp_path / "none"))
    assert code == 2 and "no index at" in err and "itu-search ingest" in err and "Traceback" not in err
    code, _, err = run(capsys, "lookup", str(tmp_path / "missing.txt"), "--index", str(tmp_path / "none"))
    assert code == 2 and "no such file" in err
    bad = tmp_path / "q.csv"
    bad.write_text("name\nx\n", encoding="utf-8")
    code, _, err = run(capsys, "lookup", str(bad), "--index", str(tmp_path / "none"))
    assert code == 2 and "'query' column" in err
    code, _, err = run(capsys, "ask", "  ", "--index", str(tmp_path / "none"))
    assert code == 2 and "empty question" in err


def test_lookup_help_documents_the_limits(capsys):
    with pytest.raises(SystemExit):
        cli.main(["lookup", "--help"])
    out = capsys.readouterr().out
    assert "10000 queries" in out and "1000 characters" in out
