"""polish_post on recorded and scripted answers: what is kept, what falls back, why."""

from __future__ import annotations

import copy
import json
from typing import Any

import httpx

from blogwire.llm import ChatClient, PolishResult, polish_post
from blogwire.llm.plan import make_plan
from blogwire.models import Post
from blogwire.render.check import check_post
from blogwire.render.seed import render_post
from blogwire.settings import LlmSettings, PostSettings

SETTINGS = LlmSettings(base_url="http://llm.test/v1", model="test-model", timeout=10.0)


def completion(content: str) -> dict[str, Any]:
    return {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]}


def scripted(*answers: dict[str, Any] | str) -> tuple[ChatClient, list[dict[str, Any]]]:
    """A client whose server gives `answers` in turn (the last one again after
    that) and records every request body."""
    requests: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(json.loads(request.content))
        item = answers[min(len(requests), len(answers)) - 1]
        content = item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)
        return httpx.Response(200, json=completion(content))

    client = ChatClient(SETTINGS, environ={}, transport=httpx.MockTransport(handler))
    return client, requests


def polish(case: Any, client: ChatClient) -> PolishResult:
    return polish_post(case.post, case.analysis, SETTINGS, environ={}, client=client)


def assert_sound(result: PolishResult, extractive: Post) -> None:
    """Whatever the model said: the post passes the format check and every
    highlight is exactly the extractive post's (the source's own sentence)."""
    rendered = render_post(result.post, PostSettings())
    assert check_post(rendered.text, rendered.path, PostSettings()) == []

    def highlights(post: Post) -> list[str]:
        paragraphs = [post.intro, *(s.body for s in post.sections), post.conclusion]
        return [span.text for p in paragraphs for span in p.spans if span.highlight]

    assert highlights(result.post) == highlights(extractive)
    assert result.post.slug == extractive.slug
    assert result.post.excerpt == extractive.excerpt


def planted_answer(recorded: dict[str, Any], edits: list[dict[str, Any]]) -> dict[str, Any]:
    """The recorded answer with `edits` applied."""
    answer = json.loads(recorded["recorded"]["choices"][0]["message"]["content"])
    answer = copy.deepcopy(answer)
    for edit in edits:
        key = edit["key"]
        if key == "section_titles":
            titles = list(answer.get("section_titles") or [])
            titles += [""] * (edit["index"] + 1 - len(titles))
            titles[edit["index"]] = edit["value"]
            answer["section_titles"] = titles
        elif key == "rewrites":
            answer.setdefault("rewrites", []).append({"id": edit["id"], "text": edit["value"]})
        else:
            answer[key] = edit["value"]
    return answer


def test_every_planted_violation_falls_back_with_its_reason(
    it_case: Any, recorded: dict[str, Any]
) -> None:
    # a planted rewrite names a sentence the plan offers (else it plants nothing)
    offered = make_plan(it_case.post, it_case.analysis).rewritable()
    for plant in recorded["planted"]:
        if plant["key"] == "rewrites":
            assert plant["id"] in offered, (plant, sorted(offered))
    answer = planted_answer(recorded, recorded["planted"] + recorded["clean"])
    client, requests = scripted(answer)
    result = polish(it_case, client)
    assert result.error is None
    reasons = {f.field: f.reason for f in result.fallbacks}
    kinds = {f.field: f.kind for f in result.fallbacks}
    assert recorded["planted"], "the recording plants no violation: the loops would check nothing"
    for plant in recorded["planted"]:
        assert plant["field"] in reasons, plant
        assert plant["expect"] in reasons[plant["field"]], (plant, reasons[plant["field"]])
        assert kinds[plant["field"]] == plant["kind"]
        assert plant["field"] not in result.kept
    assert {c["field"] for c in recorded["clean"]} <= set(result.kept)
    # one retry, naming each violation; then the extractive text
    assert len(requests) == 2
    retry_prompt = requests[1]["messages"][-1]["content"]
    for plant in recorded["planted"]:
        assert plant["expect"] in retry_prompt
    assert_sound(result, it_case.post)
    assert result.post.headline == "세빛반도체가 공개한 온디바이스 AI 칩 한결 N2"
    assert result.post.title == it_case.post.title  # the planted title fell back
    assert result.post.conclusion == it_case.post.conclusion


def test_the_recorded_answer_as_the_model_gave_it(it_case: Any, recorded: dict[str, Any]) -> None:
    client, _ = scripted(recorded["recorded"]["choices"][0]["message"]["content"])
    result = polish(it_case, client)
    assert result.error is None
    assert set(result.kept) | {f.field for f in result.fallbacks} >= {
        "title",
        "headline",
        "intro",
        "conclusion",
    }
    assert all(f.reason for f in result.fallbacks)
    assert_sound(result, it_case.post)


