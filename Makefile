# The two commands a new user needs: `make run` and `make test`.
# Everything is installed into .venv by these targets; nothing by hand.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test check install install-test install-node messages format clean loadtest audit bench bench-quick

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

# The Nu Html Checker (vnu-jar, run with Java) and axe-core, for the page-validity
# tests; --ignore-scripts: vnu-jar's install script would fetch a Java we already have.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

install-node: node_modules/.installed

## make run: install, migrate the SQLite database, load the demo, serve on :8000 with the
## task queue's worker beside it
run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py loaddemo
	$(BIN)/python manage.py ensure_admin
	@# The task queue's worker (webhook deliveries, ingest) runs beside the server and stops with it.
	$(BIN)/python manage.py qcluster & QCLUSTER=$$!; trap 'kill $$QCLUSTER 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

## make test: install the test dependencies and run the whole suite
## (DATABASE_URL=postgres://... runs it against PostgreSQL)
test: install-test install-node
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## make check: lint, format, migrations and translation catalogues
check: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py checkcatalogues

## make loadtest: gunicorn + PostgreSQL + Redis on loopback, wrk readers on the article page
## and search for LOAD_SECONDS (60 for the full run; CI uses 15), an editor publishing mid-load
LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/newsroom_load
LOAD_REDIS_URL ?= redis://127.0.0.1:6379/7
LOAD_SECONDS ?= 60
loadtest: install-test
	createdb -h 127.0.0.1 -U postgres newsroom_load 2>/dev/null || true
	DATABASE_URL=$(LOAD_DATABASE_URL) REDIS_URL=$(LOAD_REDIS_URL) \
	  $(BIN)/python bench/loadtest.py --seconds $(LOAD_SECONDS)

## make audit: known vulnerabilities in the installed dependencies (pip-audit, in a venv of
## its own; it needs PyPI's JSON API, and says "could not be audited" where that is unreachable)
audit: install-test
	test -x .venv-audit/bin/pip-audit || ($(PYTHON) -m venv .venv-audit && \
	  .venv-audit/bin/pip install --quiet "pip-audit>=2.10,<3")
	$(BIN)/pip freeze --exclude-editable > .venv-audit/requirements.txt
	.venv-audit/bin/pip-audit --strict -r .venv-audit/requirements.txt --no-deps --disable-pip \
	  --progress-spinner off

## make messages: extract UI strings into locale/ and compile the catalogues
messages: install-test
	$(BIN)/python manage.py makemessages --no-obsolete --no-location -l ar -l ru -l en --ignore=.venv --ignore=node_modules
	$(BIN)/python manage.py makemessages -d djangojs --no-obsolete --no-location -l ar -l ru -l en --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=static/vendor
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .venv-audit node_modules db.sqlite3 media staticfiles .pytest_cache .ruff_cache

## make bench: production-like load test with wrk (see README, "Benchmark")
## BENCH_ARTICLES=100000 by default; `make bench-quick` uses 10000 articles.
$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	touch $@

bench: $(VENV)/.installed-bench
	bash bench/run.sh

bench-quick:
	$(MAKE) bench BENCH_ARTICLES=10000 BENCH_DURATION=4 \
		BENCH_DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/newsroom_bench_quick}
