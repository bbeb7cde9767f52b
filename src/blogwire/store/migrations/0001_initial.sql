-- blogwire state, schema 1. Applied inside one transaction with PRAGMA user_version.
-- Times are ISO-8601 UTC text with microseconds, so text order is time order.
-- States are checked in Python, not with CHECK: SQLite cannot alter a CHECK without
-- rebuilding the table, and a new state should not need a table rebuild.

CREATE TABLE feeds (
    url                  TEXT PRIMARY KEY,
    etag                 TEXT,
    last_modified        TEXT,
    last_fetch_at        TEXT,
    last_status          TEXT,
    last_error           TEXT,
    fetches              INTEGER NOT NULL DEFAULT 0,
    failures             INTEGER NOT NULL DEFAULT 0,
    consecutive_failures INTEGER NOT NULL DEFAULT 0
);

-- one row per fetch, the history behind feeds' running totals
CREATE TABLE fetches (
    id          INTEGER PRIMARY KEY,
    feed_url    TEXT NOT NULL REFERENCES feeds(url),
    at          TEXT NOT NULL,
    status      TEXT NOT NULL,
    http_status INTEGER,
    entries     INTEGER NOT NULL,
    new         INTEGER NOT NULL,
    error       TEXT
);
CREATE INDEX fetches_by_feed ON fetches(feed_url, at);

CREATE TABLE stories (
    id         INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL
);

CREATE TABLE articles (
    id            INTEGER PRIMARY KEY,
    url           TEXT NOT NULL UNIQUE,
    canonical_url TEXT,
    content_hash  TEXT NOT NULL,
    feed_url      TEXT,
    title         TEXT NOT NULL,
    outlet        TEXT,
    published     TEXT,            -- YYYY-MM-DD
    image         TEXT,
    paragraphs    TEXT NOT NULL,   -- JSON array of strings
    signature     BLOB NOT NULL,   -- MinHashSignature.to_bytes()
    state         TEXT NOT NULL DEFAULT 'pending',
    error         TEXT,
    story_id      INTEGER REFERENCES stories(id),
    seen_at       TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX articles_by_canonical_url ON articles(canonical_url);
CREATE INDEX articles_by_content_hash ON articles(content_hash);
CREATE INDEX articles_by_state ON articles(state);
CREATE INDEX articles_by_story ON articles(story_id);

-- LSH band hashes: the near-duplicate index. The unique index covers both columns,
-- so a candidates lookup reads the index alone. No index on article_id: articles
-- are never deleted, so no foreign-key check ever searches by it.
CREATE TABLE article_bands (
    band_hash  INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id)
);
CREATE UNIQUE INDEX article_bands_by_hash ON article_bands(band_hash, article_id);

CREATE TABLE posts (
    id           INTEGER PRIMARY KEY,
    story_id     INTEGER NOT NULL UNIQUE REFERENCES stories(id),  -- never two posts per story
    path         TEXT NOT NULL,
    title        TEXT NOT NULL,
    state        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    published_at TEXT
);
CREATE INDEX posts_by_state ON posts(state, created_at);
CREATE INDEX posts_by_created ON posts(created_at);

CREATE TABLE publishes (
    id      INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES posts(id),
    at      TEXT NOT NULL,
    target  TEXT NOT NULL
);
CREATE INDEX publishes_by_post ON publishes(post_id);
