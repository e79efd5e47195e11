"""Screenshots of the web UI for the README, from the real app in headless chromium over the bundled corpus
(corpus/, indexed with the real model): Ask in the light and the dark scheme, Ask at phone width, the context
view with the clause highlighted on its PDF page, Batch and Documents.

The page image comes from a PDF typeset from the bundled text (tests/typeset_docs.py, needs reportlab from
the dev extras), so nothing from ../shared ends up in the repository.

    .venv/bin/python scripts/screenshots.py     # -> docs/screenshots/*.png
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import config  # noqa: E402  (offline environment)

OUT = REPO / "docs" / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
QUESTION = "What should ITU-D do to help countries reach the Sustainable Development Goals?"


def bundled_pdf(out_dir: Path) -> Path:
    """The bundled resolution typeset as a PDF (its clauses as the parser reads them from corpus/)."""
    from ingest import parse_file
    from tests import typeset_docs as t

    src = next(config.BUNDLED_CORPUS.rglob("*.txt"))
    clauses = [c for c in parse_file(src) if c.kind != "footnote"]
    first = clauses[0]
    blocks: list = []
    for c in clauses:
        if not blocks or blocks[-1].heading != c.section:
            blocks.append(t.Block(c.section, c.kind, []))
        blocks[-1].items.append(t.Item(c.label if c.label not in ("–", "•") else "", c.text))
    inst = t.Instrument(f"RESOLUTION {first.number} ({first.revision})", first.instrument, first.number,
                        first.revision, first.body, first.title,
                        "The World Telecommunication Development Conference (Kigali, 2022),", blocks)
    layout = t.Layout(t.A4, "Times", 11, (70, 60, 60, 60), label_gap=True, keyword_style="italic")
    return t.build(t.Document("bundled-resolution-30", layout, [inst]), out_dir)


def cited_clause(idx) -> str:
    """The id of the operative clause with the most references (the context screenshot shows them)."""
    best = max((c for c in idx.clauses if c.kind in ("operative", "preamble")), key=lambda c: len(idx.references(c.id)))
    return best.id if idx.references(best.id) else ""


def small_png(path: Path) -> None:
    """Re-save a screenshot with a 256-colour palette: a third of the size, the same to the eye."""
    from PIL import Image

    with Image.open(path) as im:
        small = im.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("-o", "--out", type=Path, default=OUT)
    args = p.parse_args(argv)

    import index
    import ui
    from tests.ui_fixtures import chromium, free_port

    with tempfile.TemporaryDirectory(prefix="itu-shots-") as tmp:
        index_dir = Path(tmp) / "index"
        pdf = bundled_pdf(Path(tmp) / "pdf")
        index.build([str(pdf)], index_dir, progress=True)
        demo = ui.build_app(index_dir)
        port = free_port()
        ui.launch(demo, host="127.0.0.1", port=port, block=False, quiet=True)
        args.out.mkdir(parents=True, exist_ok=True)
        queries = Path(tmp) / "queries.jsonl"
        queries.write_text("\n".join(json.dumps(q) for q in [
            {"id": "q1", "query": "How should ITU-D help achieve the Sustainable Development Goals?"},
            {"id": "q2", "query": "Res. 30 (Rev. Kigali, 2022) resolves to invite ITU-D 8"},
            {"id": "q3", "query": "WSIS action lines facilitated by ITU"},
            {"id": "q4", "query": "What does ITU require of Internet service providers regarding net neutrality?"},
        ]) + "\n", "utf-8")
        try:
            with chromium() as browser:
                shoot(browser, f"http://127.0.0.1:{port}/", args.out, queries, cited_clause(demo.holder.current()))
            for png in args.out.glob("*.png"):
                small_png(png)
        finally:
            demo.close()
    print(f"screenshots written to {args.out}")
    return 0


def shoot(browser, url: str, out: Path, queries: Path, cited: str = "") -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=60_000)
    search = url + "?" + urlencode({"q": QUESTION, "k": "3"})
    for scheme in ("light", "dark"):
        page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1, color_scheme=scheme)
        page.set_default_timeout(60_000)
        page.goto(search)
        expect(page.locator("#results .card").first).to_be_visible()
        page.wait_for_timeout(600)
        page.screenshot(path=str(out / ("ask.png" if scheme == "light" else "ask-dark.png")), full_page=True)
        if scheme == "light":
            page.locator("#results .card").first.get_by_role("button", name="Open in context").click()
            expect(page.locator("#page-panel .clause-box")).to_be_visible()
            if cited:  # a clause whose references show as links (or as "not in the index")
                page.goto(url + "?" + urlencode({"clause": cited}))
                expect(page.locator("#refs-cites li").first).to_be_visible()
                expect(page.locator("#page-panel .clause-box")).to_be_visible()
            page.wait_for_timeout(800)
            page.screenshot(path=str(out / "context.png"))
            page.get_by_role("tab", name="Batch").click()
            page.locator("#batch-file input[type=file]").set_input_files(str(queries))
            expect(page.locator("#batch-file")).to_contain_text(queries.name)
            page.locator("#batch-btn").click()
            expect(page.locator("#batch-report")).to_contain_text("queries run")
            page.wait_for_timeout(800)
            page.screenshot(path=str(out / "batch.png"), full_page=True)
            page.get_by_role("tab", name="Documents").click()
            expect(page.locator("#docs-table")).to_contain_text(".pdf")
            page.wait_for_timeout(500)
            page.screenshot(path=str(out / "documents.png"), full_page=True)
        page.close()
    phone = browser.new_page(viewport=PHONE, device_scale_factor=1, is_mobile=True)
    phone.set_default_timeout(60_000)
    phone.goto(search)
    expect(phone.locator("#results .card").first).to_be_visible()
    phone.wait_for_timeout(600)
    phone.screenshot(path=str(out / "phone.png"))
    phone.close()


if __name__ == "__main__":
    sys.exit(main())
