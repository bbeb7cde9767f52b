"""The records the store takes and gives: frozen dataclasses, never raw rows.

Times are aware UTC datetimes here and ISO-8601 UTC strings on disk, one fixed
format (microseconds, "+00:00") so that string order is time order in SQL.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterable, Set
from dataclasses import dataclass
from typing import TypeVar

from blogwire.errors import StoreError
from blogwire.models import Article, ArticleState, PostState

ARTICLE_STATES = frozenset(ArticleState)
POST_STATES = frozenset(PostState)
FINISHED_POST_STATES = frozenset({PostState.PUBLISHED, PostState.DRAFT})
FETCH_STATUSES = frozenset({"ok", "not-modified", "error"})


@dataclass(frozen=True, slots=True)
class FeedState:
    """What the store knows about one feed; all None and zero if never fetched."""

    url: str
    etag: str | None = None
    last_modified: str | None = None  # the server's Last-Modified header, verbatim
    last_fetch_at: dt.datetime | None = None
    last_status: str | None = None  # 'ok' | 'not-modified' | 'error'
    last_error: str | None = None  # the error of the last fetch; None when it succeeded
    fetches: int = 0
    failures: int = 0  # failed fetches ever
    consecutive_failures: int = 0  # failed fetches since the last success, for back-off


@dataclass(frozen=True, slots=True)
class NewArticle:
    url: str
    canonical_url: str | None
    content_hash: str
    feed_url: str | None
    title: str
    outlet: str | None
    published: dt.date | None
    image: str | None
    paragraphs: tuple[str, ...]
    signature: bytes  # MinHashSignature.to_bytes()
    bands: tuple[int, ...]  # LSH band hashes, signed 64-bit


@dataclass(frozen=True, slots=True)
class Composed:
    """The post composed from one article when it was read: the Post as JSON
    (blogwire.postjson) in `content`, or why composing failed in `error`."""

    content: str | None
    error: str | None = None

    def __post_init__(self) -> None:
        if (self.content is None) == (self.error is None):
            raise StoreError("a composed post holds either a post or an error")


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    id: int
    url: str
    canonical_url: str | None
    content_hash: str
    feed_url: str | None
    title: str
    outlet: str | None
    published: dt.date | None
    image: str | None
    paragraphs: tuple[str, ...]
    signature: bytes
    state: ArticleState
    error: str | None
    story_id: int | None
    seen_at: dt.datetime
    updated_at: dt.datetime

    def article(self) -> Article:
        """The stored article as the pipeline's Article, to analyse or credit again."""
        return Article(
            origin=self.url,
            title=self.title,
            paragraphs=tuple(self.paragraphs),
            url=self.canonical_url or self.url,
            site_name=self.outlet,
            published=self.published,
            image=self.image,
        )


@dataclass(frozen=True, slots=True)
class PostRecord:
    id: int
    story_id: int
    path: str
    title: str
    state: PostState
    created_at: dt.datetime
    updated_at: dt.datetime
    published_at: dt.datetime | None  # the last finish_post, if any
    # what blogwire knows of the file at `path` (store migration 0007): the SHA-256 of
    # the text it wrote there, why it left a file alone, a review move in flight, and
    # whether the editor took a hand-edited draft file as the draft's text
    file_hash: str | None = None
    conflict: str | None = None
    intent: str | None = None  # 'approve' | 'reject' while the desk moves the file
    intent_path: str | None = None
    file_taken: bool = False


@dataclass(frozen=True, slots=True)
class StoryRecord:
    id: int
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class StoreCounts:
    pending: int = 0
    posted: int = 0
    duplicate: int = 0
    filtered: int = 0
    failed: int = 0
    skipped: int = 0
    stories: int = 0
    writing: int = 0
    published: int = 0
    draft: int = 0
    rejected: int = 0
    publishes: int = 0

    @property
    def articles(self) -> int:
        return (
            self.pending + self.posted + self.duplicate + self.filtered + self.failed + self.skipped
        )

    @property
    def posts(self) -> int:
        return self.writing + self.published + self.draft + self.rejected


