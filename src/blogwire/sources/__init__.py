"""Sources: turn what the user named (a path, a URL, a feed) into decoded documents."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from blogwire.errors import SourceError
from blogwire.lazy import lazy_attributes
from blogwire.models import Document
from blogwire.settings import FetchSettings
from blogwire.sources.files import read_file

if TYPE_CHECKING:
    from blogwire.sources.feeds import FeedEntry, FeedResult, read_feed, wanted
    from blogwire.sources.guard import check_link
    from blogwire.sources.http import (
        Fetcher,
        FetchResult,
        fetch_article,
        fetch_conditional,
        fetch_url,
    )

# httpx and feedparser (~80 ms to import) load when a URL or a feed is read, so reading
# a local file does not pay for them.
_LAZY = {
    "FeedEntry": "feeds",
    "FeedResult": "feeds",
    "read_feed": "feeds",
    "wanted": "feeds",
    "check_link": "guard",
    "Fetcher": "http",
    "FetchResult": "http",
    "fetch_article": "http",
    "fetch_conditional": "http",
    "fetch_url": "http",
}


__getattr__ = lazy_attributes(__name__, _LAZY)


# "file://…", "ftp://…", "javascript://…": an address, not a path (a drive is one letter)
_OTHER_ADDRESS = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")


def is_url(source: str) -> bool:
    return source[:8].lower().startswith(("http://", "https://"))


def load(source: str, settings: FetchSettings) -> Document:
    """Read a file or fetch a URL."""
    if is_url(source):
        from blogwire.sources.http import fetch_url

        return fetch_url(source, settings)
    if _OTHER_ADDRESS.match(source):
        # read as a path, "file:///etc/passwd" would be the relative "file:/etc/passwd"
        raise SourceError(
            "unsupported address (expected a file path or an http(s) URL)", subject=source
        )
    return read_file(Path(source), settings)


__all__ = [
    "FeedEntry",
    "FeedResult",
    "FetchResult",
    "Fetcher",
    "check_link",
    "fetch_article",
    "fetch_conditional",
    "fetch_url",
    "is_url",
    "load",
    "read_feed",
    "read_file",
    "wanted",
]
