"""`blogwire build` and previews: sanitizing, skipping, template overrides, drafts,
failure safety, determinism, settings from the Jekyll config."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import feedparser
import pytest

from blogwire.errors import SiteError
from blogwire.settings import Settings
from blogwire.site import build as build_module
from blogwire.site import build_site, render_post_page
from blogwire.site.posts import sanitize_body

from sitecheck import (
    card_links,
    check_page,
    find,
    page,
    snapshot,
    source_posts,
)


def test_related_posts_prefer_a_shared_category_and_exclude_the_post(site: Path) -> None:
    posts = source_posts(site)
    economy = [p for p in posts if "수출" in p.title or "아파트값" in p.title][:2]
    assert len(economy) == 2
    for post in economy:
        text = post.file.read_text(encoding="utf-8")
        post.file.write_text(text.replace("  - News\n", "  - 경제\n", 1), encoding="utf-8")
    result = build_site(Settings(site_dir=site))
    assert result.categories == 2
    out = site / "_site"
    for post in posts:
        related = card_links(find(page(out, post.url), "section", "related")[0])
        assert post.url not in related
        assert len(related) == 3 == len(set(related))
    first, second = economy
    assert card_links(find(page(out, first.url), "section", "related")[0])[0] == second.url
    category = page(out, "/categories/경제/")
    assert sorted(card_links(category)) == sorted(p.url for p in economy)
    assert find(category, "h1")[0].text_content().startswith("경제")


def test_a_hand_added_script_is_removed(site: Path) -> None:
    post = source_posts(site)[0]
    text = post.file.read_text(encoding="utf-8")
    text = text.replace(
        "<p>결론적으로,",
        '<script>alert("owned")</script><p onclick="steal()"><iframe src="https://evil.example">'
        '</iframe><span style="position: fixed">고정</span><a href="javascript:alert(1)">링크</a>'
        "</p>\n\n<p>결론적으로,",
    )
    post.file.write_text(text, encoding="utf-8")
    build_site(Settings(site_dir=site))
    html = (site / "_site" / post.url.lstrip("/") / "index.html").read_text(encoding="utf-8")
    for gone in (
        "<script",
        "alert(",
        "onclick",
        "steal()",
        "<iframe",
        "evil.example",
        "position: fixed",
        "javascript:",
    ):
        assert gone not in html, gone
    assert "고정" in html and "링크" in html  # text of a stripped tag stays
    assert '<b><span style="color: #ee2323;">' in html
    check_page(html)


def test_the_allowlist_keeps_every_piece_of_the_post_format(demo_site: Path) -> None:
    posts = source_posts(demo_site)
    assert posts, "the demo site has no posts: the loop would check nothing"
    for post in posts:
        body = post.file.read_text(encoding="utf-8").split("---\n", 2)[2]
        # the sanitizer writes HTML, where <img> needs no "/>"; nothing else changes
        assert sanitize_body(body, Settings().post) == body.replace(" />", ">")


def test_an_unreadable_post_is_skipped_with_its_reason(site: Path) -> None:
    posts = site / "_posts"
    (posts / "2026-11-20-broken.md").write_text("---\ntitle: [열린 괄호\n---\n<p>x</p>\n")
    (posts / "2026-11-21-no-front-matter.md").write_text("<p>본문만</p>\n")
    (posts / "2026-02-30-bad-date.md").write_text("---\ntitle: 날짜\n---\n<p>x</p>\n")
    (posts / "notes.md").write_text("---\ntitle: 메모\n---\n<p>x</p>\n")
    (posts / "2026-11-22-latin1.md").write_bytes("---\ntitle: caf\xe9\n---\n".encode("latin-1"))
    result = build_site(Settings(site_dir=site))
    assert result.posts == 10
    reasons = dict(item.split(": ", 1) for item in result.skipped)
    assert sorted(reasons) == [
        "2026-02-30-bad-date.md",
        "2026-11-20-broken.md",
        "2026-11-21-no-front-matter.md",
        "2026-11-22-latin1.md",
        "notes.md",
    ]
    assert "YAML" in reasons["2026-11-20-broken.md"]
    assert "front matter" in reasons["2026-11-21-no-front-matter.md"]
    assert "date" in reasons["2026-02-30-bad-date.md"]
    assert "YYYY-MM-DD" in reasons["notes.md"]
    assert "UTF-8" in reasons["2026-11-22-latin1.md"]


def test_a_template_in_the_site_overrides_the_packaged_one(site: Path) -> None:
    (site / "templates").mkdir()
    (site / "templates" / "card.html.j2").write_text(
        '<article class="card"><a class="card-link" href="{{ post.url | relative_url }}">'
        "내 카드: {{ post.title }}</a></article>\n",
        encoding="utf-8",
    )
    build_site(Settings(site_dir=site))
    index = (site / "_site" / "index.html").read_text(encoding="utf-8")
    assert index.count("내 카드: ") == 10
    assert "card-excerpt" not in index
    check_page(index)


def test_a_broken_template_fails_the_build_and_keeps_the_previous_site(site: Path) -> None:
    build_site(Settings(site_dir=site))
    before = snapshot(site / "_site")
    (site / "templates").mkdir()
    (site / "templates" / "post.html.j2").write_text("{{ no_such_thing.title }}\n")
    with pytest.raises(SiteError, match=r"post\.html\.j2"):
        build_site(Settings(site_dir=site))
    assert snapshot(site / "_site") == before
    assert sorted(p.name for p in site.iterdir()) == [
        "Gemfile",
        "_config.yml",
        "_posts",
        "_site",
        "templates",
    ]


def test_drafts_are_not_built_but_can_be_previewed(site: Path) -> None:
    post = source_posts(site)[0]
    (site / "_drafts").mkdir()
    draft = site / "_drafts" / "검토-중인-글.md"
    text = post.file.read_text(encoding="utf-8").replace(post.title, "검토 중인 초안 제목", 1)
    draft.write_text(text, encoding="utf-8")
    result = build_site(Settings(site_dir=site))
    assert result.posts == 10
    out = site / "_site"
    assert not any(
        "검토 중인 초안 제목" in f.read_text(encoding="utf-8") for f in out.rglob("*.*ml")
    )
    assert not list(out.rglob("검토-중인-글"))

    preview = render_post_page(site, draft, Settings(site_dir=site))
    check_page(preview)
    assert "검토 중인 초안 제목" in preview
    assert "word-break: keep-all" in preview  # the stylesheet is inline: no built site needed
    assert '<link rel="stylesheet"' not in preview
    with pytest.raises(SiteError):
        render_post_page(site, site / "_drafts" / "missing.md", Settings(site_dir=site))


def test_building_twice_gives_identical_output(site: Path, tmp_path: Path) -> None:
    first = build_site(Settings(site_dir=site), tmp_path / "one")
    build_site(Settings(site_dir=site))
    build_site(Settings(site_dir=site))  # replaces the previous build in place
    assert snapshot(tmp_path / "one") == snapshot(site / "_site")
    assert first.out_dir == (tmp_path / "one").resolve()


def test_pagination_splits_the_index(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build_module, "PAGE_SIZE", 4)
    result = build_site(Settings(site_dir=site))
    out = site / "_site"
    assert result.pages == 3 + 10 + 1 + 1
    pages = [page(out, "/"), page(out, "/page/2/"), page(out, "/page/3/")]
    links = [card_links(p) for p in pages]
    assert [len(chunk) for chunk in links] == [4, 4, 2]
    expected = sorted(source_posts(site), key=lambda p: p.file.name, reverse=True)
    assert [url for chunk in links for url in chunk] == [p.url for p in expected]
    assert pages[1].xpath('//a[@rel="prev"]/@href') == ["/"]
    assert pages[1].xpath('//a[@rel="next"]/@href') == ["/page/3/"]


def test_site_url_and_title_come_from_the_jekyll_config(site: Path) -> None:
    config = site / "_config.yml"
    text = config.read_text(encoding="utf-8").replace("title: blogwire demo", "title: 오늘의 뉴스")
    config.write_text(text + "url: https://news.example.com/\nbaseurl: /blog\n", encoding="utf-8")
    build_site(Settings(site_dir=site))
    out = site / "_site"
    post = source_posts(site)[0]
    tree = page(out, post.url)
    canonical = unquote(tree.xpath('//link[@rel="canonical"]/@href')[0])
    assert canonical == "https://news.example.com/blog" + post.url
    assert tree.xpath('//link[@rel="stylesheet"]/@href') == ["/blog/assets/blogwire.css"]
    assert find(tree, "a", "site-title")[0].get("href") == "/blog/"
    assert find(tree, "title")[0].text_content().endswith(" · 오늘의 뉴스")
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert all(e.link.startswith("https://news.example.com/blog/") for e in feed.entries)


def test_a_folder_the_build_did_not_make_is_never_replaced(site: Path, tmp_path: Path) -> None:
    mine = tmp_path / "my-files"
    mine.mkdir()
    (mine / "important.txt").write_text("keep me")
    with pytest.raises(SiteError, match="did not build"):
        build_site(Settings(site_dir=site), mine)
    with pytest.raises(SiteError, match="replace the site"):
        build_site(Settings(site_dir=site), site)
    with pytest.raises(SiteError, match="_posts"):
        build_site(Settings(site_dir=site), site / "_posts" / "out")
    assert (mine / "important.txt").read_text() == "keep me"
    assert len(list((site / "_posts").glob("*.md"))) == 10
