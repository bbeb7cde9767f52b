"""Read the whole-post answer into units the guard judges one by one.

A unit is one sentence of prose (intro, a section body, the conclusion), or one whole
field that is not prose (title, headline, excerpt, a section title). A sentence that
fails is replaced or dropped alone; a field that fails falls back to the extractive
post's text. Only an answer that cannot be a post at all (no JSON, the wrong number
of sections) is refused whole.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass

from blogwire.llm.answer import parse_json_object
from blogwire.llm.form import bare, field_problem, polite, sentence_problem, split_sentences
from blogwire.llm.report import Outcome
from blogwire.llm.write_prompt import Outline

__all__ = ["Draft", "Unit", "Verdict", "judge_format", "read_draft", "where"]

# A sentence this close to a key sentence (difflib ratio, spaces aside) only repeats it.
REPEAT_RATIO = 0.9
CONCLUDE = "결론적으로,"


@dataclass(frozen=True, slots=True)
class Unit:
    """One sentence or field of the model's answer."""

    id: int  # 1-based, in reading order: the retry names units by it
    field: str  # "title", "headline", "excerpt", "intro", "section[2].title",
    #             "section[2].body", "conclusion" (report.SentenceOutcome.field)
    text: str
    sentence: bool  # a sentence of prose (True) or a whole field (False)
    part: int | None = None  # the section's index (0-based) for section fields
    repeats: bool = False  # only repeats a key sentence: dropped, no problem


@dataclass(frozen=True, slots=True)
class Draft:
    units: tuple[Unit, ...]
    # fields the answer lacks or gives as something other than text: (field, reason)
    missing: tuple[tuple[str, str], ...] = ()
    error: str | None = None  # why the answer cannot be a post at all


@dataclass(frozen=True, slots=True)
class Verdict:
    """What became of one unit once judged, retried if need be."""

    unit: Unit
    outcome: Outcome
    text: str | None  # the model's text the post states (kept or retried), else None
    problems: tuple[tuple[str, str], ...] = ()  # (kind, message), first try then retry


def read_draft(reply: str, out: Outline) -> Draft:
    data = parse_json_object(reply)
    if data is None:
        snippet = " ".join(reply.split())[:80]
        return Draft((), error=f"the model's answer holds no JSON object: {snippet!r}")
    sections = data.get("sections")
    if not isinstance(sections, list) or len(sections) != len(out.sections):
        got = len(sections) if isinstance(sections, list) else "no"
        return Draft((), error=f"the answer has {got} sections, the plan {len(out.sections)}")
    keys = _keys(out)
    units: list[Unit] = []
    missing: list[tuple[str, str]] = []

    def field(name: str, value: object, part: int | None = None) -> None:
        if not isinstance(value, str) or not value.strip():
            missing.append((name, "the model did not write it"))
            return
        units.append(Unit(len(units) + 1, name, " ".join(value.split()), False, part))

    def prose(name: str, value: object, part: int | None = None) -> None:
        if not isinstance(value, str) or not value.strip():
            missing.append((name, "the model did not write it"))
            return
        if name == "conclusion":
            value = value.strip().removeprefix(CONCLUDE).strip()
        for sentence in split_sentences(value):
            again = _repeats(sentence, keys)
            units.append(Unit(len(units) + 1, name, sentence, True, part, again))

    field("title", data.get("title"))
    field("headline", data.get("headline"))
    field("excerpt", data.get("excerpt"))
    prose("intro", data.get("intro"))
    for n, item in enumerate(sections):
        item = item if isinstance(item, Mapping) else {}
        field(f"section[{n + 1}].title", item.get("title"), n)
        prose(f"section[{n + 1}].body", item.get("body"), n)
    prose("conclusion", data.get("conclusion"))
    return Draft(tuple(units), tuple(missing))


def judge_format(unit: Unit, text: str | None = None) -> list[tuple[str, str]]:
    """The format problems of `unit` (or of `text` written for it): (kind, message)."""
    text = unit.text if text is None else " ".join(text.split())
    if unit.sentence:
        problems = [sentence_problem(s) for s in split_sentences(text)] or ["empty"]
        return [("format", p) for p in problems if p]
    kind = "section" if unit.field.startswith("section") else unit.field
    _, problem = field_problem(kind, text)
    if problem is None and unit.field == "excerpt":
        plain = [s for s in split_sentences(text) if not polite(s)]
        problem = f"not in polite style (~습니다): {plain[0][:40]!r}" if plain else None
    return [("format", problem)] if problem else []


def where(unit: Unit) -> str:
    """Where the unit stands in the post, in the prompt's Korean."""
    if unit.part is not None:
        what = "소제목" if unit.field.endswith(".title") else "본문"
        return f"섹션 {unit.part + 1} {what}"
    names = {"title": "제목", "headline": "큰 제목", "excerpt": "요약", "intro": "도입"}
    return names.get(unit.field, "결론")


def _keys(out: Outline) -> list[str]:
    keys = [out.intro_key, out.conclusion_key.removeprefix(CONCLUDE).strip()]
    return [bare(k) for k in keys + [key for _, key in out.sections]]


def _repeats(sentence: str, keys: list[str]) -> bool:
    mine = bare(sentence)
    return any(
        mine == key
        or (mine in key and len(mine) > len(key) // 2)
        or difflib.SequenceMatcher(None, mine, key, autojunk=False).ratio() >= REPEAT_RATIO
        for key in keys
    )
