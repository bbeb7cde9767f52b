"""Read the model's JSON answer and hold each field to the post format.

The schema is checked field by field rather than all or nothing: a small model
that writes a good title and a bad intro should still give the post its title.
Each field that breaks a rule gets a reason, which the retry prompt quotes and
the run summary prints.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from blogwire.llm.form import LIMITS, bare, field_problem, split_sentences
from blogwire.llm.plan import Plan

__all__ = [
    "HIGHLIGHT_KEPT",
    "LIMITS",
    "Answer",
    "Candidate",
    "parse_json_object",
    "read_answer",
    "response_schema",
    "section_field",
    "sentence_field",
]

MAX_REWRITES = 2  # body sentences reworded per post: the rest stay as they are


def response_schema(plan: Plan, only: Collection[str] | None = None) -> dict[str, Any]:
    """The JSON Schema of the answer for `plan`; with `only`, just what those fields
    need (a retry asks again for the fields that failed, nothing else)."""

    def text(kind: str) -> dict[str, Any]:
        low, high = LIMITS[kind]
        # A grammar-bound model stops mid-word at maxLength. With room past the
        # limit, a cut value is one that is too long, and is refused as such.
        return {"type": "string", "minLength": low, "maxLength": high + high // 2}

    wanted = set(only) if only is not None else None
    properties: dict[str, Any] = {}
    for field in ("title", "headline"):
        if wanted is None or field in wanted:
            properties[field] = text(field)
    count = len(plan.sections)
    if wanted is None or any(f.startswith("section") for f in wanted):
        properties["section_titles"] = {
            "type": "array",
            "items": text("section"),
            "minItems": count,
            "maxItems": count,
        }
    for field in ("intro", "conclusion"):
        if wanted is None or field in wanted:
            properties[field] = text(field)
    ids = [i for i in plan.rewritable() if wanted is None or sentence_field(i) in wanted]
    required = list(properties)
    if ids:
        properties["rewrites"] = {
            "type": "array",
            "maxItems": min(MAX_REWRITES, len(ids)),
            "items": {
                "type": "object",
                "properties": {"id": {"type": "integer", "enum": ids}, "text": text("sentence")},
                "required": ["id", "text"],
                "additionalProperties": False,
            },
        }
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


HIGHLIGHT_KEPT = "a highlighted sentence stays the source's own words"
_PROSE = ("intro", "conclusion")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One field's text from the model, in the shape the post needs."""

    field: str  # "title", "headline", "intro", "conclusion", "section[2].title", "sentence[7]"
    text: str
    index: int | None = None  # sentence[i] rewrites and section[i] titles: which one


@dataclass(frozen=True, slots=True)
class Answer:
    candidates: tuple[Candidate, ...]
    # (field, kind, reason) for fields that break the format; kind is "missing" (not
    # written), "highlight" (a highlighted sentence, kept verbatim) or "format"
    problems: tuple[tuple[str, str, str], ...]
    unreadable: str | None = None  # why no field could be read at all
    values: tuple[tuple[str, str], ...] = ()  # (field, text) of every field given as text


def section_field(number: int) -> str:
    return f"section[{number}].title"  # 1-based, like the check's "section 1 ..."


def sentence_field(index: int) -> str:
    return f"sentence[{index}]"  # the source sentence index, stable across attempts


def parse_json_object(text: str) -> dict[str, Any] | None:
    """The JSON object in a model's reply.

    The whole reply, else the first complete object in it (servers without JSON
    mode wrap it in prose or a ``` fence), else the complete pairs of an object
    cut short (a model that ran out of tokens). A key given twice keeps its first
    value: a small model that loops repeats keys, each time worse.
    """
    try:
        data = json.loads(text, object_pairs_hook=_first_wins)
    except ValueError:
        data = None
    if isinstance(data, dict):
        return data
    decoder = json.JSONDecoder(object_pairs_hook=_first_wins)
    start = text.find("{")
    first = start
    while start != -1:
        try:
            data, _ = decoder.raw_decode(text, start)
        except ValueError:
            data = None
        if isinstance(data, dict):
            return data
        start = text.find("{", start + 1)
    return _salvage(text, first, decoder) if first != -1 else None


