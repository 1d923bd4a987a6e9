# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: demo test test-fast lint bench lighthouse vnu serve build check clean screenshots

# npm packages for checks, installed into the project (.cache/npm), pinned, without install
# scripts (vnu-jar's would fetch a Java of its own; Debian's default-jre-headless runs it).
NPM_DIR := .cache/npm
NPM_INSTALL := npm install --prefix $(NPM_DIR) --no-audit --no-fund --ignore-scripts --save-exact
VNU_JAR := $(NPM_DIR)/node_modules/vnu-jar/build/dist/vnu.jar
LIGHTHOUSE := $(NPM_DIR)/node_modules/.bin/lighthouse

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

demo: $(VENV)/.installed-dev
	$(BIN)/jdih demo

build: $(VENV)/.installed
	$(BIN)/mkdocs build --strict

serve: $(VENV)/.installed
	$(BIN)/mkdocs serve -a 127.0.0.1:8000

check: $(VENV)/.installed
	$(BIN)/jdih periksa

$(VNU_JAR):
	$(NPM_INSTALL) vnu-jar@26.9.27

$(LIGHTHOUSE):
	$(NPM_INSTALL) lighthouse@12.8.2

# The Nu HTML checker for tests/site/test_html_valid.py (needs Java: default-jre-headless).
vnu: $(VNU_JAR)

# The whole suite, with the linter and the package's import contracts first.
test: lint $(VNU_JAR)
	$(BIN)/python -m pytest -n 2 --dist loadfile -q

# The everyday loop: everything but the slow builds and the browser.
test-fast: lint
	$(BIN)/python -m pytest -n 2 --dist loadfile -q -m "not slow and not browser"

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check scripts tests
	$(BIN)/lint-imports --no-cache

bench: $(VENV)/.installed-dev
	$(BIN)/python -m jdih.dev.bench
	$(BIN)/python -m jdih.dev.bench_publish

# Lighthouse (mobile) for one page of each type, the site served gzip-encoded like GitHub Pages.
# Slow (about 15 s a page) and noisy, so not part of `make test`: jdih.dev.lighthouse.
lighthouse: $(VENV)/.installed-dev $(LIGHTHOUSE) build
	$(BIN)/python -m jdih.dev.lighthouse --site site

# Refresh the README's and the guides' pictures of the page (made by the browser test).
screenshots: $(VENV)/.installed-dev
	JDIH_SCREENSHOTS=1 $(BIN)/python -m pytest tests/site/test_browser.py -q -k screenshot

clean:
	rm -rf site .cache
