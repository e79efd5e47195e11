"""`itu-search` command line: argument parsing and output formatting only; the work is in the library."""

from __future__ import annotations

import argparse
import sys

import config  # noqa: F401  (sets the offline environment before any model library loads)


class UserError(Exception):
    """An error the user can fix; printed without a traceback, with what to do next."""


def cmd_parse(args: argparse.Namespace) -> int:
    raise UserError("parse is not implemented yet")


def cmd_ingest(args: argparse.Namespace) -> int:
    raise UserError("ingest is not implemented yet")


def cmd_ask(args: argparse.Namespace) -> int:
    raise UserError("ask is not implemented yet")


def cmd_lookup(args: argparse.Namespace) -> int:
    raise UserError("lookup is not implemented yet")


def cmd_serve(args: argparse.Namespace) -> int:
    raise UserError("serve is not implemented yet")


def _add_index_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--index", metavar="DIR", default=None,
                   help=f"index folder (default: ${config.INDEX_ENV} or ./{config.DEFAULT_INDEX_DIR})")


def _add_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--body", help="PP, WTDC, WTSA, WRC, ...")
    p.add_argument("--number", help="instrument number, e.g. 30")
    p.add_argument("--revision", help="revision or year, e.g. 'Kigali, 2022', 2018, WRC-23")
    p.add_argument("--kind", choices=["preamble", "operative", "annex", "footnote"])
    p.add_argument("--file", dest="source_file", help="only clauses from this file (name)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="itu-search", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="print the clauses of PDF/DOCX/TXT files")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--format", choices=["jsonl", "table"], default="jsonl")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("ingest", help="add files or folders to the index (incremental)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    _add_index_option(p)
    p.add_argument("--prune", action="store_true", help="drop indexed files that are no longer present")
    p.add_argument("--rebuild", action="store_true", help="start a new index from scratch")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("ask", help="answer a question with cited clauses")
    p.add_argument("question")
    _add_index_option(p)
    p.add_argument("-k", type=int, default=5, help="number of clauses to show (default 5)")
    _add_filters(p)
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("lookup", help="batch lookup: one result line per query")
    p.add_argument("file", metavar="FILE", help=".txt (one query per line), .csv (id,query) or .jsonl")
    _add_index_option(p)
    p.add_argument("-k", type=int, default=10)
    p.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    p.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")
    _add_filters(p)
    p.set_defaults(func=cmd_lookup)

    p = sub.add_parser("serve", help="start the web UI")
    _add_index_option(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7860)
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except UserError as exc:
        print(f"itu-search: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("itu-search: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
