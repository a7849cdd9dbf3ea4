# ikone: `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test lint typecheck migrations-check pytest pytest-sqlite pytest-postgres bench assets setup system-deps clean

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -U pip
	$(BIN)/pip install -q --disable-pip-version-check -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

src/ikone/web/static/vendor/.built: node_modules/.installed scripts/build-assets.sh
	bash scripts/build-assets.sh
	touch $@

setup: $(BIN)/.installed assets
assets: src/ikone/web/static/vendor/.built

run: setup
	mkdir -p var
	$(BIN)/ikone migrate --noinput -v0
	$(BIN)/ikone bootstrap
	@echo "ikone läuft auf http://127.0.0.1:$(PORT)/  (Beenden mit Strg+C)"
	$(BIN)/ikone jobs worker & jobs=$$!; trap 'kill $$jobs 2>/dev/null; wait $$jobs' EXIT; \
	$(BIN)/gunicorn -c python:ikone.config.gunicorn ikone.config.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile - --log-level warning

system-deps:
	bash scripts/install-system-deps.sh

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(BIN)/.installed
	$(BIN)/mypy

migrations-check: $(BIN)/.installed
	mkdir -p var
	$(BIN)/ikone makemigrations --check --dry-run

# Each pass keeps its files (uploads, reports) in its own var directory, so both can run at once.
# Every output line names its pass, as both passes may write at the same time.
pytest-sqlite: setup
	mkdir -p var/test-sqlite
	set -o pipefail; env -u DATABASE_URL IKONE_VAR_DIR=$(CURDIR)/var/test-sqlite $(BIN)/pytest 2>&1 \
		| sed -u 's/^/[sqlite] /'

pytest-postgres: setup
	mkdir -p var/test-postgres
	set -o pipefail; IKONE_VAR_DIR=$(CURDIR)/var/test-postgres bash scripts/with-postgres.sh $(BIN)/pytest 2>&1 \
		| sed -u 's/^/[postgres] /'

# Both passes at the same time: each is mostly one process, so two cores run them side by side.
pytest: setup
	$(MAKE) --no-print-directory -j2 pytest-sqlite pytest-postgres

test: system-deps setup lint typecheck migrations-check pytest

bench: setup system-deps
	$(BIN)/python bench/validate_throughput.py
	$(BIN)/python bench/run.py $(BENCH_ARGS)
	$(BIN)/python bench/planner.py
	$(BIN)/python bench/harvest.py
	$(BIN)/python bench/load.py
	if [ -n "$(BENCH_INDEX)" ]; then $(BIN)/python bench/index_scale.py; fi

clean:
	rm -rf $(VENV) node_modules var src/ikone/web/static/vendor
