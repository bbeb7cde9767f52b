"""Read a Jekyll site's settings and its seed-format post files for the static site.

A post file may have been edited by hand since blogwire wrote it, so nothing in it
is trusted: the body is sanitized again to exactly the markup the post format uses,
and a file that cannot be read is reported with the reason instead of stopping the
build.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import nh3
import yaml

from blogwire.errors import SiteError, SourceError
from blogwire.settings import PostSettings
from blogwire.sources.files import read_limited

DEFAULT_URL = "http://localhost:4000"  # where `jekyll serve` puts a site
DEFAULT_TITLE = "blogwire"
# Korean news is dated in Korean time; a fixed offset needs no tz database.
KST = timezone(timedelta(hours=9), "KST")

_DATED_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)\.md$")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
# Jekyll's "pretty" slug keeps letters of any script, digits and a few marks.
_SLUG_UNSAFE = re.compile(r"[^\w.~-]+")
# The sanitizer normalizes markup (double-quoted attributes, every <p> closed), so
# these patterns only ever see its own regular output.
_SOURCE_LINE = re.compile(r'<p data-blogwire="source">(.*?)</p>\n*', re.DOTALL)
_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.DOTALL)
_HREF = re.compile(r'\bhref="([^"]*)"')
_TAG = re.compile(r"<[^>]+>")

# Exactly the markup of the post format (see the post-format spec), nothing more.
ALLOWED_TAGS = frozenset({"p", "img", "h2", "b", "span", "a"})
ALLOWED_ATTRIBUTES = {
    "p": {"data-ke-size", "data-blogwire"},
    "img": {"src", "alt"},
    "h2": {"data-ke-size"},
    "span": {"style"},
    "a": {"href", "rel", "target"},
}
_REL_WORDS = frozenset({"noopener", "noreferrer", "nofollow", "dofollow", "ugc", "sponsored"})


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """What the static site needs from the Jekyll `_config.yml`."""

    url: str = DEFAULT_URL  # scheme and host, no trailing slash
    baseurl: str = ""  # "" or a path such as "/blog", no trailing slash
    title: str = DEFAULT_TITLE
    description: str = ""
    tz: tzinfo = KST


@dataclass(frozen=True, slots=True)
class Credit:
    """One original article named in a post's source line."""

    title: str
    url: str


@dataclass(frozen=True, slots=True)
class SitePost:
    source: str  # the file name, for messages
    slug: str
    published: datetime  # timezone-aware
    title: str
    categories: tuple[str, ...]
    excerpt: str
    feature_text: str
    image: str
    body_html: str  # sanitized, without the source line
    credit_html: str  # sanitized inside of the source line; "" when the post has none
    credits: tuple[Credit, ...]
    path: str  # permalink /YYYY/MM/DD/slug/, not percent-encoded (the folder on disk)

    @property
    def date(self) -> date:
        return self.published.date()

    @property
    def url(self) -> str:
        """The permalink as it goes into a link (percent-encoded, without the baseurl)."""
        return quote(self.path, safe="/")


@dataclass(frozen=True, slots=True)
class PostsRead:
    posts: tuple[SitePost, ...]  # newest first
    skipped: tuple[str, ...]  # "file name: problem"


def read_site_config(site_dir: Path) -> SiteConfig:
    """`url` + `baseurl`, `title`, `description` and `timezone` of `_config.yml`, if any."""
    path = site_dir / "_config.yml"
    if not path.is_file():
        return SiteConfig()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SiteError(f"not a readable YAML file: {exc}", subject=str(path)) from exc
    if not isinstance(data, dict):
        raise SiteError("must be a YAML mapping", subject=str(path))
    url = _text(data.get("url")).rstrip("/") or DEFAULT_URL
    baseurl = _text(data.get("baseurl")).strip("/")
    return SiteConfig(
        url=url,
        baseurl=f"/{baseurl}" if baseurl else "",
        title=_text(data.get("title")) or DEFAULT_TITLE,
        description=_text(data.get("description")),
        tz=_timezone(data.get("timezone"), path),
    )


def read_posts(
    folder: Path, settings: PostSettings, config: SiteConfig, *, max_bytes: int
) -> PostsRead:
    """Every `*.md` post in `folder`, newest first; a file that cannot be read is skipped."""
    posts: list[SitePost] = []
    skipped: list[str] = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else ():
        try:
            posts.append(read_post(path, settings, config, dated_name=True, max_bytes=max_bytes))
        except SiteError as exc:
            skipped.append(f"{path.name}: {exc.message}")
    return PostsRead(posts=newest_first(posts), skipped=tuple(skipped))


def newest_first(posts: Iterable[SitePost]) -> tuple[SitePost, ...]:
    # Jekyll's order: by date, then by file name, so same-day posts keep a fixed order.
    return tuple(sorted(posts, key=lambda p: (p.published, p.source), reverse=True))