def _first_wins(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        out.setdefault(key, value)
    return out


def _salvage(text: str, start: int, decoder: json.JSONDecoder) -> dict[str, Any] | None:
    """The complete key-value pairs of the object that opens at `start`."""
    out: dict[str, Any] = {}
    i = start + 1
    while True:
        i = _skip_space(text, i)
        try:
            key, i = decoder.raw_decode(text, i)
            i = _skip_space(text, i)
            if not isinstance(key, str) or text[i : i + 1] != ":":
                break
            value, i = decoder.raw_decode(text, _skip_space(text, i + 1))
        except ValueError:
            break
        out.setdefault(key, value)
        i = _skip_space(text, i)
        if text[i : i + 1] != ",":
            break
        i += 1
    return out or None


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def read_answer(reply: str, plan: Plan) -> Answer:
    data = parse_json_object(reply)
    if data is None:
        snippet = " ".join(reply.split())[:80]
        return Answer((), (), unreadable=f"the model's answer holds no JSON object: {snippet!r}")
    candidates: list[Candidate] = []
    problems: list[tuple[str, str, str]] = []
    values: list[tuple[str, str]] = []

    said = _said(plan)

    def take(field: str, value: object, index: int | None = None) -> None:
        text, problem = field_problem(field, value)
        if not problem and field in _PROSE:
            again = next((s for s in split_sentences(text) if bare(s) in said), None)
            if again is not None:
                problem = f"repeats a sentence the post already has: {again[:40]!r}"
        if isinstance(value, str):
            values.append((field, text))
        if problem:
            problems.append((field, "missing" if value is None else "format", problem))
        else:
            candidates.append(Candidate(field, text, index))

    for field in ("title", "headline", "intro", "conclusion"):
        value = data.get(field)
        if field == "conclusion" and isinstance(value, str):
            # the post puts "결론적으로," before the key sentence already
            value = value.strip().removeprefix("결론적으로,").strip()
        take(field, value)
    titles = data.get("section_titles")
    titles = titles if isinstance(titles, list) else []
    seen: set[str] = set()
    for number in range(1, len(plan.sections) + 1):
        field = section_field(number)
        value = titles[number - 1] if number - 1 < len(titles) else None
        if isinstance(value, str) and " ".join(value.split()) in seen:
            problems.append((field, "format", "repeats another section's title"))
            continue
        take(field, value, number - 1)
        if isinstance(value, str):
            seen.add(" ".join(value.split()))
    _read_rewrites(data.get("rewrites"), plan, candidates, problems, values)
    return Answer(tuple(candidates), tuple(problems), values=tuple(values))


def _read_rewrites(
    raw: object,
    plan: Plan,
    candidates: list[Candidate],
    problems: list[tuple[str, str, str]],
    values: list[tuple[str, str]],
) -> None:
    """Offered rewrites of body sentences; none offered is no problem."""
    rewritable = plan.rewritable()
    keys = {s.index for sec in plan.sections for s in sec.sentences if s.key}
    for item in raw[:MAX_REWRITES] if isinstance(raw, list) else []:
        if not isinstance(item, Mapping):
            continue
        index, text = item.get("id"), item.get("text")
        if not isinstance(index, int) or isinstance(index, bool):
            continue
        field = sentence_field(index)
        if index in keys:
            problems.append((field, "highlight", HIGHLIGHT_KEPT))
            continue
        if index not in rewritable:
            continue  # an id the plan never offered: nothing to replace
        if not isinstance(text, str) or " ".join(text.split()) == rewritable[index].text:
            continue  # unchanged: keeping the original needs no fallback
        cleaned, problem = field_problem(field, text)
        values.append((field, cleaned))
        if not problem and len(split_sentences(cleaned)) > 1:
            problem = "a rewrite must stay one sentence"
        if problem:
            problems.append((field, "format", problem))
        else:
            candidates.append(Candidate(field, cleaned, index))


def _said(plan: Plan) -> frozenset[str]:
    """Every sentence the post states already, in the form `bare` compares."""
    texts = [plan.intro_key, plan.conclusion_key]
    texts += [s.text for sec in plan.sections for s in sec.sentences]
    return frozenset(bare(t) for t in texts)
