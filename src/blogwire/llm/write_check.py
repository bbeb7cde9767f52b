"""The whole-post writer's verdicts laid out as a post, held to the post format.

Each part keeps the extractive post's key sentence and takes the sentences the guard
passed, or the source sentence a refused one restates; fields take the model's text
or the extractive post's. A part whose new text breaks the post format where the
extractive post did not (`render.check.check_post`) keeps the extractive text, and its
sentences' outcomes say so.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from blogwire.llm.report import Outcome, SentenceOutcome
from blogwire.llm.write_answer import Verdict
from blogwire.llm.write_layout import (
    ANNOUNCE,
    Piece,
    Restater,
    announcement,
    head,
    note_in,
    paragraph,
)
from blogwire.models import Analysis, Paragraph, Post, Section, Voice
from blogwire.render.check import check_post
from blogwire.render.seed import render_post
from blogwire.settings import PostSettings

__all__ = ["assemble", "part_of", "restore_parts"]

_KEPT = (Outcome.KEPT, Outcome.RETRIED)


def part_of(field: str) -> str:
    """The part of the post a field belongs to: "section[2].body" -> "section[2]"."""
    return field.split(".")[0]


def assemble(
    post: Post,
    analysis: Analysis,
    verdicts: Sequence[Verdict],
    missing: Sequence[SentenceOutcome],
    post_settings: PostSettings,
) -> tuple[Post, tuple[SentenceOutcome, ...], tuple[str, ...]]:
    """The post, each unit's outcome, and the parts restored to the extractive text."""
    count = len(post.sections)
    heads = {
        "intro": head(post.intro, opening=False),
        "conclusion": head(post.conclusion, opening=True),
    }
    for n, section in enumerate(post.sections, 1):
        heads[f"section[{n}]"] = head(section.body, opening=False)
    used = {g.source for groups in heads.values() for g in groups or () if g.source is not None}
    restater = Restater(analysis, note_in(post.intro, analysis))
    pieces: dict[str, list[Piece]] = {part: [] for part in heads}
    fields: dict[str, str] = {}
    outcomes: list[SentenceOutcome] = []
    for v in verdicts:
        unit = v.unit
        if v.outcome in _KEPT and v.text is not None:
            if unit.sentence:
                pieces[part_of(unit.field)].append(Piece(v.text, Voice.MODEL))
            else:
                fields[unit.field] = v.text
            outcomes.append(SentenceOutcome(unit.field, unit.text, v.outcome, v.text, v.problems))
        elif not unit.sentence:
            old = _field(post, unit.field)
            outcomes.append(
                SentenceOutcome(unit.field, unit.text, Outcome.REPLACED, old, v.problems)
            )
        elif not v.problems:  # only repeated a key sentence
            outcomes.append(SentenceOutcome(unit.field, unit.text, Outcome.DROPPED, None))
        else:
            index, _ = restater.best(unit.text)
            text = restater.polite(index) if index is not None and index not in used else None
            if index is None or text is None:
                outcomes.append(
                    SentenceOutcome(unit.field, unit.text, Outcome.DROPPED, None, v.problems)
                )
                continue
            used.add(index)
            pieces[part_of(unit.field)].append(Piece(text, Voice.SOURCE, index))
            outcomes.append(
                SentenceOutcome(unit.field, unit.text, Outcome.REPLACED, text, v.problems)
            )
    if not any(ANNOUNCE in p.text for p in pieces["intro"]):
        closing = announcement(post.intro)
        if closing is not None:
            text = "".join(s.text for s in closing.spans)
            pieces["intro"].append(Piece(text, Voice.FRAMING))
    written = dataclasses.replace(
        post,
        title=fields.get("title", post.title),
        headline=fields.get("headline", post.headline),
        excerpt=fields.get("excerpt", post.excerpt),
    )
    for part, keep in heads.items():
        if keep is not None:
            written = _with_part(written, part, paragraph(keep, pieces[part]), fields)
    written, restored = restore_parts(written, post, count, post_settings)
    outcomes = [_restored(o, restored, post) for o in (*outcomes, *missing)]
    return written, tuple(outcomes), restored


def _field(post: Post, field: str) -> str:
    if field.startswith("section["):
        return post.sections[int(field[len("section[") : field.index("]")]) - 1].title
    text: str = getattr(post, field)
    return text


def _with_part(post: Post, part: str, par: Paragraph, fields: dict[str, str]) -> Post:
    if part == "intro":
        return dataclasses.replace(post, intro=par)
    if part == "conclusion":
        return dataclasses.replace(post, conclusion=par)
    n = int(part[len("section[") : -1])
    sections = list(post.sections)
    title = fields.get(f"{part}.title", sections[n - 1].title)
    sections[n - 1] = Section(title, par)
    return dataclasses.replace(post, sections=tuple(sections))


def _problems(post: Post, settings: PostSettings) -> set[str]:
    rendered = render_post(post, settings)
    return {p.message for p in check_post(rendered.text, rendered.path, settings)}


def restore_parts(
    written: Post, extractive: Post, count: int, settings: PostSettings
) -> tuple[Post, tuple[str, ...]]:
    """`written` with each part that breaks the format where `extractive` did not put
    back as the extractive post has it; every part, if that is what it takes."""
    baseline = _problems(extractive, settings)
    new = _problems(written, settings) - baseline
    restored: list[str] = []
    parts = [
        "title",
        "headline",
        "excerpt",
        "intro",
        *(f"section[{n}]" for n in range(1, count + 1)),
    ]
    for part in [*parts, "conclusion"]:
        if not new:
            break
        trial = _put_back(written, extractive, part)
        left = _problems(trial, settings) - baseline
        if len(left) < len(new):
            written, new = trial, left
            restored.append(part)
    if new:
        return extractive, ("post",)
    return written, tuple(restored)


def _put_back(post: Post, extractive: Post, part: str) -> Post:
    if part.startswith("section["):
        n = int(part[len("section[") : -1])
        sections = list(post.sections)
        sections[n - 1] = extractive.sections[n - 1]
        return dataclasses.replace(post, sections=tuple(sections))
    value = getattr(extractive, part)
    return dataclasses.replace(post, **{part: value})


def _restored(outcome: SentenceOutcome, restored: tuple[str, ...], post: Post) -> SentenceOutcome:
    if "post" not in restored and part_of(outcome.field) not in restored:
        return outcome
    if outcome.outcome is Outcome.DROPPED:
        return outcome
    note = ("format", "the part broke the post format: it keeps the extractive text")
    final = (
        None
        if outcome.field.endswith("body") or outcome.field in {"intro", "conclusion"}
        else _field(post, outcome.field)
    )
    return dataclasses.replace(
        outcome, outcome=Outcome.REPLACED, final_text=final, problems=(*outcome.problems, note)
    )
