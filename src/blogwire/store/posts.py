"""Posts and publishes: a post's record, its stored structure, title and place, and
its file (the hash blogwire wrote, a conflict, a review move in flight); part of
`Store`.

A post is recorded before its file is written (`begin_post`, state 'writing') and
after (`finish_post`), so a run killed in between leaves a 'writing' post that the
next run finishes; UNIQUE(story_id) makes sure it never writes a second one.
"""

from __future__ import annotations

from blogwire.errors import StoreError
from blogwire.models import PostState
from blogwire.store.db import Database
from blogwire.store.records import (
    FINISHED_POST_STATES,
    POST_STATES,
    PostRecord,
    check_known,
    decoded,
    post_from_row,
    readable,
    require_found,
)

_POST_COLUMNS = (
    "id, story_id, path, title, state, created_at, updated_at, published_at, "
    "file_hash, conflict, intent, intent_path, file_taken"
)


class PostStore(Database):
    """The posts and publishes tables; part of `Store`."""

    # -- posts and publishes --------------------------------------------------

    def begin_post(
        self,
        story_id: int,
        *,
        path: str,
        title: str,
        state: PostState = PostState.WRITING,
        file_hash: str | None = None,
        content: str | None = None,
    ) -> PostRecord:
        """Record a post before its file is written, with the hash of the text about to
        be written (a run's recovery writes over a file at `path` only if it is that
        text) and the post's structure. A story already posted (or being posted)
        returns its existing record unchanged: never two posts per story."""
        check_known(state, POST_STATES, "post state")
        now = self._now()
        with self.transaction():
            self._execute(
                """INSERT INTO posts (story_id, path, title, state, created_at, updated_at,
                       file_hash, content)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (story_id) DO NOTHING""",
                (story_id, path, title, state, now, now, file_hash, content),
                what=f"cannot begin a post for story {story_id}",
            )
            row = self._one(f"SELECT {_POST_COLUMNS} FROM posts WHERE story_id = ?", (story_id,))
            return decoded("post", row, post_from_row)

    def finish_post(
        self, post_id: int, *, state: PostState = PostState.PUBLISHED, target: str | None = None
    ) -> PostRecord:
        """Mark the post written ('published' or 'draft') and log the publish;
        `target` names where it went (default: the post's path)."""
        check_known(state, FINISHED_POST_STATES, "finished post state")
        now = self._now()
        with self.transaction():
            cursor = self._execute(
                "UPDATE posts SET state = ?, updated_at = ?, published_at = ? WHERE id = ?",
                (state, now, now, post_id),
            )
            require_found(cursor.rowcount, "post", post_id)
            self._execute(
                """INSERT INTO publishes (post_id, at, target)
                   SELECT id, ?, coalesce(?, path) FROM posts WHERE id = ?""",
                (now, target, post_id),
            )
            return self._post(post_id)

    def set_post_state(self, post_id: int, state: PostState) -> None:
        check_known(state, POST_STATES, "post state")
        cursor = self._execute(
            "UPDATE posts SET state = ?, updated_at = ? WHERE id = ?",
            (state, self._now(), post_id),
        )
        require_found(cursor.rowcount, "post", post_id)

    def post_for_story(self, story_id: int) -> PostRecord | None:
        row = self._maybe_one(f"SELECT {_POST_COLUMNS} FROM posts WHERE story_id = ?", (story_id,))
        return None if row is None else decoded("post", row, post_from_row)

    def posts(self, state: PostState | None = None, limit: int | None = None) -> list[PostRecord]:
        """Newest first."""
        where = ""
        params: list[object] = []
        if state is not None:
            check_known(state, POST_STATES, "post state")
            where, params = "WHERE state = ?", [state]
        rows = self._query(
            f"""SELECT {_POST_COLUMNS} FROM posts {where}
                ORDER BY created_at DESC, id DESC LIMIT ?""",
            [*params, -1 if limit is None else limit],
        )
        return readable("post", rows, post_from_row)

    def _post(self, post_id: int) -> PostRecord:
        row = self._maybe_one(f"SELECT {_POST_COLUMNS} FROM posts WHERE id = ?", (post_id,))
        if row is None:
            raise StoreError(f"no post {post_id}", subject=str(self.path))
        return decoded("post", row, post_from_row)

    # -- review: a post's stored structure, title and place -------------------

    def find_post(self, post_id: int) -> PostRecord | None:
        row = self._maybe_one(f"SELECT {_POST_COLUMNS} FROM posts WHERE id = ?", (post_id,))
        return None if row is None else decoded("post", row, post_from_row)

    def set_post_content(self, post_id: int, content: str) -> None:
        """Keep the post's structure (blogwire.postjson) beside its file."""
        cursor = self._execute(
            "UPDATE posts SET content = ?, updated_at = ? WHERE id = ?",
            (content, self._now(), post_id),
        )
        require_found(cursor.rowcount, "post", post_id)

    def post_content(self, post_id: int) -> str | None:
        """The stored structure; None for a post written before it was stored."""
        row = self._maybe_one("SELECT content FROM posts WHERE id = ?", (post_id,))
        if row is None:
            raise StoreError(f"no post {post_id}", subject=str(self.path))
        content: str | None = row["content"]
        return content

    def set_post_title(self, post_id: int, title: str) -> None:
        cursor = self._execute(
            "UPDATE posts SET title = ?, updated_at = ? WHERE id = ?",
            (title, self._now(), post_id),
        )
        require_found(cursor.rowcount, "post", post_id)

    def move_post(self, post_id: int, path: str) -> None:
        """The post's file is now at `path` (a draft approved into _posts/)."""
        cursor = self._execute(
            "UPDATE posts SET path = ?, updated_at = ? WHERE id = ?",
            (path, self._now(), post_id),
        )
        require_found(cursor.rowcount, "post", post_id)

    # -- the post's file: its hash, a conflict, a move in flight ---------------

    def set_file_hash(self, post_id: int, file_hash: str | None, *, taken: bool = False) -> None:
        """The text blogwire wrote (or will write) at the post's path has this hash;
        `taken`: it is a hand-edited draft the editor took as the draft's text."""
        cursor = self._execute(
            "UPDATE posts SET file_hash = ?, file_taken = ?, conflict = NULL, updated_at = ? "
            "WHERE id = ?",
            (file_hash, int(taken), self._now(), post_id),
        )
        require_found(cursor.rowcount, "post", post_id)

    def set_conflict(self, post_id: int, reason: str | None) -> None:
        """Why blogwire left the file at the post's path alone (None: no longer)."""
        cursor = self._execute(
            "UPDATE posts SET conflict = ?, updated_at = ? WHERE id = ?",
            (reason, self._now(), post_id),
        )
        require_found(cursor.rowcount, "post", post_id)

    def set_intent(self, post_id: int, intent: str | None, path: str | None = None) -> None:
        """A review move about to happen ('approve' to `path`, or 'reject'), recorded
        before the file moves; None once the move is done or undone."""
        cursor = self._execute(
            "UPDATE posts SET intent = ?, intent_path = ?, updated_at = ? WHERE id = ?",
            (intent, path, self._now(), post_id),
            what=f"cannot record the intent of post {post_id}",
        )
        require_found(cursor.rowcount, "post", post_id)

    def posts_in_flight(self) -> list[PostRecord]:
        """Posts with a review move recorded but not finished (a killed `serve`)."""
        rows = self._query(
            f"SELECT {_POST_COLUMNS} FROM posts WHERE intent IS NOT NULL ORDER BY id"
        )
        return readable("post", rows, post_from_row)
