# Hearth: `make run` starts the site on embedded defaults; `make test` runs the whole test suite.
# Both create .venv with Python 3.11 and install pinned versions from constraints.txt.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/pip install -q -c constraints.txt
ADDR   ?= 127.0.0.1:8000

.PHONY: run test install install-test install-export lint migrate demo bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade "pip>=24"

# The production screening model (int8 ONNX on onnxruntime, the `ml` extra) is part of every install.
install: $(BIN)/python
	$(PIP) -e ".[ml]"

install-test: $(BIN)/python
	$(PIP) -e ".[test,ml,train,browser,bench]"

# Development only: torch + sentence-transformers, to rebuild moderation/detectors/assets/minilm/ with
# moderation/detectors/training/export_onnx.py (not needed to run or test Hearth).
install-export: $(BIN)/python
	$(PIP) -e ".[export]"

migrate: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py setup_schedules

demo: migrate
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py seed_moderation_demo

# Everything a newcomer needs: install, migrate, demo data (credentials are printed), then the site with a
# local Celery worker and beat. Emails land in var/mail/.
run: demo
	$(BIN)/python manage.py run_local $(ADDR)

# The whole suite. Set DATABASE_URL / REDIS_URL to run it against PostgreSQL and Redis (CI does).
test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run

# python -m benchmarks (docs/benchmarks.md): a development tool outside the apps, with its own `bench` extra.
bench: $(BIN)/python
	$(PIP) -e ".[ml,bench]"
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
