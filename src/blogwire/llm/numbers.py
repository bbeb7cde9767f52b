"""Figures and dates by value, so the fact guard compares what a number means, not how
it is spelled: "세 명" is "3명", "1만2천" is "12,000", "열 명 중 일곱 명" is "10명 중
7명", "내달" is "다음 달" and "작년" is "지난해".

A model rewriting a news sentence respells numbers freely (Hangul numerals for digits,
digits for magnitudes, a comma more or less); a guard that compares surfaces rejects
those faithful rewrites and, worse, teaches the prompt to copy digits it then
misplaces. Values are what must survive.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiwipiepy import Token

__all__ = ["Figure", "figures", "relative_dates"]

# Native Korean numerals, as kiwipiepy tags them: NR ("열", "일곱") or MM ("세", "석").
_NATIVE = {
    **{"한": 1, "하나": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "석": 3, "서": 3},
    **{"네": 4, "넷": 4, "넉": 4, "너": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8},
    **{"아홉": 9, "열": 10, "스무": 20, "스물": 20, "서른": 30, "마흔": 40, "쉰": 50},
    # Sino-Korean digits spelled out ("백육십 명", "삼백"); kiwipiepy tags them NR
    **{"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9},
}
# Sino-Korean magnitudes: the small ones multiply within a group of four digits, the
# large ones close a group ("1만2천" = 1 x 10000 + 2 x 1000).
_SMALL = {"십": 10, "백": 100, "천": 1000}
_LARGE = {"만": 10_000, "억": 100_000_000, "조": 1_000_000_000_000}
# A bound comparison turns a figure into a bound: "25mg 미만" is not "25mg 이상".
# Spellings of one bound share a class.
_BOUNDS = {
    **{"이상": ">", "넘": ">", "초과": ">", "웃돌": ">", "넘어서": ">"},
    **{"미만": "<", "이하": "<", "밑돌": "<", "못미치": "<"},
}
# Units that place a figure in time: a wrong one is a wrong date.
DATE_UNITS = frozenset({"년", "월", "일", "년형", "년산"})

# Relative dates, each with its canonical spelling (spaces removed before matching).
_DATES = (
    *(("내달", "다음달"), ("다음달", "다음달"), ("익월", "다음달")),
    *(("지난달", "지난달"), ("전월", "지난달"), ("이번달", "이달"), ("이달", "이달")),
    *(("작년", "지난해"), ("지난해", "지난해"), ("전년", "지난해")),
    *(("올해", "올해"), ("금년", "올해"), ("올초", "올해"), ("내년", "내년"), ("이듬해", "내년")),
    *(("그저께", "그제"), ("그제", "그제"), ("어제", "어제"), ("전날", "전날")),
    *(("오늘", "오늘"), ("이날", "이날"), ("내일", "내일"), ("모레", "모레")),
    *(("지난주", "지난주"), ("이번주", "이번주"), ("다음주", "다음주"), ("내주", "다음주")),
    *(("상반기", "상반기"), ("하반기", "하반기")),
    *(("월요일", "월요일"), ("화요일", "화요일"), ("수요일", "수요일"), ("목요일", "목요일")),
    *(("금요일", "금요일"), ("토요일", "토요일"), ("일요일", "일요일")),
)
_DATE_RE = re.compile("|".join(sorted((w for w, _ in _DATES), key=len, reverse=True)))
_CANON = dict(_DATES)


@dataclass(frozen=True, slots=True)
class Figure:
    """One number as a value with its unit ("명", "%", "달러", "mg"), and the bound
    that follows it (">" for "이상", "<" for "미만", "" for none)."""

    value: float
    unit: str
    bound: str
    surface: str

    @property
    def is_date(self) -> bool:
        return self.unit in DATE_UNITS


def figures(tokens: Sequence[Token], text: str, offset: int = 0) -> list[Figure]:
    """Every number of a sentence's morphemes, by value, in order."""
    out: list[Figure] = []
    i = 0
    while i < len(tokens):
        if not _numeric(tokens, i):
            i += 1
            continue
        j = i
        while (
            j < len(tokens) and _numeric(tokens, j) and (j == i or _near(tokens[j - 1], tokens[j]))
        ):
            j += 1
        value = _value([t.form for t in tokens[i:j]])
        if j < len(tokens) and tokens[j].form in {"여", "가량", "남짓"}:
            j += 1  # "4만여 건": about forty thousand, still forty thousand
        unit, j = _unit(tokens, j)
        bound = ""
        k = j + 1 if j < len(tokens) and tokens[j].tag.startswith("J") else j
        if k < len(tokens):
            bound = _BOUNDS.get(tokens[k].form, "")
        # a bare native numeral ("하나씩", "둘 다") counts nothing
        native = all(t.tag != "SN" for t in tokens[i:j])
        if value is not None and not (unit == "" and native):
            end = tokens[j - 1].start + tokens[j - 1].len
            surface = text[tokens[i].start - offset : end - offset]
            out.append(Figure(value, unit, bound, surface))
        i = max(j, i + 1)
    return out


