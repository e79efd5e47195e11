"""The reference graph is built at ingest and stored with the index (index/build.py, index/store.py): opened
without resolving again, kept right when documents are added or removed, and atomic with the rest."""

from __future__ import annotations

import json
import sqlite3
import sys

import pytest

import index
import ingest.graph
from index import FakeEmbedder, IndexIncompatible
from index.errors import IndexWriteError
from ingest.graph import Resolution, graph_of, resolve_references
from ingest.instruments import instruments_of
from ingest.references import Reference
from search.corpus import view_of
from tests.index_fixtures import RES_88_NEW, RES_88_OLD, res_89_citing

FILES = {"r88-2018.txt": RES_88_OLD, "r88-2022.txt": RES_88_NEW,
         "r89.txt": res_89_citing("c)\tResolution 88 of the Plenipotentiary Conference;\n")}


def _write(folder, *names):
    folder.mkdir(exist_ok=True)
    for name in names:
        (folder / name).write_text(FILES[name], encoding="utf-8")


def _location(tmp_path, store: str) -> str:
    return str(tmp_path / "idx") if store == "folder" else f"milvus-lite:{tmp_path / 'milvus.db'}"


STORES = ["folder", pytest.param("milvus-lite", marks=pytest.mark.slow)]


def _cites_of_89(folder) -> list[tuple[str, str | None, str | None]]:
    """(label, revision it resolves to, revision in force when the cited one is not indexed) per reference
    of Res. 89 to Res. 88, as the opened index gives them."""
    idx = index.open(folder, embedder=FakeEmbedder())
    view = view_of(idx)
    g = view.graph
    [src] = [i for i, inst in enumerate(view.instruments) if inst.number == "89"]
    rev = lambda i: None if i is None else view.instruments[i].revision  # noqa: E731
    return [(idx.clauses[e.row].label, rev(e.target), rev(e.other_revision))
            for e in g.cites(src) if e.ref.type == "resolution"]


def _stored_equals_fresh(folder) -> None:
    """What the store holds is what resolving the index's clauses from scratch gives."""
    idx = index.open(folder, embedder=FakeEmbedder())
    assert idx.resolutions() == resolve_references(idx.clauses, idx.all_references())


def test_graph_is_stored_at_ingest_and_opened_without_resolving(tmp_path, monkeypatch):
    docs, d = tmp_path / "docs", tmp_path / "idx"
    _write(docs, *FILES)
    report = index.build([docs], d, embedder=FakeEmbedder(), progress=False)
    assert report.wrote and report.graph_seconds > 0 and "reference graph" in report.summary()
    con = sqlite3.connect(d / "clauses.sqlite")
    try:
        stored = con.execute("SELECT ref_id, revision, source, target, other FROM refs WHERE type = 'resolution' "
                             "ORDER BY row, start").fetchall()
    finally:
        con.close()
    assert len(stored) == 3 and all(t is not None for _, _, _, t, _ in stored)

    def no_resolving(*_a, **_k):
        raise AssertionError("the graph was resolved again on open")

    monkeypatch.setattr(ingest.graph, "resolve_references", no_resolving)
    monkeypatch.setattr("index.core.resolve_references", no_resolving)
    assert _cites_of_89(d) == [("a)", "Rev. Oldtown, 2018", None), ("b)", "Rev. Newtown, 2022", None),
                               ("c)", "Rev. Newtown, 2022", None)]  # no tag: the revision in force


@pytest.mark.parametrize("store", STORES)
def test_adding_and_removing_documents_keeps_the_graph_right(tmp_path, store):
    docs, d = tmp_path / "docs", _location(tmp_path, store)
    _write(docs, "r89.txt")
    index.build([docs], d, embedder=FakeEmbedder(), progress=False)
    assert _cites_of_89(d) == [("a)", None, None), ("b)", None, None), ("c)", None, None)]  # Res. 88 not indexed

    _write(docs, "r88-2018.txt")  # a new document resolves the references of one already indexed
    report = index.build([docs], d, embedder=FakeEmbedder(), progress=False)
    assert len(report.added) == 1
    assert report.unchanged and report.clauses_embedded < report.clauses_total  # incremental: r89 not re-embedded
    assert _cites_of_89(d) == [("a)", "Rev. Oldtown, 2018", None), ("b)", None, "Rev. Oldtown, 2018"),
                               ("c)", "Rev. Oldtown, 2018", None)]
    _stored_equals_fresh(d)

    _write(docs, "r88-2022.txt")  # a later revision: the untagged reference moves to it
    index.build([docs], d, embedder=FakeEmbedder(), progress=False)
    assert _cites_of_89(d) == [("a)", "Rev. Oldtown, 2018", None), ("b)", "Rev. Newtown, 2022", None),
                               ("c)", "Rev. Newtown, 2022", None)]
    _stored_equals_fresh(d)

    removed = index.remove([str(docs / "r88-2018.txt")], d)  # removing one: its references' resolution follows
    assert removed.wrote and removed.graph_seconds > 0
    assert _cites_of_89(d) == [("a)", None, "Rev. Newtown, 2022"), ("b)", "Rev. Newtown, 2022", None),
                               ("c)", "Rev. Newtown, 2022", None)]
    _stored_equals_fresh(d)

    (docs / "r88-2018.txt").unlink()
    (docs / "r88-2022.txt").unlink()
    index.build([docs], d, embedder=FakeEmbedder(), progress=False, prune=True)  # pruned by an ingest
    assert _cites_of_89(d) == [("a)", None, None), ("b)", None, None), ("c)", None, None)]
    _stored_equals_fresh(d)


