"""Turn the narration of a news sentence from 해라체 into 합쇼체.

News copy ends its sentences in the plain style ("~했다", "~이다"); a blog post
speaks to the reader ("~했습니다", "~입니다"). Only the sentence-final ending of
the narration may change: quoted speech is the source's words and every other
character is the author's, so both are kept byte for byte.

The predicate that carries the final ending is found with kiwipiepy and only that
run of morphemes is re-generated with `Kiwi.join`. Joining a whole sentence
would re-spell words we never meant to touch ("관계이며" comes back as "관계며").
The join is cross-checked against the form the 해라체 surface dictates; anything
that does not line up is returned unchanged, because a sentence left in the plain
style is a cosmetic flaw while a garbled one is a wrong post.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from blogwire.analyze.nlp import kiwi
from blogwire.errors import AnalyzeError
from blogwire.models import Sentence

if TYPE_CHECKING:
    from kiwipiepy import Token

__all__ = ["quoted_spans", "to_polite", "to_polite_many"]

# Tags (without kiwipiepy's "-I"/"-R" irregular suffix) that can head the
# predicate the final ending attaches to.
_STEM_TAGS = frozenset({"VV", "VA", "VX", "VCP", "VCN", "XSV", "XSA"})

# 해라체 declaratives. Questions, 청유, 명령 and already-polite endings are left
# alone; "ᆫ다" comes both as a conjoining jamo and, in odd inputs, as compat jamo.
_PLAIN_ENDINGS = frozenset({"다", "는다", "ᆫ다", "ㄴ다"})

# What may follow the final ending: the sentence's own punctuation and closing
# brackets. Quote marks are deliberately absent: an ending followed by a quote
# mark is the tail of quoted speech, even when the opening mark is in an earlier
# sentence.
_TRAIL_CHARS = frozenset(" \t\r\n\u00a0\u3000.!…〉》。")
_BRACKETS = {")": "(", "]": "[", "}": "{"}

# Paired quote marks; a straight mark pairs with itself.
_PAIRED_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』"}
_STRAIGHT_QUOTES = ('"', "'")
_OPENERS = re.compile("[" + "".join(_PAIRED_QUOTES) + "]")
# Any mark that can open a quote: a sentence without one quotes nobody.
_QUOTE_MARKS = re.compile("[" + "".join(_PAIRED_QUOTES) + "".join(_STRAIGHT_QUOTES) + "]")
# The same characters as str.isspace(): re's \s uses the same Unicode table.
_SPACE = re.compile(r"\s")

_HANGUL_BASE = 0xAC00
_HANGUL_LAST = 0xD7A3
_JONG_NIEUN = 4
_JONG_RIEUL = 8
_JONG_BIEUP = 17


def to_polite(sentence: str) -> str:
    """The sentence with its narration's final 해라체 ending in 합쇼체.

    Returns the sentence unchanged when it has no convertible final ending: it
    is already polite, a fragment, a question, or pure quoted speech.
    """
    if not sentence.strip():
        return sentence
    try:
        tokens = kiwi().tokenize(sentence)
    except AnalyzeError:
        raise
    except Exception as exc:  # kiwipiepy raises plain exceptions on bad input
        raise AnalyzeError(f"could not analyse the sentence: {exc}", subject=sentence) from exc
    return _convert(sentence, tokens)


def to_polite_many(sentences: Sequence[str]) -> list[str]:
    """`to_polite` for many sentences, with one batched analyser call."""
    texts = list(sentences)
    try:
        batches = list(kiwi().tokenize(texts))
    except AnalyzeError:
        raise
    except Exception as exc:  # kiwipiepy raises plain exceptions on bad input
        raise AnalyzeError(f"could not analyse {len(texts)} sentences: {exc}") from exc
    return [
        _convert(text, tokens) if text.strip() else text
        for text, tokens in zip(texts, batches, strict=True)
    ]


def polite_sentences(sentences: Sequence[Sentence]) -> list[str]:
    """`to_polite` for sentences already analysed: their morphemes are reused, so the
    text is not tokenized a second time (the analyser is most of a post's cost)."""
    return [_convert(s.text, s.morphemes) if s.text.strip() else s.text for s in sentences]


def _convert(text: str, tokens: Sequence[Token]) -> str:
    # Every test below only decides between converting and returning the text as it
    # is, so the cheap ones go first and the quote scan and kiwi's join come last.
    ef_index = _final_ending(text, tokens)
    if ef_index is None:
        return text
    run = _predicate_run(tokens, ef_index)
    if run is None:
        return text
    ef = tokens[ef_index]
    ef_end = ef.start + ef.len
    run_start = min([t.start for t in run])
    # The run must sit inside the last word; a run reaching across a space means
    # kiwi's offsets and the text disagree, and splicing would eat a word.
    if _SPACE.search(text, run_start, ef_end):
        return text
    if _QUOTE_MARKS.search(text) is not None and any(
        s <= ef.start < e or (s < ef_end and run_start < e) for s, e in _quoted_spans(text)
    ):
        return text  # the ending, or the predicate it closes, is quoted speech
    polite = _polite_form(text, run, run_start, ef_end)
    if polite is None:
        return text
    return text[:run_start] + polite + text[ef_end:]


def _final_ending(text: str, tokens: Sequence[Token]) -> int | None:
    """Index of the final 해라체 EF, if the sentence ends with one (whether it is
    quoted speech is left to the caller)."""
    tail_start = _tail_start(text)
    for i in range(len(tokens) - 1, -1, -1):
        tok = tokens[i]
        tag = tok.tag
        if tag != "EF" and tag != "EC":
            continue
        end = tok.start + tok.len
        # Before a bracketed note kiwi sometimes reads the final "다" as a
        # connective ("결정했다(…)" → 다/EC); at the very tail it can only be final.
        final_ec = tag == "EC" and tok.form == "다" and end == tail_start
        if (tag != "EF" and not final_ec) or tok.start >= tail_start:
            continue
        # Anything but the tail after kiwi's last EF ("했다?", "했다는 보도")
        # means the sentence does not end in a declarative of its own.
        if end != tail_start:
            return None
        if tok.form not in _PLAIN_ENDINGS or not text.endswith("다", 0, end):
            return None
        return i
    return None


def _tail_start(text: str) -> int:
    """Where the trailing punctuation, whitespace and "(사진)"-style notes begin.

    A bracketed note after the predicate is a caption or credit, not part of the
    predicate, so "확정했다(사진)." still ends in "했다". A closing bracket with no
    opener is plain punctuation ("수준이다.)").
    """
    i = len(text)
    while i > 0:
        ch = text[i - 1]
        opener = _BRACKETS.get(ch)
        if opener is not None:
            j = text.rfind(opener, 0, i - 1)
            i = j if j != -1 else i - 1
        elif ch in _TRAIL_CHARS:
            i -= 1
        else:
            break
    return i


def _predicate_run(tokens: Sequence[Token], ef_index: int) -> list[Token] | None:
    """The stem, prefinal endings and EF of the final predicate, or None."""
    i = ef_index - 1
    while i >= 0 and tokens[i].tag == "EP":
        i -= 1
    if i < 0 or tokens[i].tag.split("-")[0] not in _STEM_TAGS:
        return None
    stem = tokens[i]
    if stem.tag == "VCP" and stem.len == 0:
        # "관계다": the copula is elided after a vowel, so it has no characters of
        # its own and the join needs the noun to put "입" back.
        if i == 0 or tokens[i - 1].start + tokens[i - 1].len != stem.start:
            return None
        i -= 1
    return list(tokens[i : ef_index + 1])


def _polite_form(text: str, run: list[Token], run_start: int, ef_end: int) -> str | None:
    """The polite spelling of text[run_start:ef_end], or None if unsure."""
    ef = run[-1]
    ending = "는다" if ef.form == "는다" else "다"
    if not text.endswith(ending, 0, ef_end):
        return None
    keep = text[run_start : ef_end - len(ending)]
    elided = _has_elided_copula(run)
    # An elided copula may follow anything ("OpenAI다", "3.5%다"); every other
    # ending is read off the last Hangul syllable.
    if not keep or not (elided or _is_syllable(keep[-1])):
        return None
    expected, stem_intact = _surface_polite(keep, ef.form, elided=elided)
    if expected is None:
        return None
    if stem_intact:
        # The join may re-spell an intact stem ("되었다" comes back as "됐습니다");
        # the author's spelling wins whatever it says, so it is not asked.
        return expected
    try:
        joined = kiwi().join([(t.form, t.tag) for t in run[:-1]] + [("ᆸ니다", "EF")])
    except Exception:  # a join failure only means we cannot confirm
        return None
    # When the last syllable itself must change ("간다" → "갑니다") the join has to
    # agree; a disagreement means the analysis is doubtful.
    return expected if joined == expected else None


def _surface_polite(keep: str, ef_form: str, *, elided: bool) -> tuple[str | None, bool]:
    """The 합쇼체 form dictated by the 해라체 surface, and whether it keeps `keep` whole.

    `keep` is the predicate's text up to the ending: everything but "다" (or
    "는다"). The polite ending follows from its last syllable alone.
    """
    if elided:
        return keep + "입니다", True
    jong = (ord(keep[-1]) - _HANGUL_BASE) % 28
    if ef_form in ("ᆫ다", "ㄴ다"):
        # The ㄴ of the ending sits in the stem's last syllable: 간다, 만든다, 보인다.
        if jong != _JONG_NIEUN:
            return None, False
        return keep[:-1] + _with_jong(keep[-1], _JONG_BIEUP) + "니다", False
    if ef_form == "는다":
        # Only consonant stems take 는다; a vowel or ㄹ here is a misanalysis.
        if jong in (0, _JONG_RIEUL):
            return None, False
        return keep + "습니다", True
    if jong == 0 or jong == _JONG_RIEUL:
        # 크다 → 큽니다, 길다 → 깁니다 (ㄹ drops before ㅂ).
        return keep[:-1] + _with_jong(keep[-1], _JONG_BIEUP) + "니다", False
    return keep + "습니다", True


def _has_elided_copula(run: list[Token]) -> bool:
    return any(t.tag == "VCP" and t.len == 0 for t in run)


def _is_syllable(ch: str) -> bool:
    return _HANGUL_BASE <= ord(ch) <= _HANGUL_LAST


def _with_jong(ch: str, jong: int) -> str:
    code = ord(ch) - _HANGUL_BASE
    return chr(_HANGUL_BASE + code - code % 28 + jong)


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Half-open character ranges of the quoted speech in `text`, marks included (see
    `_quoted_spans`): what must stay the source's words, character for character."""
    return _quoted_spans(text)


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Half-open character ranges of quoted speech, marks included.

    Curly and corner quotes pair opener with the next closer; an opener with no
    closer quotes to the end, since news sentences are split inside long quotes.
    Straight marks pair in order and only balanced pairs count, so a stray
    apostrophe cannot swallow the narration. A mark between two letters
    ("Korea's", "Korea’s") is an apostrophe, not a quote.
    """
    spans: list[tuple[int, int]] = []
    i = 0
    n = len(text)
    while i < n:
        # jump to the next opener: most sentences have none
        opener = _OPENERS.search(text, i)
        if opener is None:
            break
        i = opener.start()
        closer = _PAIRED_QUOTES[text[i]]
        j = text.find(closer, i + 1)
        while j != -1 and closer == "’" and _is_apostrophe(text, j):
            j = text.find(closer, j + 1)
        if j == -1:
            spans.append((i, n))
            break
        spans.append((i, j + 1))
        i = j + 1
    for mark in _STRAIGHT_QUOTES:
        if mark not in text:
            continue
        marks = [
            k
            for k, ch in enumerate(text)
            if ch == mark and not _inside(k, spans) and not _is_apostrophe(text, k)
        ]
        spans.extend((marks[k], marks[k + 1] + 1) for k in range(0, len(marks) - 1, 2))
    return spans


def _is_apostrophe(text: str, k: int) -> bool:
    # Latin letters only: Hangul is alphabetic too, and "‘K-팝’이" is a quote.
    return 0 < k < len(text) - 1 and _is_latin(text[k - 1]) and _is_latin(text[k + 1])


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _inside(k: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= k < e for s, e in spans)
