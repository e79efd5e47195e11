"""Progress off a terminal: plain lines a log can hold, no carriage returns or escape codes."""

from __future__ import annotations

import io

from index.progress import PlainProgress, progress_bar


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_lines_when_not_a_terminal():
    out = io.StringIO()
    bar = progress_bar(3, "parse", "file", stream=out)
    assert isinstance(bar, PlainProgress)
    bar.interval = 0.0
    for _ in range(3):
        bar.update(1)
    bar.close()
    text = out.getvalue()
    assert "\r" not in text and "\x1b" not in text
    lines = text.splitlines()
    assert lines[:3] == ["parse: 1/3 files", "parse: 2/3 files", "parse: 3/3 files"]
    assert lines[-1].startswith("parse: 3 files in ")


def test_a_growing_total_is_not_printed_as_a_fraction_at_the_end():
    out = io.StringIO()
    with progress_bar(0, "embed", "clause", stream=out) as bar:
        bar.total += 40
        bar.refresh()
        bar.update(40)
    assert out.getvalue().splitlines()[-1].startswith("embed: 40 clauses in ")


def test_nothing_when_disabled_and_a_live_bar_on_a_terminal():
    out = io.StringIO()
    with progress_bar(5, "parse", "file", enabled=False, stream=out) as bar:
        bar.update(5)
    assert out.getvalue() == ""
    tty = _Tty()
    bar = progress_bar(2, "parse", "file", stream=tty)
    assert not isinstance(bar, PlainProgress)
    bar.update(2)
    bar.close()
    assert "\r" in tty.getvalue()
