# Two commands: `make reports` (the main job) and `make test` (the whole suite).
# Both create .venv and install the project with its dev extra when .venv is
# missing or pyproject.toml is newer than the last install.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export MPLBACKEND := Agg
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: reports test test-fast bench clean install

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

reports: $(STAMP)
	$(BIN)/shaoxing-reports

test: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest -n auto --dist loadfile --nbval-lax --nbval-current-env tests notebooks

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not browser" tests

bench: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python benchmarks/bench_reports.py

clean:
	rm -rf reports/*.html reports/*/ build dist .pytest_cache
