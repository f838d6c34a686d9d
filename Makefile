# dxoffice: two commands set everything up. `make run` serves the demo; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
VENDOR := dxoffice/static/vendor

.PHONY: run dev test sysdeps venv assets messages migrate demo lint bench bench-meetings-production clean

# System packages (apt-get as root or with password-less sudo; otherwise the exact command to run).
sysdeps:
	@tools/sysdeps.sh

$(BIN)/dxoffice: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

venv: $(BIN)/dxoffice

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENDOR)/.stamp: node_modules/.package-lock.json
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/bootstrap $(VENDOR)/bootstrap-icons $(VENDOR)/htmx $(VENDOR)/chartjs \
	   $(VENDOR)/tom-select $(VENDOR)/axe-core
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map \
	   node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map \
	   $(VENDOR)/bootstrap/
	cp -r node_modules/bootstrap-icons/font/bootstrap-icons.min.css node_modules/bootstrap-icons/font/fonts $(VENDOR)/bootstrap-icons/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map $(VENDOR)/chartjs/
	cp node_modules/tom-select/dist/js/tom-select.complete.min.js node_modules/tom-select/dist/js/tom-select.complete.min.js.map \
	   node_modules/tom-select/dist/css/tom-select.bootstrap5.min.css node_modules/tom-select/dist/css/tom-select.bootstrap5.min.css.map \
	   $(VENDOR)/tom-select/
	cp node_modules/axe-core/axe.min.js $(VENDOR)/axe-core/
	touch $@

assets: $(VENDOR)/.stamp

messages: venv
	$(BIN)/dxoffice compilemessages --ignore=.venv --ignore=node_modules -v 0

migrate: venv
	mkdir -p var
	$(BIN)/dxoffice migrate --noinput -v 0

demo: migrate
	$(BIN)/dxoffice load_demo --if-empty

run: sysdeps venv assets messages demo
	@echo ""
	@echo "dxoffice is at http://127.0.0.1:$(PORT)/"
	@echo "Demo logins (password: dxoffice-demo): admin, leader, coordinator, focal, focal2, dept, viewer, partner"
	@echo ""
	DEBUG=$${DEBUG:-0} $(BIN)/dxoffice runserver 127.0.0.1:$(PORT)

# For developers: the same with Django's debug pages and auto-reload of changed code.
dev: sysdeps venv assets messages demo
	DEBUG=1 $(BIN)/dxoffice runserver 127.0.0.1:$(PORT)

test: sysdeps venv assets messages lint
	$(BIN)/pytest -n $${TEST_WORKERS:-auto} -q

# Style, types and the layers between modules (docs/architecture.md).
lint: venv
	$(BIN)/ruff check .
	$(BIN)/mypy
	PYTHONPATH=tools $(BIN)/lint-imports --no-cache

# Speed (docs/benchmarks.md): the register at scale, the deployed stack under load (PostgreSQL and
# Redis on 127.0.0.1's standard ports), then the indicators' recompute, a meeting's live channel and training coverage.
bench: venv assets messages migrate
	$(BIN)/python bench/run.py
	$(BIN)/python bench/load.py
	$(BIN)/python bench/indicators.py
	$(BIN)/python bench/meetings.py
	$(BIN)/python bench/training.py --quick

# A meeting in the production shape (two ASGI workers, PostgreSQL, Redis; 2,000 connected): minutes, not seconds.
bench-meetings-production: venv migrate
	$(BIN)/python bench/meetings.py --production

clean:
	rm -rf $(VENV) node_modules $(VENDOR)
