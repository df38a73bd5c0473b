# Two commands for a newcomer: `make run` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV   ?= .venv
PORT   ?= 8501
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.tunelab-installed
# The local torch CPU wheel lives in /opt/wheels on these machines; pip looks there first.
FIND_LINKS := $(if $(wildcard /opt/wheels),--find-links /opt/wheels,)

.PHONY: run test install clean validate bench

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet $(FIND_LINKS) -c constraints.txt -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/streamlit run app.py --server.port $(PORT) --server.headless true

test: $(STAMP)
	$(PY) -m pytest

validate: $(STAMP)
	$(PY) -m engine validate content

bench: $(STAMP)
	$(PY) benchmarks/bench_optim.py
	$(PY) benchmarks/bench_search.py
	$(PY) benchmarks/bench_practice_render.py

clean:
	rm -rf $(VENV) .pytest_cache
