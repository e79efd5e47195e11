"""The web UI in headless chromium with every protection of webui/guard.py on (host names, same origin,
headers and Content-Security-Policy, password): the page works (ask, context, upload, batch download),
the browser reports no Content-Security-Policy violation, and other sites can neither frame the page nor
use it."""

from __future__ import annotations

import re

import pytest

import ui
from tests.ui_fixtures import build_bundled_index, free_port, run_batch, screenshot
from webui import guard

pytestmark = pytest.mark.browser

TIMEOUT = 30_000
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def protected_app(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("guarded") / "index"
    embedder = build_bundled_index(index_dir)
    demo = ui.build_app(index_dir, embedder=embedder)
    port = free_port()
    ui.launch(demo, host="127.0.0.1", port=port, block=False, quiet=True,
              policy=guard.Policy.for_server("127.0.0.1", secret=PASSWORD))
    try:
        yield f"http://127.0.0.1:{port}/", demo
    finally:
        demo.close()


def _watch(page) -> list[str]:
    """Messages of Content-Security-Policy violations and page errors, as the browser reports them."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text)
            if "Content Security Policy" in m.text or "Refused to" in m.text else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                         "console.error('Refused to ' + e.violatedDirective + ': ' + e.blockedURI))")
    return problems


def _expect():
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT)
    return expect


def test_the_protected_ui_works_with_the_password_and_no_csp_violation(protected_app, browser, tmp_path):
    url, demo = protected_app
    expect = _expect()
    context = browser.new_context(http_credentials={"username": "delegate", "password": PASSWORD},
                                  viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    problems = _watch(page)
    response = page.goto(url)
    assert response.status == 200
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]

    box = page.get_by_placeholder(re.compile("Ask a question"))
    box.fill("Res. 30 resolves 8")
    box.press("Enter")
    card = page.locator("#results .card").first
    expect(card.locator(".citation-text")).to_contain_text("Resolution 30")
    card.get_by_role("button", name="Open in context").click()
    expect(page.locator("#doc-scroll .target")).to_be_in_viewport()

    queries = tmp_path / "queries.txt"
    queries.write_text("=HYPERLINK(\"http://evil.example\",\"click\")\nRes. 30 resolves 8\n", "utf-8")
    run_batch(page, queries, "2 queries run", tmp_path / "out.csv")
    assert "'=HYPERLINK" in (tmp_path / "out.csv").read_text("utf-8")  # opened in a spreadsheet it stays text

    page.get_by_role("tab", name="Documents").click()
    doc = tmp_path / "res-77.txt"
    doc.write_text("RESOLUTION 77 (Testville, 2024)\nGuarded uploads\nresolves\n1\tto keep uploads safe;\n")
    page.locator("#doc-files input[type=file]").set_input_files(str(doc))
    expect(page.locator("#doc-files")).to_contain_text("res-77.txt")
    page.locator("#add-btn").click()
    expect(page.locator("#docs-report")).to_contain_text("res-77.txt: added", timeout=120_000)
    screenshot(page, "guarded-documents")
    assert problems == [], problems
    context.close()


def test_without_the_password_nothing_is_shown(protected_app, browser):
    url, _ = protected_app
    from playwright.sync_api import Error

    for credentials in (None, {"username": "delegate", "password": "wrong"}):
        context = browser.new_context(http_credentials=credentials)
        page = context.new_page()
        try:
            response = page.goto(url)
        except Error as exc:  # headless chromium gives up on the login instead of showing a dialog
            assert "ERR_INVALID_AUTH_CREDENTIALS" in str(exc)
        else:
            assert response.status == 401
            assert "Ask a question" not in response.text()
        context.close()


def test_another_site_can_neither_frame_nor_post_to_the_ui(protected_app, browser, tmp_path):
    """A page served from another origin (here another local port) embeds the UI in a frame and posts a
    removal to it: the frame stays empty and the post is refused."""
    import http.server
    import threading

    url, demo = protected_app
    before = [f.path for f in demo.holder.current().files()]
    name = before[0].rsplit("/", 1)[-1]
    (tmp_path / "frame.html").write_text(f'<!doctype html><iframe id="f" src="{url}" width="600" height="400">'
                                         "</iframe>")
    attack = tmp_path / "attack.html"
    attack.write_text(f"""<!doctype html>
<form id="post" method="POST" action="{url}gradio_api/call/remove_document" enctype="text/plain">
<input name='{{"data": ["{name}", ""], "x": "' value='"}}'></form>
<script>
fetch("{url}gradio_api/call/remove_document", {{method: "POST", mode: "no-cors", credentials: "include",
  headers: {{"Content-Type": "text/plain"}}, body: JSON.stringify({{data: ["{name}", ""]}})}})
  .finally(() => document.getElementById("post").submit());
</script>""")
    handler = lambda *a, **kw: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path), **kw)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        context = browser.new_context(http_credentials={"username": "u", "password": PASSWORD})
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        other = f"http://127.0.0.1:{server.server_address[1]}"
        page.goto(f"{other}/frame.html")
        page.wait_for_timeout(2000)  # what the frame would show by now (this waits for nothing in particular)
        frame = next(f for f in page.frames if f != page.main_frame)
        assert frame.url.startswith("chrome-error:") or "Ask a question" not in frame.content(), frame.url
        refused: list[int] = []
        page.on("response", lambda r: refused.append(r.status) if "remove_document" in r.url else None)
        page.goto(f"{other}/attack.html")
        page.wait_for_url(re.compile("remove_document"))  # the form post navigated the page
        assert 403 in refused, refused
        assert "another web site" in page.content()
        context.close()
    finally:
        server.shutdown()
    assert [f.path for f in demo.holder.current().files()] == before
