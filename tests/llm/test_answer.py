"""Reading the model's answer: JSON found wherever it is, each field held to the format."""

from __future__ import annotations

import json
from typing import Any

import pytest

from blogwire.llm.answer import parse_json_object, read_answer, response_schema
from blogwire.llm.plan import make_plan
from blogwire.llm.prompt import first_messages, retry_messages


def test_json_is_found_in_a_fence_or_in_prose() -> None:
    assert parse_json_object('{"title": "a"}') == {"title": "a"}
    assert parse_json_object('```json\n{"title": "a"}\n```') == {"title": "a"}
    assert parse_json_object('네, 답입니다: {"title": "a", "x": {"y": 1}} 감사합니다') == {
        "title": "a",
        "x": {"y": 1},
    }
    assert parse_json_object("제목은 없습니다.") is None
    assert parse_json_object("[1, 2]") is None


def test_an_answer_cut_off_by_the_token_limit_keeps_its_complete_pairs() -> None:
    cut = '{"title": "온디바이스 AI 칩 이야기", "headline": "세빛반도체가 공개한", "intro": "세빛'
    assert parse_json_object(cut) == {
        "title": "온디바이스 AI 칩 이야기",
        "headline": "세빛반도체가 공개한",
    }


def test_a_repeated_key_keeps_its_first_value() -> None:
    # a small model that loops writes the keys again, each time worse
    assert parse_json_object('{"title": "좋은 제목", "title": "제목 제목 제목"}') == {
        "title": "좋은 제목"
    }


def answer(case: Any, **fields: object) -> tuple[dict[str, str], dict[str, str]]:
    plan = make_plan(case.post, case.analysis)
    read = read_answer(json.dumps(fields, ensure_ascii=False), plan)
    return {c.field: c.text for c in read.candidates}, {
        field: reason for field, _, reason in read.problems
    }


def test_fields_are_judged_one_by_one(it_case: Any) -> None:
    good, bad = answer(
        it_case,
        title="세빛반도체의 온디바이스 AI 칩 한결 N2",
        headline="<b>한결 N2</b> 공개",
        intro="세빛반도체가 새 칩을 공개했다.",
        section_titles=[
            "한결 N2 성능",
            "한결 N2 성능",
            "1. 회사 이야기",
            "세빛반도체는 국내 스마트폰과",
        ],
    )
    assert good == {
        "title": "세빛반도체의 온디바이스 AI 칩 한결 N2",
        "section[1].title": "한결 N2 성능",
    }
    assert bad["headline"] == "holds markup character '<'"
    assert bad["intro"].startswith("not in polite style")
    assert bad["conclusion"] == "the model did not write it"
    assert bad["section[2].title"] == "repeats another section's title"
    assert bad["section[3].title"] == "starts with a list number"
    assert bad["section[4].title"].startswith("ends in a particle")
    assert bad["section[5].title"] == "the model did not write it"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("짧음", "2 characters, expected 10-40"),
        ("세빛반도체가 공개한 ‘한결", "has an unclosed quote or bracket: cut off"),
        (42, "expected text, got int"),
        (
            "세빛반도체가 공개한 온디바이스 AI 칩 한결 N2의 모든 것을 정리했습니다 -",
            "43 characters, expected 10-40",
        ),
        ("섹션 1(지금 제목: 세빛반도체)", "copies the prompt's label '지금 제목'"),
        ("세빛반도체의 새 칩 한결 N2 -", "ends in '-': cut off"),
    ],
)
def test_title_rules(it_case: Any, value: object, reason: str) -> None:
    _, bad = answer(it_case, title=value)
    assert bad["title"] == reason


def test_prose_that_only_repeats_a_sentence_of_the_post_is_refused(it_case: Any) -> None:
    plan = make_plan(it_case.post, it_case.analysis)
    _, bad = answer(it_case, intro=f"{plan.intro_key} 흥미로운 소식입니다.")
    assert bad["intro"].startswith("repeats a sentence the post already has")
    good, _ = answer(it_case, intro="흥미로운 소식입니다. 자세히 살펴보겠습니다.")
    assert good["intro"] == "흥미로운 소식입니다. 자세히 살펴보겠습니다."


