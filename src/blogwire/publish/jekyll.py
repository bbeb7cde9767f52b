"""Publish rendered posts into a site folder (Jekyll `_posts/`, or an export folder)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from blogwire.errors import PublishError
from blogwire.models import PublishedPost, RenderedPost
from blogwire.publish.files import write_atomic

POSTS_DIR = "_posts"
MAX_SAME_DAY_SLUGS = 99


def publish_post(
    rendered: RenderedPost, site_dir: Path, origin: str, *, overwrite: bool = False
) -> PublishedPost:
    """Write the post; an identical file is left alone, a different one is never clobbered
    (the new post takes the next free `-2`, `-3` … name) unless `overwrite` is set."""
    target = free_path(site_dir / rendered.path, rendered.text, overwrite=overwrite)
    written = not holds(target, rendered.text)
    if written:
        write_atomic(target, rendered.text)
    return PublishedPost(
        origin=origin,
        title=rendered.post.title,
        path=str(target),
        sections=len(rendered.post.sections),
        written=written,
    )


def free_path(first: Path, text: str, *, overwrite: bool = False) -> Path:
    """`first`, or `stem-2.ext`, `stem-3.ext` … : the first name that is free or already
    holds exactly `text`. Whatever else sits at a name (the user's file in any encoding,
    a folder, a link, a pipe) is the user's: it is never read as a post, never replaced,
    and its name is taken. `overwrite` replaces only a regular file."""
    if not os.path.lexists(first) or (overwrite and _is_regular(first)):
        return first
    for n in range(1, MAX_SAME_DAY_SLUGS + 1):
        candidate = first if n == 1 else first.with_name(f"{first.stem}-{n}{first.suffix}")
        if not os.path.lexists(candidate) or holds(candidate, text):
            return candidate
    raise PublishError(f"more than {MAX_SAME_DAY_SLUGS} posts share this name", subject=str(first))


def holds(path: Path, text: str) -> bool:
    """Whether `path` is a regular file (not a link, a folder, a device or a pipe) whose
    bytes are exactly `text` in UTF-8. Compared as bytes and read no further than the
    post's own length, so no file of the user's can make this fail or hang."""
    data = text.encode("utf-8")
    try:
        if not _is_regular(path) or path.lstat().st_size != len(data):
            return False
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        try:
            return os.read(fd, len(data) + 1) == data
        finally:
            os.close(fd)
    except OSError:
        return False


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


JEKYLL_CONFIG = """\
# Jekyll site written by blogwire; theme: Alembic (https://github.com/daviddarnes/alembic)
title: {title}
description: {description}
lang: ko-KR
remote_theme: daviddarnes/alembic@main
plugins:
  - jekyll-remote-theme
  - jekyll-feed
  - jekyll-sitemap
  - jekyll-seo-tag
permalink: /:year/:month/:day/:title/
defaults:
  - scope:
      path: ""
      type: posts
    values:
      layout: post
"""

GEMFILE = """\
source "https://rubygems.org"
gem "jekyll", "~> 4.3"
gem "jekyll-remote-theme"
gem "jekyll-feed"
gem "jekyll-sitemap"
gem "jekyll-seo-tag"
"""


def write_site_skeleton(site_dir: Path, title: str, description: str) -> None:
    """`_config.yml` for the Alembic theme and a Gemfile, unless the site already has them."""
    config = site_dir / "_config.yml"
    if not config.exists():
        write_atomic(config, JEKYLL_CONFIG.format(title=title, description=description))
    gemfile = site_dir / "Gemfile"
    if not gemfile.exists():
        write_atomic(gemfile, GEMFILE)
    (site_dir / POSTS_DIR).mkdir(parents=True, exist_ok=True)
