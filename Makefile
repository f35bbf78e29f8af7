# The two commands a newcomer needs: `make run` and `make test`; `make dev` while editing.
VENV := .venv
PYTHON := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app quizapp
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run dev test bench bench-deps bench-scale load browser-deps clean

# Reinstall whenever pyproject.toml changes; the stamp records the last install.
$(VENV)/.installed: pyproject.toml
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e '.[test]'
	touch $@

# Serve as production does: gunicorn, workers from the core count (deploy/gunicorn.conf.py).
run: $(VENV)/.installed
	$(FLASK) db upgrade
	$(FLASK) bank import questions/
	@echo "quizapp is serving at http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/gunicorn --config deploy/gunicorn.conf.py

# Flask's development server: reloads on every change and shows tracebacks in the browser.
dev: $(VENV)/.installed
	$(FLASK) db upgrade
	$(FLASK) bank import questions/
	$(FLASK) run --reload --host $(HOST) --port $(PORT)

# One test process per core; a process that runs out of tests takes some of the other's.
test: $(VENV)/.installed browser-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest -q -n auto --dist worksteal

# quizapp against bare Flask under gunicorn and wrk; prints PASS/FAIL, asserts nothing.
# Pass options through BENCH_ARGS, e.g. make bench BENCH_ARGS="--quick --pages home,bank".
bench: $(VENV)/.installed bench-deps
	$(PYTHON) -m bench $(BENCH_ARGS)

# The benchmark's load generator is Debian's wrk; install it when we can.
bench-deps:
	@command -v wrk >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else \
	    echo "wrk not found: install it with apt-get install wrk, then run make bench again"; \
	    exit 1; \
	  fi; }

# The admin and learner pages at a million answers on PostgreSQL (bench/SCALE.md).
bench-scale: $(VENV)/.installed
	$(PYTHON) bench/scale.py

# 50 learners take a 20-question test at once under gunicorn while a worker is killed;
# checks every answer is stored once and every total adds up (SQLite, and PostgreSQL
# when it answers). Exits non-zero on any miss.
load: $(VENV)/.installed
	$(PYTHON) scripts/load.py

# Browser tests drive Debian's Chromium and check every page with axe-core and the Nu Html
# Checker (npm packages in package.json; the checker runs on Java). Install what we can;
# the tests that lack something skip and say what.
browser-deps: node_modules/.installed
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "chromium not found: browser tests will be skipped (apt-get install chromium)"; \
	  fi; }
	@command -v java >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	  else \
	    echo "java not found: the HTML validity test will be skipped (apt-get install default-jre-headless)"; \
	  fi; }

node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --silent && touch $@; \
	else \
	  echo "npm not found: the axe-core and HTML validity tests will be skipped (apt-get install npm)"; \
	fi

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache node_modules
