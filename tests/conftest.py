"""Shared fixtures. The ITU corpus is read from ../shared/corpus (never copied into the repo)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import config  # noqa: F401  (offline environment for every test)

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
