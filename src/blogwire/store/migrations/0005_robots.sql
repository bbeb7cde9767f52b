-- blogwire state, schema 5: each host's robots.txt as a run last fetched it (RFC 9309:
-- kept up to 24 hours), so a run every 30 minutes asks a host for it once a day, not
-- every run. `origin` is "scheme://host[:port]"; `status` the HTTP status (2xx: `body`
-- holds the rules; 4xx: no rules). An unreachable robots.txt is never kept.
CREATE TABLE robots (
    origin     TEXT PRIMARY KEY,
    status     INTEGER NOT NULL,
    body       TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
