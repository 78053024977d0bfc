# The verbs a newcomer needs. `make run` sets everything up and serves the
# site; `make test` runs every test. Both install what is missing first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
UV_VERSION := 0.13.8
UV := .tools/bin/uv
VENV_PY := .venv/bin/python
MANAGE := $(VENV_PY) manage.py
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install run test lint format bench bench-email loadtest mutation browser frontend clean

help:
	@echo "make install   install Python and npm packages and build the front end (the other verbs do this first)"
	@echo "make run       install, migrate, load demo content and serve at http://$(HOST):$(PORT) with the worker"
	@echo "make test      run the whole test suite (PostgreSQL and a headless browser)"
	@echo "make lint      ruff checks and formatting"
	@echo "make format    reformat the code and fix what ruff can"
	@echo "make bench     measure throughput and latency of the main pages"
	@echo "make bench-email  send one mailing to 1,000 and to 100,000 people through the worker: emails/s, memory, duplicates"
	@echo "make loadtest  load the production stack at 16 and 64 connections while its database restarts"
	@echo "make mutation  mutation-test the files in [tool.mutmut] source_paths and print each file's score"
	@echo "make browser   install Debian's Chromium for the browser tests if it is missing"
	@echo "make frontend  build the GOV.UK Frontend assets into frontend_build/"
	@echo "make clean     remove everything installed or built"

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

.venv/.installed: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

frontend_build/.built: node_modules/.installed scripts/build_frontend.sh $(shell find frontend -type f)
	./scripts/build_frontend.sh
	touch $@

install: .venv/.installed frontend_build/.built

frontend: frontend_build/.built

# Emailed links, the sitemap and robots.txt point at the address being served.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: install
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo_content
	$(MANAGE) schedule_background_work
	@echo "Serving at http://$(HOST):$(PORT)  (admin: http://$(HOST):$(PORT)/admin/)"
	@# The worker reconnects by itself after a database outage; if it ever exits, it is started again.
	@trap 'kill 0' EXIT; \
	  while true; do $(MANAGE) db_worker --no-startup-delay; echo "The worker stopped; starting it again."; sleep 2; done & \
	  $(MANAGE) runserver $(HOST):$(PORT)

# Browser tests drive Debian's Chromium; install it when it is missing and we may.
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "Install Chromium first: sudo apt-get install chromium"; exit 1; fi; }

test: install browser
	$(VENV_PY) -m pytest

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: install
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

bench: install
	$(VENV_PY) scripts/bench.py

bench-email: install
	$(VENV_PY) scripts/bench_email.py

loadtest: install
	$(VENV_PY) scripts/loadtest.py

# Mutation testing with mutmut: the files in [tool.mutmut] source_paths (pyproject.toml),
# against the non-browser tests named there, on a test database of its own. It starts
# afresh each time, so the score reflects the tests as they are now.
MUTATION_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ld_mutmut
MUTATION_JOBS ?= 2

mutation: install
	rm -rf mutants
	DATABASE_URL=$(MUTATION_DATABASE_URL) $(VENV_PY) scripts/mutation_pytest.py
	DATABASE_URL=$(MUTATION_DATABASE_URL) .venv/bin/mutmut run --max-children $(MUTATION_JOBS)
	@$(VENV_PY) scripts/mutation_score.py

clean:
	rm -rf .venv .tools node_modules frontend_build staticfiles var mutants
