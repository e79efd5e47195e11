"""The web UI against other web sites and a hostile network (webui/guard.py), the server's life cycle
(busy port, stop signals, its temporary files) and outputs opened in spreadsheets.

Every HTTP test talks to the real app (ui.build_app + ui.launch, guard on) over a loopback socket, sending
the headers a browser would send for an attack page: DNS rebinding (another Host), a cross-site form post
or fetch (another Origin/Referer, `Origin: null`, Sec-Fetch-Site), a frame.
"""

from __future__ import annotations

import argparse
import base64
import csv
import errno
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

import ui
from search import batch
from tests.ui_fixtures import build_bundled_index, free_port
from webui import documents, guard

pytestmark = pytest.mark.slow  # left out of `make check` (see Makefile)

REPO = Path(__file__).resolve().parents[1]
EVENT = re.compile(r"event: (\w+)\ndata: (.*)")


def _origin(url: str) -> str:
    return url.rstrip("/")


def _post(client, path: str, data: list, **headers) -> httpx.Response:
    return client.post(path, json={"data": data}, headers=headers)


def _files(demo) -> list[str]:
    return [f.path for f in demo.holder.current().files()]


# ------------------------------------------------------------------------------------------- host names

def test_dns_rebinding_other_host_names_are_refused(bundled_http):
    client, demo, url = bundled_http
    port = httpx.URL(url).port
    for host in (f"attacker.example:{port}", "attacker.example", f"127.0.0.1.attacker.example:{port}",
                 f"localhost.:{port}", ""):
        r = client.get("/", headers={"Host": host})
        assert r.status_code == 400, (host, r.status_code)
        assert "not served here" in r.text and "--allowed-host" in r.text
        # the rebinding page is "same origin" with itself: its own Origin does not help it
        r = client.post("gradio_api/call/remove_document", json={"data": [Path(_files(demo)[0]).name, ""]},
                        headers={"Host": host, "Origin": f"http://{host}"})
        assert r.status_code == 400
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}"):
        assert client.get("/", headers={"Host": host}).status_code == 200, host
    assert _files(demo)  # nothing was removed


def test_allowed_host_for_a_proxy_and_the_address_of_a_wildcard_bind():
    policy = guard.Policy.for_server("127.0.0.1", ["search.example.org"])
    g = guard.Guard(None, policy)
    scope = {"type": "http", "method": "POST", "server": ("127.0.0.1", 7860)}
    assert g.check(scope, {"host": "search.example.org"}) is None
    assert g.check(scope, {"host": "127.0.0.1:7860", "origin": "https://search.example.org"}) is None  # proxied
    assert g.check(scope, {"host": "other.example.org"})[0] == 400
    wildcard = guard.Guard(None, guard.Policy.for_server("0.0.0.0", secret="s"))
    lan = {"type": "http", "method": "GET", "server": ("192.168.7.20", 7860)}
    auth = "Bearer s"
    assert wildcard.check(lan, {"host": "192.168.7.20:7860", "authorization": auth}) is None
    assert wildcard.check(lan, {"host": "192.168.7.21:7860", "authorization": auth})[0] == 400
    assert wildcard.check(lan, {"host": f"{socket.gethostname()}:7860", "authorization": auth}) is None


# ------------------------------------------------------------------------------------------- other sites

def test_cross_site_requests_cannot_change_or_read_anything(bundled_http, tmp_path):
    """Was: documents removed from the index and files uploaded by a cross-site form post."""
    client, demo, url = bundled_http
    before = _files(demo)
    name = Path(before[0]).name
    attacks = [{"Origin": "http://attacker.example"}, {"Origin": "null"},
               {"Referer": "http://attacker.example/page.html"}, {"Sec-Fetch-Site": "cross-site"},
               {"Origin": f"{_origin(url)}.attacker.example"}, {"Origin": "http://127.0.0.1"}]  # other port
    for headers in attacks:
        r = _post(client, "gradio_api/call/remove_document", [name, ""], **headers)
        assert r.status_code == 403, (headers, r.status_code, r.text[:200])
        assert "another web site" in r.text
        r = client.post("gradio_api/upload", files={"files": ("x.txt", b"RESOLUTION 1\n")}, headers=headers)
        assert r.status_code == 403, headers
        r = _post(client, "gradio_api/call/ask", ["Res. 30 resolves 8", 5, "any", "", "", "any"], **headers)
        assert r.status_code == 403, headers
        r = client.post("gradio_api/queue/join", json={"data": [], "fn_index": 0, "session_hash": "x"},
                        headers=headers)
        assert r.status_code == 403, headers
    # a cross-site page may not read answers either (fetch with an Origin)
    assert client.get("gradio_api/info", headers={"Origin": "http://attacker.example"}).status_code == 403
    assert _files(demo) == before


