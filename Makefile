# Two commands on a fresh machine (Python and pip, nothing else): `make demo` and `make test`.
# bash with pipefail, so a failing command piped into tee still fails the target.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
GK      = $(VENV)/bin/graphkit
OUT    ?= out
DEMO    = $(OUT)/project
# The example world's reference date, so the demo says the same thing every day.
AS_OF  ?= 2026-11-23

.PHONY: setup browser servers demo test lint bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# Debian's Chromium for the browser tests and pdftoppm for reading PDFs back.
browser:
	@command -v chromium >/dev/null && command -v pdftoppm >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium poppler-utils >/dev/null; }

demo: setup
	rm -rf $(OUT) && mkdir -p $(OUT)
	$(GK) init $(DEMO) --platform cercle-ongd
	$(GK) load examples/world --project $(DEMO)
	$(GK) alliances --project $(DEMO) --theme tax-justice --arena chamber-foreign-affairs --as-of $(AS_OF) | tee $(OUT)/alliances.txt
	$(GK) gaps --project $(DEMO) --as-of $(AS_OF) | tee $(OUT)/gaps.txt
	$(GK) map --project $(DEMO) --as-of $(AS_OF) --out $(OUT)/map.html
	@echo "Open $(OUT)/map.html in a browser."

test: setup browser
	$(VENV)/bin/ruff check --quiet graphkit loaders ontology tests bench docs
	$(PY) -m pytest -q

lint: setup
	$(VENV)/bin/ruff check graphkit loaders ontology tests bench docs

bench: setup
	$(PY) -m bench $(BENCH)

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
