"""The store: every feed fetch, article, story, post and publish, in one SQLite file.

`Store` is this module's feeds, articles, stories and totals plus the method groups
kept in their own modules: posts (posts.py), remote copies (remote.py), failed
fetch attempts (attempts.py) and what the LLM writer did per post (llm.py).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence

from blogwire.errors import StoreError
from blogwire.models import ArticleState
from blogwire.store.attempts import AttemptStore
from blogwire.store.llm import LlmStore
from blogwire.store.posts import PostStore
from blogwire.store.records import (
    ARTICLE_STATES,
    FETCH_STATUSES,
    ArticleRecord,
    Composed,
    FeedState,
    NewArticle,
    StoreCounts,
    StoryRecord,
    article_from_row,
    check_known,
    decoded,
    feed_from_row,
    paragraphs_json,
    readable,
    require_found,
    utc_text,
    utc_time,
)
from blogwire.store.remote import RemoteStore


class Store(PostStore, RemoteStore, AttemptStore, LlmStore):
    """Use `Store.open(path)`; one Store per thread (sqlite3 connections are not
    shared across threads), any number of processes (WAL, busy timeout)."""

    # -- feeds ----------------------------------------------------------------

    def feed_state(self, url: str) -> FeedState:
        row = self._maybe_one("SELECT * FROM feeds WHERE url = ?", (url,))
        return FeedState(url) if row is None else decoded("feed", row, feed_from_row)

    def record_fetch(
        self,
        url: str,
        *,
        status: str,
        http_status: int | None,
        entries: int,
        new: int,
        error: str | None,
        etag: str | None,
        last_modified: str | None,
    ) -> None:
        """Log one fetch and update the feed's running state.

        After 'ok' the validators become exactly what the server sent (None drops a
        stale one); after 'not-modified' or 'error' a None keeps the old one, since
        a 304 need not repeat them and a failed fetch says nothing about them.
        """
        check_known(status, FETCH_STATUSES, "fetch status")
        failed = int(status == "error")
        now = self._now()
        with self.transaction():
            self._execute(
                """INSERT INTO feeds (url, etag, last_modified, last_fetch_at, last_status,
                       last_error, fetches, failures, consecutive_failures)
                   VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?7)
                   ON CONFLICT (url) DO UPDATE SET
                       etag = CASE WHEN ?5 = 'ok' THEN ?2 ELSE coalesce(?2, etag) END,
                       last_modified = CASE WHEN ?5 = 'ok' THEN ?3
                                            ELSE coalesce(?3, last_modified) END,
                       last_fetch_at = ?4, last_status = ?5, last_error = ?6,
                       fetches = fetches + 1, failures = failures + ?7,
                       consecutive_failures = CASE WHEN ?7 THEN consecutive_failures + 1
                                                   ELSE 0 END""",
                (url, etag, last_modified, now, status, error, failed),
            )
            self._execute(
                """INSERT INTO fetches (feed_url, at, status, http_status, entries, new, error)
                   VALUES (?, ?, ?, ?, ?, ?, ?)""",
                (url, now, status, http_status, entries, new, error),
            )

    def feeds(self) -> list[FeedState]:
        return readable("feed", self._query("SELECT * FROM feeds ORDER BY url"), feed_from_row)

    # -- articles -------------------------------------------------------------

    def find_article(
        self,
        *,
        url: str | None = None,
        canonical_url: str | None = None,
        content_hash: str | None = None,
    ) -> ArticleRecord | None:
        """The earliest article matching ANY of the given keys; None if none does."""
        keys = [("url", url), ("canonical_url", canonical_url), ("content_hash", content_hash)]
        given = [(column, value) for column, value in keys if value is not None]
        if not given:
            return None
        # one indexed SELECT per key: SQLite cannot use three indexes for one OR
        union = " UNION ".join(f"SELECT id FROM articles WHERE {column} = ?" for column, _ in given)
        row = self._maybe_one(
            f"SELECT * FROM articles WHERE id = (SELECT min(id) FROM ({union}))",
            [value for _, value in given],
        )
        return None if row is None else decoded("article", row, article_from_row)

    def add_article(self, article: NewArticle) -> ArticleRecord:
        """Record a newly seen article ('pending') with its LSH bands.

        Raises StoreError if its URL is already stored: look it up first.
        """
        now = self._now()
        published = article.published.isoformat() if article.published else None
        with self.transaction():
            cursor = self._execute(
                """INSERT INTO articles (url, canonical_url, content_hash, feed_url, title,
                       outlet, published, image, paragraphs, signature, state, seen_at,
                       updated_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)""",
                (
                    article.url,
                    article.canonical_url,
                    article.content_hash,
                    article.feed_url,
                    article.title,
                    article.outlet,
                    published,
                    article.image,
                    paragraphs_json(article.paragraphs),
                    article.signature,
                    now,
                    now,
                ),
                what=f"cannot add article {article.url}",
            )
            article_id = int(cursor.lastrowid or 0)
            self._execute_many(
                "INSERT OR IGNORE INTO article_bands (band_hash, article_id) VALUES (?, ?)",
                [(band, article_id) for band in article.bands],
            )
            return self._article(article_id)

    def add_skipped(self, *, url: str, feed_url: str, title: str, reason: str) -> None:
        """Record a feed entry that was not fetched ('skipped', with the reason): robots.txt
        forbids it. It has no text and tells no story; a later run that may fetch it
        reads it then (`forget_skipped`)."""
        now = self._now()
        self._execute(
            """INSERT INTO articles (url, content_hash, feed_url, title, paragraphs, signature,
                   state, error, seen_at, updated_at)
               VALUES (?, '', ?, ?, '[]', x'', 'skipped', ?, ?, ?)
               ON CONFLICT (url) DO UPDATE SET error = excluded.error,
                   updated_at = excluded.updated_at WHERE state = 'skipped'""",
            (url, feed_url, title, reason, now, now),
            what=f"cannot record skipped article {url}",
        )

    def add_failed(self, *, url: str, feed_url: str, title: str, reason: str) -> None:
        """Record a feed entry whose page can never become an article ('failed', with the
        reason: too big, too slow to read, not an article). It has no text and tells no
        story; being stored, it is not fetched again. Replaces a 'skipped' record."""
        now = self._now()
        self._execute(
            """INSERT INTO articles (url, content_hash, feed_url, title, paragraphs, signature,
                   state, error, seen_at, updated_at)
               VALUES (?, '', ?, ?, '[]', x'', 'failed', ?, ?, ?)
               ON CONFLICT (url) DO UPDATE SET state = 'failed', error = excluded.error,
                   updated_at = excluded.updated_at WHERE state = 'skipped'""",
            (url, feed_url, title, reason, now, now),
            what=f"cannot record failed article {url}",
        )

    def forget_skipped(self, url: str) -> None:
        """Drop the record of a skipped entry, about to be stored as read."""
        self._execute("DELETE FROM articles WHERE url = ? AND state = 'skipped'", (url,))

    def robots_files(self) -> dict[str, tuple[int, str]]:
        """Each host's kept robots.txt that has not expired: origin -> (status, body)."""
        rows = self._query(
            "SELECT origin, status, body FROM robots WHERE expires_at > ?", (self._now(),)
        )
        return {r["origin"]: (int(r["status"]), str(r["body"])) for r in rows}

    def keep_robots(self, origin: str, *, status: int, body: str, seconds: float) -> None:
        """Keep a host's robots.txt for `seconds` (RFC 9309: at most a day)."""
        now = self._now()
        expires = utc_text(utc_time(now) + dt.timedelta(seconds=seconds))
        self._execute(
            """INSERT OR REPLACE INTO robots (origin, status, body, fetched_at, expires_at)
               VALUES (?, ?, ?, ?, ?)""",
            (origin, status, body, now, expires),
            what=f"cannot keep robots.txt of {origin}",
        )

    def set_article_state(
        self, article_id: int, state: ArticleState, error: str | None = None
    ) -> None:
        check_known(state, ARTICLE_STATES, "article state")
        cursor = self._execute(
            "UPDATE articles SET state = ?, error = ?, updated_at = ? WHERE id = ?",
            (state, error, self._now(), article_id),
        )
        require_found(cursor.rowcount, "article", article_id)

    def articles(self, state: ArticleState | None = None) -> list[ArticleRecord]:
        if state is None:
            rows = self._query("SELECT * FROM articles ORDER BY id")
        else:
            check_known(state, ARTICLE_STATES, "article state")
            rows = self._query("SELECT * FROM articles WHERE state = ? ORDER BY id", (state,))
        return readable("article", rows, article_from_row)

    def candidates(
        self, bands: Sequence[int], *, exclude: int | None = None
    ) -> list[ArticleRecord]:
        """Articles sharing at least one LSH band hash, by id; one index probe per band."""
        if not bands:
            return []
        rows = self._query(candidates_query(len(bands)), [*bands, exclude])
        return readable("article", rows, article_from_row)

    def _article(self, article_id: int) -> ArticleRecord:
        row = self._maybe_one("SELECT * FROM articles WHERE id = ?", (article_id,))
        if row is None:
            raise StoreError(f"no article {article_id}", subject=str(self.path))
        return decoded("article", row, article_from_row)

    # -- stories --------------------------------------------------------------

    def new_story(self, article_id: int) -> int:
        """A story that starts with this article; the article must have none yet."""
        with self.transaction():
            if self._article(article_id).story_id is not None:
                raise StoreError(f"article {article_id} already belongs to a story")
            cursor = self._execute("INSERT INTO stories (created_at) VALUES (?)", (self._now(),))
            story_id = int(cursor.lastrowid or 0)
            self._set_story(article_id, story_id)
            return story_id

    def join_story(self, story_id: int, article_id: int) -> None:
        """Add the article to the story; a no-op if it is there already, an error if
        it belongs to another story (an article tells one story)."""
        with self.transaction():
            current = self._article(article_id).story_id
            if current == story_id:
                return
            if current is not None:
                raise StoreError(f"article {article_id} belongs to story {current}, not {story_id}")
            self._set_story(article_id, story_id)

    def _set_story(self, article_id: int, story_id: int) -> None:
        self._execute(
            "UPDATE articles SET story_id = ?, updated_at = ? WHERE id = ?",
            (story_id, self._now(), article_id),
            what=f"cannot put article {article_id} in story {story_id}",
        )

    def story_of(self, article_id: int) -> int | None:
        return self._article(article_id).story_id

    def story_articles(self, story_id: int) -> list[ArticleRecord]:
        """The story's articles, first seen first; StoreError if one cannot be read (the
        story cannot be shown or credited without it)."""
        rows = self._query("SELECT * FROM articles WHERE story_id = ? ORDER BY id", (story_id,))
        return [decoded("article", row, article_from_row) for row in rows]

    def stories_without_post(self) -> list[int]:
        rows = self._query(
            """SELECT s.id FROM stories s
               WHERE NOT EXISTS (SELECT 1 FROM posts p WHERE p.story_id = s.id) ORDER BY s.id"""
        )
        return [int(r[0]) for r in rows]

    def stories(self, limit: int | None = None) -> list[StoryRecord]:
        """Newest first."""
        rows = self._query(
            "SELECT id, created_at FROM stories ORDER BY created_at DESC, id DESC LIMIT ?",
            (-1 if limit is None else limit,),
        )
        return readable("story", rows, _story_from_row)

    # -- composed: the post made from an article when it was read ------------

    def keep_composed(self, article_id: int, composed: Composed) -> None:
        """Keep the post composed from this article (or why composing failed)."""
        self._execute(
            "INSERT OR REPLACE INTO composed (article_id, content, error) VALUES (?, ?, ?)",
            (article_id, composed.content, composed.error),
            what=f"cannot keep the post composed from article {article_id}",
        )

    def find_composed(self, article_id: int) -> Composed | None:
        row = self._maybe_one(
            "SELECT content, error FROM composed WHERE article_id = ?", (article_id,)
        )
        return None if row is None else Composed(row["content"], row["error"])

    def drop_composed(self, story_id: int) -> None:
        """A posted story's composed posts are spent."""
        self._execute(
            "DELETE FROM composed WHERE article_id IN (SELECT id FROM articles WHERE story_id = ?)",
            (story_id,),
        )

    # -- totals ---------------------------------------------------------------

    def counts(self) -> StoreCounts:
        found: dict[str, int] = {}
        for table in ("articles", "posts"):
            for state, n in self._query(f"SELECT state, count(*) FROM {table} GROUP BY state"):
                found[state] = n
        found["stories"] = self._one("SELECT count(*) FROM stories")[0]
        found["publishes"] = self._one("SELECT count(*) FROM publishes")[0]
        # a state written by a newer blogwire has no field here; it is not ours to count
        known = StoreCounts.__dataclass_fields__
        return StoreCounts(**{k: v for k, v in found.items() if k in known})


def _story_from_row(row: sqlite3.Row) -> StoryRecord:
    return StoryRecord(int(row["id"]), utc_time(row["created_at"]))


def candidates_query(n_bands: int) -> str:
    """The SQL behind `Store.candidates` for n band hashes then the excluded id;
    public so a test can hold its query plan to the band index."""
    marks = ", ".join("?" * n_bands)
    return f"""SELECT * FROM articles WHERE id IN (
                   SELECT article_id FROM article_bands WHERE band_hash IN ({marks}))
               AND id IS NOT ? ORDER BY id"""
