# Harbour: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_WORKERS ?= auto

.PHONY: run test lint format bench install clean worker messages

# Debian packages: Chromium drives the browser tests, poppler and qpdf read PDFs
# in tests, HarfBuzz subsetting makes WeasyPrint's font embedding fast.
# gettext's xgettext and msgfmt: the translation checks extract and compile catalogues.
TEST_PACKAGES := chromium chromium-driver libharfbuzz-subset0 poppler-utils qpdf fonts-dejavu-core gettext
RUN_PACKAGES := libharfbuzz-subset0 fonts-dejavu-core

.PHONY: system-packages-test system-packages-run

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# Install missing Debian packages when root with apt-get (apt-get update only when
# something is missing); otherwise say in one line what to install. $(2) is
# "required" (stop when they cannot be installed) or "optional" (carry on).
define system_packages
	@missing=""; \
	if command -v dpkg-query >/dev/null 2>&1; then \
		for pkg in $(1); do \
			dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "ok installed" || missing="$$missing $$pkg"; \
		done; \
	fi; \
	[ -z "$$missing" ] && exit 0; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing system packages:$$missing"; \
		apt-get update -qq >/dev/null 2>&1; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null && exit 0; \
	fi; \
	if [ "$(2)" = required ]; then \
		echo "Harbour's tests need these system packages; install them, then run make test again: sudo apt-get install -y$$missing"; \
		exit 1; \
	fi; \
	echo "Optional system packages are missing (PDFs render slower without them): sudo apt-get install -y$$missing"
endef

system-packages-test:
	$(call system_packages,$(TEST_PACKAGES),required)

system-packages-run:
	$(call system_packages,$(RUN_PACKAGES),optional)

# Development serving: static files come straight from the source folders (no
# collectstatic), migrations and the demo are quiet, and the sign-ins come last.
# Migrating and loading the demo are skipped while nothing they read has changed
# (a stamp per SQLite file; always done on PostgreSQL or when the file is gone).
DB_FILE := $(or $(SQLITE_PATH),db.sqlite3)
DEMO_STAMP := $(VENV)/.demo-$(subst /,_,$(DB_FILE))
DEMO_INPUTS := $(wildcard */migrations/*.py */demo.py */demo_data/* lms/management/commands/seed_demo.py)
DEMO_FORCE := $(if $(DATABASE_URL),FORCE,$(if $(wildcard $(DB_FILE)),,FORCE))

.PHONY: FORCE
FORCE:

# Links printed by the demo (and in its certificates' QR codes) point at this server.
run $(DEMO_STAMP): export HARBOUR_BASE_URL ?= http://$(HOST):$(PORT)

$(DEMO_STAMP): $(STAMP) $(DEMO_INPUTS) $(DEMO_FORCE)
	@echo "Preparing the database and the demo..."
	@$(BIN)/python manage.py migrate --noinput --verbosity 0
	@$(BIN)/python manage.py seed_demo > $@.txt 2> $(VENV)/demo.log || \
		{ cat $(VENV)/demo.log; exit 1; }
	@touch $@

run: $(STAMP) system-packages-run $(DEMO_STAMP)
	@$(BIN)/python manage.py runserver --skip-checks $(HOST):$(PORT) & server=$$!; \
		trap 'kill $$server $$worker 2>/dev/null' EXIT INT TERM; \
		for i in $$(seq 300); do \
			$(BIN)/python -c 'import socket; socket.create_connection(("$(HOST)", $(PORT)), 1)' 2>/dev/null && break; \
			sleep 0.2; \
		done; \
		$(BIN)/python manage.py db_worker --interval 1 >> $(VENV)/worker.log 2>&1 & worker=$$!; \
		echo; echo "Harbour is serving on http://$(HOST):$(PORT)/ (task worker log: $(VENV)/worker.log; Ctrl+C stops both)"; \
		cat $(DEMO_STAMP).txt; \
		wait $$server

test: $(STAMP) system-packages-test
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	@for b in bench/*.py; do \
		case $$b in bench/_*) continue;; esac; \
		DJANGO_SETTINGS_MODULE=lms.settings.bench $(BIN)/python $$b || exit 1; \
	done

# Translation catalogues (locale/<lang>/LC_MESSAGES): extract every string, merge
# it into each language's .po, drop strings no longer used, then compile the .mo
# files (committed with the .po). Locations name the file only, so moving a line
# does not change a catalogue. tests/lms/test_translations.py reads these lists.
# lms/locale holds Django's own date names in Papiamentu (Django ships none), kept
# by hand: compiled here, but not a target of makemessages.
MESSAGES_LANGUAGES := es fr nl pap
MESSAGES_IGNORE := .venv .git node_modules tests bench staticfiles media var lms/locale
MESSAGES_JS_IGNORE := $(MESSAGES_IGNORE) courses cohorts certificates assessments reports lms templates docs
MESSAGES_COMPILE_IGNORE := .venv .git node_modules staticfiles media var
MESSAGES_OPTIONS := $(foreach l,$(MESSAGES_LANGUAGES),--locale=$(l)) --add-location=file --no-obsolete

messages: $(STAMP)
	$(BIN)/python manage.py makemessages --domain=django $(MESSAGES_OPTIONS) \
		$(foreach i,$(MESSAGES_IGNORE),--ignore=$(i))
	$(BIN)/python manage.py makemessages --domain=djangojs $(MESSAGES_OPTIONS) \
		$(foreach i,$(MESSAGES_JS_IGNORE),--ignore=$(i))
	$(BIN)/python manage.py compilemessages $(foreach l,$(MESSAGES_LANGUAGES),--locale=$(l)) \
		$(foreach i,$(MESSAGES_COMPILE_IGNORE),--ignore=$(i))

worker: $(STAMP)
	$(BIN)/python manage.py db_worker

clean:
	rm -rf $(VENV) staticfiles
