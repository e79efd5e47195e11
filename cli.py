"""Search ITU resolutions clause by clause and get the exact citation of every hit."""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import sys

import config
from ingest.names import printable_message, printable_name
from ingest.records import KINDS


class UserError(Exception):
    """An error the user can fix; printed without a traceback, with what to do next."""


# --- parse -----------------------------------------------------------------------------------------

_TABLE_CITATION_MAX = 72
_TABLE_TEXT_MAX = 80


def _clip(text: str, width: int) -> str:
    text = printable_name(" ".join(text.split()))  # a document's escape codes never reach the terminal
    return text if len(text) <= width else text[: width - 1] + "…"


_NOT_OUR_SGR = re.compile(r"\x1b(?!\[[0-9;]*m)|[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f-\x9f]")


def _terminal_safe(text: str) -> str:
    """Text for a terminal: control characters and escape sequences other than colours escaped (\\x1b),
    so text read from a document cannot retitle, clear or rewrite the user's terminal."""
    return _NOT_OUR_SGR.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _parse_table(clauses: list) -> str:
    """Aligned columns: citation, kind, start of the text."""
    rows = [(_clip(c.citation, _TABLE_CITATION_MAX), c.kind, _clip(c.text, _TABLE_TEXT_MAX)) for c in clauses]
    header = ("CITATION", "KIND", "TEXT")
    w_cit = max(len(r[0]) for r in [header, *rows])
    w_kind = max(len(r[1]) for r in [header, *rows])
    return "\n".join(f"{a:<{w_cit}}  {b:<{w_kind}}  {t}".rstrip() for a, b, t in [header, *rows])


def cmd_parse(args: argparse.Namespace) -> int:
    """Print each file's clauses (JSONL with the truth field names, or a table); report bad files on stderr."""
    import dataclasses
    import json

    from tqdm import tqdm

    from ingest import parse_file
    from ingest.errors import IngestError

    failed = 0
    show_progress = len(args.files) > 1 and sys.stderr.isatty()
    files = tqdm(args.files, desc="parsing", unit="file", file=sys.stderr, disable=not show_progress, leave=False)
    for path in files:
        shown = printable_name(path)  # a name with bytes that are not UTF-8 or a newline is shown escaped
        try:
            clauses = parse_file(path)
        except IngestError as exc:
            failed += 1
            exc.path = shown
            tqdm.write(str(exc), file=sys.stderr)
            continue
        except Exception as exc:  # one broken file must not stop the batch nor show a traceback
            failed += 1
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            tqdm.write(printable_message(f"could not parse {shown}: {type(exc).__name__}: {detail}, please report"),
                       file=sys.stderr)
            continue
        if shown != path:
            clauses = [dataclasses.replace(c, file=shown) for c in clauses]
        if args.format == "jsonl":
            out = "".join(json.dumps(c.to_truth_dict(), ensure_ascii=False) + "\n" for c in clauses)
        else:
            title = f"== {shown}: {len(clauses)} clauses"
            out = f"{title}\n{_parse_table(clauses)}\n\n" if clauses else f"{title}\n\n"
        sys.stdout.write(out)
        sys.stdout.flush()  # a closed pipe (`| head`) ends the command quietly in main()
    return 1 if failed else 0


def cmd_ingest(args: argparse.Namespace) -> int:
    """Add/update files in the index; print the summary. Exit 0 if the index holds files (failures are
    listed), 1 if nothing could be indexed, 2 on an index problem (with the fix)."""
    import index

    settings = config.AppSettings.from_env(args.index)
    embedder = None
    if args.workers > 1:  # the configured model/backend, embedded in worker processes
        from index.parallel import ParallelEmbedder

        model = settings.embedder.model_for(None if args.rebuild else index.built_model(settings.index_dir))
        embedder = ParallelEmbedder(model, settings.embedder.backend, args.workers,
                                    cache_dir=settings.embedder.cache_dir)
    try:
        report = index.build(args.paths, settings.index_dir, embedder=embedder, spec=settings.embedder,
                             prune=args.prune, rebuild=args.rebuild, progress=True)
    except index.IndexError_ as exc:
        raise UserError(str(exc)) from exc
    finally:
        if embedder is not None:
            embedder.close()
    print(report.summary())
    if report.exit_code == 2:
        print("itu-search: some paths could not be read (see 'failed' above): the files indexed from them were "
              "kept; fix the path or its permissions and run the command again", file=sys.stderr)
    elif report.exit_code:
        print("itu-search: nothing was indexed: check the paths and the failures above", file=sys.stderr)
    return report.exit_code


