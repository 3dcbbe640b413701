# E-Gov Suite: the commands an operator or developer types. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3.12 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Holds the hash of requirements.lock and pyproject.toml the venv was installed from.
STAMP := $(VENV)/.egov-install-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
URL := http://$(HOST):$(PORT)
DEMO := DJANGO_SETTINGS_MODULE=config.settings.demo $(BIN)/python manage.py
TESTMANAGE := DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py

.PHONY: help venv demo demo-data services test lint format bench e2e security load vendor

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

venv:  ## create .venv and install the project (skipped when requirements.lock is unchanged)
	@set -euo pipefail; \
	want="$$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)"; \
	if [ -x $(BIN)/python ] && [ "$$(cat $(STAMP) 2>/dev/null)" = "$$want" ]; then \
		echo "venv: $(VENV) is up to date"; exit 0; fi; \
	if [ ! -x $(BIN)/python ]; then \
		[ -n "$(PYTHON)" ] || { echo "venv: Python 3.11 or 3.12 is needed" >&2; exit 1; }; \
		$(PYTHON) -c 'import sys; sys.exit(not ((3, 11) <= sys.version_info[:2] <= (3, 12)))' \
			|| { echo "venv: $(PYTHON) is not Python 3.11 or 3.12" >&2; exit 1; }; \
		echo "venv: creating $(VENV) with $(PYTHON)"; \
		$(PYTHON) -m venv $(VENV); \
	fi; \
	echo "venv: installing the project and its pinned dependencies"; \
	$(BIN)/python -m pip install --disable-pip-version-check --quiet \
		-c requirements.lock -e '.[dev]'; \
	echo "$$want" > $(STAMP)

demo-data: venv  ## demo database egov_demo on the local PostgreSQL: create, migrate, load the demo county (repeatable)
	$(DEMO) create_database
	$(DEMO) migrate --noinput
	$(DEMO) load_demo
	$(DEMO) healthcheck --skip-worker

demo: demo-data  ## the demo: local PostgreSQL, no Redis, tasks inline, served on http://127.0.0.1:8000/
	@echo ""
	@echo "  门户网站 Portal        $(URL)/"
	@echo "  办公后台 Back office   $(URL)/office/"
	@echo "  系统管理 Django admin  $(URL)/admin/    (系统管理员 majunjie)"
	@echo "  工作人员演示密码 Demo staff password: Demo@2026 (账号见上 / accounts listed above)"
	@echo "  短信验证码打印在本窗口 SMS codes are printed in this window.  Ctrl-C 停止 / to stop."
	@echo ""
	$(DEMO) runserver $(HOST):$(PORT)

services:  ## make sure PostgreSQL, Redis and the Debian packages are there (installs as root)
	bash config/deploy/ensure-services.sh

# Test processes (pytest-xdist): each has its own database, Redis number, cache prefix and var/
# (config/settings/test.py). TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= 2

test: venv services  ## the full test suite against PostgreSQL and Redis, on TEST_WORKERS processes
	@set -uo pipefail; $(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc = 5 ]; then echo "test: pytest collected no tests: that is a failure here" >&2; fi; \
	exit $$rc

lint: venv security  ## ruff (lint and format), bandit, import contracts, and a check that no migration is missing
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(TESTMANAGE) makemigrations --check --dry-run

e2e: venv services  ## the browser journeys (headless Chromium) and the accessibility checks only
	$(BIN)/pytest -q -m browser tests

security: venv  ## bandit over the settings and the six apps: no finding of medium severity and confidence
	$(BIN)/bandit -q -r config platform_core portal disclosure oa interaction approval \
		--severity-level medium --confidence-level medium -x '*/migrations/*'

vendor:  ## re-fetch the pinned front-end packages (wangEditor, ECharts, bpmn-js) from the npm registry and check their integrity
	bash config/deploy/vendor.sh

format: venv  ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: venv services  ## the benchmarks in bench/ against PostgreSQL (BENCH_ARGS="--tasks 20000" for a smoke run)
	@failed=""; for script in bench/[!_]*.py; do [ "$$script" = bench/load.py ] && continue; \
		echo "bench: $$script"; $(BIN)/python $$script $(BENCH_ARGS) || failed="$$failed $$script"; \
	done; if [ -n "$$failed" ]; then echo "bench: missed target or failed:$$failed" >&2; exit 1; fi

load: venv services  ## the load scenario on 127.0.0.1: 60 s of citizens and staff, then every write checked (LOAD_ARGS="--seconds 10")
	$(BIN)/python bench/load.py $(LOAD_ARGS)
