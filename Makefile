# actas: `make dataset` builds and publishes the dataset; `make test` runs the tests.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install dataset test test-fast snapshots lint ui lock clean bench bench-memory

install: $(STAMP)

$(STAMP): requirements.lock requirements-pip.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "actas needs Python 3.11")'
	$(PYTHON) -m venv $(VENV)
	# pip first: older pips mishandle extras (gql[requests]) in --require-hashes mode
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-pip.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

dataset: install
	$(BIN)/actas build --raw data/raw --out data/published

test: install
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# The unit tests only (under a minute): no build of a corpus, no Dagster server or browser,
# no benchmark. `make test` runs these and the rest.
test-fast: install
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -m "not slow and not ui and not bench"

# Rewrite the golden snapshots of the seed build (tests/snapshots/seeds/) after a meant change.
snapshots: install
	$(BIN)/python -m tests.snapshots --update

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

# Throughput and memory of `actas build` against bare spaCy (N documents, default 2000).
bench: install
	$(BIN)/python -m benchmarks.run --docs $(or $(N),2000)

bench-memory: install
	$(BIN)/python -m benchmarks.run --docs 2000 --scale-to $(or $(N),20000) --json benchmarks/scaling.json

ui: install
	mkdir -p .dagster_home
	DAGSTER_HOME=$(CURDIR)/.dagster_home $(BIN)/dagster dev -w workspace.yaml

# Re-pin every dependency with hashes after editing requirements.in (needs network).
lock: install
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile requirements.in --generate-hashes --python-version 3.11 -o requirements.lock
	$(BIN)/uv pip compile requirements-pip.in --generate-hashes --python-version 3.11 -o requirements-pip.lock

clean:
	rm -rf data/work data/published data/releases .pytest_cache .ruff_cache
