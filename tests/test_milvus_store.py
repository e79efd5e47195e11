"""The Milvus store (milvus-lite here): locations, BM25 sparse vectors, ingest / incremental update / prune /
remove / rebuild, an ingest killed mid-write, and readers that stay consistent while another process ingests."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import index
from index import FakeEmbedder, IndexBusy, IndexMissing
from index.errors import IndexError_
from index.stores import ClauseStore, milvus_location
from tests.index_fixtures import CountingEmbedder, make_clause, resolution_text
from tests.milvus_fixtures import milvus_lite_server

pytestmark = pytest.mark.slow  # left out of `make check` (see Makefile)

REPO = Path(__file__).resolve().parents[1]


def test_locations():
    loc = milvus_location("milvus://db.example:19531/itu_main")
    assert (loc.uri, loc.alias, loc.lite) == ("http://db.example:19531", "itu_main", False)
    assert milvus_location(Path("milvus://db.example:19531/itu_main")) == loc  # a Path folds "//" to "/"
    assert milvus_location("milvus://db").uri == "http://db:19530"
    lite = milvus_location("milvus-lite:/tmp/x.db")
    assert lite.lite and lite.uri == "/tmp/x.db" and str(lite) == "milvus-lite:/tmp/x.db"
    assert milvus_location("itu-index") is None and milvus_location(Path("milvus-data")) is None
    with pytest.raises(IndexError_, match="milvus://HOST:PORT/COLLECTION"):
        milvus_location("milvus:/bad name/")


def test_sparse_vectors_give_the_bm25_scores_of_the_default_store():
    from index.lexical import Lexical
    from index.sparse import document_vectors, query_vector

    texts = ["ITU-D shall assist developing countries with e-waste", "the digital divide in rural areas",
             "radio-frequency spectrum 5150-5250 MHz for satellites", "of the", "digital digital divide e-waste",
             "resolves 8 to continue the work of ITU-D"]
    docs = document_vectors(texts)
    lex = Lexical.build(texts)
    for q in ["digital divide", "ITU-D e-waste", "5150-5250", "resolves 8 digital", "nothing matches here"]:
        qv = query_vector(q)
        ip = np.array([sum(w * d.get(t, 0.0) for t, w in qv.items()) for d in docs])
        assert np.allclose(ip, lex.scores(q), atol=1e-4), q


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "res-901.txt").write_text(resolution_text(
        901, "Spectrum for rural broadband",
        ["to promote satellite backhaul for remote villages", "to report annually to the Council"]))
    (folder / "res-902.txt").write_text(resolution_text(
        902, "Protection of children online",
        ["to develop guidelines on child online protection", "to cooperate with UNICEF on awareness campaigns"]))
    return folder


def _lite(tmp_path) -> str:
    return f"milvus-lite:{tmp_path / 'store.db'}"


def _open(where):
    return index.open(where, embedder=FakeEmbedder())


def test_ingest_update_prune_remove_and_rebuild(corpus, tmp_path):
    import search

    where = _lite(tmp_path)
    with pytest.raises(IndexMissing):
        _open(where)
    assert index.built_model(where) is None
    rep = index.build([corpus], where, embedder=FakeEmbedder(), progress=False)
    assert rep.wrote and rep.exit_code == 0 and len(rep.added) == 2
    assert index.built_model(where) == FakeEmbedder().name
    idx = _open(where)
    assert isinstance(idx, ClauseStore) and idx.stats().store == "milvus-lite"
    assert len(idx) == rep.clauses_total == 6
    hit = search.ask(idx, "UNICEF awareness campaigns").hits[0]
    assert "UNICEF" in hit.clause.text and hit.lexical and hit.dense is not None
    first = idx.collection

    emb = CountingEmbedder()  # nothing changed: nothing parsed, embedded or written
    rep = index.build([corpus], where, embedder=emb, progress=False)
    assert not rep.wrote and emb.texts == 0 and _open(where).collection == first

    kept = {c.id: v for c, v in zip(idx.clauses, idx.vectors(), strict=True) if c.number == "902"}
    (corpus / "res-901.txt").write_text(resolution_text(901, "Spectrum for rural broadband",
                                                        ["to promote community networks in mountain regions"]))
    emb = CountingEmbedder()
    rep = index.build([corpus], where, embedder=emb, progress=False)
    assert [Path(p).name for p in rep.updated] == ["res-901.txt"] and emb.texts == 2
    idx = _open(where)
    assert idx.collection != first
    texts = [c.text for c in idx.clauses]
    assert any("community networks" in t for t in texts) and not any("satellite backhaul" in t for t in texts)
    new = {c.id: v for c, v in zip(idx.clauses, idx.vectors(), strict=True) if c.number == "902"}
    assert new.keys() == kept.keys() and all(np.array_equal(new[k], kept[k]) for k in new)  # reused
    assert "community networks" in search.ask(idx, "community networks in mountains").hits[0].clause.text

    (corpus / "res-902.txt").unlink()
    rep = index.build([corpus], where, embedder=FakeEmbedder(), prune=True, progress=False)
    assert [Path(p).name for p in rep.pruned] == ["res-902.txt"]
    idx = _open(where)
    assert {c.number for c in idx.clauses} == {"901"}
    assert all("UNICEF" not in h.clause.text for h in search.ask(idx, "UNICEF").hits)

    (corpus / "res-903.txt").write_text(resolution_text(903, "Drones", ["to study drones"]))
    index.build([corpus], where, embedder=FakeEmbedder(), progress=False)
    rep = index.remove(["res-901.txt"], where)
    assert [Path(p).name for p in rep.pruned] == ["res-901.txt"]
    assert {c.number for c in _open(where).clauses} == {"903"}

    emb = CountingEmbedder()
    rep = index.build([corpus], where, embedder=emb, rebuild=True, progress=False)
    assert rep.wrote and emb.texts == len(_open(where))
    # only the live collection and the one before it (for readers still on it) are kept
    client = _open(where).client
    assert len([c for c in client.list_collections() if not c.endswith("__meta")]) == 2


def test_filters_and_clause_lookup_on_milvus(tmp_path):
    import search
    from search.records import Filters
    from tests.milvus_fixtures import milvus_from_clauses

    cs = [make_clause("to reduce the digital divide", number="1", label="1", file="a.txt"),
          make_clause("to bridge the digital divide in rural areas", number="2", label="1", file="b.txt"),
          make_clause("considering the digital divide", number="2", label="a)", kind="preamble",
                      section="considering", file="b.txt")]
    idx = milvus_from_clauses(cs, _lite(tmp_path))
    assert idx.clause_by_id(idx.clauses[1].id) == idx.clauses[1] and idx.row_of(idx.clauses[2].id) == 2
    res = search.ask(idx, "digital divide", filters=Filters(number="2", kind="operative"))
    assert [h.clause.text for h in res.hits] == ["to bridge the digital divide in rural areas"]
    assert search.ask(idx, "digital divide", filters=Filters(number="7")).hits == ()


def test_cli_ingest_and_ask_on_milvus_lite(corpus, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO), "ITU_SEARCH_BACKEND": "fake"}
    where = _lite(tmp_path)
    run = [sys.executable, str(REPO / "cli.py")]
    out = subprocess.run([*run, "ingest", str(corpus), "--index", where, "--workers", "2"], env=env,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert f"index: {where}" in out.stdout
    out = subprocess.run([*run, "ask", "UNICEF awareness campaigns", "--index", where, "--json"], env=env,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "UNICEF" in json.loads(out.stdout)["hits"][0]["text"]


_WRITER = """
import sys
sys.path.insert(0, {repo!r})
import index
index.build([{docs!r}], {where!r}, embedder=index.FakeEmbedder(), progress=False)
"""


def _writer(docs: Path, where: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", _WRITER.format(repo=str(REPO), docs=str(docs), where=where)],
                            env={**os.environ, **env}, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("step", ["milvus-batch-inserted", "milvus-meta-written"])
def test_sigkill_during_an_ingest_leaves_the_previous_collection_answering(corpus, tmp_path, step):
    import search

    where = _lite(tmp_path)
    index.build([corpus], where, embedder=FakeEmbedder(), progress=False)
    before = _open(where).collection
    (corpus / "res-903.txt").write_text(resolution_text(903, "Drones", ["to study unmanned aircraft"]))
    child = _writer(corpus, where, ITU_SEARCH_TEST_PAUSE_AT=step)
    for line in child.stderr:
        if line.strip() == f"checkpoint {step}":
            break
    child.send_signal(signal.SIGKILL)
    child.wait()
    idx = _open(where)  # the killed writer's half-written collection is not what readers see
    assert idx.collection == before and "903" not in {c.number for c in idx.clauses}
    assert "UNICEF" in search.ask(idx, "UNICEF awareness campaigns").hits[0].clause.text
    rep = index.build([corpus], where, embedder=FakeEmbedder(), progress=False)  # no stale lease in the way
    assert rep.wrote and "903" in {c.number for c in _open(where).clauses}


def test_a_second_writer_is_refused_while_one_holds_the_lease(corpus, tmp_path):
    from index.milvus import connect, writer_lease

    where = _lite(tmp_path)
    loc = milvus_location(where)
    index.build([corpus], where, embedder=FakeEmbedder(), progress=False)
    with writer_lease(connect(loc), loc), pytest.raises(IndexBusy):
        index.build([corpus], where, embedder=FakeEmbedder(), rebuild=True, progress=False)


_READER = """
import json, sys, time
sys.path.insert(0, {repo!r})
import index, search
idx = index.open({where!r}, embedder=index.FakeEmbedder())
deadline = time.time() + 300  # a loaded CI machine: the reader stops once it sees the new collection
while time.time() < deadline:
    if idx.changed():
        idx = index.open({where!r}, embedder=index.FakeEmbedder())
    res = search.ask(idx, "drones and unmanned aircraft")
    print(json.dumps([idx.collection, [h.clause.id for h in res.hits]]), flush=True)
    if len(sys.argv) > 1 and idx.collection != sys.argv[1]:
        break
