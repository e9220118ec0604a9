# Two commands for a new user: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
DATA_DIR ?= data
HOST ?= 127.0.0.1
PORT ?= 8050

.PHONY: run test venv demo-data chromium lint bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $@

venv: $(STAMP)

$(DATA_DIR)/manifest.json: | $(STAMP)
	$(VENV)/bin/corridor-atlas --data-dir $(DATA_DIR) demo

demo-data: $(DATA_DIR)/manifest.json

run: $(STAMP) demo-data
	$(VENV)/bin/corridor-atlas --data-dir $(DATA_DIR) serve --host $(HOST) --port $(PORT)

chromium:
	@bash scripts/ensure_chromium.sh

test: $(STAMP) chromium
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check dashboard geodata callbacks tests benchmarks

bench: $(STAMP)
	$(PY) benchmarks/bench_query.py
	$(PY) benchmarks/bench_callbacks.py
	$(PY) benchmarks/bench_export.py

clean:
	rm -rf $(VENV) $(DATA_DIR) .pytest_cache
