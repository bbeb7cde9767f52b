# Benchmarks (docs/benchmarks.md): speed, start-up and memory, then scale. Under 10 minutes
# on two cores; `bench/scale.py --full` adds the 100k-article corpus (much longer).
PYTHON ?= .venv/bin/python

.PHONY: bench bench-fetch
bench:
	$(PYTHON) bench/speed.py
	$(PYTHON) bench/scale.py

# `blogwire run` against a server answering at once and after 300 ms (about 7 minutes).
bench-fetch:
	$(PYTHON) bench/fetch.py
