"""What a build writes besides the HTML pages, and the folder it all goes to.

The Atom feed and the sitemap take their times from the posts, never from the
clock, so the same posts give the same bytes. Files are written to a temporary
folder beside the output, which replaces the output only once everything is
written: a failed build leaves the previous site as it was. The replacement is one
rename that swaps the two folders (Linux's renameat2 RENAME_EXCHANGE), so a build
killed at any moment leaves the old site or the new one, never none; the old site
then sits in the temporary folder until it is removed. A build holds a lock on the
output's parent folder (flock, freed by the kernel even on SIGKILL) and, holding it,
removes what killed builds left beside the output.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import re
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
from blogwire.faults import crash_point
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


def output_folder(site_dir: Path, out_dir: Path | None) -> Path:
    """The output folder, resolved and checked (see check_target). A path that cannot
    be resolved (a symbolic link loop, a folder that cannot be read) is one error."""
    given = out_dir if out_dir is not None else site_dir / "_site"
    try:
        target = given.resolve()
        check_target(site_dir.resolve(), target)
    except (OSError, RuntimeError) as exc:  # RuntimeError: Path.resolve's symlink loop
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise SiteError(f"cannot use the output folder: {reason}", subject=str(given)) from None
    return target


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
    error, and is removed when it does not. An OSError (a full disk, a folder that
    cannot be written) is a SiteError naming the output."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with _build_lock(target.parent):
            _sweep(target)
            work = Path(tempfile.mkdtemp(prefix=f".{target.name}.build-", dir=target.parent))
            try:
                work.chmod(0o755)  # mkdtemp makes it private; a web server must read the site
                yield work
                write_file(work, "/" + MARKER, MARKER_TEXT.encode("utf-8"))
                crash_point("build", "staged")
                _swap(work, target)
            finally:
                shutil.rmtree(work, ignore_errors=True)  # the new site's leftovers or the old site
    except OSError as exc:
        raise SiteError(
            f"cannot write the site: {exc.strerror or exc}", subject=str(target)
        ) from None


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


@contextmanager
def _build_lock(folder: Path) -> Iterator[None]:
    """One build at a time per output folder's parent: a second build would sweep the
    first one's work away."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SiteError(
                "another build is writing this folder; try again when it ends",
                subject=str(folder),
            ) from None
        yield
    finally:
        os.close(fd)  # frees the lock


def _sweep(target: Path) -> None:
    """Remove the work and old folders of builds that were killed: only a build holding
    the lock writes them, and we hold it."""
    stale = re.compile(rf"\.{re.escape(target.name)}\.(build|old)-[A-Za-z0-9_]+")
    for path in target.parent.iterdir():
        if stale.fullmatch(path.name) and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(one: Path, other: Path) -> bool:
    """Swap two folders in one atomic rename; False where the system cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:  # not Linux, or a C library older than glibc 2.28
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(one), _AT_FDCWD, os.fsencode(other), _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):  # this file system cannot
        return False
    raise OSError(code, os.strerror(code), str(other))


def _swap(work: Path, target: Path) -> None:
    """`work` becomes `target`; the previous site ends up in `work`, to be removed."""
    if not target.exists():
        work.rename(target)
        return
    if _exchange(work, target):
        crash_point("build", "swap")
        return
    # Two renames: a kill between them leaves no `target` until the next build
    # (documented in SECURITY.md); only where the exchange is not supported.
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    old.rmdir()  # only the unique name is wanted; rename needs it free
    target.rename(old)
    crash_point("build", "swap")
    try:
        work.rename(target)
    except OSError:
        old.rename(target)  # put the previous site back
        raise
    old.rename(work)
