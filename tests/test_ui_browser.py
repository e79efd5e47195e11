"""The web UI driven in headless chromium (Debian's /usr/bin/chromium through Playwright), against the
real app on a free 127.0.0.1 port over a small index (bundled corpus, fake embedder)."""

from __future__ import annotations

import json
import re
from urllib.parse import urlparse

import pytest

from tests.ui_fixtures import (
    TIMEOUT,
    expect_ui,
    open_page,
    opening_words,
    run_batch,
    running_app,
    screenshot,
    target_clause,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser):
    with open_page(browser, viewport={"width": 1280, "height": 900}, accept_downloads=True,
                   permissions=["clipboard-read", "clipboard-write"]) as page:
        page.outside_requests = []
        page.on("request", lambda r: page.outside_requests.append(r.url)
                if urlparse(r.url).scheme in ("http", "https", "ws", "wss")
                and urlparse(r.url).hostname not in ("127.0.0.1", "localhost") else None)
        yield page


@pytest.fixture
def opened(bundled_app, page):
    """The bundled app open in `page`, and the clause to search for: (page, target)."""
    url, demo = bundled_app
    page.goto(url)
    return page, target_clause(demo.holder)


def _ask(page, text: str) -> None:
    box = page.get_by_placeholder(re.compile("Ask a question"))
    box.fill(text)
    box.press("Enter")


