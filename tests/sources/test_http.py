"""HTTP fetching over a real server on 127.0.0.1: retries, conditional GET, the link guard."""

from __future__ import annotations

import socket
from collections.abc import Callable

import pytest

from blogwire.errors import SourceError
from blogwire.settings import FetchSettings
from blogwire.sources import Fetcher, check_link, fetch_article, fetch_conditional, fetch_url
from blogwire.sources.guard import non_public_kind

from httpserver import Request, Route, closed_port_url, serve

PAGE = "<html><body><p>가람시가 요금을 올린다.</p></body></html>".encode()
HTML = {"Content-Type": "text/html; charset=utf-8"}
FAST = FetchSettings(timeout=2, retries=2, backoff=0.01)


def sequence(*routes: Route) -> Callable[[Request], Route]:
    """Answer the n-th request with the n-th route, then repeat the last."""
    answers = list(routes)

    def respond(request: Request) -> Route:
        return answers.pop(0) if len(answers) > 1 else answers[0]

    return respond


def recorder() -> tuple[list[float], Callable[[float], None]]:
    waits: list[float] = []
    return waits, waits.append


def localhost(base: str) -> str:
    """The same server under another host name: a stranger's feed host, for the guard."""
    return base.replace("127.0.0.1", "localhost")


# --- fetching and retries ------------------------------------------------------


def test_fetcher_reuses_one_connection_and_sends_browser_headers() -> None:
    route = Route(PAGE, headers=HTML)
    settings = FetchSettings(user_agent="Mozilla/5.0 (X11; Linux x86_64) test-agent")
    with serve({"/a": route}) as base, Fetcher(settings) as fetcher:
        first = fetcher.fetch(f"{base}/a")
        fetcher.fetch(f"{base}/a")
    assert "요금을 올린다" in first.text
    assert route.hits == 2
    assert route.requests[0].client_port == route.requests[1].client_port
    assert route.requests[0].header("user-agent") == settings.user_agent
    assert route.requests[0].header("accept-language").startswith("ko-KR")


def test_5xx_is_retried_with_doubling_backoff_then_succeeds() -> None:
    route = Route(respond=sequence(Route(status=503), Route(status=502), Route(PAGE, headers=HTML)))
    waits, sleep = recorder()
    settings = FetchSettings(retries=2, backoff=0.25)
    with serve({"/a": route}) as base, Fetcher(settings, sleep=sleep) as fetcher:
        doc = fetcher.fetch(f"{base}/a")
    assert "요금" in doc.text
    assert route.hits == 3
    assert waits == [0.25, 0.5]


def test_500_gives_up_after_the_retries_and_names_the_url() -> None:
    route = Route(b"oops", status=500)
    with serve({"/a": route}) as base, pytest.raises(SourceError) as info:
        fetch_url(f"{base}/a", FAST)
    assert route.hits == FAST.retries + 1
    assert str(info.value) == f"{base}/a: HTTP 500 after 3 attempts"


def test_404_is_not_retried() -> None:
    route = Route(b"gone", status=404)
    with serve({"/a": route}) as base, pytest.raises(SourceError, match="HTTP 404"):
        fetch_url(f"{base}/a", FAST)
    assert route.hits == 1


def test_429_waits_as_long_as_retry_after_asks() -> None:
    busy = Route(status=429, headers={"Retry-After": "3"})
    route = Route(respond=sequence(busy, Route(PAGE, headers=HTML)))
    waits, sleep = recorder()
    with serve({"/a": route}) as base, Fetcher(FAST, sleep=sleep) as fetcher:
        fetcher.fetch(f"{base}/a")
    assert waits == [3.0]
    assert route.hits == 2


def test_a_long_retry_after_is_not_waited_for() -> None:
    route = Route(status=503, headers={"Retry-After": "120"})
    waits, sleep = recorder()
    with (
        serve({"/a": route}) as base,
        Fetcher(FAST, sleep=sleep) as fetcher,
        pytest.raises(SourceError, match="retry after 120 s"),
    ):
        fetcher.fetch(f"{base}/a")
    assert waits == []
    assert route.hits == 1


def test_slow_response_times_out_after_retrying() -> None:
    route = Route(PAGE, headers=HTML, delay=3)
    settings = FetchSettings(timeout=0.3, retries=1, backoff=0.01)
    with serve({"/slow": route}) as base, pytest.raises(SourceError) as info:
        fetch_url(f"{base}/slow", settings)
    assert "timed out after 0.3 s" in str(info.value)
    assert str(info.value).startswith(f"{base}/slow")
    assert route.hits == 2


