"""Work on many articles in worker processes, results in the order it was asked for.

Reading and composing an article is independent of every other article and costs
most of a run or a big `compose`; `OrderedPool` spreads it over `run.workers`
processes (each loads the Korean model once) or, for a handful of articles, does
it in this process. Results always come back in task order, so whoever consumes
them (the run's store and story grouping, the batch writer) decides exactly as it
would with one process. A task's function must be a module-level function taking
the process's `WorkerContext` and the task, so that it can be sent to a worker.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TypeVar

from blogwire.errors import BlogwireError, Failure, WorkerDiedError, failure
from blogwire.faults import crash_point
from blogwire.models import Post
from blogwire.pipeline import source_post
from blogwire.settings import Settings

# Below this many articles per extra process, starting workers (each ~1 s to load
# the model) costs more than it saves.
ARTICLES_PER_WORKER = 16
# `blogwire compose` reads local files, so a worker has no network waits to hide: two
# workers saved 0.3 s of 3.4 s on 200 text files (bench/speed.py), each paying ~0.5 s
# more than one process to start; below ~64 sources per extra process they lose.
SOURCES_PER_WORKER = 64
# Tasks handed out ahead of the one being waited for, per worker: enough to keep
# every worker busy, few enough that results waiting in order stay small.
_AHEAD_PER_WORKER = 4
# Seconds between a worker's checks that its parent is still alive.
_PARENT_POLL = 0.5

_T = TypeVar("_T")
_R = TypeVar("_R")


def worker_count(configured: int, articles: int, per_worker: int = ARTICLES_PER_WORKER) -> int:
    """Processes for `articles` articles: `configured` (0 = one per core) at most,
    one per `per_worker` articles when left to choose, and 1 means in-process."""
    if configured:
        return max(1, min(configured, articles))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, articles // per_worker))


class WorkerContext:
    """What a task may use in the process it runs in: the settings, the environment
    (in this process only: a worker never writes with the LLM) and whether this is a
    worker."""

    def __init__(
        self,
        settings: Settings,
        *,
        environ: Mapping[str, str] | None = None,
        in_worker: bool = False,
    ) -> None:
        self.settings = settings
        self.environ: Mapping[str, str] = environ or {}
        self.in_worker = in_worker


Work = Callable[[WorkerContext, _T], _R]


class OrderedPool:
    """Runs tasks here (`workers` <= 1) or in `workers` spawned processes."""

    def __init__(
        self,
        settings: Settings,
        workers: int,
        *,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.workers = workers
        self._local = WorkerContext(settings, environ=environ)
        self._executor: ProcessPoolExecutor | None = None
        if workers > 1:
            # spawn, not fork: the parent may hold the model, threads and an open store
            self._executor = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(settings, os.getpid()),
            )

    def __enter__(self) -> OrderedPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def map(
        self, work: Work[_T, _R], tasks: Iterable[_T], died: Callable[[_T, WorkerDiedError], _R]
    ) -> Iterator[_R]:
        """`work(context, task)` for each task, in task order. A task whose worker died
        (and every later one, once the pool is broken) gives `died(task, error)`."""
        if self._executor is None:
            for task in tasks:
                yield work(self._local, task)
            return
        executor = self._executor
        ahead: deque[tuple[_T, Future[_R]]] = deque()
        broken: WorkerDiedError | None = None
        for task in tasks:
            if broken is not None:
                yield died(task, broken)
                continue
            try:
                ahead.append((task, executor.submit(_in_worker, work, task)))
            except BrokenProcessPool as exc:
                broken = _died(exc)
                yield died(task, broken)
                continue
            if len(ahead) >= self.workers * _AHEAD_PER_WORKER:
                waited, future = ahead.popleft()
                result, broken = _result(future, waited, died)
                yield result
        while ahead:
            waited, future = ahead.popleft()
            result, broken = _result(future, waited, died)
            yield result


def _result(
    future: Future[_R], task: _T, died: Callable[[_T, WorkerDiedError], _R]
) -> tuple[_R, WorkerDiedError | None]:
    try:
        return future.result(), None
    except BrokenProcessPool as exc:
        # a worker was killed (out of memory, a signal): its tasks are not lost, only
        # not done; a run's store never saw them, so the next run reads them again
        error = _died(exc)
        return died(task, error), error


def _died(exc: BrokenProcessPool) -> WorkerDiedError:
    return WorkerDiedError(f"a worker process died ({exc})")


# -- inside a worker process ------------------------------------------------------

_context: WorkerContext | None = None


def _start_worker(settings: Settings, parent: int) -> None:
    global _context
    # Ctrl-C reaches the whole process group; the parent stops the pool, a worker
    # printing its own KeyboardInterrupt traceback would only add noise
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with(parent)  # the parent's pid, not getppid(): the parent may be gone already
    _context = WorkerContext(settings, in_worker=True)
    from blogwire.analyze.nlp import kiwi

    kiwi()  # load the model now, once, not inside the first task


def _exit_with(parent: int) -> None:
    """End this worker when the process that started it is gone: a run killed with
    SIGKILL cannot stop its pool, and an orphaned worker would wait forever holding
    its model."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_POLL)
        os._exit(1)

    threading.Thread(target=watch, name="blogwire-parent-watch", daemon=True).start()


def _in_worker(work: Work[_T, _R], task: _T) -> _R:
    assert _context is not None, "worker not started"
    return work(_context, task)


# -- `blogwire compose` of many sources ---------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceTask:
    """A file or URL named to `blogwire compose`, to be made into a post."""

    source: str
    date: dt.date | None
    categories: tuple[str, ...] | None


def compose_sources(
    settings: Settings,
    sources: Sequence[str],
    environ: Mapping[str, str],
    *,
    date: dt.date | None = None,
    categories: Sequence[str] | None = None,
) -> Iterator[tuple[str, Post | Failure]]:
    """Each source's post, or why it has none, in source order: made in `run.workers`
    processes when there are enough sources, else here. The LLM writer stays in this
    process (it holds the environment's API key and one server's attention)."""
    workers = worker_count(settings.run.workers, len(sources), SOURCES_PER_WORKER)
    if settings.writer.engine == "llm":
        workers = 1
    chosen = tuple(categories) if categories else None
    tasks = [SourceTask(source, date, chosen) for source in sources]
    with OrderedPool(settings, workers, environ=environ) as pool:
        results = pool.map(_compose_source, tasks, _source_died)
        for task, result in zip(tasks, results, strict=True):
            yield task.source, result


def _compose_source(context: WorkerContext, task: SourceTask) -> Post | Failure:
    if context.in_worker:
        crash_point("read", task.source.rsplit("/", 1)[-1])
    try:
        return source_post(
            task.source,
            context.settings,
            context.environ,
            date=task.date,
            categories=task.categories,
        )
    except BlogwireError as exc:
        return failure(task.source, exc)


def _source_died(task: SourceTask, error: WorkerDiedError) -> Failure:
    return Failure(task.source, error)
