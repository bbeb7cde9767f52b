-- blogwire state, schema 9: what the LLM writer did for each post it wrote (issue 16),
-- so the review desk and `status` can show it after the run is over.
-- post_llm: one row per post written with writer.engine = "llm": the mode ('whole':
--   the model wrote the post; 'polish': it reworded some fields), the error when the
--   server could not be used (the post is then the extractive one), seconds spent.
-- llm_sentences: one row per sentence (or field) the model wrote, in the writer's
--   order: what it wrote, what became of it (llm.report.Outcome: kept, retried,
--   replaced, dropped), what the post states instead (NULL: dropped) and the guard's
--   problems as JSON [[kind, message], ...].
-- Both are written in the transaction that records the post, and replaced whole when
-- the post is written again (a run's recovery, a re-compose at the desk): a post has
-- one account or none, never half of one.
CREATE TABLE post_llm (
    post_id INTEGER PRIMARY KEY REFERENCES posts(id),
    mode    TEXT NOT NULL,
    error   TEXT,
    seconds REAL NOT NULL
);
CREATE TABLE llm_sentences (
    post_id    INTEGER NOT NULL REFERENCES post_llm(post_id),
    position   INTEGER NOT NULL,  -- 0, 1, 2 … in the writer's order
    field      TEXT NOT NULL,     -- "title", "intro", "section[2].body", …
    model_text TEXT NOT NULL,
    outcome    TEXT NOT NULL,
    final_text TEXT,
    problems   TEXT NOT NULL,
    PRIMARY KEY (post_id, position)
);