def test_slow_drip_body_hits_the_total_deadline() -> None:
    # Each piece comes well within the read timeout; the whole takes too long.
    route = Route(PAGE * 40, headers=HTML, drip=0.1)
    settings = FetchSettings(timeout=0.5, retries=2, backoff=0.01)
    with serve({"/drip": route}) as base, pytest.raises(SourceError) as info:
        fetch_url(f"{base}/drip", settings)
    assert info.value.message == "timed out: the page took over 1.5 s to arrive"
    assert route.hits == 1  # a tarpit is not worth retrying


def test_refused_connection_is_retried() -> None:
    waits, sleep = recorder()
    with Fetcher(FAST, sleep=sleep) as fetcher, pytest.raises(SourceError, match="cannot fetch"):
        fetcher.fetch(closed_port_url())
    assert waits == [0.01, 0.02]


# --- conditional GET -----------------------------------------------------------


def validated(etag: str, modified: str) -> Route:
    def respond(request: Request) -> Route:
        if (
            request.header("if-none-match") == etag
            or request.header("if-modified-since") == modified
        ):
            return Route(status=304, headers={"ETag": etag})
        return Route(PAGE, headers={**HTML, "ETag": etag, "Last-Modified": modified})

    return Route(respond=respond)


def test_conditional_get_returns_not_modified_on_304() -> None:
    modified = "Thu, 19 Nov 2026 06:40:00 GMT"
    route = validated('"v1"', modified)
    with serve({"/feed": route}) as base:
        first = fetch_conditional(f"{base}/feed", FAST, etag=None, last_modified=None)
        second = fetch_conditional(
            f"{base}/feed", FAST, etag=first.etag, last_modified=first.last_modified
        )
        by_date = fetch_conditional(f"{base}/feed", FAST, etag=None, last_modified=modified)
    assert first.status == 200 and not first.not_modified
    assert first.document is not None and "요금" in first.document.text
    assert (first.etag, first.last_modified) == ('"v1"', modified)
    assert route.requests[1].header("if-none-match") == '"v1"'
    assert second.not_modified and second.document is None and second.status == 304
    assert by_date.not_modified and route.requests[2].header("if-none-match") is None


def test_304_without_validators_keeps_the_callers_own() -> None:
    route = Route(status=304)
    with serve({"/feed": route}) as base:
        result = fetch_conditional(f"{base}/feed", FAST, etag='"old"', last_modified="yesterday")
    assert result.not_modified
    assert (result.etag, result.last_modified) == ('"old"', "yesterday")


# --- the link guard --------------------------------------------------------------

STRANGER = "https://news.example/rss"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "'file:' links are refused"),
        ("javascript:alert(1)", "'javascript:' links are refused"),
        ("data:text/html,<p>hi</p>", "'data:' links are refused"),
        ("ftp://files.example/a.txt", "'ftp:' links are refused"),
        ("/relative/only", "without a scheme"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[fe80::1]/", "link-local"),
        ("http://127.0.0.1:8080/admin", "loopback"),
        ("http://[::1]/", "loopback"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://10.0.0.5/", "private"),
        ("http://172.16.3.4/", "private"),
        ("https://192.168.0.1/router", "private"),
        ("http://[fc00::1]/", "private"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://224.0.0.1/", "multicast"),
        ("http://100.64.0.1/", "non-public"),
    ],
)
def test_guard_refuses_internal_and_non_web_links(url: str, reason: str) -> None:
    with pytest.raises(SourceError) as info:
        check_link(url, feed_url=STRANGER, allow=())
    assert info.value.subject == url
    assert reason in info.value.message


def fake_dns(table: dict[str, list[str]]) -> Callable[..., list[tuple[object, ...]]]:
    def getaddrinfo(
        host: str, port: int, *args: object, **kwargs: object
    ) -> list[tuple[object, ...]]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in table[host]]

    return getaddrinfo


