"""Section titles: subject + role, distinct, never hanging or pointing (issue 15 item 4)."""

from __future__ import annotations

import pytest

from blogwire.analyze.sentences import tokenize_sentences
from blogwire.compose.title_lint import lint_section_title, lint_section_titles, lint_title
from blogwire.compose.titles import section_titles

# The section titles a reader marked down, and what the lint says of each.
BAD = ["지푸라기", "소장 벽", "전기차용", "아메리칸", "이 후보", "행정부 시절 사용", "지역별"]
# The seed post's, and the shapes section_titles writes.
GOOD = [
    "한·미 동맹이 굳건한 이유",
    "정상회담의 영향",
    "미국 측의 협력 의지",
    "한·미 동맹의 향후 과제",
    "요금 인상의 배경",
    "시민들의 반응",
    "정기권 도입 일정",
    "숫자로 본 수출액",
    "선호투표제를 둘러싼 쟁점",
]


@pytest.mark.parametrize("title", BAD)
def test_lint_flags_the_scored_section_titles(title: str) -> None:
    assert lint_section_title(title), title


@pytest.mark.parametrize("title", GOOD)
def test_lint_passes_titles_that_say_what_the_section_is(title: str) -> None:
    assert lint_section_title(title) == [], title


def test_lint_flags_repeats_and_old_hooks() -> None:
    assert lint_section_titles(["요금 인상의 배경", "요금 인상의 배경"])
    assert lint_title("트럼프와 대통령, 핵심은 무엇일까?")
    assert lint_title("갤럭시 북 속 엣지의 비밀은 무엇?")
    assert lint_title("아침과 서울, 핵심은 무엇일까?")
    assert lint_title("한눈에 보는 지원과 청년 이야기")
    assert lint_title("[속보] 서울 시내버스 노조 총파업 결의 총정리")
    assert lint_title("소년공과 이 당선인, 핵심은 무엇일까?")
    assert lint_title("지원, 핵심은 무엇일까?")  # a bare generic noun
    assert lint_title("서울 시내버스 노조 총파업 결의 총정리") == []


SECTIONS = [
    [  # reactions
        "요금 인상 소식에 시민들은 부담이 크다는 반응을 보였다.",
        "한 시민은 출퇴근 비용이 늘어 걱정이라고 말했다.",
        "시민단체 관계자도 요금 인상 폭이 지나치다고 밝혔다.",
    ],
    [  # next steps
        "가람시는 내년 1월부터 정기권을 도입할 예정이다.",
        "정기권 가격은 다음 달 확정할 계획이다.",
        "정기권 도입으로 환승 할인도 넓어진다.",
    ],
    [  # cause
        "요금을 올린 것은 운송 적자가 쌓였기 때문이다.",
        "버스 회사들의 운송 적자는 지난해 900억원을 넘었다.",
    ],
    [  # background, with a surname the body spells out elsewhere
        "이 당선인은 성남시장과 경기도지사를 지냈다.",
        "이 당선인은 소년공 출신이다.",
        "이재명 당선인은 취임 첫날 현충원을 찾는다.",
    ],
]


def test_section_titles_name_subject_and_role() -> None:
    sections = [tokenize_sentences(texts) for texts in SECTIONS]
    titles = section_titles(sections, keyphrases=())
    assert len(titles) == len(SECTIONS)
    assert lint_section_titles(titles) == [], titles
    reactions, next_steps, cause, background = titles
    assert "반응" in reactions or "목소리" in reactions, reactions
    assert "계획" in next_steps or "전망" in next_steps, next_steps
    assert "이유" in cause or "원인" in cause, cause
    assert background.startswith("이재명 당선인"), background


def test_a_section_of_voices_is_titled_by_who_speaks() -> None:
    section = tokenize_sentences(
        [
            "김나래 예보분석관은 “추위는 19일 낮부터 풀리겠다”고 말했다.",
            "김나래 예보분석관은 “주말에 찬 공기가 다시 내려온다”고 덧붙였다.",
            "테이프는 “다시 쓸 수 있다”고 적혀 있다고 전했다.",
        ]
    )
    (title,) = section_titles([section], keyphrases=())
    assert title.startswith("김나래 예보분석관의 "), title
    assert lint_section_title(title) == []
