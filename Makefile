# Two entry points matter: `make demo` and `make test` (see README).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SEEDS ?= ../shared/corpus/seeds
DB ?= dyad.db

.PHONY: demo test lint typecheck unit bench clean

$(BIN)/dyad: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(BIN)/dyad

demo: $(BIN)/dyad
	$(BIN)/dyad --db $(DB) ingest $(SEEDS)
	$(BIN)/dyad --db $(DB) report

test: $(BIN)/dyad lint typecheck unit

lint: $(BIN)/dyad
	$(BIN)/ruff check src tests benchmarks

typecheck: $(BIN)/dyad
	$(BIN)/mypy src/dyad

unit: $(BIN)/dyad
	$(BIN)/pytest -q

bench: $(BIN)/dyad
	$(BIN)/python benchmarks/ingest.py

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm
