"""How many processes a run or a compose uses (blogwire.pool.worker_count)."""

from __future__ import annotations

import os

from blogwire.pool import ARTICLES_PER_WORKER, SOURCES_PER_WORKER, worker_count


def test_a_configured_count_is_used_but_never_more_than_the_articles() -> None:
    assert worker_count(4, 100) == 4
    assert worker_count(4, 2) == 2
    assert worker_count(1, 100) == 1
    assert worker_count(3, 0) == 1


def test_left_to_choose_a_few_articles_stay_in_this_process() -> None:
    assert worker_count(0, 0) == 1
    assert worker_count(0, ARTICLES_PER_WORKER - 1) == 1


def test_left_to_choose_many_articles_use_every_core() -> None:
    cores = len(os.sched_getaffinity(0))
    assert worker_count(0, 10_000) == cores
    assert worker_count(0, 2 * ARTICLES_PER_WORKER) == min(cores, 2)


def test_compose_needs_more_sources_per_worker_than_a_run() -> None:
    # local files leave a worker no network waits to hide behind its start-up
    assert SOURCES_PER_WORKER > ARTICLES_PER_WORKER
    assert worker_count(0, 2 * SOURCES_PER_WORKER - 1, SOURCES_PER_WORKER) == 1
    assert worker_count(0, 2 * SOURCES_PER_WORKER, SOURCES_PER_WORKER) == min(
        len(os.sched_getaffinity(0)), 2
    )
    assert worker_count(2, 3, SOURCES_PER_WORKER) == 2  # a configured count still holds
