"""section_role: what a group of sentences does for the story, from their morphemes."""

from __future__ import annotations

import pytest

from blogwire.analyze.sentences import tokenize_sentences
from blogwire.compose.roles import section_role, sentence_roles
from blogwire.models import SectionRole

CASES = [
    (
        SectionRole.QUOTES,
        [
            '김 장관은 "예산을 늘리겠다"고 말했다.',
            "그는 지역 공항 활성화 방안도 함께 검토하고 있다.",
            "“이번 조치는 시작일 뿐”이라고 강조했다.",
        ],
    ),
    (
        SectionRole.REACTIONS,
        [
            "시민들은 대체로 환영한다는 반응을 보였다.",
            "한 주민은 출퇴근이 한결 편해졌다고 말했다.",
            "누리꾼들은 온라인 커뮤니티에서 기대감을 드러냈다고 전했다.",
        ],
    ),
    (
        SectionRole.CAUSE,
        [
            "요금이 오른 것은 연료비 상승 때문이다.",
            "서울시는 운송 적자가 누적된 데 따른 조치라고 설명했다.",
            "버스 회사들의 적자는 1조원을 넘었다.",
        ],
    ),
    (
        SectionRole.NUMBERS,
        [
            "매출은 3조 4000억원, 영업이익은 5200억원이었다.",
            "가입자 수는 120만명으로 집계됐고 점유율은 31.5%다.",
        ],
    ),
    (
        SectionRole.NEXT_STEPS,
        [
            "정부는 내년 3월부터 제도를 시행할 예정이다.",
            "구체적인 기준은 상반기 안에 확정할 방침이다.",
            "관계 부처는 세부 지침을 준비하고 있다.",
        ],
    ),
    (
        SectionRole.CONTROVERSY,
        [
            "야당은 졸속 처리라며 강하게 반발했다.",
            "시민단체도 절차상 문제가 있다고 비판했다.",
            "법안은 다음 주 본회의에 오른다.",
        ],
    ),
    (
        SectionRole.COMPARISON,
        [
            "올해 수출은 지난해보다 크게 늘었다.",
            "경쟁사에 비해 가격 경쟁력도 높아졌다.",
        ],
    ),
    (
        SectionRole.BACKGROUND,
        [
            "이 제도는 2019년 처음 도입됐다.",
            "당시에는 수도권 일부 지역에서만 운영됐다.",
        ],
    ),
]


@pytest.mark.parametrize(("role", "texts"), CASES, ids=[c[0].value for c in CASES])
def test_section_role(role: SectionRole, texts: list[str]) -> None:
    assert section_role(tokenize_sentences(texts)) is role


def test_every_role_has_a_case() -> None:
    assert {role for role, _ in CASES} == set(SectionRole)


def test_dates_are_not_figures_and_preparing_is_not_comparing() -> None:
    dated = tokenize_sentences(["2024년 3월 5일 오전 10시에 회의가 열렸다."])[0]
    assert SectionRole.NUMBERS not in sentence_roles(dated)
    prepare = tokenize_sentences(["정부는 태풍에 대비해 비상근무에 들어갔다."])[0]
    assert SectionRole.COMPARISON not in sentence_roles(prepare)


def test_one_said_verb_in_a_long_section_stays_background() -> None:
    # indirect speech is how news states facts: one '밝혔다' among plain sentences
    texts = [
        "회사는 새 공장을 짓는다고 밝혔다.",
        "공장은 충남 아산에 들어선다.",
        "부지는 축구장 40개 크기다.",
        "공사는 올해 시작됐다.",
    ]
    assert section_role(tokenize_sentences(texts)) is SectionRole.BACKGROUND


def test_empty_section_is_background() -> None:
    assert section_role([]) is SectionRole.BACKGROUND
