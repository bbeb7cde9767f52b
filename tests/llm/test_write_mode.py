"""Which writer the pipeline runs: the whole post when the article fits the model's
context (`llm.context_tokens`), else the polish of the extractive post; and the
parts of a written post that keep the extractive text when they break the format.

The model is not asked anything here: the server is a closed port on 127.0.0.1, so
the report's mode and error say which path ran.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from blogwire.compose.post import compose_post
from blogwire.llm import fits_whole
from blogwire.llm.write_check import restore_parts
from blogwire.llm.write_prompt import (
    CHARS_PER_TOKEN,
    FIXED_LINES,
    estimate_tokens,
    outline,
    whole_messages,
)
from blogwire.models import Paragraph, Span
from blogwire.pipeline import write
from blogwire.settings import LlmSettings, PostSettings, Settings, WriterSettings

from httpserver import closed_port_url


@pytest.fixture(scope="module")
def it(demo_case: Any) -> Any:
    case = demo_case("03-it.html")
    return type(case)(case.name, case.analysis, compose_post(case.analysis, PostSettings()))


def llm_settings(**changes: Any) -> Settings:
    base_url = closed_port_url().rsplit("/", 1)[0] + "/v1"
    llm = dataclasses.replace(LlmSettings(base_url=base_url, timeout=5.0), **changes)
    return Settings(writer=WriterSettings(engine="llm"), llm=llm)


def test_the_default_context_takes_the_whole_post(it: Any) -> None:
    assert fits_whole(it.post, it.analysis, LlmSettings())
    post, report = write(it.post, it.analysis, llm_settings(), {})
    assert report is not None and report.mode == "whole"
    assert report.error is not None and "cannot connect" in report.error
    assert post == it.post


def test_a_small_context_polishes(it: Any) -> None:
    # the real-server tests' llama.cpp runs at n_ctx 2048
    assert not fits_whole(it.post, it.analysis, LlmSettings(context_tokens=2048))
    post, report = write(it.post, it.analysis, llm_settings(context_tokens=2048), {})
    assert report is not None and report.mode == "polish"
    assert report.error is not None and "cannot connect" in report.error
    assert post == it.post


def test_too_few_answer_tokens_polish(it: Any) -> None:
    # a whole post in JSON does not fit in 512 tokens, however large the context
    assert not fits_whole(it.post, it.analysis, LlmSettings(max_tokens=512, context_tokens=10**6))


def test_the_token_estimate_errs_high(it: Any) -> None:
    prompt = whole_messages(outline(it.post, it.analysis))[0].content
    # Gemma 3's tokenizer reads this prompt's Korean at ~1.6 characters a token
    assert estimate_tokens(prompt) >= len(prompt) / 1.6
    assert CHARS_PER_TOKEN <= 1.3
    assert all(line in prompt for line in FIXED_LINES if not line.startswith(("앞서", "답은")))


def test_a_part_that_breaks_the_format_keeps_the_extractive_text(it: Any) -> None:
    extractive = it.post
    broken_intro = Paragraph((Span("세빛반도체가 새 칩을 공개했습니다."),), (), ())
    written = dataclasses.replace(extractive, intro=broken_intro, title="세빛반도체의 새 칩 이야기")
    post, restored = restore_parts(written, extractive, len(extractive.sections), PostSettings())
    assert restored == ("intro",)
    assert post.intro == extractive.intro
    assert post.title == "세빛반도체의 새 칩 이야기"  # what passes stays
