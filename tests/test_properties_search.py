"""Property-based tests (hypothesis) of everything that reads a user's query: the citation parser, `search.ask`
over a small index (fake embedder), and the batch readers. Whatever is typed or uploaded, the answer is a
result or a clear message, never an exception, and the documented limits hold."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import config
from search import MAX_BATCH_QUERIES, MAX_K, MAX_QUERY_CHARS
from search.batch import BatchError, parse_queries, read_queries, result_record, result_writer
from search.citations import Reference, parse_reference

# Every code point, lone surrogates included: a browser's JSON ("\ud800") or a command line with invalid
# UTF-8 (surrogateescape) can deliver them to Python.
ANY_CHAR = st.characters(codec=None, categories=None)
CONTROL = st.sampled_from(["\x00", "\x07", "\x1b[31m", "\r", "\x0b", "\x0c", "\u2028", "\u202e", "\ufeff",
                           "\u200b", "\ud800", "\udcff", "\x7f", "\u0085"])
REFERENCE_BITS = st.sampled_from(["Res.", "Resolution", "res", "30", "(Rev. Kigali, 2022)", "resolves", "8",
                                  "annex", "2", "to", "WTDC", "PP-18", "Rec.", "Decision", "footnote", "*",
                                  "instructs the Secretary-General", "a)", "9.5.6", "(", ")", ",", "-", "§"])
QUERY = st.one_of(
    st.text(ANY_CHAR, max_size=300),
    st.lists(st.one_of(REFERENCE_BITS, CONTROL, st.text(ANY_CHAR, max_size=5)), max_size=40).map(" ".join),
    st.text(" \t\n\r\u00a0\u3000", max_size=50),  # whitespace only
)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ------------------------------------------------------------------------------------------- citations

@SETTINGS
@given(QUERY)
@example("Res. 30 (Rev. Kigali, 2022) resolves to invite ITU-D 8")
@example("(" * 5000 + "Res 1" + ")" * 5000)
@example("Res. " * 20000)
def test_parse_reference_never_fails(text):
    ref = parse_reference(text)
    if ref is not None:
        assert isinstance(ref, Reference)
        assert ref.number.isdigit()
        assert ref.instrument in ("Resolution", "Decision", "Recommendation")
        assert all(isinstance(f, str) for f in (ref.revision, ref.section, ref.label, ref.rest))
        ref.describe()


def test_parse_reference_on_100_kb_inputs():
    """Long inputs of the shapes a regex can trip on (nested parentheses, repeated keywords) are read."""
    for text in ("Res. 1 (" + "Rev. " * 25000 + ")", "resolves " * 12000 + "Res. 30", "9." * 50000,
                 "Res. 30 " + "a) " * 33000, "x" * 100_000):
        assert len(text) >= 90_000
        ref = parse_reference(text)
        assert ref is None or ref.number.isdigit()


# ------------------------------------------------------------------------------------------- ask

@pytest.fixture(scope="module")
def small_index():
    import ingest
    from index import FakeEmbedder, Index

    clauses = ingest.parse_file(config.BUNDLED_CORPUS / "seeds" / "WTDC-22-Res-30.txt")
    assert len(clauses) > 20
    return Index.from_clauses(clauses, FakeEmbedder())


def _check_result(result, k):
    assert len(result.hits) <= k
    assert [h.rank for h in result.hits] == list(range(1, len(result.hits) + 1))
    for h in result.hits:
        assert 0.0 <= h.score <= 1.0 + 1e-6, h.score
        assert h.clause.citation
    assert len(result.query) <= MAX_QUERY_CHARS
    if not result.hits:
        assert result.message, "a result without hits says why"
    # What the CLI, the UI and `lookup` do with a result must work for any query, too.
    out = io.StringIO()
    for fmt in ("jsonl", "csv"):
        result_writer(fmt, out).write(result_record("1", result))
    out.getvalue().encode("utf-8")  # written to a UTF-8 file or terminal: must be encodable


@SETTINGS
@given(QUERY, st.integers(min_value=-5, max_value=MAX_K + 50))
@example("", 5)
@example("   \t\n", 5)
@example("\x00\x00", 5)
@example("Res. 30 resolves 8 \ud800", 5)
@example("Res. 30 (Rev. Kigali, 2022) resolves to invite ITU-D 8", 3)
def test_ask_answers_anything(small_index, query, k):
    from search import ask

    result = ask(small_index, query, k=k)
    _check_result(result, max(1, min(k, MAX_K)))


def test_ask_empty_and_whitespace_say_what_to_type(small_index):
    from search import ask

    for q in ("", "   ", "\n\t", "\u00a0\u3000"):
        result = ask(small_index, q)
        assert not result.hits
        assert "empty query" in result.message


def test_ask_100_kb_query_is_cut_to_the_documented_limit(small_index):
    from search import ask

    query = "submarine cables digital divide " * 3300
    assert len(query) > 100_000
    result = ask(small_index, query, k=5)
    assert len(result.query) <= MAX_QUERY_CHARS
    _check_result(result, 5)


# ------------------------------------------------------------------------------------------- batch

CSV_CELL = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=30)


@st.composite
def csv_files(draw):
    """CSV with a header (maybe without a query column), rows with missing or extra cells, stray quotes."""
    header = draw(st.lists(st.sampled_from(["id", "query", "question", "note", "", "QUERY ", "x"]), max_size=5))
    rows = draw(st.lists(st.lists(st.one_of(CSV_CELL, st.just('"'), st.just('a"b')), max_size=6), max_size=20))
    lines = [",".join(header)] + [",".join(r) for r in rows]
    return "\n".join(lines)


@st.composite
def jsonl_files(draw):
    """JSONL mixing good objects, broken JSON, arrays, numbers, wrong field types and blank lines."""
    good = st.builds(lambda i, q: json.dumps({"id": i, "query": q}),
                     st.one_of(st.integers(), st.text(max_size=5), st.none()), st.text(ANY_CHAR, max_size=50))
    bad = st.one_of(st.just("{"), st.just("[1, 2]"), st.just("42"), st.just('{"id": 1}'),
                    st.just('{"query": 5}'), st.just('{"id": {}, "query": "x"}'), st.just('{"query": "\\ud800"}'),
                    st.text(ANY_CHAR, max_size=20), st.just(""))
    return "\n".join(draw(st.lists(st.one_of(good, bad), max_size=25)))


def _check_batch(batch, text):
    n_lines = max(1, len(text.splitlines()) + 1)
    for item in batch.items:
        assert item.query.strip()
        assert len(item.query) <= MAX_QUERY_CHARS
        assert 1 <= item.line <= n_lines + 1
    ids = [i.id for i in batch.items]
    assert len(ids) == len(set(ids))
    for err in batch.errors:
        assert err.message and err.line >= 1
    assert len(batch.items) <= MAX_BATCH_QUERIES


@SETTINGS
@given(st.one_of(csv_files(), st.text(ANY_CHAR, max_size=400)))
@example("id,note\n1,hello")  # no query column
@example("id,query\n1\n2,a,b,c,d\n3,\"unclosed")  # missing and extra cells, broken quoting
@example("")
def test_csv_batches(text):
    try:
        batch = parse_queries(text, "csv")
    except BatchError as exc:
        assert str(exc).startswith("input: ")
        return
    _check_batch(batch, text)


@SETTINGS
@given(jsonl_files())
@example('{"id": 1, "query": "ok"}\n{broken\n[1]\n{"id": 1, "query": "duplicate id"}')
def test_jsonl_batches(text):
    batch = parse_queries(text, "jsonl")
    _check_batch(batch, text)


@SETTINGS
@given(st.text(ANY_CHAR, max_size=400))
def test_txt_batches(text):
    _check_batch(parse_queries(text, "txt"), text)


def test_batch_limits_are_enforced(tmp_path):
    lines = "\n".join(f"query {i}" for i in range(MAX_BATCH_QUERIES + 1))
    with pytest.raises(BatchError, match=f"more than {MAX_BATCH_QUERIES} queries"):
        parse_queries(lines, "txt")
    long = "x" * (MAX_QUERY_CHARS + 1)
    batch = parse_queries(f"ok\n{long}\n", "txt")
    assert [i.query for i in batch.items] == ["ok"]
    assert "longer than" in batch.errors[0].message and batch.errors[0].line == 2


@pytest.mark.parametrize("content, match", [
    (b"\xff\xfe\x00bad", "not UTF-8"),
    (b"id,query\n1,\xe9t\xe9\n", "not UTF-8"),
])
def test_non_utf8_files_are_refused_with_the_fix(tmp_path, content, match):
    path = tmp_path / "q.csv"
    path.write_bytes(content)
    with pytest.raises(BatchError, match=match):
        read_queries(path)


def test_query_file_that_is_a_folder_or_missing(tmp_path):
    (tmp_path / "d.txt").mkdir()
    for p in (tmp_path / "d.txt", tmp_path / "missing.txt"):
        with pytest.raises(BatchError, match="no such file"):
            read_queries(p)
