"""What a build writes besides the HTML pages, and the folder it all goes to.

The Atom feed and the sitemap take their times from the posts, never from the
clock, so the same posts give the same bytes. Files are written to a temporary
folder beside the output, which replaces the output only once everything is
written: a failed build leaves the previous site as it was.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from xml.etree import ElementTree

from feedgen.feed import FeedGenerator

from blogwire.errors import SiteError
from blogwire.site.posts import SiteConfig, SitePost

FEED_PATH = "/feed.xml"
SITEMAP_PATH = "/sitemap.xml"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
FEED_ENTRIES = 20  # the newest posts; a feed reader only needs what is new
ASSETS = "/assets/"
STYLESHEET = "blogwire.css"
# Marks a folder a build wrote, so a build never replaces a folder it did not make.
MARKER = ".blogwire-site"
MARKER_TEXT = "Built by `blogwire build`; the whole folder is replaced by the next build.\n"


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    url: str  # absolute, percent-encoded
    lastmod: date


def atom_feed(
    config: SiteConfig, posts: Sequence[SitePost], updated: datetime, *, limit: int = FEED_ENTRIES
) -> bytes:
    """An Atom feed of the newest `limit` posts (newest first), with their full bodies."""
    feed = FeedGenerator()
    home = absolute_url(config, "/")
    feed.id(home)
    feed.title(config.title)
    feed.subtitle(config.description or config.title)
    feed.author({"name": config.title})  # Atom requires an author; the site is its own
    feed.link(href=home, rel="alternate", type="text/html")
    feed.link(href=absolute_url(config, FEED_PATH), rel="self", type="application/atom+xml")
    feed.language("ko")
    feed.generator("blogwire")  # no version, so an upgrade alone does not change the feed
    feed.updated(updated)
    for post in posts[:limit]:
        entry = feed.add_entry(order="append")
        link = absolute_url(config, post.url)
        entry.id(link)
        entry.title(post.title)
        entry.link(href=link, rel="alternate", type="text/html")
        entry.published(post.published)
        entry.updated(post.published)  # feedgen would otherwise stamp the current time
        if post.excerpt:
            entry.summary(post.excerpt)
        entry.content(_entry_html(post), type="html")
        for name in post.categories:
            entry.category(term=name)
    atom: bytes = feed.atom_str(pretty=True)
    return atom


def sitemap(entries: Sequence[SitemapEntry]) -> bytes:
    ElementTree.register_namespace("", SITEMAP_NS)
    root = ElementTree.Element(f"{{{SITEMAP_NS}}}urlset")
    for item in sorted(entries, key=lambda e: e.url):
        url = ElementTree.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ElementTree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = item.url
        ElementTree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = item.lastmod.isoformat()
    ElementTree.indent(root)
    xml: bytes = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return xml + b"\n"


def relative_url(config: SiteConfig, url: str) -> str:
    """Jekyll's `relative_url`: a site path gets the baseurl; anything else is left alone."""
    return config.baseurl + url if url.startswith("/") and not url.startswith("//") else url


def absolute_url(config: SiteConfig, url: str) -> str:
    """Jekyll's `absolute_url`: a site path gets the site's URL; a full URL is left alone."""
    relative = relative_url(config, url)
    return config.url + relative if relative.startswith("/") else relative


def _entry_html(post: SitePost) -> str:
    # the source line belongs in the feed too: readers there should see the origin
    if post.credit_html:
        return f'{post.body_html}<p data-blogwire="source">{post.credit_html}</p>\n'
    return post.body_html


def check_target(site_dir: Path, target: Path) -> None:
    """Refuse an output folder whose replacement would lose the user's files."""
    if target == site_dir or target in site_dir.parents:
        raise SiteError("the output folder would replace the site itself", subject=str(target))
    for kept in ("_posts", "_drafts", "templates"):
        if target == site_dir / kept or (site_dir / kept) in target.parents:
            raise SiteError(f"the output folder is inside {kept}/", subject=str(target))
    if target.exists() and not target.is_dir():
        raise SiteError("the output path is a file, not a folder", subject=str(target))
    default = target == site_dir / "_site"  # Jekyll's own output folder, always replaceable
    ours = (target / MARKER).exists()
    if target.is_dir() and not default and not ours and any(target.iterdir()):
        raise SiteError(
            "the output folder has files blogwire did not build; empty it or pick another",
            subject=str(target),
        )


@contextmanager
def staged_folder(target: Path) -> Iterator[Path]:
    """A fresh folder beside `target` that replaces it when the block ends without an
    error, and is removed when it does not."""
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.build-", dir=target.parent))
    try:
        work.chmod(0o755)  # mkdtemp makes it private; a web server must read the site
        yield work
        write_file(work, "/" + MARKER, MARKER_TEXT.encode("utf-8"))
        _swap(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def write_file(root: Path, path: str, data: bytes) -> None:
    """`data` at the site path `path` (such as /feed.xml) under `root`."""
    target = root / path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def static_files() -> list[tuple[str, bytes]]:
    """The theme's files for /assets/, as (name, bytes), sorted."""
    folder = resources.files("blogwire.site") / "static"
    return sorted((item.name, item.read_bytes()) for item in folder.iterdir() if item.is_file())


def stylesheet() -> str:
    return (resources.files("blogwire.site") / "static" / STYLESHEET).read_text(encoding="utf-8")


def _swap(work: Path, target: Path) -> None:
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        old.rmdir()  # only the unique name is wanted; rename needs it free
        target.rename(old)
    try:
        work.rename(target)
    except OSError as exc:
        if old is not None:
            old.rename(target)  # put the previous site back
        raise SiteError(f"cannot replace the output folder: {exc}", subject=str(target)) from exc
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
