"""Fetch an article URL with httpx: timeout, size cap, redirect limit, charset detection."""

from __future__ import annotations

import httpx

from blogwire.errors import SourceError
from blogwire.models import Document
from blogwire.settings import FetchSettings
from blogwire.sources.charset import decode


def fetch_url(url: str, settings: FetchSettings) -> Document:
    headers = {"User-Agent": settings.user_agent, "Accept": "text/html,text/plain;q=0.9,*/*;q=0.5"}
    try:
        with (
            httpx.Client(
                follow_redirects=True,
                max_redirects=settings.max_redirects,
                timeout=settings.timeout,
                headers=headers,
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise SourceError(f"HTTP {response.status_code}", subject=url)
            data = _read_capped(response, settings.max_bytes, url)
            content_type = response.headers.get("content-type", "")
            final_url = str(response.url)
    except httpx.TooManyRedirects as exc:
        raise SourceError("too many redirects", subject=url) from exc
    except httpx.TimeoutException as exc:
        raise SourceError(f"timed out after {settings.timeout:g} s", subject=url) from exc
    except httpx.HTTPError as exc:
        raise SourceError(f"cannot fetch: {exc}", subject=url) from exc
    if not data.strip():
        raise SourceError("empty response", subject=url)
    declared = _charset_of(content_type)
    is_html = "text/plain" not in content_type
    text, encoding = decode(data, declared=declared, is_html=is_html)
    return Document(
        origin=url, text=text, kind="html" if is_html else "text", url=final_url, encoding=encoding
    )


def _read_capped(response: httpx.Response, limit: int, url: str) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise SourceError(
            f"page is {int(declared):,} bytes, over the {limit:,}-byte limit", subject=url
        )
    chunks: list[bytes] = []
    total = 0
    for chunk in response.iter_bytes():
        total += len(chunk)
        if total > limit:
            raise SourceError(f"page is over the {limit:,}-byte limit", subject=url)
        chunks.append(chunk)
    return b"".join(chunks)


def _charset_of(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None
