-- blogwire state, schema 7: what blogwire knows of each post's file, so it never
-- writes over a file that is not its own and never loses track of one it moves.
-- file_hash: SHA-256 (hex) of the text blogwire wrote, or is about to write, at
--   `path`; recorded with the intent, before the file is written. A file at `path`
--   with another hash was written by someone else (a run's recovery leaves it) or
--   edited by hand (the review desk shows it and will not write over it).
-- conflict: why blogwire left the file at `path` alone, one line for the user.
-- intent, intent_path: a review action in flight ('approve' to intent_path, or
--   'reject'), recorded before the file moves; the next desk action completes or
--   undoes it, so a kill between the file system and the store leaves no post that
--   is published on disk and a draft in the store.
-- file_taken: 1 once the editor took a hand-edited draft file as the draft's text;
--   the stored structure then no longer describes it, and the form edits are off.
ALTER TABLE posts ADD COLUMN file_hash TEXT;
ALTER TABLE posts ADD COLUMN conflict TEXT;
ALTER TABLE posts ADD COLUMN intent TEXT CHECK (intent IN ('approve', 'reject'));
ALTER TABLE posts ADD COLUMN intent_path TEXT;
ALTER TABLE posts ADD COLUMN file_taken INTEGER NOT NULL DEFAULT 0;
