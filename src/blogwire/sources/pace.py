"""How often blogwire may ask one host for a page: the per-host pacing of a crawl.

Every request of a run's `Fetcher` first waits for its host's turn (`HostPace.wait`).
A host's turns are `fetch.min_interval` apart, or its robots.txt Crawl-delay when that
is longer; a 429/503 with Retry-After pushes the host's next turn out for every request
to it, not only the one that was refused; a host asking for longer than a run should
wait is left alone for the rest of the run (its pages are read by a later run).
A host is the URL's authority (name and port), lower-cased.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from blogwire.errors import SourceError

# Seconds: a Crawl-delay longer than this is taken as this, or one host's robots.txt
# could hold a run for hours (50 pages at Crawl-delay 3600 is two days).
MAX_CRAWL_DELAY = 60.0


def host_of(url: str) -> str:
    """The host a URL's request goes to, as pacing and per-host limits count it."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return ""
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        return ""
    scheme = parts.scheme.lower()
    default = 443 if scheme == "https" else 80
    return f"{host}:{port or default}"


class HostPace:
    """Per-host turns, shared by every thread of a run. Thread-safe."""

    def __init__(
        self,
        min_interval: float = 0.0,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.min_interval = max(0.0, min_interval)
        self._sleep = sleep
        self._clock = clock
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}  # host -> earliest start of its next request
        self._delay: dict[str, float] = {}  # host -> Crawl-delay
        self._resting: dict[str, str] = {}  # host -> why it is not asked again this run

    def set_crawl_delay(self, host: str, seconds: float) -> None:
        with self._lock:
            self._delay[host] = min(max(0.0, seconds), MAX_CRAWL_DELAY)

    def interval(self, host: str) -> float:
        """Seconds between the starts of two requests to the host."""
        with self._lock:
            return max(self.min_interval, self._delay.get(host, 0.0))

    def ready_in(self, host: str) -> float:
        """Seconds until the host's next turn (0: now)."""
        with self._lock:
            return max(0.0, self._next.get(host, 0.0) - self._clock())

    def resting(self, host: str) -> str | None:
        with self._lock:
            return self._resting.get(host)

    def wait(self, url: str) -> None:
        """Take the URL's host's next turn, sleeping until it comes; SourceError when the
        host asked not to be asked again this run."""
        host = host_of(url)
        with self._lock:
            why = self._resting.get(host)
            if why is not None:
                raise SourceError(why, subject=url)
            now = self._clock()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + max(self.min_interval, self._delay.get(host, 0.0))
        if start > now:
            self._sleep(start - now)

    def defer(self, url: str, seconds: float) -> None:
        """The host asked (Retry-After) for no request before `seconds` from now."""
        host = host_of(url)
        with self._lock:
            self._next[host] = max(self._next.get(host, 0.0), self._clock() + max(0.0, seconds))

    def rest(self, url: str, why: str) -> None:
        """No more requests to the URL's host this run (it asked for a long pause)."""
        with self._lock:
            self._resting[host_of(url)] = why
