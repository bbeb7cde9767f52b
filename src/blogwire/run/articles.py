"""The per-article work of `blogwire run`: each entry's page fetched by the run's
`Crawl` (threads of the main process), then in the run's `OrderedPool` (in this
process or in worker processes) read, analysed, signed for near-duplicate search and
composed; or a stored article composed again.

Pages go to the pool as they arrive, whatever their feed order; `read_articles`
gives the results back in task (feed) order, so the run stores and groups them
exactly as it would fetching one page at a time.

The post is composed as soon as the article is read, so nothing as large as an
analysis has to be kept (or redone) until the story is published. Every step is
the pipeline's (blogwire.pipeline), so a run makes the posts `compose` would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from blogwire.analyze.dedupe import MinHashSignature, shingles, signature
from blogwire.errors import BlogwireError, Failure, WorkerDiedError
from blogwire.faults import crash_point
from blogwire.models import Article, Document, Post
from blogwire.pipeline import analyze, compose, entry_article, feed_categories, fitness
from blogwire.pool import OrderedPool, WorkerContext
from blogwire.run.crawl import Crawl, Fetched, Skipped
from blogwire.settings import FeedConfig
from blogwire.sources.feeds import FeedEntry


@dataclass(frozen=True, slots=True)
class ReadTask:
    entry: FeedEntry
    feed: FeedConfig
    today: dt.date
    reviewing: bool = False  # the run's posts go to review (an unfit article may, too)


@dataclass(frozen=True, slots=True)
class ComposeTask:
    article: Article
    feed_url: str | None
    today: dt.date


@dataclass(frozen=True, slots=True)
class Prepared:
    """An article read, signed for near-duplicate search and composed (or why its post
    could not be composed: it can still join a story). `unfit` is why an article that
    is not fit to publish was composed all the same, for review (`post.unfit`)."""

    entry: FeedEntry
    article: Article
    signature: MinHashSignature
    post: Post | Failure
    unfit: str | None = None


@dataclass(frozen=True, slots=True)
class _Page:
    """A fetched page on its way to the pool; `index` is its task's place."""

    index: int
    task: ReadTask
    document: Document | None


Outcome = Prepared | Failure | Skipped


def read_articles(pool: OrderedPool, crawl: Crawl, tasks: Sequence[ReadTask]) -> Iterator[Outcome]:
    """Each entry's article, or why it could not be read (tried again next run), or
    why robots.txt keeps it from being fetched, in task order."""
    ready: dict[int, Outcome] = {}  # finished out of order, waiting for their turn

    def pages() -> Iterator[_Page]:
        fetched = crawl.stream(
            tasks, lambda t: t.entry.url, lambda t: crawl.page(t.entry.url, t.feed.url)
        )
        for index, got in fetched:
            if isinstance(got, Fetched):
                yield _Page(index, tasks[index], got.document)
            else:  # nothing for the pool to do
                ready[index] = got

    head = 0
    for index, outcome in pool.map(_read, pages(), _read_died):
        ready[index] = outcome
        while head in ready:
            yield ready.pop(head)
            head += 1
    while head < len(tasks):  # the last pages failed or were skipped
        yield ready.pop(head)
        head += 1


def compose_articles(pool: OrderedPool, tasks: Iterable[ComposeTask]) -> Iterator[Post | Failure]:
    """Each stored article's post, or why it has none, in task order."""
    return pool.map(_compose, tasks, _compose_died)


def _read(context: WorkerContext, page: _Page) -> tuple[int, Prepared | Failure]:
    return page.index, _prepare(context, page.task, page.document)


def _prepare(
    context: WorkerContext, task: ReadTask, document: Document | None
) -> Prepared | Failure:
    if context.in_worker:
        crash_point("read", task.entry.url.rsplit("/", 1)[-1])
    settings = context.settings
    try:
        article = entry_article(task.entry, task.feed, settings, document)
        analysis = analyze(article)
        sig = signature(shingles(analysis.sentences))
    except BlogwireError as exc:
        return Failure(task.entry.url, exc)
    post: Post | Failure
    unfit = None
    try:
        unfit = fitness(analysis, settings, reviewing=task.reviewing)
        categories = (task.feed.category,) if task.feed.category else None
        post = compose(
            analysis, settings, categories=categories, today=task.today, reviewing=task.reviewing
        )
    except BlogwireError as exc:
        post = Failure(task.entry.url, exc)
    return Prepared(task.entry, article, sig, post, unfit)


def _compose(context: WorkerContext, task: ComposeTask) -> Post | Failure:
    try:
        categories = feed_categories(context.settings, task.feed_url)
        return compose(
            analyze(task.article), context.settings, categories=categories, today=task.today
        )
    except BlogwireError as exc:
        return Failure(task.article.url or task.article.origin, exc)


def _read_died(page: _Page, error: WorkerDiedError) -> tuple[int, Prepared | Failure]:
    return page.index, Failure(page.task.entry.url, error)


def _compose_died(task: ComposeTask, error: WorkerDiedError) -> Failure:
    return Failure(task.article.url or task.article.origin, error)
