"""Hostile files (tests/hostile_files.py) are refused with a specific reason, early (before the expensive
work: asserted on work counters, never on times) and within bounded memory, and ingest goes on with the
other files of the folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import index
import ingest
from index import FakeEmbedder
from ingest import limits
from ingest.errors import IngestError
from tests import hostile_files as hf

pytestmark = pytest.mark.slow  # left out of `make check` (see Makefile)

REPO = Path(__file__).resolve().parents[1]
BY_NAME = {h.name: h for h in hf.CATALOGUE}


@pytest.fixture
def extractions(monkeypatch):
    """Counts pages whose text pypdf extracts (the probe in open_pdf and the layout reader)."""
    from pypdf import PageObject

    calls = {"n": 0}
    original = PageObject.extract_text

    def counting(self, *args, **kwargs):
        calls["n"] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(PageObject, "extract_text", counting)
    return calls


# Each hostile file that a limit stops: the words of the limit in the message, and the most pages whose
# text may be extracted before it is stopped.
LIMITED = {
    "pages-200k.pdf": ("200,000 pages, limit 3,000", 0),
    "lying-count.pdf": ("1,000,000,000 pages", 0),
    "tiny-text-2M.pdf": ("page 1 has", 0),
    "tiny-text-pages.pdf": ("of page content by page", 0),
    "form-amplify.pdf": ("page 1 has", 0),
    "flate-bomb.pdf": ("LimitReachedError", 0),
    "sparse-2G.pdf": ("2048 MiB, limit 200 MiB", 0),
    "zip-bomb.docx": ("its XML inflates to 300 MiB", 0),
    "many-lines.txt": ("more than 250,000 lines", 0),
    "long-line.txt": ("a line of more than 1.0 MiB", 0),
}


@pytest.mark.parametrize("name", sorted(LIMITED))
def test_limits_stop_hostile_files_before_the_work(tmp_path, extractions, name):
    words, max_extracted = LIMITED[name]
    path = BY_NAME[name].make(tmp_path / name)
    with pytest.raises(limits.ParseLimitError) as info:
        ingest.parse_file(path)
    message = str(info.value)
    assert message.startswith(str(path)) and words in message, message
    assert "docs/reliability.md" in message and info.value.reason == "too-large"
    assert extractions["n"] <= max_extracted


def test_text_runs_are_counted_per_page_in_the_layout_reader(tmp_path, monkeypatch):
    """A page under the content limit but with too many pieces of text stops the layout reader at that page."""
    monkeypatch.setattr(limits, "MAX_TEXT_RUNS_PER_PAGE", 5)
    path = hf.good_pdf(tmp_path / "good.pdf")
    with pytest.raises(limits.ParseLimitError, match="page 1 has .* pieces of text, limit 5 per page"):
        ingest.parse_file(path)


def test_parse_time_budget_stops_between_pages(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "PARSE_SECONDS", -1.0)  # already spent: the first page ends the parse
    path = hf.good_pdf(tmp_path / "good.pdf")
    with pytest.raises(limits.ParseLimitError, match="parse time budget"):
        ingest.parse_file(path)


@pytest.mark.parametrize("name, reason", [("nested-arrays.pdf", ""), ("nested-content.pdf", ""),
                                          ("lying-zip.docx", "corrupt")])
def test_malformed_files_end_with_a_clear_error(tmp_path, name, reason):
    path = BY_NAME[name].make(tmp_path / name)
    try:
        clauses = ingest.parse_file(path)
    except IngestError as exc:
        assert str(exc).startswith(str(path))
        assert not reason or exc.reason == reason, exc
    else:
        assert clauses  # read despite the oddity (pypdf skipped the broken object)


def test_real_documents_are_far_below_the_limits(shared_corpus):
    """The limits leave room: every good corpus PDF passes check_pdf with a large margin."""
    from pypdf import PdfReader

    for pdf in sorted((shared_corpus / "pdf").glob("*.pdf")):
        reader = PdfReader(pdf)
        limits.check_pdf(pdf, reader)
        assert len(reader.pages) * 10 < limits.MAX_PDF_PAGES


# ------------------------------------------------------------------------------------------- index.build

GOOD = ("good-a.txt", "good-b.pdf")


def _folder_with(tmp_path: Path, *hostile: str) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    hf.good_txt(docs / GOOD[0], number=902)
    hf.good_pdf(docs / GOOD[1])
    for name in hostile:
        BY_NAME[name].make(docs / name)
    return docs


def _reasons(report) -> dict[str, str]:
    return {Path(p).name: why for p, why in report.failed}


@pytest.mark.parametrize("name", ["pages-200k.pdf", "form-amplify.pdf", "zip-bomb.docx", "many-lines.txt",
                                  "sparse-2G.pdf"])
def test_build_indexes_the_good_files_and_reports_the_hostile_one(tmp_path, name):
    docs = _folder_with(tmp_path, name)
    report = index.build([docs], tmp_path / "idx", embedder=FakeEmbedder(), progress=False)
    assert sorted(Path(p).name for p in report.added) == sorted(GOOD)
    reasons = _reasons(report)
    assert set(reasons) == {name}, reasons
    assert "beyond what itu-search reads" in reasons[name] and LIMITED[name][0] in reasons[name]
    idx = index.open(tmp_path / "idx", embedder=FakeEmbedder())
    assert {Path(f.path).name for f in idx.files()} == set(GOOD)


def test_links_and_folders_named_pdf(tmp_path):
    docs = _folder_with(tmp_path)
    (docs / "folder.pdf").mkdir()  # a folder: walked like any other (nothing in it to read)
    (docs / "folder.pdf" / "notes.bin").write_bytes(b"x")
    os.symlink("/etc/passwd", docs / "passwd.pdf")
    os.symlink("/etc", docs / "etc.pdf")
    os.symlink(docs / "missing.txt", docs / "dangling.txt")
    os.symlink(docs / GOOD[0], docs / "alias.txt")  # inside the folder: followed (same file, indexed once)
    os.mkfifo(docs / "pipe.pdf")  # opening it would block forever
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    hf.good_txt(outside / "private.txt", number=903)
    os.symlink(outside / "private.txt", docs / "private.txt")
    report = index.build([docs], tmp_path / "idx", embedder=FakeEmbedder(), progress=False)
    assert sorted(Path(p).name for p in report.added) == sorted(GOOD)
    reasons = _reasons(report)
    assert "outside" in reasons["passwd.pdf"] and "not followed" in reasons["passwd.pdf"]
    assert "outside" in reasons["etc.pdf"]
    assert "outside" in reasons["private.txt"]
    assert "broken symbolic link" in reasons["dangling.txt"]
    assert set(reasons) == {"passwd.pdf", "etc.pdf", "private.txt", "dangling.txt"}, reasons
    texts = " ".join(c.text for c in index.open(tmp_path / "idx", embedder=FakeEmbedder()).clauses)
    assert "root:" not in texts


def test_links_named_on_the_command_line(tmp_path):
    hf.good_txt(tmp_path / "real.txt")
    os.symlink(tmp_path / "real.txt", tmp_path / "link.txt")
    os.symlink("/etc/passwd", tmp_path / "passwd.pdf")
    os.mkfifo(tmp_path / "pipe.pdf")
    report = index.build([tmp_path / "link.txt", tmp_path / "passwd.pdf", tmp_path / "pipe.pdf"],
                         tmp_path / "idx", embedder=FakeEmbedder(), progress=False)
    assert [Path(p).name for p in report.added] == ["real.txt"]
    reasons = {Path(p).name: why for p, why in report.failed}
    assert "not a .pdf, .docx or .txt file" in reasons["passwd.pdf"]
    assert "not a regular file or folder" in reasons["pipe.pdf"]


# ------------------------------------------------------------------------------------------- memory

_CHILD = r"""
import json, resource, sys
sys.path.insert(0, sys.argv[3])
cap = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
import index
from index import FakeEmbedder
report = index.build([sys.argv[1]], sys.argv[1] + "-idx", embedder=FakeEmbedder(), progress=False)
print(json.dumps({"added": report.added, "failed": report.failed}))
"""


def test_all_hostile_files_in_one_folder_under_a_memory_cap(tmp_path):
    """One ingest over every hostile file and two good ones, in a process capped at 2 GiB of address
    space: the good files are indexed, every hostile file is reported, nothing runs out of memory."""
    docs = _folder_with(tmp_path, *[h.name for h in hf.CATALOGUE])
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(docs), str(2 * 2**30), str(REPO)],
                          capture_output=True, text=True, timeout=1200, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert sorted(Path(p).name for p in out["added"]) == sorted(GOOD)
    reasons = {Path(p).name: why for p, why in out["failed"]}
    for name in LIMITED:
        assert "beyond what itu-search reads" in reasons.get(name, ""), (name, reasons.get(name))
    for name in ("passwd.pdf", "etc.pdf"):
        assert "outside" in reasons[name]
    assert not any("unexpected parser error" in why for why in reasons.values()), reasons
