"""The web UI as a delegate's workspace, in headless chromium: links that last (deep links in a fresh browser,
back and forward, recent searches), citations ready to paste, a collection exported as DOCX, filters as chips,
the answer's numbered references, and accessibility (axe-core in the light and the dark scheme)."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from tests.ui_fixtures import axe_check, expect_ui, open_page, opening_words, screenshot, target_clause

pytestmark = pytest.mark.browser


def _page(browser, *, scheme: str = "light", width: int = 1280):
    return open_page(browser, viewport={"width": width, "height": 900}, color_scheme=scheme,
                     accept_downloads=True, permissions=["clipboard-read", "clipboard-write"])


def test_a_search_link_runs_in_a_fresh_browser_and_back_forward_replay(bundled_app, browser):
    url, demo = bundled_app
    expect = expect_ui()
    target = target_clause(demo.holder)
    query = opening_words(target)
    with _page(browser) as page:
        page.goto(url + "?" + urlencode({"q": query, "k": "3"}))
        card = page.locator(f'#results .card[data-clause-id="{target.id}"]')
        expect(card).to_be_visible()
        expect(page.locator("#question textarea, #question input").first).to_have_value(query)
        assert page.locator("#results .card").count() == 3
        card.get_by_role("button", name="Open in context").click()
        expect(page.locator(f"#doc-scroll #c-{target.id}")).to_be_in_viewport()
        expect(page).to_have_url(re.compile(rf"\?clause={target.id}$"))
        page.go_back()
        expect(page).to_have_url(re.compile(r"\?q="))
        expect(page.locator("#results .card").first).to_be_visible()
        expect(page.get_by_role("tab", name="Ask")).to_have_attribute("aria-selected", "true")
        page.go_forward()
        expect(page.locator(f"#doc-scroll #c-{target.id}")).to_have_class(re.compile(r"\btarget\b"))
        # The search is remembered in this browser: after a reload it is offered as a recent search.
        page.goto(url)
        expect(page.locator("#examples .recent-search", has_text=query[:40])).to_be_visible()


def test_clause_and_instrument_links_open_the_context_view(bundled_app, browser):
    url, demo = bundled_app
    expect = expect_ui()
    target = target_clause(demo.holder)
    inst = demo.holder.corpus().instrument_of(target)
    for link, marked in ((f"?clause={target.id}", target.id),
                         ("?" + urlencode({"instrument": inst.label}), demo.holder.corpus().clauses[inst.rows[0]].id)):
        with _page(browser) as page:
            page.goto(url + link)
            expect(page.get_by_role("tab", name="Context")).to_have_attribute("aria-selected", "true")
            expect(page.locator(f"#doc-scroll #c-{marked}")).to_have_class(re.compile(r"\btarget\b"))
            expect(page.locator("#ctx-head .permalink", has_text="Link to this instrument")).to_have_attribute(
                "href", "?" + urlencode({"instrument": inst.label}))


def test_quote_and_citation_copy_filter_chips_and_numbered_references(bundled_app, browser):
    url, demo = bundled_app
    expect = expect_ui()
    target = target_clause(demo.holder)
    with _page(browser) as page:
        page.goto(url + "?" + urlencode({"q": opening_words(target), "kind": "operative"}))
        # Results are announced: they sit in a polite live region with a one-line summary first.
        expect(page.locator('#results [aria-live="polite"] .results-summary')).to_have_text(re.compile(r"clauses? found"))
        card = page.locator(f'#results .card[data-clause-id="{target.id}"]')
        card.get_by_role("button", name="Copy quote + citation").click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith(f"“{target.label} ") and copied.endswith(f"({target.citation})")
        # The answer refers to the cards by number.
        ref = page.locator("#results .answer a.ref").first
        expect(ref).to_have_text(re.compile(r"^\[\d+\]$"))
        number = int(ref.inner_text().strip("[]"))
        expect(page.locator("#results .card").nth(number - 1).locator(".rank")).to_have_text(str(number))
        # The active filter is a chip; removing it runs the search without it.
        chip = page.locator("#results .filter-chip")
        expect(chip).to_have_text(re.compile(r"Part: operative"))
        chip.click()
        expect(page.locator("#results .filter-chip")).to_have_count(0)
        expect(page).not_to_have_url(re.compile("kind="))
        expect(page.locator("#results .card").first).to_be_visible()


def test_a_collection_exports_as_docx(bundled_app, browser, tmp_path):
    import docx

    url, demo = bundled_app
    expect = expect_ui()
    target = target_clause(demo.holder)
    with _page(browser) as page:
        page.goto(url + "?" + urlencode({"q": opening_words(target), "k": "4"}))
        cards = page.locator("#results .card")
        expect(cards.first).to_be_visible()
        picked = [cards.nth(i).get_attribute("data-clause-id") for i in range(2)]
        for i in range(2):
            cards.nth(i).get_by_role("button", name="Add to collection").click()
            expect(cards.nth(i).get_by_role("button", name="In collection ✓")).to_be_visible()
        page.get_by_role("tab", name="Collection").click()
        expect(page.locator("#collection")).to_contain_text("2 clauses collected")
        page.locator("#export-docx").click()
        with page.expect_download() as dl:
            page.locator("#collection-file a").first.click()
        path = tmp_path / "collection.docx"
        dl.value.save_as(path)
        paragraphs = [p.text for p in docx.Document(str(path)).paragraphs]
        clauses = [demo.holder.current().clause_by_id(i) for i in picked]
        for c in clauses:
            assert c.citation in paragraphs
            assert any(p.startswith("“") and " ".join(c.text.split()[:6]) in p for p in paragraphs)


def test_documents_removal_asks_first_and_instruments_fold(bundled_app, browser):
    url, demo = bundled_app
    expect = expect_ui()
    name = demo.holder.current().files()[0].path.split("/")[-1]
    with _page(browser) as page:
        page.goto(url)
        expect(page.locator("#status")).to_contain_text("instrument")
        expect(page.locator("#status details")).not_to_have_attribute("open", "")
        page.get_by_role("tab", name="Documents").click()
        summary = page.locator("#docs-table summary").first
        expect(summary).to_have_text(re.compile(r"\d+ instruments?"))
        page.locator("#remove-choice input").click()
        page.get_by_role("option", name=name).click()
        page.locator("#remove-btn").click()
        expect(page.locator("#confirm-text")).to_contain_text(f"Remove {name}")
        page.locator("#cancel-remove-btn").click()
        expect(page.locator("#confirm-remove-btn")).to_be_hidden()
        assert [f.path.split("/")[-1] for f in demo.holder.current().files()] == [name]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violation(bundled_app, browser, scheme, tmp_path):
    url, demo = bundled_app
    expect = expect_ui()
    target = target_clause(demo.holder)
    with _page(browser, scheme=scheme) as page:
        page.goto(url)
        expect(page.locator("#status")).to_contain_text("instrument")
        if scheme == "dark":
            expect(page.locator("body")).to_have_class(re.compile(r"\bdark\b"))
        # The scheme's colours are in place (not mid-transition) before axe measures contrast.
        expect(page.locator(".corpus-summary")).to_have_css("color", "rgb(226, 232, 240)" if scheme == "dark"
                                                            else "rgb(51, 65, 85)")
        axe_check(page, f"landing ({scheme})")
        page.goto(url + "?" + urlencode({"q": opening_words(target), "kind": "operative"}))
        expect(page.locator("#results .card").first).to_be_visible()
        axe_check(page, f"results ({scheme})")
        screenshot(page, f"results-{scheme}")
        page.locator("#results .card").first.get_by_role("button", name="Open in context").click()
        expect(page.locator("#doc-scroll .target")).to_be_visible()
        axe_check(page, f"context ({scheme})")
        queries = tmp_path / "q.txt"
        queries.write_text(opening_words(target) + "\n", "utf-8")
        page.get_by_role("tab", name="Batch").click()
        page.locator("#batch-file input[type=file]").set_input_files(str(queries))
        page.locator("#batch-btn").click()
        expect(page.locator("#batch-report")).to_contain_text("1 query run")
        axe_check(page, f"batch ({scheme})")
        page.get_by_role("tab", name="Documents").click()
        expect(page.locator("#docs-table")).to_contain_text(".txt")
        axe_check(page, f"documents ({scheme})")
