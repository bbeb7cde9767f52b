-- blogwire state, schema 8: feed entries whose page failed for a passing reason (a
-- timeout, a refused connection, HTTP 5xx or 429), one row per entry URL. The entry
-- is not an article yet (no row in `articles`), so without this row it would be
-- fetched again on every run, forever. A run skips it until `not_before`; each failed
-- attempt pushes `not_before` further out (the run's backoff), and at the run's
-- retry limit the entry is stored as a 'failed' article and this row is dropped. A
-- successful read drops it too.
CREATE TABLE fetch_attempts (
    url        TEXT PRIMARY KEY,  -- the feed entry's link
    attempts   INTEGER NOT NULL,  -- failed attempts so far, one per run at most
    last_error TEXT NOT NULL,     -- why the last attempt failed
    not_before TEXT NOT NULL,     -- UTC: no run tries it again before this time
    updated_at TEXT NOT NULL
);
