"""A hostile file system around the files: odd names, links, permissions, a full disk, a vanished source,
stale leftovers, two paths to one folder, a read-only index folder. Each case ends with a message naming
the file, the cause and the next step (exit 2 from the CLI), nothing lost, nothing left behind.

Faults are injected at the write layer (OSError with the real errno, SQLite's own "disk is full") so the
tests also run unprivileged; where the machine allows it (root), a real 256 KiB tmpfs and a real read-only
bind mount are used as well.
"""

from __future__ import annotations

import errno
import importlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import cli
import index
from index import FakeEmbedder, atomic
from tests.index_fixtures import cli_docs_folder, fake_cli_env, resolution_text

pytestmark = pytest.mark.slow  # left out of `make check` (see Makefile)

build_mod = importlib.import_module("index.build")

REPO = Path(__file__).resolve().parents[1]
LATIN1 = os.fsdecode(b"R\xe9solution-931.txt")  # a Latin-1 name from an unzipped archive: not UTF-8


def _write(folder: Path, name: str, number: int, text: str) -> Path:
    path = folder / name
    path.write_text(resolution_text(number, f"Title {number}", [text, "to report to the Council"]))
    return path


@pytest.fixture
def docs(tmp_path, monkeypatch):
    folder = cli_docs_folder(tmp_path, monkeypatch)
    _write(folder, "res-930.txt", 930, "to protect submarine cables from damage")
    return folder


def _heal(monkeypatch, tmp_path: Path) -> None:
    """Undo the injected fault (monkeypatch.undo also undoes the fixture's settings: set them again)."""
    monkeypatch.undo()
    fake_cli_env(monkeypatch, tmp_path)


def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".tmp-" in p.name or ".old-" in p.name)


def _numbers(d: Path) -> set[str]:
    return {c.number for c in index.open(d, embedder=FakeEmbedder()).clauses}


# ------------------------------------------------------------------------------------------- odd names

def test_name_that_is_not_utf8_is_indexed_and_shown_escaped(docs, tmp_path, capsys):
    """Was: UnicodeEncodeError traceback, nothing of the batch indexed, a temp folder left behind."""
    _write(docs, LATIN1, 931, "to reduce the e-waste of handsets")
    assert cli.main(["ingest", "docs", "--index", "idx"]) == 0
    out = capsys.readouterr().out
    assert "2 added" in out and "0 failed" in out
    idx = index.open(tmp_path / "idx", embedder=FakeEmbedder())
    assert {c.number for c in idx.clauses} == {"930", "931"}
    shown = {f.path for f in idx.files()}
    assert "docs/R\\xe9solution-931.txt" in shown
    entry = next(f for f in idx.files() if f.path.endswith("931.txt"))
    assert Path(entry.resolved).name == LATIN1  # the real name, kept exactly (for pages, prune, moves)
    json.loads((tmp_path / "idx" / "meta.json").read_text("ascii"))
    assert _leftovers(tmp_path) == []
    # unchanged on the next run (identified by its real path), then pruned once it is really deleted
    assert cli.main(["ingest", "docs", "--index", "idx"]) == 0
    assert "2 unchanged" in capsys.readouterr().out
    (docs / LATIN1).unlink()
    assert cli.main(["ingest", "docs", "--index", "idx", "--prune"]) == 0
    assert "1 pruned" in capsys.readouterr().out
    # ask/lookup print such names without an encoding error
    _write(docs, LATIN1, 931, "to reduce the e-waste of handsets")
    assert cli.main(["ingest", "docs", "--index", "idx"]) == 0
    capsys.readouterr()
    assert cli.main(["ask", "e-waste of handsets", "--index", "idx", "--json"]) == 0
    assert "R\\\\xe9solution-931.txt" in capsys.readouterr().out


def test_parse_names_a_file_that_is_not_utf8(docs, capsys):
    _write(docs, LATIN1, 931, "to reduce the e-waste of handsets")
    assert cli.main(["parse", str(docs / LATIN1)]) == 0
    first = json.loads(capsys.readouterr().out.splitlines()[0])
    assert first["file"].endswith("R\\xe9solution-931.txt")


