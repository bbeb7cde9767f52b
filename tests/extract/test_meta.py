"""Page metadata from the parsed tree: og: tags, and trafilatura's metadata without the
searches blogwire does not use (categories, tags, licence)."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
import trafilatura

from blogwire.demo import demo_pages
from blogwire.extract import meta
from blogwire.extract.meta import PageInfo, meta_tags, page_info


def _trafilatura_info(tree: lxml.html.HtmlElement, url: str | None) -> PageInfo:
    return PageInfo.of(trafilatura.extract_metadata(tree, url))


def test_the_lean_steps_are_used_with_this_trafilatura() -> None:
    # if trafilatura's internals moved, page_info falls back to extract_metadata (correct
    # but 3-9 ms slower a page): this says so instead of slowing down silently
    assert meta._LEAN


@pytest.mark.parametrize("url", [None, "https://news.example.com/a/1"])
def test_page_info_matches_trafilatura_on_demo_pages(url: str | None) -> None:
    pages = demo_pages()
    assert pages, "no bundled demo pages: the loop would check nothing"
    for page in pages:
        tree = trafilatura.load_html(page.read_text(encoding="utf-8"))
        assert page_info(tree, url) == _trafilatura_info(tree, url), page.name


def test_page_info_matches_trafilatura_on_real_pages(real_pages: list[Path]) -> None:
    compared = 0
    for page in real_pages:
        tree = trafilatura.load_html(page.read_text(encoding="utf-8", errors="replace"))
        assert page_info(tree, None) == _trafilatura_info(tree, None), page.name
        compared += 1
    assert compared >= 11


PLAIN_PAGES = {
    # no og: tags, no JSON-LD: title, site name and date come from trafilatura's searches
    "bare": "<html><body><p>본문</p><p>둘째</p></body></html>",
    "h1": '<html><head><title>제목 - 한빛일보</title><meta name="author" content="홍길동">'
    '<meta name="twitter:site" content="@hanbit"></head><body><h1>헤드라인</h1><p>본문</p></body></html>',
    "title": "<html><head><title>가람시 요금 인상 | hanbit.example</title></head><body><p>본문</p>"
    '<p class="byline">글 김가람 기자</p><a rel="license" href="/l">CC</a></body></html>',
}


@pytest.mark.parametrize("name", PLAIN_PAGES)
def test_page_info_matches_trafilatura_on_plain_pages(name: str) -> None:
    url = "https://www.news.example/2024/05/01/story"
    tree = trafilatura.load_html(PLAIN_PAGES[name])
    info = page_info(tree, url)
    assert info == _trafilatura_info(tree, url)
    assert info.date == "2024-05-01"  # from the URL, which the date search is given


def test_page_info_of_a_bare_page_falls_back_to_the_url() -> None:
    tree = trafilatura.load_html(PLAIN_PAGES["bare"])
    info = page_info(tree, "https://www.news.example/a/1")
    assert info.url == "https://www.news.example/a/1"
    assert info.sitename == "news.example"
    assert page_info(trafilatura.load_html(PLAIN_PAGES["h1"]), None).title == "헤드라인"


def test_meta_tags_keep_the_first_og_value_and_the_canonical_link() -> None:
    tree = lxml.html.fromstring(
        "<html><head>"
        '<meta property="og:title" content=" 첫 제목\n둘째 줄 ">'
        '<meta property="og:title" content="나중 제목">'
        '<meta name="og:site_name" content="한빛일보">'
        '<meta name="description" content="og: 아님">'
        '<meta property="og:image">'
        '<link rel="CANONICAL" href=" https://news.example/a ">'
        '<link rel="canonical" href="https://news.example/b">'
        "</head><body></body></html>"
    )
    assert meta_tags(tree) == {
        "og:title": "첫 제목 둘째 줄",
        "og:site_name": "한빛일보",
        "canonical": "https://news.example/a",
    }
    assert meta_tags(None) == {}
