"""The words the blog writes into its own lines: a framing line's {topic} and a section
title's subject never begin with a noun that hangs on a modifier cut off ("시절 광주
시민" of "어린 시절 광주 시민"), are never a bare -적 word ("결정적") or one generic noun,
and never name a person by surname ("이 당선인"); the lints count each fault.

Cases are the ones a reader found in the post of real-pages/07-mk.html; the last test
composes that page (skipped when ../shared is absent, a failure under CI=true).
"""

from __future__ import annotations

import pytest

from blogwire.analyze import analyze
from blogwire.analyze.sentences import tokenize_sentences
from blogwire.compose.post import _surname_form, compose_post
from blogwire.compose.subjects import as_topic, phrase_fault, subject_of
from blogwire.compose.title_lint import lint_framing_line, lint_section_title
from blogwire.compose.titles import title_phrases
from blogwire.compose.voice import slot_words
from blogwire.pipeline import read_source
from blogwire.settings import Settings

from conftest import shared_path

BODY = tokenize_sentences(
    [
        "이재명 더불어민주당 후보가 제21대 대통령 선거에서 당선됐다.",
        "이 당선인은 경북 안동 농가에서 태어났다.",
        "어린 시절 광주 시민들을 욕했던 자신을 돌아봤다.",
    ]
)

# (phrase, what phrase_fault says of it: a piece of the message, or None when clean)
PHRASES = [
    ("시절 광주 시민", "dangling head noun"),
    ("당시 국회", "dangling head noun"),
    ("때 이른 더위", "dangling head noun"),
    ("경우 수", "dangling head noun"),
    ("이후 상황", "dangling head noun"),
    ("이전 정부", "dangling head noun"),
    ("관련 기관", "dangling head noun"),
    ("동안 규모", "dangling head noun"),
    ("결정적", "bare -적"),
    ("역사적", "bare -적"),
    ("경찰", "lone generic noun"),
    ("피해", "lone generic noun"),
    ("결정적 계기", None),
    ("광주 시민", None),
    ("경북 안동 농가", None),
    ("라이브 방송", None),
    ("목적", "lone generic noun"),
    ("소년공", None),
    ("중국", None),
]


@pytest.mark.parametrize(("phrase", "fault"), PHRASES)
def test_phrase_fault_names_what_cannot_stand_alone(phrase: str, fault: str | None) -> None:
    found = phrase_fault(phrase)
    if fault is None:
        assert found is None, phrase
    else:
        assert found is not None and fault in found, (phrase, found)


@pytest.mark.parametrize(
    ("phrase", "topic"),
    [
        ("이 당선인", "이재명 당선인"),  # spelled out from the body
        ("박 대표", None),  # the body names no 박: skipped, never guessed
        ("시절 광주 시민", None),
        ("결정적", None),
        ("경북 안동 농가", "경북 안동 농가"),
        ("윤석열 전 대통령", "윤석열 전 대통령"),  # 전 after a name is "former"
    ],
)
def test_as_topic_spells_out_or_skips(phrase: str, topic: str | None) -> None:
    assert as_topic(phrase, BODY) == topic


def test_section_subjects_fall_back_past_a_dangling_head() -> None:
    assert subject_of("시절 광주 시민", BODY) is None
    assert subject_of("결정적", BODY) is None
    assert subject_of("이 당선인", BODY) == "이재명 당선인"
    assert subject_of("광주 시민", BODY) == "광주 시민"


# (section title, a piece of the lint's message, or None when clean)
SECTION_TITLES = [
    ("시절 광주 시민의 배경", "dangling head noun '시절'"),
    ("동안 규모에 대한 반응", "dangling head noun '동안'"),
    ("결정적의 배경", "bare -적"),
    ("이 당선인의 배경", "a surname for a name"),
    ("숫자로 본 경북 안동 농가", None),
    ("결정적 계기의 주요 내용", None),
    ("라이브 방송을 둘러싼 상황", None),
    ("이재명 당선인의 배경", None),
]


@pytest.mark.parametrize(("title", "fault"), SECTION_TITLES)
def test_section_title_lint_counts_the_faults(title: str, fault: str | None) -> None:
    problems = lint_section_title(title)
    if fault is None:
        assert problems == [], title
    else:
        assert any(fault in p for p in problems), (title, problems)


# (framing line, a piece of the lint's message, or None when clean)
FRAMING_LINES = [
    ("결정적, 그 바탕에 깔린 내용부터 차근차근 정리해 보겠습니다.", "bare -적 word '결정적'"),
    ("이번에는 이 당선인의 구체적인 숫자를 살펴보겠습니다.", "a surname for a name"),
    ("시절 광주 시민을 둘러싼 쟁점도 꼼꼼히 살펴보겠습니다.", "dangling head noun '시절'"),
    ("그렇다면 경찰은 앞으로 어떻게 될까요?", "lone generic noun"),
    ("이번에는 이재명 당선인의 구체적인 숫자를 살펴보겠습니다.", None),
    ("소년공, 그 바탕에 깔린 내용부터 차근차근 정리해 보겠습니다.", None),
    ("끝까지 읽어 주셔서 감사합니다.", None),  # no slot
    ("결론적으로, 지금까지 결정적 계기의 핵심을 정리해 보았습니다.", None),
]


@pytest.mark.parametrize(("line", "fault"), FRAMING_LINES)
def test_framing_line_lint_counts_the_faults(line: str, fault: str | None) -> None:
    problems = lint_framing_line(line)
    if fault is None:
        assert problems == [], line
    else:
        assert any(fault in p for p in problems), (line, problems)


def test_slot_words_read_the_slot_without_its_particle() -> None:
    assert slot_words("소년공을 둘러싼 소식, 핵심만 골라 함께 살펴보겠습니다.") == ["소년공"]
    assert slot_words("끝까지 읽어 주셔서 감사합니다.") == []
    assert slot_words("소년공이 태어났습니다.") is None


def test_the_mk_post_writes_whole_topics() -> None:
    page = shared_path("data", "real-pages", "07-mk.html")
    analysis = analyze(read_source(str(page), Settings().fetch))
    phrases = title_phrases(analysis)
    assert phrases
    assert "이 당선인" not in phrases and "결정적" not in phrases
    post = compose_post(analysis, Settings().post)
    titles = [s.title for s in post.sections]
    assert titles
    assert [t for t in titles if lint_section_title(t)] == []
    lines = [
        "".join(span.text for span in group).strip()
        for paragraph in (post.intro, *(s.body for s in post.sections), post.conclusion)
        for n, group in enumerate(paragraph.sentence_groups())
        if paragraph.voice(n).value == "framing"
    ]
    assert lines
    assert [(line, lint_framing_line(line)) for line in lines if lint_framing_line(line)] == []
    # the section that only says "이 당선인" is still about 이재명 당선인: its bridge names him
    assert any("이재명 당선인" in line for line in lines), lines


@pytest.mark.parametrize(
    ("phrase", "short"),
    [
        ("이재명 당선인", "이 당선인"),
        ("차민혁 대표", "차 대표"),
        ("서울 시내버스", None),
        ("반도체", None),
    ],
)
def test_a_spelled_out_name_is_found_by_its_short_form(phrase: str, short: str | None) -> None:
    form = _surname_form(phrase)
    if short is None:
        assert form not in f"이 당선인 차 대표 {phrase}"  # matches no text
    else:
        assert form == short
