"""Extractive summaries of sentences that are already split.

`summarize` is the ranker's public face for callers (and benchmarks) that bring their own
sentence split: it never re-splits, so index i always means `sentences[i]`. The pipeline
itself goes through `blogwire.analyze.analyze`, which splits an Article with kiwipiepy and
keeps the scores; this module is the same ranking and selection on plain strings.
"""

from __future__ import annotations

from collections.abc import Sequence

from blogwire.analyze.rank import rank_sentences, select
from blogwire.analyze.sentences import tokenize_sentences

# MMR trade-off for summaries. A summary should not state one fact twice, but the sentences
# a reader needs are often close paraphrases of the lead, so only a light penalty: it keeps
# exact and near duplicates (a caption repeated under two photos) out and otherwise
# changes little (5-fold F1 on sci-news-dev / korsum 2~3sent / korsum 20per, with the
# ranker's fit: 0.582 / 0.452 / 0.514 at 0.1, 0.578 / 0.456 / 0.515 without, 0.578 /
# 0.452 / 0.513 at 0.2; bench/fit_rank.py).
SUMMARY_DIVERSITY = 0.1


def summarize(sentences: Sequence[str], k: int, title: str | None = None) -> list[int]:
    """Indices of the k sentences that best summarise the text, in source order.

    `sentences` are already split (one sentence per string); `title` is the headline, if
    known: it is used as evidence of what the story is about, never returned. k larger
    than the number of sentences returns every index; k = 0 or no sentences returns [].

    >>> summarize(["첫 문장이다.", "둘째 문장이다."], 5)
    [0, 1]
    """
    if isinstance(k, bool) or not isinstance(k, int):
        raise TypeError(f"k must be an int, got {type(k).__name__}")
    if k < 0:
        raise ValueError(f"k must be >= 0, got {k}")
    n = len(sentences)
    if k == 0 or n == 0:
        return []
    if k >= n:
        return list(range(n))
    parsed = tokenize_sentences(list(sentences))
    scores = rank_sentences(parsed, title)
    return select(parsed, scores, k, diversity=SUMMARY_DIVERSITY)
