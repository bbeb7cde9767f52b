"""Relative dates that stay true: day words resolved against the publication date.

News dates events from the day of the report ("오는 28일", "지난 11일", "이날",
"전날", "내달 18일"); a post read days later would move them. Where the rule is
certain, the compose stage writes the date itself ("5월 28일"); every other relative
word is left as the source wrote it, and the post then says once which day it was
reported ("(5월 28일 보도 기준)"). Nothing is resolved without a publication date.

The rules, for an article published on day P:

- "오는 N일" is the next N-th on or after P, "지난 N일" the last N-th before P
  (also "오는 N~M일");
- "이번 달/이달 N일", "지난달 N일", "다음 달/내달 N일": the N-th of P's month, the
  month before, the month after;
- "오는/지난 월요일": the next/last such weekday, only when P is not that weekday;
- "이날" is P and "전날", "어제" the day before, "그제" two days before, but only while
  the article has named no other day before them ("지난 11일 회담이 열렸다. 이날 …"
  means the 11th); "X 전날" (the day before X) and "전날보다" (a comparison that may
  be a rule, "기온이 전날보다 10도 떨어지면") are left;
- "이날(28일)", "어제(27일)", "오늘(28일)": the word and its day, when the day agrees.

A day that does not exist in its month, a span of days ("지난 3일간", "지난 5일 동안"),
a word in quotation marks (a quote stays character for character) and every vague
word ("최근", "이번 주", "올해", "지난달", "오늘") is left as written. Only the words
are replaced, never the sentence around them: a particle after a word ending in a
vowel ("어제는") takes the form that fits the date ("27일은").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from blogwire.analyze.style import quoted_spans
from blogwire.models import Morpheme, Sentence

__all__ = [
    "DateWord",
    "date_words",
    "report_note",
    "resolve_sentences",
    "resolve_text",
    "with_dates",
]

_START = r"(?<![가-힣A-Za-z0-9])"
_DAYS = r"(?P<d1>\d{1,2})(?:(?P<sep>[~∼～-])(?P<d2>\d{1,2}))?일"
# After "지난 N일" these make N a count of days, not a day of the month.
_SPAN_OF_DAYS = re.compile(
    r"(?:간|째|\s?(?:동안|사이|이내|내내|연속|가량|정도|이상|이하|만에|만의|새(?![가-힣])))"
)
_COMING_OR_PAST = re.compile(_START + r"(?P<dir>오는|지난)\s?" + _DAYS)
_OF_MONTH = re.compile(_START + r"(?P<month>내달|다음\s?달|이번\s?달|이달|지난\s?달)\s?" + _DAYS)
_WEEKDAY = re.compile(_START + r"(?P<dir>오는|지난)\s?(?P<wd>[월화수목금토일])요일")
_WITH_DAY = re.compile(
    _START + r"(?P<word>이날|전날|어제|그제|그저께|오늘|내일|모레)\((?P<d1>\d{1,2})일\)"
)
_DAY_WORD = re.compile(_START + r"(?:이날|전날|어제|그제|그저께)")
_VAGUE = re.compile(
    _START
    + r"(?:최근|오늘(?!날)|내일|모레|이번\s?주|지난\s?주|다음\s?주|금주|내주|이번\s?달|이달"
    + r"|지난\s?달|다음\s?달|내달|올해|금년|지난해|작년|내년|[월화수목금토일]요일)"
)
# A weekday next to its date ("28일 목요일", "28일(목요일)", "화요일인 17일") is not
# relative.
_DATED_WEEKDAY = re.compile(r"\d일\s?\(?$")
_WEEKDAY_OF_DATE = re.compile(r"(?:인)?\s?\(?\d{1,2}일")
# Any day the text names: "이날" refers back to the last of them.
_NAMED_DAY = re.compile(r"(?<![0-9.])(?:(?P<m>\d{1,2})월\s?)?(?P<d>\d{1,2})일(?!간|째)")

_WEEKDAYS = "월화수목금토일"
_MONTH_SHIFT = {"내달": 1, "다음달": 1, "이번달": 0, "이달": 0, "지난달": -1}
_DAY_SHIFT = {"이날": 0, "오늘": 0, "전날": -1, "어제": -1, "그제": -2, "그저께": -2}
_DAY_SHIFT_WITH_DAY = {**_DAY_SHIFT, "내일": 1, "모레": 2}
# Day words that refer back to the day the article is about (not to the reader's day).
_ANAPHORIC = frozenset({"이날", "전날"})
# Tags before "전날" that make it "the day before X": a noun, a number, a modifier.
_OWNER_TAGS = frozenset({"NNG", "NNP", "NNB", "NR", "NP", "SN", "SL", "SH", "XSN", "ETM", "ETN"})
# A particle after a vowel-final word ("어제는") in the form it takes after "일".
_AFTER_CONSONANT = {
    "는": "은",
    "가": "이",
    "를": "을",
    "와": "과",
    "랑": "이랑",
    "나": "이나",
    "며": "이며",
    "야": "이야",
    "란": "이란",
}
_OTHER_DAY = dt.date.min  # the article named a day that is not the publication date


@dataclass(frozen=True, slots=True)
class DateWord:
    """One relative date word of a sentence, and the date it stands for if certain."""

    start: int  # character offsets in the sentence, end exclusive
    end: int
    text: str  # as the source writes it
    resolved: str | None  # what the post writes instead ("5월 28일"); None = left as written
    quoted: bool = False  # inside quotation marks


def resolve_sentences(
    sentences: Sequence[Sentence], published: dt.date | None
) -> tuple[tuple[DateWord, ...], ...]:
    """The relative date words of each sentence of an article, in article order (the
    sentences before one tell what its "이날" refers to)."""
    anchor: dt.date | None = None
    out: list[tuple[DateWord, ...]] = []
    for sentence in sentences:
        words, anchor = _sentence_words(sentence.text, sentence.morphemes, published, anchor)
        out.append(words)
    return tuple(out)


def with_dates(text: str, original: str, words: Iterable[DateWord]) -> tuple[str, int]:
    """`text` (the source sentence `original`, or its polite form) with its resolved
    words replaced, and how many relative words it still holds. A word is replaced
    only where `text` still reads as `original` up to its end: the polite form
    differs only in the final ending."""
    shared = 0
    limit = min(len(text), len(original))
    while shared < limit and text[shared] == original[shared]:
        shared += 1
    pieces: list[str] = []
    last = 0
    left = 0
    for word in sorted(words, key=lambda w: w.start):
        if word.resolved is None or word.end > shared:
            left += 1
            continue
        pieces.append(text[last : word.start])
        pieces.append(word.resolved)
        last = word.end
    pieces.append(text[last:])
    return "".join(pieces), left


def report_note(published: dt.date) -> str:
    """What a post says once when it keeps a relative word it could not resolve."""
    return f"({published.month}월 {published.day}일 보도 기준)"


def resolve_text(
    text: str, published: dt.date | None, *, before: Sequence[str] = ()
) -> tuple[str, tuple[DateWord, ...]]:
    """`text` with its relative dates resolved, after the sentences `before` it (for
    tests and tools; compose uses `resolve_sentences` on the analysed article)."""
    from blogwire.analyze.sentences import tokenize_sentences

    sentences = tokenize_sentences([*before, text])
    words = resolve_sentences(sentences, published)[-1]
    resolved, _ = with_dates(sentences[-1].text, sentences[-1].text, words)
    return resolved, words


def date_words(words_by_sentence: Mapping[int, Sequence[DateWord]]) -> tuple[int, int, int]:
    """(resolved, left outside quotes, left in quotes) over some sentences' words."""
    resolved = left = quoted = 0
    for words in words_by_sentence.values():
        for word in words:
            if word.resolved is not None:
                resolved += 1
            elif word.quoted:
                quoted += 1
            else:
                left += 1
    return resolved, left, quoted


