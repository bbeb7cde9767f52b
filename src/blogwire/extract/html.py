"""Article extraction from HTML with trafilatura."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import lxml.html
import trafilatura
from lxml.etree import ParserError

from blogwire.errors import ExtractError
from blogwire.extract.clean import (
    byline_outlet,
    clean_text,
    paragraphs_of,
    strip_site_suffix,
    web_url,
)
from blogwire.models import Article, Document

MIN_BODY_CHARS = 80
# Portals re-host outlets' articles; the credit belongs to the outlet, not the portal.
PORTALS = frozenset(
    {"네이버 뉴스", "네이버", "NAVER", "다음뉴스", "다음 뉴스", "Daum", "네이트 뉴스"}
)


def extract_html(document: Document) -> Article:
    origin = document.origin
    result = _trafilatura(document.text, document.url, origin)
    if result is None or not (result.text or "").strip():
        # Next.js App Router pages may ship the body only inside script payloads.
        hidden = _next_payload_html(document.text)
        if hidden:
            body = _trafilatura(hidden, document.url, origin)
            if body is not None and (body.text or "").strip():
                if result is None:
                    result = body
                else:
                    result.text = body.text
    if result is None or not (result.text or "").strip():
        raise ExtractError("no article text found in the page", subject=origin)
    return _article(document, result)


def _trafilatura(html: str, url: str | None, origin: str) -> Any:
    try:
        return trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
        )
    except Exception as exc:  # trafilatura/lxml raise assorted errors on broken markup
        raise ExtractError(f"cannot parse the page: {exc}", subject=origin) from exc


def _article(document: Document, result: Any) -> Article:
    origin = document.origin
    meta = _meta_tags(document.text)
    site_name = _site_name(meta.get("og:site_name") or result.sitename)
    raw_title = meta.get("og:title") or result.title or ""
    title = clean_text(strip_site_suffix(clean_text(raw_title), site_name))
    if site_name in PORTALS:
        site_name = byline_outlet(result.text) or _first(result.author) or site_name
    paragraphs = paragraphs_of(result.text, title=title)
    if sum(len(p) for p in paragraphs) < MIN_BODY_CHARS:
        raise ExtractError("no article text found in the page (body too short)", subject=origin)
    if not title:
        title = paragraphs[0][:60]
    return Article(
        origin=origin,
        title=title,
        paragraphs=paragraphs,
        url=_first_web_url(meta.get("canonical"), meta.get("og:url"), result.url, document.url),
        site_name=site_name,
        author=_first(result.author),
        published=_date(result.date),
        image=_first_web_url(meta.get("og:image"), result.image),
        description=meta.get("og:description") or result.description,
    )


def _first_web_url(*candidates: str | None) -> str | None:
    """The first candidate that is an http(s) address: a javascript: canonical must not
    become the source link, and an og:url or the fetched URL still credits the outlet."""
    return next(filter(None, map(web_url, candidates)), None)


_NEXT_PUSH = re.compile(r'self\.__next_f\.push\(\[1,\s*"((?:[^"\\]|\\.)*)"\]\)')


def _next_payload_html(html: str) -> str | None:
    """The HTML fragments inside a Next.js flight payload, as one page."""
    pieces: list[str] = []
    for raw in _NEXT_PUSH.findall(html):
        try:
            text = json.loads(f'"{raw}"')
        except json.JSONDecodeError:
            continue
        if "<p" in text:
            pieces.append(text)
    if not pieces:
        return None
    return "<html><body><article>" + "".join(pieces) + "</article></body></html>"


def _meta_tags(html: str) -> dict[str, str]:
    """og:* meta tags and the canonical link, which trafilatura does not all expose."""
    try:
        tree = lxml.html.fromstring(html)
    except (ParserError, ValueError):
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


def _site_name(raw: str | None) -> str | None:
    if not raw:
        return None
    first = clean_text(raw.split(";")[0])
    return first or None


def _first(raw: str | None) -> str | None:
    if not raw:
        return None
    return clean_text(raw.split(";")[0]) or None


def _date(raw: str | None) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw[:10])
    except ValueError:
        return None
