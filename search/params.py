"""Fitted parameters are data: the JSON files in search/fitted/, written by `bench/fit.py`.

Each file is `{"fitted_on": {...}, "params": {...}}`: `fitted_on` records what the values were fitted on
(sha256 of each question file, parser version, index format version, embedding model and backend, date,
and the cross-validation that chose any hyperparameter); `params` is what the library reads. A missing or
unreadable file means "not fitted": each user of a file says what it falls back to.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

FITTED_DIR = Path(__file__).with_name("fitted")
FILES = ("fusion", "rerank", "confidence")  # in the order bench/fit.py fits them


def path_of(name: str) -> Path:
    return FITTED_DIR / f"{name}.json"


@cache
def load(name: str) -> dict | None:
    """The `params` of search/fitted/<name>.json, or None when the file is missing or unreadable."""
    try:
        data = json.loads(path_of(name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    params = data.get("params") if isinstance(data, dict) else None
    return params if isinstance(params, dict) else None


def fitted_on(name: str) -> dict:
    """What search/fitted/<name>.json says it was fitted on ({} when there is no such file)."""
    try:
        data = json.loads(path_of(name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data.get("fitted_on", {}) if isinstance(data, dict) else {}
