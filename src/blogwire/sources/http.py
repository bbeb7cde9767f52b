"""Fetch URLs with httpx: retries, size cap, redirect limit, conditional GET, charset detection.

A `Fetcher` holds one `httpx.Client` so a batch (a feed run, a compose of many
URLs) reuses connections; the module-level functions are one-shot wrappers.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urljoin

import httpx

from blogwire.errors import SourceError
from blogwire.models import Document
from blogwire.settings import FetchSettings
from blogwire.sources.charset import binary_kind, decode
from blogwire.sources.guard import check_link
from blogwire.sources.pace import HostPace

PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
FEED_ACCEPT = (
    "application/rss+xml,application/atom+xml,application/rdf+xml;q=0.9,"
    "application/xml;q=0.8,text/xml;q=0.8,*/*;q=0.5"
)
# Korean outlets serve a different (often mobile or English) page without it.
ACCEPT_LANGUAGE = "ko-KR,ko;q=0.9,en-US;q=0.6,en;q=0.4"
MAX_RETRY_AFTER = 10.0  # seconds; a server asking for longer is retried on the next run
# RFC 9309: a crawler must read at least the first 500 KiB of a robots.txt; the rest
# may be ignored (the file is cut there, not refused).
ROBOTS_MAX_BYTES = 500 * 1024
# httpx's timeout bounds each read, not the whole body: a server dripping a byte at
# a time would hold a run forever. A body gets this many timeouts in total.
BODY_TIMEOUTS = 3

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# A connection that failed or stalled may work a moment later; a bad URL never will.
_RETRYABLE_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._\-]+)["']""")


@dataclass(frozen=True, slots=True)
class FetchResult:
    """The answer to a conditional GET: a document, or word that nothing changed."""

    document: Document | None  # None only when not_modified
    not_modified: bool
    etag: str | None
    last_modified: str | None
    status: int


@dataclass(frozen=True, slots=True)
class _Response:
    url: str  # after any redirects httpx followed
    status: int
    headers: httpx.Headers
    body: bytes


