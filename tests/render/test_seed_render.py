"""The renderer reproduces the reference post exactly from a Post that holds its content."""

from __future__ import annotations

import re

import yaml

from blogwire.models import Post, SourceCredit
from blogwire.render.check import check_post
from blogwire.render.seed import render_post, yaml_scalar
from blogwire.settings import PostSettings

from seedpost import seed_as_post


def _normalize(text: str) -> str:
    # The seed has stray spaces before two </p> and extra blank lines at the end: noise,
    # not format.
    return re.sub(r" +</p>", "</p>", text).rstrip("\n") + "\n"


def test_render_reproduces_the_seed_post_exactly(seed_post: str) -> None:
    rendered = render_post(seed_as_post(), PostSettings())
    assert _normalize(rendered.text) == _normalize(seed_post)


def test_rendered_seed_passes_check_without_source() -> None:
    rendered = render_post(seed_as_post(), PostSettings())
    assert check_post(rendered.text, "seed", PostSettings(), require_source=False) == []
    problems = check_post(rendered.text, "seed", PostSettings(), require_source=True)
    assert [p.message for p in problems] == ['no source credit line (<p data-blogwire="source">)']


def test_source_credit_block_sits_after_the_conclusion_and_escapes_text() -> None:
    post = seed_as_post()
    credit = SourceCredit(
        outlet="한빛<일보>", url="https://news.example/a?b=1&c=2", title='제목 "따옴표" <script>'
    )
    rendered = render_post(Post(**{**_fields(post), "credits": (credit,)}), PostSettings())
    lines = rendered.text.rstrip("\n").split("\n")
    assert lines[-1].startswith("유용한 생활 정보가 필요하시다면, ")
    assert lines[-2] == (
        '<p data-blogwire="source">출처: 한빛&lt;일보&gt;, <a href="https://news.example/a?b=1&amp;c=2"'
        ' target="_blank" rel="noopener nofollow">제목 "따옴표" &lt;script&gt;</a></p>'
    )
    assert check_post(rendered.text, "x", PostSettings()) == []


def test_title_is_quoted_only_when_yaml_needs_it() -> None:
    assert (
        yaml_scalar("한·미 동맹 초당적 지지의 비밀은 무엇?")
        == "한·미 동맹 초당적 지지의 비밀은 무엇?"
    )
    for title in ["물가: 무엇이 달라지나", "#1 뉴스", "'인용' 제목", "---", "a # b", "- 목록"]:
        dumped = yaml_scalar(title)
        assert dumped != title
        assert yaml.safe_load(f"title: {dumped}")["title"] == title


def test_front_matter_round_trips_hostile_titles() -> None:
    for title in ['제목: "따옴표" & #해시', "---", "줄\n바꿈", "이모지 🚀 제목"]:
        post = Post(**{**_fields(seed_as_post()), "title": title})
        text = render_post(post, PostSettings()).text
        front = yaml.safe_load(text.split("---\n")[1])
        assert front["title"] == " ".join(title.split())
        assert list(front) == ["title", "categories", "excerpt", "feature_text", "image"]


def _fields(post: Post) -> dict[str, object]:
    return {name: getattr(post, name) for name in Post.__dataclass_fields__}
