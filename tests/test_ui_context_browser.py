"""The context view's references in headless chromium: a reference in a clause opens the clause it names (or the
cited instrument) in the context view and back returns; "Cited by" opens the citing clause; references outside
the index are marked; a clause running over a page break is highlighted on each page it covers. The PP-18
Final Acts and WTDC Res. 30 PDFs are indexed with the fake embedder; which clauses to use is read from the
index at run time. Over the same index (two bodies with a Resolution 30 each): grouped results in score order,
and a batch CSV whose query holds unquoted commas."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from search.clause_links import cited_by, references_of
from tests.ui_fixtures import app_over, axe_check, expect_ui, open_page, run_batch

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app(tmp_path_factory, shared_corpus):
    paths = [shared_corpus / "pdf" / "PP-18-Final-Acts.pdf", shared_corpus / "pdf" / "WTDC-22-Res-30.pdf"]
    with app_over(paths, tmp_path_factory.mktemp("ui-context") / "index") as app:
        yield app


@pytest.fixture
def page(browser):
    with open_page(browser, viewport={"width": 1400, "height": 1000}) as page:
        yield page


def _shown(page, clause_id: str) -> None:
    """The context view shows `clause_id` as its clause, and the address names it."""
    expect = expect_ui()
    expect(page.get_by_role("tab", name="Context")).to_have_attribute("aria-selected", "true")
    expect(page.locator(f"#doc-scroll #c-{clause_id}")).to_have_class(re.compile(r"\btarget\b"))
    expect(page).to_have_url(re.compile(rf"\?clause={clause_id}$"))


def _a_link_naming_a_part(corpus):
    """(citing row, link) of a reference that names a part of an instrument of the index ("resolves 1 to 11
    of Resolution 25 (Rev. Dubai, 2018)" in the Annex to that Resolution, in PP-18)."""
    for row in range(len(corpus.clauses)):
        for link in references_of(corpus, row):
            if link.names_part and link.target_row is not None and link.target_row != row:
                return row, link
    raise AssertionError("no reference naming a part of an indexed instrument in PP-18 + WTDC Res. 30")


def test_a_reference_opens_the_clause_it_names_and_back_returns(app, page):
    url, demo = app
    expect = expect_ui()
    corpus = demo.holder.corpus()
    row, link = _a_link_naming_a_part(corpus)
    citing, target = corpus.clauses[row], corpus.clauses[link.target_row]
    page.goto(f"{url}?clause={citing.id}")
    _shown(page, citing.id)
    # the reference inside the clause's text is a link to the clause it names
    inline = page.locator(f"#doc-scroll #c-{citing.id} a.ref-link[data-clause-id='{target.id}']")
    expect(inline).to_have_text(citing.text[link.ref.start:link.ref.end])
    # ... and it is listed under "This clause cites" with where it leads
    expect(page.locator(f"#refs-cites a.ref-link[data-clause-id='{target.id}']")).to_be_visible()
    expect(page.locator("#refs-cites li", has_text=target.citation)).to_be_visible()
    inline.click()
    _shown(page, target.id)
    expect(page.locator("#ctx-head .cite")).to_contain_text(target.instrument_ref)
    expect(page.locator("#ctx-head .cite .where")).to_have_text(f"{target.section} {target.label}")
    # browser back returns to the citing clause, forward to the cited one, the Back button back again
    page.go_back()
    _shown(page, citing.id)
    page.go_forward()
    _shown(page, target.id)
    page.locator("#ctx-head button[data-action=back]").click()
    _shown(page, citing.id)


def test_cited_by_opens_the_citing_clause_and_back_returns(app, page):
    url, demo = app
    expect = expect_ui()
    corpus = demo.holder.corpus()
    # WTDC Res. 30 cites PP resolutions of the Final Acts: open one it cites, follow "Cited by" back to it
    wtdc = next(i for i in corpus.instruments if i.body == "WTDC" and i.number == "30")
    row, link = next((r, k) for r in wtdc.rows for k in references_of(corpus, r) if k.target_row is not None)
    cited = corpus.clauses[link.target_row]
    citing = corpus.clauses[row]
    assert any(k.row == row for k in cited_by(corpus, link.target_row))
    page.goto(f"{url}?clause={cited.id}")
    _shown(page, cited.id)
    entry = page.locator(f"#refs-cited-by a.ref-link[data-clause-id='{citing.id}']")
    expect(entry).to_have_text(citing.citation)
    expect(page.locator("#refs-cited-by h4")).to_have_text(re.compile(r"Cited by \(\d+\)"))
    if entry.evaluate("(a) => !!a.closest('details')"):  # past the first few: unfold "N more"
        expect(entry).to_be_hidden()
        page.locator("#refs-cited-by details summary").click()
    entry.click()
    _shown(page, citing.id)
    expect(page.locator("#ctx-head")).to_contain_text("Resolution 30 (Rev. Kigali, 2022)")
    page.go_back()
    _shown(page, cited.id)
    # WTDC Res. 30's "Cites (in the corpus)" names the instrument cited (from the graph); a click opens it
    page.go_forward()
    _shown(page, citing.id)
    inst = corpus.instruments[link.target]
    chip = page.locator(f"#related button[data-action=open-instrument][data-instrument='{inst.label}']")
    expect(chip).to_have_text(inst.label)
    chip.click()
    first = corpus.clauses[inst.rows[0]]
    _shown(page, first.id)
    page.go_back()
    _shown(page, citing.id)


def test_references_outside_the_index_are_marked_not_links(app, page):
    url, demo = app
    expect = expect_ui()
    corpus = demo.holder.corpus()
    row, link = next((r, k) for r in range(len(corpus.clauses)) for k in references_of(corpus, r)
                     if k.target is None and k.other_revision is None)
    clause = corpus.clauses[row]
    page.goto(f"{url}?clause={clause.id}")
    _shown(page, clause.id)
    item = page.locator("#refs-cites li", has_text=link.ref.label).first
    expect(item).to_contain_text("not in the index")
    assert item.locator("a").count() == 0
    out = page.locator(f"#doc-scroll #c-{clause.id} .ref-out", has_text=clause.text[link.ref.start:link.ref.end])
    expect(out.first).to_have_attribute("title", re.compile("not in the index"))


def _box_fraction(page) -> dict:
    """Where the highlighted region sits on the page image, as fractions of the image's size."""
    return page.locator("#page-panel").evaluate("""(el) => {
        const img = el.querySelector('.page-img').getBoundingClientRect();
        const box = el.querySelector('.clause-box').getBoundingClientRect();
        return {top: (box.top - img.top) / img.height, bottom: (box.bottom - img.top) / img.height,
                left: (box.left - img.left) / img.width};
    }""")


def test_a_clause_over_a_page_break_is_highlighted_on_each_page(app, page):
    url, demo = app
    expect = expect_ui()
    clauses = demo.holder.current().clauses
    clause = next(c for c in clauses if c.continued and c.continued[0][0] == c.page + 1 and len(c.continued) == 1)
    page.goto(f"{url}?clause={clause.id}")
    _shown(page, clause.id)
    panel = page.locator("#page-panel")
    expect(panel.locator("figure.page-view")).to_have_attribute("data-page", str(clause.page))
    expect(panel.locator(".clause-box")).to_be_visible()
    expect(panel.locator("figcaption")).to_contain_text(f"the clause goes on to page {clause.page + 1}")
    first = _box_fraction(page)
    assert first["bottom"] > 0.6, first  # the clause starts low on its first page ...
    panel.get_by_role("button", name="Next page").click()
    expect(panel.locator("figure.page-view")).to_have_attribute("data-page", str(clause.page + 1))
    expect(panel.locator(".clause-box")).to_be_visible()
    expect(panel.locator(".page-img")).to_have_attribute("alt", re.compile(
        rf"continued from PDF page {clause.page}"))
    second = _box_fraction(page)
    assert second["top"] < 0.3, second  # ... and goes on at the top of the next
    panel.get_by_role("button", name="Next page").click()
    expect(panel.locator("figure.page-view")).to_have_attribute("data-page", str(clause.page + 2))
    expect(panel.locator(".clause-box")).to_have_count(0)
    panel.get_by_role("button", name="Back to the clause page").click()
    expect(panel.locator("figure.page-view")).to_have_attribute("data-page", str(clause.page))
    expect(panel.locator(".clause-box")).to_be_visible()
    # a clause that ends on its page is not highlighted on the next one
    single = next(c for c in clauses if c.bbox and not c.continued and c.file == clause.file and c.kind != "footnote")
    page.goto(f"{url}?clause={single.id}")
    _shown(page, single.id)
    expect(panel.locator(".clause-box")).to_be_visible()
    panel.get_by_role("button", name="Next page").click()
    expect(panel.locator("figure.page-view")).to_have_attribute("data-page", str(single.page + 1))
    expect(panel.locator(".clause-box")).to_have_count(0)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_reference_links_and_cited_by_pass_axe_in_both_schemes(app, browser, scheme):
    url, demo = app
    expect = expect_ui()
    corpus = demo.holder.corpus()
    # a clause with both: references (some in the index, some not) and clauses of other instruments citing it
    row = next(r for r in range(len(corpus.clauses))
               if cited_by(corpus, r) and any(k.target_row is not None for k in references_of(corpus, r))
               and any(k.target is None for k in references_of(corpus, r)))
    clause = corpus.clauses[row]
    with open_page(browser, viewport={"width": 1400, "height": 1000}, color_scheme=scheme) as page:
        page.goto(f"{url}?clause={clause.id}")
        _shown(page, clause.id)
        if scheme == "dark":
            expect(page.locator("body")).to_have_class(re.compile(r"\bdark\b"))
        expect(page.locator("#refs-cites a.ref-link").first).to_be_visible()
        expect(page.locator("#refs-cited-by a.ref-link").first).to_be_visible()
        expect(page.locator("#page-panel .clause-box")).to_be_visible()
        page.wait_for_timeout(500)  # the scheme's colours settle before contrast is measured
        axe_check(page, f"context with reference links ({scheme})")


def test_grouped_results_are_in_score_order(app, page):
    url, demo = app
    expect = expect_ui()
    # "Res 30" is PP Resolution 30 and WTDC Resolution 30: one group per instrument, cards best first overall
    page.goto(url + "?" + urlencode({"q": "Res 30 considering a)", "k": "6"}))
    expect(page.locator("#results .card").first).to_be_visible()
    bodies = {b.strip() for b in page.locator("#results .card .badge").all_inner_texts()}
    assert {"PP", "WTDC"} <= bodies, bodies
    scores = [float(t) for t in page.locator("#results .card .score").all_inner_texts()]
    assert len(scores) >= 2 and scores == sorted(scores, reverse=True), scores


def test_a_batch_csv_with_unquoted_commas_keeps_the_whole_query(app, page, tmp_path):
    url, demo = app
    query = "Res 30 (Rev. Kigali, 2022) resolves to invite ITU-D 8"
    queries = tmp_path / "queries.csv"
    queries.write_text(f"id,query\nq1,{query}\n", "utf-8")  # the citation's comma is not quoted
    page.goto(url)
    rows = run_batch(page, queries, "1 query run", tmp_path / "out.csv")
    assert rows and {r["query"] for r in rows} == {query}
    top = next(r for r in rows if r["rank"] == "1")
    target = next(c for c in demo.holder.current().clauses
                  if c.body == "WTDC" and c.number == "30" and c.label == "8" and c.section.startswith("resolves to invite"))
    assert top["citation"] == target.citation
    assert all(not r["source"].startswith("/") and "/work/" not in r["source"] for r in rows)  # no server paths
