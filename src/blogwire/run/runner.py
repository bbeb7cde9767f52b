"""The run itself: feeds read, articles stored and grouped into stories, posts written.

Every article seen and every post is recorded in the store. Posts are rendered,
written and recovered after a crash by `run.posts.PostWriter`, so a run killed at
any point is completed by the next run with no duplicate and no half-written file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from blogwire.analyze.dedupe import MinHashSignature, bands, content_hash, similarity
from blogwire.compose.post import source_credit
from blogwire.errors import BlogwireError, Failure, RemoteError, SourceError, UnfitError
from blogwire.models import ArticleState, OutputFormat
from blogwire.pool import OrderedPool, worker_count
from blogwire.publish.targets import TargetPublisher
from blogwire.run.articles import Outcome, Prepared, ReadTask, read_articles
from blogwire.run.crawl import Crawl, Skipped
from blogwire.run.posts import PostWriter, composed_record
from blogwire.run.summary import EventCallback, FeedReport, LlmTally, RunSummary, Tally
from blogwire.settings import FeedConfig, Settings
from blogwire.sources.feeds import FeedResult, read_feed, wanted
from blogwire.sources.http import Fetcher
from blogwire.sources.pace import HostPace
from blogwire.sources.robots import CACHE_SECONDS, RobotsAnswer, RobotsBook, agent_token
from blogwire.store import FeedState, NewArticle, Store


@dataclass
class _FeedRead:
    """One feed read: its entries to ingest, and what its report will say."""

    feed: FeedConfig
    failed: FeedReport | None = None
    result: FeedResult | None = None
    tasks: list[ReadTask] = field(default_factory=list)
    new: int = 0

    def report(self) -> FeedReport:
        if self.result is None:  # the feed could not be read: `failed` says why
            return self.failed or FeedReport(self.feed.url, "error")
        status = "not-modified" if self.result.not_modified else "ok"
        return FeedReport(self.feed.url, status, len(self.result.entries), self.new)


class Runner:
    """One run over the site's feeds. `site_dir` is where posts are written (a scratch
    copy for --dry-run); `settings.site_dir` is where local feeds are read from."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        site_dir: Path,
        *,
        fmt: OutputFormat = OutputFormat.JEKYLL,
        review: bool | None = None,
        on_event: EventCallback | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.site_dir = site_dir
        self.fmt = fmt
        self.review = settings.run.review if review is None else review
        self._on_event = on_event
        self._environ: Mapping[str, str] = environ or {}
        self._done = 0
        self._total = len(settings.feeds)
        self._queued: set[str] = set()  # entry URLs read this run (feeds may share one)
        self._tally = Tally()
        self._llm = LlmTally() if settings.writer.engine == "llm" else None
        self._waiting: set[str] = set()  # entries a passing failure holds back for now
        self._posts = PostWriter(
            settings,
            store,
            site_dir,
            fmt=fmt,
            review=self.review,
            environ=self._environ,
            tally=self._tally,
            llm=self._llm,
        )

    def _event(self, message: str) -> None:
        if self._on_event is not None:
            self._on_event(message, self._done, self._total)

    def run(self, *, dry_run: bool = False) -> RunSummary:
        self._posts.recover()
        fetch = self.settings.fetch
        pace = HostPace(fetch.min_interval)
        with Fetcher(fetch, pace=pace) as fetcher:
            robots = None
            if fetch.respect_robots:
                cached = {
                    origin: RobotsAnswer(status, body)
                    for origin, (status, body) in self.store.robots_files().items()
                }
                agent = agent_token(fetch.user_agent)
                robots = RobotsBook(fetcher, agent=agent, cached=cached)
            crawl = Crawl(fetch, fetcher, pace, robots)
            try:
                reads = self._read_feeds(crawl)
                tasks = [task for read in reads for task in read.tasks]
                workers = worker_count(self.settings.run.workers, len(tasks))
                if workers > 1:
                    self._event(f"starting {workers} worker processes")
                with OrderedPool(self.settings, workers, environ=self._environ) as pool:
                    self._ingest_all(reads, tasks, pool, crawl)
                    self._publish_stories(pool)
            finally:
                if robots is not None:
                    self._keep_robots(robots)
        self._publish_targets(dry_run=dry_run)
        return self._tally.summary(dry_run=dry_run, llm=self._llm)

    def _publish_targets(self, *, dry_run: bool) -> None:
        """After the Jekyll posts: every published post not yet on each [[targets]]
        site (or changed since), including what an earlier run could not send."""
        if not self.settings.targets:
            return
        self._event("publishing to " + ", ".join(t.name for t in self.settings.targets))
        publisher = TargetPublisher(self.settings, self.store, self._environ)
        for report in publisher.publish_all(dry_run=dry_run):
            self._tally.targets.append(report)
            if report.error:
                self._tally.failures.append(Failure(report.target, RemoteError(report.error)))

    def _keep_robots(self, robots: RobotsBook) -> None:
        for origin, answer in robots.fetched.items():
            if answer.status is not None:  # unreachable: asked again next run
                self.store.keep_robots(
                    origin, status=answer.status, body=answer.text, seconds=CACHE_SECONDS
                )

    # -- feeds and articles -------------------------------------------------

    def _read_feeds(self, crawl: Crawl) -> list[_FeedRead]:
        """Every feed, fetched concurrently (never against robots.txt: the user asked
        for them), then taken in the order the settings list them."""
        feeds = self.settings.feeds
        states = [self.store.feed_state(feed.url) for feed in feeds]
        self._waiting = self.store.waiting_to_retry()

        def read(index: int) -> FeedResult | BlogwireError:
            try:
                return read_feed(
                    feeds[index],
                    self.settings.fetch,
                    etag=states[index].etag,
                    last_modified=states[index].last_modified,
                    base_dir=self.settings.site_dir,
                    fetcher=crawl.fetcher,
                )
            except BlogwireError as exc:
                return exc

        indexes = list(range(len(feeds)))
        results = dict(crawl.stream(indexes, lambda i: feeds[i].url, read))
        return [self._read_feed(feeds[i], states[i], results[i]) for i in indexes]

    def _read_feed(
        self, feed: FeedConfig, state: FeedState, got: FeedResult | BlogwireError
    ) -> _FeedRead:
        """The feed's entries; the ones not filtered out and not yet stored become tasks."""
        self._done += 1
        self._event(f"feed {feed.url}")
        if isinstance(got, BlogwireError):
            exc = got
            self.store.record_fetch(
                feed.url,
                status="error",
                http_status=None,
                entries=0,
                new=0,
                error=exc.message,
                etag=state.etag,
                last_modified=state.last_modified,
            )
            self._tally.failures.append(Failure(feed.url, exc))
            return _FeedRead(feed, failed=FeedReport(feed.url, "error", error=exc.message))
        result = got
        self._total += len(result.entries)
        for refused in result.refused:
            self._tally.failures.append(Failure(feed.url, SourceError(f"link refused: {refused}")))
        read = _FeedRead(feed, result=result)
        today = dt.date.today()
        for entry in result.entries:
            if not wanted(entry, feed):
                self._tally.filtered += 1
                self._done += 1
                continue
            if entry.url in self._waiting and entry.url not in self._queued:
                self._tally.waiting += 1  # quietly: its failure was reported when it failed
                self._done += 1
                continue
            stored = None if entry.url in self._queued else self.store.find_article(url=entry.url)
            if entry.url in self._queued or (
                stored is not None and stored.state != ArticleState.SKIPPED
            ):
                self._tally.seen += 1
                self._done += 1
            else:  # new, or skipped by an earlier run: robots.txt may allow it now
                self._queued.add(entry.url)
                read.tasks.append(ReadTask(entry, feed, today, self.review))
        return read

    def _ingest_all(
        self, reads: list[_FeedRead], tasks: list[ReadTask], pool: OrderedPool, crawl: Crawl
    ) -> None:
        """Store what the pool read, in feed order. A feed's fetch (and its ETag) is
        recorded only once all its entries are stored: a run killed before that reads
        the feed in full again instead of being told 'not modified'."""
        owners = [index for index, read in enumerate(reads) for _ in read.tasks]
        left = [len(read.tasks) for read in reads]
        for read in reads:
            if not read.tasks:
                self._record_fetch(read)
        outcomes = read_articles(pool, crawl, tasks)
        for index, task, outcome in zip(owners, tasks, outcomes, strict=True):
            self._done += 1
            self._event(task.entry.url)
            if self._ingest(outcome, task, reads[index].feed):
                reads[index].new += 1
            left[index] -= 1
            if not left[index]:
                self._record_fetch(reads[index])
        self._tally.feeds.extend(read.report() for read in reads)

    def _record_fetch(self, read: _FeedRead) -> None:
        result = read.result
        if result is None:  # the error is recorded already
            return
        self.store.record_fetch(
            read.feed.url,
            status="not-modified" if result.not_modified else "ok",
            http_status=result.http_status,
            entries=len(result.entries),
            new=read.new,
            error=None,
            etag=result.etag,
            last_modified=result.last_modified,
        )

    def _ingest(self, outcome: Outcome, task: ReadTask, feed: FeedConfig) -> bool:
        if isinstance(outcome, Failure):
            self._failed(outcome, task, feed)
            self._tally.failures.append(outcome)
            return False
        if isinstance(outcome, Skipped):
            # recorded, so `status` shows it; a later run asks robots.txt again
            self.store.add_skipped(
                url=task.entry.url, feed_url=feed.url, title=task.entry.title, reason=outcome.reason
            )
            self._tally.skipped += 1
            self._tally.skip_reasons[outcome.reason] = (
                self._tally.skip_reasons.get(outcome.reason, 0) + 1
            )
            return False
        entry, article, sig = outcome.entry, outcome.article, outcome.signature
        digest = content_hash(article.paragraphs)
        same = self.store.find_article(canonical_url=article.url, content_hash=digest)
        sig_bands = bands(sig, threshold=self.settings.run.near_duplicate_threshold)
        with self.store.transaction():
            self.store.forget_skipped(entry.url)  # robots.txt allows it now
            self.store.clear_attempts(entry.url)  # read at last: earlier failures are spent
            record = self.store.add_article(
                NewArticle(
                    url=entry.url,
                    canonical_url=article.url,
                    content_hash=digest,
                    feed_url=feed.url,
                    title=article.title,
                    outlet=source_credit(article).outlet,
                    published=article.published,
                    image=article.image,
                    paragraphs=article.paragraphs,
                    signature=sig.to_bytes(),
                    bands=sig_bands,
                )
            )
            self._tally.new += 1
            story = self._story_for(record.id, same.id if same else None, sig, sig_bands)
            if story is None:
                self.store.new_story(record.id)
                self.store.keep_composed(record.id, composed_record(outcome.post))
                self._unfit(record.id, outcome)
            else:
                self.store.join_story(story, record.id)
                if self.store.post_for_story(story) is not None or same is not None:
                    # the story is already told: this copy only adds to what was seen
                    self.store.set_article_state(record.id, ArticleState.DUPLICATE)
                    self._tally.duplicates += 1
        return True

    def _failed(self, outcome: Failure, task: ReadTask, feed: FeedConfig) -> None:
        """A permanent failure (too big, too slow to read, not an article, HTTP 404/410)
        is recorded with its reason, so it is never fetched (nor parsed) again. A passing
        fetch failure (a timeout, a refused connection, HTTP 5xx/429/403) counts one
        attempt: later runs skip the entry for fetch.retry_wait seconds, ×4 after each
        failure, and at fetch.retry_limit attempts it is recorded failed for good. Other
        passing failures (a worker that died, a model that did not load) are blogwire's,
        not the page's: the entry is tried again next run and no attempt is counted."""
        url, reason = task.entry.url, outcome.reason
        if not outcome.error.permanent:
            if not isinstance(outcome.error, SourceError):
                return
            fetch = self.settings.fetch
            attempts = self.store.attempts(url) + 1
            if attempts < fetch.retry_limit:
                wait = fetch.retry_wait * 4 ** (attempts - 1)
                self.store.record_attempt(url, reason, wait=wait)
                return
            reason = f"gave up after {attempts} attempts: {reason}"
        with self.store.transaction():
            self.store.add_failed(url=url, feed_url=feed.url, title=task.entry.title, reason=reason)
            self.store.clear_attempts(url)

    def _unfit(self, article_id: int, outcome: Prepared) -> None:
        """An article not fit to publish is kept, so it is not fetched again: refused,
        it is failed with the reason and counted as skipped (nothing went wrong); sent
        to review, its reason stays with it for the desk."""
        post = outcome.post
        if isinstance(post, Failure) and isinstance(post.error, UnfitError):
            self.store.set_article_state(article_id, ArticleState.FAILED, post.reason)
            self._tally.skipped += 1
            reason = f"not fit to publish: {post.reason.split(':')[0]}"
            self._tally.skip_reasons[reason] = self._tally.skip_reasons.get(reason, 0) + 1
        elif outcome.unfit is not None:
            self.store.set_article_state(article_id, ArticleState.PENDING, outcome.unfit)

    def _story_for(
        self,
        article_id: int,
        same_id: int | None,
        sig: MinHashSignature,
        sig_bands: tuple[int, ...],
    ) -> int | None:
        if same_id is not None:
            return self.store.story_of(same_id)
        threshold = self.settings.run.near_duplicate_threshold
        best: tuple[float, int] | None = None
        for candidate in self.store.candidates(sig_bands, exclude=article_id):
            score = similarity(sig, MinHashSignature.from_bytes(candidate.signature))
            story = self.store.story_of(candidate.id)
            if score >= threshold and story is not None and (best is None or score > best[0]):
                best = (score, story)
        return best[1] if best else None

    # -- posts --------------------------------------------------------------

    def _publish_stories(self, pool: OrderedPool) -> None:
        stories = self.store.stories_without_post()
        self._total += len(stories)
        self._posts.compose_missing(stories, pool)
        for number, story in enumerate(stories, 1):
            articles = [
                a for a in self.store.story_articles(story) if a.state != ArticleState.FAILED
            ]
            if not articles:
                continue
            if self._llm is not None:
                # the model may take half a minute per post: say which one it is on
                self._event(f"writing {number}/{len(stories)} with the LLM…")
            try:
                rendered, llm = self._posts.render(story)
            except BlogwireError as exc:
                for record in articles:
                    self.store.set_article_state(record.id, ArticleState.FAILED, exc.message)
                self._tally.failures.append(Failure(articles[0].url, exc))
                continue
            written = self._posts.write(story, rendered, llm)
            if written is not None:
                self._done += 1
                self._event(f"wrote {written}")
