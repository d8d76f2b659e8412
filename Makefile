# The commands people type. `make run` and `make test` work on a fresh clone with only Python 3.11.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run serve test test-fast lint format fixtures load migrate superuser loadcheck bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

load: migrate
	$(BIN)/python manage.py load_register

run: load
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

fixtures: install
	$(BIN)/python manage.py build_fixtures

superuser: migrate
	$(BIN)/python manage.py createsuperuser

# Not part of make test: gunicorn on a scratch PostgreSQL database (DATABASE_URL names the server),
# a bounded burst of reads and edits from 127.0.0.1; see docs/loadcheck.md.
loadcheck: install
	$(BIN)/python scripts/loadcheck.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# 100,000 synthetic cases on PostgreSQL (database br_bench, or BENCH_DATABASE_URL) served by gunicorn.
bench: install
	$(BIN)/python scripts/bench.py
