"""Article extraction from a plain-text or Markdown file: the first line is the title."""

from __future__ import annotations

from blogwire.errors import ExtractError
from blogwire.extract.clean import clean_text, paragraphs_of
from blogwire.models import Article, Document


def extract_text(document: Document) -> Article:
    first, _, rest = document.text.strip().partition("\n")
    title = clean_text(first.lstrip("#").strip())
    if not title:
        raise ExtractError("file has no text", subject=document.origin)
    # Markdown headings inside the body are subtitles: keep their text, drop the marks.
    body = "\n".join(line.lstrip("#").strip() for line in rest.splitlines())
    paragraphs = paragraphs_of(body, title=title)
    if not paragraphs:
        raise ExtractError("file has a title line but no article text", subject=document.origin)
    return Article(origin=document.origin, title=title, paragraphs=paragraphs, url=document.url)
