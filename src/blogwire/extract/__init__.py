"""Extract: turn a Document into an Article (title, metadata, body paragraphs)."""

from __future__ import annotations

from blogwire.extract.html import extract_html
from blogwire.extract.text import extract_text
from blogwire.models import Article, Document


def extract(document: Document) -> Article:
    if document.kind == "html":
        return extract_html(document)
    return extract_text(document)


__all__ = ["extract", "extract_html", "extract_text"]
