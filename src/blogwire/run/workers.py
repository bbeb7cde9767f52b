"""How many processes read and compose articles: a module of its own, so choosing costs
no import of the pool (httpx, feedparser) when the answer is "this process"."""

from __future__ import annotations

import os

# Below this many articles per extra process, starting workers (each ~1 s to load
# the model) costs more than it saves.
ARTICLES_PER_WORKER = 16
# `blogwire compose` reads local files, so a worker has no network waits to hide: two
# workers saved 0.3 s of 3.4 s on 200 text files (bench/speed.py), each paying ~0.5 s
# more than one process to start; below ~64 sources per extra process they lose.
SOURCES_PER_WORKER = 64


def worker_count(configured: int, articles: int, per_worker: int = ARTICLES_PER_WORKER) -> int:
    """Processes for `articles` articles: `configured` (0 = one per core) at most,
    one per `per_worker` articles when left to choose, and 1 means in-process."""
    if configured:
        return max(1, min(configured, articles))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, articles // per_worker))
