# Égide — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
EGIDE_EVAL_DATA ?= ../shared/eval
export EGIDE_EVAL_DATA

.PHONY: run test lint typecheck unit eval bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

$(VENV)/.bench-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $(VENV)/.installed $(VENV)/.dev-installed $@

run: $(VENV)/.installed
	$(BIN)/egide demo

test: lint typecheck unit

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check src tests eval bench

typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy

unit: $(VENV)/.dev-installed
	$(BIN)/pytest

eval: $(VENV)/.installed
	$(BIN)/python -m eval.run

bench: $(VENV)/.bench-installed
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) .egide .egide-demo .pytest_cache .mypy_cache .ruff_cache
