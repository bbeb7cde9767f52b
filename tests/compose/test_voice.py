"""The blog's own voice: the framing bank states no fact, and posts do not repeat it."""

from __future__ import annotations

import itertools

import pytest

from blogwire.analyze.nlp import kiwi
from blogwire.compose.voice import (
    BRIDGES,
    NO_TOPIC,
    Framer,
    every_template,
    fill,
    framing_pattern,
    is_framing,
)
from blogwire.models import SectionRole

# The predicates a framing line may use: verbs of reading, telling and asking about the
# story (살펴보다, 정리하다, 궁금하다 …), of the reader (바쁘다, 감사하다) and of the
# question's pro-forms (어떻다, 되다 in "어떻게 될까요?"). None of them can be true or
# false of the story.
DISCOURSE_PREDICATES = frozenset(
    {
        "가져오", "감사", "같", "견주", "고르", "관련", "관하", "궁금", "궁금하", "그렇",
        "깔리", "나오", "남기", "놓", "놓치", "눈여겨보", "다루", "다르", "담기", "대하",
        "되", "두", "둘러싸", "드리", "듣", "들여다보", "따라가", "만", "많", "모으",
        "바라", "바라보", "바쁘", "보", "비교", "살펴보", "살피", "쉽", "알",
        "알아보", "앞서", "어떻", "옮기", "위하", "이렇", "이어지", "이해", "읽", "있",
        "전하", "접하", "정리", "정확", "좋", "주", "지켜보", "짚", "짧", "찾아뵙", "풀",
        "하", "확인",
    }
)  # fmt: skip
# Tags of a fact: a number, a numeral, a proper noun, a foreign word or hanja.
FACT_TAGS = frozenset({"SN", "NR", "NNP", "SL", "SH"})


def _filled() -> list[str]:
    return [fill(t.replace("[", "").replace("]", ""), NO_TOPIC) for t in every_template()]


def test_the_bank_is_large() -> None:
    assert len(every_template()) >= 70
    assert set(BRIDGES) == set(SectionRole)
    assert all(len(lines) >= 5 for lines in BRIDGES.values())


def test_no_framing_line_holds_a_number_a_date_a_name_or_a_claim() -> None:
    lines = _filled()
    assert lines, "the bank is empty: the loop would check nothing"
    for line in lines:
        tokens = kiwi().tokenize(line)
        facts = [t.form for t in tokens if t.tag in FACT_TAGS]
        assert facts == [], (line, facts)
        for n, token in enumerate(tokens):
            tag = token.tag.split("-", 1)[0]
            if tag in {"VV", "VA", "VX", "XR"}:
                assert token.form in DISCOURSE_PREDICATES, (line, token)
            if tag in {"XSV", "XSA"} and n:
                # 정리/NNG + 하/XSV: the noun is the predicate
                assert tokens[n - 1].form in DISCOURSE_PREDICATES, (line, tokens[n - 1])
            assert tag != "VCN", (line, "a negated copula (아니다) is a claim")
            assert token.form not in {"않", "못", "없"}, (line, "a negation is a claim")
        # no day, month or year word either
        assert not any(w in line for w in ("오늘", "어제", "내일", "올해", "작년", "월 ", "일 ")), (
            line
        )


def test_every_line_is_recognised_as_framing_with_any_topic() -> None:
    for template in every_template():
        for topic in ("요금 인상", "AI 칩", "가람시"):
            line = fill(template.replace("[", "").replace("]", ""), topic, f"{topic}과 정책")
            assert is_framing(line), line
            assert is_framing("결론적으로, " + line), line
    assert not is_framing("가람시가 내년 1월부터 요금을 올립니다.")
    assert framing_pattern().fullmatch("시는 누적된 운송 적자를 인상 이유로 들었습니다.") is None


def test_particles_follow_the_topic() -> None:
    assert fill("{topic:을/를} 살펴보겠습니다.", "요금") == "요금을 살펴보겠습니다."
    assert fill("{topic:을/를} 살펴보겠습니다.", "버스") == "버스를 살펴보겠습니다."
    assert fill("{topic:과/와} 관련된 소식", "AI 칩") == "AI 칩과 관련된 소식"


def _framing_set(seed: str) -> tuple[str, ...]:
    framer = Framer(seed)
    topic = "요금"
    roles = (SectionRole.BACKGROUND, SectionRole.NUMBERS, SectionRole.REACTIONS)
    lines = [framer.opening(topic), framer.announcement(topic, topic), framer.closing(topic)]
    lines += [framer.bridge(role, topic, first=n == 0) for n, role in enumerate(roles)]
    return tuple(lines)


def test_a_site_of_a_hundred_posts_never_repeats_a_framing_set() -> None:
    sets = [_framing_set(f"article {n}") for n in range(100)]
    assert len(set(sets)) == 100
    # and no single opening dominates
    openings = [s[0] for s in sets]
    assert max(openings.count(o) for o in set(openings)) <= 20


def test_the_same_article_gets_the_same_lines() -> None:
    assert _framing_set("같은 기사") == _framing_set("같은 기사")


def test_a_post_never_uses_one_bridge_twice() -> None:
    framer = Framer("seed")
    bridges = [framer.bridge(SectionRole.BACKGROUND, "요금", first=n == 0) for n in range(5)]
    assert len(set(bridges)) == 5
    assert not any(b.startswith(("먼저", "우선")) for b in bridges[1:])


@pytest.mark.parametrize("role", list(SectionRole))
def test_a_first_bridge_never_says_next(role: SectionRole) -> None:
    for seed in itertools.islice(itertools.count(), 20):
        line = Framer(str(seed)).bridge(role, "요금", first=True)
        assert not line.startswith(("이어서", "이제")), line
