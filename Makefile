# xxgk — every target sets itself up from nothing (a fresh clone) and then does its job.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SHARED := ../shared

.PHONY: run test bench lint typecheck docs setup clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -e '.[dev]'
	@if [ -x scripts/setup-system.sh ]; then scripts/setup-system.sh; fi
	touch $(STAMP)

setup: $(STAMP)

EXAMPLES := $(filter-out examples/README.md,$(wildcard examples/*))

# parse and check the examples; the check lists what it finds (real reports have errors) and fails only
# when a file cannot be read: its last line is the summary
run: $(STAMP)
	$(BIN)/xxgk parse --format table $(EXAMPLES)
	@echo "== checking the same reports"
	$(BIN)/xxgk check --fail-on never $(EXAMPLES)

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

docs: $(STAMP)
	$(BIN)/python -m xxgk.docs

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
