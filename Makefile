# xxgk — every target sets itself up from nothing (a fresh clone) and then does its job.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SHARED := ../shared

.PHONY: run screenshots test bench lint typecheck docs setup clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -e '.[dev]'
	@if [ -x scripts/setup-system.sh ]; then scripts/setup-system.sh; fi
	touch $(STAMP)

setup: $(STAMP)

EXAMPLES := $(filter-out examples/README.md,$(wildcard examples/*))

# the bundled examples into the default database (idempotent: the same files again add nothing; a file that
# cannot be read is listed and stored as failed), then the web app at http://127.0.0.1:8000 (Ctrl-C stops it)
run: $(STAMP)
	$(BIN)/xxgk ingest $(EXAMPLES) || [ $$? -eq 1 ]
	$(BIN)/xxgk serve --host 127.0.0.1 --port 8000

# docs/screenshots/*.png: the main pages as served over the examples (a temporary database; chromium)
screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

test: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

# figures printed side by side with the bare libraries; nothing is asserted (see bench/PROFILE.md)
bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/bench_scans.py
	$(BIN)/python bench/bench_ingest.py
	$(BIN)/python bench/bench_stats.py --count 10000
	$(BIN)/python bench/bench_ledger.py --count 10000
	$(BIN)/python bench/bench_web.py --count 10000
	$(BIN)/python bench/bench_brief.py --count 10000

docs: $(STAMP)
	$(BIN)/python -m xxgk.docs

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
