"""Article extraction from a plain-text or Markdown file: the first line is the title.

A file may begin with a front-matter block saying where the story came from, so its
post credits the outlet and links the original:

    ---
    url: https://www.hanbit-news.example/society/20261109-fare
    outlet: 한빛일보
    title: 가람시, 내년 1월부터 버스·도시철도 요금 150원 인상
    published: 2026-11-09
    ---

Every key is optional; with `title` the whole text after the block is the article.
A block that cannot be read is an error naming the file and the line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import yaml

from blogwire.errors import ExtractError
from blogwire.extract.clean import clean_text, paragraphs_of, web_url
from blogwire.models import Article, Document

FRONT_MATTER_KEYS = ("url", "outlet", "title", "published")
_FENCE = "---"


@dataclass(frozen=True, slots=True)
class FrontMatter:
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: dt.date | None = None


def extract_text(document: Document) -> Article:
    meta, text = front_matter(document)
    if meta.title is not None:
        title, rest = meta.title, text
    else:
        first, _, rest = text.strip().partition("\n")
        title = clean_text(first.lstrip("#").strip())
    if not title:
        raise ExtractError("file has no text", subject=document.origin)
    # Markdown headings inside the body are subtitles: keep their text, drop the marks.
    body = "\n".join(line.lstrip("#").strip() for line in rest.splitlines())
    paragraphs = paragraphs_of(body, title=title)
    if not paragraphs:
        what = "front matter" if meta.title is not None else "a title line"
        raise ExtractError(f"file has {what} but no article text", subject=document.origin)
    return Article(
        origin=document.origin,
        title=title,
        paragraphs=paragraphs,
        url=meta.url or document.url,
        site_name=meta.outlet,
        published=meta.published,
    )


def front_matter(document: Document) -> tuple[FrontMatter, str]:
    """The file's front matter and the text after it; no block, no front matter.
    ExtractError with subject "FILE:LINE" for a block that is not right."""
    text = document.text.removeprefix("\ufeff")
    lines = text.split("\n")
    if lines[0].rstrip() != _FENCE:
        return FrontMatter(), text
    end = next((n for n in range(1, len(lines)) if lines[n].rstrip() == _FENCE), None)
    if end is None:
        raise _error(document, 1, "front matter has no closing '---' line")
    block = "\n".join(line.rstrip("\r") for line in lines[1:end])
    return _read_block(document, block), "\n".join(lines[end + 1 :])


def _read_block(document: Document, block: str) -> FrontMatter:
    try:
        # compose, not load: the values stay the strings the file holds ("2026-05-28"
        # is not turned into a date, "no" not into False), each with its line
        node = yaml.compose(block, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        line = mark.line + 2 if mark is not None else 2
        raise _error(document, line, f"front matter is not 'key: value' lines: {problem}") from exc
    except RecursionError:  # PyYAML recurses once per nesting level: "[[[[…" from a stranger
        raise _error(
            document, 2, "front matter is not 'key: value' lines: nested too deeply"
        ) from None
    if node is None:
        raise _error(document, 1, "front matter is empty")
    if not isinstance(node, yaml.MappingNode):
        raise _error(document, node.start_mark.line + 2, "front matter must be 'key: value' lines")
    values: dict[str, str] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 2
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key not in FRONT_MATTER_KEYS:
            expected = ", ".join(FRONT_MATTER_KEYS)
            raise _error(document, line, f"unknown front matter key '{key}' (expected {expected})")
        if key in values:
            raise _error(document, line, f"front matter key '{key}' given twice")
        if not isinstance(value_node, yaml.ScalarNode):
            raise _error(document, line, f"front matter '{key}' must be one value")
        value = clean_text(str(value_node.value))
        if not value:
            raise _error(document, line, f"front matter '{key}' is empty")
        values[key] = value
        _check(document, line, key, value)
    published = values.get("published")
    return FrontMatter(
        url=web_url(values["url"]) if "url" in values else None,
        outlet=values.get("outlet"),
        title=values.get("title"),
        published=_date(published) if published else None,
    )


def _check(document: Document, line: int, key: str, value: str) -> None:
    if key == "url" and web_url(value) is None:
        raise _error(document, line, f"front matter url must be an http(s) address, not '{value}'")
    if key == "published" and _date(value) is None:
        raise _error(
            document, line, f"front matter published must be a date (YYYY-MM-DD), not '{value}'"
        )


def _date(value: str) -> dt.date | None:
    """An ISO date, or the date of an ISO date and time ("2026-11-09T09:30:00+09:00")."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        return None


def _error(document: Document, line: int, message: str) -> ExtractError:
    return ExtractError(message, subject=f"{document.origin}:{line}")