def test_newline_and_control_characters_in_names_cannot_forge_report_lines(docs, capsys):
    _write(docs, "evil\nadded: fake.txt", 932, "to study spectrum")
    (docs / "bad\x1b[2Jname.txt").write_text("not a resolution\n")
    assert cli.main(["ingest", "docs", "--index", "idx"]) == 0
    out = capsys.readouterr().out
    assert "docs/evil\\nadded: fake.txt" not in out.splitlines()  # listed escaped, on one line
    assert not any(line.startswith("added: fake") for line in out.splitlines())
    assert "\x1b" not in out and "bad\\x1b[2Jname.txt" in out
    files = {f.path for f in index.open("idx", embedder=FakeEmbedder()).files()}
    assert "docs/evil\\nadded: fake.txt" in files


def test_names_starting_with_a_dash(docs, capsys):
    _write(docs, "-rf.txt", 933, "to protect numbering resources")
    assert cli.main(["ingest", "docs", "--index", "idx"]) == 0  # found in a folder: nothing special
    assert "2 added" in capsys.readouterr().out
    assert cli.main(["ingest", "--index", "idx2", "--", "docs/-rf.txt"]) == 0
    os.chdir(docs)
    with pytest.raises(SystemExit) as exc:
        cli.main(["ingest", "-rf.txt", "--index", "idx3"])
    assert exc.value.code == 2
    assert "write ./-rf.txt or put -- before it" in capsys.readouterr().err
    assert cli.main(["ingest", "./-rf.txt", "--index", "idx3"]) == 0


# ------------------------------------------------------------------------------------------- prune

def test_prune_keeps_the_records_of_a_missing_source(docs, tmp_path, capsys):
    """Was: `ingest SOURCE --prune` with SOURCE gone pruned everything (exit 0, "0 in the index")."""
    assert cli.main(["ingest", "docs", "--index", "idx"]) == 0
    os.rename(docs, tmp_path / "moved")  # an unmounted share, a moved folder
    capsys.readouterr()
    assert cli.main(["ingest", "docs", "--index", "idx", "--prune"]) == 2
    out, err = capsys.readouterr()
    assert "0 pruned" in out and "docs: no such file or folder" in out and "kept" in out
    assert "could not be read" in err
    assert _numbers(tmp_path / "idx") == {"930"}


def test_prune_keeps_the_records_of_an_emptied_folder(docs, tmp_path, capsys):
    """An unmounted share leaves its mount point: an empty folder. Its records are kept."""
    assert cli.main(["ingest", "docs", "--index", "idx"]) == 0
    (docs / "res-930.txt").unlink()
    capsys.readouterr()
    assert cli.main(["ingest", "docs", "--index", "idx", "--prune"]) == 2
    out = capsys.readouterr().out
    assert "holds no .pdf, .docx or .txt file now" in out and "itu-search remove" in out
    assert _numbers(tmp_path / "idx") == {"930"}
    assert cli.main(["remove", "res-930.txt", "--index", "idx"]) == 0  # the way to drop them on purpose
    assert _numbers(tmp_path / "idx") == set()


def test_prune_keeps_files_outside_the_folders_named(docs, tmp_path, capsys):
    other = tmp_path / "other"
    other.mkdir()
    _write(other, "res-934.txt", 934, "to study spectrum")
    assert cli.main(["ingest", "docs", "other", "--index", "idx"]) == 0
    os.rename(other, tmp_path / "elsewhere")
    assert cli.main(["ingest", "docs", "--index", "idx", "--prune"]) == 0
    assert "0 pruned" in capsys.readouterr().out
    assert _numbers(tmp_path / "idx") == {"930", "934"}


def test_prune_keeps_the_records_under_an_unreadable_folder(docs, tmp_path, capsys, monkeypatch):
    sub = docs / "sub"
    sub.mkdir()
    _write(sub, "res-935.txt", 935, "to study spectrum")
    assert cli.main(["ingest", "docs", "--index", "idx"]) == 0
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "sub":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    capsys.readouterr()
    assert cli.main(["ingest", "docs", "--index", "idx", "--prune"]) == 2
    out = capsys.readouterr().out
    assert "docs/sub: cannot be read (Permission denied)" in out and "0 pruned" in out
    assert _numbers(tmp_path / "idx") == {"930", "935"}


