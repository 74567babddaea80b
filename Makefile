# Wisam — the two commands a newcomer needs: `make run` and `make test`.
# Everything else here is what those two are made of.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV      ?= .venv
BIN       := $(VENV)/bin
STAMP     := $(VENV)/.installed
HOST      ?= 127.0.0.1
PORT      ?= 8000

# Python >= 3.12: the first that really runs among python3.13/python3.12 on PATH, then pyenv's versions.
# (A pyenv shim is on PATH but fails unless PYENV_VERSION names it, so every candidate is *run*, not just found.)
PYTHON ?= $(shell for c in python3.13 python3.12 \
	$$(ls -d $$(pyenv root 2>/dev/null)/versions/3.13*/bin/python3 2>/dev/null | sort -r) \
	$$(ls -d $$(pyenv root 2>/dev/null)/versions/3.12*/bin/python3 2>/dev/null | sort -r) \
	$$(ls -d $$HOME/.pyenv/versions/3.1[23]*/bin/python3 2>/dev/null | sort -r) \
	python3; do \
	  "$$c" -c 'import sys; raise SystemExit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo "$$c"; break; }; \
	done)

.PHONY: help setup run serve demo test lint typecheck unit browser-test bench messages clean

help:
	@echo "make run    - set up, migrate, load the demo and serve http://$(HOST):$(PORT)"
	@echo "make test   - set up and run ruff, mypy and every test (browser tests: make browser-test)"
	@echo "make bench  - performance benchmarks (prints figures)"

$(STAMP): requirements.lock pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
	  echo "Wisam needs Python 3.12 or newer and none was found (tried python3.13, python3.12 and pyenv's versions)."; \
	  echo "Install one (e.g. 'pyenv install 3.13') or run: make PYTHON=/path/to/python3.12 run"; exit 1; fi
	@echo "Setting up $(VENV) with $(PYTHON) ($$($(PYTHON) --version))"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

setup: $(STAMP) messages

messages: $(STAMP)
	@$(BIN)/wisam compile_translations

run: setup
	@$(BIN)/wisam migrate --no-input
	@$(BIN)/wisam demo
	@$(BIN)/wisam serve --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: $(STAMP)
	$(BIN)/mypy

unit: setup
	$(BIN)/pytest -m "not browser" -n 2 --dist loadfile

test: setup lint typecheck unit

browser-test: setup
	$(BIN)/pytest -m browser -p no:xdist

# Benchmarks seed large data sets, so each section runs against its own fresh scratch database (one section's data
# never inflates another's): SQLite in var/bench/, then PostgreSQL (database wisam_bench on 127.0.0.1) when it is
# reachable.
BENCH_PG ?= postgres://postgres@127.0.0.1:5432/wisam_bench
BENCH_SECTIONS ?= vc accreditation credentials pathways insights
BENCH_PG_SECTIONS ?= accreditation pathways insights
bench: setup
	@for section in $(BENCH_SECTIONS); do \
	  rm -rf var/bench && mkdir -p var/bench && \
	  WISAM_VAR_DIR=$(CURDIR)/var/bench $(BIN)/wisam migrate --no-input -v 0 && \
	  WISAM_VAR_DIR=$(CURDIR)/var/bench $(BIN)/wisam bench --only $$section || exit 1; \
	done
	@if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then \
	  for section in $(BENCH_PG_SECTIONS); do \
	    psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS wisam_bench" 2>/dev/null && \
	    psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE wisam_bench" && \
	    DATABASE_URL=$(BENCH_PG) $(BIN)/wisam migrate --no-input -v 0 && \
	    DATABASE_URL=$(BENCH_PG) $(BIN)/wisam bench --only $$section || exit 1; \
	  done; \
	else echo "PostgreSQL not reachable on 127.0.0.1:5432: skipping the PostgreSQL benchmarks"; fi

clean:
	rm -rf $(VENV) build src/*.egg-info
