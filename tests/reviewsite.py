"""A real site with drafts to review: `init --demo`, then `run` with run.review = true.

Composing the ten demo articles takes a few seconds, so the site is built once per
test session and every test gets its own copy (files and store together).
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

from blogwire.core import Blogwire
from blogwire.settings import Settings, load_settings

_TEMPLATE: list[Path] = []


def review_settings(site: Path) -> Settings:
    settings = load_settings(site / "blogwire.toml", environ={})
    return dataclasses.replace(settings, run=dataclasses.replace(settings.run, review=True))


def _template() -> Path:
    if not _TEMPLATE:
        root = Path(tempfile.mkdtemp(prefix="blogwire-review-site-"))
        atexit.register(shutil.rmtree, root, True)
        site = root / "site"
        Blogwire(Settings()).init_site(site, demo=True)
        summary = Blogwire(review_settings(site)).run()
        assert len(summary.posts) == 10 and not summary.failures, summary
        _TEMPLATE.append(site)
    return _TEMPLATE[0]


def review_site(target: Path) -> tuple[Path, Settings]:
    """A fresh copy of the site with 10 drafts in `_drafts/`, at `target`."""
    shutil.copytree(_template(), target)
    return target, review_settings(target)


@contextlib.contextmanager
def database(settings: Settings) -> Iterator[sqlite3.Connection]:
    """The store's file opened directly, to look at or plant rows the API would not."""
    db = sqlite3.connect(settings.site_dir / settings.run.database, isolation_level=None)
    try:
        yield db
    finally:
        db.close()


def snapshot(site: Path) -> dict[str, bytes]:
    """Every post file, drafts and published, by path: to show nothing changed."""
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for folder in ("_drafts", "_posts")
        for p in sorted((site / folder).glob("*.md"))
    }


def posts_table(settings: Settings) -> list[tuple[object, ...]]:
    with database(settings) as db:
        return db.execute(
            "SELECT id, path, title, state, content FROM posts ORDER BY id"
        ).fetchall()
