# Two commands for a newcomer: `make run` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV   ?= .venv
PORT   ?= 8501
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.tunelab-installed
# The local torch CPU wheel lives in /opt/wheels on these machines; pip looks there first.
FIND_LINKS := $(if $(wildcard /opt/wheels),--find-links /opt/wheels,)

.PHONY: run test install clean validate bench lock

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet $(FIND_LINKS) -c constraints.txt -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/streamlit run app.py --server.port $(PORT) --server.headless true

# The suite in two parts, side by side: the browser tests in front (their report scrolls by), and
# beside them everything else in one pytest-xdist worker, whose report follows theirs. The browser
# tests keep 1.3 of the 2 cores busy on average, and less than one for two of their eight and a
# half minutes (a server restarting, a grace period running out, a queue waiting its turn): the
# rest fills that. Measured on 2 cores (2026-12-06, all passing each time): one part after the
# other 12.7 min (4.3 + 8.4); side by side 9.8 to 11.2 min (three runs) with one worker for the
# rest, 11.2 with a worker per core (the browser tests were slowed most), 10.9 with the rest niced
# to 19. Two browser tests at a time were slower (10.0 min, not 9) and missed their timings (a
# stopped run's CPU measured beside another test's load), so the browser tests stay in one
# process. Without Chromium the browser tests are skipped and the rest takes a worker per core.
# Machines differ: on 2026-12-07's (tests/pages alone 9.5 min where the whole rest had taken 8.4)
# the browser part took 32 min and the rest 24 beside it, Chromium's renderer most of the CPU.
# The target fails if either part does; each part keeps its own pytest cache (its last failures
# for --lf), which two processes writing one file at once would mix up. TEST_WORKERS: the rest's
# xdist workers (0: one process).
# (looked up when the recipe runs, not on every make: ?= is expanded where it is used)
TEST_WORKERS ?= $(if $(shell command -v chromium 2>/dev/null),1,auto)
test: $(STAMP)
	@rest_log=$$(mktemp); \
	$(PY) -m pytest -n $(TEST_WORKERS) --ignore=tests/browser -o cache_dir=.pytest_cache/rest \
		>$$rest_log 2>&1 & rest_pid=$$!; \
	echo "The browser tests; the other tests run beside them and report after (progress: $$rest_log)."; \
	$(PY) -m pytest tests/browser; browser=$$?; \
	wait $$rest_pid; rest=$$?; \
	echo; echo "The other tests:"; cat $$rest_log; rm -f $$rest_log; \
	test $$rest -eq 0 -a $$browser -eq 0

# constraints.txt pins every release the project installs, as last tested together. `make lock`
# moves the pins to the newest releases that install together: a throwaway venv gets the project
# with all its extras and only torch's pin, and its `pip freeze --all` (less pip, and torch's
# local "+cpu" label, which no public index carries) is written under the file's comments. Then
# `make test`, and commit constraints.txt with what the new releases needed.
LOCK_VENV := .venv-lock
# every extra pyproject.toml names (bench, dask, postgres, test), read only when `lock` runs
LOCK_EXTRAS = $(shell $(PYTHON) -c "import tomllib; f = open('pyproject.toml', 'rb'); \
	print(','.join(tomllib.load(f)['project']['optional-dependencies']))")
lock:
	rm -rf $(LOCK_VENV) && $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --upgrade pip
	grep '^torch==' constraints.txt > $(LOCK_VENV)/torch.txt
	$(LOCK_VENV)/bin/python -m pip install --quiet $(FIND_LINKS) -c $(LOCK_VENV)/torch.txt \
		-e '.[$(LOCK_EXTRAS)]'
	{ grep '^#' constraints.txt; $(LOCK_VENV)/bin/python -m pip freeze --all --exclude-editable \
		| grep -v '^pip==' | sed 's/+[^ ]*$$//'; } > $(LOCK_VENV)/constraints.txt
	mv $(LOCK_VENV)/constraints.txt constraints.txt && rm -rf $(LOCK_VENV)

validate: $(STAMP)
	$(PY) -m engine validate content

bench: $(STAMP)
	$(PY) benchmarks/bench_optim.py
	$(PY) benchmarks/bench_search.py
	$(PY) benchmarks/bench_practice_render.py

clean:
	rm -rf $(VENV) $(LOCK_VENV) .pytest_cache
