# Two commands for a new user: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# The stamp names the installed pyproject.toml + constraints.txt: editing either reinstalls.
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)
# `make lock` resolves afresh in this throw-away venv (outside the repo, removed afterwards).
LOCK_VENV ?= $(or $(TMPDIR),/tmp)/corridor-atlas-lock-venv
DATA_DIR ?= data
HOST ?= 127.0.0.1
PORT ?= 8050

.PHONY: run test venv lock demo-data chromium check lint bench clean catalogues

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $@

venv: $(STAMP)

# Regenerate constraints.txt, the exact versions `make venv` installs: a fresh venv takes the newest
# releases that pyproject.toml allows, and `pip freeze` (less the project itself) becomes the new file.
# Run it to take up new releases or after changing dependencies, run `make test`, and commit both files.
lock:
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LOCK_VENV)/bin/python -m pip install --quiet -e '.[test]'
	{ echo "# The exact versions \`make venv\` installs: pip install -c constraints.txt -e '.[test]'"; \
	  echo "# pyproject.toml keeps the ranges. Written by \`make lock\` (see the Makefile): never edit by hand."; \
	  $(LOCK_VENV)/bin/python -m pip freeze --exclude-editable; } > constraints.txt.new
	mv constraints.txt.new constraints.txt
	rm -rf $(LOCK_VENV)

$(DATA_DIR)/manifest.json: | $(STAMP)
	$(VENV)/bin/corridor-atlas --data-dir $(DATA_DIR) demo

demo-data: $(DATA_DIR)/manifest.json

# gunicorn, workers × threads from $(WORKERS)/$(THREADS) if given (else settings: 2 × 4); DEBUG=1: dev server.
run: $(STAMP) demo-data
	$(VENV)/bin/corridor-atlas --data-dir $(DATA_DIR) serve --host $(HOST) --port $(PORT) \
	  $(if $(WORKERS),--workers $(WORKERS)) $(if $(THREADS),--threads $(THREADS)) $(if $(DEBUG),--debug)

chromium:
	@bash scripts/ensure_chromium.sh

test: check chromium
	$(PY) -m pytest -q

# The static checks `make test` runs first: lint (with complexity and return-value rules), formatting,
# dead code (vulture, configured in pyproject.toml) and the types of geodata (mypy).
check: $(STAMP)
	$(VENV)/bin/ruff check dashboard geodata callbacks tests benchmarks
	$(VENV)/bin/ruff format --check dashboard geodata callbacks tests benchmarks
	$(VENV)/bin/vulture
	$(VENV)/bin/mypy

# After adding or changing text in the code: bring every language's catalogue in step (new messages
# arrive untranslated and the tests name them until they are translated; see CONTRIBUTING.md).
catalogues: $(STAMP)
	$(PY) -m geodata.i18n.catalogues

lint: check
	$(PY) scripts/audit_dependencies.py

bench: $(STAMP)
	$(PY) benchmarks/bench_query.py
	$(PY) benchmarks/bench_callbacks.py
	$(PY) benchmarks/bench_export.py

clean:
	rm -rf $(VENV) $(DATA_DIR) .pytest_cache
