"""The bundled sample news: fictional Korean articles written for the demo."""

from __future__ import annotations

import html
import re
import shutil
from importlib import resources
from pathlib import Path

from blogwire.publish import write_atomic

_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')


def demo_pages() -> list[Path]:
    """Paths of the bundled article pages, in order."""
    folder = resources.files("blogwire.demo") / "data"
    return sorted(Path(str(entry)) for entry in folder.iterdir() if entry.name.endswith(".html"))


def demo_feed() -> Path:
    return Path(str(resources.files("blogwire.demo") / "data" / "feed.xml"))


def install_demo_feed(folder: Path) -> Path:
    """Copy the demo pages and an RSS feed that links to them as local files into
    `folder`, so `blogwire run` works on the demo with no network. Returns the feed."""
    folder.mkdir(parents=True, exist_ok=True)
    feed = demo_feed().read_text(encoding="utf-8")
    for page in demo_pages():
        shutil.copyfile(page, folder / page.name)
        match = _CANONICAL.search(page.read_text(encoding="utf-8"))
        if match:
            original = html.unescape(match.group(1))
            feed = feed.replace(
                f"<link>{html.escape(original, quote=False)}</link>", f"<link>{page.name}</link>"
            )
    # the channel's own web link would make relative item links resolve to the web
    feed = re.sub(r"<link>https?://[^<]*</link>", "", feed)
    target = folder / "feed.xml"
    write_atomic(target, feed)
    return target
