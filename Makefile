# The two README commands are `make report` and `make test`; both build .venv when it is missing.
# Each installs only what it needs, noted in a stamp file per level: `make report` the default engine (DuckDB)
# and the notebook runner; `make test` adds the Spark and test extras; `make lab` adds JupyterLab.
# --no-compile, then COMPILE: pip would compile every installed file one after the other (~35 s); compileall does it
# on every core. The bytecode is written at install because Python does not write it on import where
# PYTHONDONTWRITEBYTECODE is set, and would then compile every module again in every process: importing the runner
# took 13-14 s instead of 5.6 s, and so did every kernel's imports.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BASE := $(VENV)/.installed-base
SPARK_TEST := $(VENV)/.installed-spark-test
LAB := $(VENV)/.installed-lab
PIP_VERSION := 26.3
COMPILE = $(BIN)/python -m compileall -q -j 0 "$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')" kinerja

.PHONY: venv report test lab notebooks lock clean

venv: $(BASE)

$(BASE): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "pip==$(PIP_VERSION)"
	$(BIN)/python -m pip install --quiet --no-compile -c constraints.txt -e .
	$(COMPILE)
	$(BIN)/python -m ipykernel install --sys-prefix --name kinerja --display-name "Python (kinerja)" >/dev/null
	touch $@

$(SPARK_TEST): $(BASE)
	$(BIN)/python -m pip install --quiet --no-compile -c constraints.txt -e ".[spark,test]"
	$(COMPILE)
	touch $@

$(LAB): $(BASE)
	$(BIN)/python -m pip install --quiet --no-compile -c constraints.txt -e ".[lab]"
	$(COMPILE)
	touch $@

report: $(BASE)
	$(BIN)/kinerja run --output reports
	@echo
	@echo "Reports: $(abspath reports/index.html)"

test: $(SPARK_TEST)
	$(BIN)/python -m pytest

notebooks: $(BASE)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.kernel_name=kinerja notebooks/*.ipynb

lab: $(LAB)
	$(BIN)/jupyter lab --notebook-dir=notebooks

# Pins every package of every extra, so constraints.txt serves all three install levels.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet "pip==$(PIP_VERSION)" && .lock-venv/bin/python -m pip install --quiet -e ".[lab,spark,test]"
	{ head -3 constraints.txt; .lock-venv/bin/python -m pip freeze --exclude-editable; } > constraints.txt.new
	mv constraints.txt.new constraints.txt && rm -rf .lock-venv

clean:
	rm -rf $(VENV)
