"""Tistory and standalone HTML exports of a post."""

from __future__ import annotations

from html.parser import HTMLParser

from blogwire.models import OutputFormat, Post, SourceCredit
from blogwire.render.formats import render_as
from blogwire.render.seed import body
from blogwire.settings import PostSettings

from seedpost import seed_as_post


def test_tistory_export_is_the_post_body() -> None:
    post = seed_as_post()
    rendered = render_as(post, PostSettings(), OutputFormat.TISTORY)
    assert rendered.path == "tistory/2024-07-22-seed.html"
    assert rendered.text == body(post, PostSettings())
    assert "---" not in rendered.text.splitlines()[0]


def test_html_export_is_a_page_with_escaped_metadata() -> None:
    fields = {name: getattr(seed_as_post(), name) for name in Post.__dataclass_fields__}
    post = Post(
        **{
            **fields,
            "title": '제목 <script>alert("x")</script>',
            "credits": (SourceCredit("한빛일보", "https://a.example/1", "원문"),),
        }
    )
    rendered = render_as(post, PostSettings(), OutputFormat.HTML)
    assert rendered.path == "html/2024-07-22-seed.html"
    assert "<script>" not in rendered.text
    assert "&lt;script&gt;" in rendered.text
    assert '<link rel="alternate" href="https://a.example/1">' in rendered.text
    tags: list[str] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            tags.append(tag)

    Collect().feed(rendered.text)
    assert tags[:3] == ["html", "head", "meta"]
    assert tags.count("h2") == 1 and "article" in tags
