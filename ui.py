"""itu-search web UI (Gradio Blocks): the page layout and the server. Start it with
`python ui.py [--index DIR]` or `itu-search serve`.

Each tab is built by its module in `webui/` (handlers, views, styles); this file places the tabs, wires
the moves between them and launches the server.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import signal
import socket
import sys
import tempfile
import threading
import time
import warnings

# isort: off
import config

config.apply_offline_environment()  # before gradio loads: no analytics, no hub
import gradio as gr  # noqa: E402
# isort: on

from webui import ask, batch, changes, collection, context, documents, guard, navigation  # noqa: E402
from webui.state import IndexHolder  # noqa: E402
from webui.style import CSS  # noqa: E402

# Gradio's queue, chosen from bench/load.py runs (docs/reliability.md). The limit applies per event: up
# to 2 questions, 2 citation lookups and 2 context views run at once. A search costs ~0.1 s of CPU, so
# 2 cores serve ~14 a second; 50 users pausing ~10 s between searches got p95 0.2-0.35 s with the
# machine otherwise idle. One limit shared by all searches was no faster and made cheap lookups wait
# behind questions (lookup p95 0.30 s vs 0.16 s); a shared limit of 1 doubled p95. At most 64 requests
# wait (~3 s of work on 2 free cores; saturated by 50 users without pauses on a busy machine: 10.8/s,
# p95 8 s, no error): beyond that a user is told "queue full" at once instead of waiting minutes.
# Batch runs and index writes (upload/removal) have their own single-worker groups.
QUEUE_CONCURRENCY = 2
QUEUE_MAX_SIZE = 64
# Uploaded files and batch results Gradio keeps in its cache are deleted after a day (and when the server
# stops): a long conference must not fill the disk. Documents added to the index are copied out first.
CACHE_CLEANUP = (3600, 86400)  # (check every s, delete when older than s)

THEME_FONTS = ("system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif")
THEME_MONO = ("ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace")


# ================================================================ layout

def quiet_gradio_pandas_warnings() -> None:
    """Gradio 6's queue calls pandas APIs that pandas 3 deprecates, once per request: nothing a user or we can
    act on, and it buries real messages in the server's log."""
    warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"gradio\.queueing")


def build_app(index_dir: str | os.PathLike | None = None, embedder=None) -> gr.Blocks:
    """The web UI over the index at `index_dir` (default: $ITU_SEARCH_INDEX or ./itu-index)."""
    quiet_gradio_pandas_warnings()
    settings = config.AppSettings.from_env(index_dir)
    holder = IndexHolder(settings.index_dir, embedder, search_settings=settings.search, embedder_spec=settings.embedder)

    with gr.Blocks(title="ITU Search", analytics_enabled=False, delete_cache=CACHE_CLEANUP) as demo:
        demo.holder = holder  # for tests and scripts
        gr.HTML('<div id="app-header"><h1>ITU Search</h1><span class="tagline">Resolutions, clause by clause, '
                "with exact citations</span></div>", js_on_load=None)
        status = gr.HTML(documents.status_html(holder), elem_id="status", js_on_load=None)
        results = batch.ResultsFolder(max_age=CACHE_CLEANUP[1])  # batch and collection files, one per app
        with gr.Tabs(selected="ask") as tabs:
            with gr.Tab("Ask", id="ask"):
                ask_tab = ask.build(holder)
            with gr.Tab("Context", id="context"):
                context_tab = context.build(holder)
            with gr.Tab("Collection", id="collection") as collection_tab:
                collection.build(holder, collection_tab, results)
            with gr.Tab("Changes", id="changes"):
                changes_tab = changes.build(holder)
            with gr.Tab("Batch", id="batch"):
                demo.batch_results = batch.build(holder, results).results_folder
            with gr.Tab("Documents", id="documents"):
                documents_tab = documents.build(holder)
        navigation.wire(holder, tabs, ask_tab, context_tab, changes_tab, demo)
        documents.wire(holder, documents_tab, status, ask_tab.body, ask_tab.results, demo)

    demo.queue(default_concurrency_limit=QUEUE_CONCURRENCY, max_size=QUEUE_MAX_SIZE)
    return demo


