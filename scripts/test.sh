#!/usr/bin/env bash
# The test command (README: `make test`): lint, then every test tier, browser tests included.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False
if ! command -v chromium >/dev/null 2>&1; then
  echo "installing Debian's chromium for the browser tests (apt)..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || { echo "could not install chromium with apt: the browser tests need it" >&2; exit 1; }
fi
$BIN/ruff check .
$BIN/mypy
$BIN/python -m pytest "$@"
