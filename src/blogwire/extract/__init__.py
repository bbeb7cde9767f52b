"""Extract: turn a Document into an Article (title, metadata, body paragraphs).

trafilatura and lxml (~70 ms to import) load only when an HTML page is extracted, so
composing plain-text files and importing `blogwire.extract.clean` do not pay for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from blogwire.extract.text import extract_text
from blogwire.models import Article, Document

if TYPE_CHECKING:
    from blogwire.extract.html import extract_html


def extract(document: Document) -> Article:
    if document.kind == "html":
        from blogwire.extract.html import extract_html

        return extract_html(document)
    return extract_text(document)


def __getattr__(name: str) -> Any:
    if name == "extract_html":
        from blogwire.extract.html import extract_html

        return extract_html
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["extract", "extract_html", "extract_text"]