# -- one sentence ---------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    kind: str  # "coming-past", "of-month", "weekday", "with-day", "word", "vague", "named"
    match: re.Match[str]


def _sentence_words(
    text: str, morphemes: Sequence[Morpheme], published: dt.date | None, anchor: dt.date | None
) -> tuple[tuple[DateWord, ...], dt.date | None]:
    found = _find(text, morphemes)
    if not found:
        return (), anchor
    quoted = _quoted(text)
    words: list[DateWord] = []
    for item in found:
        inside = any(s <= item.start < e for s, e in quoted)
        if item.kind == "named":
            anchor = _named_day(item.match, published)
            continue
        date: dt.date | None = None
        if published is not None and not inside:
            date = _resolve(item, text, morphemes, published, anchor)
        if item.kind in ("coming-past", "of-month", "weekday", "with-day"):
            anchor = date if date is not None else _OTHER_DAY
        elif item.kind == "word" and date is not None and date != published:
            anchor = date
        resolved: str | None = None
        end = item.end
        if date is not None and published is not None:
            spelled = _spelled(date, published, item, text, morphemes)
            if spelled is not None:
                resolved, end = spelled
        words.append(DateWord(item.start, end, text[item.start : end], resolved, inside))
    return tuple(words), anchor


_CLOSERS = {"”": "“", "’": "‘", "」": "「", "』": "『"}


