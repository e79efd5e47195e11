"""Screenshots of the web UI's main screens (Ask with results, Context, Batch, Documents), taken from the
real app over the bundled corpus (corpus/, indexed with the real model) in headless chromium.

    .venv/bin/python scripts/screenshots.py     # -> docs/screenshots/{ask,context,batch,documents}.png
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import config  # noqa: E402

config.apply_offline_environment()

OUT = REPO / "docs" / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--index", type=Path, default=None, help="index of the bundled corpus (built in a temp folder if omitted)")
    p.add_argument("-o", "--out", type=Path, default=OUT)
    args = p.parse_args(argv)

    import index
    import ui
    from tests.ui_fixtures import chromium, free_port

    with tempfile.TemporaryDirectory(prefix="itu-shots-") as tmp:
        index_dir = args.index or Path(tmp) / "index"
        index.build([str(config.BUNDLED_CORPUS)], index_dir, progress=True)
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
                shoot(browser, f"http://127.0.0.1:{port}/", args.out, queries)
        finally:
            demo.close()
    print(f"screenshots written to {args.out}")
    return 0


def shoot(browser, url: str, out: Path, queries: Path) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=60_000)
    page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
    page.set_default_timeout(60_000)
    page.goto(url)

    page.locator("#filters").get_by_text("Filters and number of results").click()
    page.get_by_label("number input for Results").fill("3")
    page.get_by_label("number input for Results").press("Tab")
    page.locator("#filters").get_by_text("Filters and number of results").click()
    box = page.get_by_placeholder(re.compile("Ask a question"))
    box.fill("What should ITU-D do to help countries reach the Sustainable Development Goals?")
    box.press("Enter")
    expect(page.locator("#results .card").first).to_be_visible()
    page.wait_for_timeout(500)
    page.screenshot(path=str(out / "ask.png"), full_page=True)

    page.locator("#results .card").first.get_by_role("button", name="Open in context").click()
    expect(page.locator("#doc-scroll .target")).to_be_in_viewport()
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
    expect(page.locator("#docs-table")).to_contain_text(".txt")
    page.wait_for_timeout(500)
    page.screenshot(path=str(out / "documents.png"), full_page=True)
    page.close()


if __name__ == "__main__":
    sys.exit(main())
