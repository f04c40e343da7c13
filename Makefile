# The two commands of the README: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## run: the service on the embedded on-disk store with the bundled standards and demo data
run: $(STAMP)
	$(BIN)/competency-graph serve --host 127.0.0.1 --port $${PORT:-8000}

## test: lint, architecture contracts, then the whole test suite (starts what it needs)
test: $(STAMP)
	bash scripts/ensure-system-deps.sh
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

## bench: every benchmark in bench/, printing tables (the opt-in `load` and `table`: python -m bench load / table)
bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
