# Two commands do everything (see README.md):
#   make run    set up both environments if needed, train the NLU model if its inputs changed,
#               start the Rasa server, then the bot (Telegram if TELEGRAM_BOT_TOKEN is set, else a console chat)
#   make test   set up what the tests need and run every check and test
# Everything else here is a building block of those two.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV     := .venv
NLU_VENV := .venv-nlu
PY       := $(VENV)/bin/python
BOT_STAMP := $(VENV)/.installed
NLU_STAMP := $(NLU_VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: help run test lock nlu-lock i18n

help:
	@echo "make run   - start the assistant (console chat without TELEGRAM_BOT_TOKEN)"
	@echo "make test  - install what tests need and run every check and test"

$(BOT_STAMP): pyproject.toml constraints.txt
	@py=$$(scripts/find-python.sh 3.11+) || exit 1; \
	  [ -x $(PY) ] || "$$py" -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@touch $@

$(NLU_STAMP): nlu/requirements.txt
	@py=$$(scripts/find-python.sh 3.10) || exit 1; \
	  [ -x $(NLU_VENV)/bin/python ] || "$$py" -m venv $(NLU_VENV)
	$(NLU_VENV)/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
	$(NLU_VENV)/bin/python -m pip install -q --disable-pip-version-check -r nlu/requirements.txt
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing (the Telegram emulator for the tests needs Node.js 18+): apt-get install nodejs npm" >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

run: $(BOT_STAMP) $(NLU_STAMP)
	$(PY) -m bot run

test: $(BOT_STAMP) $(NLU_STAMP) $(NODE_STAMP)
	$(PY) -m ruff check bot tests
	$(PY) -m ruff format --check bot tests
	$(PY) -m mypy
	$(PY) -m bot content check
	$(PY) -m bot nlu check
	$(PY) -m pytest

# Regenerate the pinned lists after changing dependencies.
lock: $(BOT_STAMP)
	{ echo "# Exact versions for the bot's environment (pip install -c constraints.txt). Regenerate: make lock"; \
	  $(PY) -m pip freeze --exclude-editable | sort -f; } > constraints.txt
nlu-lock: $(NLU_STAMP)
	{ echo "# Pinned environment of the Rasa NLU service (Python 3.10). Regenerate with: make nlu-lock"; \
	  $(NLU_VENV)/bin/pip freeze --exclude-editable | sort -f; } > nlu/requirements.txt

# Translations: re-extract interface strings and merge them into the vi and en catalogs.
i18n: $(BOT_STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k _ -k gettext --no-location --sort-output \
	  --project sanctuary-assistant --msgid-bugs-address "" -o bot/locales/messages.pot bot
	$(VENV)/bin/pybabel update -i bot/locales/messages.pot -d bot/locales -D messages --no-fuzzy-matching --ignore-obsolete
