"""A draft's file beside the store: edited on disk or not, and review moves in flight.

The store keeps the hash of the text blogwire wrote at each post's path
(`posts.file_hash`, store migration 0007). A draft file with another hash was edited
by hand: the desk shows it and writes over it only when the editor says so (issue 19
item 10). An approve or reject records its intent before the file moves, and the
next desk action completes or undoes a move that a killed `serve` left half done
(issue 19 item 8), so the files in `_posts/` are always the posts the store calls
published.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from blogwire.errors import WrongStateError
from blogwire.models import PostState
from blogwire.postjson import post_from_json
from blogwire.publish import file_hash, text_hash
from blogwire.render.seed import render_post
from blogwire.settings import Settings
from blogwire.store import PostRecord, Store

APPROVE = "approve"
REJECT = "reject"
EDITED_ON_DISK = (
    "the draft file was edited on disk since blogwire wrote it: take the file's text "
    "or keep the stored one first (nothing was changed)"
)


def edited_on_disk(record: PostRecord, path: Path, store: Store, settings: Settings) -> bool:
    """Whether the draft's file holds other text than blogwire wrote there. A missing
    file is not an edit (writing it again loses nothing). A post stored before the
    hash was kept is compared with its stored structure, rendered."""
    found = file_hash(path)
    if found is None or record.state != PostState.DRAFT:
        return False
    expected = record.file_hash
    if expected is None:
        content = store.post_content(record.id)
        if content is None:
            return False  # nothing to compare with; it can only be re-composed
        expected = text_hash(render_post(post_from_json(content), settings.post).text)
    return found != expected


def refuse_if_edited(record: PostRecord, path: Path, store: Store, settings: Settings) -> None:
    """An action that would write over, or publish past, a hand edit is refused."""
    if edited_on_disk(record, path, store, settings):
        raise WrongStateError(EDITED_ON_DISK, subject=record.path)


def finish_moves(store: Store, site: Path) -> int:
    """Complete or undo every approve and reject that a killed process left half done;
    how many there were. An approve whose file reached its target (the hash the draft
    had) is completed; one whose file did not is undone, the draft left as it was. A
    reject is completed: its draft file is removed."""
    done = 0
    for record in store.posts_in_flight():
        with store.transaction():
            current = store.find_post(record.id)
            if current is None or current.intent is None:
                continue  # another process finished it meanwhile
            draft = site / current.path
            if current.intent == APPROVE and current.intent_path is not None:
                target = site / current.intent_path
                if current.file_hash is not None and file_hash(target) == current.file_hash:
                    store.move_post(current.id, current.intent_path)
                    store.finish_post(current.id, state=PostState.PUBLISHED)
                    _remove(draft, current.file_hash)
                # else: the file never arrived: the post stays the draft it was
            elif current.intent == REJECT:
                _remove(draft, None)
            store.set_intent(current.id, None)
            done += 1
    return done


def _remove(path: Path, expected: str | None) -> None:
    """Remove a draft's file (a link itself, never what it points to); with `expected`,
    only if it still holds that text."""
    if expected is not None and file_hash(path) != expected:
        return
    with contextlib.suppress(OSError):  # a draft left behind is never built; no harm
        os.unlink(path)
