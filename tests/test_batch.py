"""Batch query files: .txt/.csv/.jsonl readers with per-line errors, and the result writers."""

from __future__ import annotations

import csv
import io
import json

import pytest

from ingest.records import Clause
from search.batch import (
    BatchError,
    CsvResultWriter,
    parse_queries,
    read_queries,
    result_record,
)
from search.limits import MAX_QUERY_CHARS
from search.records import Answer, AnswerSentence, Hit, SearchResult


def test_txt_one_query_per_line_with_line_numbers(tmp_path):
    p = tmp_path / "q.txt"
    p.write_text("Res. 30 resolves 8\n\n# a comment\n  what is WSIS?  \n", encoding="utf-8")
    batch = read_queries(p)
    assert [(i.id, i.query, i.line) for i in batch.items] == [("1", "Res. 30 resolves 8", 1), ("4", "what is WSIS?", 4)]
    assert batch.errors == ()


def test_txt_with_bom_and_crlf(tmp_path):
    p = tmp_path / "q.txt"
    p.write_bytes("\ufeffq one\r\nq two\r\n".encode())
    assert [i.query for i in read_queries(p).items] == ["q one", "q two"]


def test_csv_columns_and_bad_rows(tmp_path):
    p = tmp_path / "q.csv"
    p.write_text('id,query\na1,"Res 30, resolves 8"\na2,\n\na3,ldcs repayment\na1,duplicate id\n', encoding="utf-8")
    batch = read_queries(p)
    assert [(i.id, i.query, i.line) for i in batch.items] == [("a1", "Res 30, resolves 8", 2), ("a3", "ldcs repayment", 5)]
    assert [(e.line, e.message) for e in batch.errors] == [
        (3, "empty query"), (6, "duplicate id 'a1' (first used on line 2)")]


def test_csv_without_id_uses_line_numbers_and_accepts_question_column():
    batch = parse_queries("question\nfirst\nsecond\n", "csv")
    assert [(i.id, i.query) for i in batch.items] == [("2", "first"), ("3", "second")]


def test_csv_missing_query_column_is_a_file_error():
    with pytest.raises(BatchError, match="'query' column"):
        parse_queries("id,text\n1,hello\n", "csv")


def test_csv_short_row_is_reported():
    batch = parse_queries("id,extra,query\n1,x,ok\n2\n", "csv")
    assert [i.query for i in batch.items] == ["ok"]
    assert batch.errors[0].line == 3 and "query column" in batch.errors[0].message


def test_jsonl_fields_and_bad_lines(tmp_path):
    p = tmp_path / "q.jsonl"
    lines = [
        json.dumps({"id": "d1", "question": "Res 2"}),
        "{not json",
        json.dumps(["a list"]),
        json.dumps({"id": "d4"}),
        json.dumps({"id": 5, "query": "numeric id"}),
        json.dumps({"query": 42}),
        "",
        json.dumps({"question": "no id"}),
        json.dumps({"id": "d9", "question": "x" * (MAX_QUERY_CHARS + 1)}),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    batch = read_queries(p)
    assert [(i.id, i.query, i.line) for i in batch.items] == [("d1", "Res 2", 1), ("5", "numeric id", 5), ("8", "no id", 8)]
    errors = {e.line: e.message for e in batch.errors}
    assert set(errors) == {2, 3, 4, 6, 9}
    assert errors[2].startswith("not valid JSON")
    assert errors[3] == "not a JSON object"
    assert errors[4] == "no 'question' or 'query' field"
    assert "not a string" in errors[6]
    assert f"longer than {MAX_QUERY_CHARS}" in errors[9]
    assert str(batch.errors[0]).startswith("line 2: ")


@pytest.mark.parametrize(("name", "content", "match"), [
    ("q.pdf", b"%PDF", "unsupported query file type"),
    ("q.txt", b"\xff\xfe\x00bad", "not UTF-8"),
])
def test_file_level_errors(tmp_path, name, content, match):
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(BatchError, match=match):
        read_queries(p)


def test_missing_file(tmp_path):
    with pytest.raises(BatchError, match="no such file"):
        read_queries(tmp_path / "nope.txt")


def test_too_many_queries(monkeypatch):
    import search.batch as batch

    monkeypatch.setattr(batch, "MAX_BATCH_QUERIES", 3)
    with pytest.raises(BatchError, match="more than 3 queries"):
        parse_queries("a\nb\nc\nd\n", "txt")


def _clause(label="8", printed_page="3"):
    return Clause(file="pdf/WTDC-22-Res-30.pdf", instrument="Resolution", number="30", revision="Rev. Kigali, 2022",
                  body="WTDC", title="Role of ITU-D", section="resolves", kind="operative", label=label,
                  text="to continue its work", page=3, printed_page=printed_page)


def test_result_record_shape():
    c = _clause()
    res = SearchResult(query="q", hits=(Hit(c, 0.9, 1),), answer=Answer((AnswerSentence(c.text, c, 0.8),), 0.77),
                       abstained=False)
    rec = result_record("x1", res)
    assert rec["id"] == "x1" and rec["abstained"] is False
    hit = rec["hits"][0]
    assert {k: hit[k] for k in ("rank", "score", "text", "source", "page", "printed_page")} == {
        "rank": 1, "score": 0.9, "text": "to continue its work", "source": "pdf/WTDC-22-Res-30.pdf", "page": 3,
        "printed_page": "3"}
    assert hit["citation"] == {"instrument": "Resolution", "number": "30", "revision": "Rev. Kigali, 2022",
                               "body": "WTDC", "title": "Role of ITU-D", "section": "resolves", "label": "8",
                               "kind": "operative", "text": c.citation}
    assert rec["answer"]["sentences"] == [{"text": "to continue its work", "citation": c.citation}]
    json.dumps(rec)


def test_abstained_record_has_no_answer_and_csv_has_one_row_per_hit():
    c1, c2 = _clause("1", None), _clause("2")
    res = SearchResult(query="net neutrality", hits=(Hit(c1, 0.2, 1), Hit(c2, 0.1, 2)),
                       answer=Answer((AnswerSentence(c1.text, c1, 0.1),), 0.1), abstained=True, message="no")
    rec = result_record("u1", res)
    assert rec["answer"] is None and rec["abstained"] is True
    out = io.StringIO()
    CsvResultWriter(out).write(rec)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["id"], r["rank"], r["abstained"], r["printed_page"]) for r in rows] == [
        ("u1", "1", "true", ""), ("u1", "2", "true", "3")]
    assert rows[0]["citation"] == c1.citation


def test_csv_row_for_a_query_without_hits():
    rec = result_record("e", SearchResult(query="zzz", hits=(), answer=None, abstained=True, message="nothing"))
    out = io.StringIO()
    CsvResultWriter(out).write(rec)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 1 and rows[0]["rank"] == "" and rows[0]["message"] == "nothing"
