"""`run` with an article page that fails for a passing reason (HTTP 503): the failure
counts one attempt, later runs skip the page until its wait is over (fetch.retry_wait,
x4 after each failure), and at fetch.retry_limit attempts it is stored as failed with
the last reason and never fetched again; a success in between publishes it and clears
the count. A 404 is failed at once. Real HTTP server on 127.0.0.1, a real store file
whose clock the test moves."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from blogwire.demo import demo_pages
from blogwire.errors import ConfigError
from blogwire.models import ArticleState
from blogwire.run.runner import Runner
from blogwire.run.session import site_status
from blogwire.run.summary import RunSummary
from blogwire.settings import FeedConfig, Settings, validate
from blogwire.store import Store

from httpserver import Request, Route, serve

PAGES = {p.stem: p.read_bytes() for p in demo_pages()}
HTML = {"Content-Type": "text/html; charset=utf-8"}
START = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


def _rss(base: str, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>{p}</title><link>{base}{p}</link></item>" for p in paths)
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t'
        f"</title><link>{base}/</link>{items}</channel></rss>"
    ).encode()


class Site:
    """Two feeds on one server: A has a good page, a flaky one and a gone one; B has a
    good page. `flaky` answers `status` (503 until a test sets 200)."""

    def __init__(self, base: str, routes: dict[str, Route], root: Path) -> None:
        self.base, self.routes, self.status = base, routes, 503
        self.now = START
        feeds = (FeedConfig(f"{base}/a.xml"), FeedConfig(f"{base}/b.xml"))
        settings = Settings(site_dir=root, feeds=feeds)
        fetch = dataclasses.replace(settings.fetch, retries=0, timeout=5, retry_limit=3)
        run = dataclasses.replace(settings.run, workers=1)
        self.settings = dataclasses.replace(settings, fetch=fetch, run=run)
        self.database = root / settings.run.database
        self.database.parent.mkdir(parents=True, exist_ok=True)

    def flaky(self, request: Request) -> Route:
        if self.status == 200:
            return Route(PAGES["03-it"], headers=HTML)
        return Route(b"busy", status=self.status)

    def run(self, after: dt.timedelta) -> RunSummary:
        """One run, `after` the previous one (by the store's clock)."""
        self.now += after
        with Store.open(self.database, clock=lambda: self.now) as store:
            return Runner(self.settings, store, self.settings.site_dir).run()

    def store(self) -> Store:
        return Store.open(self.database, clock=lambda: self.now)

    def hits(self, path: str) -> int:
        return self.routes[path].hits


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    routes = {
        "/robots.txt": Route(b"", status=404),
        "/a/ok.html": Route(PAGES["04-society"], headers=HTML),
        "/a/gone.html": Route(b"", status=404),
        "/b/ok.html": Route(PAGES["05-sports"], headers=HTML),
    }
    with serve(routes) as base:
        made = Site(base, routes, tmp_path)
        routes["/a/flaky.html"] = Route(respond=made.flaky)
        routes["/a.xml"] = Route(_rss(base, ["/a/ok.html", "/a/flaky.html", "/a/gone.html"]))
        routes["/b.xml"] = Route(_rss(base, ["/b/ok.html"]))
        yield made


def _reasons(summary: RunSummary) -> list[str]:
    return sorted(f"{f.subject.rsplit('/', 1)[-1]}: {f.reason}" for f in summary.failures)


def test_a_503_waits_between_runs_and_is_given_up_at_the_limit(site: Site) -> None:
    first = site.run(dt.timedelta())
    assert len(first.posts) == 2  # the other pages of both feeds are published
    assert _reasons(first) == ["flaky.html: HTTP 503", "gone.html: HTTP 404"]
    assert first.waiting == 0
    assert site.hits("/a/flaky.html") == 1
    with site.store() as store:
        assert store.attempts(f"{site.base}/a/flaky.html") == 1
        assert store.find_article(url=f"{site.base}/a/flaky.html") is None  # not given up
    assert site_status(site.settings).waiting == 1

    early = site.run(HOUR / 2)  # the first wait is an hour
    assert site.hits("/a/flaky.html") == 1
    assert early.waiting == 1 and early.failures == () and early.new == 0

    second = site.run(HOUR / 2 + dt.timedelta(seconds=1))
    assert site.hits("/a/flaky.html") == 2
    assert _reasons(second) == ["flaky.html: HTTP 503"] and second.waiting == 0

    assert site.run(3 * HOUR).waiting == 1  # the second wait is four hours
    assert site.hits("/a/flaky.html") == 2

    third = site.run(HOUR + dt.timedelta(seconds=1))
    assert site.hits("/a/flaky.html") == 3  # the third failure: retry_limit = 3
    assert _reasons(third) == ["flaky.html: HTTP 503"]
    with site.store() as store:
        given_up = store.find_article(url=f"{site.base}/a/flaky.html")
        assert store.attempts(f"{site.base}/a/flaky.html") == 0
    assert given_up is not None and given_up.state == ArticleState.FAILED
    assert given_up.error == "gave up after 3 attempts: HTTP 503"

    later = site.run(1000 * HOUR)
    assert site.hits("/a/flaky.html") == 3  # never fetched again
    assert later.waiting == 0 and later.failures == ()
    status = site_status(site.settings)
    assert status.waiting == 0
    assert "gave up after 3 attempts: HTTP 503" in [a.error for a in status.failed]


def test_a_success_after_a_failure_publishes_and_clears_the_count(site: Site) -> None:
    site.run(dt.timedelta())
    assert site.hits("/a/flaky.html") == 1
    site.status = 200
    again = site.run(HOUR + dt.timedelta(seconds=1))
    assert site.hits("/a/flaky.html") == 2
    assert again.failures == () and again.new == 1 and len(again.posts) == 1
    with site.store() as store:
        assert store.attempts(f"{site.base}/a/flaky.html") == 0
        read = store.find_article(url=f"{site.base}/a/flaky.html")
    assert read is not None and read.state == ArticleState.POSTED
    assert site_status(site.settings).waiting == 0


def test_a_404_is_failed_at_once_and_not_fetched_again(site: Site) -> None:
    site.run(dt.timedelta())
    with site.store() as store:
        gone = store.find_article(url=f"{site.base}/a/gone.html")
        assert store.attempts(f"{site.base}/a/gone.html") == 0
    assert gone is not None and gone.state == ArticleState.FAILED and gone.error == "HTTP 404"
    site.run(dt.timedelta())  # even at once: nothing waits, it is done with
    assert site.hits("/a/gone.html") == 1


@pytest.mark.parametrize(("key", "value"), [("retry_limit", 0), ("retry_wait", -1.0)])
def test_retry_settings_are_checked(key: str, value: float) -> None:
    settings = Settings()
    bad = dataclasses.replace(settings, fetch=dataclasses.replace(settings.fetch, **{key: value}))
    with pytest.raises(ConfigError, match=rf"^setting 'fetch\.{key}' must be from"):
        validate(bad)
