"""Review of held drafts: the queue, a story beside its draft, edits, approve, reject,
re-compose. Core logic only; the web UI reaches it through the facade.

An edit changes the stored Post (blogwire.postjson), renders it again and runs the
same check as `blogwire check`: a valid draft stays valid, or the edit is refused
with nothing saved. Each change reads and writes inside one store transaction (BEGIN
IMMEDIATE), so two browser tabs, or the UI and a `blogwire run`, take turns.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from blogwire.errors import BlogwireError, PublishError
from blogwire.models import Highlight, Paragraph, Post, RenderedPost, Span
from blogwire.postjson import post_from_json, post_to_json
from blogwire.publish import POSTS_DIR, write_atomic
from blogwire.publish.jekyll import free_path
from blogwire.render.check import check_post
from blogwire.render.seed import render_post
from blogwire.settings import Settings
from blogwire.store import ArticleRecord, PostRecord, Store

DRAFTS_DIR = "_drafts"
# the queue's statuses: a post's state, or for a story without a post its articles'
STATUSES = ("draft", "published", "rejected", "writing", "pending", "failed")
_FINAL_PUNCT = re.compile(r"^(.*?)([.!?]+)$", re.S)  # as compose splits a highlighted sentence
_MARKUP = re.compile(r"[<>]")


class ReviewError(BlogwireError):
    """A review action that cannot be done (missing post, wrong state)."""


class NotFoundError(ReviewError):
    """No such story or post."""


class WrongStateError(ReviewError):
    """The post is not in a state that allows the action (e.g. approving a published post)."""


class EditRefused(ReviewError):
    """The edited post would break the post format; nothing was saved."""

    def __init__(self, problems: Sequence[str], *, subject: str | None = None) -> None:
        super().__init__("edit refused: " + "; ".join(problems), subject=subject)
        self.problems = tuple(problems)


@dataclass(frozen=True, slots=True)
class QueueItem:
    story_id: int
    post_id: int | None
    title: str
    outlets: tuple[str, ...]
    at: dt.datetime
    status: str  # one of STATUSES
    reason: str | None = None  # why it failed
    path: str | None = None


@dataclass(frozen=True, slots=True)
class StoryView:
    story_id: int
    status: str
    reason: str | None
    articles: tuple[ArticleRecord, ...]
    post: PostRecord | None
    draft: Post | None  # the stored structure; None without a post or for an old post


@dataclass(frozen=True, slots=True)
class PostEdit:
    """What the editor may change; None keeps the current value."""

    title: str | None = None
    headline: str | None = None
    section_titles: tuple[str, ...] | None = None
    highlights: tuple[int, ...] | None = None  # per section: index into its sentences
    categories: tuple[str, ...] | None = None
    image: str | None = None


class Review:
    """Review actions on one site's store; open one per request (a Store is per thread)."""

    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store
        self.site = settings.site_dir

    # -- reading --------------------------------------------------------------

    def queue(self, status: str | None = None) -> tuple[QueueItem, ...]:
        """Every story, newest first, optionally only those with one status."""
        items = (self._item(s.id, s.created_at) for s in self.store.stories())
        return tuple(i for i in items if status is None or i.status == status)

    def story(self, story_id: int) -> StoryView:
        articles = tuple(self.store.story_articles(story_id))
        if not articles:
            raise NotFoundError("no such story", subject=f"story {story_id}")
        post = self.store.post_for_story(story_id)
        status, reason = _status(post, articles)
        draft = None
        if post is not None and (content := self.store.post_content(post.id)) is not None:
            draft = post_from_json(content)
        return StoryView(story_id, status, reason, articles, post, draft)

    def post_file(self, post_id: int) -> Path:
        """The post's file on disk, for the preview; NotFoundError once it is gone."""
        path = self._file(self._record(post_id).path)
        if not path.is_file():
            raise NotFoundError("the post has no file (rejected?)", subject=f"post {post_id}")
        return path

    # -- changing -------------------------------------------------------------

    def edit(self, post_id: int, edit: PostEdit) -> PostRecord:
        with self.store.transaction():
            record = self._require(post_id, {"draft"}, jekyll=True)
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
            record = self._require(post_id, {"draft"}, jekyll=True)
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
            published = self.store.finish_post(record.id, state="published", target=relative)
            write_atomic(target, text)
        _unlink(draft)
        return published

    def reject(self, post_id: int) -> PostRecord:
        with self.store.transaction():
            record = self._require(post_id, {"draft"})
            self.store.set_post_state(record.id, "rejected")
            updated = self._record(post_id)
        _unlink(self._file(record.path))
        return updated

    def recompose(self, post_id: int) -> PostRecord:
        """Compose the story again from its stored articles, replacing the draft (a
        rejected post comes back as a draft); edits made so far are dropped."""
        before = self._require(post_id, {"draft", "rejected"}, jekyll=True)
        # composing loads the Korean model: done before the write lock is taken
        post = self._compose(before.story_id)
        post = dataclasses.replace(post, slug=Path(before.path).stem)
        with self.store.transaction():
            record = self._require(post_id, {before.state})
            rendered = self._checked(post, record)
            self.store.set_post_content(record.id, post_to_json(post))
            self.store.set_post_title(record.id, post.title)
            if record.state != "draft":
                self.store.set_post_state(record.id, "draft")
            write_atomic(self._file(record.path), rendered.text)
        return self._record(post_id)

    # -- helpers --------------------------------------------------------------

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

    def _require(self, post_id: int, states: set[str], *, jekyll: bool = False) -> PostRecord:
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
        """As Runner._render_story does, and with the category of the article's feed."""
        from blogwire.analyze import analyze
        from blogwire.compose.post import compose_post, source_credit

        records = self.store.story_articles(story_id)
        if not records:
            raise NotFoundError("the story has no articles", subject=f"story {story_id}")
        analysis = analyze(records[0].article())
        category = next(
            (f.category for f in self.settings.feeds if f.url == records[0].feed_url), None
        )
        chosen = (category,) if category else None
        post = compose_post(analysis, self.settings.post, categories=chosen, today=dt.date.today())
        if self.settings.post.source_credit:
            credits = [source_credit(analysis.article)]
            for record in records[1:]:
                credit = source_credit(record.article())
                if credit.url not in {c.url for c in credits}:
                    credits.append(credit)
            post = dataclasses.replace(post, credits=tuple(credits))
        return post


