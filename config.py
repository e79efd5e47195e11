"""Settings read once from the environment; everything else gets them passed in."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

# No network here or at users' desks during a conference: never try a hub.
for _var, _val in (("HF_HUB_OFFLINE", "1"), ("TRANSFORMERS_OFFLINE", "1"),
                   ("GRADIO_ANALYTICS_ENABLED", "False"), ("TOKENIZERS_PARALLELISM", "false")):
    os.environ.setdefault(_var, _val)

INDEX_ENV = "ITU_SEARCH_INDEX"
MODEL_ENV = "ITU_SEARCH_MODEL"
BACKEND_ENV = "ITU_SEARCH_BACKEND"
DEFAULT_INDEX_DIR = "itu-index"
DEFAULT_MODEL = "all-MiniLM-L6-v2"
PROJECT_ROOT = Path(__file__).resolve().parent
BUNDLED_CORPUS = PROJECT_ROOT / "corpus"


@dataclass(frozen=True)
class Settings:
    index_dir: Path
    model: str
    backend: str  # "onnx-int8" | "torch" | "fake"

    @classmethod
    def from_env(cls, index_dir: str | os.PathLike | None = None) -> Settings:
        return cls(
            index_dir=Path(index_dir or os.environ.get(INDEX_ENV) or DEFAULT_INDEX_DIR),
            model=os.environ.get(MODEL_ENV, DEFAULT_MODEL),
            backend=os.environ.get(BACKEND_ENV, "auto"),
        )
