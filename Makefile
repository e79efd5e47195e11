# Two commands do all set-up on a fresh machine:  `make run`  and  `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Build (or update) the index over the bundled corpus, then start the web UI on 127.0.0.1:7860.
run: $(STAMP)
	$(BIN)/itu-search ingest corpus/
	$(BIN)/itu-search serve

# All tests: unit, golden parser tests on ../shared/corpus, the real-model tier and the browser tests.
test: $(STAMP)
	bash scripts/test.sh

# Quick check while working (< 2 min): lint, types and the fast unit tests; `make test` runs everything.
check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False \
		$(BIN)/python -m pytest -q -m "not model and not browser and not slow"

lint: $(STAMP)
	$(BIN)/ruff check .

# Optional: all-MiniLM-L6-v2 fine-tuned on the TRAIN questions (needs ../shared; ~5 min on 2 cores).
# Use it with ITU_SEARCH_MODEL=all-MiniLM-L6-v2-itu and `itu-search ingest --rebuild` (README, "Benchmarks").
ADAPTED ?= $(HOME)/.cache/itu-search/models/all-MiniLM-L6-v2-itu
adapted-model: $(STAMP)
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/python bench/adapt_cv.py --build $(ADAPTED)

.PHONY: install run test check lint adapted-model
