-- blogwire state, schema 4: the table of posts composed from articles as they are
-- read (schema 3) is `composed`, not `drafts`: "draft" means only a post held for
-- review (posts.state = 'draft'). The rows are kept as they are.
ALTER TABLE drafts RENAME TO composed;
