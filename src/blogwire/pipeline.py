"""How an article becomes a post: the one path every command takes.

`blogwire compose`, `blogwire run` (in its worker processes and in the main
process), re-compose in the review desk and its "run now" all make their posts
with these functions, so the same article gives the same post whichever way it
came in. Nothing here keeps state, opens the store or writes a file: the callers
(`blogwire.pool`, `blogwire.run`, `blogwire.review`) decide where the work runs
and what is kept.

    read_source / read_entry -> Article -> analyze -> Analysis -> fitness -> compose
    -> Post -> write (writer.engine = "llm") -> with_credits -> render (blogwire.render)

An article that is not a story to publish (blogwire.analyze.fitness: an interview's
questions, 해요체 speech, a gallery, a correction, a list of links) is refused before it
is composed (UnfitError), unless `post.unfit = "review"` and its post goes to review.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from blogwire.analyze import analyze
from blogwire.analyze.fitness import unfit_reason
from blogwire.compose.post import compose_post, source_credit
from blogwire.errors import SourceError, UnfitError
from blogwire.models import Analysis, Article, Document, Post
from blogwire.settings import FeedConfig, FetchSettings, Settings

if TYPE_CHECKING:
    from blogwire.llm import PolishResult
    from blogwire.llm.report import WriteReport
    from blogwire.sources.feeds import FeedEntry
    from blogwire.sources.http import Fetcher

__all__ = [
    "StoryPost",
    "analyze",
    "compose",
    "entry_article",
    "feed_categories",
    "fitness",
    "polish",
    "read_entry",
    "read_source",
    "source_post",
    "story_post",
    "with_credits",
    "write",
]


# -- reading ------------------------------------------------------------------


def read_source(source: str, fetch: FetchSettings) -> Article:
    """The article in a file or at a URL that the user named."""
    from blogwire.extract import extract
    from blogwire.sources import load

    return extract(load(source, fetch))


def read_entry(
    entry: FeedEntry, feed: FeedConfig, settings: Settings, fetcher: Fetcher | None
) -> Article:
    """The article a feed entry links to: fetched through the run's guarded client, or
    for a local feed read from beside it. The feed's image and date fill what the page
    lacks."""
    document = None
    if "://" in entry.url:
        if fetcher is None:
            raise SourceError("no HTTP client to fetch the page", subject=entry.url)
        document = fetcher.fetch_article(entry.url, feed_url=feed.url)
    return entry_article(entry, feed, settings, document)


def entry_article(
    entry: FeedEntry, feed: FeedConfig, settings: Settings, document: Document | None
) -> Article:
    """The article of a feed entry whose page was fetched already (`document`), or for
    a local feed (None) is read from beside it."""
    from blogwire.extract import extract
    from blogwire.sources.files import read_file

    if document is None:
        document = read_file(local_page(entry.url, feed.url, settings.site_dir), settings.fetch)
    article = extract(document)
    if entry.image:  # the feed's media:content/thumbnail/enclosure, then og:image
        article = dataclasses.replace(article, image=entry.image)
    if article.published is None and entry.published:
        article = dataclasses.replace(article, published=entry.published)
    return article


def local_page(link: str, feed_url: str, site_dir: Path) -> Path:
    """A relative link in a local feed names a file beside the feed, never outside it."""
    folder = (site_dir / feed_url).resolve().parent
    page = (folder / link).resolve()
    if not page.is_relative_to(folder):
        raise SourceError("link leaves the feed's folder", subject=link)
    return page


# -- writing ------------------------------------------------------------------


def fitness(analysis: Analysis, settings: Settings, *, reviewing: bool = False) -> str | None:
    """None for an article fit to publish. For one that is not: UnfitError naming what
    it is, or, when the site sends such articles to review (`post.unfit = "review"`)
    and this post is going to review (`reviewing`), the reason, for the desk to show."""
    reason = unfit_reason(analysis)
    if reason is None or (reviewing and settings.post.unfit == "review"):
        return reason
    raise UnfitError(reason, subject=analysis.article.origin)


def compose(
    analysis: Analysis,
    settings: Settings,
    *,
    date: dt.date | None = None,
    categories: Sequence[str] | None = None,
    today: dt.date | None = None,
    reviewing: bool = False,
) -> Post:
    """The extractive post of an analysed article (ComposeError if it cannot be one,
    UnfitError if it is not fit to publish: see `fitness`)."""
    fitness(analysis, settings, reviewing=reviewing)
    return compose_post(analysis, settings.post, date=date, categories=categories, today=today)


def polish(
    post: Post, analysis: Analysis, settings: Settings, environ: Mapping[str, str]
) -> PolishResult:
    """The LLM writer over an extractive post, behind the fact guard (blogwire.llm).
    `environ` holds the API key named by `llm.api_key_env`."""
    from blogwire.llm import polish_post

    return polish_post(post, analysis, settings.llm, environ=environ, post_settings=settings.post)


def write(
    post: Post, analysis: Analysis, settings: Settings, environ: Mapping[str, str]
) -> tuple[Post, WriteReport | None]:
    """The post as the configured writer leaves it: the extractive post itself, or
    with `writer.engine = "llm"` the model's (and what the LLM did): written whole
    when the article fits the model's context (`llm.context_tokens`), else the
    extractive post polished."""
    if settings.writer.engine != "llm":
        return post, None
    from blogwire.llm import fits_whole, write_post

    if fits_whole(post, analysis, settings.llm):
        written = write_post(
            post, analysis, settings.llm, environ=environ, post_settings=settings.post
        )
        return written.post, written.report
    result = polish(post, analysis, settings, environ)
    return result.post, result.report


def source_post(
    source: str,
    settings: Settings,
    environ: Mapping[str, str],
    *,
    date: dt.date | None = None,
    categories: Sequence[str] | None = None,
) -> Post:
    """`blogwire compose` of one source: read, analyse, compose, write."""
    analysis = analyze(read_source(source, settings.fetch))
    post = compose(analysis, settings, date=date, categories=categories)
    return write(post, analysis, settings, environ)[0]


def feed_categories(settings: Settings, feed_url: str | None) -> tuple[str, ...] | None:
    """The categories of posts from this feed: its own `category`, else None (the
    post settings' default)."""
    category = next((f.category for f in settings.feeds if f.url == feed_url), None)
    return (category,) if category else None


def with_credits(post: Post, articles: Sequence[Article], settings: Settings) -> Post:
    """The post crediting every outlet that carried the story, primary first, each
    link once; unchanged when the site prints no source line."""
    if not settings.post.source_credit or not articles:
        return post
    credits = [source_credit(articles[0])]
    for article in articles[1:]:
        credit = source_credit(article)
        if credit.url not in {c.url for c in credits}:
            credits.append(credit)
    return dataclasses.replace(post, credits=tuple(credits))


@dataclass(frozen=True, slots=True)
class StoryPost:
    post: Post
    llm: WriteReport | None  # what the LLM writer did, with writer.engine = "llm"


def story_post(
    articles: Sequence[Article],
    settings: Settings,
    environ: Mapping[str, str],
    *,
    feed_url: str | None,
    today: dt.date,
    composed: Post | None = None,
    reviewing: bool = False,
) -> StoryPost:
    """The post of a story told by `articles` (the primary first): `composed` is its
    primary article's post when it was composed already (a run composes each article
    as it reads it), else it is composed here (`reviewing`: for the review desk); then
    the writer and the credits."""
    primary = articles[0]
    analysis: Analysis | None = None
    if composed is None:
        analysis = analyze(primary)
        categories = feed_categories(settings, feed_url)
        composed = compose(
            analysis, settings, categories=categories, today=today, reviewing=reviewing
        )
    report = None
    post = composed
    if settings.writer.engine == "llm":
        post, report = write(post, analysis or analyze(primary), settings, environ)
    return StoryPost(with_credits(post, articles, settings), report)
