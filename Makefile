# SEDAM workbook — everyday commands. The first use creates .venv and installs what is needed.
#   make demo   run the demo client through every stage, print where the results are
#   make test   run every test (unit, property, doctest, notebook, command line)
#   make lab    open JupyterLab on the notebooks
#   make app    serve the questionnaires as a web app (Voila) for the demo client
#   make editions  write dist/student and dist/trainer from notebooks/
#   make bench  run the benchmarks: every ratio beside its floor, start-up times, 2,000-client projection
#               (BENCH="--quick" for a fast smoke run; BENCH="kano cx" for some only)
#   make constraints  record the installed versions as the tested set (constraints.txt)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip install --disable-pip-version-check -q -c constraints.txt
# JupyterLab refuses to start as root unless told; containers and classroom servers often run as root.
LAB_FLAGS := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: demo test lab app editions bench clean-venv constraints

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.core: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) -e .
	@touch $@

$(VENV)/.test: pyproject.toml constraints.txt $(VENV)/.core
	$(PIP) -e ".[test,app,browser,import,dask]"
	@touch $@

$(VENV)/.lab: pyproject.toml constraints.txt $(VENV)/.core
	$(PIP) -e ".[lab]"
	@touch $@

$(VENV)/.app: pyproject.toml constraints.txt $(VENV)/.core
	$(PIP) -e ".[app]"
	@touch $@

demo: $(VENV)/.core
	$(BIN)/sedam run datasets/demo

test: $(VENV)/.test
	$(BIN)/python -m pytest -n 2 --dist loadscope --nbval-lax tests sedamkit

lab: $(VENV)/.lab
	$(BIN)/jupyter lab $(LAB_FLAGS) notebooks/

app: $(VENV)/.app
	$(BIN)/sedam app datasets/demo

editions: $(VENV)/.core
	$(BIN)/sedam edition student
	$(BIN)/sedam edition trainer

bench: $(VENV)/.core
	$(BIN)/python -m sedamkit.delivery.bench $(BENCH)

constraints: $(VENV)/.test
	@{ sed -n '1,3p' constraints.txt; $(BIN)/python -m pip freeze --all --exclude-editable | grep -v -e '^-e' -e '^pip=='; } > constraints.txt.new
	mv constraints.txt.new constraints.txt

clean-venv:
	rm -rf $(VENV)
