# Two commands: `make reports` (the main job) and `make test` (the whole suite);
# `make lab` opens JupyterLab on the project.  Each creates .venv and installs
# the project with its dev extra when .venv is missing or pyproject.toml is
# newer than the last install; inside a git checkout the install also sets up
# nbstripout as the git filter for notebooks (`make hooks`; skip it with
# NO_GIT_FILTER=1), so a notebook saved with outputs is committed without them.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export MPLBACKEND := Agg
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: reports test test-fast lab bench clean install hooks

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@$(MAKE) --no-print-directory hooks
	@touch $(STAMP)

# The filter runs `.venv/bin/python -m nbstripout --keep-id` from the top of the
# checkout (so each git worktree uses its own .venv); .gitattributes names the
# notebooks it applies to.  Outside a git checkout, or without git, it does nothing.
hooks:
	@if [ -n "$(NO_GIT_FILTER)" ]; then \
	  echo "hooks: NO_GIT_FILTER is set; nbstripout git filter not configured"; \
	elif command -v git >/dev/null 2>&1 && git rev-parse --is-inside-work-tree >/dev/null 2>&1 \
	     && [ "$$(git rev-parse --show-toplevel)" = "$$(pwd -P)" ]; then \
	  { $(BIN)/python -m nbstripout --install --python $(BIN)/python --attributes .gitattributes \
	    && git config filter.nbstripout.clean '"$(BIN)/python" -m nbstripout --keep-id' \
	    && echo "hooks: notebooks are committed without outputs (git filter nbstripout)"; } \
	  || echo "hooks: WARNING: could not set up the nbstripout git filter; run 'make hooks' once $(BIN) has nbstripout"; \
	else \
	  echo "hooks: not a git checkout; nbstripout git filter not configured"; \
	fi

reports: $(STAMP)
	$(BIN)/shaoxing-reports

test: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest -n auto --dist loadfile --nbval-lax --nbval-current-env tests notebooks

lab: $(STAMP)
	env -u MPLBACKEND PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/jupyter lab --notebook-dir=. \
	  $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not browser" tests

bench: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python benchmarks/bench_reports.py

clean:
	rm -rf reports/*.html reports/*/ build dist .pytest_cache
