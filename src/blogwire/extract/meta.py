"""Page metadata read from the one parsed tree: og: tags and the canonical link, and the
fields of trafilatura's metadata that blogwire uses (author, date, title, site name...)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import trafilatura
from lxml.html import HtmlElement

from blogwire.extract.clean import clean_text

try:
    from htmldate import find_date
    from trafilatura.metadata import (
        META_URL,
        examine_meta,
        extract_author,
        extract_meta_json,
        extract_sitename,
        extract_title,
        extract_url,
    )
    from trafilatura.settings import DEFAULT_CONFIG, Document, set_date_params

    _LEAN = hasattr(Document, "clean_and_trim")
except ImportError:  # pragma: no cover - a trafilatura whose internals moved
    _LEAN = False


@dataclass(frozen=True, slots=True)
class PageInfo:
    """What trafilatura's metadata tells about a page, as it returns it (not yet cleaned)."""

    title: str | None = None
    author: str | None = None  # on a portal page often the outlet (see html._article)
    url: str | None = None
    sitename: str | None = None
    date: str | None = None
    image: str | None = None

    @classmethod
    def of(cls, found: Document) -> PageInfo:
        """The fields blogwire uses of trafilatura's metadata Document."""
        return cls(
            title=found.title,
            author=found.author,
            url=found.url,
            sitename=found.sitename,
            date=found.date,
            image=found.image,
        )


def meta_tags(tree: HtmlElement | None) -> dict[str, str]:
    """og:* meta tags and the canonical link, which trafilatura does not all expose."""
    if tree is None:
        return {}
    out: dict[str, str] = {}
    for node in tree.iter("meta"):
        key = node.get("property") or node.get("name")
        value = node.get("content")
        if key and value and key.startswith("og:") and key not in out:
            out[key] = clean_text(value)
    for node in tree.iter("link"):
        if (node.get("rel") or "").lower() == "canonical" and node.get("href"):
            out.setdefault("canonical", node.get("href", "").strip())
    return out


def page_info(tree: HtmlElement, url: str | None) -> PageInfo:
    """trafilatura's metadata of the page (what `bare_extraction(with_metadata=True)` gives)."""
    found = _lean_metadata(tree, url) if _LEAN else trafilatura.extract_metadata(tree, url)
    return PageInfo.of(found)


def _lean_metadata(tree: HtmlElement, url: str | None) -> Document:
    """trafilatura 2.x's `extract_metadata` step by step, without its categories, tags and
    licence searches: blogwire uses none of them and they cost 3-9 ms on a portal page's
    thousands of links, more than the date search. tests/extract/test_meta.py holds the
    result equal to `extract_metadata`'s on every real and demo page, so a trafilatura
    whose metadata steps change is noticed."""
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None  # as trafilatura: a one-word author is usually not a name
    with contextlib.suppress(Exception):  # trafilatura guards its JSON-LD reader alike
        metadata = extract_meta_json(tree, metadata)
    if not metadata.title:
        metadata.title = extract_title(tree)
    if not metadata.author:
        metadata.author = extract_author(tree)
    if not metadata.url:
        metadata.url = extract_url(tree, url)
    date_config = set_date_params(DEFAULT_CONFIG.getboolean("DEFAULT", "EXTENSIVE_DATE_SEARCH"))
    date_config["url"] = metadata.url
    metadata.date = find_date(tree, **date_config)
    if not metadata.sitename:
        metadata.sitename = extract_sitename(tree)
    if metadata.sitename:
        metadata.sitename = metadata.sitename.lstrip("@")
        if (
            metadata.sitename
            and "." not in metadata.sitename
            and not metadata.sitename[0].isupper()
        ):
            metadata.sitename = metadata.sitename.title()
    elif metadata.url and (match := META_URL.match(metadata.url)):
        metadata.sitename = match[1]
    metadata.clean_and_trim()
    return metadata
