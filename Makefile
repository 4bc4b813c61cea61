# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run serve manage drill test bench bench-search lint format messages install fonts browser redis axe

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# Translations are compiled here, never committed; gettext comes from Debian if missing.
messages: install
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext >/dev/null)
	$(BIN)/python manage.py compilemessages --ignore=.venv --verbosity 0

# PDFs (receipts, letters) are drawn with Debian's DejaVu fonts, which hold Vietnamese letters.
fonts:
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || (apt-get update -qq && apt-get install -y -qq fonts-dejavu-core >/dev/null)

# The browser tests drive Debian's chromium through Playwright; no browser is downloaded.
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

run: messages fonts
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py search_reindex --if-empty --verbosity 0
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The production topology: gunicorn, a Celery worker and beat on PostgreSQL and Redis
# (docs/operations.md). `make manage ARGS=createsuperuser` runs manage.py beside it.
serve: messages fonts
	$(BIN)/python -m ops.serve

manage: install
	$(BIN)/python -m ops.serve manage $(ARGS)

# The drills start redis-servers of their own (make test runs them too).
redis:
	@command -v redis-server >/dev/null || (apt-get update -qq && apt-get install -y -qq redis-server >/dev/null)

# Faults injected into the running topology under load, and a backup restored; DRILL_MINUTES each.
drill: messages fonts redis
	$(BIN)/python -m tests.preflight $(BIN)/python -m drill

# axe-core (package-lock.json) checks each screen in the browser tests; npm comes with Node.
axe:
	@command -v npm >/dev/null || (apt-get update -qq && apt-get install -y -qq npm >/dev/null)
	npm ci --no-audit --no-fund --silent

test: messages fonts browser redis axe
	$(BIN)/python -m tests.preflight $(BIN)/pytest $(PYTEST_ARGS)

bench: messages
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python -m tests.preflight $(BIN)/python -m bench
	$(BIN)/python -m tests.preflight $(BIN)/python -m bench.search
	$(BIN)/python -m tests.preflight $(BIN)/python -m bench.reports
	$(BIN)/python -m tests.preflight $(BIN)/python -m bench.imports

# Search alone: 1,000,000 generated cases in their own database, kept between runs.
bench-search: messages
	$(BIN)/python -m tests.preflight $(BIN)/python -m bench.search

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
