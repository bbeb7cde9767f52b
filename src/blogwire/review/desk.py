"""The review actions on one site's store: the queue, a story beside its draft, edits,
approve, reject, re-compose. The web UI reaches them through the facade
(`Blogwire.desk`, blogwire.review.ReviewDesk).

An edit changes the stored Post (blogwire.postjson), renders it again and runs the
same check as `blogwire check`: a valid draft stays valid, or the edit is refused
with nothing saved. Each change reads and writes inside one store transaction (BEGIN
IMMEDIATE), so two browser tabs, or the UI and a `blogwire run`, take turns.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from blogwire.errors import (
    EditRefused,
    NotFoundError,
    PublishError,
    ReviewError,
    StoreError,
    WrongStateError,
)
from blogwire.models import ArticleState, Post, PostState, RenderedPost
from blogwire.pipeline import story_post
from blogwire.postjson import post_from_json, post_to_json
from blogwire.publish import POSTS_DIR, write_atomic
from blogwire.publish.jekyll import free_path
from blogwire.publish.targets import TargetPublisher, remote_states
from blogwire.render.check import check_post
from blogwire.render.seed import render_post
from blogwire.review.edit import PostEdit, apply_edit
from blogwire.run.lock import RunLock
from blogwire.run.session import LOCK_FILE
from blogwire.settings import Settings
from blogwire.store import ArticleRecord, PostRecord, RemoteRecord, Store

DRAFTS_DIR = "_drafts"


@dataclass(frozen=True, slots=True)
class QueueItem:
    story_id: int
    post_id: int | None
    title: str
    outlets: tuple[str, ...]
    at: dt.datetime
    status: str  # one of models.QUEUE_STATUSES
    reason: str | None = None  # why it failed
    path: str | None = None


@dataclass(frozen=True, slots=True)
class StoryView:
    story_id: int
    status: str
    reason: str | None
    articles: tuple[ArticleRecord, ...]
    post: PostRecord | None
    # the post's stored structure (any state, not only a draft); None without a post, or
    # for a post written before blogwire kept it
    content: Post | None
    # each [[targets]] site with the post's copy there (None: waiting for a run)
    targets: tuple[tuple[str, RemoteRecord | None], ...] = ()


class Review:
    """Review actions on one site's store; open one per request (a Store is per thread)."""

    def __init__(
        self, settings: Settings, store: Store, environ: Mapping[str, str] | None = None
    ) -> None:
        self.settings = settings
        self.store = store
        self.site = settings.site_dir
        self.environ: Mapping[str, str] = environ or {}  # for the LLM writer's API key

    # -- reading --------------------------------------------------------------

    def queue(self, status: str | None = None) -> tuple[QueueItem, ...]:
        """Every story, newest first, optionally only those with one status."""
        items = (self._safe_item(s.id, s.created_at) for s in self.store.stories())
        return tuple(i for i in items if status is None or i.status == status)

    def story(self, story_id: int) -> StoryView:
        articles = tuple(self.store.story_articles(story_id))
        if not articles:
            raise NotFoundError("no such story", subject=f"story {story_id}")
        post = self.store.post_for_story(story_id)
        status, reason = _status(post, articles)
        content = None
        if post is not None and (stored := self.store.post_content(post.id)) is not None:
            content = post_from_json(stored)
        targets = tuple(remote_states(self.settings, self.store, post.id)) if post else ()
        return StoryView(story_id, status, reason, articles, post, content, targets)

    def post_file(self, post_id: int) -> Path:
        """The post's file on disk, for the preview; NotFoundError once it is gone."""
        path = self._file(self._record(post_id).path)
        if not path.is_file():
            raise NotFoundError("the post has no file (rejected?)", subject=f"post {post_id}")
        return path

    # -- changing -------------------------------------------------------------

    def edit(self, post_id: int, edit: PostEdit) -> PostRecord:
        with self.store.transaction():
            record = self._require(post_id, {PostState.DRAFT}, jekyll=True)
            post = self._stored(record)
            new, problems = apply_edit(post, edit)
            rendered = self._checked(new, record, problems)
            self.store.set_post_content(record.id, post_to_json(new))
            self.store.set_post_title(record.id, new.title)
            # last: a failed write rolls the store back, so file and store agree
            write_atomic(self._file(record.path), rendered.text)
        return self._record(post_id)

    def approve(self, post_id: int) -> PostRecord:
        """Publish the draft: `_drafts/<slug>.md` -> `_posts/YYYY-MM-DD-<slug>.md`."""
        with self.store.transaction():
            record = self._require(post_id, {PostState.DRAFT}, jekyll=True)
            draft = self._file(record.path)
            try:
                text = draft.read_text(encoding="utf-8")
            except OSError as exc:
                raise ReviewError(f"cannot read the draft: {exc.strerror or exc}") from exc
            # the file is what gets published, so it is what is checked (it may be hand-edited)
            problems = self._problems(text, record.path)
            if problems:
                raise EditRefused(problems, subject=record.path)
            content = self.store.post_content(record.id)
            date = post_from_json(content).date if content else dt.date.today()
            name = f"{date.isoformat()}-{Path(record.path).stem}.md"
            target = free_path(self.site / POSTS_DIR / name, text)
            relative = target.relative_to(self.site).as_posix()
            self.store.move_post(record.id, relative)
            published = self.store.finish_post(
                record.id, state=PostState.PUBLISHED, target=relative
            )
            write_atomic(target, text)
        _unlink(draft)
        return published

    def reject(self, post_id: int) -> PostRecord:
        with self.store.transaction():
            record = self._require(post_id, {PostState.DRAFT})
            self.store.set_post_state(record.id, PostState.REJECTED)
            updated = self._record(post_id)
        _unlink(self._file(record.path))
        return updated

    def recompose(self, post_id: int) -> PostRecord:
        """Compose the story again from its stored articles, replacing the draft (a
        rejected post comes back as a draft); edits made so far are dropped."""
        before = self._require(post_id, {PostState.DRAFT, PostState.REJECTED}, jekyll=True)
        # composing loads the Korean model: done before the write lock is taken
        post = self._compose(before.story_id)
        post = dataclasses.replace(post, slug=Path(before.path).stem)
        with self.store.transaction():
            record = self._require(post_id, {before.state})
            rendered = self._checked(post, record)
            self.store.set_post_content(record.id, post_to_json(post))
            self.store.set_post_title(record.id, post.title)
            if record.state != PostState.DRAFT:
                self.store.set_post_state(record.id, PostState.DRAFT)
            write_atomic(self._file(record.path), rendered.text)
        return self._record(post_id)

    def retry(self, post_id: int, target: str) -> RemoteRecord | None:
        """Send the published post to the target now; not while a run is on (it may be
        sending the same post), so the site's run lock is held meanwhile."""
        record = self._require(post_id, {PostState.PUBLISHED})
        with RunLock(self.site / LOCK_FILE):
            return TargetPublisher(self.settings, self.store, self.environ).publish_one(
                record.id, target
            )

    # -- helpers --------------------------------------------------------------

    def _safe_item(self, story_id: int, created_at: dt.datetime) -> QueueItem:
        """The story's queue line; a story whose rows cannot be read is one failed line
        saying why, so one garbage row never takes the whole queue down."""
        try:
            return self._item(story_id, created_at)
        except StoreError as exc:
            reason = f"cannot be read from the store: {exc.message}"
            return QueueItem(
                story_id, None, f"#{story_id}", (), created_at, ArticleState.FAILED, reason
            )

    def _item(self, story_id: int, created_at: dt.datetime) -> QueueItem:
        articles = self.store.story_articles(story_id)
        post = self.store.post_for_story(story_id)
        status, reason = _status(post, articles)
        outlets = tuple(dict.fromkeys(outlet_of(a) for a in articles))
        if post is not None:
            at = post.published_at or post.created_at
            return QueueItem(story_id, post.id, post.title, outlets, at, status, reason, post.path)
        title = articles[0].title if articles else f"#{story_id}"
        return QueueItem(story_id, None, title, outlets, created_at, status, reason)

    def _record(self, post_id: int) -> PostRecord:
        record = self.store.find_post(post_id)
        if record is None:
            raise NotFoundError("no such post", subject=f"post {post_id}")
        return record

    def _require(self, post_id: int, states: set[PostState], *, jekyll: bool = False) -> PostRecord:
        record = self._record(post_id)
        if record.state not in states:
            wanted = " or ".join(sorted(states))
            raise WrongStateError(f"the post is {record.state}, not {wanted}", subject=record.path)
        # a draft held with `run --format tistory` is an export, not a Jekyll post
        if jekyll and not (
            record.path.startswith(f"{DRAFTS_DIR}/") and record.path.endswith(".md")
        ):
            raise WrongStateError(f"only Jekyll drafts in {DRAFTS_DIR}/", subject=record.path)
        return record

    def _stored(self, record: PostRecord) -> Post:
        content = self.store.post_content(record.id)
        if content is None:
            raise WrongStateError(
                "written before blogwire kept each post's structure: re-compose it to edit it",
                subject=record.path,
            )
        return post_from_json(content)

    def _file(self, relative: str) -> Path:
        path = (self.site / relative).resolve()
        if not path.is_relative_to(self.site.resolve()):
            raise ReviewError("the post's path leaves the site folder", subject=relative)
        return path

    def _problems(self, text: str, where: str) -> list[str]:
        found = check_post(
            text, where, self.settings.post, require_source=self.settings.post.source_credit
        )
        return [p.message for p in found]

    def _checked(self, post: Post, record: PostRecord, found: Sequence[str] = ()) -> RenderedPost:
        rendered = render_post(post, self.settings.post)
        problems = [*found, *self._problems(rendered.text, record.path)]
        if problems:
            raise EditRefused(problems, subject=record.path)
        return rendered

    def _compose(self, story_id: int) -> Post:
        """The story's post made again as a run makes it (blogwire.pipeline), with the
        configured writer."""
        records = self.store.story_articles(story_id)
        if not records:
            raise NotFoundError("the story has no articles", subject=f"story {story_id}")
        made = story_post(
            [record.article() for record in records],
            self.settings,
            self.environ,
            feed_url=records[0].feed_url,
            today=dt.date.today(),
        )
        return made.post


# -- small helpers -------------------------------------------------------------


def _status(post: PostRecord | None, articles: Sequence[ArticleRecord]) -> tuple[str, str | None]:
    if post is not None:
        return post.state, None
    if articles and all(a.state == ArticleState.FAILED for a in articles):
        return ArticleState.FAILED, next((a.error for a in articles if a.error), None)
    return ArticleState.PENDING, None


def outlet_of(record: ArticleRecord) -> str:
    return record.outlet or urlparse(record.url).hostname or record.url


def _unlink(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        # the store already says where the post is; a stale draft is all that is left
        raise PublishError(
            f"done, but the draft could not be removed: {exc.strerror or exc}", subject=str(path)
        ) from exc