def read_post(
    path: Path, settings: PostSettings, config: SiteConfig, *, dated_name: bool, max_bytes: int
) -> SitePost:
    """One post file. `dated_name` requires Jekyll's `YYYY-MM-DD-slug.md` name (a
    published post); a draft's name is just its slug and its date is the file's
    modification time, as in Jekyll."""
    try:  # as `check` reads it: regular files only, the size cap counted while reading
        text = read_limited(path, max_bytes, what="file").decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SiteError("not UTF-8 text", subject=path.name) from exc
    except SourceError as exc:
        raise SiteError(exc.message, subject=path.name) from exc
    text = text.replace("\r\n", "\n")
    match = _FRONT_MATTER.match(text)
    if match is None:
        raise SiteError("no front matter between '---' lines", subject=path.name)
    try:
        front = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise SiteError(f"front matter is not valid YAML: {exc}", subject=path.name) from exc
    if not isinstance(front, dict):
        raise SiteError("front matter is not a YAML mapping", subject=path.name)
    title = _text(front.get("title"))
    if not title:
        raise SiteError("front matter has no title", subject=path.name)

    name_match = _DATED_NAME.match(path.name)
    if dated_name and name_match is None:
        raise SiteError("file name is not YYYY-MM-DD-slug.md", subject=path.name)
    published = _published(front.get("date"), name_match, path, config.tz)
    slug = _clean_slug(
        _text(front.get("slug")) or (name_match.group(4) if name_match else path.stem)
    )
    if not slug:
        raise SiteError("file name gives no usable URL slug", subject=path.name)

    body = sanitize_body(text[match.end() :], settings)
    credit_html, credits = _source_line(body)
    excerpt = _text(front.get("excerpt")) or _text(front.get("feature_text"))
    local = published.astimezone(config.tz)
    return SitePost(
        source=path.name,
        slug=slug,
        published=published,
        title=title,
        categories=_categories(front.get("categories")),
        excerpt=excerpt,
        feature_text=_text(front.get("feature_text")) or excerpt,
        image=_image(front.get("image"), settings.default_image),
        body_html=_SOURCE_LINE.sub("", body, count=1).strip() + "\n",
        credit_html=credit_html,
        credits=credits,
        path=f"/{local:%Y/%m/%d}/{slug}/",
    )


def sanitize_body(body: str, settings: PostSettings) -> str:
    """The body reduced to the post format's tags and attributes; scripts, styles and
    other tags lose their content, unknown tags keep their text."""
    highlights = {
        f"color: {settings.red};".lower(),
        f"color: {settings.blue};".lower(),
        f"background-color: {settings.tint};".lower(),
    }

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "span" and attribute == "style":
            # only the three highlight styles, whatever spacing a hand edit used
            normalized = " ".join(value.lower().replace(":", ": ").split()).rstrip(";") + ";"
            return normalized if normalized in highlights else None
        if tag == "a" and attribute == "rel":
            words = [w for w in value.lower().split() if w in _REL_WORDS]
            return " ".join(words) or None
        if tag == "a" and attribute == "target":
            return value if value in {"_blank", "_self"} else None
        return value

    return nh3.clean(
        body,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=keep,
        link_rel=None,  # keep the post's own rel (the footer's "dofollow" is a setting)
        url_schemes={"http", "https"},
        strip_comments=True,
    )


def _source_line(body: str) -> tuple[str, tuple[Credit, ...]]:
    match = _SOURCE_LINE.search(body)
    if match is None:
        return "", ()
    inner = match.group(1)
    credits = []
    for attrs, text in _LINK.findall(inner):
        href = _HREF.search(attrs)
        if href:
            title = html.unescape(_TAG.sub("", text)).strip()
            credits.append(Credit(title=title, url=html.unescape(href.group(1))))
    return inner, tuple(credits)


def _published(value: Any, name_match: re.Match[str] | None, path: Path, tz: tzinfo) -> datetime:
    """Front matter `date` first (Jekyll's rule), then the file name, then the file time."""
    try:
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=tz)
        if isinstance(value, date):
            return datetime.combine(value, time(), tz)
        if isinstance(value, str) and value.strip():
            parsed = _parse_date(value.strip())
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
        if name_match is not None:
            year, month, day = (int(name_match.group(i)) for i in (1, 2, 3))
            return datetime.combine(date(year, month, day), time(), tz)
    except ValueError as exc:
        raise SiteError(f"not a valid date: {exc}", subject=path.name) from exc
    return datetime.fromtimestamp(int(path.stat().st_mtime), UTC).astimezone(tz)


def _parse_date(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    # Jekyll's own style, "2026-11-09 10:00:00 +0900", which ISO parsing refuses
    for pattern in ("%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M %z"):
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not YYYY-MM-DD or YYYY-MM-DD HH:MM:SS +ZZZZ")


def _categories(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(value.split())  # Jekyll reads a string as space-separated names
    if isinstance(value, list):
        names = (_text(v) for v in value)
        return tuple(dict.fromkeys(n for n in names if n))
    return ()


def _image(value: Any, default: str) -> str:
    url = _text(value)
    scheme = urlsplit(url).scheme.lower()
    if scheme in {"http", "https"} or (url.startswith("/") and not url.startswith("//")):
        return url
    return default


def _clean_slug(slug: str) -> str:
    return _SLUG_UNSAFE.sub("-", slug).strip("-.")


def _timezone(value: Any, path: Path) -> tzinfo:
    name = _text(value)
    if not name:
        return KST
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise SiteError(f"unknown timezone {name!r}", subject=str(path)) from exc


def _text(value: Any) -> str:
    """A front matter scalar as one line of text ('' for a missing or nested value)."""
    if value is None or isinstance(value, dict | list):
        return ""
    return " ".join(str(value).split())
