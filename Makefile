# Two commands: `make run` and `make test`. Everything else is a step they need.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app wsgi
STAMP  := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)
# Compiled message catalogs (git-ignored): one .mo next to each committed .po.
CATALOGS := $(patsubst %.po,%.mo,$(wildcard translations/*/LC_MESSAGES/messages.po))
PYTEST_WORKERS ?= 2

.PHONY: run test venv catalogs clean-venv

run: $(STAMP) $(CATALOGS) instance/config.py
	$(FLASK) db upgrade
	$(FLASK) demo load --if-empty
	$(FLASK) run --host 127.0.0.1 --port 5000

test: $(STAMP) $(CATALOGS)
	@echo "== all tiers on SQLite =="
	env -u ADMISSIONS_TEST_POSTGRES_URL $(BIN)/pytest -n $(PYTEST_WORKERS) tests
	@if [ -n "$$ADMISSIONS_TEST_POSTGRES_URL" ]; then \
	  echo "== database tiers on PostgreSQL =="; \
	  $(BIN)/pytest -n $(PYTEST_WORKERS) tests/integration tests/functional; \
	else \
	  echo "PostgreSQL tier skipped: ADMISSIONS_TEST_POSTGRES_URL is not set"; \
	fi

venv: $(STAMP)

$(STAMP): requirements.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $@

catalogs: $(CATALOGS)

translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel compile --domain messages --input-file $< --output-file $@ --locale $*

# A machine-local config for the embedded development server: random keys, plain-HTTP cookies.
instance/config.py:
	mkdir -p instance
	$(BIN)/python -c "import secrets; from cryptography.fernet import Fernet; \
	print('# Local development settings, made by make run. Not for production.'); \
	print('SECRET_KEY = %r' % secrets.token_urlsafe(48)); \
	print('ENCRYPTION_KEYS = %r' % Fernet.generate_key().decode()); \
	print('SESSION_COOKIE_SECURE = False  # the development server speaks plain HTTP'); \
	print('REMEMBER_COOKIE_SECURE = False')" > $@

clean-venv:
	rm -rf $(VENV)
