"""Security of the web UI: loopback by default, no file served or read by path, uploads size-limited and kept in
temp folders, no pickle of untrusted data. The app is started on 127.0.0.1 and probed with plain HTTP."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import httpx
import pytest

import cli
import ui
from tests.ui_fixtures import build_bundled_index, running_app
from webui import context, documents
from webui.state import IndexHolder

pytestmark = pytest.mark.slow  # left out of `make check` (see Makefile)

REPO = Path(__file__).resolve().parents[1]
SECRET = "/etc/passwd"
SECRET_MARK = b"root:"


# ------------------------------------------------------------------------------------------- binding

def _listening_addresses(port: int) -> set[str]:
    """Local addresses of the listening TCP sockets on `port` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            addr, hex_port = local.split(":")
            if int(hex_port, 16) == port and state == "0A":  # 0A = LISTEN
                found.add(addr)
    return found


def test_serve_binds_loopback_by_default():
    assert cli.build_parser().parse_args(["serve"]).host == "127.0.0.1"
    assert ui.launch.__kwdefaults__["host"] == "127.0.0.1"
    import inspect

    assert inspect.signature(ui.serve).parameters["host"].default == "127.0.0.1"


def test_running_app_listens_on_loopback_only(bundled_http):
    client, demo, _ = bundled_http
    port = httpx.URL(str(client.base_url)).port
    addresses = _listening_addresses(port)
    assert addresses == {"0100007F"}, f"listening on {addresses}, expected 127.0.0.1 only"


# ------------------------------------------------------------------------------------------- file routes

def _traversals(index_dir: Path) -> list[str]:
    indexed = next(Path(ui.config.BUNDLED_CORPUS).rglob("*.txt"))
    return [
        f"gradio_api/file={SECRET}", f"file={SECRET}", "gradio_api/file=../../../../../etc/passwd",
        "gradio_api/file=%2Fetc%2Fpasswd", "gradio_api/file=..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "gradio_api/file=%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "gradio_api/file=/proc/self/environ",
        "gradio_api/file=//etc/passwd", "gradio_api/file=/tmp/../etc/passwd",
        "static/../../../../etc/passwd", "static/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "assets/..%2F..%2F..%2F..%2Fetc%2Fpasswd", "gradio_api/proxy=file:///etc/passwd",
        "gradio_api/file=config.py", f"gradio_api/file={REPO / 'config.py'}",
        f"gradio_api/file={index_dir / 'meta.json'}", f"gradio_api/file={index_dir / 'store.sqlite'}",
        f"gradio_api/file={indexed}",  # an indexed source: shown only as text/page images, by clause id
    ]


def test_gradio_file_routes_refuse_paths_outside_the_app(bundled_http):
    client, demo, _ = bundled_http
    index_dir = demo.holder.index_dir
    for url in _traversals(index_dir):
        r = client.get(url)
        assert r.status_code in (400, 403, 404), (url, r.status_code, r.text[:200])
        assert SECRET_MARK not in r.content, url


def _endpoints(client) -> dict:
    return client.get("gradio_api/info").json()["named_endpoints"]


def _call(client, name: str, data: list) -> tuple[str, str]:
    """Run a named endpoint through Gradio's REST API; (event type of the last message, its data)."""
    r = client.post(f"gradio_api/call/{name.lstrip('/')}", json={"data": data})
    assert r.status_code == 200, r.text
    stream = client.get(f"gradio_api/call/{name.lstrip('/')}/{r.json()['event_id']}").text
    events = re.findall(r"event: (\w+)\ndata: (.*)", stream)
    assert events, stream
    return events[-1]


def _file_arg(path: str) -> dict:
    return {"path": path, "meta": {"_type": "gradio.FileData"}}


def _is_file_param(p: dict) -> bool:
    return "FileData" in str(p.get("type")) or "filepath" in str(p.get("python_type"))


def _argument_sets(endpoint: dict, value: str, indexed_names: set[str]) -> list[list]:
    """One argument list per parameter that takes a name, an id or a file: that parameter gets `value`
    (a FileData naming it for files), the others their harmless defaults (never an indexed file's name)."""
    defaults = []
    for p in endpoint["parameters"]:
        default = p.get("parameter_default") if p.get("parameter_has_default") else None
        ptype = p.get("python_type", {}).get("type", "")
        if ptype in ("int", "float"):
            defaults.append(default if default is not None else 5)
        elif _is_file_param(p):
            defaults.append(None)
        else:
            defaults.append(default if default not in indexed_names and default is not None else "")
    sets = []
    for i, p in enumerate(endpoint["parameters"]):
        ptype = p.get("python_type", {}).get("type", "")
        if ptype in ("int", "float"):
            continue
        args = list(defaults)
        if _is_file_param(p):
            args[i] = [_file_arg(value)] if "list" in ptype.lower() else _file_arg(value)
        else:
            args[i] = value
        sets.append(args)
    return sets


REFUSALS = ("not uploaded by a user", "not allowed", "Cannot move", "not in the list of choices")


@pytest.mark.parametrize("value", [SECRET, "../../../../../etc/passwd", "/etc", "~/.ssh/id_rsa",
                                   "file:///etc/passwd", "corpus/seeds/../../../../etc/passwd"])
