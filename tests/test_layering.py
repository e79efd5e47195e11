"""The library layers take their settings from the entry points: no environment reads, no imports upward."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LIBRARY = ("ingest", "index", "search")
ENTRY_POINTS = {"config", "cli", "ui", "ui_views", "ui_style", "webui"}
# The crash-injection hooks that tests set through the environment (index/atomic.py checkpoint()).
ENV_ALLOWED = {"index/atomic.py"}
LAYER_ORDER = {"ingest": 0, "index": 1, "search": 2}


def _modules():
    for package in LIBRARY:
        for path in sorted((REPO / package).rglob("*.py")):
            yield path.relative_to(REPO).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _imported(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0]


def test_library_never_imports_an_entry_point_or_a_higher_layer():
    bad = []
    for rel, tree in _modules():
        own = LAYER_ORDER[rel.split("/")[0]]
        for name in _imported(tree):
            if name in ENTRY_POINTS or LAYER_ORDER.get(name, -1) > own:
                bad.append(f"{rel} imports {name}")
    assert not bad, bad


def test_library_never_reads_the_environment():
    bad = []
    for rel, tree in _modules():
        if rel in ENV_ALLOWED:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "putenv") \
                    and isinstance(node.value, ast.Name) and node.value.id == "os":
                bad.append(f"{rel}:{node.lineno} os.{node.attr}")
    assert not bad, bad
