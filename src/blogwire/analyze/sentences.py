"""Sentences and morphemes of an article."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from blogwire.analyze.nlp import kiwi
from blogwire.models import Article, Morpheme, Sentence

if TYPE_CHECKING:
    from kiwipiepy import Token


def split_article(article: Article) -> tuple[Sentence, ...]:
    """Split every paragraph into sentences with their morphemes.

    Paragraphs are analysed one at a time: kiwipiepy is ~3x faster on short
    strings than on one long text, and a sentence never spans paragraphs.
    """
    out: list[Sentence] = []
    k = kiwi()
    for p_index, paragraph in enumerate(article.paragraphs):
        kiwi_sents = k.split_into_sents(paragraph, return_tokens=True)
        tokens = [t for sent in kiwi_sents for t in sent.tokens]
        for start, end in _sentence_spans(paragraph, [s.end for s in kiwi_sents], tokens):
            raw = paragraph[start:end]
            text = raw.strip()
            if not text:
                continue
            offset = start + (len(raw) - len(raw.lstrip()))
            morphemes = tuple(
                Morpheme(t.form, t.tag, t.start - offset, t.len)
                for t in tokens
                if start <= t.start < end
            )
            out.append(Sentence(len(out), text, p_index, morphemes))
    return tuple(out)


_CLOSERS = "”’\"')]」』"
_FINAL_MARKS = frozenset(".!?")


def _sentence_spans(
    paragraph: str, kiwi_ends: list[int], tokens: list[Token]
) -> list[tuple[int, int]]:
    """Kiwi's sentence ends, corrected where news punctuation misleads it.

    Kiwi sometimes glues a sentence to the quote that opens the next one
    ("…힘들어서다. '윤 어게인'" | "세력과의 …") or runs two sentences together when the
    second starts with a quote. A sentence ends after an ending (EF) and its final
    period outside double quotes; a kiwi break that follows no sentence-final mark is
    dropped.
    """
    cuts: set[int] = set()
    for end in kiwi_ends[:-1]:
        before = paragraph[:end].rstrip().rstrip(_CLOSERS)
        if before.endswith((".", "!", "?", "…")) or _ends_with_ef(tokens, end):
            cuts.add(end)
    depth = 0
    quote_positions = {i: ch for i, ch in enumerate(paragraph) if ch in '“”"'}
    straight_open = False
    last_pos = 0
    for i, token in enumerate(tokens):
        for pos in range(last_pos, token.start):
            ch = quote_positions.get(pos)
            if ch == "“":
                depth += 1
            elif ch == "”":
                depth = max(0, depth - 1)
            elif ch == '"':
                straight_open = not straight_open
        last_pos = max(last_pos, token.start)
        if (
            token.tag == "SF"
            # "했다.." or "했다?!" ends a sentence as "했다." does; kiwi reads the run
            # as one token and, before "<" or a Latin word, may not break there itself
            and set(token.form) <= _FINAL_MARKS
            and i > 0
            and tokens[i - 1].tag == "EF"
            and depth == 0
            and not straight_open
        ):
            end = token.start + token.len
            if end < len(paragraph) and paragraph[end].isspace():
                cuts.add(end)
    bounds = [0, *sorted(c for c in cuts if 0 < c < len(paragraph)), len(paragraph)]
    return [(a, b) for a, b in pairwise(bounds) if paragraph[a:b].strip()]


def _ends_with_ef(tokens: list[Token], end: int) -> bool:
    last = [t for t in tokens if t.start + t.len <= end]
    return bool(last) and last[-1].tag == "EF"


def tokenize_sentences(texts: Sequence[str]) -> tuple[Sentence, ...]:
    """Morphemes for sentences that are already split (one Sentence per string)."""
    stripped = [t.strip() for t in texts]
    out: list[Sentence] = []
    for i, tokens in enumerate(kiwi().tokenize(stripped)):
        morphemes = tuple(Morpheme(t.form, t.tag, t.start, t.len) for t in tokens)
        out.append(Sentence(i, stripped[i], 0, morphemes))
    return tuple(out)
