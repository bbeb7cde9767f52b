"""What the editor may change in a held draft, and the change applied to a Post.

The review desk applies an edit here, then renders and checks the result like
`blogwire check`: a valid draft stays valid, or the edit is refused whole.

Two kinds of edit: `PostEdit` (titles, headline, each section's highlighted sentence,
categories, image) and `SentenceEdit` (a section's sentences themselves: change any,
remove any, add the editor's own). A sentence the editor wrote or changed is marked
`Voice.EDITOR` in the stored post (`Paragraph.voices`): it is the editor's words, so
it is never credited to the source nor held against it. A changed source sentence
becomes the editor's too: once its words differ, blogwire can no longer vouch that the
outlet said it, and holding the editor's correction to the source's wording would
refuse the very edits the desk is for. An unchanged sentence keeps its voice and the
index of the source sentence it states.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from blogwire.models import Highlight, Paragraph, Post, Span, Voice

_FINAL_PUNCT = re.compile(r"^(.*?)([.!?]+)$", re.S)  # as compose splits a highlighted sentence
_MARKUP = re.compile(r"[<>]")
MAX_SENTENCE_CHARS = 1000  # a sentence, not an article pasted into one box


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


@dataclass(frozen=True, slots=True)
class EditedSentence:
    """One sentence of a section as the editor left it: `was` is the index (in the
    section's `sentence_groups()`) of the stored sentence it was, None for one the
    editor added. Empty text removes the sentence."""

    text: str
    was: int | None = None


@dataclass(frozen=True, slots=True)
class SectionSentences:
    """A section's sentences, in order, and which one to highlight (an index into
    `sentences` as given, counting removed ones; None keeps the highlighted one)."""

    sentences: tuple[EditedSentence, ...]
    highlight: int | None = None


@dataclass(frozen=True, slots=True)
class SentenceEdit:
    """Every section's sentences (one SectionSentences per section, in order)."""

    sections: tuple[SectionSentences, ...]


def apply_sentences(post: Post, edit: SentenceEdit) -> tuple[Post, list[str]]:
    """The post with each section's sentences as the editor left them, and the
    problems found (markup, an empty section, a highlight on nothing)."""
    if len(edit.sections) != len(post.sections):
        return post, [f"expected the sentences of each of the {len(post.sections)} sections"]
    problems: list[str] = []
    sections = list(post.sections)
    for number, (section, change) in enumerate(zip(post.sections, edit.sections, strict=True)):
        body, found = _section_body(section.body, change, number)
        problems += found
        sections[number] = dataclasses.replace(section, body=body)
    return dataclasses.replace(post, sections=tuple(sections)), problems


def _section_body(
    body: Paragraph, change: SectionSentences, number: int
) -> tuple[Paragraph, list[str]]:
    where = f"section {number + 1}"
    groups = body.sentence_groups()
    sources = _group_sources(body)
    texts: list[str] = []
    kept: list[tuple[Span, ...]] = []  # per sentence: its spans (an unchanged one keeps
    # compose's, so a highlighted key clause survives an edit elsewhere in the section)
    voices: list[Voice] = []
    kept_sources: list[int] = []
    highlight: int | None = None
    problems: list[str] = []
    for given, sentence in enumerate(change.sentences):
        text = _one_line(sentence.text)
        if not text:
            continue  # removed
        if _MARKUP.search(text):
            problems.append(f"{where} sentence {given + 1} must be plain text (no < or >)")
        if len(text) > MAX_SENTENCE_CHARS:
            problems.append(f"{where} sentence {given + 1} is over {MAX_SENTENCE_CHARS} characters")
        was = sentence.was if sentence.was is not None and 0 <= sentence.was < len(groups) else None
        if was is not None and text == _one_line("".join(s.text for s in groups[was])):
            kept.append(groups[was])
            voices.append(body.voice(was))
            if (index := sources[was]) is not None:
                kept_sources.append(index)
        else:
            kept.append((Span(text),))
            voices.append(Voice.EDITOR)  # new, or changed: the editor's words (module doc)
        if given == change.highlight or (
            change.highlight is None and was is not None and was == body.highlighted_index()
        ):
            highlight = len(texts)
        texts.append(text)
    if not texts:
        return body, [f"{where} must keep at least one sentence"]
    if highlight is None:
        problems.append(f"{where}: choose a sentence to highlight")
        highlight = 0
    spans: list[Span] = []
    for n, group in enumerate(kept):
        spans += [Span(" "), *group] if n else list(group)
    every_source = all(v == Voice.SOURCE for v in voices)
    plain = Paragraph(tuple(spans), tuple(kept_sources), () if every_source else tuple(voices))
    color = Highlight.BLUE if number % 2 == 0 else Highlight.TINT
    return rehighlight(plain, highlight, color), problems


def _group_sources(body: Paragraph) -> list[int | None]:
    """Per sentence of the body, the index of the source sentence it states: compose
    lists them in order, one per sentence in the source's voice."""
    groups = body.sentence_groups()
    own = [n for n in range(len(groups)) if body.voice(n) == Voice.SOURCE]
    out: list[int | None] = [None] * len(groups)
    if len(own) == len(body.sources):
        for n, index in zip(own, body.sources, strict=True):
            out[n] = index
    return out


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
