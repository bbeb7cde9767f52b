"""The highlight of a sentence: its key clause or figure, short enough to scan.

A reader skims a post by its highlights, so a highlight is not the whole sentence
(news sentences run to ~190 characters) but the part that carries it: the main clause
with its predicate, or the clause that holds the story's keyphrases and figures. The
span runs from a word boundary to a word boundary, never cuts a quotation and is at
most MAX_CHARS long (TARGET_CHARS preferred).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from blogwire.analyze.style import quoted_spans

MAX_CHARS = 60
TARGET_CHARS = 40
MIN_CHARS = 8
# A word that ends a clause: a comma, or a connective ending (…하고, …하며, …면서,
# …지만, …는데, …해서) after which a new clause starts.
_CLAUSE_END = re.compile(r"(,|고|며|면서|지만|는데|은데|해서|어서|아서|으나|다며|라며|하자)$")
# A word after which a highlight may start: one ending in a particle, an ending or a
# closing mark; a start after a bare noun would cut a name from its title ("오승민 |
# 가람시 교통국장은").
_JOINT = re.compile(r"(은|는|이|가|을|를|에|의|도|만|로|와|과|서|면|고|며|다|요|,|”|’|\))$")
_NUMBER = re.compile(r"\d")
_FINAL_PUNCT = re.compile(r"[.!?…]+$")


def key_span(text: str, phrases: Sequence[str]) -> tuple[int, int]:
    """(start, end) of the highlight in `text`, a sentence as the post writes it (its
    final punctuation is never highlighted). `phrases`: the story's keyphrases, best
    first."""
    match = _FINAL_PUNCT.search(text)
    end_of_text = match.start() if match else len(text)
    if end_of_text <= TARGET_CHARS:
        return 0, end_of_text
    quotes = quoted_spans(text)
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text[:end_of_text])]
    starts = [
        (a, n == 0 or _CLAUSE_END.search(text[: words[n - 1][1]]) is not None)
        for n, (a, _) in enumerate(words)
        if n == 0 or _JOINT.search(text[: words[n - 1][1]])
    ]
    best: tuple[float, int, int] | None = None
    for a, clause_start in starts:
        if _inside(a, quotes):
            continue
        for _, b in words:
            if b <= a:
                continue
            length = b - a
            if length > MAX_CHARS:
                break
            if length < MIN_CHARS or _inside(b, quotes):
                continue
            piece = text[a:b]
            at_end = b == end_of_text
            if not at_end and not _CLAUSE_END.search(piece):
                continue  # a span ends with its sentence or with a clause
            score = _score(piece, phrases, clause_start=clause_start, at_end=at_end)
            if best is None or score > best[0]:
                best = (score, a, b)
    if best is None:  # one long word run: its end, cut at a word
        start = next((a for a, _ in reversed(starts) if end_of_text - a >= MIN_CHARS), 0)
        while end_of_text - start > MAX_CHARS:
            nxt = text.find(" ", start + 1)
            if nxt < 0 or nxt >= end_of_text:
                break
            start = nxt + 1
        return start, end_of_text
    piece = text[best[1] : best[2]].rstrip(",")
    return best[1], best[1] + len(piece)


def _score(piece: str, phrases: Sequence[str], *, clause_start: bool, at_end: bool) -> float:
    score = 0.0
    for rank, phrase in enumerate(phrases[:8]):
        if phrase in piece:
            score += 2.0 - rank * 0.15
    score += 1.2 * min(2, len(_NUMBER.findall(piece)) // 2 + (1 if _NUMBER.search(piece) else 0))
    score += 1.5 if at_end else 0.0  # the main clause and its predicate
    score += 0.8 if clause_start else 0.0
    length = len(piece)
    score += 0.02 * min(length, TARGET_CHARS)
    score -= 0.15 * max(0, length - TARGET_CHARS)
    return score


def _inside(k: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether offset `k` falls strictly inside a quotation (a cut there breaks it)."""
    return any(a < k < b for a, b in spans)


__all__ = ["MAX_CHARS", "key_span"]
