"""The article's image, downloaded to be uploaded to a target (upload_images = true).

The image URL came from a stranger's page, so it passes the same link guard as the
feed's links (no internal hosts unless fetch.allow_private_hosts lists them) and the
same size cap and timeout as any page.
"""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath
from urllib.parse import urlsplit

import httpx

from blogwire.errors import PublishError, SourceError
from blogwire.settings import FetchSettings
from blogwire.sources.guard import check_link

_IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})


def download_image(url: str, fetch: FetchSettings) -> tuple[bytes, str, str]:
    """(bytes, file name, content type) of the image; PublishError naming the URL."""
    try:
        check_link(url, feed_url="", allow=fetch.allow_private_hosts)
    except SourceError as exc:
        raise PublishError(f"image not uploaded: {exc.message}", subject=url) from exc
    try:
        with httpx.stream(
            "GET",
            url,
            timeout=fetch.timeout,
            headers={"User-Agent": fetch.user_agent},
            follow_redirects=False,
        ) as response:
            if response.status_code != 200:
                raise PublishError(f"image not uploaded: HTTP {response.status_code}", subject=url)
            data = b""
            for chunk in response.iter_bytes():
                data += chunk
                if len(data) > fetch.max_bytes:
                    raise PublishError("image not uploaded: over fetch.max_bytes", subject=url)
            kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
    except httpx.HTTPError as exc:
        raise PublishError(f"image not uploaded: {exc}", subject=url) from exc
    if kind not in _IMAGE_TYPES:
        raise PublishError(f"image not uploaded: the server sent {kind or 'no type'}", subject=url)
    name = PurePosixPath(urlsplit(url).path).name or "image"
    if "." not in name:
        name += mimetypes.guess_extension(kind) or ""
    return data, name.replace('"', ""), kind