def theme() -> gr.themes.Base:
    """System fonts only: nothing is fetched from the network (no web fonts)."""
    theme = gr.themes.Default(primary_hue="blue", neutral_hue="slate", font=list(THEME_FONTS),
                              font_mono=list(THEME_MONO), radius_size="md")
    # Buttons with AA contrast (4.5:1) in both schemes (the default blue-500/red-500 with white text is ~3.7:1).
    return theme.set(
        button_primary_background_fill="#1d4ed8", button_primary_background_fill_hover="#1e40af",
        button_primary_text_color="#ffffff", button_primary_background_fill_dark="#93c5fd",
        button_primary_background_fill_hover_dark="#bfdbfe", button_primary_text_color_dark="#0f172a",
        button_cancel_background_fill="#b91c1c", button_cancel_background_fill_hover="#991b1b",
        button_cancel_text_color="#ffffff", button_cancel_background_fill_dark="#fca5a5",
        button_cancel_background_fill_hover_dark="#fecaca", button_cancel_text_color_dark="#450a0a",
        input_placeholder_color="#64748b", input_placeholder_color_dark="#94a3b8",
        body_text_color_subdued="#475569", body_text_color_subdued_dark="#cbd5e1",
    )


def launch(demo: gr.Blocks, *, host: str = "127.0.0.1", port: int | None = 7860, block: bool = True,
           quiet: bool = False, policy: guard.Policy | None = None):
    """Start the server (localhost by default, no share link, no analytics, no SSR node server) behind the
    HTTP guard (webui/guard.py: host names, same origin, headers, optional password)."""
    policy = policy or guard.Policy.for_server(host)
    return demo.launch(
        server_name=host, server_port=port, share=False, inbrowser=False, prevent_thread_lock=not block,
        quiet=quiet, show_error=True, theme=theme(), css=CSS, footer_links=[], ssr_mode=False, pwa=False,
        mcp_server=False, enable_monitoring=False, max_file_size=documents.DOC_MAX_BYTES + 1024 * 1024,
        allowed_paths=[], run_history=False, app_kwargs={"middleware": [guard.middleware(policy)]},
    )


def warm_up(demo: gr.Blocks) -> None:
    """Load the query embedder in the background so the first search does not wait for it."""
    holder: IndexHolder = demo.holder

    def work():
        idx = holder.current()
        if idx is not None:
            with contextlib.suppress(Exception):  # a real search reports the problem
                idx.embed(["warm up"])

    threading.Thread(target=work, name="itu-search-warm-up", daemon=True).start()


def check_port(host: str, port: int) -> None:
    """Raise OSError (EADDRINUSE, with a plain message) if `port` cannot be bound: before anything starts."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: TIME_WAIT is no obstacle
        try:
            s.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise OSError(errno.EADDRINUSE, f"port {port} is already in use (another itu-search serve, "
                                                "or another program)") from exc
            raise


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt  # SIGTERM/SIGHUP end the server like Ctrl-C: files cleaned up on the way out


def serve(index_dir: str | None = None, host: str = "127.0.0.1", port: int = 7860, *,
          policy: guard.Policy | None = None) -> None:
    """Serve until interrupted. Uploads and batch results live in a temporary folder of this server,
    removed when it stops (Ctrl-C or SIGINT, SIGTERM, SIGHUP). Raises OSError if the port is taken, before any
    output."""
    check_port(host, port)
    # SIGINT too: a server started as a script's background job inherits SIGINT ignored, and Python then
    # installs no KeyboardInterrupt for it, so `kill -INT` (and Ctrl-C after `fg`) would not stop it
    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    files = tempfile.TemporaryDirectory(prefix="itu-search-serve-", ignore_cleanup_errors=True)
    os.environ["GRADIO_TEMP_DIR"] = files.name  # read by Gradio when the app and its components are created
    demo = None
    try:
        demo = build_app(index_dir)
        holder: IndexHolder = demo.holder
        launch(demo, host=host, port=port, block=False, quiet=True, policy=policy)
        if holder.index is None:
            print(f"itu-search: {holder.error}", file=sys.stderr)
        print(f"itu-search: serving {holder.index_dir} on http://{host}:{port}", file=sys.stderr, flush=True)
        warm_up(demo)
        with contextlib.suppress(KeyboardInterrupt):
            while demo.is_running:
                time.sleep(0.2)
    finally:
        if demo is not None:
            with contextlib.suppress(Exception):
                demo.close()
            batch_results = getattr(demo, "batch_results", None)
            if batch_results is not None:
                batch_results.clear()
        files.cleanup()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="ui.py", description="Start the itu-search web UI", allow_abbrev=False)
    p.add_argument("--index", metavar="DIR", default=None)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7860)
    guard.add_arguments(p)
    args = p.parse_args(argv)
    try:
        policy = guard.policy_from_args(args, os.environ)
    except ValueError as exc:
        print(f"itu-search: {exc}", file=sys.stderr)
        return 2
    try:
        serve(args.index, args.host, args.port, policy=policy)
    except OSError as exc:
        print(f"itu-search: cannot start the web UI on {args.host}:{args.port}: {exc.strerror or exc}; "
              "pass another --port", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
