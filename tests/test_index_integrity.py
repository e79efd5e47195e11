"""A damaged, foreign or half-written index folder gives a specific error; an interrupted ingest (SIGKILL at
any moment of the write) leaves the previous index loadable and queryable."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import index
from index import FakeEmbedder, IndexCorrupt, IndexMissing, atomic
from index.atomic import WRITE_STEPS
from index.integrity import sha256_file
from tests.index_fixtures import build_two_resolutions, resolution_text

pytestmark = pytest.mark.slow  # left out of `make check` (see Makefile)

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def built(tmp_path):
    return build_two_resolutions(tmp_path)


def _open(d):
    return index.open(d, embedder=FakeEmbedder())


def _fix_checksum(d: Path, name: str) -> None:
    meta = json.loads((d / "meta.json").read_text())
    meta["checksums"][name] = {"size": (d / name).stat().st_size, "sha256": sha256_file(d / name)}
    (d / "meta.json").write_text(json.dumps(meta))


def test_truncated_faiss_file(built):
    _, d = built
    data = (d / "dense.faiss").read_bytes()
    (d / "dense.faiss").write_bytes(data[: len(data) // 2])
    with pytest.raises(IndexCorrupt, match=r"dense\.faiss has \d+ bytes.*--rebuild"):
        _open(d)
    _fix_checksum(d, "dense.faiss")  # even with matching bookkeeping, FAISS cannot read it
    with pytest.raises(IndexCorrupt, match=r"dense\.faiss cannot be read.*--rebuild"):
        _open(d)


def test_corrupted_bytes_in_faiss_file(built):
    _, d = built
    data = bytearray((d / "dense.faiss").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (d / "dense.faiss").write_bytes(bytes(data))
    with pytest.raises(IndexCorrupt, match=r"dense\.faiss does not match its recorded checksum.*--rebuild"):
        _open(d)


def test_store_not_matching_vectors(built):
    _, d = built
    con = sqlite3.connect(d / "clauses.sqlite")
    con.execute("DELETE FROM clauses WHERE row = (SELECT MAX(row) FROM clauses)")
    con.commit()
    con.close()
    _fix_checksum(d, "clauses.sqlite")
    with pytest.raises(IndexCorrupt, match=r"clause store holds 5 clauses, the vector file 6 vectors.*--rebuild"):
        _open(d)


@pytest.mark.parametrize("name", ["clauses.sqlite", "dense.faiss", "meta.json", "bm25/vocab.index.json"])
def test_missing_file(built, name):
    _, d = built
    (d / name).unlink()
    with pytest.raises(IndexCorrupt, match=rf"{name.replace('.', '[.]')} is missing.*--rebuild"):
        _open(d)


def test_no_index_folder(tmp_path):
    with pytest.raises(IndexMissing, match=r"no index at .*nowhere: run `itu-search ingest corpus/`"):
        index.open(tmp_path / "nowhere")


def test_rebuild_repairs_a_damaged_index(built):
    docs, d = built
    (d / "dense.faiss").write_bytes(b"garbage")
    (docs / "res-911.txt").write_text(resolution_text(911, "Title 911", ["to map cable routes"]))
    with pytest.raises(IndexCorrupt, match="--rebuild"):  # an update reuses the other file's vectors
        index.build([docs], d, embedder=FakeEmbedder(), progress=False)
    index.build([docs], d, embedder=FakeEmbedder(), rebuild=True, progress=False)
    assert len(_open(d).clauses) == 5


def test_interrupted_swap_and_stale_temp_folders_are_recovered(built):
    docs, d = built
    old = d.parent / ".idx.old-1-1"
    os.rename(d, old)  # as if killed between the two renames of a swap
    (d.parent / ".idx.tmp-2-2").mkdir()
    (d.parent / ".idx.tmp-2-2" / "clauses.sqlite").write_bytes(b"half written")
    assert len(_open(d).clauses) == 6  # readers find the previous index where the swap left it
    rep = index.build([docs], d, embedder=FakeEmbedder(), progress=False)
    assert not rep.wrote and len(rep.unchanged) == 2
    assert d.is_dir() and not old.exists() and not (d.parent / ".idx.tmp-2-2").exists()


def test_concurrent_writer_is_refused(built):
    from index import atomic

    docs, d = built
    with atomic.write_lock(d), pytest.raises(index.IndexBusy, match="another `itu-search ingest`"):
        index.build([docs], d, embedder=FakeEmbedder(), progress=False)


_CHILD = """
import sys
sys.path.insert(0, {repo!r})
import index
index.build([{docs!r}], {d!r}, embedder=index.FakeEmbedder(), progress=False)
"""


def _start_writer(docs: Path, d: Path, cwd: Path, **hooks: str) -> subprocess.Popen:
    env = {**os.environ, **hooks}
    script = _CHILD.format(repo=str(REPO), docs=str(docs), d=str(d))
    return subprocess.Popen([sys.executable, "-c", script], env=env, cwd=cwd, stderr=subprocess.PIPE, text=True)


def _assert_queryable_with_old_files(d: Path) -> set[str]:
    idx = _open(d)
    numbers = {c.number for c in idx.clauses}
    assert {"911", "912"} <= numbers
    row, _ = idx.lexical_search("submarine cables", 1)[0]
    assert "submarine cables" in idx.clauses[row].text
    return numbers


@pytest.mark.parametrize("step", WRITE_STEPS)
def test_sigkill_at_each_write_step_leaves_a_loadable_index(built, tmp_path, step):
    """The writer announces each step (test hook) and pauses; SIGKILL it right there, then open and query."""
    docs, d = built
    (docs / "res-913.txt").write_text(resolution_text(913, "Title 913", ["to study drones"]))
    child = _start_writer(docs, d, tmp_path, ITU_SEARCH_TEST_PAUSE_AT=step)
    for line in child.stderr:
        if line.strip() == f"checkpoint {step}":
            break
    child.send_signal(signal.SIGKILL)
    child.wait()
    numbers = _assert_queryable_with_old_files(d)
    assert ("913" in numbers) == (step == "new-in-place")  # the new index is live only once swapped in
    rep = index.build([docs], d, embedder=FakeEmbedder(), progress=False)  # the next run completes the job
    assert "913" in {c.number for c in _open(d).clauses} and rep.exit_code == 0
    assert not list(d.parent.glob(".idx.tmp-*")) and not list(d.parent.glob(".idx.old-*"))


def test_sigkill_at_random_moments_leaves_a_loadable_index(built, tmp_path):
    docs, d = built
    rng = random.Random(1234)
    for attempt in range(4):
        (docs / "res-913.txt").write_text(resolution_text(913, "Title 913", [f"to study drones, round {attempt}"]))
        child = _start_writer(docs, d, tmp_path, ITU_SEARCH_TEST_WRITE_DELAY="0.05")
        time.sleep(rng.uniform(0.2, 2.0))
        child.send_signal(signal.SIGKILL)
        child.wait()
        _assert_queryable_with_old_files(d)
    index.build([docs], d, embedder=FakeEmbedder(), progress=False)
    assert any("round 3" in c.text for c in _open(d).clauses)


def test_the_write_lock_leaves_no_file_behind_and_still_excludes(tmp_path):
    d = tmp_path / "itu-index"
    lock_file = tmp_path / ".itu-index.lock"
    with atomic.write_lock(d):
        assert lock_file.exists()
        with pytest.raises(index.IndexBusy), atomic.write_lock(d):
            pass
    assert not lock_file.exists()
    with atomic.write_lock(d):  # and it can be taken again
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == []
