"""A run's fetching (blogwire.run.crawl): concurrent within fetch.concurrency and
fetch.per_host, robots.txt obeyed for article pages, a hanging host holding up only
itself, and the same posts for any concurrency. Real servers on 127.0.0.1."""

from __future__ import annotations

import dataclasses
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from blogwire.core import Blogwire
from blogwire.demo import demo_pages
from blogwire.errors import Failure
from blogwire.run.crawl import Crawl, Fetched, Skipped
from blogwire.settings import FeedConfig, FetchSettings, Settings
from blogwire.sources.http import Fetcher
from blogwire.sources.pace import HostPace
from blogwire.sources.robots import RobotsBook, agent_token
from blogwire.store import Store

from httpserver import Request, Route, closed_port_url, serve

PAGE = next(p for p in demo_pages() if p.stem == "04-society").read_bytes()
HTML = {"Content-Type": "text/html; charset=utf-8"}
FAST = FetchSettings(retries=0, backoff=0.01, timeout=5.0)


class Gauge:
    """Requests being answered at once (counted while each is held back)."""

    def __init__(self) -> None:
        self.now = 0
        self.peak = 0
        self.lock = threading.Lock()

    def slow(self, seconds: float, answer: Route) -> Callable[[Request], Route]:
        def respond(request: Request) -> Route:
            with self.lock:
                self.now += 1
                self.peak = max(self.peak, self.now)
            time.sleep(seconds)
            with self.lock:
                self.now -= 1
            return answer

        return respond


@contextmanager
def crawl(settings: FetchSettings, *, robots: bool = True) -> Iterator[Crawl]:
    pace = HostPace(settings.min_interval)
    with Fetcher(settings, pace=pace) as fetcher:
        book = RobotsBook(fetcher, agent=agent_token(settings.user_agent)) if robots else None
        yield Crawl(settings, fetcher, pace, book)


def fetch_all(c: Crawl, urls: list[str], feed_url: str) -> list[Fetched | Skipped | Failure]:
    got = dict(c.stream(urls, lambda u: u, lambda u: c.page(u, feed_url)))
    return [got[i] for i in range(len(urls))]


# --- limits --------------------------------------------------------------------------


def test_per_host_and_overall_limits_are_held() -> None:
    gauges = [Gauge() for _ in range(3)]
    with ExitStack() as stack:
        bases = []
        for gauge in gauges:
            routes = {
                f"/p{n}": Route(respond=gauge.slow(0.1, Route(PAGE, headers=HTML)))
                for n in range(12)
            }
            bases.append(stack.enter_context(serve(routes)))
        urls = [f"{base}/p{n}" for base in bases for n in range(12)]
        settings = dataclasses.replace(FAST, concurrency=5, per_host=2)
        with crawl(settings, robots=False) as c:
            totals = Gauge()
            lock = threading.Lock()

            def job(url: str) -> Fetched | Skipped | Failure:
                with lock:
                    totals.now += 1
                    totals.peak = max(totals.peak, totals.now)
                try:
                    return c.page(url, url)
                finally:
                    with lock:
                        totals.now -= 1

            results = dict(c.stream(urls, lambda u: u, job))
    assert len(results) == 36
    assert all(isinstance(r, Fetched) for r in results.values())
    assert [g.peak for g in gauges] == [2, 2, 2]  # per host: reached, never passed
    assert totals.peak == 5


def test_a_hanging_host_does_not_hold_up_the_others() -> None:
    hang = Route(PAGE, headers=HTML, delay=30)
    quick = {f"/p{n}": Route(PAGE, headers=HTML, delay=0.05) for n in range(10)}
    settings = dataclasses.replace(FAST, timeout=1.0, concurrency=4, per_host=4)
    with serve({"/hang": hang}) as slow_base, serve(quick) as base:
        urls = [f"{slow_base}/hang"] + [f"{base}/p{n}" for n in range(10)]
        with crawl(settings, robots=False) as c:
            started = time.monotonic()
            order = []
            for index, _ in c.stream(urls, lambda u: u, lambda u: c.page(u, u)):
                order.append((index, time.monotonic() - started))
    done = dict(order)
    assert max(done[i] for i in range(1, 11)) < 1.0  # all ten before the hang times out
    assert 1.0 <= done[0] < 3.0  # the hanging page gave up after its timeout
    assert [i for i, _ in order][-1] == 0


def test_min_interval_spaces_requests_to_one_host() -> None:
    route = Route(PAGE, headers=HTML)
    with serve(
        {"/robots.txt": Route(b"", status=404), "/a": route, "/b": route, "/c": route}
    ) as base:
        settings = dataclasses.replace(FAST, min_interval=0.3)
        with crawl(settings) as c:
            started = time.monotonic()
            fetch_all(c, [f"{base}/a", f"{base}/b", f"{base}/c"], base)
            elapsed = time.monotonic() - started
    # robots.txt and three pages: three gaps of 0.3 s
    assert elapsed >= 0.9 - 0.05


# --- robots.txt ----------------------------------------------------------------------

ROBOTS = b"""# a site's robots.txt
User-agent: *
Disallow: /

User-agent: blogwire
Disallow: /private/
Allow: /private/open/
"""


def _robots_site(robots: Route) -> dict[str, Route]:
    routes = {"/robots.txt": robots}
    for path in ("/news/1", "/private/2", "/private/open/3"):
        routes[path] = Route(PAGE, headers=HTML)
    return routes


def test_blogwire_is_known_to_robots_txt_by_its_product_token() -> None:
    assert agent_token(FetchSettings().user_agent) == "blogwire"
    assert agent_token("Mozilla/5.0 (compatible; otherbot/2.1; +https://x.example/bot)") == (
        "otherbot"
    )
    assert agent_token("mybot/1.0") == "mybot"


def test_robots_rules_for_blogwire_and_for_everyone_else() -> None:
    routes = _robots_site(Route(ROBOTS, headers={"Content-Type": "text/plain"}))
    with serve(routes) as base:
        urls = [f"{base}/news/1", f"{base}/private/2", f"{base}/private/open/3"]
        with crawl(FAST) as c:  # blogwire's own group: the longest match wins
            ours = fetch_all(c, urls, base)
        other = dataclasses.replace(FAST, user_agent="Mozilla/5.0 (compatible; otherbot/2.1)")
        with crawl(other) as c:  # only `*` applies: nothing
            theirs = fetch_all(c, urls, base)
    assert [type(r) for r in ours] == [Fetched, Skipped, Fetched]
    assert isinstance(ours[1], Skipped) and ours[1].reason == "disallowed by robots.txt"
    assert all(isinstance(r, Skipped) for r in theirs)
    assert routes["/robots.txt"].hits == 2  # once per run (per Crawl), not per page
    assert routes["/private/2"].hits == 0


@pytest.mark.parametrize(
    ("robots", "allowed"),
    [
        (Route(b"nothing here", status=404), True),  # missing: everything allowed
        (Route(b"", status=403), True),  # any 4xx: unavailable, allowed (RFC 9309)
        (Route(b"", status=503), False),  # 5xx: unreachable, nothing this run
    ],
)
def test_robots_missing_4xx_and_5xx(robots: Route, allowed: bool) -> None:
    routes = _robots_site(robots)
    with serve(routes) as base, crawl(FAST) as c:
        got = fetch_all(c, [f"{base}/news/1", f"{base}/private/2"], base)
    assert all(isinstance(r, Fetched if allowed else Skipped) for r in got), got
    if not allowed:
        assert all(isinstance(r, Skipped) and "unreachable" in r.reason for r in got)


def test_robots_unreachable_disallows_the_host() -> None:
    url = closed_port_url()
    with crawl(FAST) as c:
        [got] = fetch_all(c, [url], url)
    assert isinstance(got, Skipped) and "unreachable" in got.reason


def test_a_huge_robots_txt_is_read_up_to_500_kib() -> None:
    filler = b"# " + b"x" * 1000 + b"\n"
    head = b"User-agent: *\nDisallow: /private/\n" + filler * 200  # ~200 KB
    body = head + filler * 400 + b"User-agent: *\nDisallow: /news/\n"  # past 500 KiB
    assert len(body) > 500 * 1024 > len(head)
    routes = _robots_site(Route(body, headers={"Content-Type": "text/plain"}))
    small = dataclasses.replace(FAST, max_bytes=100_000)  # robots.txt is cut, never refused
    with serve(routes) as base, crawl(small) as c:
        got = fetch_all(c, [f"{base}/news/1", f"{base}/private/2"], base)
    assert [type(r) for r in got] == [Fetched, Skipped]


@pytest.mark.slow  # waits out a Crawl-delay of 1 s twice
def test_crawl_delay_spaces_a_hosts_pages() -> None:
    robots = Route(b"User-agent: *\nCrawl-delay: 1\n", headers={"Content-Type": "text/plain"})
    routes = _robots_site(robots)
    with serve(routes) as base, crawl(dataclasses.replace(FAST, per_host=4)) as c:
        started = time.monotonic()
        got = fetch_all(c, [f"{base}/news/1", f"{base}/private/2", f"{base}/private/open/3"], base)
        elapsed = time.monotonic() - started
    assert all(isinstance(r, Fetched) for r in got)
    # robots.txt, the first page as soon as its delay is known, then one a second
    assert elapsed >= 2.0 - 0.05


# --- whole runs ----------------------------------------------------------------------