def utc_text(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        raise StoreError(f"naive datetime {moment}: the store keeps UTC times only")
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def utc_time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _maybe_time(text: str | None) -> dt.datetime | None:
    return None if text is None else utc_time(text)


def paragraphs_json(paragraphs: tuple[str, ...]) -> str:
    # ensure_ascii=False keeps Korean readable in the sqlite3 shell and ~2x smaller
    return json.dumps(list(paragraphs), ensure_ascii=False)


_T = TypeVar("_T")

# What reading a hand-edited or corrupted row raises: a bad time or date, a state no
# blogwire has, broken JSON, NULL where a value must be.
ROW_ERRORS = (ValueError, TypeError, KeyError, IndexError)


def decoded(kind: str, row: sqlite3.Row, decode: Callable[[sqlite3.Row], _T]) -> _T:
    """One row as its record, or StoreError naming the row (`post 3 cannot be read:
    …`): garbage in one row is that row's error, never a traceback."""
    try:
        return decode(row)
    except ROW_ERRORS as exc:
        names = row.keys()  # `in row` would look at the values
        key = row["id"] if "id" in names else row["url"] if "url" in names else "?"
        raise StoreError(f"{kind} {key} cannot be read: {exc}") from exc


def readable(
    kind: str, rows: Iterable[sqlite3.Row], decode: Callable[[sqlite3.Row], _T]
) -> list[_T]:
    """The rows that can be read, as records; a garbage row is left out, so one bad row
    never hides the others (a lookup of that row alone still says what is wrong)."""
    out: list[_T] = []
    for row in rows:
        try:
            out.append(decoded(kind, row, decode))
        except StoreError:
            continue
    return out


def feed_from_row(row: sqlite3.Row) -> FeedState:
    return FeedState(
        url=row["url"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        last_fetch_at=_maybe_time(row["last_fetch_at"]),
        last_status=row["last_status"],
        last_error=row["last_error"],
        fetches=row["fetches"],
        failures=row["failures"],
        consecutive_failures=row["consecutive_failures"],
    )


def article_from_row(row: sqlite3.Row) -> ArticleRecord:
    published = row["published"]
    return ArticleRecord(
        id=row["id"],
        url=row["url"],
        canonical_url=row["canonical_url"],
        content_hash=row["content_hash"],
        feed_url=row["feed_url"],
        title=row["title"],
        outlet=row["outlet"],
        published=None if published is None else dt.date.fromisoformat(published),
        image=row["image"],
        paragraphs=tuple(json.loads(row["paragraphs"])),
        signature=bytes(row["signature"]),
        state=ArticleState(row["state"]),
        error=row["error"],
        story_id=row["story_id"],
        seen_at=utc_time(row["seen_at"]),
        updated_at=utc_time(row["updated_at"]),
    )


def post_from_row(row: sqlite3.Row) -> PostRecord:
    return PostRecord(
        id=row["id"],
        story_id=row["story_id"],
        path=row["path"],
        title=row["title"],
        state=PostState(row["state"]),
        created_at=utc_time(row["created_at"]),
        updated_at=utc_time(row["updated_at"]),
        published_at=_maybe_time(row["published_at"]),
        file_hash=row["file_hash"],
        conflict=row["conflict"],
        intent=row["intent"],
        intent_path=row["intent_path"],
        file_taken=bool(row["file_taken"]),
    )


def check_known(value: str, allowed: Set[str], what: str) -> None:
    """Refuse a state or status the schema does not know before it reaches a row
    (shared by the Store's method-group modules)."""
    if value not in allowed:
        raise StoreError(f"unknown {what} {value!r}; expected one of {', '.join(sorted(allowed))}")


def require_found(rowcount: int, what: str, key: int) -> None:
    """An UPDATE that touched no row names a record that does not exist: say so
    rather than succeed silently."""
    if rowcount == 0:
        raise StoreError(f"no {what} {key}")
