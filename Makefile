# Every command a contributor needs. `make serve` and `make test` are the whole set-up on a
# fresh machine: both create the virtual environment from the hashed lock on first use.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export PYTHONPATH := $(CURDIR)/hooks
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: page dates come from the last commit (or a record's `reviewed` date), never the clock.
# It is also the date no date in data/ may pass; while data/ has uncommitted edits, today is.
GIT_EPOCH := $(shell git diff --quiet HEAD -- data 2>/dev/null && git log -1 --format=%ct 2>/dev/null)
ifneq ($(GIT_EPOCH),)
export SOURCE_DATE_EPOCH ?= $(GIT_EPOCH)
endif
# Every citation names the version: the release tag, or the commit.
export SITE_VERSION ?= $(shell git describe --tags --always 2>/dev/null || echo unversioned)

.PHONY: serve test test-full lint build offline publish check bench lock clean urls fonts

OFFLINE := dist/china-tech-governance-explainer-offline.zip

NODE   := node_modules/.package-lock.json

$(NODE): package-lock.json  ## the map's Natural Earth shapes and the browser gates' tools come from npm
	npm ci --no-audit --no-fund --loglevel=error

$(STAMP): requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $(STAMP)

serve: $(STAMP) $(NODE)  ## serve the site at http://127.0.0.1:8000 with live reload
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000

# The test files run in one process per core, a file at a time, the longest first (tests/conftest.py).
PARALLEL := -n auto --dist loadfile --no-loadscope-reorder

test: $(STAMP) $(NODE) lint  ## run every test (the browser gates on every page that is not a record or a pack, and the smallest and largest of each)
	$(PY) -m pytest $(PARALLEL)

lint: $(STAMP)  ## ruff (lint and format check) over hooks/ and tests/, and mypy's type check of hooks/
	$(PY) -m ruff check hooks tests
	$(PY) -m ruff format --check hooks tests
	$(PY) -m mypy

test-full: $(STAMP) $(NODE) lint  ## every test, the browser gates on every page, Hypothesis' long profile (CI on main)
	$(PY) -m pytest $(PARALLEL) --full

build: $(STAMP) $(NODE)  ## strict build into site/
	$(PY) -m mkdocs build --strict --clean --site-dir site

offline: $(STAMP) $(NODE)  ## the whole site as one zip that works opened from file://, search included ($(OFFLINE))
	$(PY) -m mkdocs build --strict --clean -f mkdocs.offline.yml --site-dir site-offline
	$(PY) -m sitegen zip site-offline $(OFFLINE)

publish: build offline  ## what the Pages workflow deploys: site/ with the offline zip at site/downloads/
	mkdir -p site/downloads
	cp $(OFFLINE) site/downloads/

urls: build  ## record every published address (after adding pages; see CONTRIBUTING)
	$(PY) -m sitegen urls site data/published-urls.txt

check: $(STAMP) $(NODE)  ## validate every data file, the record pages' links, redirects and published pages; print every error
	$(PY) -m sitegen check data

bench: $(STAMP) $(NODE)  ## print build time, memory and page size at 1x, 10x, 100x data; CJK font bytes; then Lighthouse scores; then search figures
	$(PY) tests/bench.py
	$(PY) tests/font_bench.py
	$(PY) tests/lighthouse_bench.py
	$(PY) tests/search_bench.py

fonts: $(STAMP)  ## rebuild the CJK subset web font after adding hanzi (needs Debian's fonts-noto-cjk)
	$(PY) -m sitegen fonts

lock:  ## re-pin requirements.lock from pyproject.toml (needs uv)
	uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 -o requirements.lock

clean:
	rm -rf site site-offline dist .pytest_cache .site.partial .site-offline.partial .build.lock
