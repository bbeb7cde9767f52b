"""The one exception tree of blogwire, and the one value that reports a failure.

Every error a user can cause carries the input it is about, so the CLI can print
one line that names the input and the problem. Each class says what an adapter
does with it: `exit_code` for the CLI (the README's exit-code table), `http_status`
for the review desk. Every class deriving from BlogwireError is defined here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class BlogwireError(Exception):
    """Base of every error blogwire raises on purpose; never raised itself."""

    exit_code = 2  # nothing could be done: bad input, bad settings, bad usage
    http_status = 500
    # True when the same input would fail the same way every time (too big, too slow to
    # read, undecodable, not an article): `run` records the entry as failed with this
    # reason and never fetches it again. False for what may pass (a timeout, a 5xx, a
    # model that did not load): the entry is tried again on the next run. A class sets
    # its default; `permanent=` sets it for one error.
    permanent = False

    def __init__(
        self, message: str, *, subject: str | None = None, permanent: bool | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.subject = subject
        if permanent is not None:
            self.permanent = permanent  # pickled with the instance's __dict__

    def __str__(self) -> str:
        if self.subject:
            return f"{self.subject}: {self.message}"
        return self.message


class ConfigError(BlogwireError):
    """A setting, a flag's value or the site folder is unknown, mistyped or out of range."""


class SourceError(BlogwireError):
    """A source could not be read or fetched (missing path, network, size cap)."""


class ExtractError(BlogwireError):
    """A page or file was read but holds no usable article (or more than extraction
    reads in bounded time: extract/budget.py). The same page fails the same way again."""

    permanent = True


class AnalyzeError(BlogwireError):
    """The Korean analyzer could not be loaded or could not read the text."""


class ComposeError(BlogwireError):
    """The article is too short or too odd to make a post of the required shape."""


class UnfitError(ComposeError):
    """The article is not a story to publish (an interview's questions, 해요체 speech, a
    photo gallery, a correction notice, a list of links); the message names which and
    the count that shows it ("interview transcript: 9 of 25 sentences are questions")."""

    http_status = 422


class PublishError(BlogwireError):
    """A post could not be written to the site."""


class RemoteError(PublishError):
    """A remote site (WordPress) refused a post or could not be reached. With
    `whole_target` (a wrong login, the site down) the other posts are not tried
    against it in this run: they would fail the same way."""

    http_status = 502

    def __init__(
        self, message: str, *, subject: str | None = None, whole_target: bool = False
    ) -> None:
        super().__init__(message, subject=subject)
        self.whole_target = whole_target


class StoreError(BlogwireError):
    """The state database could not be opened, migrated, read or written."""


class SiteError(BlogwireError):
    """The static site could not be built (bad output folder, broken template)."""


class LlmError(BlogwireError):
    """The LLM server could not be reached, refused, timed out or answered nonsense."""


class WorkerDiedError(BlogwireError):
    """A worker process died (out of memory, a signal) before it answered; its work is
    not lost, only not done this time."""


class RunLockedError(BlogwireError):
    """Another run holds the site's lock."""

    http_status = 409


class ReviewError(BlogwireError):
    """A review action that cannot be done (missing post, wrong state)."""

    http_status = 409


class NotFoundError(ReviewError):
    """No such story or post."""

    http_status = 404


class WrongStateError(ReviewError):
    """The post is not in a state that allows the action (e.g. approving a published post)."""


class EditRefused(ReviewError):
    """The edited post would break the post format; nothing was saved."""

    http_status = 422

    def __init__(self, problems: Sequence[str], *, subject: str | None = None) -> None:
        super().__init__("edit refused: " + "; ".join(problems), subject=subject)
        self.problems = tuple(problems)

    def __reduce__(self) -> tuple[object, ...]:
        # the default pickles `args` (the joined message) into `problems`
        return (type(self), (self.problems,), {"subject": self.subject})


@dataclass(frozen=True, slots=True)
class Failure:
    """Why one item of a batch or a run gave nothing: the item (a source, a feed, a
    link, a post path) and the error. Every batch and run report uses this."""

    subject: str
    error: BlogwireError

    @property
    def reason(self) -> str:
        return self.error.message

    @property
    def kind(self) -> str:
        """The error's class, for reports that count failures by kind."""
        return type(self.error).__name__

    def __str__(self) -> str:
        return f"{self.subject}: {self.error.message}"


def failure(subject: str, error: BlogwireError) -> Failure:
    """The failure of `subject`, named by the error's own subject when it has one (a
    redirect's final URL, the file inside a folder)."""
    return Failure(error.subject or subject, error)
