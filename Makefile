# Innføringsportalen — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
HOST   ?= 127.0.0.1:8000

.PHONY: run setup install translations test lint check-translations deploy-check worker beat clean

## Set everything up on the embedded default and start the portal with demo data.
run: setup
	@echo "Innføringsportalen: http://$(HOST)/  (demo accounts in README.md, password: demo)"
	MFA_REQUIRED_FOR_STAFF=$${MFA_REQUIRED_FOR_STAFF:-false} $(PY) manage.py runserver $(HOST)

setup: install translations
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_reference_data
	$(PY) manage.py load_demo

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

translations: install
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

## Run the whole test suite (on PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set).
test: install translations
	$(PY) -m pytest -n $${PYTEST_WORKERS:-auto} $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy portal rollout procurement knowledge
	$(BIN)/lint-imports

check-translations: install
	$(PY) manage.py makemessages -l nb --ignore=.venv --ignore=tests --no-obsolete -v0
	$(PY) scripts/check_translations.py

deploy-check: install
	DEBUG=false SECRET_KEY=$${SECRET_KEY:-check-only-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-portal.example.no} \
	$(PY) manage.py check --deploy --fail-level WARNING

worker: install
	$(BIN)/celery -A portal worker --loglevel=info

beat: install
	$(BIN)/celery -A portal beat --loglevel=info

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
