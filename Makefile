# Two commands on a fresh machine:  `make serve` (build and serve the site)  and  `make test`.
VENV   ?= .venv
PYTHON ?= python3
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
DECAP   = kennisbank/vendor/decap-cms/decap-cms.js
ADDR   ?= 127.0.0.1:8000

# Material for MkDocs prints an end-of-life banner on every build; it is known and tracked in the README.
export NO_MKDOCS_2_WARNING = 1

.PHONY: serve build check test test-fast lint lock vendor-decap system-deps clean

# Every package comes from requirements.lock (exact versions and their hashes, transitive ones too); then the
# project itself, without dependencies, with the locked setuptools (no build backend fetched from the index).
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

# The Decap CMS bundle of the editors' form (/admin/) is not in git: fetched from the npm registry (or node_modules)
# and checked against kennisbank/vendor/decap-cms/MANIFEST.json, which is.
$(DECAP): kennisbank/vendor/decap-cms/MANIFEST.json
	$(PYTHON) scripts/vendor-decap.py
	touch $@

# Writes requirements.lock from the pins in pyproject.toml (with the test extra), for CPython 3.11 on Linux, with
# uv (pinned) in a throw-away venv. Versions already in the lock stay unless a pin needs another one; to move every
# transitive package to its newest version: make lock LOCK_ARGS=--upgrade
UV_VERSION = 0.13.9
LOCK_TOOLS = .cache/lock-tools
LOCK_ARGS ?=
lock:
	$(PYTHON) -m venv $(LOCK_TOOLS)
	$(LOCK_TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(LOCK_TOOLS)/bin/uv pip compile --quiet pyproject.toml --extra test --generate-hashes \
	  --python-version 3.11.5 --python-platform linux --custom-compile-command "make lock" \
	  $(LOCK_ARGS) -o requirements.lock

system-deps:
	@scripts/install-system-deps.sh

serve: $(STAMP) $(DECAP) system-deps
	$(BIN)/mkdocs serve --dirty --dev-addr $(ADDR)

build: $(STAMP) $(DECAP) system-deps
	$(BIN)/mkdocs build --strict

check: $(STAMP)
	$(BIN)/kennisbank check

# npm is for the tests only (axe-core, decap-server) and for moving to another Decap CMS version: building a site
# needs no Node.js.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# After changing decap-cms in package.json (and `npm install` for package-lock.json): a new MANIFEST.json of
# versions and hashes from node_modules; tests/test_cms.py checks the bundle against node_modules byte for byte.
vendor-decap: node_modules/.installed
	$(PYTHON) scripts/vendor-decap.py --update

# The whole suite, as CI runs it: lint and types first, then every test (real site builds and Chromium included).
test: $(STAMP) $(DECAP) node_modules/.installed lint
	@scripts/install-system-deps.sh test
	$(BIN)/python -m pytest

# While working on the core: no site builds, no browser, no property or speed tests (well under a minute).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not site and not browser and not slow"

lint: $(STAMP)
	$(BIN)/ruff check kennisbank macros tests
	$(BIN)/mypy kennisbank macros

clean:
	rm -rf site .cache
