"""The pages, feed and sitemap `blogwire build` makes of the demo posts."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree

import feedparser
import lxml.html
import pytest

from blogwire.site import BuildResult

from sitecheck import (
    SITE_URL,
    card_links,
    check_page,
    find,
    html_pages,
    page,
    page_url,
    source_posts,
)

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_the_page_check_can_fail() -> None:
    good = (
        '<!doctype html>\n<html lang="ko"><head><meta charset="utf-8">'
        '<meta name="viewport" content="x"><title>t</title></head>'
        "<body><main><h1>t</h1><p><b>x</b></p></main></body></html>"
    )
    check_page(good)
    for broken in (
        good.replace("<b>x</b>", "<b>x"),
        good.replace("<b>x</b></p>", "<b>x</p></b>"),
        good.replace("<!doctype html>", ""),
        good.replace('lang="ko"', 'lang="en"'),
        good.replace("<title>t</title>", ""),
        good.replace("</main>", "</main><main></main>"),
    ):
        with pytest.raises(AssertionError):
            check_page(broken)


def test_build_writes_a_page_per_post_category_and_index(
    demo_site: Path, built: BuildResult
) -> None:
    out = demo_site / "_site"
    assert built.out_dir == out.resolve()
    assert (built.posts, built.categories, built.skipped) == (10, 1, ())
    assert built.pages == len(list(html_pages(out))) == 1 + 10 + 1 + 1
    posts = source_posts(demo_site)
    assert posts, "the demo site has no posts: the loop would check nothing"
    for post in posts:
        assert (out / post.url.lstrip("/") / "index.html").is_file()
    assert (out / "categories" / "news" / "index.html").is_file()
    assert (out / "assets" / "blogwire.css").is_file()
    assert not any(p.name.startswith(".site.build-") for p in demo_site.iterdir())


def test_every_page_is_well_formed_html(demo_site: Path, built: BuildResult) -> None:
    files = list(html_pages(demo_site / "_site"))
    assert files, "the built site has no pages: the loop would check nothing"
    for file in files:
        try:
            check_page(file.read_text(encoding="utf-8"))
        except AssertionError as exc:
            raise AssertionError(f"{file}: {exc}") from exc


def test_korean_typography_and_no_javascript(demo_site: Path, built: BuildResult) -> None:
    css = (demo_site / "_site" / "assets" / "blogwire.css").read_text(encoding="utf-8")
    assert 'Pretendard, "Apple SD Gothic Neo", "Noto Sans KR", "Malgun Gothic", NanumGothic' in css
    assert "word-break: keep-all" in css and "line-height: 1.8" in css
    assert "@media (max-width" in css
    index = (demo_site / "_site" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in index


def test_index_lists_every_post_newest_first(demo_site: Path, built: BuildResult) -> None:
    posts = source_posts(demo_site)
    # Jekyll's order: by date, then by file name; the file name starts with the date
    expected = [p.url for p in sorted(posts, key=lambda p: p.file.name, reverse=True)]
    tree = page(demo_site / "_site", "/")
    assert card_links(tree) == expected
    cards = find(tree, "article", "card")
    by_url = {p.url: p for p in posts}
    assert expected, "the demo site has no posts: the loop would check nothing"
    for card, url in zip(cards, expected, strict=True):
        assert find(card, "img", "card-image")[0].get("src") == by_url[url].image
        assert find(card, "*", "card-title")[0].text_content() == by_url[url].title
        assert find(card, "*", "card-excerpt")[0].text_content().strip()
        assert find(card, "time")[0].get("datetime") == url[1:11].replace("/", "-")
        assert find(card, "*", "card-category")[0].text_content() == "News"


def test_post_pages_carry_open_graph_canonical_and_the_original_link(
    demo_site: Path, built: BuildResult
) -> None:
    posts = source_posts(demo_site)
    assert posts, "the demo site has no posts: the loop would check nothing"
    for post in posts:
        tree = page(demo_site / "_site", post.url)

        def meta(key: str, tree: lxml.html.HtmlElement = tree) -> str:
            found = tree.xpath(f'//meta[@property="{key}" or @name="{key}"]/@content')
            assert len(found) == 1, key
            return str(found[0])

        assert meta("og:title") == meta("twitter:title") == post.title
        assert meta("og:image") == meta("twitter:image") == post.image
        assert meta("og:type") == "article"
        assert meta("og:description") == meta("twitter:description") != ""
        canonical = tree.xpath('//link[@rel="canonical"]/@href')
        assert [unquote(c) for c in canonical] == [SITE_URL + post.url]
        assert meta("og:url") == canonical[0]
        originals = tree.xpath('//aside[@class="post-source wrap"]//a/@href')
        assert originals == [post.credit_url]
        assert find(tree, "h1", "post-title")[0].text_content() == post.title
        assert (
            find(find(tree, "*", "feature")[0], "img", "feature-image")[0].get("src") == post.image
        )
        assert find(find(tree, "*", "feature")[0], "*", "feature-text")[0].text_content().strip()
        # the highlight colours stay exactly as Tistory renders them
        styles = set(tree.xpath('//div[contains(@class, "post-body")]//span/@style'))
        assert styles and styles <= {
            "color: #ee2323;",
            "color: #1a5490;",
            "background-color: #21538527;",
        }


def test_the_feed_has_one_entry_per_post(demo_site: Path, built: BuildResult) -> None:
    feed = feedparser.parse((demo_site / "_site" / "feed.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "blogwire demo"
    assert feed.feed.updated.startswith("2026-11-19")
    posts = source_posts(demo_site)
    newest_first = sorted(posts, key=lambda p: p.file.name, reverse=True)
    assert [unquote(e.link) for e in feed.entries] == [SITE_URL + p.url for p in newest_first]
    assert [e.title for e in feed.entries] == [p.title for p in newest_first]
    assert newest_first, "the demo site has no posts: the loop would check nothing"
    for entry, post in zip(feed.entries, newest_first, strict=True):
        assert entry.id == entry.link
        # the source line travels along
        assert post.credit_url in html.unescape(entry.content[0].value)
        assert entry.published.startswith(post.file.name[:10])


def test_the_sitemap_lists_every_page(demo_site: Path, built: BuildResult) -> None:
    out = demo_site / "_site"
    root = ElementTree.fromstring((out / "sitemap.xml").read_bytes())
    assert root.tag == f"{SITEMAP_NS}urlset"
    listed = {
        url.findtext(f"{SITEMAP_NS}loc"): url.findtext(f"{SITEMAP_NS}lastmod")
        for url in root.iter(f"{SITEMAP_NS}url")
    }
    assert {unquote(u) for u in listed} == {page_url(out, f) for f in html_pages(out)}
    assert all(re.fullmatch(r"2026-11-\d\d", m or "") for m in listed.values())
    posts = source_posts(demo_site)
    assert posts, "the demo site has no posts: the loop would check nothing"
    for post in posts:
        loc = next(u for u in listed if unquote(u) == SITE_URL + post.url)
        assert listed[loc] == post.file.name[:10]
