"""The chat client over real sockets: a down server, a slow one, a dripping one,
a refusing one - never an exception out of polish_post, never past the timeout."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest

from blogwire.errors import LlmError
from blogwire.llm import ChatClient, Message, polish_post
from blogwire.settings import LlmSettings

from httpserver import Request, Route, closed_port_url, serve

ANSWER = json.dumps(
    {"choices": [{"message": {"role": "assistant", "content": '{"title": "제목"}'}}]}
).encode()
PATH = "/v1/chat/completions"


def settings(base_url: str, **changes: Any) -> LlmSettings:
    return LlmSettings(base_url=base_url, model="m", **{"timeout": 2.0, **changes})


def test_a_stopped_server_gives_the_extractive_post_at_once(it_case: Any) -> None:
    base = closed_port_url().rsplit("/", 1)[0] + "/v1"
    started = time.monotonic()
    result = polish_post(it_case.post, it_case.analysis, settings(base, timeout=5.0), environ={})
    elapsed = time.monotonic() - started
    assert result.post == it_case.post
    assert result.error is not None and result.error.startswith("cannot connect to the LLM server")
    assert result.kept == () and result.fallbacks == ()
    assert elapsed < 1.0


def test_a_slow_server_is_left_after_the_timeout(it_case: Any) -> None:
    routes = {PATH: Route(body=ANSWER, delay=30.0)}
    with serve(routes) as base:
        started = time.monotonic()
        result = polish_post(
            it_case.post, it_case.analysis, settings(base + "/v1", timeout=1.5), environ={}
        )
        elapsed = time.monotonic() - started
    assert result.post == it_case.post
    assert result.error == "the LLM server did not answer within 1.5 s"
    assert 1.4 < elapsed < 3.0
    assert routes[PATH].hits == 1


def test_a_dripping_server_cannot_stretch_the_timeout(it_case: Any) -> None:
    # 20 pieces 0.3 s apart: no single read waits long, the whole takes 6 s
    routes = {PATH: Route(body=ANSWER, drip=0.3)}
    with serve(routes) as base:
        started = time.monotonic()
        result = polish_post(
            it_case.post, it_case.analysis, settings(base + "/v1", timeout=1.5), environ={}
        )
        elapsed = time.monotonic() - started
    assert result.error == "the LLM server did not answer within 1.5 s"
    assert elapsed < 3.0


def test_the_timeout_covers_the_retry_too(it_case: Any) -> None:
    bad = json.dumps(
        {"choices": [{"message": {"content": '{"title": "부산의 AI 칩 이야기입니다"}'}}]},
        ensure_ascii=False,
    ).encode()

    def respond(request: Request) -> Route:
        slow = routes[PATH].hits > 1
        return Route(body=bad, delay=30.0 if slow else 0.0)

    routes = {PATH: Route(respond=respond)}
    with serve(routes) as base:
        started = time.monotonic()
        result = polish_post(
            it_case.post, it_case.analysis, settings(base + "/v1", timeout=2.0), environ={}
        )
        elapsed = time.monotonic() - started
    assert elapsed < 3.5
    assert result.error is None  # the server answered once: the fields carry the reasons
    reasons = {f.field: f.reason for f in result.fallbacks}
    assert reasons["title"] == (
        "name '부산' is not in the source (retry failed: the LLM server did not answer within 2 s)"
    )
    assert result.post == it_case.post


def test_the_api_key_comes_from_the_variable_named_in_the_settings() -> None:
    seen: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("authorization"))
        return httpx.Response(200, content=ANSWER)

    llm = settings("http://llm.test/v1", api_key_env="MY_LLM_KEY")
    environ = {"MY_LLM_KEY": "sk-test", "OPENAI_API_KEY": "other"}
    with ChatClient(llm, environ=environ, transport=httpx.MockTransport(handler)) as client:
        assert client.complete([Message("user", "hi")], deadline=time.monotonic() + 5) == (
            '{"title": "제목"}'
        )
    with ChatClient(llm, environ={}, transport=httpx.MockTransport(handler)) as client:
        client.complete([Message("user", "hi")], deadline=time.monotonic() + 5)
    assert seen == ["Bearer sk-test", None]


def test_a_refused_key_names_the_variable_to_set() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"error": {"message": "Incorrect API key provided"}})

    llm = settings("http://llm.test/v1", api_key_env="MY_LLM_KEY")
    client = ChatClient(llm, environ={}, transport=httpx.MockTransport(handler))
    with client, pytest.raises(LlmError) as caught:
        client.complete([Message("user", "hi")], deadline=time.monotonic() + 5)
    assert "HTTP 401" in str(caught.value)
    assert "environment variable MY_LLM_KEY" in str(caught.value)


def test_response_formats_step_down_until_the_server_accepts_one() -> None:
    formats: list[object] = []

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        formats.append(body.get("response_format"))
        if "response_format" in body:
            # what OpenAI-style servers say about a response_format they do not know
            message = "Invalid parameter: 'response_format' is not supported with this model."
            return httpx.Response(400, json={"error": {"message": message}})
        return httpx.Response(200, content=ANSWER)

    schema = {"type": "object"}
    transport = httpx.MockTransport(handler)
    with ChatClient(settings("http://llm.test/v1"), environ={}, transport=transport) as client:
        deadline = time.monotonic() + 5
        client.complete([Message("user", "hi")], deadline=deadline, schema=schema)
        client.complete([Message("user", "hi")], deadline=deadline, schema=schema)
    assert formats == [
        {"type": "json_object", "schema": schema},
        {"type": "json_object"},
        None,
        None,  # remembered for the next request
    ]


def test_an_answer_that_is_not_a_chat_completion_is_an_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="<html>login</html>")

    transport = httpx.MockTransport(handler)
    client = ChatClient(settings("http://llm.test/v1"), environ={}, transport=transport)
    with client, pytest.raises(LlmError, match="not a chat completion"):
        client.complete([Message("user", "hi")], deadline=time.monotonic() + 5)
