"""Export a sentence-transformers model's transformer to ONNX (torch.onnx, offline) and quantize it to int8.

Done once per model and cached; the export needs torch, running the result does not.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import tempfile
import warnings
from pathlib import Path

OPSET = 17


def _model_key(folder: Path) -> str:
    weights = [p for p in sorted(folder.iterdir()) if p.suffix in (".safetensors", ".bin")]
    stamp = "|".join(f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in weights)
    return hashlib.sha1(f"{folder}|{stamp}|opset{OPSET}".encode()).hexdigest()[:12]


def exported_model(folder: Path, *, quantized: bool, cache_dir: Path | None = None) -> Path:
    """Path of the (cached) ONNX file for the model in `folder`; exports and quantizes on first use."""
    from .embedders import cache_root

    target_dir = (cache_dir or cache_root()) / "onnx" / f"{folder.name}-{_model_key(folder)}"
    fp32 = target_dir / "model.onnx"
    int8 = target_dir / "model-int8-perchannel.onnx"
    if not fp32.is_file():
        print(f"itu-search: exporting {folder.name} to ONNX (once, cached in {target_dir})", file=sys.stderr)
        _atomic_write(fp32, lambda tmp: _export(folder, tmp))
    if not quantized:
        return fp32
    if not int8.is_file():
        _atomic_write(int8, lambda tmp: _quantize(fp32, tmp))
    return int8


def _atomic_write(target: Path, write) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _export(folder: Path, out: Path) -> None:
    import torch
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    tokenizer = AutoTokenizer.from_pretrained(str(folder))
    model = _Encoder(AutoModel.from_pretrained(str(folder))).eval()
    sample = tokenizer(["an example sentence", "a second, longer example sentence"],
                       padding=True, return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    args = tuple(sample[n] for n in names)
    axes = {n: {0: "batch", 1: "sequence"} for n in names}
    axes["last_hidden_state"] = {0: "batch", 1: "sequence"}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes about shapes that are constant for this model
        torch.onnx.export(model, args, str(out), input_names=names, output_names=["last_hidden_state"],
                          dynamic_axes=axes, opset_version=OPSET, dynamo=False, do_constant_folding=True)


def _encoder_class():
    import torch

    class Encoder(torch.nn.Module):
        """Keyword call of the transformer: newer transformers versions reorder forward()'s positional args."""

        def __init__(self, model) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.model(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    return Encoder


def _Encoder(model):  # noqa: N802
    return _encoder_class()(model)


def _quantize(fp32: Path, out: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # Per-channel: per-tensor int8 scales lose too much accuracy on this model's weights.
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # onnxruntime logs a generic "consider pre-processing" hint
    try:
        quantize_dynamic(str(fp32), str(out), per_channel=True, weight_type=QuantType.QInt8)
    finally:
        root.setLevel(level)
