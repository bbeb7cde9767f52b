"""One focused test per defence added for issue 7 (each was a bug the corpus found).

The corpus (test_hostile_corpus.py) shows them end to end through the CLI; these pin
each one at the function that does it, so a regression names its cause.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from blogwire.analyze.language import hangul_share, require_korean
from blogwire.analyze.sentences import split_article
from blogwire.errors import AnalyzeError, PublishError, SourceError
from blogwire.extract.clean import clean_text, web_url
from blogwire.extract.html import extract_html
from blogwire.models import Article, Document
from blogwire.publish.files import remove_stale_temps, write_atomic
from blogwire.render.check import check_post
from blogwire.render.seed import render_post
from blogwire.settings import FeedConfig, FetchSettings, PostSettings
from blogwire.sources import load
from blogwire.sources.feeds import read_feed
from blogwire.sources.files import read_file
from hostile.corpus import ENGLISH, JAPANESE, PARAGRAPHS, article_page, png_bytes

from seedpost import seed_as_post


def test_clean_text_makes_one_line_of_a_title_with_line_breaks() -> None:
    # extract/clean.py: "\n\n" in og:title split the post's source-line block
    assert clean_text("가람시 요금\n\n---\r\ntitle: x\u2028끝") == "가람시 요금 --- title: x 끝"


def test_clean_text_is_idempotent_around_a_removed_zero_width_space() -> None:
    once = clean_text("e\u200b\u0301")
    assert once == clean_text(once) == "\u00e9"


def test_web_url_refuses_non_web_schemes_and_cannot_leave_an_attribute() -> None:
    assert web_url("javascript:alert(1)") is None
    assert web_url("data:image/svg+xml;base64,AAAA") is None
    assert web_url("file:///etc/passwd") is None
    assert web_url("https:///no-host") is None
    assert web_url(" https://a.example/x\n\n<p>y ") == "https://a.example/x%3Cp%3Ey"
    assert web_url('https://a.example/a.jpg"onerror="x') == "https://a.example/a.jpg%22onerror=%22x"
    assert web_url("https://a.example/가람시?q={{x}}") == "https://a.example/가람시?q=%7B%7Bx%7D%7D"


def test_extracted_metadata_is_one_line_and_links_are_web_urls() -> None:
    page = article_page(
        "javascript:alert(1)",
        og_title="가람시 요금\n\n<p>끼어든 문단</p>",
        og_image="https://img.example.com/a.jpg&quot;onerror=&quot;alert(1)",
        head='<meta property="og:url" content="https://news.example.com/real">',
    )
    article = extract_html(Document(origin="page.html", text=page, kind="html"))
    assert "\n" not in article.title
    assert article.url == "https://news.example.com/real"  # not the javascript: canonical
    assert article.image == "https://img.example.com/a.jpg%22onerror=%22alert(1)"


def test_a_page_in_another_language_is_refused_before_the_model_loads() -> None:
    for paragraphs in (ENGLISH, JAPANESE):
        article = Article(origin="page.html", title="x", paragraphs=paragraphs)
        with pytest.raises(AnalyzeError, match=r"unsupported language: the article is not Korean"):
            require_korean(article)
    korean = Article(origin="page.html", title="가람시", paragraphs=PARAGRAPHS)
    require_korean(korean)
    assert hangul_share("AI 반도체 GPU 3개") == pytest.approx(4 / 9)


def test_the_language_check_runs_without_loading_the_model(tmp_path: Path) -> None:
    code = (
        "import sys; from blogwire.analyze import analyze; from blogwire.models import Article\n"
        "try: analyze(Article('a', 'x', ('The city raised fares. It said so.',)))\n"
        "except Exception as e: print(type(e).__name__, 'kiwipiepy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["AnalyzeError", "False"]


def test_binary_files_pages_and_feeds_are_named_for_what_they_are(tmp_path: Path) -> None:
    image = tmp_path / "photo.html"
    image.write_bytes(png_bytes())
    with pytest.raises(SourceError, match="not a web page or text file: it is a PNG image"):
        read_file(image, FetchSettings())
    feed = tmp_path / "feed.xml"
    feed.write_bytes(b"%PDF-1.7\n")
    with pytest.raises(SourceError, match="not an RSS/Atom feed: it is a PDF document"):
        read_feed(FeedConfig(str(feed)), FetchSettings())
    utf16 = tmp_path / "utf16.txt"
    utf16.write_text("가람시 요금\n" + PARAGRAPHS[0], encoding="utf-16")  # BOM + NULs
    assert "가람시" in read_file(utf16, FetchSettings()).text


def test_an_address_that_is_not_http_is_refused_as_given() -> None:
    for source in ("file:///etc/passwd", "ftp://example.com/a.html", "javascript://x"):
        with pytest.raises(SourceError) as caught:
            load(source, FetchSettings())
        assert caught.value.subject == source and "unsupported address" in caught.value.message


def test_front_matter_holds_no_markup_and_the_body_no_liquid() -> None:
    post = dataclasses.replace(
        seed_as_post(),
        title="<script>alert(1)</script> 제목",
        excerpt='<img src=x onerror="alert(1)"> {{ site.github }} ' + seed_as_post().excerpt,
        headline="{% include x %} 헤드라인",
    )
    text = render_post(post, PostSettings()).text
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["title"] == "〈script〉alert(1)〈/script〉 제목"
    assert front["excerpt"].startswith("〈img src=x onerror=")
    assert "&#123;% include x %} 헤드라인" in text
    assert check_post(text, "post.md", PostSettings(), require_source=False) == []


def test_a_line_break_inside_a_source_text_cannot_split_a_block() -> None:
    post = dataclasses.replace(seed_as_post(), headline="가람시\n\n<p>가짜 문단</p>\r\n끝")
    text = render_post(post, PostSettings()).text
    assert '<h2 data-ke-size="size26">가람시 &lt;p&gt;가짜 문단&lt;/p&gt; 끝</h2>' in text


def test_check_reports_deep_yaml_raw_markup_and_liquid_instead_of_crashing() -> None:
    good = render_post(seed_as_post(), PostSettings()).text
    deep = "---\ntitle: " + "[" * 50_000 + "]" * 50_000 + "\n---\n" + good.split("---\n", 2)[2]
    assert "front matter is not valid YAML: nested too deeply" in _messages(deep)
    raw = good.replace("excerpt: >\n  ", "excerpt: >\n  <b>굵게</b> ", 1)
    assert "excerpt holds raw '<' or '>' (themes print it as markup)" in _messages(raw)
    liquid = good.replace("</h2>", "{{ x }}</h2>", 1)
    assert "body holds a Liquid tag ('{{' or '{%') that Jekyll would run" in _messages(liquid)


def _messages(text: str) -> list[str]:
    return [p.message for p in check_post(text, "p.md", PostSettings(), require_source=False)]


def test_a_killed_writers_temp_file_is_swept_a_live_ones_is_kept(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # its pid is free now
    stale = tmp_path / f".post.md.{dead.pid}.abc123_x.tmp"
    live = tmp_path / f".post.md.{os.getppid()}.def456_y.tmp"
    other = tmp_path / ".notes.tmp"  # not blogwire's
    for path in (stale, live, other):
        path.write_text("half a post")
    write_atomic(tmp_path / "post.md", "a whole post\n")
    assert not stale.exists() and live.exists() and other.exists()
    assert (tmp_path / "post.md").read_text() == "a whole post\n"
    assert remove_stale_temps(tmp_path) == []


def test_a_posts_folder_that_is_a_file_is_named_in_the_error(tmp_path: Path) -> None:
    (tmp_path / "_posts").write_text("not a folder")
    with pytest.raises(PublishError, match=r"_posts is a file, not a folder"):
        write_atomic(tmp_path / "_posts" / "2026-01-01-a.md", "x")


def test_a_double_period_before_markup_still_ends_the_sentence() -> None:
    # analyze/sentences.py: "책정됐다.." then text kiwi does not split at; the plain
    # "…됐다" stayed inside one "sentence" and the post failed its own style check
    paragraph = "예산은 책정됐다.. <script>alert(1)</script> 전문가들은 성과를 전망했다."
    sentences = split_article(Article(origin="a", title="t", paragraphs=(paragraph,)))
    assert [s.text for s in sentences] == [
        "예산은 책정됐다..",
        "<script>alert(1)</script> 전문가들은 성과를 전망했다.",
    ]


def test_check_judges_narration_not_abbreviations_or_bare_quotes() -> None:
    # render/check.py: "Inc." and a lone quote were counted as impolite sentences, and
    # "했습니다 ." (a space before the period) as not polite: valid posts failed check
    good = render_post(seed_as_post(), PostSettings()).text
    body = "한·미 동맹은 정치적 변화에도 불구하고 강력한 기반을 가지고 있습니다"
    assert body in good
    edited = good.replace(
        body, "“동맹은 굳건하다”. 세빛 Inc. 측도 같은 입장을 밝혔습니다 . " + body, 1
    )
    assert _messages(edited) == []
