"""Progress for long work: a live bar on a terminal, plain dated lines in logs and pipes.

tqdm writes carriage returns and escape codes, which turn a CI log or a `2> ingest.log` into one unreadable
line; off a terminal the same calls print a short line every few seconds and a final count instead.
"""

from __future__ import annotations

import sys
import time
from typing import IO, Protocol

PLAIN_INTERVAL_S = 10.0


class Progress(Protocol):
    total: int

    def update(self, n: int = 1) -> None: ...
    def refresh(self) -> None: ...
    def close(self) -> None: ...


class PlainProgress:
    """`desc: done/total unit` lines, at most one per `interval` seconds, and one when closed."""

    def __init__(self, total: int, desc: str, unit: str, stream: IO[str], interval: float = PLAIN_INTERVAL_S):
        self.total, self.desc, self.unit, self.stream, self.interval = total, desc, unit, stream, interval
        self.done = 0
        self._start = self._last = time.monotonic()
        self._closed = False

    def update(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if now - self._last >= self.interval:
            self._last = now
            self._write()

    def refresh(self) -> None:
        """The total may grow (clauses are counted as files are parsed); nothing to redraw in a log."""

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self.done:
            self._write(final=True)

    def _write(self, final: bool = False) -> None:
        elapsed = time.monotonic() - self._start
        fraction = bool(self.total) and not final
        count = f"{self.done}/{self.total}" if fraction else str(self.done)
        plural = "s" if (self.total if fraction else self.done) != 1 else ""
        tail = f" in {elapsed:.1f} s" if final else ""
        print(f"{self.desc}: {count} {self.unit}{plural}{tail}", file=self.stream, flush=True)

    def __enter__(self) -> PlainProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Silent:
    total = 0

    def update(self, n: int = 1) -> None: ...
    def refresh(self) -> None: ...
    def close(self) -> None: ...
    def __enter__(self) -> _Silent:
        return self

    def __exit__(self, *exc: object) -> None: ...


def progress_bar(total: int, desc: str, unit: str, *, enabled: bool = True, stream: IO[str] | None = None):
    """A tqdm bar when `stream` (stderr by default) is a terminal, else a `PlainProgress`; nothing if disabled."""
    stream = stream or sys.stderr
    if not enabled:
        return _Silent()
    if stream.isatty():
        from tqdm import tqdm

        return tqdm(total=total, desc=desc, unit=unit, file=stream)
    return PlainProgress(total, desc, unit, stream)
