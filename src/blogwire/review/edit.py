"""What the editor may change in a held draft, and the change applied to a Post.

The review desk applies an edit here, then renders and checks the result like
`blogwire check`: a valid draft stays valid, or the edit is refused whole.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from blogwire.models import Highlight, Paragraph, Post, Span

_FINAL_PUNCT = re.compile(r"^(.*?)([.!?]+)$", re.S)  # as compose splits a highlighted sentence
_MARKUP = re.compile(r"[<>]")


@dataclass(frozen=True, slots=True)
class PostEdit:
    """What the editor may change; None keeps the current value."""

    title: str | None = None
    headline: str | None = None
    section_titles: tuple[str, ...] | None = None
    highlights: tuple[int, ...] | None = None  # per section: index into its sentences
    categories: tuple[str, ...] | None = None
    image: str | None = None


def apply_edit(post: Post, edit: PostEdit) -> tuple[Post, list[str]]:
    """The post with the edit applied, and the problems the format check cannot see:
    markup in a title is escaped into harmless but visible `&lt;b&gt;`, and rendering
    folds a space inside the image URL away. The check then judges the rest, so the
    editor hears about every problem at once."""
    problems: list[str] = []
    title = post.title if edit.title is None else _one_line(edit.title)
    headline = post.headline if edit.headline is None else _one_line(edit.headline)
    categories = post.categories
    if edit.categories is not None:
        categories = tuple(c for c in (_one_line(c) for c in edit.categories) if c)
    image = post.image if edit.image is None else edit.image.strip()
    if re.search(r"\s", image):
        problems.append("image URL must not contain spaces")
    titles = [s.title for s in post.sections]
    if edit.section_titles is not None:
        if len(edit.section_titles) != len(titles):
            problems.append(f"expected {len(titles)} section titles")
        else:
            titles = [_one_line(t) for t in edit.section_titles]
    sections = list(post.sections)
    highlights = edit.highlights
    if highlights is not None and len(highlights) != len(sections):
        problems.append(f"expected a highlight for each of the {len(sections)} sections")
        highlights = None
    for number, section in enumerate(post.sections):
        body = section.body
        if highlights is not None and highlights[number] != body.highlighted_index():
            choice = highlights[number]
            if not 0 <= choice < len(body.sentence_groups()):
                problems.append(f"section {number + 1} has no sentence {choice + 1}")
            else:
                color = Highlight.BLUE if number % 2 == 0 else Highlight.TINT
                body = rehighlight(body, choice, color)
        sections[number] = dataclasses.replace(section, title=titles[number], body=body)
    named = [("title", title), ("headline", headline)]
    named += [(f"section {n} title", t) for n, t in enumerate(titles, 1)]
    named += [(f"category {c}", c) for c in categories]
    problems += [f"{what} must be plain text (no < or >)" for what, v in named if _MARKUP.search(v)]
    edited = dataclasses.replace(
        post,
        title=title,
        headline=headline,
        categories=categories,
        image=image,
        sections=tuple(sections),
    )
    return edited, problems


def rehighlight(paragraph: Paragraph, index: int, color: Highlight) -> Paragraph:
    """The paragraph with sentence `index` highlighted instead, as compose would (the
    paragraph itself when that sentence is already the highlighted one)."""
    if index == paragraph.highlighted_index():
        return paragraph
    spans: list[Span] = []
    for n, group in enumerate(paragraph.sentence_groups()):
        if n:
            spans.append(Span(" "))
        text = "".join(s.text for s in group)
        if n != index:
            spans.append(Span(text))
            continue
        match = _FINAL_PUNCT.match(text)
        body, punct = (match.group(1), match.group(2)) if match else (text, "")
        spans.append(Span(body, color))
        if punct:
            spans.append(Span(punct))
    return Paragraph(tuple(spans), paragraph.sources, paragraph.voices)


def _one_line(value: str) -> str:
    return " ".join(value.split())
