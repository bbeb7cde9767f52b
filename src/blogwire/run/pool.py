"""The per-article work of `blogwire run` and `blogwire compose`, in this process or in
worker processes.

Reading an article is independent of every other article and costs most of a run:
fetch the page, extract it, analyse it with kiwipiepy, sign it for near-duplicate
search and compose its post. `ArticlePool` does that work in `run.workers` processes
(each loads the model once) or, for a handful of articles, in this process. The
run itself (the store, story grouping, publishing) stays in one process and takes
results in feed order, so its decisions do not depend on which worker is faster.

The post is composed as soon as the article is read, so nothing as large as an
analysis has to be kept (or redone) until the story is published.
"""

from __future__ import annotations

import atexit
import dataclasses
import datetime as dt
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from blogwire.analyze import analyze
from blogwire.analyze.dedupe import MinHashSignature, shingles, signature
from blogwire.compose.post import compose_post
from blogwire.errors import BlogwireError
from blogwire.extract import extract
from blogwire.models import Article, Post
from blogwire.run.faults import crash_point
from blogwire.settings import FeedConfig, PostSettings, Settings
from blogwire.sources.feeds import FeedEntry
from blogwire.sources.files import read_file
from blogwire.sources.http import Fetcher

# Tasks handed out ahead of the one being waited for, per worker: enough to keep
# every worker busy, few enough that results waiting in order stay small.
_AHEAD_PER_WORKER = 4
# Seconds between a worker's checks that its run is still alive.
_PARENT_POLL = 0.5


@dataclass(frozen=True, slots=True)
class ReadTask:
    entry: FeedEntry
    feed: FeedConfig
    today: dt.date


@dataclass(frozen=True, slots=True)
class ComposeTask:
    article: Article
    category: str | None
    today: dt.date


@dataclass(frozen=True, slots=True)
class SourceTask:
    """A file or URL named to `blogwire compose`, to be made into a post."""

    source: str
    date: dt.date | None
    categories: tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class SourceFailure:
    """Why a source gave no post: the error composing it here would have raised."""

    error: BlogwireError


@dataclass(frozen=True, slots=True)
class ComposeFailure:
    """Why an article could not become a post (it can still join a story)."""

    reason: str


@dataclass(frozen=True, slots=True)
class Prepared:
    """An article read, signed for near-duplicate search and composed."""

    entry: FeedEntry
    article: Article
    signature: MinHashSignature
    post: Post | ComposeFailure


@dataclass(frozen=True, slots=True)
class Unread:
    """An entry whose page could not be read or analysed (tried again next run)."""

    entry: FeedEntry
    reason: str


class ArticlePool:
    """Reads and composes articles; results come back in the order of the tasks."""

    def __init__(self, settings: Settings, fetcher: Fetcher | None, workers: int) -> None:
        self.workers = workers
        self._local = _Worker(settings, fetcher)
        self._executor: ProcessPoolExecutor | None = None
        if workers > 1:
            # spawn, not fork: the parent may hold the model, threads and an open store
            self._executor = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(settings, os.getpid()),
            )

    def __enter__(self) -> ArticlePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def read(self, tasks: Iterable[ReadTask]) -> Iterator[Prepared | Unread]:
        def died(task: ReadTask, reason: str) -> Unread:
            return Unread(task.entry, reason)

        return self._map(_read_in_worker, self._local.read, tasks, died)

    def compose(self, tasks: Iterable[ComposeTask]) -> Iterator[Post | ComposeFailure]:
        def died(task: ComposeTask, reason: str) -> ComposeFailure:
            return ComposeFailure(reason)

        return self._map(_compose_in_worker, self._local.compose, tasks, died)

    def compose_sources(self, tasks: Iterable[SourceTask]) -> Iterator[Post | SourceFailure]:
        def died(task: SourceTask, reason: str) -> SourceFailure:
            return SourceFailure(BlogwireError(reason, subject=task.source))

        return self._map(_compose_source_in_worker, self._local.compose_source, tasks, died)

    def _map(
        self,
        remote: Callable[[_T], _R],
        local: Callable[[_T], _R],
        tasks: Iterable[_T],
        died: Callable[[_T, str], _R],
    ) -> Iterator[_R]:
        if self._executor is None:
            for task in tasks:
                yield local(task)
            return
        executor = self._executor
        ahead: deque[tuple[_T, Future[_R]]] = deque()
        broken: str | None = None
        for task in tasks:
            if broken is not None:
                yield died(task, broken)
                continue
            try:
                ahead.append((task, executor.submit(remote, task)))
            except BrokenProcessPool as exc:
                broken = _broken(exc)
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


_T = TypeVar("_T")
_R = TypeVar("_R")


