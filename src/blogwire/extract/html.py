"""Article extraction from HTML with trafilatura.

The page is parsed once: the og: tags and trafilatura's metadata are read from that tree
first, then trafilatura's fast pass extracts the text from it, pruned in place of what
trafilatura's cleaning deletes anyway (see tree.py). The rare page the fast pass finds
too little on is parsed again for the full cascade, which reads the raw page.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable

import lxml.html
import trafilatura
from lxml.etree import ParserError
from lxml.html import HtmlElement

from blogwire.errors import ExtractError
from blogwire.extract.budget import check_page
from blogwire.extract.clean import (
    byline_outlet,
    clean_text,
    paragraphs_of,
    strip_site_suffix,
    web_url,
)
from blogwire.extract.meta import PageInfo, meta_tags, page_info
from blogwire.extract.tree import drop_cleaned, parse_page, separate_blocks
from blogwire.models import Article, Document

MIN_BODY_CHARS = 80
# Portals re-host outlets' articles; the credit belongs to the outlet, not the portal.
PORTALS = frozenset(
    {"네이버 뉴스", "네이버", "NAVER", "다음뉴스", "다음 뉴스", "Daum", "네이트 뉴스"}
)
# trafilatura's fast mode first: its own extractor only, without the readability and
# jusText comparison that takes 40% of its time on a news page. Where fast mode finds less
# than FULL_PASS_BELOW characters (none of the real, demo or generated articles is that
# short) the full cascade runs as before: on a teaser-plus-odd-markup page fast mode keeps
# only the teaser, and readability finds the body.
PASSES = (True, False)
FULL_PASS_BELOW = 500


def extract_html(document: Document) -> Article:
    origin, url = document.origin, document.url
    tree = _parse(document.text, origin)
    meta = meta_tags(tree if tree is not None else _lenient_tree(document.text))
    # trafilatura's metadata reads the whole page (head, scripts, dates anywhere), so it is
    # read before the fast pass prunes the tree; an error in it counts only if it is used.
    page_meta = _page_info_or_error(tree, url, origin) if tree is not None else None
    hidden = _HiddenPage(document.text, origin)
    refusal: ExtractError | None = None
    for fast in PASSES:
        if tree is not None:
            if fast:
                drop_cleaned(tree)
            else:  # the full cascade's readability and jusText read the raw page
                tree = _parse(document.text, origin)
            if tree is not None:  # after the metadata: captions and glued blocks go
                separate_blocks(tree)
        found = _find_body(tree, hidden, url, origin, fast=fast)
        if found is None or (fast and len(found[0].strip()) < FULL_PASS_BELOW):
            continue
        text, source = found
        if source is tree and page_meta is not None:
            info = page_meta
        else:  # the Next.js payload's tree
            info = _page_info_or_error(source, url, origin)
        if isinstance(info, ExtractError):
            raise info
        try:
            return _article(document, text, info, meta)
        except ExtractError as exc:  # a body too short; the fuller pass may find more
            refusal = exc
    raise refusal or ExtractError("no article text found in the page", subject=origin)


def _find_body(
    tree: HtmlElement | None,
    hidden: Callable[[], HtmlElement | None],
    url: str | None,
    origin: str,
    *,
    fast: bool,
) -> tuple[str, HtmlElement] | None:
    """The article text and the tree whose metadata goes with it: the page's, else the
    Next.js payload's (metadata still the page's unless trafilatura refused the page)."""
    text = _text(tree, url, origin, fast=fast) if tree is not None else None
    if tree is not None and text and text.strip():
        return text, tree
    # Next.js App Router pages may ship the body only inside script payloads.
    hidden_tree = hidden()
    if hidden_tree is None:
        return None
    body = _text(hidden_tree, url, origin, fast=fast)
    if not (body and body.strip()):
        return None
    return body, tree if tree is not None and text is not None else hidden_tree


def _parse(html: str, origin: str) -> HtmlElement | None:
    """The page as trafilatura parses it itself; None when it is not HTML at all."""
    try:
        tree = parse_page(html)
    except Exception as exc:  # lxml raises assorted errors on broken markup
        raise ExtractError(f"cannot parse the page: {exc}", subject=origin) from exc
    if tree is not None:
        check_page(tree, origin)  # before trafilatura spends its time on it
    return tree


def _lenient_tree(html: str) -> HtmlElement | None:
    """lxml's own parse, for a page trafilatura refuses as not HTML: its og: tags still
    credit a body found in a script payload."""
    try:
        return lxml.html.fromstring(html)
    except (ParserError, ValueError):
        return None


def _text(tree: HtmlElement, url: str | None, origin: str, *, fast: bool) -> str | None:
    """trafilatura's text of the page; None when it found no document at all."""
    try:
        result = trafilatura.bare_extraction(
            tree,
            url=url,
            fast=fast,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
        )
    except Exception as exc:  # trafilatura/lxml raise assorted errors on broken markup
        raise ExtractError(f"cannot parse the page: {exc}", subject=origin) from exc
    if result is None:
        return None
    text = result.get("text") if isinstance(result, dict) else result.text
    return text or ""


def _page_info(tree: HtmlElement, url: str | None, origin: str) -> PageInfo:
    try:
        return page_info(tree, url)
    except Exception as exc:  # trafilatura/htmldate raise assorted errors on broken markup
        raise ExtractError(f"cannot parse the page: {exc}", subject=origin) from exc


def _page_info_or_error(tree: HtmlElement, url: str | None, origin: str) -> PageInfo | ExtractError:
    try:
        return _page_info(tree, url, origin)
    except ExtractError as exc:
        return exc


class _HiddenPage:
    """The Next.js payload of a page as a parsed page, built at most once and only when
    the visible markup holds no body: most pages never pay for scanning their scripts."""

    def __init__(self, html: str, origin: str) -> None:
        self._html, self._origin = html, origin
        self._tree: HtmlElement | None = None
        self._done = False

    def __call__(self) -> HtmlElement | None:
        if not self._done:
            self._done = True
            hidden = _next_payload_html(self._html)
            self._tree = _parse(hidden, self._origin) if hidden else None
            if self._tree is not None:
                separate_blocks(self._tree)
        return self._tree


def _article(document: Document, text: str, info: PageInfo, meta: dict[str, str]) -> Article:
    origin = document.origin
    site_name = _site_name(meta.get("og:site_name") or info.sitename)
    raw_title = meta.get("og:title") or info.title or ""
    title = clean_text(strip_site_suffix(clean_text(raw_title), site_name))
    if site_name in PORTALS:
        site_name = byline_outlet(text) or _first(info.author) or site_name
    paragraphs = paragraphs_of(text, title=title)
    if sum(len(p) for p in paragraphs) < MIN_BODY_CHARS:
        raise ExtractError("no article text found in the page (body too short)", subject=origin)
    if not title:
        title = paragraphs[0][:60]
    return Article(
        origin=origin,
        title=title,
        paragraphs=paragraphs,
        url=_first_web_url(meta.get("canonical"), meta.get("og:url"), info.url, document.url),
        site_name=site_name,
        published=_date(info.date),
        image=_first_web_url(meta.get("og:image"), info.image),
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
