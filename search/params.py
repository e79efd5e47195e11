"""Fitted parameters are data: the JSON files in search/fitted/, written by `bench/fit.py`.

Each file is `{"fitted_on": {...}, "params": {...}}`: `fitted_on` records what the values were fitted on
(sha256 of each question file, parser version, index format version, embedding model and backend, date,
and the cross-validation that chose any hyperparameter); `params` is what the library reads. A missing or
unreadable file means "not fitted": each user of a file says what it falls back to. A model whose dense
scores differ from the default model's (one fine-tuned on the train questions, bench/adapt_cv.py) has its
own files in search/fitted/<model name>/, which searches over an index built with that model use.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path, PurePath

FITTED_DIR = Path(__file__).with_name("fitted")
FILES = ("fusion", "rerank", "confidence")  # in the order bench/fit.py fits them


def model_key(model: str) -> str:
    """The folder of a model's own fitted files: its name, or a model folder's last part
    ("~/.cache/itu-search/models/all-MiniLM-L6-v2-itu" -> "all-MiniLM-L6-v2-itu")."""
    return PurePath(model.rstrip("/\\")).name if model else ""


def path_of(name: str, model: str = "") -> Path:
    """search/fitted/<model>/<name>.json for a model fitted apart from the default, else search/fitted/<name>.json."""
    return FITTED_DIR / model_key(model) / f"{name}.json" if model else FITTED_DIR / f"{name}.json"


def has_own(model: str) -> bool:
    """Were parameters fitted for this model itself (search/fitted/<model>/)? Asked on every search: answered
    from `load`'s cache."""
    return bool(model_key(model)) and load(FILES[0], model) is not None


@cache
def load(name: str, model: str = "") -> dict | None:
    """The `params` of a fitted file (the model's own when `model` is given), or None when it is missing or
    unreadable."""
    try:
        data = json.loads(path_of(name, model).read_text(encoding="utf-8"))
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
