"""The one entry point that runs the stages; the CLI and the web UI only call this."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from blogwire.errors import BlogwireError
from blogwire.models import Analysis, Article, OutputFormat, Post, PublishedPost, RenderedPost
from blogwire.settings import Settings

if TYPE_CHECKING:
    from blogwire.llm import PolishResult
    from blogwire.run import RunSummary
    from blogwire.site import BuildResult
    from blogwire.store import FeedState, PostRecord, StoreCounts


@dataclass(frozen=True, slots=True)
class Failure:
    origin: str
    error: BlogwireError

    def __str__(self) -> str:
        return str(self.error) if self.error.subject else f"{self.origin}: {self.error}"


@dataclass(frozen=True, slots=True)
class BatchResult:
    published: tuple[PublishedPost, ...] = field(default=())
    failures: tuple[Failure, ...] = field(default=())


ProgressCallback = Callable[[str, PublishedPost | Failure], None]


@dataclass(frozen=True, slots=True)
class StoreStatus:
    feeds: tuple[FeedState, ...]
    counts: StoreCounts
    latest: tuple[PostRecord, ...]


def expand_sources(sources: Sequence[str]) -> list[str]:
    """Folders become the .html/.htm/.txt/.md files inside them, sorted."""
    from blogwire.sources.files import HTML_SUFFIXES, TEXT_SUFFIXES

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


class Blogwire:
    """Runs sources -> extract -> analyze -> compose -> render -> publish."""

    def __init__(self, settings: Settings, *, environ: Mapping[str, str] | None = None) -> None:
        self.settings = settings
        # only the LLM writer reads it (the API key named by llm.api_key_env)
        self.environ: Mapping[str, str] = environ or {}

    def load(self, source: str) -> Article:
        from blogwire.extract import extract
        from blogwire.sources import load

        return extract(load(source, self.settings.fetch))

    def analyze(self, article: Article) -> Analysis:
        from blogwire.analyze import analyze

        return analyze(article)

    def compose(
        self,
        source: str,
        *,
        date: dt.date | None = None,
        categories: Sequence[str] | None = None,
    ) -> Post:
        from blogwire.compose.post import compose_post

        analysis = self.analyze(self.load(source))
        post = compose_post(analysis, self.settings.post, date=date, categories=categories)
        if self.settings.writer.engine == "llm":
            post = self.polish(post, analysis).post
        return post

    def polish(self, post: Post, analysis: Analysis) -> PolishResult:
        """The LLM writer over an extractive post, behind the fact guard (blogwire.llm)."""
        from blogwire.llm import polish_post

        return polish_post(
            post,
            analysis,
            self.settings.llm,
            environ=self.environ,
            post_settings=self.settings.post,
        )

    def render(self, post: Post, fmt: OutputFormat = OutputFormat.JEKYLL) -> RenderedPost:
        from blogwire.render.formats import render_as

        return render_as(post, self.settings.post, fmt)

    def compose_to_site(
        self,
        source: str,
        site_dir: Path,
        *,
        date: dt.date | None = None,
        categories: Sequence[str] | None = None,
        overwrite: bool = False,
        fmt: OutputFormat = OutputFormat.JEKYLL,
    ) -> PublishedPost:
        from blogwire.publish import publish_post

        rendered = self.render(self.compose(source, date=date, categories=categories), fmt)
        return publish_post(rendered, site_dir, source, overwrite=overwrite)

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
        """One post per source (a folder stands for the pages and texts in it); a bad
        source is recorded and the batch goes on.

        Many sources are composed in `run.workers` processes (see `_posts`). Writing a
        post mostly waits on the disk (the fsync of `write_atomic`, 0.5-8 ms), so a
        writer thread writes post N while post N+1 is composed. It writes one post at a
        time in source order, so a post still sees every earlier post's file when it
        picks a free name; results and `on_item` calls come in source order.
        """
        from blogwire.publish import publish_post

        sources = expand_sources(sources)
        published: list[PublishedPost] = []
        failures: list[Failure] = []
        pending: deque[tuple[str, Future[PublishedPost]]] = deque()

        def report(source: str, item: PublishedPost | Failure) -> None:
            if isinstance(item, Failure):
                failures.append(item)
            else:
                published.append(item)
            if on_item is not None:
                on_item(source, item)

        def settle(*, wait: bool) -> None:
            """Report the finished writes, oldest first (all of them with `wait`)."""
            while pending and (wait or pending[0][1].done()):
                source, future = pending.popleft()
                try:
                    report(source, future.result())
                except BlogwireError as exc:
                    report(source, Failure(source, exc))

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="blogwire-write") as writer:
            for source, post in self._posts(sources, date, categories):
                error = post if isinstance(post, BlogwireError) else None
                if not isinstance(post, BlogwireError):
                    try:
                        rendered = self.render(post, fmt)
                    except BlogwireError as exc:
                        error = exc
                if error is not None:
                    settle(wait=True)  # the earlier sources are reported first
                    report(source, Failure(source, error))
                    continue
                write = writer.submit(publish_post, rendered, site_dir, source, overwrite=overwrite)
                pending.append((source, write))
                settle(wait=False)
            settle(wait=True)
        return BatchResult(tuple(published), tuple(failures))

    def _posts(
        self, sources: Sequence[str], date: dt.date | None, categories: Sequence[str] | None
    ) -> Iterator[tuple[str, Post | BlogwireError]]:
        """Each source's post, or why it has none, in source order: composed in
        `run.workers` processes when there are enough sources (each loads the model once;
        see `run.workers.worker_count`), else here. The LLM writer stays in this process."""
        from blogwire.run.workers import SOURCES_PER_WORKER, worker_count

        workers = worker_count(self.settings.run.workers, len(sources), SOURCES_PER_WORKER)
        if workers <= 1 or self.settings.writer.engine == "llm":
            for source in sources:
                try:
                    yield source, self.compose(source, date=date, categories=categories)
                except BlogwireError as exc:
                    yield source, exc
            return
        from blogwire.run.pool import ArticlePool, SourceFailure, SourceTask

        tasks = [SourceTask(s, date, tuple(categories) if categories else None) for s in sources]
        with ArticlePool(self.settings, None, workers) as pool:
            for task, result in zip(tasks, pool.compose_sources(tasks), strict=True):
                yield task.source, result.error if isinstance(result, SourceFailure) else result

    def check(self, path: Path, *, require_source: bool = True) -> list[str]:
        from blogwire.render.check import check_post

        where = str(path)
        try:
            text = path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            return [f"{where}: no such file"]
        except UnicodeDecodeError:
            return [f"{where}: not UTF-8"]
        except OSError as exc:
            return [f"{where}: cannot read: {exc.strerror or exc}"]
        problems = check_post(text, where, self.settings.post, require_source=require_source)
        return [str(p) for p in problems]

    def demo(self, site_dir: Path, *, on_item: ProgressCallback | None = None) -> BatchResult:
        from blogwire.demo import demo_pages
        from blogwire.publish import write_site_skeleton

        write_site_skeleton(site_dir, "blogwire demo", "blogwire가 샘플 뉴스로 만든 블로그 글 모음")
        sources = [str(p) for p in demo_pages()]
        return self.compose_many(sources, site_dir, overwrite=True, on_item=on_item)

    def init_site(self, site_dir: Path, *, demo: bool = False) -> list[Path]:
        """A new site: commented blogwire.toml, Jekyll skeleton, and with `demo` the
        bundled feed installed as a local feed. Returns the files written."""
        from blogwire.config_file import add_feed, config_template
        from blogwire.errors import ConfigError
        from blogwire.publish import write_atomic, write_site_skeleton
        from blogwire.settings import CONFIG_NAME, FeedConfig

        config = site_dir / CONFIG_NAME
        if config.exists():
            raise ConfigError(
                "already a blogwire site (blogwire.toml exists)", subject=str(site_dir)
            )
        write_site_skeleton(site_dir, "blogwire", "blogwire가 뉴스로 만든 블로그")
        write_atomic(config, config_template())
        written = [config, site_dir / "_config.yml", site_dir / "_posts"]
        if demo:
            from blogwire.demo import install_demo_feed

            feed = install_demo_feed(site_dir / "feeds" / "demo")
            add_feed(config, FeedConfig(url=feed.relative_to(site_dir).as_posix()))
            written.append(feed)
        return written

    def run(
        self,
        *,
        dry_run: bool = False,
        fmt: OutputFormat = OutputFormat.JEKYLL,
        review: bool | None = None,
        git: bool | None = None,
        on_event: Callable[[str, int, int], None] | None = None,
    ) -> RunSummary:
        """Fetch every feed, group stories, publish new posts (see blogwire.run)."""
        import shutil
        import tempfile

        from blogwire.run import Runner, commit_posts
        from blogwire.runlock import RunLock
        from blogwire.store import Store

        site = self.settings.site_dir
        database = site / self.settings.run.database
        with RunLock(site / ".blogwire" / "run.lock"):
            if dry_run:
                # a scratch copy of the store and the site: the real ones are not touched
                with tempfile.TemporaryDirectory(prefix="blogwire-dry-run-") as scratch:
                    copy = Path(scratch) / "store.db"
                    for suffix in ("", "-wal", "-shm"):
                        source = Path(f"{database}{suffix}")
                        if source.exists():
                            shutil.copyfile(source, f"{copy}{suffix}")
                    with Store.open(copy) as store:
                        return Runner(
                            self.settings,
                            store,
                            Path(scratch) / "site",
                            fmt=fmt,
                            review=review,
                            on_event=on_event,
                            environ=self.environ,
                        ).run(dry_run=True)
            with Store.open(database) as store:
                summary = Runner(
                    self.settings,
                    store,
                    site,
                    fmt=fmt,
                    review=review,
                    on_event=on_event,
                    environ=self.environ,
                ).run()
            if self.settings.run.git if git is None else git:
                commit_posts(site, summary.posts)
            return summary

    def status(self) -> StoreStatus:
        from blogwire.store import Store

        database = self.settings.site_dir / self.settings.run.database
        with Store.open(database) as store:
            return StoreStatus(
                feeds=tuple(store.feeds()),
                counts=store.counts(),
                latest=tuple(store.posts(limit=10)),
            )

    def build(self, out_dir: Path | None = None) -> BuildResult:
        """The static site of the site's posts (blogwire.site)."""
        from blogwire.site import build_site

        return build_site(self.settings, out_dir)

    # -- review (web UI) --
    # The web UI's actions on held drafts (see blogwire.review); each opens the store
    # for the one call, since a Store belongs to one thread and requests come on many.
    # Types are imported in the class, for checkers only, to keep this block on its own.
    if TYPE_CHECKING:
        from blogwire.review import PostEdit, QueueItem, StoryView
        from blogwire.store import Store

    def _review_store(self) -> Store:
        from blogwire.store import Store

        return Store.open(self.settings.site_dir / self.settings.run.database)

    def review_queue(self, status: str | None = None) -> tuple[QueueItem, ...]:
        """Every story, newest first (or those with one status): 'draft', 'published',
        'rejected', 'writing', 'pending' (articles, no post yet) or 'failed'."""
        from blogwire.review import Review

        with self._review_store() as store:
            return Review(self.settings, store).queue(status)

    def review_story(self, story_id: int) -> StoryView:
        """The story's source articles, its post record and its stored Post."""
        from blogwire.review import Review

        with self._review_store() as store:
            return Review(self.settings, store).story(story_id)

    def review_edit(self, post_id: int, edit: PostEdit) -> PostRecord:
        """Apply the edit to the draft, re-render and re-check it, then save file and
        store; EditRefused (with .problems) and nothing saved if the check fails."""
        from blogwire.review import Review

        with self._review_store() as store:
            return Review(self.settings, store).edit(post_id, edit)

    def review_approve(self, post_id: int) -> PostRecord:
        """Publish the draft: _drafts/<slug>.md becomes _posts/YYYY-MM-DD-<slug>.md."""
        from blogwire.review import Review

        with self._review_store() as store:
            return Review(self.settings, store).approve(post_id)

    def review_reject(self, post_id: int) -> PostRecord:
        """Mark the draft rejected and remove its file."""
        from blogwire.review import Review

        with self._review_store() as store:
            return Review(self.settings, store).reject(post_id)

    def review_recompose(self, post_id: int) -> PostRecord:
        """Compose the story again from its stored articles, replacing the draft."""
        from blogwire.review import Review

        with self._review_store() as store:
            return Review(self.settings, store).recompose(post_id)

    def review_preview(self, post_id: int) -> str:
        """The post's page (draft or published) in the site's theme, as HTML."""
        from blogwire.review import Review
        from blogwire.site import render_post_page

        with self._review_store() as store:
            path = Review(self.settings, store).post_file(post_id)
        return render_post_page(self.settings.site_dir, path, self.settings)
