# PM1 developer commands. `make run` serves the site on a fresh machine; `make test` is what CI runs.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
# `make test` runs its legs one after another even under `make -j`.
.NOTPARALLEL:

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_SETTINGS := cms.settings.test
# One process: each xdist worker migrates its own test database, which costs more than it saves at
# the suite's current size (measured with 108 tests: 27 s plain, 44 s with -n 2 on PostgreSQL).
# PYTEST_ARGS="-n 2" opts in; PYTEST_ARGS="-x --pdb" and the like work too.
PYTEST_ARGS ?=
# Checks and the SQLite leg ignore any DATABASE_URL in the environment (Django tests SQLite in
# memory anyway); the test Redis keeps its pid file and log in var/redis-test.
SQLITE_URL := sqlite://:memory:
# Where `make run` serves: `make run PORT=8101` when 8000 is taken (HOST=0.0.0.0 to be reached from
# other machines on the network).
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install run port-free test check security test-sqlite test-postgres test-elasticsearch test-e2e messages

help:
	@echo "make install        create .venv and install requirements-dev.txt"
	@echo "make run            install, migrate, load the demo, serve http://$(HOST):$(PORT)"
	@echo "                    (PORT=8101 HOST=0.0.0.0 to serve elsewhere; a busy port stops it at once)"
	@echo "make test           checks, then the whole suite on SQLite and on PostgreSQL (what CI runs)"
	@echo "make security       bandit on the code, pip-audit on the pinned requirements"
	@echo "make test-e2e       the browser checks (Chromium): no Content-Security-Policy violation"
	@echo "make test-sqlite    the suite on SQLite only (bin/redis-test-server provides Redis)"
	@echo "make test-postgres  the suite on PostgreSQL only (bin/pg-test-server provides one)"
	@echo "make test-elasticsearch  the search tests with Elasticsearch as the engine (bin/es-test-server)"
	@echo "make messages       update and compile the th/en translation catalogues"

install: $(STAMP)

# Reinstalls only when a requirements file changes (or the venv is missing or broken).
$(STAMP): requirements.txt requirements-dev.txt
	@if ! $(PY) -c "" 2>/dev/null; then \
		echo "creating $(VENV) with $$($(PYTHON) --version)"; \
		$(PYTHON) -m venv --clear $(VENV); \
	fi
	$(PY) -m pip install --disable-pip-version-check -r requirements-dev.txt
	@touch $@

# The port is checked first (.NOTPARALLEL keeps the order): a busy one stops the run before minutes of
# installing, migrating and loading rather than after.
run: port-free install
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

port-free:
	@PYTHON=$(PYTHON) bin/port-free $(HOST) $(PORT)

# The API fuzzing runs before the pytest legs so that the run ends on pytest's own summary.
test: check security test-api-fuzz test-sqlite test-postgres test-elasticsearch

check: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports --no-cache --no-logo
	DATABASE_URL=$(SQLITE_URL) $(PY) manage.py makemigrations --check --dry-run --noinput --settings=$(TEST_SETTINGS)
	DATABASE_URL=$(SQLITE_URL) $(PY) manage.py check --settings=$(TEST_SETTINGS)
	@echo "== manage.py check --deploy with production settings (sample values)"
	SECRET_KEY=check-deploy-sample-value-never-used-anywhere-0123456789abcdefXYZ ALLOWED_HOSTS=pm1.example.go.th \
		DATABASE_URL=$(SQLITE_URL) MEDIA_ROOT=/var/lib/pm1/media \
		$(PY) manage.py check --deploy --fail-level WARNING --settings=cms.settings.production

# Static analysis fails on high-severity findings only; medium and low ones are for review.
security: install
	@echo "== bandit (high severity fails)"
	$(PY) -m bandit -q -r . -x ./.venv,./.venv-fuzz,./tests,./var,./bench --severity-level high
	@echo "== pip-audit on the pinned requirements"
	PY=$(PY) bin/audit-requirements

# pytest exits 5 when it collects no test; like any other non-zero status that fails the target.
# Both legs test the shared cache on Redis too: bin/redis-test-server provides one (REDIS_URL).
test-sqlite: install
	@redis=$$(bin/redis-test-server start) || { echo "ERROR: no Redis server for the tests" >&2; exit 1; }; \
	redis=$$(tail -n 1 <<<"$$redis"); \
	echo "== pytest on SQLite (Redis at $$redis)"; \
	DATABASE_URL=$(SQLITE_URL) REDIS_URL=$$redis $(PY) -m pytest $(PYTEST_ARGS)

test-postgres: install
	@url=$$(bin/pg-test-server start) || { echo "ERROR: no PostgreSQL server for the tests" >&2; exit 1; }; \
	url=$$(tail -n 1 <<<"$$url"); \
	redis=$$(bin/redis-test-server start) || { echo "ERROR: no Redis server for the tests" >&2; exit 1; }; \
	redis=$$(tail -n 1 <<<"$$redis"); \
	echo "== pytest on $$url (Redis at $$redis)"; \
	DATABASE_URL=$$url REDIS_URL=$$redis $(PY) -m pytest $(PYTEST_ARGS)

# The browser checks alone (they also run in both legs above): Debian's Chromium and chromedriver.
test-e2e: install
	DATABASE_URL=$(SQLITE_URL) $(PY) -m pytest tests/e2e $(PYTEST_ARGS)

# The search suite again, with a real Elasticsearch 8 node as the default backend (the database
# backend stays configured as the fallback, as in production).
test-elasticsearch: install
	@url=$$(bin/es-test-server start) || { echo "ERROR: no Elasticsearch node for the tests" >&2; exit 1; }; \
	url=$$(tail -n 1 <<<"$$url"); \
	echo "== pytest tests/search on SQLite with Elasticsearch at $$url"; \
	DATABASE_URL=$(SQLITE_URL) ELASTICSEARCH_URL=$$url ELASTICSEARCH_INDEX=pm1test $(PY) -m pytest tests/search $(PYTEST_ARGS)

# Schemathesis against the running API (gunicorn on 127.0.0.1, demo data, an agency key): no server
# error and no response outside the schema, over more than 1 000 generated requests.
test-api-fuzz: install
	@echo "== schemathesis against the running API"
	PY=$(PY) PYTHON=$(PYTHON) bin/api-fuzz

messages: install
	$(PY) manage.py makemessages -l th -l en --ignore=.venv --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv --ignore=var
