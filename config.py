"""The application's settings: read from the environment here, at the entry points, and passed into the library.

Nothing under ingest/, index/ or search/ reads the environment; `cli.py` and `ui.py` call `from_env` and hand
the values down.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from index.embedders import EmbedderSpec, cache_root, preferred_model
from search.engine import SearchSettings

INDEX_ENV = "ITU_SEARCH_INDEX"
MODEL_ENV = "ITU_SEARCH_MODEL"
BACKEND_ENV = "ITU_SEARCH_BACKEND"
CACHE_ENV = "ITU_SEARCH_CACHE"
LLM_URL_ENV = "ITU_SEARCH_LLM_URL"
LLM_MODEL_ENV = "ITU_SEARCH_LLM_MODEL"
PASSWORD_ENV = "ITU_SEARCH_PASSWORD"  # the web UI's password (`serve`; read by cli.py and ui.py only)
DEFAULT_INDEX_DIR = "itu-index"
PROJECT_ROOT = Path(__file__).resolve().parent
BUNDLED_CORPUS = PROJECT_ROOT / "corpus"

# No network here or at users' desks during a conference: never try a hub.
OFFLINE_ENVIRONMENT = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False",
                       "TOKENIZERS_PARALLELISM": "false"}


def apply_offline_environment() -> None:
    """Called first by each entry point, before any model or UI library is imported."""
    for var, val in OFFLINE_ENVIRONMENT.items():
        os.environ.setdefault(var, val)


def _cache_dir() -> Path | None:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "itu-search"
    return None


def cache_dir() -> Path:
    """Where itu-search keeps derived model files and the models it builds (ONNX exports, the fine-tuned MiniLM)."""
    return _cache_dir() or cache_root()


@dataclass(frozen=True)
class AppSettings:
    index_dir: Path
    embedder: EmbedderSpec
    search: SearchSettings

    @classmethod
    def from_env(cls, index_dir: str | os.PathLike | None = None) -> AppSettings:
        return cls(
            index_dir=Path(index_dir or os.environ.get(INDEX_ENV) or DEFAULT_INDEX_DIR),
            embedder=EmbedderSpec(model=os.environ.get(MODEL_ENV) or preferred_model(_cache_dir()),
                                  backend=os.environ.get(BACKEND_ENV, "auto"), cache_dir=_cache_dir(),
                                  model_explicit=bool(os.environ.get(MODEL_ENV))),
            search=SearchSettings(llm_url=os.environ.get(LLM_URL_ENV, "").strip() or None,
                                  llm_model=os.environ.get(LLM_MODEL_ENV, "").strip() or None),
        )
