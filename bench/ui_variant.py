"""Start the web UI (`ui.main`) with a variant of its concurrency settings, for bench/load.py comparisons.

    ITU_LOAD_CONCURRENCY=N      queue default_concurrency_limit (ui.QUEUE_CONCURRENCY)
    ITU_LOAD_QUEUE=per-event    every search event in its own concurrency group (Gradio's default:
                                the limit applies per event, so ask + lookup + context can run 3N at once)
    ITU_LOAD_QUEUE=shared       all search events in one group (at most N searches at once in total)
    ITU_LOAD_ORT_THREADS=N      onnxruntime intra-op threads of the query embedder (0 = its default)

Arguments are those of `ui.py`. Nothing here changes the product; it only patches the running process.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import config  # noqa: E402

config.apply_offline_environment()


def _patch() -> dict:
    applied = {}
    import ui

    if os.environ.get("ITU_LOAD_CONCURRENCY"):
        ui.QUEUE_CONCURRENCY = int(os.environ["ITU_LOAD_CONCURRENCY"])
        applied["concurrency"] = ui.QUEUE_CONCURRENCY
    queue = os.environ.get("ITU_LOAD_QUEUE", "")
    if queue in ("shared", "per-event"):
        import gradio.block_function as bf

        original = bf.BlockFunction.__init__
        keep = {"batch", "index-write"}  # the app's own single-worker groups for batch runs and index writes

        def init(self, *args, **kwargs):
            original(self, *args, **kwargs)
            if queue == "shared" and self.concurrency_id not in keep:
                self.concurrency_id = "search"
            elif queue == "per-event" and self.concurrency_id not in keep:
                self.concurrency_id = str(id(self.fn))

        bf.BlockFunction.__init__ = init
        applied["queue"] = queue
    threads = int(os.environ.get("ITU_LOAD_ORT_THREADS", "0") or 0)
    if threads:
        import onnxruntime as ort

        base = ort.SessionOptions

        class Options(base):
            def __init__(self) -> None:
                super().__init__()
                self.intra_op_num_threads = threads

        ort.SessionOptions = Options
        applied["ort_threads"] = threads
    return applied


if __name__ == "__main__":
    print(f"ui_variant: {_patch()}", file=sys.stderr)
    import ui

    sys.exit(ui.main(sys.argv[1:]))
