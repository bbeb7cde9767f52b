-- blogwire state, schema 3: the post composed from an article as soon as it is read
-- (blogwire.run), kept until its story is posted. Publishing then needs no second
-- analysis of the article, and a run that dies after reading is finished by the next
-- run without analysing again. A draft holds the Post as JSON (blogwire.postjson), or
-- the reason composing failed.
CREATE TABLE drafts (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    content TEXT,
    error TEXT,
    CHECK ((content IS NULL) <> (error IS NULL))
);
