# landfall: two commands set everything up on a fresh clone:
#   make preview STACK=dev    (creates .venv if needed, prints the offline preview)
#   make test                 (creates .venv if needed, runs every test)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STACK  ?= dev

.PHONY: venv preview test bench schema prices clean

# The venv is rebuilt whenever requirements.txt changes.
$(BIN)/.installed: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

venv: $(BIN)/.installed

preview: venv
	$(BIN)/python -m landfall preview $(STACK)

test: venv
	$(BIN)/python -m pytest -q

# The organization-scale table first: the last line of `make bench` stays the ratio.
bench: venv
	$(BIN)/python -m landfall.offline.scale_bench
	$(BIN)/python -m landfall.offline.bench

schema: venv
	$(BIN)/python -m landfall schema

prices: venv
	$(BIN)/python -m landfall.cost.refresh

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