# -- editing a Post ------------------------------------------------------------


def apply_edit(post: Post, edit: PostEdit) -> tuple[Post, list[str]]:
    """The post with the edit applied, and the problems the format check cannot see:
    markup in a title is escaped into harmless but visible `&lt;b&gt;`, and rendering
    folds a space inside the image URL away. The check then judges the rest, so the
    editor hears about every problem at once."""
    problems: list[str] = []
    title = post.title if edit.title is None else _one_line(edit.title)
    headline = post.headline if edit.headline is None else _one_line(edit.headline)
    categories = post.categories
    if edit.categories is not None:
        categories = tuple(c for c in (_one_line(c) for c in edit.categories) if c)
    image = post.image if edit.image is None else edit.image.strip()
    if re.search(r"\s", image):
        problems.append("image URL must not contain spaces")
    titles = [s.title for s in post.sections]
    if edit.section_titles is not None:
        if len(edit.section_titles) != len(titles):
            problems.append(f"expected {len(titles)} section titles")
        else:
            titles = [_one_line(t) for t in edit.section_titles]
    sections = list(post.sections)
    highlights = edit.highlights
    if highlights is not None and len(highlights) != len(sections):
        problems.append(f"expected a highlight for each of the {len(sections)} sections")
        highlights = None
    for number, section in enumerate(post.sections):
        body = section.body
        if highlights is not None and highlights[number] != highlighted_index(body):
            choice = highlights[number]
            if not 0 <= choice < len(sentence_groups(body)):
                problems.append(f"section {number + 1} has no sentence {choice + 1}")
            else:
                color = Highlight.BLUE if number % 2 == 0 else Highlight.TINT
                body = rehighlight(body, choice, color)
        sections[number] = dataclasses.replace(section, title=titles[number], body=body)
    named = [("title", title), ("headline", headline)]
    named += [(f"section {n} title", t) for n, t in enumerate(titles, 1)]
    named += [(f"category {c}", c) for c in categories]
    problems += [f"{what} must be plain text (no < or >)" for what, v in named if _MARKUP.search(v)]
    changed = {"title": title, "headline": headline, "categories": categories, "image": image}
    return dataclasses.replace(post, sections=tuple(sections), **changed), problems


def sentence_groups(paragraph: Paragraph) -> tuple[tuple[Span, ...], ...]:
    """The paragraph's sentences as runs of spans: compose joins sentences with a
    lone unhighlighted " " span, and splits a highlighted one into text + punctuation."""
    groups: list[list[Span]] = [[]]
    for span in paragraph.spans:
        if span.highlight is None and span.text == " ":
            groups.append([])
        else:
            groups[-1].append(span)
    return tuple(tuple(g) for g in groups if g)


def highlighted_index(paragraph: Paragraph) -> int | None:
    for n, group in enumerate(sentence_groups(paragraph)):
        if any(s.highlight is not None for s in group):
            return n
    return None


def rehighlight(paragraph: Paragraph, index: int, color: Highlight) -> Paragraph:
    """The paragraph with sentence `index` highlighted instead, as compose would."""
    spans: list[Span] = []
    for n, group in enumerate(sentence_groups(paragraph)):
        if n:
            spans.append(Span(" "))
        text = "".join(s.text for s in group)
        if n != index:
            spans.append(Span(text))
            continue
        match = _FINAL_PUNCT.match(text)
        body, punct = (match.group(1), match.group(2)) if match else (text, "")
        spans.append(Span(body, color))
        if punct:
            spans.append(Span(punct))
    return Paragraph(tuple(spans), paragraph.sources)


# -- small helpers -------------------------------------------------------------


def _status(post: PostRecord | None, articles: Sequence[ArticleRecord]) -> tuple[str, str | None]:
    if post is not None:
        return post.state, None
    if articles and all(a.state == "failed" for a in articles):
        return "failed", next((a.error for a in articles if a.error), None)
    return "pending", None


def outlet_of(record: ArticleRecord) -> str:
    return record.outlet or urlparse(record.url).hostname or record.url


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _unlink(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        # the store already says where the post is; a stale draft is all that is left
        raise PublishError(
            f"done, but the draft could not be removed: {exc.strerror or exc}", subject=str(path)
        ) from exc
