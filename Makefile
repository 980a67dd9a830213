# The two README commands are `make report` and `make test`; both build .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PIP_VERSION := 26.3

.PHONY: venv report test lab notebooks lock clean

venv: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "pip==$(PIP_VERSION)"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[spark,test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name kinerja --display-name "Python (kinerja)" >/dev/null
	touch $(STAMP)

report: $(STAMP)
	$(BIN)/kinerja run --output reports
	@echo
	@echo "Reports: $(abspath reports/index.html)"

test: $(STAMP)
	$(BIN)/python -m pytest

notebooks: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.kernel_name=kinerja notebooks/*.ipynb

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks

lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet "pip==$(PIP_VERSION)" && .lock-venv/bin/python -m pip install --quiet -e ".[spark,test]"
	{ head -3 constraints.txt; .lock-venv/bin/python -m pip freeze --exclude-editable; } > constraints.txt.new
	mv constraints.txt.new constraints.txt && rm -rf .lock-venv

clean:
	rm -rf $(VENV)
