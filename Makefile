# ALS Navigator. `make run` and `make test` work on a fresh Debian machine (root or sudo for apt).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE ?= config.settings.dev
APT_PACKAGES := chromium postgresql
CHROMIUM ?= /usr/lib/chromium/chromium
# Database tests run in parallel, one worker per core (pytest-xdist; each worker has its own database).
TEST_WORKERS ?= auto

.PHONY: help setup system-deps browser-deps run serve migrate content test test-core test-web test-postgres lint bench soak eval clean

help:
	@echo "make run     - set up, migrate, load content, serve http://127.0.0.1:8000"
	@echo "make test    - set up (incl. Debian's Chromium and PostgreSQL) and run the whole suite"
	@echo "make serve   - production serving: gunicorn + WhiteNoise, production settings (see README)"
	@echo "make lint    - ruff, mypy (strict on the core and the web layer), import-linter"
	@echo "make eval    - search quality (hit@3, MRR)"
	@echo "make bench   - benchmarks (search, progression, HTTP)"
	@echo "make soak    - 60 s mixed load on gunicorn, kill -9 mid-write, PostgreSQL stopped mid-request"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

# Debian packages the tests need: Chromium for the browser tests, PostgreSQL for the second database run.
system-deps:
	@missing=""; \
	test -x $(CHROMIUM) || missing="$$missing chromium"; \
	test -x /usr/lib/postgresql/15/bin/initdb || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

migrate: setup
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py load_content
	$(BIN)/python manage.py collectstatic --noinput -v0

run: migrate
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# Production serving: gunicorn (2 x cores + 1 sync workers) with WhiteNoise and the production
# settings, which need DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS from the environment.
SERVE_WORKERS ?= $(shell echo $$(( $$(nproc) * 2 + 1 )))
SERVE_BIND ?= 127.0.0.1:8000
serve: setup
	@test -n "$$DJANGO_SECRET_KEY" || { echo "set DJANGO_SECRET_KEY (and DJANGO_ALLOWED_HOSTS) in the environment"; exit 2; }
	@test -n "$$DJANGO_ALLOWED_HOSTS" || { echo "set DJANGO_ALLOWED_HOSTS, e.g. alsnav.example.org"; exit 2; }
	mkdir -p var
	DJANGO_SETTINGS_MODULE=config.settings.prod $(BIN)/python manage.py check --deploy \
	  --fail-level $$( [ "$$DJANGO_SECURE_SSL_REDIRECT" = 0 ] && echo ERROR || echo WARNING )
	DJANGO_SETTINGS_MODULE=config.settings.prod $(BIN)/python manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=config.settings.prod $(BIN)/python manage.py createcachetable
	DJANGO_SETTINGS_MODULE=config.settings.prod $(BIN)/python manage.py load_content
	DJANGO_SETTINGS_MODULE=config.settings.prod $(BIN)/python manage.py collectstatic --noinput -v0
	DJANGO_SETTINGS_MODULE=config.settings.prod $(BIN)/gunicorn config.wsgi:application \
	  --workers $(SERVE_WORKERS) --bind $(SERVE_BIND) --access-logfile - --forwarded-allow-ips '127.0.0.1'

lint: setup
	$(BIN)/ruff check src tests config benchmarks scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

test: setup system-deps lint
	$(BIN)/alsnav check-content
	$(BIN)/pytest tests/core tests/content -p no:django -q -W ignore::pytest.PytestConfigWarning
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/pytest tests/web -q -n $(TEST_WORKERS)
	$(MAKE) --no-print-directory test-postgres

# The database-backed tests again on a throwaway PostgreSQL cluster (browser tests excluded).
test-postgres: setup system-deps
	DJANGO_SETTINGS_MODULE=config.settings.test scripts/with-postgres.sh $(BIN)/pytest tests/web -q -m "not browser" -n $(TEST_WORKERS)

eval: setup
	$(BIN)/python -m alsnav.search.evaluate eval/search-queries.yaml

bench: setup
	@command -v wrk >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get install -y -qq wrk >/dev/null 2>&1 || { $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq wrk >/dev/null; }; }
	$(BIN)/python benchmarks/run_all.py

# Soak: mixed readers and writers on gunicorn, kill -9 mid write-burst, the database stopped
# mid-request (a throwaway PostgreSQL on a free local port). Exits 1 if a check fails. SOAK_ARGS adds
# options, e.g. SOAK_ARGS="--duration 300" or SOAK_ARGS=--skip-postgres.
soak: setup
	$(BIN)/python benchmarks/soak.py $(SOAK_ARGS)

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .mypy_cache .ruff_cache
