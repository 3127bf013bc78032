# CareerCoach — `make run` to use it, `make test` to test it. Needs only Python 3.11 and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Two pytest workers: the machines have two cores. `make test PYTEST_WORKERS=0` runs serially.
PYTEST_WORKERS ?= 2

.PHONY: run test install lint format shell migrate seed bench clean help

help:
	@echo "make run    start CareerCoach at http://127.0.0.1:8000 (web + worker + beat)"
	@echo "make test   run the whole test suite against PostgreSQL"
	@echo "make lint   ruff checks"

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] >= (3, 11), "Python 3.11+ is required"'
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-careercoach.settings.local} $(BIN)/python -m careercoach.devrun

test: $(STAMP)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

format: $(STAMP)
	$(BIN)/ruff format .

shell: $(STAMP)
	DJANGO_SETTINGS_MODULE=careercoach.settings.local $(BIN)/python manage.py shell

migrate: $(STAMP)
	DJANGO_SETTINGS_MODULE=careercoach.settings.local $(BIN)/python manage.py migrate

seed: $(STAMP)
	DJANGO_SETTINGS_MODULE=careercoach.settings.local $(BIN)/python manage.py seed_demo

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
