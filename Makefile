# Two commands on a fresh machine:  `make serve` (build and serve the site)  and  `make test`.
VENV   ?= .venv
PYTHON ?= python3
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
ADDR   ?= 127.0.0.1:8000

# Material for MkDocs prints an end-of-life banner on every build; it is known and tracked in the README.
export NO_MKDOCS_2_WARNING = 1

.PHONY: serve build check test test-fast lint system-deps node-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

system-deps:
	@scripts/install-system-deps.sh

serve: $(STAMP) system-deps node-deps
	$(BIN)/mkdocs serve --dirty --dev-addr $(ADDR)

build: $(STAMP) system-deps node-deps
	$(BIN)/mkdocs build --strict

check: $(STAMP)
	$(BIN)/kennisbank check

# The editors' form (/admin/) copies Decap CMS from node_modules; without npm the site is built without it.
node-deps:
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory node_modules/.installed; \
	else echo "npm ontbreekt: de site krijgt geen /admin/ (redactieformulier). Installeer Node.js met npm."; fi

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The whole suite, as CI runs it: lint and types first, then every test (real site builds and Chromium included).
test: $(STAMP) node_modules/.installed lint
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
