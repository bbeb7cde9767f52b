"""The one exception tree of blogwire.

Every error a user can cause carries the input it is about, so the CLI can print
one line that names the input and the problem.
"""

from __future__ import annotations


class BlogwireError(Exception):
    """Base of every error blogwire raises on purpose."""

    exit_code = 2

    def __init__(self, message: str, *, subject: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.subject = subject

    def __str__(self) -> str:
        if self.subject:
            return f"{self.subject}: {self.message}"
        return self.message


class ConfigError(BlogwireError):
    """A setting is unknown, mistyped or out of range."""


class SourceError(BlogwireError):
    """A source could not be read or fetched (missing path, network, size cap)."""


class ExtractError(BlogwireError):
    """A page or file was read but holds no usable article."""


class AnalyzeError(BlogwireError):
    """The Korean analyzer could not be loaded or could not read the text."""


class ComposeError(BlogwireError):
    """The article is too short or too odd to make a post of the required shape."""


class RenderError(BlogwireError):
    """A post could not be rendered to the target format."""


class PublishError(BlogwireError):
    """A post could not be written to the site."""


class CheckError(BlogwireError):
    """A post file failed validation against the post format."""


class StoreError(BlogwireError):
    """The state database could not be opened, migrated, read or written."""


class SiteError(BlogwireError):
    """The static site could not be built (bad output folder, broken template)."""


class LlmError(BlogwireError):
    """The LLM server could not be reached, refused, timed out or answered nonsense."""
