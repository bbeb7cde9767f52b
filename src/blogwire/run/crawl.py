"""A run's fetching: feeds and article pages fetched concurrently, politely, in threads
of the main process, apart from the CPU work.

`Crawl.stream` runs a job per item in up to `fetch.concurrency` threads (a bounded
thread pool over one shared `Fetcher`: keep-alive connections, the link guard, size
cap, redirects, timeouts, retries and conditional GET hold for every request), at
most `fetch.per_host` at a time for one host, and one at a time for a host with a
Crawl-delay or with `fetch.min_interval` set (`HostPace` spaces its requests). A
thread takes the earliest item (in feed order) whose host is free and due, so a slow
or hanging host holds at most its own share of the threads and never the others'.
Results come back as they finish, through a small queue: when the CPU work cannot keep
up, fetching waits instead of piling pages up in memory. The run puts them back in
feed order (`blogwire.run.articles.read_articles`).

Article pages first pass robots.txt (`RobotsBook`, one fetch per host per run) unless
`fetch.respect_robots` is off; a page it forbids comes back as `Skipped`.
"""

from __future__ import annotations

import math
import queue
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from blogwire.errors import BlogwireError, Failure
from blogwire.models import Document
from blogwire.settings import FetchSettings
from blogwire.sources.guard import check_link
from blogwire.sources.http import Fetcher
from blogwire.sources.pace import HostPace, host_of
from blogwire.sources.robots import RobotsBook

_T = TypeVar("_T")
_R = TypeVar("_R")

# Seconds a thread waits at most before looking again for a host that became due.
_RECHECK = 0.5


@dataclass(frozen=True, slots=True)
class Skipped:
    """A page not fetched because the host's robots.txt forbids it (or is unreachable)."""

    url: str
    reason: str


@dataclass(frozen=True, slots=True)
class Fetched:
    """An article page as fetched; `document` is None for a page in a local feed's
    folder, which the worker reads itself."""

    url: str
    document: Document | None


class _Crashed(Generic[_T]):
    """An exception a job raised (a bug: jobs return their failures); re-raised in
    the thread that reads the results."""

    def __init__(self, error: BaseException) -> None:
        self.error = error


class Crawl:
    """Concurrent, polite fetching for one run, over the run's `Fetcher`."""

    def __init__(
        self,
        settings: FetchSettings,
        fetcher: Fetcher,
        pace: HostPace,
        robots: RobotsBook | None,
    ) -> None:
        self.settings = settings
        self.fetcher = fetcher
        self.pace = pace
        self.robots = robots

    def page(self, url: str, feed_url: str) -> Fetched | Skipped | Failure:
        """An article page a feed links to, if its host's robots.txt allows it."""
        if "://" not in url:
            return Fetched(url, None)
        try:
            if self.robots is not None:
                # the link guard first: a refused link is a failure with its reason, and
                # its host is not asked for a robots.txt either
                check_link(url, feed_url=feed_url, allow=self.settings.allow_private_hosts)
                rules = self.robots.rules(url, feed_url=feed_url)
                delay = rules.crawl_delay()
                if delay:
                    self.pace.set_crawl_delay(host_of(url), delay)
                if not rules.allows(url):
                    return Skipped(url, rules.why_not(url))
            return Fetched(url, self.fetcher.fetch_article(url, feed_url=feed_url))
        except BlogwireError as exc:
            return Failure(url, exc)

    def stream(
        self, items: Sequence[_T], url: Callable[[_T], str], job: Callable[[_T], _R]
    ) -> Iterator[tuple[int, _R]]:
        """(index, job(item)) for every item, as each finishes. `url(item)` names the
        URL the job fetches first (its host is what the limits count)."""
        if not items:
            return
        schedule = _Schedule(self, items, url, job)
        threads = [
            threading.Thread(target=schedule.work, name=f"blogwire-fetch-{n}", daemon=True)
            for n in range(max(1, min(self.settings.concurrency, len(items))))
        ]
        for thread in threads:
            thread.start()
        try:
            for _ in range(len(items)):
                index, result = schedule.results.get()
                if isinstance(result, _Crashed):
                    raise result.error
                yield index, result
        finally:
            schedule.stop()


class _Schedule(Generic[_T, _R]):
    def __init__(
        self,
        crawl: Crawl,
        items: Sequence[_T],
        url: Callable[[_T], str],
        job: Callable[[_T], _R],
    ) -> None:
        self.items = items
        self.job = job
        self.pace = crawl.pace
        self.per_host = max(1, crawl.settings.per_host)
        self.concurrency = max(1, crawl.settings.concurrency)
        # finished results wait here for the reader: at most one per thread
        self.results: queue.Queue[tuple[int, _R | _Crashed[_R]]] = queue.Queue(
            maxsize=max(1, self.concurrency)
        )
        self.pending: dict[str, deque[int]] = {}  # host -> its items, in order
        self.hosts: list[str] = []
        for index, item in enumerate(items):
            host = host_of(url(item)) if "://" in url(item) else ""
            self.hosts.append(host)
            self.pending.setdefault(host, deque()).append(index)
        self.active: dict[str, int] = dict.fromkeys(self.pending, 0)
        self.cond = threading.Condition()
        self.stopped = False

    def stop(self) -> None:
        with self.cond:
            self.stopped = True
            self.cond.notify_all()

    def _limit(self, host: str) -> int:
        if not host:
            return self.concurrency  # local files
        return 1 if self.pace.interval(host) > 0 else self.per_host

    def _pick(self) -> tuple[int | None, float]:
        """The earliest item whose host is free and due; else how long until one may be."""
        best: str | None = None
        soonest = math.inf
        for host, waiting in self.pending.items():
            if not waiting or self.active[host] >= self._limit(host):
                continue
            due = self.pace.ready_in(host) if host else 0.0
            if due > 0:
                soonest = min(soonest, due)
            elif best is None or waiting[0] < self.pending[best][0]:
                best = host
        if best is None:
            return None, soonest
        self.active[best] += 1
        return self.pending[best].popleft(), 0.0

    def work(self) -> None:
        while True:
            with self.cond:
                while True:
                    if self.stopped or not any(self.pending.values()):
                        return
                    index, due = self._pick()
                    if index is not None:
                        break
                    self.cond.wait(min(due, _RECHECK))
            result: _R | _Crashed[_R]
            try:
                result = self.job(self.items[index])
            except Exception as exc:  # a bug in a job; the reader re-raises it
                result = _Crashed(exc)
            finally:
                with self.cond:
                    self.active[self.hosts[index]] -= 1
                    self.cond.notify_all()
            while True:
                try:
                    self.results.put((index, result), timeout=_RECHECK)
                    break
                except queue.Full:
                    with self.cond:
                        if self.stopped:
                            return
