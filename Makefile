# Developer entry points. The venv is built once and rebuilt only when pyproject.toml changes
# (the stamp file .venv/.installed), so `make test` stays fast on re-runs.

PYTHON ?= $(shell command -v python3.11 >/dev/null 2>&1 && echo python3.11 || echo python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: venv demo serve test stress stress-input stress-runtime audit bench bench-profile bench-quality bench-grouping train bench-api bench-export bench-warc bench-dask bench-scale bench-neardup screenshots lint clean

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -U pip
	$(BIN)/pip install -e '.[dev,dask,postgres]'
	touch $@

# The bench extra (the spaCy yardstick model) is kept out of the everyday venv install.
$(VENV)/.installed-bench: $(VENV)/.installed
	$(BIN)/pip install -e '.[bench]'
	touch $@

demo: venv
	rm -f demo.db demo.db-wal demo.db-shm
	$(BIN)/casus ingest examples --db demo.db
	$(BIN)/casus incidents --db demo.db

serve: demo
	$(BIN)/casus serve --db demo.db

test: venv
	$(BIN)/pytest

# The generated malformed inputs (5,000) and property tests (ten times the examples), bounded in time.
stress-input: venv
	CASUS_STRESS=1 timeout 900 $(BIN)/pytest tests/reliability/test_input_malformed.py tests/reliability/test_properties_parsers.py

# Known vulnerabilities in the pinned dependencies and the installed venv (pip-audit); see scripts/audit.py.
audit: venv
	$(BIN)/python scripts/audit.py

# Speed on a mix of real paragraphs (../shared/corpus) and generated articles; see bench/speed.py.
bench: venv $(VENV)/.installed-bench
	$(BIN)/python bench/speed.py

# The same, then casus once more under cProfile: the top functions, the stats in bench/out/.
bench-profile: venv $(VENV)/.installed-bench
	mkdir -p bench/out
	$(BIN)/python bench/speed.py --profile bench/out/casus.prof

# Extraction and grouping scores per shared corpus; NAME=dev2 ERRORS=1 for one set's errors.
bench-quality: venv
	$(BIN)/python bench/quality.py $(if $(NAME),--set $(NAME)) $(if $(ERRORS),--show-errors)

# Grouping alone: B-cubed precision, recall and F1 of incidents' source sets against each key.
bench-grouping: venv
	$(BIN)/python bench/grouping.py

# The pairwise grouping decision: logistic regression on the keys' pairs, cross-validated against
# the shipped weights (add ARGS=--write to replace src/casus/resolve/weights.json).
train: venv
	$(BIN)/python bench/train_grouping.py $(ARGS)

# API latency on 100,000 generated documents, on SQLite and on a throwaway PostgreSQL server.
bench-api: venv
	$(BIN)/python bench/api_latency.py

# Export time and size per format on 10,000 generated incidents; stix2-validator on the examples.
bench-export: venv
	$(BIN)/python bench/export_speed.py --import

# WARC reading: raw, prefiltered, the full reader and end-to-end ingest on a generated crawl of
# about 200 MB in a temporary folder, deleted afterwards (ARGS=--scale 10 for about 2 GB).
bench-warc: venv $(VENV)/.installed-bench
	$(BIN)/python bench/warc_speed.py $(ARGS)

# Ingest on Dask: one process, one worker, two workers on the same documents; the speed-up of
# 2 workers over 1 (ARGS=--postgres for stores on a throwaway PostgreSQL server, ARGS=--docs N).
bench-dask: venv
	$(BIN)/python bench/dask_speed.py $(ARGS)

# Near-copy detection: precision and recall on built copies, near-copies and non-copies
# (ARGS=--threshold 0.6 to try another similarity threshold).
bench-neardup: venv
	$(BIN)/python bench/neardup.py $(ARGS)

# Reliability at run time (figures in RELIABILITY.md): ingests killed with SIGKILL 40 times per back
# end, two ingesters and a server on one store, then 60 s of concurrent requests. Each step is bounded.
stress-runtime: venv
	CASUS_STRESS=1 timeout 1500 $(BIN)/pytest -q -s tests/reliability/test_crash.py tests/reliability/test_concurrency.py
	timeout 600 $(BIN)/python bench/load.py --seconds 60

stress: stress-input stress-runtime

# Per-1,000-document ingest cost as one incident grows to thousands of reports (DOCS=100000 for
# the long run; ARGS=--postgres on a throwaway PostgreSQL server).
bench-scale: venv
	$(BIN)/python bench/scale.py --docs $(or $(DOCS),10000) $(ARGS)

screenshots: venv
	$(BIN)/python scripts/screenshots.py

lint: venv
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

clean:
	rm -rf $(VENV) build dist src/*.egg-info bench/out .pytest_cache .ruff_cache .hypothesis
	rm -f demo.db demo.db-wal demo.db-shm
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
