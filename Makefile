# Two commands do all set-up on a fresh machine:  `make run`  and  `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

SHARED ?= ../shared

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

# The packages, then the fine-tuned MiniLM where ../shared is beside the clone (README, "Models").
install: $(STAMP) adapted-model

# Build (or update) the index over the bundled corpus, then start the web UI on 127.0.0.1:7860.
run: install
	$(BIN)/itu-search ingest corpus/
	$(BIN)/itu-search serve

# All tests: unit, golden parser tests on ../shared/corpus, the real-model tier and the browser tests.
test: install
	bash scripts/test.sh

# Quick check while working (< 2 min): lint, types and the fast unit tests; `make test` runs everything.
check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False \
		$(BIN)/python -m pytest -q -m "not model and not browser and not slow"

lint: $(STAMP)
	$(BIN)/ruff check .

# all-MiniLM-L6-v2 fine-tuned on the train questions, which new indexes then use (~7 min on 2 cores, once).
# It is built from ../shared (the ITU texts and the development questions); without it the bundled model is used.
adapted-model: $(STAMP)
	@if [ -f "$(SHARED)/eval/dev.jsonl" ] && [ -d "$(SHARED)/corpus/pdf" ]; then \
		ITU_SHARED_DIR="$(abspath $(SHARED))" HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/python bench/adapt_cv.py --build; \
	else \
		echo "no $(SHARED) beside the clone: new indexes use the bundled all-MiniLM-L6-v2 (README, Models)"; \
	fi

.PHONY: install run test check lint adapted-model
