# The two commands a newcomer needs: `make run` and `make test`.
VENV := .venv
PYTHON := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app quizapp
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test bench bench-deps browser-deps clean

# Reinstall whenever pyproject.toml changes; the stamp records the last install.
$(VENV)/.installed: pyproject.toml
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.installed
	$(FLASK) db upgrade
	$(FLASK) bank import questions/
	@echo "quizapp is serving at http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	$(FLASK) run --host $(HOST) --port $(PORT)

test: $(VENV)/.installed browser-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest -q

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

# Browser tests drive Debian's Chromium; install it when we can, otherwise they skip.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "chromium not found: browser tests will be skipped (apt-get install chromium)"; \
	  fi; }

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