def test_the_page_itself_still_works(bundled_http):
    client, _, url = bundled_http
    same = {"Origin": _origin(url), "Referer": url, "Sec-Fetch-Site": "same-origin"}
    r = _post(client, "gradio_api/call/lookup", ["Res. 30 resolves 8", 5], **same)
    assert r.status_code == 200
    stream = client.get(f"gradio_api/call/lookup/{r.json()['event_id']}", headers=same).text
    kind, data = EVENT.findall(stream)[-1]
    assert kind == "complete" and 'class="card' in json.loads(data)[0]
    r = client.post("gradio_api/upload", files={"files": ("q.txt", b"Res. 30 resolves 8\n")}, headers=same)
    assert r.status_code == 200
    assert client.get("/", headers={"Referer": "https://www.google.com/"}).status_code == 200  # a link to it


def test_protective_headers_on_pages_api_and_refusals(bundled_http):
    client, _, _ = bundled_http
    for r in (client.get("/"), client.get("gradio_api/info"), client.get("/", headers={"Host": "evil"}),
              client.get("gradio_api/info", headers={"Origin": "http://evil"})):
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["x-content-type-options"] == "nosniff"
        csp = r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp and "default-src 'self'" in csp
        assert r.headers["referrer-policy"] == "same-origin"


# ------------------------------------------------------------------------------------------- password

def _serve_args(argv: list[str]) -> argparse.Namespace:
    import cli

    return cli.build_parser().parse_args(["serve", *argv])


def test_password_required_off_this_machine_and_never_on_the_command_line(tmp_path):
    with pytest.raises(ValueError, match="--password-file FILE or \\$ITU_SEARCH_PASSWORD"):
        guard.policy_from_args(_serve_args(["--host", "0.0.0.0"]), {})
    assert guard.policy_from_args(_serve_args(["--host", "0.0.0.0"]), {"ITU_SEARCH_PASSWORD": "pw"}).secret == "pw"
    assert guard.policy_from_args(_serve_args(["--host", "0.0.0.0", "--no-password"]), {}).secret is None
    assert guard.policy_from_args(_serve_args([]), {}).secret is None  # loopback: optional
    secret = tmp_path / "pw"
    secret.write_text("from the file\nsecond line ignored\n")
    assert guard.policy_from_args(_serve_args(["--host", "::", "--password-file", str(secret)]), {}).secret == \
        "from the file"
    secret.write_text("\n")
    with pytest.raises(ValueError, match="is empty"):
        guard.policy_from_args(_serve_args(["--password-file", str(secret)]), {})
    with pytest.raises(ValueError, match="cannot read the password file"):
        guard.policy_from_args(_serve_args(["--password-file", str(tmp_path / "nope")]), {})
    with pytest.raises(SystemExit):
        _serve_args(["--password", "visible-in-ps"])  # no such option: it would show in `ps` and the history


def test_password_protects_every_route(tmp_path):
    index_dir = tmp_path / "idx"
    embedder = build_bundled_index(index_dir)
    demo = ui.build_app(index_dir, embedder=embedder)
    port = free_port()
    ui.launch(demo, host="127.0.0.1", port=port, block=False, quiet=True,
              policy=guard.Policy.for_server("127.0.0.1", secret="s3cret pass"))
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}/", timeout=60) as client:
            for path in ("/", "gradio_api/info", "gradio_api/file=x", "config"):
                r = client.get(path)
                assert r.status_code == 401 and "Basic" in r.headers["www-authenticate"], path
            wrong = base64.b64encode(b"user:wrong").decode()
            assert client.get("/", headers={"Authorization": f"Basic {wrong}"}).status_code == 401
            assert client.get("/", headers={"Authorization": "Bearer wrong"}).status_code == 401
            good = base64.b64encode(b"anyone:s3cret pass").decode()
            assert client.get("/", headers={"Authorization": f"Basic {good}"}).status_code == 200
            r = client.post("gradio_api/call/lookup", json={"data": ["Res. 30 resolves 8", 5]},
                            headers={"Authorization": "Bearer s3cret pass"})
            assert r.status_code == 200
            r = client.post("gradio_api/upload", files={"files": ("x.txt", b"x")})
            assert r.status_code == 401
    finally:
        demo.close()


# ------------------------------------------------------------------------------------------- serve life cycle

def _env(tmp_path: Path) -> dict:
    return {**os.environ, "PYTHONPATH": str(REPO), "ITU_SEARCH_BACKEND": "fake", "TMPDIR": str(tmp_path / "tmp"),
            "GRADIO_TEMP_DIR": ""}


