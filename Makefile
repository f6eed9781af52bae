# The two commands a newcomer needs:
#   make run    set everything up, load demo data and serve http://127.0.0.1:5000
#   make test   set everything up and run the whole test suite
# DATABASE_URL, MEDIA_ROOT and the other variables in the README are passed through.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := wsgi.py

.PHONY: run test web-test setup web system-deps system-deps-test system-deps-bench migrate seed lint bench clean

run: setup system-deps web
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo
	BIN=$(BIN) scripts/run-dev.sh

test: setup system-deps-test web web-test
	$(BIN)/pytest $(PYTEST_ARGS)

# The web app's unit tests (mobile_web/test/, node's test runner): the offline queue and the state.
web-test: $(WEB_MODULES)
	cd $(WEB) && npm test --silent

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Bagage needs Python 3.11, found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The web app (mobile_web/): npm ci when the lock file changes, a build when the sources do.
WEB := mobile_web
WEB_MODULES := $(WEB)/node_modules/.installed
WEB_BUILT := $(WEB)/static/dist/.built
WEB_SOURCES := $(shell find $(WEB)/src $(WEB)/static/icons -type f 2>/dev/null) $(WEB)/build.mjs

web: $(WEB_BUILT)

$(WEB_MODULES): $(WEB)/package.json $(WEB)/package-lock.json
	@scripts/system-deps.sh web
	cd $(WEB) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(WEB_MODULES)

$(WEB_BUILT): $(WEB_MODULES) $(WEB_SOURCES)
	cd $(WEB) && node build.mjs
	touch $(WEB_BUILT)

system-deps:
	@scripts/system-deps.sh run

system-deps-test:
	@scripts/system-deps.sh test

system-deps-bench:
	@scripts/system-deps.sh bench

migrate: setup
	$(BIN)/flask db upgrade

# Python with ruff, which way its imports run (import-linter, contracts in pyproject.toml), then
# the web app's JavaScript with Biome (mobile_web/biome.jsonc).
lint: setup $(WEB_MODULES)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	cd $(WEB) && npm run --silent lint

bench: setup system-deps-bench web
	$(BIN)/python bench/capture.py
	$(BIN)/python bench/media.py
	$(BIN)/python bench/faces.py
	$(BIN)/python bench/report.py
	$(BIN)/python bench/caseload.py
	@if [ -n "$(BENCH_DATABASE_URL)" ]; then $(BIN)/python bench/scale.py --database-url "$(BENCH_DATABASE_URL)"; else echo "bench/scale.py skipped: it needs BENCH_DATABASE_URL=postgresql://... (a database of its own)"; fi
	$(BIN)/python bench/competency_search.py
	$(BIN)/python bench/webapp_size.py
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache $(WEB)/node_modules $(WEB)/static/dist
