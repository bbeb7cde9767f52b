"""The facade: the one object the CLI and the web UI call, and nothing else.

Each method only delegates: the work is in the stage packages (sources -> extract
-> analyze -> compose -> render -> publish), made into posts by
`blogwire.pipeline`, and in `run/` (feeds), `review/` (the desk), `site/` (the
static site) and `store/`. The types an adapter handles are importable from here,
so `cli/` and `web/` need only this module, `errors`, `models` and `settings`.
Imports are made inside the methods so that `blogwire --help` loads no model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from blogwire.lazy import lazy_attributes
from blogwire.models import BatchResult, OutputFormat, Post, RenderedPost
from blogwire.settings import FeedConfig, Settings, TargetConfig

if TYPE_CHECKING:
    from blogwire.publish.batch import ProgressCallback
    from blogwire.publish.targets import TargetCheck
    from blogwire.render.check import Reuse
    from blogwire.review import (
        EditedSentence,
        PostEdit,
        QueueItem,
        ReviewDesk,
        SectionSentences,
        SentenceEdit,
        StoryView,
    )
    from blogwire.run.session import StoreStatus
    from blogwire.run.summary import EventCallback, RunSummary
    from blogwire.site import BuildResult
    from blogwire.store import FeedState

__all__ = [
    "Blogwire",
    "BuildResult",
    "EditedSentence",
    "EventCallback",
    "FeedState",
    "PostEdit",
    "ProgressCallback",
    "QueueItem",
    "ReviewDesk",
    "RunSummary",
    "SectionSentences",
    "SentenceEdit",
    "StoreStatus",
    "StoryView",
    "TargetCheck",
]


class Blogwire:
    """blogwire for one site's settings. `environ` is where the LLM writer finds its
    API key (the variable named by `llm.api_key_env`); nothing else reads it."""

    def __init__(self, settings: Settings, *, environ: Mapping[str, str] | None = None) -> None:
        self.settings = settings
        self.environ: Mapping[str, str] = environ or {}

    # -- posts from sources ---------------------------------------------------

    def compose(
        self, source: str, *, date: dt.date | None = None, categories: Sequence[str] | None = None
    ) -> Post:
        """The post of one file or URL, written by the configured writer."""
        from blogwire.pipeline import source_post

        return source_post(source, self.settings, self.environ, date=date, categories=categories)

    def render(self, post: Post, fmt: OutputFormat = OutputFormat.JEKYLL) -> RenderedPost:
        from blogwire.render.formats import render_as

        return render_as(post, self.settings.post, fmt)

    def compose_many(
        self,
        sources: Sequence[str],
        site_dir: Path,
        *,
        date: dt.date | None = None,
        categories: Sequence[str] | None = None,
        overwrite: bool = False,
        fmt: OutputFormat = OutputFormat.JEKYLL,
        on_item: ProgressCallback | None = None,
    ) -> BatchResult:
        """One post per source (a folder stands for the pages and texts in it), written
        in source order; a bad source is reported and the batch goes on."""
        from blogwire.pool import compose_sources
        from blogwire.publish.batch import write_batch
        from blogwire.render.formats import render_items

        posts = compose_sources(
            self.settings,
            self.expand_sources(sources),
            self.environ,
            date=date,
            categories=categories,
        )
        rendered = render_items(posts, self.settings.post, fmt)
        return write_batch(rendered, site_dir, overwrite=overwrite, on_item=on_item)

    @staticmethod
    def expand_sources(sources: Sequence[str]) -> list[str]:
        """Folders become the .html/.htm/.txt/.md files inside them, sorted."""
        from blogwire.sources.files import expand_sources

        return expand_sources(sources)

    def check(self, path: Path, *, require_source: bool = True) -> list[str]:
        """Every problem of a post file against the post format, one line each."""
        from blogwire.render.check import check_file

        return check_file(
            path,
            self.settings.post,
            max_bytes=self.settings.fetch.max_bytes,
            require_source=require_source,
        )

    def reuse(self, path: Path, source: str) -> Reuse:
        """How much of `source` (a page, text file or URL, read as `compose` reads it)
        the post file at `path` reprints; `.within(post.max_source_share)` says whether
        that is within the setting (or a brief's 400 characters)."""
        from blogwire.pipeline import read_source
        from blogwire.render.check import post_reuse
        from blogwire.sources.files import read_limited

        article = read_source(source, self.settings.fetch)
        raw = read_limited(path, self.settings.fetch.max_bytes, what="file")
        return post_reuse(raw.decode("utf-8", errors="replace"), article.paragraphs)

    @staticmethod
    def demo_sources() -> list[str]:
        from blogwire.demo import demo_pages

        return [str(p) for p in demo_pages()]

    def demo(self, site_dir: Path, *, on_item: ProgressCallback | None = None) -> BatchResult:
        """The bundled sample news composed into a Jekyll site folder."""
        from blogwire.publish import write_site_skeleton

        write_site_skeleton(site_dir, "blogwire demo", "blogwire가 샘플 뉴스로 만든 블로그 글 모음")
        return self.compose_many(self.demo_sources(), site_dir, overwrite=True, on_item=on_item)

    # -- a site that follows feeds ----------------------------------------------

    @staticmethod
    def init_site(site_dir: Path, *, demo: bool = False) -> list[Path]:
        """A new site folder (blogwire.toml, Jekyll skeleton); returns the files written."""
        from blogwire.config_file import init_site

        return init_site(site_dir, demo=demo)

    @staticmethod
    def feeds(config: Path) -> list[FeedConfig]:
        from blogwire.config_file import read_feeds

        return read_feeds(config)

    @staticmethod
    def add_feed(config: Path, feed: FeedConfig) -> None:
        from blogwire.config_file import add_feed

        add_feed(config, feed)

    @staticmethod
    def remove_feed(config: Path, url: str) -> None:
        from blogwire.config_file import remove_feed

        remove_feed(config, url)

    @staticmethod
    def targets(config: Path) -> list[TargetConfig]:
        from blogwire.config_file import read_targets

        return read_targets(config)

    @staticmethod
    def add_target(config: Path, target: TargetConfig) -> None:
        from blogwire.config_file import add_target

        add_target(config, target)

    @staticmethod
    def remove_target(config: Path, name: str) -> None:
        from blogwire.config_file import remove_target

        remove_target(config, name)

    def check_target(self, name: str) -> TargetCheck:
        """Log in to the target and say as whom, whether WordPress filters the user's
        HTML (no `unfiltered_html`), and how many posts the next run sends."""
        from blogwire.publish.targets import check_target

        return check_target(self.settings, name, self.environ)

    @staticmethod
    def interval(text: str) -> int:
        """Seconds of an interval such as '90s', '30m', '1h', '1d'."""
        from blogwire.run.session import parse_interval

        return parse_interval(text)

    def run(
        self,
        *,
        dry_run: bool = False,
        fmt: OutputFormat = OutputFormat.JEKYLL,
        review: bool | None = None,
        git: bool | None = None,
        on_event: EventCallback | None = None,
    ) -> RunSummary:
        """Fetch every feed, group stories, publish new posts (see blogwire.run)."""
        from blogwire.run.session import run_site

        return run_site(
            self.settings,
            self.environ,
            dry_run=dry_run,
            fmt=fmt,
            review=review,
            git=git,
            on_event=on_event,
        )

    def status(self) -> StoreStatus:
        """Each feed's last fetch, counts by state and the latest posts."""
        from blogwire.run.session import site_status

        return site_status(self.settings)

    def build(self, out_dir: Path | None = None) -> BuildResult:
        """The static site of the site's posts (blogwire.site)."""
        from blogwire.site import build_site

        return build_site(self.settings, out_dir)

    @cached_property
    def desk(self) -> ReviewDesk:
        """The review desk over the site's store (blogwire.review)."""
        from blogwire.review import ReviewDesk

        return ReviewDesk(self.settings, self.environ)


# The adapters' types, loaded on first use like the methods' own imports: module
# paths below are relative to the blogwire package.
_TYPES = {
    "BuildResult": "site",
    "EditedSentence": "review",
    "EventCallback": "run.summary",
    "FeedState": "store",
    "PostEdit": "review",
    "ProgressCallback": "publish.batch",
    "QueueItem": "review",
    "ReviewDesk": "review",
    "RunSummary": "run.summary",
    "SectionSentences": "review",
    "SentenceEdit": "review",
    "StoreStatus": "run.session",
    "StoryView": "review",
    "TargetCheck": "publish.targets",
}

__getattr__ = lazy_attributes("blogwire", _TYPES)
