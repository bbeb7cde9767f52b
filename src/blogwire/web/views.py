"""What the pages show, computed without the web framework: labels, the editor's
form values, the feed table and the settings table."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from blogwire.core import FeedState, PostEdit
from blogwire.models import Post
from blogwire.settings import FeedConfig, Settings, setting_names

MAX_ID = 2**63 - 1  # SQLite's largest integer: a larger id can name no row


def is_story_id(story_id: int) -> bool:
    """Whether `story_id` can name a row; outside that range a page is a 404, not a 500."""
    return 0 < story_id <= MAX_ID


STATUS_LABELS = {
    "draft": "초안",
    "published": "게시됨",
    "rejected": "거절됨",
    "writing": "작성 중",
    "pending": "기사 대기",
    "failed": "실패",
}
ARTICLE_STATE_LABELS = {
    "pending": "대기",
    "posted": "글에 쓰임",
    "duplicate": "중복",
    "filtered": "걸러짐",
    "failed": "실패",
    "skipped": "건너뜀(robots.txt)",
}
FETCH_LABELS = {"ok": "정상", "not-modified": "변경 없음", "error": "오류"}


@dataclass(frozen=True, slots=True)
class SectionChoice:
    """One section in the editor: its title and its own sentences, one highlighted."""

    title: str
    sentences: tuple[str, ...]
    highlighted: int | None


@dataclass(frozen=True, slots=True)
class EditorValues:
    """What the editor's fields hold: the stored post, or a refused submission as typed."""

    title: str
    headline: str
    categories: str  # comma-separated
    image: str
    section_titles: tuple[str, ...]
    highlights: tuple[int | None, ...]


@dataclass(frozen=True, slots=True)
class FeedRow:
    url: str
    category: str | None
    configured: bool  # False: removed from blogwire.toml, only in the store's history
    state: FeedState


def section_choices(post: Post) -> tuple[SectionChoice, ...]:
    return tuple(
        SectionChoice(
            s.title,
            tuple("".join(span.text for span in g) for g in s.body.sentence_groups()),
            s.body.highlighted_index(),
        )
        for s in post.sections
    )


def editor_values(post: Post) -> EditorValues:
    return EditorValues(
        title=post.title,
        headline=post.headline,
        categories=", ".join(post.categories),
        image=post.image,
        section_titles=tuple(s.title for s in post.sections),
        highlights=tuple(s.body.highlighted_index() for s in post.sections),
    )


def edit_from_form(form: Mapping[str, object], post: Post) -> tuple[PostEdit, EditorValues]:
    """The edit a submitted editor form asks for, and the values to show again if it
    is refused. A field the form lacks keeps the post's current value."""
    current = editor_values(post)

    def text(name: str, default: str) -> str:
        value = form.get(name)
        return value if isinstance(value, str) else default

    titles = tuple(text(f"section_title_{n}", t) for n, t in enumerate(current.section_titles))
    highlights = tuple(
        form_index(form.get(f"highlight_{n}"), h) for n, h in enumerate(current.highlights)
    )
    values = EditorValues(
        title=text("title", current.title),
        headline=text("headline", current.headline),
        categories=text("categories", current.categories),
        image=text("image", current.image),
        section_titles=titles,
        highlights=highlights,
    )
    edit = PostEdit(
        title=values.title,
        headline=values.headline,
        section_titles=titles,
        highlights=tuple(-1 if h is None else h for h in highlights),
        categories=tuple(c.strip() for c in values.categories.split(",")),
        image=values.image,
    )
    return edit, values


def form_index(value: object, default: int | None) -> int | None:
    """A sentence index from a form field: `default` when the field is absent, -1 (which
    every edit refuses as naming no sentence) when it is not a number."""
    if not isinstance(value, str):
        return default
    try:
        return int(value)
    except ValueError:
        return -1


def feed_rows(settings: Settings, states: Sequence[FeedState]) -> tuple[FeedRow, ...]:
    """The configured feeds with their last fetch, then feeds the store still remembers."""
    known = {s.url: s for s in states}
    rows = [
        FeedRow(f.url, f.category, True, known.pop(f.url, FeedState(f.url))) for f in settings.feeds
    ]
    rows += [FeedRow(url, None, False, state) for url, state in sorted(known.items())]
    return tuple(rows)


def effective_settings(settings: Settings) -> tuple[tuple[str, str], ...]:
    """Every setting by its dotted name with its value in TOML notation, one row per
    feed. The web token is not a setting, so it can never show up here."""
    rows: list[tuple[str, str]] = []
    for name in setting_names():
        if name == "feeds":
            rows += [(f"feeds[{n}]", _feed_text(f)) for n, f in enumerate(settings.feeds, 1)]
            if not settings.feeds:
                rows.append(("feeds", "[]"))
            continue
        value: object = settings
        for part in name.split("."):
            value = getattr(value, part)
        rows.append((name, toml_text(value)))
    return tuple(rows)


def toml_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, tuple):
        return "[" + ", ".join(toml_text(v) for v in value) + "]"
    # a TOML basic string is a JSON string for everything that can appear here
    return json.dumps(str(value), ensure_ascii=False)


def _feed_text(feed: FeedConfig) -> str:
    parts = [f"url = {toml_text(feed.url)}"]
    if feed.category is not None:
        parts.append(f"category = {toml_text(feed.category)}")
    if feed.include:
        parts.append(f"include = {toml_text(feed.include)}")
    if feed.exclude:
        parts.append(f"exclude = {toml_text(feed.exclude)}")
    return "{ " + ", ".join(parts) + " }"


def web_url(value: str | None) -> str | None:
    """The URL if it is http(s), else None: a source's `javascript:` link must never
    become an href (autoescaping keeps it text, not a harmless link)."""
    if not value:
        return None
    return value if urlsplit(value.strip()).scheme.lower() in {"http", "https"} else None


def local_time(moment: dt.datetime | None) -> str:
    """A stored UTC time in the server's own time zone, to the minute."""
    if moment is None:
        return "—"
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")
