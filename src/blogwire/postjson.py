"""A Post as JSON and back, exactly: the structure the review UI edits.

The post file alone is not enough to edit a post: which sentences a section holds,
where its highlight sits and which source sentences it states are lost in the HTML.
So the run stores the Post itself beside the file, in this form. Every field is
written by name and read back strictly, so a stored post from another version of
blogwire fails loudly (StoreError) instead of turning into a subtly different post.
The one exception is a field blogwire stopped keeping: older posts in the store
still carry "tags" (keyphrases no format ever rendered), which is read past.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from blogwire.errors import StoreError
from blogwire.models import Highlight, Paragraph, Post, Section, SourceCredit, Span, Voice

# bumped when the shape changes; a reader refuses versions it does not know
FORMAT_VERSION = 1


def post_to_json(post: Post) -> str:
    data = {
        "version": FORMAT_VERSION,
        "title": post.title,
        "headline": post.headline,
        "excerpt": post.excerpt,
        "image": post.image,
        "categories": list(post.categories),
        "intro": _paragraph_out(post.intro),
        "sections": [{"title": s.title, "body": _paragraph_out(s.body)} for s in post.sections],
        "conclusion": _paragraph_out(post.conclusion),
        "credits": [{"outlet": c.outlet, "url": c.url, "title": c.title} for c in post.credits],
        "date": post.date.isoformat(),
        "slug": post.slug,
    }
    # ensure_ascii=False: Korean stays readable in the sqlite3 shell and half the size
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def post_from_json(text: str) -> Post:
    try:
        data = json.loads(text)
    except (TypeError, ValueError) as exc:
        raise StoreError(f"stored post is not JSON: {exc}") from exc
    try:
        return _post_in(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise StoreError(f"stored post has an unexpected shape: {exc!r}") from exc


def _post_in(data: Any) -> Post:
    obj = _mapping(data)
    if obj["version"] != FORMAT_VERSION:
        raise ValueError(f"format version {obj['version']}, expected {FORMAT_VERSION}")
    return Post(
        title=_str(obj["title"]),
        headline=_str(obj["headline"]),
        excerpt=_str(obj["excerpt"]),
        image=_str(obj["image"]),
        categories=tuple(_str(c) for c in _list(obj["categories"])),
        intro=_paragraph_in(obj["intro"]),
        sections=tuple(
            Section(_str(_mapping(s)["title"]), _paragraph_in(_mapping(s)["body"]))
            for s in _list(obj["sections"])
        ),
        conclusion=_paragraph_in(obj["conclusion"]),
        credits=tuple(_credit_in(c) for c in _list(obj["credits"])),
        date=dt.date.fromisoformat(_str(obj["date"])),
        slug=_str(obj["slug"]),
    )


def _paragraph_out(paragraph: Paragraph) -> dict[str, Any]:
    out: dict[str, Any] = {
        "spans": [
            {"text": s.text, "highlight": None if s.highlight is None else s.highlight.value}
            for s in paragraph.spans
        ],
        "sources": list(paragraph.sources),
    }
    if paragraph.voices:  # absent when every sentence is the source's: older posts read the same
        out["voices"] = [v.value for v in paragraph.voices]
    return out


def _paragraph_in(data: Any) -> Paragraph:
    obj = _mapping(data)
    spans = []
    for raw in _list(obj["spans"]):
        span = _mapping(raw)
        mark = span["highlight"]
        spans.append(Span(_str(span["text"]), None if mark is None else Highlight(mark)))
    # "voices" is absent from posts stored before the blog had a voice of its own
    voices = tuple(Voice(_str(v)) for v in _list(obj.get("voices", [])))
    return Paragraph(tuple(spans), tuple(_int(i) for i in _list(obj["sources"])), voices)


def _credit_in(data: Any) -> SourceCredit:
    obj = _mapping(data)
    url = obj["url"]
    return SourceCredit(
        outlet=_str(obj["outlet"]), url=None if url is None else _str(url), title=_str(obj["title"])
    )


def _mapping(value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise TypeError(f"expected an object, got {type(value).__name__}")
    return value


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _int(value: Any) -> int:
    # bool is an int in Python; a stored `true` is a corrupt index, not 1
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"expected an integer, got {type(value).__name__}")
    return value
