-- blogwire state, schema 6: each post's copy on a remote target (a WordPress site),
-- one row per post and target. A row is written before the first request ('sending',
-- with the marker the remote post will carry in its slug), so a run killed after the
-- site created the post but before this row says so finds that post by its marker
-- instead of creating a second one. `sent_hash` is the hash of what was last sent: a
-- post edited since then (posts.updated_at is later) is sent again as an update.
-- 'failed' keeps the reason; the next run tries again. No row: waiting.
CREATE TABLE remote_posts (
    post_id    INTEGER NOT NULL REFERENCES posts(id),
    target     TEXT NOT NULL,    -- the [[targets]] name
    marker     TEXT NOT NULL,    -- blogwire's mark on the remote post (its slug)
    state      TEXT NOT NULL,    -- 'sending' | 'published' | 'failed'
    remote_id  INTEGER,          -- the remote post's id, once known
    remote_url TEXT,             -- its public link
    sent_hash  TEXT,
    error      TEXT,
    attempts   INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (post_id, target)
);
CREATE INDEX remote_posts_by_target ON remote_posts(target, state);

-- images uploaded to a target (upload_images = true): each source image once
CREATE TABLE remote_media (
    target     TEXT NOT NULL,
    source_url TEXT NOT NULL,
    media_id   INTEGER NOT NULL,
    media_url  TEXT NOT NULL,
    PRIMARY KEY (target, source_url)
);