def test_every_endpoint_refuses_paths(bundled_http, value):
    """Each named endpoint gets the path wherever it takes a name, an id or a file: none reads it."""
    client, demo, _ = bundled_http
    endpoints = _endpoints(client)
    assert {"/ask", "/lookup", "/context", "/batch", "/add_documents", "/remove_document"} <= set(endpoints)
    files_before = [f.path for f in demo.holder.current().files()]
    names = {Path(p).name for p in files_before} | set(files_before)
    calls = 0
    for name, spec in endpoints.items():
        for args in _argument_sets(spec, value, names):
            kind, data = _call(client, name, args)
            calls += 1
            assert SECRET_MARK.decode() not in data, (name, args, data[:300])
            if kind == "error":
                assert any(r in data for r in REFUSALS), (name, args, data)
    assert calls >= 10
    # Nothing was added nor removed by these calls.
    assert [f.path for f in demo.holder.current().files()] == files_before


def test_context_and_page_handlers_take_clause_ids_only(bundled_http):
    _, demo, _ = bundled_http
    holder = demo.holder
    for value in (SECRET, "../../../../etc/passwd", str(REPO / "config.py"), ""):
        view = context.context_view(holder, value)
        assert "not in the index" in view.head or "Open a result" in view.head or view.doc == ""
        image, caption, shown = context.page_image(holder, value, 1)
        assert image is None and shown == 0
    report = documents.remove_document(holder, SECRET)
    assert "not in the index" in report


# ------------------------------------------------------------------------------------------- uploads

def test_upload_filename_cannot_escape_the_temp_folder(bundled_http):
    client, _, _ = bundled_http
    target = Path("/tmp/itu-search-escape-probe.pdf")
    target.unlink(missing_ok=True)
    for name in ("../../../../tmp/itu-search-escape-probe.pdf", "/tmp/itu-search-escape-probe.pdf",
                 "..\\..\\itu-search-escape-probe.pdf"):
        r = client.post("gradio_api/upload", files={"files": (name, b"%PDF-1.4 probe")})
        assert r.status_code == 200, r.text
        (stored,) = r.json()
        assert not target.exists()
        stored = Path(stored).resolve()
        assert stored.name.endswith("itu-search-escape-probe.pdf")
        import tempfile

        gradio_tmp = Path(ui.os.environ.get("GRADIO_TEMP_DIR", Path(tempfile.gettempdir()) / "gradio")).resolve()
        assert stored.is_relative_to(gradio_tmp), stored


def test_uploads_over_the_size_limit_are_refused(tmp_path, monkeypatch):
    index_dir = tmp_path / "idx"
    embedder = build_bundled_index(index_dir)
    monkeypatch.setattr(documents, "DOC_MAX_BYTES", 256 * 1024)  # launch() derives Gradio's max_file_size from it
    with running_app(index_dir, embedder) as (url, _), httpx.Client(base_url=url, timeout=60) as client:
        big = b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024)
        r = client.post("gradio_api/upload", files={"files": ("big.pdf", big)})
        assert r.status_code == 413, (r.status_code, r.text[:200])
        r = client.post("gradio_api/upload", files={"files": ("small.pdf", b"%PDF-1.4\n")})
        assert r.status_code == 200


def test_add_documents_copies_only_into_the_documents_folder(tmp_path):
    """An upload named with ../ lands in the documents folder beside the index, under a safe name."""
    index_dir = tmp_path / "idx"
    embedder = build_bundled_index(index_dir)
    holder = IndexHolder(index_dir, embedder)
    upload = tmp_path / "gradio" / "..%2F..%2Fevil.txt"
    upload.parent.mkdir()
    upload.write_text("not a resolution\n", "utf-8")
    before = set(tmp_path.rglob("*"))
    documents.add_documents(holder, [str(upload)])
    created = set(tmp_path.rglob("*")) - before
    for p in created:
        assert p.resolve().is_relative_to(holder.uploads_dir.resolve()) or p.resolve().is_relative_to(
            index_dir.resolve()) or p.name.startswith(index_dir.name), p


# ------------------------------------------------------------------------------------------- pickle

def test_no_pickle_of_untrusted_data():
    """No module loads pickles (or numpy object arrays, or torch.load of user files)."""
    sources = subprocess.run(["git", "ls-files", "*.py"], cwd=REPO, capture_output=True, text=True,
                             check=True).stdout.split()
    pattern = re.compile(r"\bpickle\b|\bcPickle\b|\bdill\b|\bjoblib\b|\bshelve\b|\bmarshal\.loads?\b|"
                         r"allow_pickle\s*=\s*True|torch\.load\(")
    offenders = []
    for rel in sources:
        if rel.startswith(("tests/", "bench/")):
            continue
        text = (REPO / rel).read_text("utf-8")
        offenders += [f"{rel}: {m.group(0)}" for m in pattern.finditer(text)]
    assert not offenders, offenders


def test_uploads_left_in_the_cache_are_deleted(tmp_path, monkeypatch):
    """Files uploaded (and never added) do not pile up on disk: Gradio's cache cleanup removes them."""
    import time

    index_dir = tmp_path / "idx"
    embedder = build_bundled_index(index_dir)
    monkeypatch.setattr(ui, "CACHE_CLEANUP", (1, 1))  # check every second, delete after one
    with running_app(index_dir, embedder) as (url, _), httpx.Client(base_url=url, timeout=60) as client:
        r = client.post("gradio_api/upload", files={"files": ("left.pdf", b"%PDF-1.4 left behind")})
        (stored,) = r.json()
        assert Path(stored).exists()
        for _ in range(60):
            if not Path(stored).exists():
                break
            time.sleep(0.5)
        assert not Path(stored).exists()
