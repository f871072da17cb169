# Jobbspår — `make run` to try it, `make test` to check it. Both work on a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APT_GET := DEBIAN_FRONTEND=noninteractive apt-get -y -q -o Dpkg::Use-Pty=0
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: run test bench cluster cluster-test cluster-deps install install-dev system-deps test-deps migrate messages compilemessages seed clean

run: install var compilemessages migrate seed  ## Web server on :8000 plus a Celery worker with beat.
	@echo "Jobbspår: http://127.0.0.1:8000/  (demo users in README.md, password jobbspar-demo). Ctrl-C stops."
	@bash bin/dev

# The suite runs in one process per core (pytest-xdist), each test module whole in one of them.
PYTEST_WORKERS ?= auto

test: install-dev test-deps var compilemessages  ## The whole suite, on whatever DATABASE_URL says (SQLite by default).
	@$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS); code=$$?; \
	if [ $$code -eq 5 ]; then echo "pytest collected no tests: that is a failure"; fi; exit $$code

bench: install-dev var  ## Every main page, the PDFs, the reminder job and 50 users, on the scale data (PostgreSQL).
	@bash bin/bench $(BENCH_ARGS)

cluster: install-dev cluster-deps var compilemessages  ## HAProxy, two web nodes, two workers and beat on 127.0.0.1 (README, Cluster).
	@bash bin/cluster $(CLUSTER_ARGS)

cluster-test: install-dev cluster-deps var compilemessages  ## The cluster with a web node and a worker killed on purpose.
	@bash bin/cluster-test $(CLUSTER_ARGS)

# What only the cluster needs: HAProxy, and PostgreSQL and Redis unless they already answer on 127.0.0.1.
cluster-deps: system-deps
	@missing=""; \
	command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || missing="$$missing haproxy"; \
	pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null || ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || missing="$$missing postgresql"; \
	(exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null || command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	if [ -n "$$missing" ]; then echo "Installing system packages:$$missing"; \
	  $(SUDO) apt-get update -q && $(SUDO) $(APT_GET) install $$missing; fi

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(VENV)/bin/python:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { $(SUDO) apt-get update -q && $(SUDO) $(APT_GET) install python3-venv && $(PYTHON) -m venv $(VENV); }

$(VENV)/.installed: $(VENV)/bin/python requirements.txt | system-deps
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

# What the app needs from the system: msgfmt for translations, Pango for WeasyPrint's PDFs.
system-deps:
	@missing=""; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	ldconfig -p | grep -q libpango-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	fc-list 2>/dev/null | grep -qi dejavu || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then echo "Installing system packages:$$missing"; \
	  $(SUDO) apt-get update -q && $(SUDO) $(APT_GET) install $$missing; fi

# What the tests need beyond the app: Chromium for the browser tests, Java and vnu.jar for HTML checks,
# Node's oidc-provider for the single sign-on tests (tests/oidc/).
test-deps: system-deps
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v pg_dump >/dev/null || missing="$$missing postgresql-client"; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then echo "Installing system packages:$$missing"; \
	  $(SUDO) apt-get update -q && $(SUDO) $(APT_GET) install $$missing; fi
	@[ -f node_modules/vnu-jar/build/dist/vnu.jar ] && [ -f node_modules/oidc-provider/package.json ] \
	  || npm ci --no-audit --no-fund --ignore-scripts

var:
	mkdir -p var

migrate: install var
	$(BIN)/python manage.py migrate --no-input

seed: install
	$(BIN)/python manage.py seed_demo

messages: install  ## Extract strings after changing the interface; then translate locale/sv.
	$(BIN)/python manage.py makemessages -l sv -l en -l ar --no-obsolete --ignore=.venv --ignore=node_modules --ignore=var

compilemessages: install
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

clean:
	rm -rf var $(VENV) node_modules
