# The two commands: `make run` and `make test`. Only Python 3.11+ and make are needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Two stamps: `make run` needs only the runtime (requirements.txt); `make test` and the checks add the test tools.
STAMP := $(VENV)/.installed-runtime
DEV_STAMP := $(VENV)/.installed-dev
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install install-dev setup run test test-workers lint format bench e2e api-live serve-production clean

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(DEV_STAMP)

install: $(STAMP)
install-dev: $(DEV_STAMP)

# Local development runs with DEBUG on unless you say otherwise.
setup run: export DEBUG ?= 1

setup: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_sources
	$(BIN)/python manage.py load_bank --only-new
	$(BIN)/python manage.py seed_demo

run: setup
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install-dev
	$(BIN)/python -m pytest -m "not e2e and not workers"

# The API throttle across 3 gunicorn workers sharing Redis (set REDIS_URL; .ci/run does).
test-workers: install-dev
	$(BIN)/python -m pytest -m workers -p no:cacheprovider

# End-to-end tests in headless Chromium (apt-get install chromium); screenshots go to test-results/.
e2e: install-dev
	$(BIN)/python -m pytest -m e2e -p no:cacheprovider

# The API against a live gunicorn: examples/lms_client.py, then schemathesis (no 5xx, responses as documented).
api-live: install-dev
	scripts/api_live_checks.sh

# A 10-question sitting through the pages, 20 times, on a throwaway SQLite database.
BENCH_ENV := DATABASE_URL=sqlite:///$(CURDIR)/.bench.sqlite3 SECRET_KEY=bench-only ALLOWED_HOSTS=testserver \
	SECURE_SSL_REDIRECT=0 STATIC_WITHOUT_COLLECTSTATIC=1 DEBUG=0
bench: install
	rm -f .bench.sqlite3
	$(BENCH_ENV) $(BIN)/python manage.py migrate --noinput -v0
	$(BENCH_ENV) $(BIN)/python manage.py load_sources >/dev/null
	$(BENCH_ENV) $(BIN)/python manage.py load_bank >/dev/null
	$(BENCH_ENV) $(BIN)/python manage.py bench_sitting --sittings 20
	rm -f .bench.sqlite3

# Flashcards: a student with 10,000 cards and 100,000 review logs; due queue and review times (median, p95).
.PHONY: bench-cards
bench-cards: install
	rm -f .bench-cards.sqlite3
	$(subst .bench.sqlite3,.bench-cards.sqlite3,$(BENCH_ENV)) $(BIN)/python manage.py migrate --noinput -v0
	$(subst .bench.sqlite3,.bench-cards.sqlite3,$(BENCH_ENV)) $(BIN)/python manage.py bench_cards
	rm -f .bench-cards.sqlite3

# A class of 10,000 on PostgreSQL (database SCALE_DB, dropped and recreated): teachers' and students' pages on an
# empty and a full database, then API throughput under gunicorn beside bare Django views (port SCALE_PORT).
SCALE_DB ?= quizsite_scale_bench
SCALE_PG ?= -h 127.0.0.1 -p 5432 -U postgres
SCALE_PORT ?= 8660
SCALE_ARGS ?=
SCALE_ENV := DATABASE_URL=postgres://postgres@127.0.0.1:5432/$(SCALE_DB) SECRET_KEY=bench-only \
	ALLOWED_HOSTS=testserver,127.0.0.1 SECURE_SSL_REDIRECT=0 STATIC_WITHOUT_COLLECTSTATIC=1 DEBUG=0 LOG_LEVEL=WARNING
.PHONY: bench-scale
bench-scale: install-dev
	dropdb $(SCALE_PG) --if-exists --force $(SCALE_DB)
	createdb $(SCALE_PG) $(SCALE_DB)
	$(SCALE_ENV) $(BIN)/python manage.py migrate --noinput -v0
	$(SCALE_ENV) $(BIN)/python manage.py load_sources >/dev/null
	$(SCALE_ENV) $(BIN)/python manage.py load_bank >/dev/null
	$(SCALE_ENV) $(BIN)/python manage.py bench_scale --port $(SCALE_PORT) $(SCALE_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Production-style serving (set SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL first).
serve-production: install
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/gunicorn quizsite.wsgi --bind $(HOST):$(PORT) --workers 3

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .hypothesis .schemathesis test-results celerybeat-schedule* .gift-reader
