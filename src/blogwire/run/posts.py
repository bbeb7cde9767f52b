"""A run's posts: a story rendered from its composed post, written, and recovered.

A post is recorded before its file is written ('writing') and after
('published'/'draft'), and files are written atomically, so a run killed at any
point is completed by the next run's `recover` with no duplicate and no
half-written file. Split from the runner: this part needs only the store, the
settings and the run's tallies, not the feeds, the crawl or the progress count.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from blogwire.errors import BlogwireError, ComposeError, Failure, PublishError
from blogwire.faults import crash_point
from blogwire.models import ArticleState, OutputFormat, Post, PostState, RenderedPost
from blogwire.pipeline import story_post
from blogwire.pool import OrderedPool
from blogwire.postjson import post_from_json, post_to_json
from blogwire.publish import file_hash, text_hash, write_atomic
from blogwire.publish.jekyll import free_path
from blogwire.render.formats import render_as
from blogwire.run.articles import ComposeTask, compose_articles
from blogwire.run.summary import LlmTally, RunPost, Tally
from blogwire.settings import Settings
from blogwire.store import Composed, Store

if TYPE_CHECKING:
    from blogwire.llm.report import WriteReport

# A story's post as rendered, and what the LLM writer did for it (None: the extractive
# writer); the report is stored with the post's record.
Made = tuple[RenderedPost, "WriteReport | None"]


def composed_record(post: Post | Failure) -> Composed:
    """What the store keeps of a composed post: its JSON, or why it could not be made."""
    if isinstance(post, Failure):
        return Composed(None, post.reason)
    return Composed(post_to_json(post))


class PostWriter:
    """Renders and writes one run's posts into `site_dir`, counting into the run's
    `tally` (and `llm`, when the LLM writer is on)."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        site_dir: Path,
        *,
        fmt: OutputFormat,
        review: bool,
        environ: Mapping[str, str],
        tally: Tally,
        llm: LlmTally | None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.site_dir = site_dir
        self.fmt = fmt
        self.review = review
        self._environ = environ
        self._tally = tally
        self._llm = llm

    def compose_missing(self, stories: list[int], pool: OrderedPool) -> None:
        """Stories read by an earlier run that died (or by an older blogwire) have no
        composed post yet: compose them in the pool, not one by one while publishing."""
        missing = []
        for story in stories:
            primary = self.store.story_articles(story)[0]
            if (
                primary.state != ArticleState.FAILED
                and self.store.find_composed(primary.id) is None
            ):
                missing.append(primary)
        today = dt.date.today()
        tasks = (ComposeTask(r.article(), r.feed_url, today) for r in missing)
        for record, post in zip(missing, compose_articles(pool, tasks), strict=True):
            self.store.keep_composed(record.id, composed_record(post))

    def render(self, story: int) -> Made:
        """The story's post rendered, with the LLM writer's account of it (counted in
        the run's LLM tally here, whether or not the post can be written)."""
        records = self.store.story_articles(story)
        primary = records[0]
        kept = self.store.find_composed(primary.id)
        composed = None
        if kept is not None:
            if kept.content is None:
                raise ComposeError(kept.error or "could not compose", subject=primary.url)
            composed = post_from_json(kept.content)
        made = story_post(
            [record.article() for record in records],
            self.settings,
            self._environ,
            feed_url=primary.feed_url,
            today=dt.date.today(),
            composed=composed,
        )
        if made.llm is not None and self._llm is not None:
            self._llm.add(made.llm)
        rendered = render_as(made.post, self.settings.post, self.fmt)
        if self.review and self.fmt is OutputFormat.JEKYLL:
            rendered = dataclasses.replace(rendered, path=f"_drafts/{made.post.slug}.md")
        return rendered, made.llm

    def write(
        self, story: int, rendered: RenderedPost, llm: WriteReport | None = None
    ) -> str | None:
        """The path written (relative to the site), or None if the file could not be
        written (the failure is tallied). `llm`, what the LLM writer did, is stored
        with the post's record."""
        target = free_path(self.site_dir / rendered.path, rendered.text)
        relative = target.relative_to(self.site_dir).as_posix()
        state = PostState.DRAFT if self.review else PostState.PUBLISHED
        digest = text_hash(rendered.text)
        # recorded with the intent: the hash of the text about to be written (recovery
        # writes over nothing else), the structure (the review UI edits it) and the LLM
        # writer's account, all in one transaction: a post never lacks its account
        with self.store.transaction():
            record = self.store.begin_post(
                story,
                path=relative,
                title=rendered.post.title,
                file_hash=digest,
                content=post_to_json(rendered.post),
            )
            # a story posted already keeps its record, and the account of its own text
            if record.file_hash == digest and record.state == PostState.WRITING:
                self.store.keep_write_report(record.id, llm)
        crash_point("begin", len(self._tally.posts) + 1)
        try:
            write_atomic(self.site_dir / record.path, rendered.text)
        except PublishError as exc:
            self._tally.failures.append(Failure(record.path, exc))
            return None
        crash_point("written", len(self._tally.posts) + 1)
        self._finish(record.id, story, state)
        outlets = tuple(c.outlet for c in rendered.post.credits)
        self._tally.posts.append(RunPost(rendered.post.title, record.path, state, outlets))
        return record.path

    def _finish(self, post_id: int, story: int, state: PostState) -> None:
        """The post is published and its articles posted, in one transaction: a run
        killed in between leaves the post 'writing', and the next run finishes it."""
        with self.store.transaction():
            self.store.finish_post(post_id, state=state)
            self.store.drop_composed(story)
            for article in self.store.story_articles(story):
                if article.state == ArticleState.PENDING:  # a reason for review stays
                    self.store.set_article_state(article.id, ArticleState.POSTED, article.error)

    def recover(self) -> None:
        """Finish posts that an interrupted run recorded but may not have written. A
        file already at the post's path is finished as it is if it is the text the
        post was writing (the hash recorded with the intent); anything else there is
        someone else's: it is left alone, and the post waits with the conflict
        recorded until the path is free (SECURITY.md: never overwritten)."""
        state = PostState.DRAFT if self.review else PostState.PUBLISHED
        for record in self.store.posts(state=PostState.WRITING):
            target = self.site_dir / record.path
            found = file_hash(target)
            try:
                rendered, llm = self.render(record.story_id)
            except BlogwireError as exc:
                self._tally.failures.append(Failure(record.path, exc))
                continue
            # a post recorded before blogwire kept the hash is known by its text alone
            if found is not None and found not in (record.file_hash, text_hash(rendered.text)):
                reason = (
                    f"left {record.path} alone: it is not the file this post was writing "
                    "(move it away and run again to write the post)"
                )
                self.store.set_conflict(record.id, reason)
                self._tally.failures.append(Failure(record.path, PublishError(reason)))
                continue
            if found is None:  # never written: write it now, and say what was written
                with self.store.transaction():
                    self.store.set_file_hash(record.id, text_hash(rendered.text))
                    self.store.set_post_content(record.id, post_to_json(rendered.post))
                    # the post is this render's now, and so is the LLM writer's account
                    self.store.keep_write_report(record.id, llm)
                write_atomic(target, rendered.text)
            elif record.conflict is not None:
                self.store.set_conflict(record.id, None)
            self._finish(record.id, record.story_id, state)
            self._tally.recovered += 1
            self._tally.posts.append(
                RunPost(
                    record.title,
                    record.path,
                    state,
                    tuple(c.outlet for c in rendered.post.credits),
                )
            )
