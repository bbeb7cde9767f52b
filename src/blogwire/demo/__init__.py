"""The bundled sample news: fictional Korean articles written for the demo."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def demo_pages() -> list[Path]:
    """Paths of the bundled article pages, in order."""
    folder = resources.files("blogwire.demo") / "data"
    return sorted(Path(str(entry)) for entry in folder.iterdir() if entry.name.endswith(".html"))


def demo_feed() -> Path:
    return Path(str(resources.files("blogwire.demo") / "data" / "feed.xml"))
