"""Extraction of title, metadata and body from pages, against golden JSON files.

A failing diff names the page and the field that changed; refresh with
`pytest --update-golden` and read the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from blogwire.demo import demo_pages
from blogwire.errors import ExtractError
from blogwire.extract import extract
from blogwire.extract.clean import byline_outlet, strip_byline, strip_site_suffix
from blogwire.models import Article, Document
from blogwire.settings import FetchSettings
from blogwire.sources import load

from conftest import FIXTURES
from golden import assert_golden

GOLDEN = FIXTURES / "golden" / "extract"


def _summary(article: Article) -> str:
    data = {
        "title": article.title,
        "site_name": article.site_name,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "image": article.image,
        "paragraphs": list(article.paragraphs),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("page", demo_pages(), ids=lambda p: p.name)
def test_demo_page_extraction_matches_golden(page: Path, update_golden: bool) -> None:
    article = extract(load(str(page), FetchSettings()))
    assert_golden(_summary(article), GOLDEN / f"demo-{page.stem}.json", update_golden)


def test_real_page_extraction_matches_golden(real_pages: list[Path], update_golden: bool) -> None:
    assert real_pages, "no real outlet pages: the loop would check nothing"
    for page in real_pages:
        try:
            summary = _summary(extract(load(str(page), FetchSettings())))
        except ExtractError as exc:
            summary = f"ExtractError: {exc.message}\n"
        assert_golden(summary, GOLDEN / f"real-{page.stem}.json", update_golden)


def test_demo_pages_drop_page_furniture() -> None:
    pages = demo_pages()
    assert pages, "no bundled demo pages: the loop would check nothing"
    for page in pages:
        text = extract(load(str(page), FetchSettings())).text
        for furniture in ("무단전재", "많이 본 뉴스", "관련기사", "광고", "@"):
            assert furniture not in text, (page.name, furniture)


def test_site_suffix_and_bylines() -> None:
    assert strip_site_suffix("헤드라인 - 매일경제", "매일경제") == "헤드라인"
    assert strip_site_suffix("헤드라인-정치ㅣ한국일보", "한국일보") == "헤드라인"
    assert strip_site_suffix("헤드라인 | 한국일보", "한국일보") == "헤드라인"
    assert strip_site_suffix("매일경제 새 소식", "매일경제") == "매일경제 새 소식"
    assert strip_byline("[이데일리 조민정 기자] 국민의힘은 밝혔다.") == ["국민의힘은 밝혔다."]
    assert strip_byline("부제목[헤럴드경제=한지숙 기자] 본문이다.") == ["부제목", "본문이다."]
    assert strip_byline("(서울=연합뉴스) 홍길동 기자 = 정부는 발표했다.") == ["정부는 발표했다."]
    assert byline_outlet("[헤럴드경제=한지숙 기자] 본문") == "헤럴드경제"
    assert byline_outlet("[이데일리 조민정 기자] 본문") == "이데일리"


def test_text_file_first_line_is_title() -> None:
    doc = Document(
        origin="a.md", text="# 제목이다\n\n첫 문단이다.\n\n## 소제목\n둘째 문단이다.\n", kind="text"
    )
    article = extract(doc)
    assert article.title == "제목이다"
    assert article.paragraphs == ("첫 문단이다.", "소제목", "둘째 문단이다.")


def test_page_without_article_is_an_error() -> None:
    doc = Document(origin="nav.html", text="<html><body><nav>홈</nav></body></html>", kind="html")
    with pytest.raises(ExtractError, match="no article text found") as info:
        extract(doc)
    assert str(info.value).startswith("nav.html: ")


def test_body_hidden_in_a_nextjs_payload_is_found() -> None:
    sentences = [
        "정부는 29일 새 대책을 발표했다.",
        "시장은 즉각 반응했다.",
        "전문가들은 효과를 지켜봐야 한다고 말했다.",
        "야당은 대책이 부족하다고 비판했다.",
        "여당은 대책의 취지를 설명했다.",
        "시민단체는 추가 논의를 요구했다.",
    ]
    payload = "".join(
        f'<p class=\\"editor-p\\">{s} {s} 관계자는 이렇게 설명했다.</p>' for s in sentences
    )
    page = (
        '<html><head><meta property="og:title" content="새 대책 발표"/>'
        '<meta property="og:url" content="https://news.example/a/1"/></head><body><div id="root"></div>'
        f'<script>self.__next_f.push([1,"{payload}"])</script></body></html>'
    )
    article = extract(Document(origin="next.html", text=page, kind="html"))
    assert article.title == "새 대책 발표"
    assert article.url == "https://news.example/a/1"
    assert article.paragraphs[0].startswith("정부는 29일 새 대책을 발표했다.")
