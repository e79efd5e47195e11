"""`itu-search --help` speaks to users: every command and every argument says what it is for."""

from __future__ import annotations

import argparse

import pytest

from cli import build_parser, main


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_command_and_argument_has_help():
    parser = build_parser()
    commands = _subparsers(parser)
    assert commands, "no subcommands"
    undocumented = []
    for name, sub in commands.items():
        if not sub.description:
            undocumented.append(f"{name}: no description")
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            if not action.help:
                undocumented.append(f"{name} {'/'.join(action.option_strings) or action.dest}")
    assert not undocumented, f"arguments without help: {undocumented}"


def test_top_level_help_has_no_developer_notes(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "argument parsing" not in out and "library" not in out
    assert "ingest" in out and "ask" in out


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith("itu-search ") and len(out.split()) >= 2