def test_ask_shows_the_right_citation_and_copies_it(opened):
    page, target = opened
    expect = expect_ui()
    _ask(page, opening_words(target))
    card = page.locator(f'#results .card[data-clause-id="{target.id}"]')
    expect(card.locator(".cite")).to_contain_text(target.instrument_ref)
    expect(card.locator(".citation-text")).to_have_text(target.citation)
    expect(card.locator("mark.term").first).to_be_visible()

    card.get_by_role("button", name="Copy citation").click()
    expect(card.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == target.citation
    screenshot(page, "ask")
    assert page.outside_requests == [], "the UI must not load anything from the network"


def test_citation_lookup_finds_the_clause(opened):
    page, target = opened
    expect = expect_ui()
    _ask(page, f"Res. {target.number} ({target.revision}) {target.section} {target.label}")
    expect(page.locator("#results .card").first.locator(".citation-text")).to_have_text(target.citation)
    screenshot(page, "lookup")


def test_open_context_scrolls_to_the_clause(opened):
    page, target = opened
    expect = expect_ui()
    _ask(page, opening_words(target))
    page.locator(f'#results .card[data-clause-id="{target.id}"]').get_by_role("button", name="Open in context").click()

    doc = page.locator("#doc-scroll")
    marked = doc.locator(f"#c-{target.id}")
    expect(marked).to_have_class(re.compile(r"\btarget\b"))
    expect(marked).to_be_in_viewport()
    expect(page.locator("#ctx-head")).to_contain_text(target.citation)
    # Headings as headings: each section of the instrument is an h3 of the document.
    expect(doc.locator("h3", has_text=target.section).first).to_be_visible()
    # The bundled corpus is a .txt file: the page panel says so instead of showing an image.
    expect(page.locator("#page-panel")).to_contain_text("no printed pages, so only its text is shown")
    expect(page.locator("#page-panel img")).to_have_count(0)
    screenshot(page, "context")


def test_batch_upload_and_csv_download(bundled_app, page, tmp_path):
    url, demo = bundled_app
    expect = expect_ui()
    target = target_clause(demo.holder)
    queries = tmp_path / "queries.jsonl"
    queries.write_text("\n".join([
        json.dumps({"id": "q1", "query": opening_words(target, 12)}),
        json.dumps({"id": "q2", "query": f"Res. {target.number} {target.section} {target.label}"}),
        "{not json",
        json.dumps({"id": "q3", "query": "digital divide"}),
    ]) + "\n", "utf-8")
    page.goto(url)
    rows = run_batch(page, queries, "3 queries run", tmp_path / "out.csv")
    expect(page.locator("#batch-report")).to_contain_text("line 3")  # the bad line is listed, the others ran
    assert {r["id"] for r in rows} >= {"q1", "q2", "q3"}
    assert any(target.citation in " ".join(r.values()) for r in rows if r["id"] == "q1")
    screenshot(page, "batch")


def test_no_index_message(tmp_path, browser):
    from index import FakeEmbedder

    expect = expect_ui()
    index_dir = tmp_path / "nothing-here"
    with running_app(index_dir, FakeEmbedder()) as (url, _demo):
        page = browser.new_page()
        page.set_default_timeout(TIMEOUT)
        page.goto(url)
        message = f"No index at {index_dir} yet"
        expect(page.locator("#results")).to_contain_text(message)
        expect(page.locator("#results")).to_contain_text("itu-search ingest corpus/")
        _ask(page, "anything at all")
        expect(page.locator("#results")).to_contain_text(message)
        page.get_by_role("tab", name="Documents").click()
        expect(page.locator("#docs-status")).to_contain_text(message)
        screenshot(page, "no-index")
        page.close()


def test_upload_pdf_then_find_and_open_its_clause(tmp_path, browser, shared_corpus):
    from index import FakeEmbedder

    expect = expect_ui()
    pdf = shared_corpus / "pdf" / "WTDC-22-Res-30.pdf"
    truth = [json.loads(line) for line in (shared_corpus / "truth" / "WTDC-22-Res-30.jsonl").read_text("utf-8").splitlines()]
    wanted = max((t for t in truth if t["kind"] == "operative" and t["label"] and not t.get("footnote_refs")),
                 key=lambda t: len(t["text"]))
    index_dir = tmp_path / "index"
    with running_app(index_dir, FakeEmbedder()) as (url, demo):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(TIMEOUT)
        page.goto(url)
        page.get_by_role("tab", name="Documents").click()
        page.locator("#doc-files input[type=file]").set_input_files(str(pdf))
        expect(page.locator("#doc-files")).to_contain_text(pdf.name)
        page.locator("#add-btn").click()
        expect(page.locator("#docs-report")).to_contain_text(f"{pdf.name}: added", timeout=120_000)
        expect(page.locator("#docs-table")).to_contain_text(pdf.name)
        expect(page.locator("#status")).to_contain_text("1 document")
        expect(page.locator("#results")).not_to_contain_text("No index")
        screenshot(page, "documents-upload")

        page.get_by_role("tab", name="Ask").click()
        words = " ".join(wanted["text"].split()[:14])
        _ask(page, words)
        card = page.locator("#results .card", has_text=" ".join(words.split()[:8])).first
        expect(card.locator(".cite")).to_contain_text(f"Resolution {wanted['number']} ({wanted['revision']})")
        expect(card.locator(".cite .where")).to_contain_text(f"{wanted['section']} {wanted['label']}")

        card.get_by_role("button", name="Open in context").click()
        expect(page.locator("#doc-scroll .target")).to_be_in_viewport()
        expect(page.locator("#page-caption")).to_contain_text(f"PDF page {wanted['page']} of")
        image = page.locator("#page-panel img.page-img")
        expect(image).to_be_visible()
        expect(image).to_have_attribute("alt", re.compile(r"the highlighted region is the clause"))
        # The clause's region is marked on the page image, inside it, where the clause's words are printed.
        box = page.locator("#page-panel .clause-box")
        expect(box).to_be_visible()
        img_box, mark = image.bounding_box(), box.bounding_box()
        assert img_box["x"] <= mark["x"] and mark["x"] + mark["width"] <= img_box["x"] + img_box["width"] + 1
        assert img_box["y"] <= mark["y"] and mark["y"] + mark["height"] <= img_box["y"] + img_box["height"] + 1
        assert 0 < mark["height"] < img_box["height"] / 3 and mark["width"] > img_box["width"] / 3
        opened = page.locator("#doc-scroll .target").get_attribute("id").removeprefix("c-")
        clause = demo.holder.current().clause_by_id(opened)
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(str(demo.holder.uploads_dir / pdf.name))
        try:
            pg = document[clause.page - 1]
            w, h = pg.get_size()
            # The marked screen region, mapped back to PDF points, holds the clause's first words.
            left = (mark["x"] - img_box["x"]) / img_box["width"] * w
            right = (mark["x"] + mark["width"] - img_box["x"]) / img_box["width"] * w
            top = h - (mark["y"] - img_box["y"]) / img_box["height"] * h
            bottom = h - (mark["y"] + mark["height"] - img_box["y"]) / img_box["height"] * h
            inside = pg.get_textpage().get_text_bounded(left, bottom, right + 30, top)
        finally:
            document.close()
        assert all(word in inside for word in clause.text.split()[:3]), inside[:200]
        # Zoom in: the page image grows, the marked region stays on the clause.
        page.get_by_role("button", name="Zoom in").click()
        expect(page.locator("#page-panel .zoom-level")).to_have_text("150%")
        assert image.bounding_box()["width"] > img_box["width"] * 1.3
        # Next page: no mark there, and a way back to the clause's page.
        page.get_by_role("button", name="Next page").click()
        expect(page.locator("#page-caption")).to_contain_text(f"PDF page {wanted['page'] + 1} of")
        expect(page.locator("#page-panel .clause-box")).to_have_count(0)
        page.get_by_role("button", name="Back to the clause page").click()
        expect(page.locator("#page-panel .clause-box")).to_be_visible()
        screenshot(page, "context-pdf")

        # The uploaded copy is kept beside the index, so the page image survives the upload's temp file.
        assert (demo.holder.uploads_dir / pdf.name).is_file()
        page.close()

