"""A text source that says where it came from: its front matter (issue 14, item 6)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from blogwire.core import Blogwire
from blogwire.errors import ExtractError
from blogwire.extract import extract
from blogwire.models import Document
from blogwire.settings import Settings

from textsource import BODY, FRONT


def test_front_matter_gives_the_article_its_origin() -> None:
    article = extract(Document(origin="fare.md", text=FRONT + BODY, kind="text"))
    assert article.url == "https://www.hanbit-news.example/society/20261109-fare"
    assert article.site_name == "한빛일보"
    assert article.title == "가람시, 내년 1월부터 버스·도시철도 요금 150원 인상"
    assert article.published == dt.date(2026, 11, 9)
    assert article.paragraphs[0].startswith("가람시가 내년 1월부터")  # no title line taken


def test_every_key_is_optional_and_without_a_title_the_first_line_is_the_title() -> None:
    text = "---\noutlet: 한빛일보\npublished: 2026-11-09T09:30:00+09:00\n---\n제목 줄\n" + BODY
    article = extract(Document(origin="fare.txt", text=text, kind="text"))
    assert (article.title, article.site_name, article.url) == ("제목 줄", "한빛일보", None)
    assert article.published == dt.date(2026, 11, 9)


def test_a_file_without_front_matter_reads_as_before() -> None:
    article = extract(Document(origin="fare.txt", text="제목 줄\n" + BODY, kind="text"))
    assert (article.title, article.url, article.site_name, article.published) == (
        "제목 줄",
        None,
        None,
        None,
    )


BAD: list[tuple[str, int, str]] = [
    (
        "---\nurl: https://a.example/x\nauthor: 김기자\n---\n",
        3,
        "unknown front matter key 'author'",
    ),
    ("---\nurl: ftp://a.example/x\n---\n", 2, "url must be an http(s) address"),
    ("---\nurl: javascript:alert(1)\n---\n", 2, "url must be an http(s) address"),
    ("---\noutlet: 한빛\npublished: 11월 9일\n---\n", 3, "published must be a date"),
    ("---\npublished: 2026-13-01\n---\n", 2, "published must be a date"),
    ("---\ntitle: 한·미: 동맹\n---\n", 2, "front matter is not 'key: value' lines"),
    ("---\ntitle: 제목\n", 1, "no closing '---' line"),
    ("---\n- url\n---\n", 2, "must be 'key: value' lines"),
    ("---\n---\n", 1, "front matter is empty"),
    ("---\noutlet:\n---\n", 2, "front matter 'outlet' is empty"),
    ("---\nurl: [a, b]\n---\n", 2, "'url' must be one value"),
    ("---\noutlet: 가\noutlet: 나\n---\n", 3, "'outlet' given twice"),
    ("---\ntitle: " + "[" * 50_000 + "]" * 50_000 + "\n---\n", 2, "nested too deeply"),
    ("---\na: &a [x, x]\ntitle: *a\n---\n", 2, "unknown front matter key 'a'"),
]


@pytest.mark.parametrize(("front", "line", "message"), BAD)
def test_bad_front_matter_names_the_file_and_line(front: str, line: int, message: str) -> None:
    with pytest.raises(ExtractError) as caught:
        extract(Document(origin="notes/fare.txt", text=front + "제목\n" + BODY, kind="text"))
    assert caught.value.subject == f"notes/fare.txt:{line}"
    assert message in caught.value.message
    assert str(caught.value).startswith(f"notes/fare.txt:{line}: ")


def test_a_text_file_with_front_matter_makes_a_post_that_passes_check(tmp_path: Path) -> None:
    source = tmp_path / "fare.md"
    source.write_text(FRONT + BODY, encoding="utf-8")
    wire = Blogwire(Settings())
    result = wire.compose_many([str(source)], tmp_path / "site")
    assert not result.failures and len(result.published) == 1
    post = tmp_path / "site" / result.published[0].path
    assert post.name.startswith("2026-11-09-")
    text = post.read_text(encoding="utf-8")
    assert '출처: 한빛일보, <a href="https://www.hanbit-news.example/society/20261109-fare"' in text
    assert wire.check(post) == []  # the default check: the source link is required
    assert "11월 5일 시민 공청회" in text  # the front matter's date resolves "지난 5일"
