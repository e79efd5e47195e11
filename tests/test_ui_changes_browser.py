"""The Changes tab in headless chromium: reached from a result card, two revisions side by side with the
changes marked, the changed-only filter, and the reference picture clicked through. The real pair PP Res. 21
(Dubai 2018 from the Final Acts PDF, Bucharest 2022 from the TXT export) is indexed with the fake embedder."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.ui_fixtures import app_over, expect_ui, open_page, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def pp_app(tmp_path_factory, shared_corpus):
    paths = [shared_corpus / "pdf" / "PP-18-Final-Acts.pdf", shared_corpus / "txt" / "PP-22-Res-21.txt",
             shared_corpus / "pdf" / "WTDC-22-Res-30.pdf"]
    with app_over(paths, tmp_path_factory.mktemp("ui-changes") / "index") as app:
        yield app


@pytest.fixture
def page(browser):
    with open_page(browser, viewport={"width": 1400, "height": 1000}) as page:
        page.outside_requests = []
        page.on("request", lambda r: page.outside_requests.append(r.url)
                if urlparse(r.url).hostname not in ("127.0.0.1", "localhost", None) else None)
        yield page


def _open_changes_from_a_result(page, url):
    expect = expect_ui()
    page.goto(url)
    page.locator("#question textarea, #question input").first.fill("Res 21 recognizing d)")
    page.locator("#ask-btn").click()
    first = page.locator("#results .card").first
    expect(first).to_contain_text("Rev. Bucharest, 2022")
    expect(page.locator("#results .card .superseded").first).to_contain_text("Superseded by Resolution 21 (Rev. Bucharest, 2022)")
    first.locator("button[data-action=changes]").click()
    expect(page.locator("#changes-table tr.added").first).to_be_visible()


def test_changes_view_side_by_side_from_a_result(pp_app, page):
    url, _ = pp_app
    expect = expect_ui()
    _open_changes_from_a_result(page, url)
    table = page.locator("#changes-table")
    expect(table.locator(".counts")).to_contain_text("15reworded")
    rows = table.locator("tbody tr")
    assert rows.count() == 45  # every clause once: 38 old + 45 new, 38 of them paired
    assert table.locator("tr.unchanged").count() + table.locator("tr.reworded").count() == 38
    reworded = table.locator("tr.reworded").first
    expect(reworded.locator("td.old .cite")).to_contain_text("Resolution 21 (Rev. Dubai, 2018), recognizing a)")
    expect(reworded.locator("td.new .cite")).to_contain_text("Resolution 21 (Rev. Bucharest, 2022), recognizing a)")
    expect(reworded.locator("td.old del").first).to_have_text("Hammamet")
    expect(reworded.locator("td.new ins").first).to_have_text("Geneva")
    added = table.locator("tr.added").first
    expect(added.locator("td.new .cite")).to_contain_text("recognizing d)")
    assert added.locator("td.old .cite").count() == 0
    page.locator("#changes-only input").check()
    expect(table.locator("tr.unchanged")).to_have_count(0)
    expect(table.locator("tbody tr")).to_have_count(22)
    table.scroll_into_view_if_needed()
    screenshot(page, "changes")  # docs/screenshots/changes.png is a copy of it
    assert page.outside_requests == []


def test_reference_picture_click_through(pp_app, page):
    url, _ = pp_app
    expect = expect_ui()
    page.goto(url)
    page.get_by_role("tab", name="Changes").click()
    page.locator("#changes-new input").fill("WTDC Resolution 30")
    page.get_by_role("option", name="WTDC Resolution 30 (Rev. Kigali, 2022)").click()
    page.locator("#changes-btn").click()
    graph = page.locator("#graph")
    expect(graph.locator("h4")).to_contain_text("WTDC Resolution 30 (Rev. Kigali, 2022)")
    cited = graph.locator("g.node.cites")
    expect(cited.first).to_be_visible()
    names = [cited.nth(i).get_attribute("aria-label") for i in range(cited.count())]
    assert "PP Resolution 140 (Rev. Dubai, 2018)" in names  # recalling l) of WTDC Res. 30 cites it
    graph.locator('g.node[aria-label="PP Resolution 140 (Rev. Dubai, 2018)"]').click()
    expect(graph.locator("h4")).to_contain_text("PP Resolution 140 (Rev. Dubai, 2018)")
    expect(graph.locator('g.node.cited-by[aria-label="WTDC Resolution 30 (Rev. Kigali, 2022)"]')).to_have_count(1)
    page.locator("#graph-depth").get_by_role("radio", name="2").check()
    expect(graph.locator("g.node.second").first).to_be_visible()
    screenshot(page, "reference-graph")
    assert page.outside_requests == []