def test_guard_checks_every_address_a_name_resolves_to(monkeypatch: pytest.MonkeyPatch) -> None:
    table = {
        "news.example": ["93.184.216.34"],
        "intranet.example": ["10.1.2.3"],
        "mixed.example": ["93.184.216.34", "192.168.1.20"],
    }
    monkeypatch.setattr(socket, "getaddrinfo", fake_dns(table))
    check_link("https://news.example/article/1", feed_url=STRANGER, allow=())
    with pytest.raises(SourceError, match="private address"):
        check_link("http://intranet.example/wiki", feed_url=STRANGER, allow=())
    with pytest.raises(SourceError, match=r"private address \(192\.168\.1\.20\)"):
        check_link("http://mixed.example/", feed_url=STRANGER, allow=())
    with pytest.raises(SourceError, match=r"cannot resolve host nowhere\.example"):
        check_link("http://nowhere.example/", feed_url=STRANGER, allow=())
    # Reading a feed offline checks literal addresses only.
    check_link("http://nowhere.example/", feed_url=STRANGER, allow=(), resolve=False)
    with pytest.raises(SourceError, match="loopback"):
        check_link("http://127.0.0.1/", feed_url=STRANGER, allow=(), resolve=False)


def test_guard_exempts_the_feeds_own_host_and_allowed_hosts() -> None:
    own = "http://localhost:8000/feed.xml"
    check_link("http://localhost:9000/page", feed_url=own, allow=())
    check_link("http://LOCALHOST./page", feed_url=own, allow=())
    with pytest.raises(SourceError, match="loopback"):
        check_link("http://127.0.0.1:8000/page", feed_url=own, allow=())
    check_link("http://127.0.0.1:8000/page", feed_url=own, allow=("127.0.0.1",))
    # A local file feed has no host of its own to exempt.
    with pytest.raises(SourceError, match="loopback"):
        check_link("http://127.0.0.1/page", feed_url="/home/me/site/feed.xml", allow=())
    with pytest.raises(SourceError, match="'file:' links"):
        check_link("file:///etc/passwd", feed_url="/home/me/feed.xml", allow=("127.0.0.1",))


def test_public_addresses_pass_the_guard() -> None:
    import ipaddress

    assert non_public_kind(ipaddress.ip_address("8.8.8.8")) is None
    assert non_public_kind(ipaddress.ip_address("2606:4700::1111")) is None


# --- fetching an article a feed linked to -------------------------------------


def test_article_on_the_feeds_own_host_is_fetched() -> None:
    with serve({"/a": Route(PAGE, headers=HTML)}) as base:
        doc = fetch_article(f"{localhost(base)}/a", FAST, feed_url=f"{localhost(base)}/feed")
    assert "요금" in doc.text
    assert doc.url == f"{localhost(base)}/a"


def test_article_on_another_internal_host_is_never_requested() -> None:
    route = Route(PAGE, headers=HTML)
    with serve({"/a": route}) as base, pytest.raises(SourceError, match="loopback"):
        fetch_article(f"{base}/a", FAST, feed_url=f"{localhost(base)}/feed")
    assert route.hits == 0


def test_redirect_to_an_internal_host_is_refused_before_connecting() -> None:
    secret = Route(b"<p>internal admin page</p>", headers=HTML)
    routes = {"/secret": secret}
    with serve(routes) as base:
        # The stranger's feed and article live on "localhost"; the hop goes to "127.0.0.1".
        routes["/jump"] = Route(status=302, headers={"Location": f"{base}/secret"})
        article, feed = f"{localhost(base)}/jump", f"{localhost(base)}/feed"
        with pytest.raises(SourceError) as info:
            fetch_article(article, FAST, feed_url=feed)
        hits_when_refused = secret.hits
        allowed = FetchSettings(timeout=2, allow_private_hosts=("127.0.0.1",))
        doc = fetch_article(article, allowed, feed_url=feed)
    assert info.value.subject == article
    assert info.value.message.startswith(f"redirected to {base}/secret: refused")
    assert hits_when_refused == 0
    assert "internal admin page" in doc.text and doc.url == f"{base}/secret"


def test_relative_redirect_on_the_same_host_is_followed() -> None:
    routes = {
        "/old": Route(status=301, headers={"Location": "/news/1"}),
        "/news/1": Route(PAGE, headers=HTML),
    }
    with serve(routes) as base:
        doc = fetch_article(f"{localhost(base)}/old", FAST, feed_url=f"{localhost(base)}/rss")
    assert doc.origin == f"{localhost(base)}/old"
    assert doc.url == f"{localhost(base)}/news/1"


def test_redirect_loop_stops_at_max_redirects() -> None:
    loop = Route(status=302, headers={"Location": "/loop"})
    settings = FetchSettings(timeout=2, max_redirects=3)
    with serve({"/loop": loop}) as base, pytest.raises(SourceError) as info:
        fetch_article(f"{localhost(base)}/loop", settings, feed_url=f"{localhost(base)}/rss")
    assert str(info.value) == f"{localhost(base)}/loop: too many redirects"
    assert loop.hits == settings.max_redirects + 1