def test_unreadable_or_vanished_file_keeps_its_records(docs, tmp_path, capsys, monkeypatch):
    _write(docs, "res-936.txt", 936, "to study spectrum")
    assert cli.main(["ingest", "docs", "--index", "idx"]) == 0
    (docs / "res-936.txt").write_text(resolution_text(936, "Changed", ["to study more spectrum"]))
    real_open = open

    def guarded_open(path, *args, **kwargs):
        if str(path).endswith("res-936.txt"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(build_mod, "open", guarded_open, raising=False)
    capsys.readouterr()
    assert cli.main(["ingest", "docs", "--index", "idx", "--prune"]) == 2
    out = capsys.readouterr().out
    assert "res-936.txt: cannot be read (Permission denied) (its indexed clauses are kept)" in out
    assert _numbers(tmp_path / "idx") == {"930", "936"}
    _heal(monkeypatch, tmp_path)

    # a file deleted between the folder listing and its reading (a sync client, another user)
    found = build_mod.discover([docs])
    (docs / "res-936.txt").unlink()
    monkeypatch.setattr(build_mod, "discover", lambda paths, skip=None: found)
    assert cli.main(["ingest", "docs", "--index", "idx", "--prune"]) == 2
    assert "res-936.txt: cannot be read (No such file or directory)" in capsys.readouterr().out
    assert _numbers(tmp_path / "idx") == {"930", "936"}


# ------------------------------------------------------------------------------------------- full disk

def _fail_at(monkeypatch, step: str, exc: BaseException) -> None:
    real = atomic.checkpoint

    def checkpoint(name: str) -> None:
        real(name)
        if name == step:
            raise exc

    monkeypatch.setattr(atomic, "checkpoint", checkpoint)


ENOSPC = OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("step", ["store-written", "vectors-written", "lexical-written", "meta-written",
                                  "old-moved-aside"])
def test_full_disk_at_each_write_step_keeps_the_index_and_leaves_nothing(docs, tmp_path, capsys, monkeypatch,
                                                                         step):
    """Was: a raw sqlite3/FAISS/OSError traceback, exit 1, and the partial temp folder kept the disk full."""
    assert cli.main(["ingest", "docs", "--index", "idx"]) == 0
    before = (tmp_path / "idx" / "meta.json").read_bytes()
    _write(docs, "res-937.txt", 937, "to study spectrum")
    _fail_at(monkeypatch, step, ENOSPC)
    capsys.readouterr()
    assert cli.main(["ingest", "docs", "--index", "idx"]) == 2
    err = capsys.readouterr().err
    assert "could not write the index at" in err and "the disk is full" in err and "free some space" in err
    assert "Traceback" not in err
    assert (tmp_path / "idx" / "meta.json").read_bytes() == before
    assert _numbers(tmp_path / "idx") == {"930"}
    assert _leftovers(tmp_path) == []
    _heal(monkeypatch, tmp_path)
    assert cli.main(["ingest", "docs", "--index", "idx"]) == 0  # space freed: the next run just works
    assert _numbers(tmp_path / "idx") == {"930", "937"}


@pytest.mark.parametrize("where, exc", [
    ("store", sqlite3.OperationalError("database or disk is full")),
    ("vectors", RuntimeError("Error in faiss::FileIOWriter: write error: 28 (No space left on device)")),
])
def test_full_disk_inside_sqlite_or_faiss(docs, tmp_path, capsys, monkeypatch, where, exc):
    def boom(*args, **kwargs):
        raise exc

    if where == "store":
        monkeypatch.setattr(build_mod, "write_store", boom)
    else:
        monkeypatch.setattr(build_mod.Vectors, "save", boom)
    assert cli.main(["ingest", "docs", "--index", "idx"]) == 2
    err = capsys.readouterr().err
    assert "the disk is full" in err and "Traceback" not in err
    assert not (tmp_path / "idx").exists() and _leftovers(tmp_path) == []


def _mount(args: list[str]) -> bool:
    if os.geteuid() != 0:
        return False
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture
def tiny_disk(tmp_path):
    """A real 256 KiB tmpfs (needs root): real ENOSPC from SQLite, FAISS and Python."""
    where = tmp_path / "tiny"
    where.mkdir()
    if not _mount(["-t", "tmpfs", "-o", "size=256k", "tmpfs", str(where)]):
        pytest.skip("mounting a tmpfs needs root; the fault-injection tests above cover the same paths")
    yield where
    subprocess.run(["umount", "-l", str(where)], check=False)


def test_real_full_disk_and_a_stale_temp_folder_that_fills_it(docs, tmp_path, tiny_disk, capsys):
    big = docs / "big"
    big.mkdir()
    for n in range(40):
        _write(big, f"res-{1000 + n}.txt", 1000 + n, "to study spectrum " * 40 + str(n))
    assert cli.main(["ingest", "docs", "--index", str(tiny_disk / "idx")]) == 2
    err = capsys.readouterr().err
    assert "the disk is full" in err and "Traceback" not in err
    assert list(tiny_disk.iterdir()) == []  # no partial index, no temp folder, no lock file
    # a temp folder left by a crash (SIGKILL) that fills the disk: the next run removes it first
    (tiny_disk / "idx").mkdir()
    stale = tiny_disk / ".idx.tmp-1-1"
    stale.mkdir()
    with open(stale / "clauses.sqlite", "wb") as fh, pytest.raises(OSError):
        fh.write(b"\0" * (1 << 20))
    assert cli.main(["ingest", "docs/res-930.txt", "--index", str(tiny_disk / "idx")]) == 0
    assert not stale.exists() and _numbers(tiny_disk / "idx") == {"930"}


# ------------------------------------------------------------------------------------------- read-only

def test_read_only_index_folder_gives_a_message(docs, tmp_path, capsys, monkeypatch):
    assert cli.main(["ingest", "docs", "--index", "idx"]) == 0
    _write(docs, "res-938.txt", 938, "to study spectrum")
    real_mkdir = Path.mkdir

    def read_only_mkdir(self, *args, **kwargs):
        if ".tmp-" in self.name:
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", read_only_mkdir)
    capsys.readouterr()
    assert cli.main(["ingest", "docs", "--index", "idx"]) == 2
    err = capsys.readouterr().err
    assert "the folder is read-only" in err and "can still be searched" in err and "Traceback" not in err
    assert cli.main(["ask", "submarine cables", "--index", "idx"]) == 0  # searching is unaffected
    assert _leftovers(tmp_path) == []


def test_lock_file_that_cannot_be_created_or_is_a_link(docs, tmp_path, capsys, monkeypatch):
    real_open = os.open

    def ro_open(path, flags, *args):
        if str(path).endswith(".lock"):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", ro_open)
    assert cli.main(["ingest", "docs", "--index", "idx"]) == 2
    assert "while creating the lock file" in capsys.readouterr().err
    _heal(monkeypatch, tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("keep me")
    (tmp_path / ".idx.lock").symlink_to(secret)  # planted in a shared folder
    assert cli.main(["ingest", "docs", "--index", "idx"]) == 2
    assert "is a folder or a symbolic link" in capsys.readouterr().err
    assert secret.read_text() == "keep me"


def test_real_read_only_bind_mount(docs, tmp_path, capsys):
    assert cli.main(["ingest", "docs", "--index", "ro/idx"]) == 0
    ro = tmp_path / "ro"
    if not (_mount(["--bind", str(ro), str(ro)]) and _mount(["-o", "remount,bind,ro", str(ro)])):
        subprocess.run(["umount", "-l", str(ro)], check=False)
        pytest.skip("bind mounts need root; test_read_only_index_folder_gives_a_message injects EROFS instead")
    try:
        _write(docs, "res-939.txt", 939, "to study spectrum")
        capsys.readouterr()
        assert cli.main(["ingest", "docs", "--index", "ro/idx"]) == 2
        err = capsys.readouterr().err
        assert "read-only" in err and "Traceback" not in err
        assert cli.main(["ask", "submarine cables", "--index", "ro/idx"]) == 0
    finally:
        subprocess.run(["umount", "-l", str(ro)], check=False)


# ------------------------------------------------------------------------------------------- two paths, one folder

def test_two_paths_to_one_index_share_one_lock_and_the_link_stays(docs, tmp_path, capsys):
    assert cli.main(["ingest", "docs", "--index", "idx"]) == 0
    (tmp_path / "link").symlink_to(tmp_path / "idx")
    with atomic.write_lock(atomic.real_path(tmp_path / "idx")), pytest.raises(index.IndexBusy):
        index.build([docs], tmp_path / "link", embedder=FakeEmbedder(), progress=False)
    with atomic.write_lock(atomic.real_path(tmp_path / "sub" / ".." / "idx")), pytest.raises(index.IndexBusy):
        index.build([docs], tmp_path / "idx", embedder=FakeEmbedder(), progress=False)
    _write(docs, "res-940.txt", 940, "to study spectrum")
    assert cli.main(["ingest", "docs", "--index", "link"]) == 0
    assert (tmp_path / "link").is_symlink()  # written through the link, not replaced by a folder
    assert _numbers(tmp_path / "idx") == {"930", "940"}
    assert _leftovers(tmp_path) == []


def test_source_named_twice_through_a_link_is_indexed_once(docs, tmp_path, capsys):
    (tmp_path / "again").symlink_to(docs)
    assert cli.main(["ingest", "docs", "again", "docs/../docs", "--index", "idx"]) == 0
    assert "1 added" in capsys.readouterr().out


# ------------------------------------------------------------------------------------------- output pipes and files

def _run(args: list[str], cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "ITU_SEARCH_BACKEND": "fake"}
    return subprocess.run([sys.executable, str(REPO / "cli.py"), *args], cwd=cwd, env=env, **kwargs)


def test_ask_json_into_head_ends_quietly(docs, tmp_path):
    """Was: BrokenPipeError traceback."""
    assert cli.main(["ingest", "docs", "--index", "idx"]) == 0
    proc = subprocess.Popen([sys.executable, str(REPO / "cli.py"), "ask", "submarine cables", "--index", "idx",
                             "-k", "30", "--json"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(REPO), "ITU_SEARCH_BACKEND": "fake"})
    proc.stdout.read(10)
    proc.stdout.close()  # what `| head -c 10` does
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0, err
    assert "Traceback" not in err and "BrokenPipe" not in err, err


def test_lookup_output_on_a_full_disk_leaves_the_old_file_and_no_partial_one(docs, tmp_path, capsys, monkeypatch):
    assert cli.main(["ingest", "docs", "--index", "idx"]) == 0
    (tmp_path / "q.txt").write_text("submarine cables\nreport to the Council\n")
    (tmp_path / "out.jsonl").write_text("previous results\n")
    from search import batch

    real = batch.JsonlResultWriter.write
    calls = []

    def write(self, rec):
        calls.append(rec)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(self, rec)

    monkeypatch.setattr(batch.JsonlResultWriter, "write", write)
    capsys.readouterr()
    assert cli.main(["lookup", "q.txt", "--index", "idx", "-o", "out.jsonl"]) == 2
    err = capsys.readouterr().err
    assert "cannot write out.jsonl: No space left on device; nothing was written" in err
    assert (tmp_path / "out.jsonl").read_text() == "previous results\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


# ------------------------------------------------------------------------------------------- found while probing

def test_document_text_cannot_send_escape_codes_to_the_terminal(docs, capsys):
    (docs / "res-941.txt").write_text("RESOLUTION 941 (Testville, 2024)\nTitle\nresolves\n"
                                      "1\tto test \x1b]0;pwned\x07 terminal \x1b[2J escapes;\n")
    assert cli.main(["ingest", "docs", "--index", "idx"]) == 0
    capsys.readouterr()
    assert cli.main(["ask", "terminal escapes", "--index", "idx"]) == 0
    out = capsys.readouterr().out
    assert "\x1b]" not in out and "\x1b[2J" not in out and "\x07" not in out
    assert "\\x1b]0;pwned\\x07" in out
    assert cli.main(["parse", "--format", "table", "docs/res-941.txt"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out


def test_query_file_whose_name_is_not_utf8(docs, tmp_path):
    assert cli.main(["ingest", "docs", "--index", "idx"]) == 0
    name = os.fsdecode(b"q\xe9.txt")
    (tmp_path / name).write_text("submarine cables\n" + "x" * 2000 + "\n")  # line 2: too long, reported
    proc = _run(["lookup", name, "--index", "idx"], tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "q\\xe9.txt: line 2" in proc.stderr and "Traceback" not in proc.stderr


def test_folder_nested_deeper_than_the_stack(docs, tmp_path):
    chain = [docs]
    try:
        for _ in range(1500):  # a hostile archive; a recursive walk would hit Python's recursion limit
            chain.append(chain[-1] / "d")
            chain[-1].mkdir()  # one level at a time: os.makedirs itself recurses
        _write(chain[-1], "res-942.txt", 942, "to study spectrum")
        assert cli.main(["ingest", "docs", "--index", "idx"]) == 0
        assert _numbers(tmp_path / "idx") == {"930", "942"}
    finally:
        # pytest's own clean-up of old temp folders (shutil.rmtree) recurses and would crash a later session
        for folder in reversed(chain[1:]):
            for entry in folder.iterdir():
                if not entry.is_dir():
                    entry.unlink()
            folder.rmdir()
