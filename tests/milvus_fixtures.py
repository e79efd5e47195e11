"""Milvus for the tests: milvus-lite embedded (a .db folder) and milvus-lite's gRPC server (the network
client path that a Milvus standalone or cluster deployment uses)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def milvus_lite_server(data_dir: Path) -> Iterator[str]:
    """`milvus-lite server` in a child process; yields its milvus://127.0.0.1:PORT address."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "milvus_lite", "server", "--data-dir", str(data_dir),
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"milvus-lite server exited: {proc.stderr.read()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("milvus-lite server did not start listening within 120 s") from None
                time.sleep(0.2)
        yield f"milvus://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def milvus_from_clauses(clauses, where: str):
    """A Milvus store of these clauses (ordinals renumbered as Index.from_clauses callers do)."""
    from index import FakeEmbedder, milvus
    from index.stores import milvus_location

    clauses = [replace(c, ordinal=i) for i, c in enumerate(clauses)]
    return milvus.from_clauses(clauses, FakeEmbedder(), milvus_location(where))
