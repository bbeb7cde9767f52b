"""Feed entries whose page failed for a passing reason: how often, why, and when a
run may try again (migration 0008). The run decides the wait and the limit; this
only keeps the count, so the backoff holds across runs."""

from __future__ import annotations

import datetime as dt

from blogwire.store.db import Database
from blogwire.store.records import utc_text, utc_time


class AttemptStore(Database):
    def record_attempt(self, url: str, reason: str, *, wait: float) -> int:
        """One more failed attempt at `url`, not to be tried again for `wait` seconds;
        returns the attempts so far (this one included)."""
        now = self._now()
        not_before = utc_text(utc_time(now) + dt.timedelta(seconds=wait))
        with self.transaction():
            self._execute(
                """INSERT INTO fetch_attempts (url, attempts, last_error, not_before, updated_at)
                   VALUES (?1, 1, ?2, ?3, ?4)
                   ON CONFLICT (url) DO UPDATE SET attempts = attempts + 1,
                       last_error = ?2, not_before = ?3, updated_at = ?4""",
                (url, reason, not_before, now),
                what=f"cannot record a failed attempt at {url}",
            )
            row = self._one("SELECT attempts FROM fetch_attempts WHERE url = ?", (url,))
            return int(row[0])

    def attempts(self, url: str) -> int:
        """Failed attempts at `url` not yet cleared (0: none, or it was read since)."""
        row = self._maybe_one("SELECT attempts FROM fetch_attempts WHERE url = ?", (url,))
        return 0 if row is None else int(row[0])

    def clear_attempts(self, url: str) -> None:
        """The entry was read (or stored as failed): its count is spent."""
        self._execute("DELETE FROM fetch_attempts WHERE url = ?", (url,))

    def waiting_to_retry(self) -> set[str]:
        """Entry URLs whose next attempt is not due yet."""
        rows = self._query("SELECT url FROM fetch_attempts WHERE not_before > ?", (self._now(),))
        return {str(r[0]) for r in rows}

    def retries_pending(self) -> int:
        """Entries with failed attempts that a later run will try again (due or not)."""
        return int(self._one("SELECT count(*) FROM fetch_attempts")[0])
