"""Read a local file into a Document."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from blogwire.errors import SourceError
from blogwire.models import Document
from blogwire.settings import FetchSettings
from blogwire.sources.charset import binary_kind, decode

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})


def read_file(path: Path, settings: FetchSettings) -> Document:
    origin = str(path)
    if not path.exists():
        raise SourceError("no such file", subject=origin)
    if path.is_dir():
        raise SourceError("is a folder, not a file", subject=origin)
    suffix = path.suffix.lower()
    if suffix not in HTML_SUFFIXES | TEXT_SUFFIXES:
        raise SourceError(
            "unsupported file type (expected .html, .htm, .txt or .md)", subject=origin
        )
    data = read_capped(path, settings, what="file", expected="a web page or text file")
    is_html = suffix in HTML_SUFFIXES
    text, encoding = decode(data, is_html=is_html)
    return Document(origin=origin, text=text, kind="html" if is_html else "text", encoding=encoding)


def read_capped(path: Path, settings: FetchSettings, *, what: str, expected: str) -> bytes:
    """A local file's bytes within the size cap: not missing, not a folder, not empty,
    not binary. `what` names the file in messages ("file", "feed file")."""
    subject = str(path)
    if not path.exists():
        raise SourceError(f"no such {what}", subject=subject)
    if path.is_dir():
        raise SourceError(f"is a folder, not a {what}", subject=subject)
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            raise SourceError(
                f"{what} is {size:,} bytes, over the {settings.max_bytes:,}-byte limit",
                subject=subject,
            )
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}", subject=subject) from exc
    if not data.strip():
        raise SourceError(f"{what} is empty", subject=subject)
    kind = binary_kind(data)
    if kind:
        raise SourceError(f"not {expected}: it is {kind}", subject=subject)
    return data


def expand_sources(sources: Sequence[str]) -> list[str]:
    """Folders become the .html/.htm/.txt/.md files inside them, sorted."""
    out: list[str] = []
    for source in sources:
        folder = Path(source)
        if "://" not in source and folder.is_dir():
            out.extend(
                str(p)
                for p in sorted(folder.rglob("*"))
                if p.is_file() and p.suffix.lower() in HTML_SUFFIXES | TEXT_SUFFIXES
            )
        else:
            out.append(source)
    return out