class Fetcher:
    """One HTTP client for a batch. Use as a context manager. Thread-safe: a run's
    concurrent fetches share it, and with it its connections (keep-alive) and, with a
    `pace`, each host's turns (blogwire.sources.pace)."""

    def __init__(
        self,
        settings: FetchSettings,
        *,
        sleep: Callable[[float], None] = time.sleep,
        pace: HostPace | None = None,
    ) -> None:
        self.settings = settings
        self._sleep = sleep
        self._pace = pace
        keep = max(20, settings.concurrency)  # one idle connection per concurrent fetch
        self._client = httpx.Client(
            http2=True,  # where a server offers it (TLS ALPN); plain http stays HTTP/1.1
            max_redirects=settings.max_redirects,
            timeout=settings.timeout,
            headers={"User-Agent": settings.user_agent, "Accept-Language": ACCEPT_LANGUAGE},
            limits=httpx.Limits(max_connections=max(100, keep), max_keepalive_connections=keep),
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(self, url: str) -> Document:
        """A URL the user named: redirects are followed without the link guard."""
        response = self._get(url, {"Accept": PAGE_ACCEPT}, follow=True, subject=url)
        return _document(url, response)

    def fetch_conditional(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        headers = {"Accept": FEED_ACCEPT}
        # a validator stored before they were checked may not fit in a header: ignored
        etag, last_modified = _validator(etag), _validator(last_modified)
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        # The user named the feed, not where it redirects to: a hop to another
        # host must pass the link guard, as an article link would.
        response = self._follow(url, headers, feed_url=url)
        # A 304 may omit the validators; the caller's ones stay valid then.
        # A server's validator is kept only if it can be sent back as a header.
        new_etag = _validator(response.headers.get("etag")) or (
            etag if response.status == 304 else None
        )
        new_modified = _validator(response.headers.get("last-modified")) or (
            last_modified if response.status == 304 else None
        )
        if response.status == 304:
            return FetchResult(None, True, new_etag, new_modified, 304)
        return FetchResult(_document(url, response), False, new_etag, new_modified, response.status)

    def fetch_article(self, url: str, *, feed_url: str) -> Document:
        """A link a feed gave us: it and every redirect hop must pass the link guard."""
        check_link(url, feed_url=feed_url, allow=self.settings.allow_private_hosts)
        return _document(url, self._follow(url, {"Accept": PAGE_ACCEPT}, feed_url=feed_url))

    def fetch_robots(self, url: str, *, feed_url: str) -> tuple[int, bytes]:
        """A host's robots.txt, through the link guard like the pages it governs: its
        HTTP status and (for a 2xx) its first ROBOTS_MAX_BYTES. A 4xx is an answer
        (no rules), not an error; a 5xx or a network failure raises SourceError."""
        check_link(url, feed_url=feed_url, allow=self.settings.allow_private_hosts)
        response = self._follow(
            url, {"Accept": "text/plain,*/*;q=0.5"}, feed_url=feed_url, robots=True
        )
        return response.status, response.body

    def _follow(
        self, url: str, headers: dict[str, str], *, feed_url: str, robots: bool = False
    ) -> _Response:
        # Redirects by hand: httpx would connect to a hop before we could check it.
        current = url
        for _ in range(self.settings.max_redirects + 1):
            response = self._get(current, headers, follow=False, subject=url, robots=robots)
            location = response.headers.get("location")
            if response.status not in _REDIRECTS or not location:
                return response
            target = urljoin(current, location)
            try:
                check_link(target, feed_url=feed_url, allow=self.settings.allow_private_hosts)
            except SourceError as exc:
                raise SourceError(f"redirected to {target}: {exc.message}", subject=url) from exc
            current = target
        raise SourceError("too many redirects", subject=url)

    def _get(
        self,
        url: str,
        headers: dict[str, str],
        *,
        follow: bool,
        subject: str,
        robots: bool = False,
    ) -> _Response:
        """GET with retries; errors name `subject`, the URL the caller was given. With
        `robots`, a 4xx is returned (no body) and a long body is cut, not refused."""
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            wait = self.settings.backoff * 2**attempt
            if self._pace is not None:
                self._pace.wait(url)  # the host's turn: min_interval, Crawl-delay, Retry-After
            try:
                request = self._client.build_request("GET", url, headers=headers)
                response = self._client.send(request, stream=True, follow_redirects=follow)
            except httpx.TooManyRedirects as exc:
                raise SourceError("too many redirects", subject=subject) from exc
            except _RETRYABLE_ERRORS as exc:
                if last:
                    raise _transport_error(exc, subject, self.settings, attempts) from exc
                self._sleep(wait)
                continue
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                raise SourceError(f"cannot fetch: {exc}", subject=subject) from exc
            try:
                status = response.status_code
                if status == 429 or status >= 500:
                    delay = _retry_after(response.headers.get("retry-after"))
                    if delay is not None and delay > MAX_RETRY_AFTER:
                        why = f"HTTP {status}, asked to retry after {delay:.0f} s"
                        if self._pace is not None:  # the whole host asked for the pause
                            self._pace.rest(url, f"{why} (host left alone this run)")
                        raise SourceError(why, subject=subject)
                    if last:
                        tries = f" after {attempts} attempts" if attempts > 1 else ""
                        raise SourceError(f"HTTP {status}{tries}", subject=subject)
                    if delay is not None and self._pace is not None:
                        self._pace.defer(url, delay)  # every request to the host waits
                    else:
                        self._sleep(wait if delay is None else delay)
                    continue
                if status >= 400 and not robots:
                    # 404 and 410 say the page is not there: a run records the entry as
                    # failed at once. Any other 4xx may pass (a 403 is often a firewall
                    # or rate limit that lifts, a 401 a login wall that may drop): the
                    # run retries it with backoff, and fetch.retry_limit bounds that.
                    gone = status in (404, 410)
                    raise SourceError(f"HTTP {status}", subject=subject, permanent=gone)
                skip = status == 304 or status >= 400 or (not follow and status in _REDIRECTS)
                cut = ROBOTS_MAX_BYTES if robots else None
                body = b"" if skip else _read_capped(response, self.settings, subject, cut=cut)
                return _Response(str(response.url), status, response.headers, body)
            except httpx.DecodingError as exc:  # e.g. "gzip" over a body that is not
                raise SourceError(
                    f"the body is not what its Content-Encoding says ({exc})", subject=subject
                ) from exc
            except _RETRYABLE_ERRORS as exc:  # the body stalled or broke off mid-read
                if last:
                    raise _transport_error(exc, subject, self.settings, attempts) from exc
                self._sleep(wait)
            finally:
                response.close()
        raise AssertionError("unreachable: the last attempt returns or raises")


def fetch_url(url: str, settings: FetchSettings) -> Document:
    with Fetcher(settings) as fetcher:
        return fetcher.fetch(url)


def fetch_conditional(
    url: str, settings: FetchSettings, *, etag: str | None, last_modified: str | None
) -> FetchResult:
    with Fetcher(settings) as fetcher:
        return fetcher.fetch_conditional(url, etag=etag, last_modified=last_modified)


def fetch_article(url: str, settings: FetchSettings, *, feed_url: str) -> Document:
    with Fetcher(settings) as fetcher:
        return fetcher.fetch_article(url, feed_url=feed_url)


def xml_encoding(data: bytes) -> str | None:
    """The encoding an XML declaration names, e.g. EUC-KR in many Korean RSS feeds."""
    match = _XML_ENCODING.match(data[:512])
    return match.group(1).decode("ascii") if match else None


def _document(origin: str, response: _Response) -> Document:
    if not response.body.strip():
        raise SourceError("empty response", subject=origin)
    kind = binary_kind(response.body)
    if kind:
        raise SourceError(
            f"not a web page or feed: the server sent {kind}", subject=origin, permanent=True
        )
    content_type = response.headers.get("content-type", "")
    declared = _charset_of(content_type) or xml_encoding(response.body)
    is_html = "text/plain" not in content_type
    # A feed's CDATA may quote an HTML <meta charset>; only real HTML gets sniffed.
    sniff_meta = is_html and "xml" not in content_type and xml_encoding(response.body) is None
    text, encoding = decode(response.body, declared=declared, is_html=sniff_meta)
    kind = "html" if is_html else "text"
    return Document(origin=origin, text=text, kind=kind, url=response.url, encoding=encoding)


def _transport_error(
    exc: Exception, url: str, settings: FetchSettings, attempts: int
) -> SourceError:
    tries = f" ({attempts} attempts)" if attempts > 1 else ""
    if isinstance(exc, httpx.TimeoutException):
        return SourceError(f"timed out after {settings.timeout:g} s{tries}", subject=url)
    return SourceError(f"cannot fetch: {exc}{tries}", subject=url)


def _retry_after(value: str | None) -> float | None:
    """Seconds a 429/503 asks us to wait: a number or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _read_capped(
    response: httpx.Response, settings: FetchSettings, url: str, *, cut: int | None = None
) -> bytes:
    """The body, at most `fetch.max_bytes` (over it: SourceError); with `cut`, the
    first `cut` bytes of a longer body."""
    limit = settings.max_bytes if cut is None else cut
    declared = response.headers.get("content-length")
    if cut is None and declared and declared.isdigit() and int(declared) > limit:
        raise SourceError(
            f"page is {int(declared):,} bytes, over the {limit:,}-byte limit",
            subject=url,
            permanent=True,  # a run records it as failed and does not fetch it again
        )
    chunks: list[bytes] = []
    total = 0
    allowed = settings.timeout * BODY_TIMEOUTS
    deadline = time.monotonic() + allowed
    # Counted after decompression, so a small gzip bomb still hits the cap.
    for chunk in response.iter_bytes():
        total += len(chunk)
        if total > limit and cut is not None:
            chunks.append(chunk[: len(chunk) - (total - limit)])
            break
        if total > limit:
            raise SourceError(f"page is over the {limit:,}-byte limit", subject=url, permanent=True)
        if time.monotonic() > deadline:
            raise SourceError(f"timed out: the page took over {allowed:g} s to arrive", subject=url)
        chunks.append(chunk)
    return b"".join(chunks)


def _validator(value: str | None) -> str | None:
    """An ETag or Last-Modified fit to send back: printable ASCII, else None."""
    if value and all(" " <= char <= "~" for char in value):
        return value
    return None


def _charset_of(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None
