"""Read RSS 2.0, RSS 1.0 (RDF) and Atom feeds, from the web or a local file, with feedparser."""

from __future__ import annotations

import calendar
import datetime as dt
import io
import re
import unicodedata
import zoneinfo
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import feedparser

from blogwire.errors import SourceError
from blogwire.settings import FeedConfig, FetchSettings
from blogwire.sources.charset import decode
from blogwire.sources.files import read_capped
from blogwire.sources.guard import check_link
from blogwire.sources.http import Fetcher, fetch_conditional, xml_encoding

try:
    SEOUL: dt.tzinfo = zoneinfo.ZoneInfo("Asia/Seoul")
except zoneinfo.ZoneInfoNotFoundError:  # Windows without tzdata; Korea has had no DST since 1988
    SEOUL = dt.timezone(dt.timedelta(hours=9), "KST")

_XML_DECL_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([^"']*)(["'])""")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    url: str
    title: str
    published: dt.date | None  # the date in Korea (Asia/Seoul)
    summary: str  # plain text, tags stripped
    image: str | None
    guid: str | None
    categories: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FeedResult:
    feed_url: str
    title: str | None
    entries: tuple[FeedEntry, ...]  # newest first; empty when not_modified
    not_modified: bool
    etag: str | None
    last_modified: str | None
    http_status: int | None  # None for a local file
    refused: tuple[str, ...] = ()  # "link: reason" for entries the link guard dropped


def read_feed(
    feed: FeedConfig,
    settings: FetchSettings,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    base_dir: Path | None = None,
    fetcher: Fetcher | None = None,
) -> FeedResult:
    """Fetch (conditionally) or read a feed; its newest entries, to filter with `wanted`.

    Pass the run's `fetcher` so every feed and article shares one connection pool.
    """
    if feed.url.startswith(("http://", "https://")):
        if fetcher is None:
            result = fetch_conditional(feed.url, settings, etag=etag, last_modified=last_modified)
        else:
            result = fetcher.fetch_conditional(feed.url, etag=etag, last_modified=last_modified)
        if result.not_modified or result.document is None:
            return FeedResult(
                feed.url, None, (), True, result.etag, result.last_modified, result.status
            )
        text = result.document.text
        base = result.document.url or feed.url
        subject = feed.url
        folder = None
    else:
        path = _feed_path(feed.url, base_dir)
        subject = str(path)
        data = _read_local(path, settings)
        text, _ = decode(data, declared=xml_encoding(data), is_html=False)
        base = ""
        folder = path.parent
        result = None
    parsed = _parse(text, base, subject)
    title = _clean(parsed.feed.get("title", "")) or None
    entries, refused = _entries(parsed, subject, base, folder, settings)
    return FeedResult(
        feed_url=feed.url,
        title=title,
        entries=entries,
        not_modified=False,
        etag=result.etag if result else None,
        last_modified=result.last_modified if result else None,
        http_status=result.status if result else None,
        refused=refused,
    )


def wanted(entry: FeedEntry, feed: FeedConfig) -> bool:
    """Keyword filters over title, summary and categories; no include list keeps all."""
    # the title also as a reader sees it: a comment inside CDATA ("광<!-- -->고") hides
    # nothing once markup is dropped
    haystack = _fold(" ".join((entry.title, _text(entry.title), entry.summary, *entry.categories)))
    if any(_fold(word) in haystack for word in feed.exclude if word.strip()):
        return False
    include = [word for word in feed.include if word.strip()]
    return not include or any(_fold(word) in haystack for word in include)


def _fold(text: str) -> str:
    """Text as the filter compares it: NFKC (a title typed on macOS, in decomposed jamo,
    or in fullwidth letters still matches), casefolded, and without the invisible
    format characters (zero-width space and joiners, soft hyphen, bidi controls) that
    would split a word for the filter but not for a reader."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if unicodedata.category(c) != "Cf").casefold()


def _feed_path(location: str, base_dir: Path | None) -> Path:
    scheme = urlsplit(location).scheme.lower()
    if scheme == "file":
        return Path(unquote(urlsplit(location).path))
    if len(scheme) > 1:  # one letter is a Windows drive, not a scheme
        raise SourceError(
            "unsupported feed address (expected http(s) or a file path)", subject=location
        )
    path = Path(location).expanduser()
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    return path


def _read_local(path: Path, settings: FetchSettings) -> bytes:
    return read_capped(path, settings, what="feed file", expected="an RSS/Atom feed")


def _parse(text: str, base: str, subject: str) -> Any:
    # We decode first: Korean feeds declare EUC-KR but use CP949-only syllables (똠),
    # which feedparser's strict codec rejects and flags bozo. Re-encoded, the
    # declaration must say UTF-8.
    body = _XML_DECL_ENCODING.sub(r"\1utf-8\3", text, count=1).encode("utf-8")
    headers = {"content-type": "application/xml; charset=utf-8"}
    if base:
        headers["content-location"] = base
    try:
        # A file object, never a str: feedparser fetches a str that looks like a URL or path.
        parsed = feedparser.parse(io.BytesIO(body), response_headers=headers)
    except Exception as exc:  # feedparser is permissive; anything it raises means unreadable
        raise SourceError(f"not a valid RSS/Atom feed ({exc})", subject=subject) from exc
    if not parsed.entries and (parsed.bozo or not parsed.version):
        reason = parsed.get("bozo_exception")
        detail = f" ({reason})" if reason else ""
        raise SourceError(f"not a valid RSS/Atom feed{detail}", subject=subject)
    return parsed


def _entries(
    parsed: Any, subject: str, base: str, folder: Path | None, settings: FetchSettings
) -> tuple[tuple[FeedEntry, ...], tuple[str, ...]]:
    """Entries with a usable link, newest first, capped; and why the others were refused.

    `folder` is set for a local feed: its relative links name pages saved beside it
    (the user's own files), so they become paths; every other link must be http(s).
    """
    # Relative links in a local feed can still resolve against the site it describes.
    channel = str(parsed.feed.get("link") or "")
    base = base or (channel if channel.startswith(("http://", "https://")) else "")
    dated: list[tuple[float | None, int, FeedEntry]] = []
    refused: list[str] = []
    for position, raw in enumerate(parsed.entries):
        link = str(raw.get("link") or "").strip()
        if not link:
            continue
        try:
            url = _entry_link(link, base, folder, subject, settings)
        except SourceError as exc:
            refused.append(str(exc))
            continue
        moment = _moment(raw)
        entry = FeedEntry(
            url=url,
            title=_clean(raw.get("title", "")),
            published=moment.date() if moment else None,
            summary=_text(raw.get("summary", "")),
            image=_image(raw, base),
            guid=str(raw["id"]) if raw.get("id") else None,
            categories=_categories(raw.get("tags") or ()),
        )
        dated.append((moment.timestamp() if moment else None, position, entry))
    # Newest first; an undated entry cannot be shown to be new, so it goes last in feed order.
    dated.sort(key=lambda item: (item[0] is None, -(item[0] or 0.0), item[1]))
    limit = max(settings.max_items_per_feed, 0)
    return tuple(entry for _, _, entry in dated[:limit]), tuple(refused)


def _entry_link(
    link: str, base: str, folder: Path | None, subject: str, settings: FetchSettings
) -> str:
    if base:
        link = urljoin(base, link)
    elif folder is not None and not urlsplit(link).scheme:
        path = (folder / unquote(urlsplit(link).path)).resolve()
        # A sibling page never needs "..": climbing out would let a copied
        # stranger's feed point blogwire at any file of the user's.
        if not path.is_relative_to(folder.resolve()):
            raise SourceError("refused: points outside the feed's folder", subject=link)
        return str(path)
    # No DNS here: a local feed must read offline; fetch_article resolves later.
    check_link(link, feed_url=subject, allow=settings.allow_private_hosts, resolve=False)
    return link


def _moment(raw: Mapping[str, Any]) -> dt.datetime | None:
    # feedparser normalises every date to a UTC struct_time; Korean outlets mean Seoul days.
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = raw.get(key)
        if value:
            try:
                # feedparser rolls an impossible date over (2026-13-45 -> 2027-01-01)
                dt.datetime(*value[:6])
                moment = dt.datetime.fromtimestamp(calendar.timegm(value), SEOUL)
            except (OverflowError, OSError, ValueError, TypeError):
                continue
            # a date in the future is no date: it would date a post ahead and keep the
            # entry first in "newest first" for good (a day of slack for time zones)
            if moment <= dt.datetime.now(SEOUL) + FUTURE_SLACK:
                return moment
    return None


FUTURE_SLACK = dt.timedelta(days=1)


def _image(raw: Mapping[str, Any], base: str) -> str | None:
    candidates: list[str] = []
    for media in raw.get("media_content") or ():
        medium = str(media.get("medium") or "").lower()
        kind = str(media.get("type") or "").lower()
        if medium == "image" or kind.startswith("image/") or (not medium and not kind):
            candidates.append(str(media.get("url") or ""))
    candidates += [str(thumb.get("url") or "") for thumb in raw.get("media_thumbnail") or ()]
    candidates += [
        str(link.get("href") or "")
        for link in raw.get("links") or ()
        if link.get("rel") == "enclosure" and str(link.get("type") or "").startswith("image/")
    ]
    for candidate in candidates:
        url = urljoin(base, candidate.strip()) if base else candidate.strip()
        # The image lands in the post's HTML: a javascript: or data: URL must not.
        if url.startswith(("http://", "https://")):
            return url
    return None


def _categories(tags: Iterable[Mapping[str, Any]]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for tag in tags:
        term = _clean(str(tag.get("term") or ""))
        if term:
            seen.setdefault(term, None)
    return tuple(seen)


def _clean(text: str) -> str:
    # feedparser has already unescaped titles; a second unescape would turn a
    # literal "&lt;" into "<", and tag stripping would eat "<속보>"-style brackets.
    return _SPACES.sub(" ", text).strip()


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"br", "p", "div", "li"}:
            self.parts.append(" ")  # so "<p>a</p><p>b</p>" does not become "ab"


def _text(markup: str) -> str:
    """A summary as plain text: feeds put HTML, or escaped HTML, in descriptions."""
    parser = _TextOnly()
    parser.feed(markup)
    parser.close()
    return _clean("".join(parser.parts))
