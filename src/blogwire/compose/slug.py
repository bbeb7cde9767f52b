"""File-name-safe slugs for Jekyll's `_posts/YYYY-MM-DD-slug.md`."""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG_CHARS = 60
# Names Windows refuses as file names, whatever the extension.
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)
_UNSAFE = re.compile(r"[^0-9a-z\uac00-\ud7a3]+")


def slugify(title: str) -> str:
    """Hangul syllables, ASCII letters and digits joined by '-'; never empty, never reserved."""
    text = unicodedata.normalize("NFC", title).lower()
    slug = _UNSAFE.sub("-", text).strip("-")
    if len(slug) > MAX_SLUG_CHARS:
        slug = slug[:MAX_SLUG_CHARS].rsplit("-", 1)[0] or slug[:MAX_SLUG_CHARS]
    slug = slug.strip("-")
    if not slug:
        return "post"
    if slug.split("-")[0] in _RESERVED:
        slug = f"post-{slug}"
    return slug
