"""Helpers for the web UI tests: a small index, the app on a free loopback port, headless chromium."""

from __future__ import annotations

import contextlib
import csv
import socket
from collections.abc import Iterator
from pathlib import Path

import config

CHROMIUM = Path("/usr/bin/chromium")  # Debian's chromium (scripts/test.sh installs it); never `playwright install`
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
TIMEOUT = 30_000  # ms; a loaded CI machine is slow, the assertions wait on text, never on time


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_fake_index(paths, index_dir: Path):
    """An index of `paths` with the deterministic fake embedder (every file read); returns the embedder."""
    import index
    from index import FakeEmbedder

    embedder = FakeEmbedder()
    report = index.build([str(p) for p in paths], index_dir, embedder=embedder, progress=False)
    assert report.indexed_files >= 1 and not report.failed, report.summary()
    return embedder


def build_bundled_index(index_dir: Path):
    """An index of the bundled corpus (corpus/) with the deterministic fake embedder."""
    return build_fake_index([config.BUNDLED_CORPUS], index_dir)


@contextlib.contextmanager
def running_app(index_dir: Path, embedder) -> Iterator[tuple[str, object]]:
    """The real app (ui.build_app + ui.launch) served on 127.0.0.1 in this process; yields (url, demo)."""
    import ui

    demo = ui.build_app(index_dir, embedder=embedder)
    port = free_port()
    ui.launch(demo, host="127.0.0.1", port=port, block=False, quiet=True)
    try:
        yield f"http://127.0.0.1:{port}/", demo
    finally:
        demo.close()


@contextlib.contextmanager
def app_over(paths, index_dir: Path) -> Iterator[tuple[str, object]]:
    """`running_app` over a fake-embedder index of `paths` built in `index_dir`: yields (url, demo)."""
    embedder = build_fake_index(paths, index_dir)
    with running_app(index_dir, embedder) as app:
        yield app


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise FileNotFoundError(f"{CHROMIUM} not found: install Debian's chromium "
                                "(`apt-get install -y chromium`; scripts/test.sh does it)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def target_clause(holder):
    """The clause of the holder's index the UI tests search for: a long labelled operative clause that no
    footnote hangs on (a footnote carries the text of the clause that references it as its lead-in, so it
    would compete for a query quoting that clause)."""
    pool = [c for c in holder.current().clauses if c.kind == "operative" and c.label and not c.footnote_refs]
    assert pool, "the bundled corpus should hold labelled operative clauses"
    return max(pool, key=lambda c: len(set(c.text.lower().split())))


def opening_words(clause, n: int = 14) -> str:
    """The first `n` words of a clause: a question that finds it."""
    return " ".join(clause.text.split()[:n])


@contextlib.contextmanager
def open_page(browser, **context_options) -> Iterator:
    """A page in a new browser context (closed afterwards) that waits up to TIMEOUT for anything."""
    context = browser.new_context(**context_options)
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        yield page
    finally:
        context.close()


def expect_ui():
    """Playwright's `expect`, waiting up to TIMEOUT."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT)
    return expect


def run_batch(page, queries: Path, ran: str, out: Path) -> list[dict[str, str]]:
    """Upload `queries` in the Batch tab, run it, wait until the report says `ran` ("2 queries run"),
    download the CSV result to `out`; its rows."""
    expect = expect_ui()
    page.get_by_role("tab", name="Batch").click()
    page.locator("#batch-file input[type=file]").set_input_files(str(queries))
    expect(page.locator("#batch-file")).to_contain_text(queries.name)
    page.locator("#batch-btn").click()
    expect(page.locator("#batch-report")).to_contain_text(ran)
    with page.expect_download() as dl:
        page.locator("#batch-csv a").first.click()
    dl.value.save_as(out)
    with out.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_check(page, where: str) -> None:
    """axe-core (WCAG 2.1 A/AA rules) on the page as shown: no serious or critical violation."""
    import json

    from axe_playwright_python.sync_playwright import Axe

    # Components being updated are drawn translucent (Gradio's `.pending`, opacity 0.2) and fade back in with
    # a CSS transition: measure once every update has finished and no transition is still running (axe
    # measured text mid-fade once: #334155 seen as #78818f).
    expect_ui()(page.locator('[data-testid="status-tracker"]:not(.hide)')).to_have_count(0)
    page.wait_for_function("() => !document.querySelector('.pending') && document.getAnimations().every("
                           "a => !(a instanceof CSSTransition) || a.playState !== 'running')", timeout=30_000)
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not bad, f"{where}: " + json.dumps(
        [(v["id"], v["impact"], [(n["target"], (n.get("any") or [{}])[0].get("message", "")[:140])
                                 for n in v["nodes"]][:5]) for v in bad], indent=1)