def test_serve_on_a_busy_port_says_so_before_anything_starts(tmp_path):
    """Was: "serving on ..." printed, then Gradio's error, sometimes an abort (exit 134)."""
    index_dir = tmp_path / "idx"
    build_bundled_index(index_dir)
    (tmp_path / "tmp").mkdir()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        for _ in range(2):
            proc = subprocess.run([sys.executable, str(REPO / "cli.py"), "serve", "--index", str(index_dir),
                                   "--port", str(port)], env=_env(tmp_path), capture_output=True, text=True,
                                  timeout=120)
            assert proc.returncode == 2, (proc.returncode, proc.stderr)
            assert f"port {port} is already in use" in proc.stderr and "pass another --port" in proc.stderr
            assert "serving" not in proc.stderr and "Traceback" not in proc.stderr
    assert list((tmp_path / "tmp").iterdir()) == []


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_stopped_server_leaves_no_uploads_or_batch_results(tmp_path, sig):
    """Was: batch results and uploads stayed in /tmp after the server stopped. The server is started with
    SIGINT ignored, as a script's background job inherits it (was: SIGINT then never stopped it)."""
    index_dir = tmp_path / "idx"
    build_bundled_index(index_dir)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(REPO / "cli.py"), "serve", "--index", str(index_dir),
                             "--port", str(port)], env=_env(tmp_path), stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}/", timeout=60) as client:
            for _ in range(240):
                try:
                    if client.get("/").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.5)
            r = client.post("gradio_api/upload", files={"files": ("queries.txt", b"Res. 30 resolves 8\ncables\n")})
            (uploaded,) = r.json()
            assert Path(uploaded).is_relative_to(tmp)
            r = client.post("gradio_api/call/batch", json={"data": [{"path": uploaded,
                                                                      "meta": {"_type": "gradio.FileData"}}, 3]})
            stream = client.get(f"gradio_api/call/batch/{r.json()['event_id']}").text
            kind, data = EVENT.findall(stream)[-1]
            assert kind == "complete", data[:300]
            assert any(p.name.startswith("itu-search-batch-") for p in tmp.iterdir())
        proc.send_signal(sig)
        err = proc.communicate(timeout=60)[1]
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode in (0, 130), err
    assert "Traceback" not in err, err
    left = [p for p in tmp.rglob("*") if p.is_file()]
    assert left == [], left
    assert not [p for p in tmp.iterdir() if p.name.startswith(("itu-search-serve-", "itu-search-batch-"))]


# ------------------------------------------------------------------------------------------- uploads on a bad disk

@pytest.mark.parametrize("code, says", [(errno.ENOSPC, "the disk is full"), (errno.EROFS, "read-only")])
def test_upload_on_a_full_or_read_only_disk(tmp_path, monkeypatch, code, says):
    index_dir = tmp_path / "idx"
    embedder = build_bundled_index(index_dir)
    holder = documents.IndexHolder(index_dir, embedder)
    before = [f.path for f in holder.current().files()]
    up = tmp_path / "upload"
    up.mkdir()
    for n in (1, 2):
        (up / f"res-{n}.txt").write_text(f"RESOLUTION {n} (Testville, 2024)\nTitle\nresolves\n1\tto test;\n")
    real = shutil.copyfile
    calls = []

    def copyfile(src, dst, *a, **kw):
        calls.append(dst)
        if len(calls) == 2:
            Path(dst).write_bytes(b"partial")
            raise OSError(code, os.strerror(code), str(dst))
        return real(src, dst, *a, **kw)

    monkeypatch.setattr(shutil, "copyfile", copyfile)
    html = documents.add_documents(holder, [str(up / "res-1.txt"), str(up / "res-2.txt")])
    assert says in html and "notice-error" in html and "Traceback" not in html
    assert list(holder.uploads_dir.iterdir()) == []  # no partial copy, no copy left of the batch
    assert [f.path for f in holder.current().files()] == before


# ------------------------------------------------------------------------------------------- spreadsheets

FORMULAS = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "  =1+1",
            "\uff1d1+1", "=cmd|' /C calc'!A0"]


@pytest.mark.parametrize("value", FORMULAS)
def test_spreadsheet_cells_never_start_a_formula(value):
    safe = batch.spreadsheet_safe(value)
    assert safe.startswith("'") and safe[1:] == value
    for plain in ("Res. 30 resolves 8", "", "a=b", "2022"):
        assert batch.spreadsheet_safe(plain) == plain
    assert batch.spreadsheet_safe(-0.5) == -0.5  # numbers stay numbers


def test_lookup_csv_is_safe_to_open_in_a_spreadsheet():
    from ingest.records import Clause
    from search.records import Hit, SearchResult

    clause = Clause(file="-evil.txt", instrument="Resolution", number="30", revision="", body="", title="",
                    section="=SUM(A1)", kind="operative", label="", text="=1+2", page=1, printed_page="@3")
    result = SearchResult(query='=WEBSERVICE("http://evil")', hits=(Hit(clause, 0.5, 1),), answer=None,
                          abstained=False, message="+msg")
    out = io.StringIO()
    batch.result_writer("csv", out).write(batch.result_record("@id", result))
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert len(rows) == 2
    for cell in rows[1]:
        assert not cell or cell[0] not in "=+-@\t\r" or cell.startswith("'"), (cell, rows[1])
    assert rows[1][0] == "'@id" and rows[1][1].startswith("'=WEBSERVICE")
    assert "0.5" in rows[1]  # the score is still a number


def test_ui_tables_are_safe_to_copy_into_a_spreadsheet(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "=1+1.txt").write_text("RESOLUTION 7 (Testville, 2024)\nTitle\nresolves\n1\tto test;\n")
    import index
    from index import FakeEmbedder

    index.build([docs], tmp_path / "idx", embedder=FakeEmbedder(), progress=False)
    holder = documents.IndexHolder(tmp_path / "idx", FakeEmbedder())
    (row,) = documents.documents_rows(holder)
    assert row[0] == "'=1+1.txt"
