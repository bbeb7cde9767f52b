"""Each post's copy on a remote target (WordPress), and the images uploaded there.

Mirrors the Jekyll path's 'writing' -> 'published': a row is 'sending' (with the
marker the remote post will carry) before the first request and 'published' (with
the remote id) after, so a crash in between is recovered by finding the marker.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from blogwire.store.db import Database
from blogwire.store.records import decoded, readable, utc_time

REMOTE_STATES = frozenset({"sending", "published", "failed"})


@dataclass(frozen=True, slots=True)
class RemoteRecord:
    post_id: int
    target: str
    marker: str
    state: str  # one of REMOTE_STATES
    remote_id: int | None
    remote_url: str | None
    sent_hash: str | None
    error: str | None
    attempts: int
    updated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class RemoteCounts:
    """One target's posts by state; `waiting` = published posts it has no row for."""

    target: str
    published: int = 0
    failed: int = 0
    sending: int = 0
    waiting: int = 0
    last_error: str | None = None


def _remote_from_row(row: sqlite3.Row) -> RemoteRecord:
    if row["state"] not in REMOTE_STATES:
        raise ValueError(f"unknown remote state {row['state']!r}")
    return RemoteRecord(
        post_id=int(row["post_id"]),
        target=str(row["target"]),
        marker=str(row["marker"]),
        state=str(row["state"]),
        remote_id=None if row["remote_id"] is None else int(row["remote_id"]),
        remote_url=row["remote_url"],
        sent_hash=row["sent_hash"],
        error=row["error"],
        attempts=int(row["attempts"]),
        updated_at=utc_time(row["updated_at"]),
    )


class RemoteStore(Database):
    """The remote_posts and remote_media tables (schema 6); part of `Store`."""

    def remote_post(self, post_id: int, target: str) -> RemoteRecord | None:
        row = self._maybe_one(
            "SELECT * FROM remote_posts WHERE post_id = ? AND target = ?", (post_id, target)
        )
        return None if row is None else decoded("remote post", row, _remote_from_row)

    def remote_posts(self, post_id: int) -> list[RemoteRecord]:
        rows = self._query(
            "SELECT * FROM remote_posts WHERE post_id = ? ORDER BY target", (post_id,)
        )
        return readable("remote post", rows, _remote_from_row)

    def posts_to_send(self, target: str) -> list[int]:
        """Published posts the target lacks, failed on, or has an older version of
        (the post changed after it was last sent), oldest first."""
        rows = self._query(
            """SELECT p.id FROM posts p
               LEFT JOIN remote_posts r ON r.post_id = p.id AND r.target = ?
               WHERE p.state = 'published'
                 AND (r.post_id IS NULL OR r.state != 'published' OR p.updated_at > r.updated_at)
               ORDER BY p.created_at, p.id""",
            (target,),
        )
        return [int(r[0]) for r in rows]

    def begin_remote(self, post_id: int, target: str, marker: str) -> RemoteRecord:
        """Record that a request for the post is about to go to the target. A row that
        exists keeps its marker and remote id (they find the remote post again)."""
        now = self._now()
        with self.transaction():
            self._execute(
                """INSERT INTO remote_posts (post_id, target, marker, state, attempts, updated_at)
                   VALUES (?, ?, ?, 'sending', 1, ?)
                   ON CONFLICT (post_id, target) DO UPDATE SET state = 'sending',
                       marker = CASE WHEN marker = '' THEN excluded.marker ELSE marker END,
                       attempts = attempts + 1, updated_at = excluded.updated_at""",
                (post_id, target, marker, now),
                what=f"cannot record post {post_id} for {target}",
            )
            record = self.remote_post(post_id, target)
            assert record is not None
            return record

    def finish_remote(
        self, post_id: int, target: str, *, remote_id: int, remote_url: str, sent_hash: str
    ) -> None:
        self._execute(
            """UPDATE remote_posts SET state = 'published', remote_id = ?, remote_url = ?,
                   sent_hash = ?, error = NULL, updated_at = ?
               WHERE post_id = ? AND target = ?""",
            (remote_id, remote_url, sent_hash, self._now(), post_id, target),
        )

    def fail_remote(self, post_id: int, target: str, error: str) -> None:
        """The attempt failed: the next run tries again. A post never tried (no row)
        gets a row so `status` and the desk can say why it waits."""
        now = self._now()
        self._execute(
            """INSERT INTO remote_posts (post_id, target, marker, state, error, updated_at)
               VALUES (?, ?, '', 'failed', ?, ?)
               ON CONFLICT (post_id, target) DO UPDATE SET state = 'failed',
                   error = excluded.error, updated_at = excluded.updated_at""",
            (post_id, target, error, now),
        )

    def remote_counts(self, targets: list[str]) -> list[RemoteCounts]:
        out = []
        for target in targets:
            rows = self._query(
                "SELECT state, count(*) FROM remote_posts WHERE target = ? GROUP BY state",
                (target,),
            )
            found: dict[str, int] = {str(row[0]): int(row[1]) for row in rows}
            waiting = self._one(
                """SELECT count(*) FROM posts p WHERE p.state = 'published' AND NOT EXISTS
                   (SELECT 1 FROM remote_posts r WHERE r.post_id = p.id AND r.target = ?)""",
                (target,),
            )[0]
            error = self._maybe_one(
                """SELECT error FROM remote_posts WHERE target = ? AND state = 'failed'
                   ORDER BY updated_at DESC LIMIT 1""",
                (target,),
            )
            out.append(
                RemoteCounts(
                    target,
                    published=found.get("published", 0),
                    failed=found.get("failed", 0),
                    sending=found.get("sending", 0),
                    waiting=int(waiting),
                    last_error=None if error is None else error[0],
                )
            )
        return out

    def remote_media(self, target: str, source_url: str) -> tuple[int, str] | None:
        row = self._maybe_one(
            "SELECT media_id, media_url FROM remote_media WHERE target = ? AND source_url = ?",
            (target, source_url),
        )
        return None if row is None else (int(row[0]), str(row[1]))

    def keep_media(self, target: str, source_url: str, media_id: int, media_url: str) -> None:
        self._execute(
            """INSERT OR REPLACE INTO remote_media (target, source_url, media_id, media_url)
               VALUES (?, ?, ?, ?)""",
            (target, source_url, media_id, media_url),
        )