def cmd_remove(args: argparse.Namespace) -> int:
    """Drop documents from the index (by the path `ingest` listed, the path on disk or a unique file name)."""
    import index

    settings = config.AppSettings.from_env(args.index)
    try:
        report = index.remove(args.paths, settings.index_dir)
    except index.IndexError_ as exc:
        raise UserError(str(exc)) from exc
    print(report.summary())
    if report.failed:
        print("itu-search: not in the index: " + ", ".join(p for p, _ in report.failed)
              + " (the names `itu-search ingest` printed, or the file names, are accepted)", file=sys.stderr)
        return 1
    return 0


def _open_index_for_search(settings: config.AppSettings):
    """The index to search, or a UserError saying how to build it."""
    import index

    try:
        spec = settings.embedder
        return index.open(settings.index_dir, expect_model=spec.model if spec.model_explicit else None,
                          cache_dir=spec.cache_dir)
    except index.IndexError_ as exc:
        raise UserError(str(exc)) from exc


def _filters_from(args: argparse.Namespace):
    from search.records import Filters

    return Filters(body=args.body or "", number=args.number or "", revision=args.revision or "",
                   kind=args.kind or "", file=args.source_file or "")


def _format_result(result, *, width: int, bold: bool) -> str:
    """A SearchResult for the terminal: the answer (or the abstention), then the cited clauses."""
    import textwrap

    def b(text: str) -> str:
        text = printable_name(text)  # text from documents: no escape codes reach the terminal
        return f"\033[1m{text}\033[0m" if bold else text

    def wrap(text: str, indent: str) -> str:
        return textwrap.fill(printable_name(" ".join(text.split())), width=max(40, width), initial_indent=indent,
                             subsequent_indent=indent)

    lines: list[str] = []
    if result.message:
        lines += [wrap(result.message, ""), ""]
    if result.abstained:
        if result.hits:
            lines += ["Closest clauses (none of them answers the question):", ""]
    elif result.answer is not None and result.answer.sentences:
        low = result.outcome == "low_confidence"
        lines.append(f"{'Possible answer, LOW CONFIDENCE' if low else 'Answer'} (confidence {result.answer.confidence:.2f}):")
        for s in result.answer.sentences:
            lines += [wrap(s.text, "  "), "    " + b(s.citation)]
        if result.answer.generated:
            lines += ["", "Generated answer (every citation checked against the clauses below):",
                      wrap(result.answer.generated, "  ")]
        lines += ["", "Clauses:"]
    groups = result.groups if len(result.groups) > 1 else ()
    if groups:
        for g in groups:
            lines.append(b(f"{g.body} {g.instrument_ref}".strip()) + ("" if g.exact else " (closest clauses)")
                         + (f" [superseded by {g.superseded_by}]" if g.superseded_by else ""))
            for hit in g.hits[:3]:
                lines += [f"  {b(hit.clause.citation)}", wrap(hit.clause.text, "      ")]
            lines.append("")
    else:
        for hit in result.hits:
            old = f"  [superseded by {hit.superseded_by}]" if hit.superseded_by else ""
            lines += [f"{hit.rank:>3}. {b(hit.clause.citation)}  (score {hit.score:.2f}){old}",
                      wrap(hit.clause.text, "     "), ""]
    if not result.hits:
        lines.append("No clause matches. Try other words, or fewer filters.")
    return "\n".join(lines).rstrip() + "\n"


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer one question: the answer with citations, then the top clauses (or JSON with --json)."""
    import json
    import shutil

    import index
    from search import MAX_K, MAX_QUERY_CHARS
    from search.batch import result_record
    from search.engine import ask

    question = args.question.strip()
    if not question:
        raise UserError("empty question: type a question or a reference such as 'Res. 30 resolves 8'")
    if len(question) > MAX_QUERY_CHARS:
        raise UserError(f"the question is longer than {MAX_QUERY_CHARS} characters: shorten it")
    if not 1 <= args.k <= MAX_K:
        raise UserError(f"-k must be between 1 and {MAX_K}")
    settings = config.AppSettings.from_env(args.index)
    idx = _open_index_for_search(settings)
    try:
        result = ask(idx, question, k=args.k, filters=_filters_from(args), settings=settings.search)
    except index.IndexError_ as exc:
        raise UserError(str(exc)) from exc
    if args.json:
        print(json.dumps(result_record("1", result), ensure_ascii=False, indent=2))
    else:
        width = min(shutil.get_terminal_size((100, 24)).columns, 120) - 2
        sys.stdout.write(_format_result(result, width=width, bold=sys.stdout.isatty()))
    return 0


def cmd_lookup(args: argparse.Namespace) -> int:
    """Batch lookup: one result per query, in input order; bad lines are reported and skipped (exit 1)."""
    import os
    from pathlib import Path

    import index
    from index.progress import progress_bar
    from search import MAX_K
    from search.batch import BatchError, read_queries, result_writer, run_queries

    if not 1 <= args.k <= MAX_K:
        raise UserError(f"-k must be between 1 and {MAX_K}")
    try:
        batch = read_queries(args.file)
    except BatchError as exc:
        raise UserError(str(exc)) from exc
    for err in batch.errors:
        print(f"itu-search: {printable_name(args.file)}: {printable_message(str(err))}", file=sys.stderr)
    settings = config.AppSettings.from_env(args.index)
    idx = _open_index_for_search(settings)
    filters = _filters_from(args)
    out, tmp = sys.stdout, None
    if args.output:
        # Written beside OUT and renamed at the end: a full disk or an interrupted run leaves OUT as it was
        # and no partial file behind.
        target = Path(args.output)
        if target.is_dir():
            raise UserError(f"cannot write {printable_name(args.output)}: it is a folder; pass a file name to -o")
        tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
        try:
            out = tmp.open("x", encoding="utf-8", newline="")
        except OSError as exc:
            raise UserError(f"cannot write {printable_name(args.output)}: {exc.strerror or exc}; pass another -o "
                            "or fix the folder's permissions") from exc
    try:
        writer = result_writer(args.format, out)
        with progress_bar(len(batch.items), "lookup", "query", enabled=bool(batch.items)) as bar:
            try:
                for _ in run_queries(idx, batch.items, k=args.k, filters=filters, settings=settings.search, writers=[writer],
                                     progress=lambda _i: bar.update(1)):
                    out.flush()
            except index.IndexError_ as exc:
                raise UserError(str(exc)) from exc
        if tmp is not None:
            out.close()
            os.replace(tmp, target)
            tmp = None
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        if tmp is None:
            raise
        raise UserError(f"cannot write {printable_name(args.output)}: {exc.strerror or exc}; nothing was written "
                        "(free some disk space or pass another -o, then run the command again)") from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                out.close()
            with contextlib.suppress(OSError):
                tmp.unlink()
    if batch.errors:
        print(f"itu-search: {len(batch.errors)} line(s) of {printable_name(args.file)} skipped (see above); "
              f"{len(batch.items)} answered", file=sys.stderr)
        return 1
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    """What changed between two revisions: every clause of both, unchanged / reworded / added / removed / moved."""
    import os

    from search.corpus import view_of
    from search.diff import InstrumentNotFound, diff_instruments, find_instrument, previous_revision
    from search.diff_format import to_html, to_json, to_text

    idx = _open_index_for_search(config.AppSettings.from_env(args.index))
    view = view_of(idx)
    try:
        first = find_instrument(view, args.old)
        if args.new:
            old, new = first, find_instrument(view, args.new)
        else:
            earlier, new = previous_revision(view, first), first
            if earlier is None:
                raise UserError(f"{first.ref} has no earlier revision in the index: name two revisions, "
                                "e.g. 'PP Res 21 (Rev. Dubai, 2018)' 'PP Res 21 (Rev. Bucharest, 2022)'")
            old = earlier
    except InstrumentNotFound as exc:
        raise UserError(str(exc)) from exc
    d = diff_instruments(idx, old, new)
    if args.format == "json":
        out = to_json(d) + "\n"
    elif args.format == "html":
        out = to_html(d, changed_only=args.changed_only)
    else:
        colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        import shutil

        width = min(shutil.get_terminal_size((100, 24)).columns, 120) - 2
        out = to_text(d, colour=colour, width=width, changed_only=args.changed_only)
    sys.stdout.write(_terminal_safe(out))  # a closed pipe (`| head`) ends the command quietly in main()
    return 0


def _refs_text(rec: dict) -> str:
    inst = rec["instrument"]
    lines = [f"{inst['body']} {inst['citation']}".strip(), "", f"Cites ({len(rec['cites'])}):"]

    def target(e: dict) -> str:
        if e["resolved"]:
            return f"{e['resolved']['body']} {e['resolved']['citation']}".strip()
        if e.get("other_revision"):
            return f"not in the index in this revision (the index has {e['other_revision']['citation']})"
        return "not in the index"

    for e in rec["cites"]:
        where = " ".join(p for p in (e["from"]["section"], e["from"]["label"]) if p) or "title"
        lines.append(f"  {where}: {e['target']['label']}  ->  {target(e)}")
    lines += ["", f"Cited by ({len(rec['cited_by'])}):"]
    for e in rec["cited_by"]:
        lines.append(f"  {e['from']['citation']}: {e['target']['label']}")
    return "\n".join(lines) + "\n"


def cmd_refs(args: argparse.Namespace) -> int:
    """What an instrument cites and what cites it; or export the whole reference graph."""
    import json

    from search.corpus import view_of
    from search.diff import InstrumentNotFound, find_instrument, instrument_index
    from search.graph import export, refs_record

    if not args.ref and not args.export:
        raise UserError("name an instrument (e.g. 'Res 30') or give --export FILE.graphml|FILE.json")
    idx = _open_index_for_search(config.AppSettings.from_env(args.index))
    view = view_of(idx)
    if args.export:
        try:
            fmt = export(view.graph, view.clauses, args.export)
        except ValueError as exc:
            raise UserError(str(exc)) from exc
        except OSError as exc:
            raise UserError(f"cannot write {args.export}: {exc.strerror or exc}") from exc
        g = view.graph
        print(f"wrote {args.export} ({fmt}): {len(g.instruments)} instruments, {len(g.edges)} references, "
              f"{sum(e.resolved for e in g.edges)} resolved to instruments of the index", file=sys.stderr)
        if not args.ref:
            return 0
    try:
        inst = find_instrument(view, args.ref)
    except InstrumentNotFound as exc:
        raise UserError(str(exc)) from exc
    i = instrument_index(view, inst)
    rec = refs_record(view.graph, view.preferred_copy.get(i, i), view.clauses)
    sys.stdout.write(json.dumps(rec, ensure_ascii=False, indent=2) + "\n" if args.format == "json" else _refs_text(rec))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import os

    from webui import guard

    if not 0 < args.port < 65536:
        raise UserError(f"--port {args.port} is not a port number: pass one between 1 and 65535")
    try:
        policy = guard.policy_from_args(args, os.environ)
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    import ui  # imports gradio: only this command pays for it

    try:
        ui.serve(args.index, args.host, args.port, policy=policy)
    except OSError as exc:
        raise UserError(f"cannot start the web UI on {args.host}:{args.port}: {exc.strerror or exc}; pass another "
                        "--port (or stop the program using it)") from exc
    return 0


def _add_index_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--index", metavar="DIR", default=None,
                   help=f"index folder (default: ${config.INDEX_ENV} or ./{config.DEFAULT_INDEX_DIR}), or a Milvus "
                        "store: milvus://HOST:PORT/COLLECTION or milvus-lite:PATH.db")


def _add_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--body", help="PP, WTDC, WTSA, WRC, ...")
    p.add_argument("--number", help="instrument number, e.g. 30")
    p.add_argument("--revision", help="revision or year, e.g. 'Kigali, 2022', 2018, WRC-23")
    p.add_argument("--kind", choices=KINDS,
                   help="only clauses of this kind")
    p.add_argument("--file", dest="source_file", help="only clauses from this file (name)")


def _command(sub, name: str, func, **options) -> argparse.ArgumentParser:
    """The subcommand `name`, run by `func(args)`; `options` go to argparse (help, description, epilog, ...)."""
    p = sub.add_parser(name, **options)
    p.set_defaults(func=func)
    return p


def _add_format_option(p: argparse.ArgumentParser, **formats: str) -> None:
    """--format: one of `formats` (name=what it prints), the first the default."""
    names = list(formats)
    p.add_argument("--format", choices=names, default=names[0],
                   help="; ".join(f"{name}: {what}" + (" (default)" if name == names[0] else "")
                                  for name, what in formats.items()))


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("itu-search")
    except PackageNotFoundError:  # run from a checkout that was not installed
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="itu-search", description=__doc__,
        epilog="Start with `itu-search ingest FOLDER`, then `itu-search ask \"QUESTION\"` or `itu-search serve`. "
               "`itu-search COMMAND --help` describes each command.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = _command(
        sub, "parse", cmd_parse, help="print the clauses of PDF/DOCX/TXT files",
        description="Split files into instruments and clauses without indexing them, to check what the "
                    "index would hold.",
        epilog="Exit status: 0 when every file was read, 1 when any file could not be read (reported on stderr "
               "with the cause and what to do; the other files are still printed).")
    p.add_argument("files", nargs="+", metavar="FILE", help="PDF, DOCX or TXT files")
    _add_format_option(p, jsonl="one JSON object per clause", table="aligned citation, kind and text")

    p = _command(
        sub, "ingest", cmd_ingest, help="add files or folders to the index (incremental)",
        description="Add PDF, DOCX and TXT files (folders are searched recursively) to the index. Unchanged "
                    "files (same content hash) are skipped; changed files have their clauses replaced. The "
                    "index is replaced atomically: an interrupted ingest leaves the previous index usable.",
        epilog="Exit status: 0 when the index holds the files (files that could not be read are listed "
               "with the reason and skipped), 1 when nothing could be indexed, 2 when the index cannot be "
               "used (the message says what to do, e.g. --rebuild).")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (searched recursively)")
    _add_index_option(p)
    p.add_argument("--prune", action="store_true", help="drop indexed files that are no longer present")
    p.add_argument("--rebuild", action="store_true", help="start a new index from scratch")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="embed in N worker processes (default 1: in this process); uses the configured backend")

    p = _command(sub, "remove", cmd_remove, help="drop documents from the index",
                 description="Remove documents from the index by the path ingest listed, their path on disk (the "
                             "file may be gone) or a unique file name. Nothing on disk is deleted.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="a document as ingest listed it, its path or file name")
    _add_index_option(p)

    p = _command(
        sub, "ask", cmd_ask, help="answer a question with cited clauses",
        description="Answer a question, or look up a reference such as 'Res. 30 resolves 8', from the index: "
                    "an extractive answer with its citation, then the best clauses.")
    p.add_argument("question", help="a question in English, or a reference to a clause")
    _add_index_option(p)
    p.add_argument("-k", type=int, default=5, help="number of clauses to show (default 5)")
    _add_filters(p)
    p.add_argument("--json", action="store_true", help="print the result as JSON")

    from search.limits import MAX_BATCH_QUERIES, MAX_K, MAX_QUERY_CHARS

    p = _command(
        sub, "lookup", cmd_lookup, help="batch lookup: one result line per query",
        description="Answer every query of FILE: .txt (one query per line; '#' starts a comment), .csv "
                    "(header with columns id,query) or .jsonl (objects with id and question or query). "
                    "Output: one JSON line per query in input order (id, query, hits with citations, answer, "
                    "abstained), or with --format csv one row per hit.",
        epilog=f"Limits: {MAX_BATCH_QUERIES} queries per file, {MAX_QUERY_CHARS} characters per query, "
               f"-k at most {MAX_K}. Bad lines are reported on stderr with their line number and skipped; "
               "exit status 1 when any line was skipped, 2 when the file or the index cannot be used.")
    p.add_argument("file", metavar="FILE", help=".txt (one query per line), .csv (id,query) or .jsonl")
    _add_index_option(p)
    p.add_argument("-k", type=int, default=10, help=f"hits per query (default 10, at most {MAX_K})")
    _add_format_option(p, jsonl="one JSON line per query", csv="one row per hit")
    p.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")
    _add_filters(p)

    p = _command(
        sub, "diff", cmd_diff, help="what changed between two revisions of an instrument",
        description="Align the clauses of two revisions (across renumbering and re-lettering) and mark each "
                    "unchanged, reworded (with the word changes), added, removed or moved; headings added or "
                    "removed are listed. With one instrument, its previous revision in the index is compared "
                    "with it.")
    p.add_argument("old", metavar="OLD", help="e.g. 'PP Res 21 (Rev. Dubai, 2018)'")
    p.add_argument("new", metavar="NEW", nargs="?", help="e.g. 'PP Res 21 (Rev. Bucharest, 2022)'")
    _add_index_option(p)
    _add_format_option(p, text="word changes coloured on a terminal", json="every clause and change",
                       html="a self-contained page")
    p.add_argument("--changed-only", action="store_true", help="leave out unchanged clauses (text, html)")

    p = _command(
        sub, "refs", cmd_refs, help="what an instrument cites and what cites it",
        description="The references of an instrument's clauses (Resolutions, Decisions, Recommendations, RR "
                    "provisions, ...), each resolved to the instrument of the index it names (that revision) "
                    "or shown as not in the index, and the clauses of other instruments that cite it.")
    p.add_argument("ref", metavar="REF", nargs="?", help="e.g. 'Res 30', 'PP Res 21 (Rev. Dubai, 2018)'")
    _add_index_option(p)
    _add_format_option(p, text="what it cites, then what cites it", json="the same as JSON")
    p.add_argument("--export", metavar="FILE", help="write the whole graph to FILE.graphml or FILE.json (node-link)")

    p = _command(
        sub, "serve", cmd_serve, help="start the web UI",
        allow_abbrev=False,  # --password must not mean --password-file
        description="Serve the web UI over the index. It binds 127.0.0.1 unless told otherwise.")
    _add_index_option(p)
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=7860, help="port to listen on (default 7860)")
    from webui import guard

    guard.add_arguments(p)
    return parser


def _quiet_broken_pipe() -> int:
    """Output piped into `head` and the like was closed: stop quietly, as Unix tools do."""
    import os

    with contextlib.suppress(OSError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _dash_hint(argv: list[str]) -> str:
    """A hint when an unknown option is in fact a file whose name starts with '-'."""
    import os

    for a in argv:
        if a.startswith("-") and a != "-" and os.path.lexists(a):
            return (f"itu-search: '{printable_name(a)}' is read as an option; to name a file that starts with '-', "
                    f"write ./{printable_name(a)} or put -- before it")
    return ""


def main(argv: list[str] | None = None) -> int:
    config.apply_offline_environment()
    for stream in (sys.stdout, sys.stderr):  # a name or text that is not valid UTF-8 prints as \xNN, never a crash
        if isinstance(stream, io.TextIOWrapper):
            with contextlib.suppress(ValueError):
                stream.reconfigure(errors="backslashreplace")
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        if exc.code == 2 and (hint := _dash_hint(argv)):
            print(hint, file=sys.stderr)
        raise
    try:
        code = args.func(args)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except UserError as exc:
        print(f"itu-search: {printable_message(str(exc))}", file=sys.stderr)
        return 2
    except OSError as exc:  # any file-system fault not handled closer to it: a message, never a traceback
        where = f"{printable_name(exc.filename)}: " if isinstance(exc.filename, str) else ""
        print(f"itu-search: {where}{exc.strerror or exc} (check the path, its permissions and free disk "
              "space, then run the command again)", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("itu-search: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
