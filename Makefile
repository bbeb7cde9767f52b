# Benchmarks (docs/benchmarks.md): speed, start-up and memory, then scale. Under 10 minutes
# on two cores; `bench/scale.py --full` adds the 100k-article corpus (much longer).
PYTHON ?= .venv/bin/python

.PHONY: bench
bench:
	$(PYTHON) bench/speed.py
	$(PYTHON) bench/scale.py