def _quoted(text: str) -> list[tuple[int, int]]:
    """Quoted speech in the sentence: its quotes, and the start of a quote opened in
    an earlier sentence (a closing mark with no opener before it)."""
    if not any(ch in text for ch in "“”‘’「」『』\"'"):
        return []
    spans = quoted_spans(text)
    for closer, opener in _CLOSERS.items():
        at = text.find(closer)
        if at != -1 and opener not in text[:at]:
            spans.append((0, at + 1))
    return spans


def _find(text: str, morphemes: Sequence[Morpheme]) -> list[_Found]:
    """Every relative word and every named day of the sentence, in order, none
    overlapping (the more specific pattern wins)."""
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, kind: str, match: re.Match[str]) -> None:
        if any(start < e and s < end for s, e in taken):
            return
        taken.append((start, end))
        found.append(_Found(start, end, kind, match))

    if not any(ch.isdigit() for ch in text) and not _maybe_relative(text):
        return []
    for pattern, kind in (
        (_WITH_DAY, "with-day"),
        (_COMING_OR_PAST, "coming-past"),
        (_OF_MONTH, "of-month"),
        (_WEEKDAY, "weekday"),
    ):
        for match in pattern.finditer(text):
            add(match.start(), match.end(), kind, match)
    for match in _DAY_WORD.finditer(text):
        add(match.start(), match.end(), "word", match)
    for match in _VAGUE.finditer(text):
        if match.group().endswith("요일") and (
            _DATED_WEEKDAY.search(text, 0, match.start())
            or _WEEKDAY_OF_DATE.match(text, match.end())
        ):
            continue
        add(match.start(), match.end(), "vague", match)
    for match in _NAMED_DAY.finditer(text):
        add(match.start(), match.end(), "named", match)
    found.sort(key=lambda f: f.start)
    return found


# A sentence with no digit and none of these holds no relative date: most sentences.
_HINTS = (
    *("오는", "지난", "이날", "전날", "어제", "그제", "그저께", "오늘", "내일", "모레"),
    *("최근", "주", "달", "올해", "금년", "작년", "내년", "요일"),
)


def _maybe_relative(text: str) -> bool:
    return any(hint in text for hint in _HINTS)


def _named_day(match: re.Match[str], published: dt.date | None) -> dt.date:
    day = int(match.group("d"))
    month = int(match.group("m")) if match.group("m") else None
    if (
        published is not None
        and day == published.day
        and (month is None or month == published.month)
    ):
        return published
    return _OTHER_DAY


