# The two commands a newcomer runs: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_STORE ?= .demo-store
QUESTION ?= which capitals fell on 6 August and who reported it

.PHONY: demo test lint fuzz bench install clean

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

install: $(BIN)/kg

demo: $(BIN)/kg
	rm -rf $(DEMO_STORE)
	$(BIN)/kg build seeds --store $(DEMO_STORE)
	$(BIN)/kg validate --store $(DEMO_STORE)
	$(BIN)/kg ask "$(QUESTION)" --store $(DEMO_STORE)

test: $(BIN)/kg
	$(BIN)/python -m pytest

# ruff over the code and tests, mypy --strict over kg/ (rules and settings in pyproject.toml)
lint: $(BIN)/kg
	$(BIN)/ruff check kg tests bench
	$(BIN)/mypy

# twenty times the property-based examples of `make test` (tests/test_fuzz.py); KG_FUZZ_SCALE=N for more
fuzz: $(BIN)/kg
	KG_FUZZ_SCALE=$${KG_FUZZ_SCALE:-20} $(BIN)/python -m pytest tests/test_fuzz.py

# figures, not pass/fail: throughput, --jobs scaling, store, queries, SHACL, RSS, rebuild, cold start (~10 min);
# BENCH_ARGS="--articles 1000 --big 0" for other sizes (python -m bench.run --help)
bench: $(BIN)/kg
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(DEMO_STORE) kg-store .pytest_cache