"""


def test_readers_answer_consistently_while_another_process_ingests(corpus, tmp_path):
    """Two reader processes query one Milvus (milvus-lite server) while a third ingests a new file: every
    answer comes whole from one collection version, the old one until the switch, then the new one."""
    import search

    with milvus_lite_server(tmp_path / "server") as address:
        where = f"{address}/itu_shared"
        index.build([corpus], where, embedder=FakeEmbedder(), progress=False)
        old = _open(where)
        script = _READER.format(repo=str(REPO), where=where)
        readers = [subprocess.Popen([sys.executable, "-c", script, old.collection], stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True) for _ in range(2)]
        for r in readers:
            assert r.stdout.readline()  # both are answering before the ingest starts
        (corpus / "res-903.txt").write_text(resolution_text(903, "Drones", ["to study drones and unmanned aircraft"]))
        writer = _writer(corpus, where, ITU_SEARCH_TEST_WRITE_DELAY="0.2")
        assert writer.wait(timeout=300) == 0, writer.stderr.read()[-3000:]
        new = _open(where)
        expected = {old.collection: [h.clause.id for h in search.ask(old, "drones and unmanned aircraft").hits],
                    new.collection: [h.clause.id for h in search.ask(new, "drones and unmanned aircraft").hits]}
        assert expected[old.collection] != expected[new.collection]
        for r in readers:
            out, err = r.communicate(timeout=300)
            assert r.returncode == 0, err[-3000:]
            seen = [json.loads(line) for line in out.splitlines()]
            assert seen[0][0] == old.collection and seen[-1][0] == new.collection  # answered across the switch
            for collection, ids in seen:
                assert ids == expected[collection]


def test_web_ui_holder_serves_a_milvus_index_and_follows_its_ingests(corpus, tmp_path):
    from webui.state import IndexHolder

    where = _lite(tmp_path)
    index.build([corpus], where, embedder=FakeEmbedder(), progress=False)
    holder = IndexHolder(Path(where), FakeEmbedder())
    first = holder.current()
    assert first.stats().store == "milvus-lite" and holder.error == ""
    (corpus / "res-903.txt").write_text(resolution_text(903, "Drones", ["to study drones"]))
    index.build([corpus], where, embedder=FakeEmbedder(), progress=False)
    now = holder.current()  # the alias moved: the holder reopened the new collection
    assert now is not first and "903" in {c.number for c in now.clauses}