@pytest.mark.slow
def test_milvus_stores_the_graph_at_ingest(tmp_path, monkeypatch):
    docs, loc = tmp_path / "docs", _location(tmp_path, "milvus-lite")
    _write(docs, *FILES)
    report = index.build([docs], loc, embedder=FakeEmbedder(), progress=False)
    assert report.wrote and report.graph_seconds > 0

    def no_resolving(*_a, **_k):
        raise AssertionError("the graph was resolved again on open")

    monkeypatch.setattr("index.core.resolve_references", no_resolving)
    assert _cites_of_89(loc) == [("a)", "Rev. Oldtown, 2018", None), ("b)", "Rev. Newtown, 2022", None),
                                 ("c)", "Rev. Newtown, 2022", None)]
    idx = index.open(loc, embedder=FakeEmbedder())
    assert [r.label for r in idx.references(idx.clauses[0].id)] == []  # Res. 88 resolves 1 cites nothing
    assert sum(len(idx.references(r)) for r in range(len(idx.clauses))) == len(idx.all_references()) == 4


def test_a_failing_graph_build_keeps_the_previous_index(tmp_path, monkeypatch):
    docs, d = tmp_path / "docs", tmp_path / "idx"
    _write(docs, "r89.txt")
    index.build([docs], d, embedder=FakeEmbedder(), progress=False)
    before = sorted(p.name for p in d.iterdir())
    _write(docs, "r88-2018.txt")

    def boom(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sys.modules["index.build"], "resolve_references", boom)
    with pytest.raises(IndexWriteError, match="reference graph"):
        index.build([docs], d, embedder=FakeEmbedder(), progress=False)
    monkeypatch.undo()
    assert sorted(p.name for p in d.iterdir()) == before
    assert not [p for p in d.parent.iterdir() if p.name not in ("docs", "idx")]  # no temp folder left
    assert _cites_of_89(d) == [("a)", None, None), ("b)", None, None), ("c)", None, None)]
    assert len(index.open(d, embedder=FakeEmbedder()).files()) == 1


def test_an_index_of_the_previous_format_asks_for_a_rebuild(tmp_path):
    docs, d = tmp_path / "docs", tmp_path / "idx"
    _write(docs, "r89.txt")
    index.build([docs], d, embedder=FakeEmbedder(), progress=False)
    meta = json.loads((d / "meta.json").read_text())
    (d / "meta.json").write_text(json.dumps({**meta, "format_version": 4}))  # no graph in its store
    with pytest.raises(IndexIncompatible, match=r"format 4.*--rebuild"):
        index.open(d, embedder=FakeEmbedder())
    with pytest.raises(IndexIncompatible, match=r"format 4.*--rebuild"):
        index.build([docs], d, embedder=FakeEmbedder(), progress=False)
    index.build([docs], d, embedder=FakeEmbedder(), progress=False, rebuild=True)
    assert _cites_of_89(d) == [("a)", None, None), ("b)", None, None), ("c)", None, None)]


def test_stored_resolutions_must_fit_the_index():
    from ingest.records import Clause

    c = Clause(file="a.txt", instrument="Resolution", number="1", revision="", body="PP", title="T",
               section="resolves", kind="operative", label="1", text="Resolution 2", page=1, printed_page=None)
    insts = instruments_of([c])
    refs = [(0, Reference("resolution", "2"))]
    assert graph_of(insts, refs, [Resolution(0, None)]).cites(0)[0].ref.id == "2"
    with pytest.raises(ValueError, match="resolutions for 1 references"):
        graph_of(insts, refs, [])
    with pytest.raises(ValueError, match="instrument 3"):
        graph_of(insts, refs, [Resolution(0, 3)])


def test_in_memory_index_resolves_on_first_use():
    from tests.index_fixtures import make_clause

    clauses = [make_clause("recalling Resolution 1 of this conference", label="1")]
    idx = index.Index.from_clauses(clauses, FakeEmbedder())
    assert idx.resolutions() == resolve_references(clauses, idx.all_references())
    [e] = view_of(idx).graph.edges
    assert e.target == 0  # the instrument cites itself: resolved in memory, nothing stored
