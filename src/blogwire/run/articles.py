"""The per-article work of `blogwire run`, done in the run's `OrderedPool` (in this
process or in worker processes): read an entry's page, analyse it, sign it for
near-duplicate search and compose its post; or compose a stored article again.

The post is composed as soon as the article is read, so nothing as large as an
analysis has to be kept (or redone) until the story is published. Every step is
the pipeline's (blogwire.pipeline), so a run makes the posts `compose` would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from blogwire.analyze.dedupe import MinHashSignature, shingles, signature
from blogwire.errors import BlogwireError, Failure, WorkerDiedError
from blogwire.faults import crash_point
from blogwire.models import Article, Post
from blogwire.pipeline import analyze, compose, feed_categories, read_entry
from blogwire.pool import OrderedPool, WorkerContext
from blogwire.settings import FeedConfig
from blogwire.sources.feeds import FeedEntry


@dataclass(frozen=True, slots=True)
class ReadTask:
    entry: FeedEntry
    feed: FeedConfig
    today: dt.date


@dataclass(frozen=True, slots=True)
class ComposeTask:
    article: Article
    feed_url: str | None
    today: dt.date


@dataclass(frozen=True, slots=True)
class Prepared:
    """An article read, signed for near-duplicate search and composed (or why its post
    could not be composed: it can still join a story)."""

    entry: FeedEntry
    article: Article
    signature: MinHashSignature
    post: Post | Failure


def read_articles(pool: OrderedPool, tasks: Iterable[ReadTask]) -> Iterator[Prepared | Failure]:
    """Each entry's article, or why it could not be read (tried again next run), in
    task order."""
    return pool.map(_read, tasks, _read_died)


def compose_articles(pool: OrderedPool, tasks: Iterable[ComposeTask]) -> Iterator[Post | Failure]:
    """Each stored article's post, or why it has none, in task order."""
    return pool.map(_compose, tasks, _compose_died)


def _read(context: WorkerContext, task: ReadTask) -> Prepared | Failure:
    if context.in_worker:
        crash_point("read", task.entry.url.rsplit("/", 1)[-1])
    settings = context.settings
    fetcher = context.fetcher() if "://" in task.entry.url else None
    try:
        article = read_entry(task.entry, task.feed, settings, fetcher)
        analysis = analyze(article)
        sig = signature(shingles(analysis.sentences))
    except BlogwireError as exc:
        return Failure(task.entry.url, exc)
    post: Post | Failure
    try:
        categories = (task.feed.category,) if task.feed.category else None
        post = compose(analysis, settings, categories=categories, today=task.today)
    except BlogwireError as exc:
        post = Failure(task.entry.url, exc)
    return Prepared(task.entry, article, sig, post)


def _compose(context: WorkerContext, task: ComposeTask) -> Post | Failure:
    try:
        categories = feed_categories(context.settings, task.feed_url)
        return compose(
            analyze(task.article), context.settings, categories=categories, today=task.today
        )
    except BlogwireError as exc:
        return Failure(task.article.url or task.article.origin, exc)


def _read_died(task: ReadTask, error: WorkerDiedError) -> Failure:
    return Failure(task.entry.url, error)


def _compose_died(task: ComposeTask, error: WorkerDiedError) -> Failure:
    return Failure(task.article.url or task.article.origin, error)
