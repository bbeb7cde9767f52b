"""`blogwire.to_polite` changes nothing but the final ending, and never quoted speech.

For any sentence — news sentences built from parts, with quotes of every kind in any
place, and plain junk — the output differs from the input only in one run of
characters inside the last word before the trailing punctuation; that run does not
touch a quoted span; when it changes, the plain "…다" became a polite "…니다"; and a
second conversion changes nothing.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import blogwire

# derandomize: the same examples every run, so CI never fails on a new draw
SETTINGS = settings(
    max_examples=200,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
SUBJECTS = [
    "정부는",
    "가람시는",
    "연구진이",
    "OpenAI는",
    "한·미 양국은",
    "대표팀이",
    "그는",
    "3개 부처는",
]
OBJECTS = ["예산을", "새 요금을", "3.5%의 성장을", "AI 전략을", "“위기다”라는 말을", "신제품을", ""]
PREDICATES = [
    "발표했다", "검토한다", "받는다", "만든다", "간다", "크다", "멀다", "관계다", "OpenAI다",
    "내놓을 것이다", "공개할 예정이다", "확정하지 않았다", "있다", "없다", "됐다", "되었다",
    "발표했다고 밝혔다", "말했다", "했습니다", "할까", "하자", "해라", "발표",
]  # fmt: skip
QUOTES = [("“", "”"), ("‘", "’"), ('"', '"'), ("'", "'"), ("「", "」"), ("『", "』")]
QUOTED_WORDS = ["시장이", "좋아질", "것이다", "했다.", "아니다", "끝났다!", "간다", "크다", "GDP"]
TAILS = ["", ".", "!", "…", ".)", "(사진).", " ", ". ", "?", ".”", "다.'"]


@st.composite
def news_sentences(draw: st.DrawFn) -> str:
    parts = [draw(st.sampled_from(SUBJECTS))]
    for _ in range(draw(st.integers(0, 2))):
        opener, closer = draw(st.sampled_from(QUOTES))
        words = draw(st.lists(st.sampled_from(QUOTED_WORDS), min_size=1, max_size=4))
        if draw(st.booleans()):  # a quote split across sentences has no closer
            closer = ""
        parts.append(opener + " ".join(words) + closer + draw(st.sampled_from(["라며", "고", ""])))
    parts += [draw(st.sampled_from(OBJECTS)), draw(st.sampled_from(PREDICATES))]
    if draw(st.booleans()):  # speech at the very end: “…했다.”
        opener, closer = draw(st.sampled_from(QUOTES))
        parts = [opener + " ".join(p for p in parts if p) + closer]
    return " ".join(p for p in parts if p) + draw(st.sampled_from(TAILS))


SENTENCES = st.one_of(
    news_sentences(), st.text(max_size=40), st.text("가나다했습니“”. '", max_size=20)
)


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Quoted speech, written out independently of blogwire's code: a curly or corner
    mark quotes to its closer or, when a long quote was split, to the end; straight
    marks pair in order (a lone one is an apostrophe or a typo)."""
    spans = []
    for opener, closer in QUOTES:
        if opener == closer:
            marks = [m.start() for m in re.finditer(re.escape(opener), text)]
            spans += [(marks[i], marks[i + 1] + 1) for i in range(0, len(marks) - 1, 2)]
            continue
        for match in re.finditer(re.escape(opener), text):
            end = text.find(closer, match.end())
            spans.append((match.start(), len(text) if end == -1 else end + 1))
    return spans


def changed_region(before: str, after: str) -> tuple[int, int, int]:
    """(start, end in before, end in after) of the one run that differs."""
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    tail = 0
    while tail < min(len(before), len(after)) - start and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    return start, len(before) - tail, len(after) - tail


@SETTINGS
@given(SENTENCES)
@example("정부는 “예산이 부족하다”고 밝혔다.")
@example("“경제가 곧 회복될 것이다.”")
@example("그는 ‘K-팝’이 세계로 간다고 말했다 (사진).")
@example("")
def test_only_the_final_ending_changes_and_quotes_are_kept(sentence: str) -> None:
    polite = blogwire.to_polite(sentence)
    if polite == sentence:
        return
    start, end, new_end = changed_region(sentence, polite)
    word_start, word_end = last_word(sentence)
    # one run inside the last word; what follows it (punctuation, a note) is kept
    assert word_start <= start and end <= word_end, (sentence, polite)
    assert sentence[end:] == polite[new_end:]
    assert sentence[:word_end].endswith("다"), (sentence, polite)
    assert polite[: new_end + word_end - end].endswith("니다"), (sentence, polite)
    for s, e in quoted_spans(sentence):
        assert e <= start, f"the change at {start} touches the quote {sentence[s:e]!r}"
        assert polite[s:e] == sentence[s:e]


def last_word(sentence: str) -> tuple[int, int]:
    """Where the last word before the trailing punctuation and "(사진)"-style notes is."""
    core = re.sub(r"(\s*\([^()]*\))+[\s.!?…]*$", "", sentence)
    ends = [m.end() for m in re.finditer(r"[가-힣A-Za-z0-9]", core)]
    end = ends[-1] if ends else 0
    return max((m.end() for m in re.finditer(r"\s", sentence[:end])), default=0), end


@SETTINGS
@given(SENTENCES)
def test_polite_style_is_idempotent(sentence: str) -> None:
    once = blogwire.to_polite(sentence)
    assert blogwire.to_polite(once) == once