def relative_dates(text: str) -> set[str]:
    """The relative dates a text names, in canonical spelling ("내달" -> "다음달")."""
    return {_CANON[m.group(0)] for m in _DATE_RE.finditer(re.sub(r"\s+", "", text))}


def _numeric(tokens: Sequence[Token], i: int) -> bool:
    tok = tokens[i]
    if tok.tag == "SN":
        return True
    if tok.tag == "NR":
        if tok.form in _SMALL or tok.form in _LARGE or tok.form in _NATIVE:
            return True
        return len(tok.form) > 1 and all(c in _NATIVE or c in _SMALL for c in tok.form)
    if tok.tag == "MM" and tok.form in _NATIVE and tok.form not in "일이삼사오육칠팔구":
        # "한 관계자" is "a certain official": a native numeral counts only before a counter
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        return nxt is not None and nxt.tag in {"NNB", "NR"}
    return False


def _value(forms: list[str]) -> float | None:
    total, group, current = 0.0, 0.0, None
    # "이천" is one NR morpheme: read it digit by digit
    forms = [c for f in forms for c in ([f] if f in _NATIVE or not f.isalpha() else list(f))]
    for form in forms:
        digits = form.replace(",", "")
        if re.fullmatch(r"\d+(\.\d+)?", digits):
            current = (current or 0.0) + float(digits)
        elif form in _NATIVE:
            current = (current or 0.0) + _NATIVE[form]
        elif form in _SMALL:
            group += (current if current is not None else 1.0) * _SMALL[form]
            current = None
        elif form in _LARGE:
            total += (group + (current or 0.0) or 1.0) * _LARGE[form]
            group, current = 0.0, None
        else:
            return None
    return total + group + (current or 0.0)


def _unit(tokens: Sequence[Token], j: int) -> tuple[str, int]:
    """The unit after a number ending before token `j`, and where it ends."""
    if j >= len(tokens) or not _near(tokens[j - 1], tokens[j]):
        return "", j
    tok = tokens[j]
    attached = tokens[j - 1].start + tokens[j - 1].len == tok.start
    if tok.tag in {"NNB", "SL"} or (tok.tag == "SW" and tok.form in {"%", "％"}):
        unit = tok.form
    elif tok.tag == "NNG" and (attached or len(tok.form) <= 2):
        unit = tok.form  # "1.5배", "3위", "65만 가구"
    else:
        return "", j
    unit = unicodedata.normalize("NFKC", unit)
    j += 1
    # a compound unit: "km미터", "W/㎏", "%p", "기가바이트"
    while j < len(tokens) and tokens[j - 1].start + tokens[j - 1].len == tokens[j].start:
        if tokens[j].tag in {"SL", "SW", "NNB"} or tokens[j].form in {"바이트", "째"}:
            unit += unicodedata.normalize("NFKC", tokens[j].form)
            j += 1
        elif tokens[j].form == "/" and j + 1 < len(tokens):
            unit += "/" + unicodedata.normalize("NFKC", tokens[j + 1].form)
            j += 2
        else:
            break
    return unit, j


def _near(left: Token, right: Token) -> bool:
    """The two morphemes touch or have one space between them."""
    return bool(0 <= right.start - (left.start + left.len) <= 1)