def test_a_fixed_retry_is_kept(it_case: Any) -> None:
    bad = {"title": "세빛반도체, 15% 더 빠른 AI 칩 한결 N2"}
    good = {"title": "세빛반도체의 온디바이스 AI 칩 한결 N2"}
    client, requests = scripted(bad, good)
    result = polish(it_case, client)
    assert "title" in result.kept
    assert result.post.title == good["title"]
    assert "number '15%' is not in the source" in requests[1]["messages"][-1]["content"]
    # the retry asks only for what failed
    assert list(requests[1]["response_format"]["schema"]["properties"]) == [
        "title",
        "headline",
        "section_titles",
        "intro",
        "conclusion",
    ]


def test_a_retry_asks_only_for_the_failed_fields(it_case: Any) -> None:
    first = {
        "title": "세빛반도체의 온디바이스 AI 칩 한결 N2",
        "headline": "세빛반도체가 공개한 온디바이스 AI 칩 한결 N2",
        "section_titles": [
            "한결 N2의 성능",
            "탑재 검증",
            "회사의 성장",
            "커지는 시장",
            "물량 확보",
        ],
        "intro": "세빛반도체가 새 AI 칩을 공개했습니다.",
        "conclusion": "세빛반도체는 내년 2분기부터 양산에 들어갑니다.",
    }
    client, requests = scripted({**first, "intro": "삼성이 새 칩을 공개했습니다."}, first)
    result = polish(it_case, client)
    assert len(requests) == 2
    assert requests[1]["response_format"]["schema"]["required"] == ["intro"]
    assert result.fallbacks == ()
    assert result.kept[:3] == ("title", "headline", "intro")
    assert len(result.kept) == 4 + len(it_case.post.sections)
    intro = result.post.intro.text
    assert "세빛반도체가 새 AI 칩을 공개했습니다." in intro and "이번 글에서는" in intro
    assert result.post.conclusion.text.endswith("내년 2분기부터 양산에 들어갑니다.")
    assert_sound(result, it_case.post)


def test_a_rewrite_replaces_only_its_sentence(it_case: Any) -> None:
    plan = make_plan(it_case.post, it_case.analysis)
    index = next(i for i, s in plan.rewritable().items() if "2100억" in s.text)
    client, _ = scripted(
        {
            "rewrites": [
                {"id": index, "text": "창업 5년 만에 누적 투자 유치액은 2100억 원을 넘었습니다."}
            ]
        }
    )
    result = polish(it_case, client)
    assert f"sentence[{index}]" in result.kept
    before = [s.body.text for s in it_case.post.sections]
    after = [s.body.text for s in result.post.sections]
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(changed) == 1
    assert "2100억 원을 넘었습니다." in changed[0][1]
    assert_sound(result, it_case.post)


def test_no_json_twice_keeps_the_extractive_post_with_the_reason(it_case: Any) -> None:
    client, requests = scripted("제목: 좋은 글입니다.")
    result = polish(it_case, client)
    assert len(requests) == 2
    assert result.error is None and result.kept == ()
    assert result.post == it_case.post
    assert {f.field for f in result.fallbacks} >= {"title", "headline", "intro", "conclusion"}
    assert all("no JSON object" in f.reason for f in result.fallbacks)
    assert {f.kind for f in result.fallbacks} == {"unreadable"}


def test_a_server_error_keeps_the_extractive_post(it_case: Any) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(500, text="model crashed")

    client = ChatClient(SETTINGS, environ={}, transport=httpx.MockTransport(handler))
    result = polish(it_case, client)
    assert result.post == it_case.post
    assert result.kept == () and result.fallbacks == ()
    assert result.error == "the LLM server answered HTTP 500: model crashed"


def test_a_retry_that_fails_names_both_reasons(it_case: Any) -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        if len(calls) == 1:
            return httpx.Response(200, json=completion('{"title": "부산의 AI 칩 이야기입니다"}'))
        return httpx.Response(503, text="busy")

    client = ChatClient(SETTINGS, environ={}, transport=httpx.MockTransport(handler))
    result = polish(it_case, client)
    reasons = {f.field: f.reason for f in result.fallbacks}
    assert reasons["title"] == (
        "name '부산' is not in the source (retry failed: the LLM server answered HTTP 503: busy)"
    )
    assert result.error is None
    assert result.post == it_case.post


def test_polish_reuses_a_client_and_owns_none(economy_case: Any, it_case: Any) -> None:
    client, requests = scripted({"title": "반도체가 이끈 10월 수출 612억 달러"})
    first = polish(economy_case, client)
    second = polish(it_case, client)
    assert "title" in first.kept
    assert "title" not in second.kept  # "612억 달러" is not in the IT article
    assert len(requests) == 4
    # polish_post closes only the clients it made itself
    assert client.complete([], deadline=float("inf"))


def test_a_fallback_keeps_the_kind_it_was_judged_with() -> None:
    # the kind is recorded when the field is judged (the guard violation's own kind, or
    # the answer's problem), never read back from the reason's wording
    from blogwire.llm import FieldFallback

    judged = FieldFallback("title", "number '8.7%' is not in the source (after a retry)", "number")
    assert judged.kind == "number"
    assert FieldFallback("title", "number of sentences: 4 (too many)").kind == "format"
