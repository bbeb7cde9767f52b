"""Per-host pacing (blogwire.sources.pace) in the Fetcher: Retry-After holds every
request to the host, not just the refused one; a long one leaves the host alone."""

from __future__ import annotations

import threading
import time

import pytest

from blogwire.errors import SourceError
from blogwire.settings import FetchSettings
from blogwire.sources.http import Fetcher
from blogwire.sources.pace import MAX_CRAWL_DELAY, HostPace, host_of

from httpserver import Request, Route, serve

PAGE = "<html><body><p>가람시가 내년 1월부터 요금을 올린다.</p></body></html>".encode()
HTML = {"Content-Type": "text/html; charset=utf-8"}
FAST = FetchSettings(retries=1, backoff=0.01, timeout=5.0)


def test_host_of_names_the_authority() -> None:
    assert host_of("https://News.Example.com/a") == "news.example.com:443"
    assert host_of("http://news.example.com./a") == "news.example.com:80"
    assert host_of("http://127.0.0.1:8080/x") == "127.0.0.1:8080"
    assert host_of("not a url") == ""


def test_turns_are_min_interval_or_crawl_delay_apart() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(round(seconds, 3))
        now[0] += seconds

    pace = HostPace(0.5, sleep=sleep, clock=lambda: now[0])
    for _ in range(3):
        pace.wait("http://a.example/x")
    pace.wait("http://b.example/x")  # another host: its own turns
    assert slept == [0.5, 0.5]
    pace.set_crawl_delay("a.example:80", 2)
    pace.wait("http://a.example/y")
    pace.wait("http://a.example/z")
    assert slept == [0.5, 0.5, 0.5, 2.0]
    pace.set_crawl_delay("a.example:80", 10**6)
    assert pace.interval("a.example:80") == MAX_CRAWL_DELAY


def test_retry_after_holds_every_request_to_the_host() -> None:
    hits: list[tuple[str, float]] = []
    busy = {"left": 1}

    def first_busy(request: Request) -> Route:
        hits.append((request.path, time.monotonic()))
        if busy["left"]:
            busy["left"] -= 1
            return Route(status=503, headers={"Retry-After": "1"})
        return Route(PAGE, headers=HTML)

    def page(request: Request) -> Route:
        hits.append((request.path, time.monotonic()))
        return Route(PAGE, headers=HTML)

    routes = {"/a": Route(respond=first_busy), "/b": Route(respond=page)}
    pace = HostPace()
    with serve(routes) as base, Fetcher(FAST, pace=pace) as fetcher:
        first = threading.Thread(target=fetcher.fetch, args=(f"{base}/a",))
        first.start()
        # until the fetcher has read the 503 (not only until the server answered it: on a
        # loaded machine the client may not have seen the answer yet)
        while pace.ready_in(host_of(base)) < 0.5:
            time.sleep(0.01)
        fetcher.fetch(f"{base}/b")  # asked while the host said "wait 1 s"
        first.join()
    refused = hits[0][1]
    later = [t - refused for path, t in hits[1:]]
    assert [path for path, _ in hits].count("/a") == 2
    assert min(later) >= 0.95  # neither the retry nor the other page came sooner


def test_a_long_retry_after_leaves_the_host_alone_for_the_run() -> None:
    route = Route(status=503, headers={"Retry-After": "3600"})
    other = Route(PAGE, headers=HTML)
    with serve({"/a": route, "/b": other}) as base, Fetcher(FAST, pace=HostPace()) as fetcher:
        with pytest.raises(SourceError, match="retry after 3600 s"):
            fetcher.fetch(f"{base}/a")
        with pytest.raises(SourceError, match="host left alone this run"):
            fetcher.fetch(f"{base}/b")
    assert route.hits == 1 and other.hits == 0