def test_rewrites_are_one_polite_sentence_of_an_offered_body_sentence(it_case: Any) -> None:
    plan = make_plan(it_case.post, it_case.analysis)
    offered = list(plan.rewritable())
    key = next(s.index for sec in plan.sections for s in sec.sentences if s.key)
    first, second = offered[0], offered[1]
    good, bad = answer(
        it_case,
        rewrites=[
            {
                "id": first,
                "text": "회사는 5일 서울 강남구에서 발표회를 열었습니다. 양산은 내년입니다.",
            },
            {"id": second, "text": "세빛반도체는 전력 효율이 약 2배 높다고 주장했습니다."},
        ],
    )
    assert bad[f"sentence[{first}]"] == "a rewrite must stay one sentence"
    assert good == {f"sentence[{second}]": "세빛반도체는 전력 효율이 약 2배 높다고 주장했습니다."}
    _, bad = answer(it_case, rewrites=[{"id": key, "text": "다른 말입니다."}])
    assert bad[f"sentence[{key}]"] == "a highlighted sentence stays the source's own words"


def test_an_unchanged_rewrite_is_no_rewrite(it_case: Any) -> None:
    plan = make_plan(it_case.post, it_case.analysis)
    index, sentence = next(iter(plan.rewritable().items()))
    good, bad = answer(it_case, rewrites=[{"id": index, "text": sentence.text}])
    assert f"sentence[{index}]" not in good
    assert f"sentence[{index}]" not in bad


def test_the_schema_matches_the_plan(it_case: Any) -> None:
    plan = make_plan(it_case.post, it_case.analysis)
    schema = response_schema(plan)
    assert schema["required"] == ["title", "headline", "section_titles", "intro", "conclusion"]
    titles = schema["properties"]["section_titles"]
    assert titles["minItems"] == titles["maxItems"] == len(it_case.post.sections)
    ids = schema["properties"]["rewrites"]["items"]["properties"]["id"]["enum"]
    assert ids == list(plan.rewritable())
    keys = {s.index for sec in plan.sections for s in sec.sentences if s.key}
    assert not keys & set(ids)
    retry = response_schema(plan, only=["intro", f"sentence[{ids[0]}]"])
    assert retry["required"] == ["intro"]
    assert retry["properties"]["rewrites"]["items"]["properties"]["id"]["enum"] == [ids[0]]


def test_the_prompt_states_the_plan_and_the_retry_names_the_violations(it_case: Any) -> None:
    plan = make_plan(it_case.post, it_case.analysis)
    [message] = first_messages(plan)
    assert message.role == "user"  # Gemma's chat template drops a system message
    assert it_case.analysis.article.title in message.content
    assert plan.intro_key in message.content
    assert plan.sections, "the plan has no sections to look for"
    for section in plan.sections:
        assert all(s.text in message.content for s in section.sentences if s.key or s.offered)
    [again] = retry_messages(
        plan, [("title", "number '15%' is not in the source")], {"title": "수출 15% 증가"}
    )
    assert "- title ('수출 15% 증가'): number '15%' is not in the source" in again.content
    assert "section_titles" not in again.content.split("JSON 키:")[1]


def test_the_prompt_fits_a_small_context(demo_case: Any) -> None:
    """llama.cpp at n_ctx 2048 must hold the prompt and the answer: the offered
    sentences are capped, whatever the article's length (~0.6 tokens a character)."""
    from blogwire.demo import demo_pages

    pages = demo_pages()
    assert pages, "no bundled demo pages: the loop would check nothing"
    for page in pages:
        case = demo_case(page.name)
        [message] = first_messages(make_plan(case.post, case.analysis))
        assert len(message.content) <= 2600, page.name
