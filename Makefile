# SEDAM workbook — everyday commands. The first use creates .venv and installs what is needed.
#   make demo   run the demo client through every stage, print where the results are
#   make test   run every test (unit, property, doctest, notebook, command line)
#   make lab    open JupyterLab on the notebooks
#   make app    serve the questionnaires as a web app (Voila) for the demo client
#   make editions  write dist/student and dist/trainer from notebooks/
#   make bench  run the benchmarks: every ratio beside its floor, start-up times, 2,000-client projection
#               (BENCH="--quick" for a fast smoke run; BENCH="kano cx" for some only)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip install --disable-pip-version-check -q

.PHONY: demo test lab app editions bench clean-venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.core: pyproject.toml | $(BIN)/python
	$(PIP) -e .
	@touch $@

$(VENV)/.test: pyproject.toml $(VENV)/.core
	$(PIP) -e ".[test,app,browser]"
	@touch $@

$(VENV)/.lab: pyproject.toml $(VENV)/.core
	$(PIP) -e ".[lab]"
	@touch $@

$(VENV)/.app: pyproject.toml $(VENV)/.core
	$(PIP) -e ".[app]"
	@touch $@

demo: $(VENV)/.core
	$(BIN)/sedam run datasets/demo

test: $(VENV)/.test
	$(BIN)/python -m pytest -n 2 --dist loadscope --nbval-lax tests sedamkit

lab: $(VENV)/.lab
	$(BIN)/jupyter lab notebooks/

app: $(VENV)/.app
	$(BIN)/sedam app datasets/demo

editions: $(VENV)/.core
	$(BIN)/sedam edition student
	$(BIN)/sedam edition trainer

bench: $(VENV)/.core
	$(BIN)/python -m sedamkit.delivery.bench $(BENCH)

clean-venv:
	rm -rf $(VENV)
