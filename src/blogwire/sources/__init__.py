"""Sources: turn what the user named (a path or a URL) into a decoded Document."""

from __future__ import annotations

from pathlib import Path

from blogwire.models import Document
from blogwire.settings import FetchSettings
from blogwire.sources.files import read_file
from blogwire.sources.http import fetch_url


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def load(source: str, settings: FetchSettings) -> Document:
    """Read a file or fetch a URL."""
    if is_url(source):
        return fetch_url(source, settings)
    return read_file(Path(source), settings)


__all__ = ["fetch_url", "is_url", "load", "read_file"]
