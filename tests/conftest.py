"""Shared fixtures. The ITU corpus is read from ../shared/corpus (never copied into the repo)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import config

config.apply_offline_environment()

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ITU_SHARED_DIR", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """../shared/corpus; its absence is an error, not a skip: CI always has it."""
    corpus = SHARED / "corpus"
    if not (corpus / "pdf").is_dir():
        raise FileNotFoundError(f"{corpus} not found: tests need ../shared/corpus beside the checkout "
                                "(or ITU_SHARED_DIR pointing at the shared folder)")
    return corpus


@pytest.fixture(scope="session")
def shared_eval() -> Path:
    return SHARED / "eval"


@pytest.fixture(scope="session", params=["preferred", "bundled"])
def real_embedder(request):
    """Each real model an install can give new indexes, default backend, loaded once per session: the
    fine-tuned MiniLM that `make install` builds where ../shared is (`preferred_model`; CI has it) and the
    bundled all-MiniLM-L6-v2 used without it. Every `model` test runs with both.

    ITU_SEARCH_BACKEND may pick torch/onnx/onnx-int8; "fake" is ignored here since these tests are about the model.
    """
    from index.embedders import BUNDLED_MODEL, make_embedder, preferred_model

    model = preferred_model(config.cache_dir()) if request.param == "preferred" else BUNDLED_MODEL
    backend = os.environ.get(config.BACKEND_ENV, "auto")
    return make_embedder(model, "auto" if backend == "fake" else backend, cache_dir=config.cache_dir())


@pytest.fixture(scope="session")
def parsed_pdf(shared_corpus: Path):
    """parsed_pdf("PP-18-Final-Acts") -> (PdfLayout, list[Clause]); each shared PDF is read once per session."""
    from ingest.pdf_layout import read_pdf_layout
    from ingest.structure import parse_lines

    cache: dict[str, tuple] = {}

    def get(stem: str):
        if stem not in cache:
            path = shared_corpus / "pdf" / f"{stem}.pdf"
            layout = read_pdf_layout(path)
            cache[stem] = (layout, parse_lines(layout.lines, str(path)))
        return cache[stem]

    return get


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium through Playwright, one per test module (tests/ui_fixtures.chromium)."""
    from tests.ui_fixtures import chromium

    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def bundled_app(tmp_path_factory):
    """The real app on a free loopback port over the bundled corpus (fake embedder), one per test module:
    (url, demo)."""
    from tests.ui_fixtures import build_bundled_index, running_app

    index_dir = tmp_path_factory.mktemp("ui") / "index"
    embedder = build_bundled_index(index_dir)
    with running_app(index_dir, embedder) as (url, demo):
        yield url, demo


@pytest.fixture(scope="module")
def bundled_http(bundled_app):
    """(client, demo, url): an httpx client of `bundled_app` with no keep-alive (a refused request may make
    the server close its connection)."""
    import httpx

    url, demo = bundled_app
    with httpx.Client(base_url=url, timeout=120, limits=httpx.Limits(max_keepalive_connections=0)) as client:
        yield client, demo, url
