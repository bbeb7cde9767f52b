"""The post format's rules for text a model writes, shared by both writers.

The polisher (llm/answer.py) holds whole fields to them; the whole-post writer
(llm/write.py) holds each sentence to them. Either way the rules are the same: no
markup, nothing cut off, no copied prompt scaffolding, lengths the post format
takes, prose in polite style (합쇼체).
"""

from __future__ import annotations

import re

from blogwire.analyze.nlp import kiwi
from blogwire.compose.titles import SECTION_MAX, TITLE_MAX

__all__ = [
    "LIMITS",
    "MAX_PROSE_SENTENCES",
    "bare",
    "field_problem",
    "polite",
    "sentence_problem",
    "split_sentences",
    "surface_problem",
]

# Lengths in characters. Prose is capped well below what the post format allows:
# a small local model writes ~50 tokens a second, and every character it need
# not write is time the post does not wait.
LIMITS: dict[str, tuple[int, int]] = {
    "title": (10, TITLE_MAX),
    "headline": (10, 60),
    "intro": (10, 200),
    "conclusion": (10, 200),
    "section": (2, SECTION_MAX),
    "sentence": (5, 200),
    # the whole-post writer's excerpt: the format asks ~150-250, the check takes 60-400
    "excerpt": (80, 300),
}
_PROSE = ("intro", "conclusion")
_TITLES = ("title", "headline", "section")
MAX_PROSE_SENTENCES = 3
_POLITE_END = re.compile(r"(니다|니까|요|죠)[.!?…]*[”’\"')]*$")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+")
# Markup, Markdown and template debris never belong in a post's text.
_FORBIDDEN = re.compile(r"[<>{}\[\]*#`|\\]")
_LIST_NUMBER = re.compile(r"^\s*\d+\s*[.)]\s")
# Scaffolding of the prompts (prompt.py, write_prompt.py) that a model copies.
_PROMPT_LABELS = ("지금 제목", "섹션 ", "핵심 문장", "기사 제목", "핵심어", "[핵심]", "JSON")
_DANGLING = "-–—:;,·/("
_PAIRS = (("“", "”"), ("‘", "’"), ("(", ")"), ("「", "」"), ("『", "』"))


def split_sentences(text: str) -> list[str]:
    """`text`'s sentences: a break after final punctuation and a space (a model's
    prose; "3.5%" and "U.S." have no space after their period)."""
    return [s for s in _SENTENCE_BREAK.split(" ".join(text.split())) if s.strip()]


def bare(sentence: str) -> str:
    """A sentence as repeats are compared: spacing and the final stop do not make a
    sentence new (prose beside a key sentence that only repeats it says nothing)."""
    return "".join(sentence.split()).rstrip(".!?…")


def polite(sentence: str) -> bool:
    return bool(_POLITE_END.search(sentence))


def surface_problem(text: str) -> str | None:
    """What is wrong with any text a post prints, whatever its field: markup, a cut-off
    quote or bracket, a list number, the prompt's own labels, a dangling end."""
    bad = _FORBIDDEN.search(text)
    if bad:
        return f"holds markup character {bad.group(0)!r}"
    if not _balanced(text):
        return "has an unclosed quote or bracket: cut off"
    if _LIST_NUMBER.match(text):
        return "starts with a list number"
    label = next((w for w in _PROMPT_LABELS if w in text), None)
    if label:
        return f"copies the prompt's label {label!r}"
    if text and text[-1] in _DANGLING:
        return f"ends in {text[-1]!r}: cut off"
    return None


def sentence_problem(sentence: str) -> str | None:
    """What is wrong with one sentence of prose, if anything."""
    low, high = LIMITS["sentence"]
    if not low <= len(sentence) <= high:
        return f"{len(sentence)} characters, expected {low}-{high}"
    problem = surface_problem(sentence)
    if problem:
        return problem
    if not polite(sentence):
        return f"not in polite style (~습니다): {sentence[:40]!r}"
    return None


def field_problem(field: str, value: object) -> tuple[str, str | None]:
    """The field's text, whitespace-normalised, and what is wrong with it, if anything.
    `field` is "title", "headline", "excerpt", "intro", "conclusion", "section[n].title"
    or "sentence[i]"; its kind (before "[") picks the length limits."""
    if value is None:
        return "", "the model did not write it"
    if not isinstance(value, str):
        return "", f"expected text, got {type(value).__name__}"
    text = " ".join(value.split())
    kind = field.split("[")[0]
    low, high = LIMITS[kind]
    if not low <= len(text) <= high:
        return text, f"{len(text)} characters, expected {low}-{high}"
    problem = surface_problem(text)
    if problem:
        return text, problem
    # a question ends where it means to ("…늘어난 비결은?", the seed's own shape)
    if kind in _TITLES and not text.endswith("?") and _ends_in_particle(text):
        return text, "ends in a particle: a cut-off phrase, not a title"
    if field in _PROSE or field.startswith("sentence"):
        sentences = split_sentences(text)
        if len(sentences) > MAX_PROSE_SENTENCES:
            return text, f"{len(sentences)} sentences, at most {MAX_PROSE_SENTENCES}"
        plain = [s for s in sentences if not polite(s)]
        if plain:
            return text, f"not in polite style (~습니다): {plain[0][:40]!r}"
    return text, None


def _balanced(text: str) -> bool:
    """Every opening quote and bracket is closed (straight quotes come in pairs).

    A model stopped by a length limit leaves "'한결" behind; so does one that
    copies half a quote, which the guard could not match to the source.
    """
    if any(text.count(a) != text.count(b) for a, b in _PAIRS):
        return False
    return text.count('"') % 2 == 0 and _straight_singles(text) % 2 == 0


def _straight_singles(text: str) -> int:
    # An apostrophe between Latin letters ("Korea's") is not a quote mark.
    return sum(
        1
        for i, ch in enumerate(text)
        if ch == "'"
        and not (
            0 < i < len(text) - 1
            and text[i - 1].isascii()
            and text[i + 1].isascii()
            and text[i - 1].isalpha()
            and text[i + 1].isalpha()
        )
    )


def _ends_in_particle(text: str) -> bool:
    tokens = kiwi().tokenize(text.rstrip(" .,!?…"))
    return bool(tokens) and tokens[-1].tag.startswith("J")
