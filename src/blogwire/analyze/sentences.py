"""Sentences and morphemes of an article."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import pairwise

from blogwire.analyze.nlp import kiwi
from blogwire.models import Article, Morpheme, Sentence

# A kiwipiepy token as (form, tag, start, length): each attribute of a Token is a call
# into kiwipiepy, and the split reads starts and tags several times per token.
_Tok = tuple[str, str, int, int]


def split_article(article: Article) -> tuple[Sentence, ...]:
    """Split every paragraph into sentences with their morphemes.

    Paragraphs are analysed one at a time: kiwipiepy is ~3x faster on short
    strings than on one long text, and a sentence never spans paragraphs.
    """
    out: list[Sentence] = []
    k = kiwi()
    for p_index, paragraph in enumerate(article.paragraphs):
        # `tokenize(split_sents=True)` is what `split_into_sents(return_tokens=True)` runs,
        # without the Python loop that builds its Sentence objects and sub-sentences.
        kiwi_sents = k.tokenize(paragraph, split_sents=True)
        tokens = [(t.form, t.tag, t.start, t.len) for sent in kiwi_sents for t in sent]
        spans = _sentence_spans(paragraph, [sent[-1].end for sent in kiwi_sents], tokens)
        for (start, end), own in zip(spans, _tokens_by_span(spans, tokens), strict=True):
            raw = paragraph[start:end]
            text = raw.strip()
            if not text:
                continue
            offset = start + (len(raw) - len(raw.lstrip()))
            morphemes = tuple([Morpheme(f, tag, at - offset, n) for f, tag, at, n in own])
            out.append(Sentence(len(out), text, p_index, morphemes))
    return tuple(out)


def _tokens_by_span(spans: list[tuple[int, int]], tokens: list[_Tok]) -> list[list[_Tok]]:
    """The tokens that start inside each of the sorted, disjoint spans, in token order.

    One pass with a binary search per token, where filtering every token for every
    sentence cost a scan of the paragraph per sentence.
    """
    starts = [a for a, _ in spans]
    out: list[list[_Tok]] = [[] for _ in spans]
    for token in tokens:
        at = token[2]
        i = bisect_right(starts, at) - 1
        if i >= 0 and at < spans[i][1]:
            out[i].append(token)
    return out


_CLOSERS = "”’\"')]」』"
_FINAL_MARKS = frozenset(".!?")
_QUOTE_MARKS = re.compile('[“”"]')


def _sentence_spans(
    paragraph: str, kiwi_ends: list[int], tokens: list[_Tok]
) -> list[tuple[int, int]]:
    """Kiwi's sentence ends, corrected where news punctuation misleads it.

    Kiwi sometimes glues a sentence to the quote that opens the next one
    ("…힘들어서다. '윤 어게인'" | "세력과의 …") or runs two sentences together when the
    second starts with a quote. A sentence ends after an ending (EF) and its final
    period outside double quotes; a kiwi break that follows no sentence-final mark is
    dropped.
    """
    cuts: set[int] = set()
    ends_with_ef = _ends_with_ef(tokens)
    for end in kiwi_ends[:-1]:
        before = paragraph[:end].rstrip().rstrip(_CLOSERS)
        if before.endswith((".", "!", "?", "…")) or ends_with_ef(end):
            cuts.add(end)
    depth = 0
    straight_open = False
    # Quote marks before the furthest token start seen so far are counted, each once,
    # in text order; `reach` and `next_quote` walk the marks alongside the tokens.
    quotes = [(m.start(), m.group()) for m in _QUOTE_MARKS.finditer(paragraph)]
    next_quote = 0
    reach = 0
    previous_tag = ""
    for form, tag, at, length in tokens:
        if at > reach:
            reach = at
            while next_quote < len(quotes) and quotes[next_quote][0] < reach:
                ch = quotes[next_quote][1]
                next_quote += 1
                if ch == "“":
                    depth += 1
                elif ch == "”":
                    depth = max(0, depth - 1)
                else:
                    straight_open = not straight_open
        if (
            tag == "SF"
            # "했다.." or "했다?!" ends a sentence as "했다." does; kiwi reads the run
            # as one token and, before "<" or a Latin word, may not break there itself
            and set(form) <= _FINAL_MARKS
            and previous_tag == "EF"  # "" before the first token
            and depth == 0
            and not straight_open
        ):
            end = at + length
            if end < len(paragraph) and paragraph[end].isspace():
                cuts.add(end)
        previous_tag = tag
    bounds = [0, *sorted(c for c in cuts if 0 < c < len(paragraph)), len(paragraph)]
    return [(a, b) for a, b in pairwise(bounds) if paragraph[a:b].strip()]


def _ends_with_ef(tokens: list[_Tok]) -> Callable[[int], bool]:
    """A test: is the last token (in token order) that finishes by `end` an ending (EF)?

    Kiwi's token ends never decrease, so a binary search finds that token; the linear
    scan is kept for a token list that breaks the order, so the answer never changes.
    """
    token_ends = [at + length for _, _, at, length in tokens]
    if token_ends == sorted(token_ends):  # non-decreasing (sorted() is one C call)

        def sorted_test(end: int) -> bool:
            i = bisect_right(token_ends, end)
            return i > 0 and tokens[i - 1][1] == "EF"

        return sorted_test

    def scan_test(end: int) -> bool:
        last = [t for t in tokens if t[2] + t[3] <= end]
        return bool(last) and last[-1][1] == "EF"

    return scan_test


def tokenize_sentences(texts: Sequence[str]) -> tuple[Sentence, ...]:
    """Morphemes for sentences that are already split (one Sentence per string)."""
    stripped = [t.strip() for t in texts]
    k = kiwi()
    # A list goes through kiwipiepy's thread pool; for one text (a title) the hand-off
    # costs more than it saves, and the tokens are the same.
    batches = [k.tokenize(stripped[0])] if len(stripped) == 1 else k.tokenize(stripped)
    out: list[Sentence] = []
    for i, tokens in enumerate(batches):
        morphemes = tuple([Morpheme(t.form, t.tag, t.start, t.len) for t in tokens])
        out.append(Sentence(i, stripped[i], 0, morphemes))
    return tuple(out)
