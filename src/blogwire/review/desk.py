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
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from blogwire.errors import (
    EditRefused,
    NotFoundError,
    PublishError,
    ReviewError,
    StoreError,
    WrongStateError,
)
from blogwire.faults import crash_point
from blogwire.models import ArticleState, Post, PostState, RenderedPost
from blogwire.pipeline import StoryPost, story_post
from blogwire.postjson import post_from_json, post_to_json
from blogwire.publish import POSTS_DIR, file_hash, text_hash, write_atomic
from blogwire.publish.jekyll import free_path
from blogwire.publish.targets import TargetPublisher, remote_states
from blogwire.render.check import check_post
from blogwire.render.seed import render_post
from blogwire.review.edit import PostEdit, SentenceEdit, apply_edit, apply_sentences
from blogwire.review.files import (
    APPROVE,
    REJECT,
    edited_on_disk,
    finish_moves,
    refuse_if_edited,
)
from blogwire.run.lock import RunLock
from blogwire.run.session import LOCK_FILE
from blogwire.settings import Settings
from blogwire.store import ArticleRecord, PostRecord, RemoteRecord, Store

if TYPE_CHECKING:
    from blogwire.llm.report import WriteReport

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
    # the draft's file holds other text than blogwire wrote there (a hand edit): the
    # desk shows it and offers to take the file's text or keep the stored one
    edited_on_disk: bool = False
    # each [[targets]] site with the post's copy there (None: waiting for a run)
    targets: tuple[tuple[str, RemoteRecord | None], ...] = ()
    # what the LLM writer did for the post (None: the extractive writer wrote it)
    llm: WriteReport | None = None


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
        edited = post is not None and edited_on_disk(
            post, self._file(post.path), self.store, self.settings
        )
        targets = tuple(remote_states(self.settings, self.store, post.id)) if post else ()
        llm = self._write_report(post)
        return StoryView(story_id, status, reason, articles, post, content, edited, targets, llm)

    def _write_report(self, post: PostRecord | None) -> WriteReport | None:
        """The LLM writer's account of the post; an account the store cannot read is
        left out rather than keep the editor from the draft it is about."""
        if post is None:
            return None
        try:
            return self.store.write_report(post.id)
        except StoreError:
            return None

    def post_file(self, post_id: int) -> Path:
        """The post's file on disk, for the preview; NotFoundError once it is gone."""
        path = self._file(self._record(post_id).path)
        if not path.is_file():
            raise NotFoundError("the post has no file (rejected?)", subject=f"post {post_id}")
        return path

    # -- changing -------------------------------------------------------------

    def edit(self, post_id: int, edit: PostEdit) -> PostRecord:
        with self.store.transaction():
            record = self._editable(post_id)
            post = self._stored(record)
            new, problems = apply_edit(post, edit)
            self._save(record, new, self._checked(new, record, problems))
        return self._record(post_id)

    def edit_sentences(self, post_id: int, edit: SentenceEdit) -> PostRecord:
        """The sections' sentences as the editor left them (review.edit): re-rendered
        and re-checked like any edit; the editor's sentences stored as the editor's."""
        with self.store.transaction():
            record = self._editable(post_id)
            new, problems = apply_sentences(self._stored(record), edit)
            self._save(record, new, self._checked(new, record, problems))
        return self._record(post_id)

    def approve(self, post_id: int) -> PostRecord:
        """Publish the draft: `_drafts/<slug>.md` -> `_posts/YYYY-MM-DD-<slug>.md`.

        The move is recorded before the file is written (intent 'approve', the target
        and the text's hash) and finished after, each in its own transaction; a kill in
        between is completed or undone by the next desk action (review.files), so the
        store never calls a post in `_posts/` a draft."""
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
            # a hand edit is published only once the editor took it (then its hash is kept)
            refuse_if_edited(record, draft, self.store, self.settings)
            content = self.store.post_content(record.id)
            date = post_from_json(content).date if content else dt.date.today()
            name = f"{date.isoformat()}-{Path(record.path).stem}.md"
            target = free_path(self.site / POSTS_DIR / name, text)
            relative = target.relative_to(self.site).as_posix()
            self.store.set_file_hash(record.id, text_hash(text), taken=record.file_taken)
            self.store.set_intent(record.id, APPROVE, relative)
        crash_point("approve", "decided")
        try:
            write_atomic(target, text)
        except PublishError:
            self.store.set_intent(record.id, None)  # nothing moved: still the draft it was
            raise
        crash_point("approve", "written")
        with self.store.transaction():
            self.store.move_post(record.id, relative)
            published = self.store.finish_post(
                record.id, state=PostState.PUBLISHED, target=relative
            )
            self.store.set_intent(record.id, None)
        crash_point("approve", "moved")
        _unlink(draft)
        return published

    def reject(self, post_id: int) -> PostRecord:
        """Mark the draft rejected and remove its file; the intent is recorded with the
        state, so a kill before the file is gone is finished by the next desk action."""
        with self.store.transaction():
            record = self._require(post_id, {PostState.DRAFT})
            self.store.set_post_state(record.id, PostState.REJECTED)
            self.store.set_intent(record.id, REJECT)
        crash_point("reject", "decided")
        _unlink(self._file(record.path))
        self.store.set_intent(record.id, None)
        return self._record(post_id)

    def finish_moves(self) -> int:
        """Complete or undo the approves and rejects a killed process left half done."""
        return finish_moves(self.store, self.site)

    def recompose(self, post_id: int) -> PostRecord:
        """Compose the story again from its stored articles, replacing the draft (a
        rejected post comes back as a draft); edits made so far are dropped."""
        before = self._require(post_id, {PostState.DRAFT, PostState.REJECTED}, jekyll=True)
        # composing loads the Korean model: done before the write lock is taken
        made = self._compose(before.story_id)
        post = dataclasses.replace(made.post, slug=Path(before.path).stem)
        with self.store.transaction():
            record = self._require(post_id, {before.state})
            # never past a hand edit nobody saw; one the editor took is theirs to drop
            refuse_if_edited(record, self._file(record.path), self.store, self.settings)
            if record.state != PostState.DRAFT:
                self.store.set_post_state(record.id, PostState.DRAFT)
            self._save(record, post, self._checked(post, record))
            # the draft is this composition now, and so is the LLM writer's account
            self.store.keep_write_report(record.id, made.llm)
        return self._record(post_id)

    def take_file(self, post_id: int) -> PostRecord:
        """The draft edited on disk is the draft: its text is what approve publishes
        (checked then), and the form edits, which would write over it, are off."""
        with self.store.transaction():
            record = self._require(post_id, {PostState.DRAFT}, jekyll=True)
            found = file_hash(self._file(record.path))
            if not found:
                raise ReviewError("the draft has no readable file to take", subject=record.path)
            self.store.set_file_hash(record.id, found, taken=True)
        return self._record(post_id)

    def keep_stored(self, post_id: int) -> PostRecord:
        """The stored draft is the draft: its file is written again from it, replacing
        the text edited on disk (the editor asked for exactly this)."""
        with self.store.transaction():
            record = self._require(post_id, {PostState.DRAFT}, jekyll=True)
            post = self._stored(record)
            self._save(record, post, self._checked(post, record))
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

    def _editable(self, post_id: int) -> PostRecord:
        """A draft the form may change: not edited on disk since blogwire wrote it, and
        not a hand-edited file the editor took (the form would write over both)."""
        record = self._require(post_id, {PostState.DRAFT}, jekyll=True)
        if record.file_taken:
            raise WrongStateError(
                "the draft is the file edited on disk: edit that file, or keep the stored "
                "text to edit it here",
                subject=record.path,
            )
        refuse_if_edited(record, self._file(record.path), self.store, self.settings)
        return record

    def _save(self, record: PostRecord, post: Post, rendered: RenderedPost) -> None:
        """Store the post and write its file, inside the caller's transaction: the hash
        is recorded first, and a failed write rolls the store back."""
        self.store.set_post_content(record.id, post_to_json(post))
        self.store.set_post_title(record.id, post.title)
        self.store.set_file_hash(record.id, text_hash(rendered.text))
        write_atomic(self._file(record.path), rendered.text)

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

    def _compose(self, story_id: int) -> StoryPost:
        """The story's post made again as a run makes it (blogwire.pipeline), with the
        configured writer (and its account, with the LLM writer)."""
        records = self.store.story_articles(story_id)
        if not records:
            raise NotFoundError("the story has no articles", subject=f"story {story_id}")
        return story_post(
            [record.article() for record in records],
            self.settings,
            self.environ,
            feed_url=records[0].feed_url,
            today=dt.date.today(),
            reviewing=True,  # a draft held for being unfit (post.unfit) recomposes
        )


# -- small helpers -------------------------------------------------------------


def _status(post: PostRecord | None, articles: Sequence[ArticleRecord]) -> tuple[str, str | None]:
    if post is not None:
        # why a run left the file at its path alone, else a reason kept with a posted
        # article: why it was sent to review
        return post.state, post.conflict or next((a.error for a in articles if a.error), None)
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
