# One set of commands for people and CI alike.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8050
DEMO_PEOPLE ?= 3000
DEMO_DIR := data/demo
LINT_DIR := tools/cypher-lint
PYTEST_ARGS ?=
NEO4J_DIR ?= data/neo4j
NEO4J_PORT ?= 7687
TEST_NEO4J_DIR := $(or $(FAMILYNET_TEST_NEO4J_DIR),data/test-neo4j)

.PHONY: demo demo-neo4j demo-users test lint bench bench-users browser postgres neo4j neo4j-stop serve clean reference-api-check

$(BIN)/.installed: pyproject.toml
	@PY="$$(tools/find-python.sh)" || exit 1; \
	 if [ ! -x $(BIN)/python ]; then echo "creating $(VENV) with $$PY"; "$$PY" -m venv $(VENV); fi
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@

$(LINT_DIR)/node_modules/.installed: $(LINT_DIR)/package.json $(LINT_DIR)/package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js >= 18 with npm (apt-get install nodejs npm)"; exit 1; }
	cd $(LINT_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Debian's chromium and chromium-driver drive the browser tests.
browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	   echo "installing chromium and chromium-driver for the browser tests"; \
	   SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	   $$SUDO apt-get update -q && $$SUDO apt-get install -y -q chromium chromium-driver || \
	   { echo "could not install chromium + chromium-driver; install them and re-run"; exit 1; }; \
	 fi

demo: $(BIN)/.installed
	$(BIN)/familynet generate --people $(DEMO_PEOPLE) --seed 7 --out $(DEMO_DIR)
	$(BIN)/familynet load $(DEMO_DIR)
	@$(MAKE) --no-print-directory demo-users
	@echo "familynet is at http://127.0.0.1:$(PORT)  (Ctrl+C stops it)"
	$(BIN)/familynet serve --port $(PORT)

# Demo sign-ins (never in production): a Stockport social worker, an analyst, a data steward and an
# administrator.
DEMO_PASSWORD := familynet-demo-password
demo-users: $(BIN)/.installed
	@if [ -n "$$FAMILYNET_PRODUCTION" ] && [ "$$FAMILYNET_PRODUCTION" != 0 ]; then \
	   echo "FAMILYNET_PRODUCTION is set: no demo users; add users with familynet users add"; exit 0; fi; \
	 for spec in "demo social_worker" "demo-analyst analyst" "demo-steward data_steward" "demo-admin admin"; do set -- $$spec; \
	   $(BIN)/familynet users list | cut -f1 | grep -qx "$$1" || \
	     echo "$(DEMO_PASSWORD)" | $(BIN)/familynet users add "$$1" --role "$$2" --authority STK --password-stdin; \
	 done; \
	 echo "sign in as demo (social worker, Stockport), demo-analyst (analyst console), demo-steward (possible matches) or demo-admin (admin page), password: $(DEMO_PASSWORD)"

# The demo on a local Neo4j 5 server (make neo4j) instead of the embedded engine.
demo-neo4j: $(BIN)/.installed
	@$(MAKE) --no-print-directory neo4j
	@$(MAKE) --no-print-directory demo FAMILYNET_GRAPH_URL=bolt://127.0.0.1:$$(cat $(NEO4J_DIR)/port) \
	   FAMILYNET_NEO4J_PASSWORD=$$(cat $(NEO4J_DIR)/password)

serve: $(BIN)/.installed
	$(BIN)/familynet serve --port $(PORT)

# A local PostgreSQL for the audit/users tests (installed and started when missing; needs root or sudo).
postgres:
	@tools/test-postgres.sh >/dev/null

# A local Neo4j 5 Community server (Maven fetches its jars once into ~/.m2; Java 17 or 21), data in
# $(NEO4J_DIR), Bolt on 127.0.0.1:$(NEO4J_PORT), a generated password. See docs/neo4j.md.
neo4j:
	@tools/neo4j/neo4j.sh start $(NEO4J_DIR) $(NEO4J_PORT) >/dev/null || exit 1; \
	 echo "Neo4j 5 Community: bolt://127.0.0.1:$$(cat $(NEO4J_DIR)/port)  user neo4j  password $$(cat $(NEO4J_DIR)/password)"; \
	 echo "point familynet at it: export FAMILYNET_GRAPH_URL=bolt://127.0.0.1:$$(cat $(NEO4J_DIR)/port) FAMILYNET_NEO4J_PASSWORD=$$(cat $(NEO4J_DIR)/password)"; \
	 echo "stop it with: make neo4j-stop"

neo4j-stop:
	@tools/neo4j/neo4j.sh stop $(NEO4J_DIR)

# The graph tests run on the embedded engine and on Neo4j: a test Neo4j is started when
# FAMILYNET_TEST_NEO4J_URL is not set (and stopped again afterwards if this run started it).
test: $(BIN)/.installed $(LINT_DIR)/node_modules/.installed browser
	@PG_URL="$${FAMILYNET_TEST_POSTGRES_URL:-$$(tools/test-postgres.sh)}" || { echo "make test: could not start PostgreSQL"; exit 1; }; \
	 N4_URL="$${FAMILYNET_TEST_NEO4J_URL:-}"; \
	 if [ -z "$$N4_URL" ]; then \
	   tools/neo4j/neo4j.sh status $(TEST_NEO4J_DIR) 2>/dev/null || trap 'tools/neo4j/neo4j.sh stop $(TEST_NEO4J_DIR)' EXIT; \
	   N4_URL="$$(FAMILYNET_TEST_NEO4J_DIR=$(TEST_NEO4J_DIR) tools/test-neo4j.sh)" || { echo "make test: could not start Neo4j (see above; docs/neo4j.md)"; exit 1; }; \
	 fi; \
	 FAMILYNET_TEST_POSTGRES_URL="$$PG_URL" FAMILYNET_TEST_NEO4J_URL="$$N4_URL" \
	   $(BIN)/pytest --headless --webdriver Chrome $(PYTEST_ARGS); status=$$?; \
	 if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests; that is a failure"; fi; \
	 exit $$status

# schemathesis with the Family Context reference API's own OpenAPI document (not kept here: it is the
# reference project's; see tools/reference-api/test_reference_contract.py for where to get a copy).
reference-api-check: $(BIN)/.installed
	@test -n "$(REFERENCE_API_SPEC)" || { echo "usage: make reference-api-check REFERENCE_API_SPEC=path/to/family-context-api.yaml"; exit 2; }
	REFERENCE_API_SPEC="$(REFERENCE_API_SPEC)" $(BIN)/pytest -q tools/reference-api

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Both engines side by side; the Neo4j figures on a server of the benchmarks' own (data/bench-neo4j),
# which they empty as they go. BENCH_ENGINES="--engine embedded" for the embedded engine alone.
BENCH_ENGINES ?= --engine embedded --engine neo4j
bench: $(BIN)/.installed
	$(BIN)/python -m bench.load $(BENCH_ENGINES)
	$(BIN)/python -m bench.explore $(BENCH_ENGINES)
	$(BIN)/python -m bench.click_panel $(BENCH_ENGINES)
	$(BIN)/python -m bench.governed
	@$(MAKE) --no-print-directory bench-users

# Concurrent users against gunicorn (4 gthread workers sharing the embedded engine) on a generated graph
# of 100k people: users pausing 1-3 s between steps, then the same 50 users with no pauses (stress).
BENCH_PEOPLE ?= 100000
bench-users: $(BIN)/.installed
	@B=$$(mktemp -d) && trap 'kill $$(cat $$B/gunicorn.pid 2>/dev/null) 2>/dev/null; sleep 3; rm -rf $$B' EXIT && \
	 export FAMILYNET_GRAPH_URL=embedded://$$B/g.db FAMILYNET_AUDIT_URL=sqlite:///$$B/audit.db \
	        FAMILYNET_SECRET_KEY=bench FAMILYNET_TODAY=2026-11-01 && \
	 $(BIN)/familynet generate --people $(BENCH_PEOPLE) --seed 7 --out $$B/extracts >/dev/null && \
	 $(BIN)/familynet load $$B/extracts --today 2026-11-01 --report-dir $$B/reports >/dev/null && \
	 $(BIN)/gunicorn -k gthread -w 4 --threads 8 --keep-alive 30 -b 127.0.0.1:8765 -p $$B/gunicorn.pid --daemon app.wsgi:application && \
	 for i in $$(seq 30); do curl -sf http://127.0.0.1:8765/healthz >/dev/null && break; sleep 1; done && \
	 $(BIN)/python -m bench.load_users --url http://127.0.0.1:8765 --users 10 --users 50 --seconds 60 --stress

clean:
	rm -rf $(VENV) $(LINT_DIR)/node_modules data .pytest_cache