def _resolve(
    item: _Found,
    text: str,
    morphemes: Sequence[Morpheme],
    published: dt.date,
    anchor: dt.date | None,
) -> dt.date | None:
    """The date an item stands for, if certain."""
    match = item.match
    if item.kind == "vague":
        return None
    if item.kind == "word":
        return _day_word(item, text, morphemes, published, anchor)
    if item.kind == "with-day":
        said = published + dt.timedelta(days=_DAY_SHIFT_WITH_DAY[match.group("word")])
        return said if said.day == int(match.group("d1")) else None
    if item.kind == "weekday":
        weekday = _WEEKDAYS.index(match.group("wd"))
        if weekday == published.weekday():
            return None  # "오는 월요일" on a Monday: this one or the next?
        ahead = (weekday - published.weekday()) % 7
        shift = ahead if match.group("dir") == "오는" else ahead - 7
        return published + dt.timedelta(days=shift)
    if _SPAN_OF_DAYS.match(text, item.end):
        return None  # "지난 3일간": three days, not the 3rd
    day = int(match.group("d1"))
    if item.kind == "coming-past":
        if match.group("dir") == "오는":
            shift = 0 if day >= published.day else 1
        else:
            shift = 0 if day < published.day else -1
    else:
        shift = _MONTH_SHIFT[re.sub(r"\s", "", match.group("month"))]
    date = _day_of_month(published, shift, day)
    last = match.group("d2")
    if date is None or (last is not None and _day_of_month(published, shift, int(last)) is None):
        return None
    if last is not None and int(last) <= day:
        return None
    return date


def _day_word(
    item: _Found,
    text: str,
    morphemes: Sequence[Morpheme],
    published: dt.date,
    anchor: dt.date | None,
) -> dt.date | None:
    word = item.match.group()
    if word in _ANAPHORIC and anchor is not None and anchor != published:
        return None  # it may mean the day named before it
    if word == "전날":
        before = next((m for m in reversed(morphemes) if m.start + m.length <= item.start), None)
        if (
            before is not None
            and before.tag.split("-")[0] in _OWNER_TAGS
            and item.start - (before.start + before.length) <= 1
        ):
            return None  # "경기 전날": the day before something else
        if re.match(r"\s?(?:보다|대비|比)", text[item.end :]):
            return None  # "전날보다": maybe a rule, not a day
    if word in ("어제", "그제") and text.startswith("오늘", item.end):
        return None  # "어제오늘": lately
    return published + dt.timedelta(days=_DAY_SHIFT[word])


def _day_of_month(published: dt.date, shift: int, day: int) -> dt.date | None:
    month = published.month - 1 + shift
    year = published.year + month // 12
    try:
        return dt.date(year, month % 12 + 1, day)
    except ValueError:
        return None  # no such day in that month ("오는 31일" in a 30-day month)


def _spelled(
    date: dt.date, published: dt.date, item: _Found, text: str, morphemes: Sequence[Morpheme]
) -> tuple[str, int] | None:
    """The date as the post writes it and the end of the span it replaces: a particle
    after a vowel-final word ("어제는") is replaced too, in the form that follows "일".
    None when the particle cannot be put right."""
    year = f"{date.year}년 " if date.year != published.year else ""
    days = str(date.day)
    match = item.match
    if item.kind in ("coming-past", "of-month") and match.group("d2"):
        days = f"{match.group('d1')}{match.group('sep')}{match.group('d2')}"
    spelled = f"{year}{date.month}월 {days}일"
    word = match.group("word") if item.kind == "with-day" else match.group()
    glued = item.end < len(text) and "가" <= text[item.end] <= "힣"
    if item.kind not in ("word", "with-day") or _ends_in_rieul(word) or not glued:
        return spelled, item.end
    if item.kind == "with-day":
        return None  # "어제(27일)는": the particle agrees with the word, not the date
    nxt = next((m for m in morphemes if m.start == item.end), None)
    if nxt is None or not nxt.tag.startswith("J"):
        return None  # glued to something kiwi did not read as a particle
    surface = text[nxt.start : nxt.start + nxt.length]
    if surface != nxt.form:
        return None
    if surface in _AFTER_CONSONANT:
        return spelled + _AFTER_CONSONANT[surface], nxt.start + nxt.length
    return spelled, item.end


def _ends_in_rieul(word: str) -> bool:
    last = ord(word[-1]) - 0xAC00
    return 0 <= last <= 11171 and last % 28 == 8
