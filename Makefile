# Two commands on a fresh machine:  `make serve` (build and serve the site)  and  `make test`.
VENV   ?= .venv
PYTHON ?= python3
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
ADDR   ?= 127.0.0.1:8000

# Material for MkDocs prints an end-of-life banner on every build; it is known and tracked in the README.
export NO_MKDOCS_2_WARNING = 1

.PHONY: serve build check test system-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

system-deps:
	@scripts/install-system-deps.sh

serve: $(STAMP) system-deps
	$(BIN)/mkdocs serve --dirty --dev-addr $(ADDR)

build: $(STAMP) system-deps
	$(BIN)/mkdocs build --strict

check: $(STAMP)
	$(BIN)/kennisbank check

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: $(STAMP) node_modules/.installed
	@scripts/install-system-deps.sh test
	$(BIN)/python -m pytest

clean:
	rm -rf site .cache
