"""The fact guard: what it catches, and that it never rejects the source's own words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from blogwire.analyze.style import to_polite_many
from blogwire.demo import demo_pages
from blogwire.llm import check_facts, check_rewrite

SOURCE = [
    "10월 수출 612억 달러, 14개월 연속 증가",
    "산업통상자원부는 10월 수출액이 612억 달러로 지난해 같은 달보다 7.8% 늘었다고 2일 밝혔다. "
    "자동차 수출은 62억 달러로 1.5% 감소했다. 대중 수출도 석 달째 플러스를 이어갔다. "
    "누리경제연구소 정하윤 선임연구원은 “수출 대금 환전 수요가 환율 상단을 제한하고 있다”고 말했다. "
    "AI 서버용 HBM 수요가 이어졌다. 석유화학 수출은 회복되지 않았다. "
    "1~10월 누적 수출액은 7,000억 달러에 가깝다. 무역업계는 금융 지원이 필요하다고 말했다.",
]


def kinds(text: str) -> list[tuple[str, str]]:
    return [(v.kind, v.item) for v in check_facts(text, SOURCE)]


def test_the_sources_own_facts_pass() -> None:
    assert kinds("10월 수출액이 612억 달러로 7.8% 늘었습니다.") == []
    assert kinds("대중 수출은 석 달째 플러스입니다.") == []
    assert kinds("정하윤 연구원은 “환율 상단을 제한하고 있다”고 봤습니다.") == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("10월 수출액이 8.7% 늘었습니다.", ("number", "8.7%")),
        ("수출액은 612억 원입니다.", ("number", "612억 원")),  # the unit changed
        ("수출액은 612만 달러입니다.", ("number", "612만 달러")),  # the magnitude changed
        ("14개월이 아니라 15개월 연속입니다.", ("number", "15개월")),
        ("대중 수출은 넉 달째 플러스입니다.", ("number", "넉")),
        ("2026년 수출은 늘었습니다.", ("number", "2026년")),
    ],
)
def test_a_number_the_source_lacks_is_caught(text: str, found: tuple[str, str]) -> None:
    assert found in kinds(text)


def test_a_number_may_drop_its_unit_or_thousands_separator() -> None:
    assert kinds("10월 수출액은 612억이었습니다.") == []
    assert kinds("누적 수출액은 7000억 달러에 가깝습니다.") == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("부산시는 수출이 늘었다고 밝혔습니다.", ("name", "부산시")),
        ("김철수 연구원은 그렇게 봤습니다.", ("name", "김철수")),
        ("Samsung의 HBM 수요가 이어졌습니다.", ("name", "Samsung")),
    ],
)
def test_a_name_the_source_lacks_is_caught(text: str, found: tuple[str, str]) -> None:
    assert found in kinds(text)


def test_latin_names_match_whatever_their_case() -> None:
    assert kinds("Hbm 수요가 이어졌습니다.") == []


@pytest.mark.parametrize("word", ["어제", "내년", "지난주", "월요일"])
def test_a_date_the_source_lacks_is_caught(word: str) -> None:
    assert ("date", word) in kinds(f"{word} 수출이 늘었습니다.")


def test_a_date_the_source_has_passes() -> None:
    assert kinds("지난해보다 수출이 늘었습니다.") == []


def test_an_altered_quote_is_caught_in_any_quote_marks() -> None:
    for text in (
        "그는 “환율 상단을 크게 제한한다”고 말했습니다.",
        "그는 '환율 상단을 크게 제한한다'고 말했습니다.",
        '그는 "환율 상단을 크게 제한한다"고 말했습니다.',
    ):
        assert [k for k, _ in kinds(text)] == ["quote"], text


def test_a_restated_sentence_keeps_its_negation() -> None:
    dropped = kinds("석유화학 수출은 회복됐습니다.")
    assert [k for k, _ in dropped] == ["negation"]
    added = kinds("HBM 수요가 이어지지 않았습니다.")
    assert [k for k, _ in added] == ["negation"]
    assert kinds("석유화학 수출은 회복되지 않았습니다.") == []


def test_a_topic_without_a_predicate_is_no_claim_to_negate() -> None:
    # "금융 지원" is close to a sentence with "필요하다" but states nothing
    assert kinds("금융 지원") == []


def test_a_restated_sentence_takes_its_nouns_from_that_sentence() -> None:
    # "중국" is nowhere near the sentence restated, though the rest of it is
    swapped = kinds("석유화학 수출은 중국에서 회복되지 않았습니다.")
    assert swapped == [("name", "중국"), ("substitution", "중국")] or swapped == [
        ("substitution", "중국")
    ]
    # "금융" is in the article, but not in the sentence about 자동차
    assert ("substitution", "금융") in kinds("자동차 금융 수출은 62억 달러로 1.5% 감소했습니다.")


def test_a_restated_sentence_keeps_its_direction() -> None:
    assert [k for k, _ in kinds("자동차 수출은 62억 달러로 1.5% 증가했습니다.")] == ["direction"]


def test_a_rewrite_keeps_the_polarity_of_its_own_sentence() -> None:
    original = "석유화학 수출은 회복되지 않았다."
    assert check_rewrite("석유화학 수출은 아직 회복되지 않았습니다.", original, SOURCE) == []
    flipped = check_rewrite("석유화학 수출은 회복됐습니다.", original, SOURCE)
    assert [v.kind for v in flipped] == ["negation"]
    assert "drops the source's negation" in str(flipped[0])


def test_a_rewrite_that_says_something_else_is_caught() -> None:
    violations = check_rewrite(
        "무역업계는 금융 지원이 필요하다고 말했습니다.", SOURCE[1].split(". ")[1], SOURCE
    )
    assert "unrelated" in [v.kind for v in violations]


def test_each_violation_is_reported_once() -> None:
    assert kinds("부산시와 부산시는 8.7%와 8.7%입니다.") == [
        ("number", "8.7%"),
        ("name", "부산시"),
    ]


@pytest.mark.parametrize("page", demo_pages(), ids=lambda p: p.name)
def test_no_polite_sentence_of_a_demo_article_trips_the_guard(
    page: Path, demo_case: Callable[[str], Any]
) -> None:
    """The extractive writer's own output is the guard's ground truth: a false
    alarm here would throw away good LLM text for nothing."""
    case = demo_case(page.name)
    article = case.analysis.article
    sources = [article.title, article.text]
    originals = [s.text for s in case.analysis.sentences]
    assert originals, f"{page.name} has no sentences: the loop would check nothing"
    for original, polite in zip(originals, to_polite_many(originals), strict=True):
        assert check_facts(polite, sources) == [], polite
        assert check_rewrite(polite, original, sources) == [], polite


def test_a_swap_the_270m_model_really_made_is_caught(it_case: Any) -> None:
    """Gemma 3 270M wrote this conclusion for 03-it.html: the source's contract is
    with a 파운드리 업체; 클라우드 업체 are, elsewhere, its customers."""
    article = it_case.analysis.article
    text = (
        "세빛반도체는 국내 클라우드 업체와 장기 공급 계약을 맺고 초기 물량을 확보했다고 밝혔습니다."
    )
    violations = check_facts(text, [article.title, article.text])
    assert [(v.kind, v.item) for v in violations] == [("substitution", "클라우드")]
