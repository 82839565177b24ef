# Two commands do all the set-up on a fresh clone: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
HOST_PORT ?= 127.0.0.1:8000
# Without DEBUG the settings refuse to start with no SECRET_KEY: commands run on a developer's machine (no key)
# get DEBUG and its local key, as `make run` does; with a deployment's SECRET_KEY loaded, DEBUG stays as set.
LOCAL_DEBUG := $(if $(SECRET_KEY),,DEBUG=1)

.PHONY: run test lint format fixtures superuser serve backup restore loadtest loadtest-uncached loadtest-fairness bench bench-explorer bench-cliffs \
	bench-silent bench-intake serve-edge bench-edge clean

# Python 3.13 is what the project is built on (.python-version); 3.12 is the oldest that works.
$(PY):
	@py=""; \
	for candidate in python3.13 python3.12 python3 python; do \
		if command -v $$candidate >/dev/null 2>&1 && \
		   $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
			py=$$candidate; break; \
		fi; \
	done; \
	if [ -z "$$py" ]; then \
		echo "error: Python 3.13 (3.12 at least) is needed to create $(VENV); none was found on PATH." >&2; \
		echo "       Install Python 3.13 (e.g. 'pyenv install 3.13') and run make again." >&2; \
		exit 1; \
	fi; \
	echo "Creating $(VENV) with $$($$py --version)"; \
	$$py -m venv $(VENV)

$(VENV)/.installed: $(PY) requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_curated
	@echo "Serving on http://$(HOST_PORT)/  (admin: http://$(HOST_PORT)/admin/, create an account with 'make superuser')"
	@# The background tasks' worker (proposing an intake's positions) beside the server, stopped with it.
	DEBUG=1 $(PY) manage.py db_worker & worker=$$!; trap 'kill -TERM $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver $(HOST_PORT)

test: $(VENV)/.installed-dev
	$(VENV)/bin/pytest

# The layers (import-linter contracts in pyproject.toml), and mypy on the pure modules (it loads the
# settings for django-stubs: hence DEBUG); no function longer than 40 lines.
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(LOCAL_DEBUG) $(VENV)/bin/mypy
	$(PY) tools/check_function_length.py

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Rebuild fixtures/ceasefire.json after editing fixtures/build.py.
fixtures: $(VENV)/.installed
	$(PY) fixtures/build.py

superuser: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py createsuperuser

# Production serving (gunicorn + whitenoise, DEBUG off); needs SECRET_KEY etc. in the environment.
serve: $(VENV)/.installed
	bash bench/serve.sh

# `make serve` with Varnish in front (EDGE_BIND, default 127.0.0.1:8080; README "The edge cache"); both stop together.
serve-edge: $(VENV)/.installed
	bash edge/serve.sh

# backups/<database>-<time>.sqlite3 (SQLite's online backup) or .dump (pg_dump) for DATABASE_URL's database.
backup: $(VENV)/.installed
	$(LOCAL_DEBUG) $(PY) manage.py backup

# make restore FILE=backups/...
restore: $(VENV)/.installed
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/<file>" >&2; exit 2; }
	$(LOCAL_DEBUG) $(PY) manage.py restore "$(FILE)"

# 100 requests/s for 60 s on two pages against gunicorn on PostgreSQL; prints p95/p99 and errors.
loadtest: $(VENV)/.installed
	bash bench/loadtest.sh

# 6 requests/s of new, expensive pages while /actors/ is asked 20 times a second (20,000 demands, PostgreSQL);
# writes bench/results/<date>-uncached.md.
loadtest-uncached: $(VENV)/.installed
	$(PY) bench/uncached_load.py

# Two clients looping on new pages, six full exports, four tight loops, each against a reader's fresh and cached
# pages and a curator's correction (100,000 demands, PostgreSQL); appends to bench/results/<date>-fairness.md.
loadtest-fairness: $(VENV)/.installed
	$(PY) bench/fairness_load.py

# Redis, then PostgreSQL, silent behind a relay while readers ask for cached and fresh pages (curated records,
# PostgreSQL, Redis); prints latencies, statuses, dropped connections and the recovery time.
bench-silent: $(VENV)/.installed
	$(PY) bench/silent.py

# 100,000 synthetic demands on PostgreSQL and SQLite: the pages with wrk beside two ceilings, the cold explorer
# against Datasette on equal work, and plan cliffs over three seeds; writes bench/results/<date>.md.
bench: $(VENV)/.installed
	$(PY) bench/bench.py

# One part of `make bench` alone: the explorer against Datasette, or the plan cliffs (BENCH_REUSE_DB=1 keeps
# the databases an earlier run prepared); writes bench/results/<date>-explorer.md or -cliffs.md.
bench-explorer: $(VENV)/.installed
	BENCH_ONLY=explorer $(PY) bench/bench.py

bench-cliffs: $(VENV)/.installed
	BENCH_ONLY=cliffs $(PY) bench/bench.py

# Varnish in front of gunicorn on the benchmark's database (BENCH_DB or DATABASE_URL, prepared by `make bench`):
# 256 connections through the edge against the origin's warm throughput, origin renders per view state, and how
# soon a correction shows through the edge; writes bench/results/<date>-edge.md.
bench-edge: $(VENV)/.installed
	$(PY) -m bench.edge

# The proposer (issue 23) against the five curated articles: recall, precision, agreement with the record, and
# its time on a 10,000-character article; writes bench/results/<date>-intake.md. No database, no network.
bench-intake: $(VENV)/.installed
	$(PY) bench/intake_recall.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .mypy_cache
