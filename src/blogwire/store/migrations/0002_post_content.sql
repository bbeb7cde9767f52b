-- blogwire state, schema 2: each post keeps its structure (the Post as JSON, see
-- blogwire.postjson) so the review UI can edit titles and highlights and render
-- again; the file alone has lost which sentences a section holds. NULL for posts
-- written before this column existed: those can be re-composed, not edited.
ALTER TABLE posts ADD COLUMN content TEXT;
