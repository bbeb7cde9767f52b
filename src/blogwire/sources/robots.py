"""robots.txt, as RFC 9309 reads it, for the article pages a run fetches.

A host's robots.txt is fetched once per run (through the run's guarded `Fetcher`, so
the link guard, size cap, redirects, timeouts and retries hold for it too) and kept in
the store for `CACHE_SECONDS`, as RFC 9309 allows. What its answer means:

- 2xx: the rules in its first 500 KiB (`ROBOTS_MAX_BYTES`), for blogwire's own
  user-agent group if there is one, else `*`; the longest matching rule wins and
  Allow wins a tie (RFC 9309 2.2.2; the standard library's parser takes the first
  match, so the rules are put in that order first);
- 4xx ("unavailable"): no rules, everything is allowed;
- 5xx or no answer ("unreachable"): everything is disallowed, for this run only
  (not kept: the next run asks again).

The feeds a user added are never checked against robots.txt: they asked for them.
"""

from __future__ import annotations

import re
import threading
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from blogwire.errors import SourceError
from blogwire.sources.http import Fetcher

CACHE_SECONDS = 24 * 3600  # RFC 9309 2.4: a cached robots.txt is used up to 24 hours
_PRODUCT = re.compile(r"([A-Za-z][A-Za-z0-9_-]*)/")


def agent_token(user_agent: str) -> str:
    """The product token robots.txt groups name blogwire by: 'blogwire' for
    "Mozilla/5.0 (compatible; blogwire/0.1; +https://…)", the first product that is
    not Mozilla otherwise (or Mozilla when it is the only one)."""
    products = [p for p in _PRODUCT.findall(user_agent) if p.lower() != "mozilla"]
    return (products[0] if products else user_agent.split("/")[0].strip() or "*").lower()


def robots_url(page_url: str) -> str:
    parts = urlsplit(page_url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


@dataclass(frozen=True, slots=True)
class RobotsAnswer:
    """What a host's robots.txt said: its HTTP status (None: unreachable) and text."""

    status: int | None
    text: str = ""

    @property
    def cacheable(self) -> bool:
        return self.status is not None


@dataclass
class RobotsRules:
    """A parsed robots.txt for one agent."""

    answer: RobotsAnswer
    agent: str
    _parser: urllib.robotparser.RobotFileParser | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        status = self.answer.status
        if status is not None and 200 <= status < 300:
            self._parser = parse_rules(self.answer.text)

    def allows(self, url: str) -> bool:
        status = self.answer.status
        if status is None or status >= 500:
            return False  # unreachable: RFC 9309 2.3.1.4, disallow everything
        if self._parser is None:
            return True  # unavailable (4xx), or a 3xx that led nowhere: no rules
        return bool(self._parser.can_fetch(self.agent, url))

    def why_not(self, url: str) -> str:
        if self.answer.status is None or self.answer.status >= 500:
            return "robots.txt unreachable: the host's pages are not read this run"
        return "disallowed by robots.txt"

    def crawl_delay(self) -> float:
        if self._parser is None:
            return 0.0
        delay: Any = self._parser.crawl_delay(self.agent)
        return float(delay) if delay else 0.0


def parse_rules(text: str) -> urllib.robotparser.RobotFileParser:
    """The standard library's parser, each group's rules put in RFC 9309's order:
    longest path first, Allow before Disallow of the same length."""
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(text.splitlines())
    groups: list[Any] = list(getattr(parser, "entries", []))
    default = getattr(parser, "default_entry", None)
    if default is not None:
        groups.append(default)
    for group in groups:
        group.rulelines.sort(key=lambda rule: (-len(rule.path), not rule.allowance))
    return parser


class RobotsBook:
    """Each host's robots.txt for one run: read from the store's cache, or fetched
    once (threads asking for a host being fetched wait for that one fetch)."""

    def __init__(
        self,
        fetcher: Fetcher,
        *,
        agent: str,
        cached: dict[str, RobotsAnswer] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._fetcher = fetcher
        self.agent = agent
        self._clock = clock
        self._rules: dict[str, RobotsRules] = {
            origin: RobotsRules(answer, agent) for origin, answer in (cached or {}).items()
        }
        self._fetching: dict[str, threading.Event] = {}
        self._lock = threading.Lock()
        self.fetched: dict[str, RobotsAnswer] = {}  # origin -> answer fetched this run

    def rules(self, page_url: str, *, feed_url: str) -> RobotsRules:
        origin = robots_url(page_url)
        while True:
            with self._lock:
                found = self._rules.get(origin)
                if found is not None:
                    return found
                event = self._fetching.get(origin)
                if event is None:
                    event = self._fetching[origin] = threading.Event()
                    break
            event.wait()
        answer = RobotsAnswer(None)  # unreachable, unless the fetch says otherwise
        try:
            answer = self._fetch(origin, feed_url)
        finally:
            with self._lock:
                rules = self._rules[origin] = RobotsRules(answer, self.agent)
                self.fetched[origin] = answer
                self._fetching.pop(origin).set()
        return rules

    def _fetch(self, origin: str, feed_url: str) -> RobotsAnswer:
        try:
            status, body = self._fetcher.fetch_robots(origin, feed_url=feed_url)
        except SourceError:
            return RobotsAnswer(None)
        if status >= 300:
            return RobotsAnswer(status)  # 4xx, or redirects that ended nowhere: no rules
        return RobotsAnswer(status, body.decode("utf-8", errors="replace"))