def _result(future: Future[_R], task: _T, died: Callable[[_T, str], _R]) -> tuple[_R, str | None]:
    try:
        return future.result(), None
    except BrokenProcessPool as exc:
        # a worker was killed (out of memory, a signal): its tasks are not lost, only
        # unread this run; the store never saw them, so the next run reads them again
        reason = _broken(exc)
        return died(task, reason), reason


def _broken(exc: BrokenProcessPool) -> str:
    return f"a worker process died ({exc})"


class _Worker:
    """The work itself, with the settings and HTTP client of one process."""

    def __init__(self, settings: Settings, fetcher: Fetcher | None) -> None:
        self.settings = settings
        self.fetcher = fetcher  # None where only files are composed (`blogwire compose`)

    def read(self, task: ReadTask) -> Prepared | Unread:
        try:
            article = self._load(task.entry, task.feed)
            analysis = analyze(article)
            sig = signature(shingles(analysis.sentences))
        except BlogwireError as exc:
            return Unread(task.entry, exc.message)
        post: Post | ComposeFailure
        try:
            post = compose_post(
                analysis,
                self.settings.post,
                categories=(task.feed.category,) if task.feed.category else None,
                today=task.today,
            )
        except BlogwireError as exc:
            post = ComposeFailure(exc.message)
        return Prepared(task.entry, article, sig, post)

    def compose(self, task: ComposeTask) -> Post | ComposeFailure:
        return compose_article(task, self.settings.post)

    def compose_source(self, task: SourceTask) -> Post | SourceFailure:
        # the facade's own compose, so a worker makes exactly the post this process would
        from blogwire.facade import Blogwire

        try:
            return Blogwire(self.settings).compose(
                task.source, date=task.date, categories=task.categories
            )
        except BlogwireError as exc:
            return SourceFailure(exc)

    def _load(self, entry: FeedEntry, feed: FeedConfig) -> Article:
        if "://" in entry.url:
            if self.fetcher is None:
                raise BlogwireError("no HTTP client to fetch the page", subject=entry.url)
            document = self.fetcher.fetch_article(entry.url, feed_url=feed.url)
        else:
            page = local_page(entry.url, feed.url, self.settings.site_dir)
            document = read_file(page, self.settings.fetch)
        article = extract(document)
        if entry.image:  # the feed's media:content/thumbnail/enclosure, then og:image
            article = dataclasses.replace(article, image=entry.image)
        if article.published is None and entry.published:
            article = dataclasses.replace(article, published=entry.published)
        return article


def compose_article(task: ComposeTask, settings: PostSettings) -> Post | ComposeFailure:
    """The post of one stored article, or why it cannot be composed."""
    try:
        return compose_post(
            analyze(task.article),
            settings,
            categories=(task.category,) if task.category else None,
            today=task.today,
        )
    except BlogwireError as exc:
        return ComposeFailure(exc.message)


def local_page(link: str, feed_url: str, site_dir: Path) -> Path:
    """A relative link in a local feed names a file beside the feed, never outside it."""
    folder = (site_dir / feed_url).resolve().parent
    page = (folder / link).resolve()
    if not page.is_relative_to(folder):
        raise BlogwireError("link leaves the feed's folder", subject=link)
    return page


# -- inside a worker process ------------------------------------------------------

_worker: _Worker | None = None


def _start_worker(settings: Settings, run_pid: int) -> None:
    global _worker
    # Ctrl-C reaches the whole process group; the parent stops the pool, a worker
    # printing its own KeyboardInterrupt traceback would only add noise
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with(run_pid)  # the run's pid, not getppid(): the run may be gone already
    fetcher = Fetcher(settings.fetch)
    atexit.register(fetcher.close)
    _worker = _Worker(settings, fetcher)
    from blogwire.analyze.nlp import kiwi

    kiwi()  # load the model now, once, not inside the first task


def _exit_with(parent: int) -> None:
    """End this worker when the run that started it is gone: a run killed with SIGKILL
    cannot stop its pool, and an orphaned worker would wait forever holding its model."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_POLL)
        os._exit(1)

    threading.Thread(target=watch, name="blogwire-parent-watch", daemon=True).start()


def _read_in_worker(task: ReadTask) -> Prepared | Unread:
    assert _worker is not None, "worker not started"
    crash_point("read", task.entry.url.rsplit("/", 1)[-1])
    return _worker.read(task)


def _compose_in_worker(task: ComposeTask) -> Post | ComposeFailure:
    assert _worker is not None, "worker not started"
    return _worker.compose(task)


def _compose_source_in_worker(task: SourceTask) -> Post | SourceFailure:
    assert _worker is not None, "worker not started"
    crash_point("read", task.source.rsplit("/", 1)[-1])
    return _worker.compose_source(task)
