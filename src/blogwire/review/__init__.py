"""The review desk: held drafts queued, shown beside their stories, edited, approved,
rejected or composed again (`desk` the actions on one store, `edit` what an editor
may change). The web UI reaches it through the facade's `Blogwire.desk`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from blogwire.models import QUEUE_STATUSES
from blogwire.review.desk import DRAFTS_DIR, QueueItem, Review, StoryView, outlet_of
from blogwire.review.edit import (
    EditedSentence,
    PostEdit,
    SectionSentences,
    SentenceEdit,
    apply_edit,
    apply_sentences,
    rehighlight,
)
from blogwire.settings import Settings
from blogwire.store import PostRecord, RemoteRecord, Store

__all__ = [
    "DRAFTS_DIR",
    "QUEUE_STATUSES",
    "EditedSentence",
    "PostEdit",
    "QueueItem",
    "Review",
    "ReviewDesk",
    "SectionSentences",
    "SentenceEdit",
    "StoryView",
    "apply_edit",
    "apply_sentences",
    "outlet_of",
    "rehighlight",
]

_T = TypeVar("_T")


class ReviewDesk:
    """The review actions of one site. Each call opens the store for itself, since a
    Store belongs to one thread and the web UI's requests come on many."""

    def __init__(self, settings: Settings, environ: Mapping[str, str] | None = None) -> None:
        self.settings = settings
        self.environ: Mapping[str, str] = environ or {}

    def _with(self, action: Callable[[Review], _T]) -> _T:
        with Store.open(self.settings.site_dir / self.settings.run.database) as store:
            review = Review(self.settings, store, self.environ)
            # a move a killed `serve` left half done is settled before anything is shown
            review.finish_moves()
            return action(review)

    def queue(self, status: str | None = None) -> tuple[QueueItem, ...]:
        """Every story, newest first (or those with one of QUEUE_STATUSES)."""
        return self._with(lambda review: review.queue(status))

    def story(self, story_id: int) -> StoryView:
        """The story's source articles, its post record and its stored Post."""
        return self._with(lambda review: review.story(story_id))

    def edit(self, post_id: int, edit: PostEdit) -> PostRecord:
        """Apply the edit to the draft, re-render and re-check it, then save file and
        store; EditRefused (with .problems) and nothing saved if the check fails."""
        return self._with(lambda review: review.edit(post_id, edit))

    def edit_sentences(self, post_id: int, edit: SentenceEdit) -> PostRecord:
        """Change, remove or add sections' sentences; the editor's own are stored as
        the editor's (Voice.EDITOR). EditRefused and nothing saved if the check fails."""
        return self._with(lambda review: review.edit_sentences(post_id, edit))

    def approve(self, post_id: int) -> PostRecord:
        """Publish the draft: _drafts/<slug>.md becomes _posts/YYYY-MM-DD-<slug>.md."""
        return self._with(lambda review: review.approve(post_id))

    def reject(self, post_id: int) -> PostRecord:
        """Mark the draft rejected and remove its file."""
        return self._with(lambda review: review.reject(post_id))

    def take_file(self, post_id: int) -> PostRecord:
        """A draft edited on disk: its file's text becomes the draft (approve publishes
        it; the form edits are off)."""
        return self._with(lambda review: review.take_file(post_id))

    def keep_stored(self, post_id: int) -> PostRecord:
        """A draft edited on disk: its file is written again from the stored draft."""
        return self._with(lambda review: review.keep_stored(post_id))

    def recompose(self, post_id: int) -> PostRecord:
        """Compose the story again from its stored articles, with the configured
        writer, replacing the draft."""
        return self._with(lambda review: review.recompose(post_id))

    def retry(self, post_id: int, target: str) -> RemoteRecord | None:
        """Send the published post to one [[targets]] site now; the result (published,
        or failed with the reason) is recorded and returned."""
        return self._with(lambda review: review.retry(post_id, target))

    def preview(self, post_id: int) -> str:
        """The post's page (draft or published) in the site's theme, as HTML."""
        from blogwire.site import render_post_page

        path = self._with(lambda review: review.post_file(post_id))
        return render_post_page(self.settings.site_dir, path, self.settings)