def _rss(base: str, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>{p}</title><link>{base}{p}</link></item>" for p in paths)
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t'
        f"</title><link>{base}/</link>{items}</channel></rss>"
    ).encode()


def test_feeds_are_read_whatever_robots_says_and_skipped_pages_are_counted(
    tmp_path: Path,
) -> None:
    routes = {"/robots.txt": Route(b"User-agent: *\nDisallow: /\n")}
    for n in range(3):
        routes[f"/news/{n}"] = Route(PAGE, headers=HTML)
    with serve(routes) as base:
        routes["/feed.xml"] = Route(_rss(base, [f"/news/{n}" for n in range(3)]))
        settings = Settings(site_dir=tmp_path, feeds=(FeedConfig(f"{base}/feed.xml"),))
        wire = Blogwire(dataclasses.replace(settings, fetch=FAST))
        summary = wire.run()
        again = wire.run()
        hits = routes["/robots.txt"].hits
    assert routes["/feed.xml"].hits == 2  # robots.txt says Disallow: /, the feed is read
    assert summary.skipped == 3 and summary.new == 0 and not summary.failures
    assert summary.skip_reasons == (("disallowed by robots.txt", 3),)
    assert again.skipped == 3  # asked again (robots.txt may allow them one day)
    assert hits == 1  # kept in the store: the second run did not fetch robots.txt
    assert all(routes[f"/news/{n}"].hits == 0 for n in range(3))
    with Store.open(tmp_path / ".blogwire" / "blogwire.db") as store:
        assert store.counts().skipped == 3
        [reason] = {a.error for a in store.articles(state="skipped")}
        assert reason == "disallowed by robots.txt"
    assert wire.status().counts.skipped == 3


@pytest.mark.slow  # composes a post: loads the model (~3 s)
def test_a_page_robots_txt_allows_later_is_read_then(tmp_path: Path) -> None:
    rules = {"text": b"User-agent: *\nDisallow: /\n"}
    routes = {
        "/robots.txt": Route(respond=lambda _: Route(rules["text"])),
        "/news/1": Route(PAGE, headers=HTML),
    }
    with serve(routes) as base:
        routes["/feed.xml"] = Route(_rss(base, ["/news/1"]))
        settings = Settings(site_dir=tmp_path, feeds=(FeedConfig(f"{base}/feed.xml"),))
        assert Blogwire(dataclasses.replace(settings, fetch=FAST)).run().skipped == 1
        rules["text"] = b""
        polite_off = dataclasses.replace(FAST, respect_robots=False)  # or a day later
        summary = Blogwire(dataclasses.replace(settings, fetch=polite_off)).run()
    assert summary.skipped == 0 and summary.new == 1 and len(summary.posts) == 1
    with Store.open(tmp_path / ".blogwire" / "blogwire.db") as store:
        assert store.counts().skipped == 0 and store.counts().posted == 1


@pytest.mark.slow  # two whole runs with the model (~10 s)
def test_concurrency_1_and_16_write_the_same_posts_in_the_same_order(tmp_path: Path) -> None:
    pages = {p.stem: p.read_bytes() for p in demo_pages()}
    rng = random.Random(17)
    routes: dict[str, Route] = {}
    for name, body in pages.items():
        # each page answers after its own delay: with 16 at once they arrive shuffled
        routes[f"/a/{name}.html"] = Route(body, headers=HTML, delay=rng.uniform(0.0, 0.2))
    names = sorted(pages)
    with serve(routes) as base:
        routes["/a/feed.xml"] = Route(_rss(base, [f"/a/{n}.html" for n in names[:6]]))
        routes["/b/feed.xml"] = Route(_rss(base, [f"/a/{n}.html" for n in names[4:]]))
        feeds = (FeedConfig(f"{base}/a/feed.xml"), FeedConfig(f"{base}/b/feed.xml"))
        runs = []
        for concurrency in (1, 16):
            site = tmp_path / f"c{concurrency}"
            fetch = dataclasses.replace(FAST, concurrency=concurrency, per_host=concurrency)
            settings = Settings(site_dir=site, feeds=feeds, fetch=fetch)
            settings = dataclasses.replace(
                settings, run=dataclasses.replace(settings.run, workers=1)
            )
            summary = Blogwire(settings).run()
            files = {
                p.name: p.read_text(encoding="utf-8")
                for p in sorted((site / "_posts").glob("*.md"))
            }
            runs.append((summary, files))
    (one, one_files), (many, many_files) = runs
    assert len(one_files) >= 8 and one_files == many_files
    assert [(p.title, p.path, p.outlets) for p in one.posts] == [
        (p.title, p.path, p.outlets) for p in many.posts
    ]
    assert (one.new, one.seen, one.duplicates) == (many.new, many.seen, many.duplicates)
