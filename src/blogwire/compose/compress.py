"""Deletion-only compression: words a summary can leave out without changing a fact.

A post says few sentences, so each should carry only what the reader needs. Only
deletions that cannot change what a sentence says are made:

- a dateline at the start of a sentence ("경주=뉴스1 12일 …" -> "12일 …"): where the
  wire filed from, not what happened;
- a parenthesised alternative spelling: the hanja of a word just written in hangul
  ("심정지(心停止)", "내진(耐震) 기준") or its lowercase English gloss ("맞춤형(tailored)").

Never touched: anything inside quotation marks, attribution, negation, numbers,
modality, names and acronyms in parentheses ("한국원자력안전기술원(KINS)": a name the
article may use later), and a parenthesis holding a digit ("A 씨(51)").
"""

from __future__ import annotations

import re

from blogwire.analyze.style import quoted_spans

# "경주=뉴스1 ", "서울=연합뉴스 " at the very start; the outlet may end in a digit
_DATELINE = re.compile(r"^[가-힣]{1,6}=[가-힣A-Za-z]{1,10}\d?\s+(?=\S)")
# after a hangul syllable: a parenthesis of hanja only, or of a lowercase English gloss
_ALTERNATIVE = re.compile(r"(?<=[가-힣])\((?:[\u4e00-\u9fff]{1,8}|[a-z][a-z -]{1,24}[a-z])\)")


def compress(text: str) -> str:
    """`text` with its dateline and parenthesised alternative spellings left out."""
    text = _DATELINE.sub("", text, count=1)
    quotes = quoted_spans(text)
    pieces: list[str] = []
    last = 0
    for match in _ALTERNATIVE.finditer(text):
        if any(a <= match.start() < b for a, b in quotes):
            continue  # a quote is the speaker's words, character for character
        pieces.append(text[last : match.start()])
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


__all__ = ["compress"]
