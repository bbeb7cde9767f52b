"""No body sentence holds a caption, a byline, half a quote or two blocks run together.

The detector (tests/sentencecheck.py) reads the page itself, not the extractor's code:
it lays the page out one block a line and looks for the seam of two lines inside a
sentence, and it knows captions by their words ("사진=", "…제공", "[연합뉴스]") and by
the markup the outlets put them in.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import blogwire.extract.html as extract_html_module
from blogwire.analyze.sentences import split_article
from blogwire.demo import demo_pages
from blogwire.extract import extract
from blogwire.extract.clean import balance_quotes, paragraphs_of
from blogwire.models import Article, Document
from blogwire.settings import FetchSettings
from blogwire.sources import load
from sentencecheck import dirty, page_lines

from conftest import FIXTURES, shared_path

# A Naver page laid out as the one whose post opened with "…냄새 없애기가 관건배달업체
# 리뷰에 … 고발 사진.“곱이라고 하지 마세요…": an inline subtitle, a photo box with its
# caption and the lead with no break between them (own text, same markup).
GLUE_PAGE = FIXTURES / "pages" / "naver-caption-glue.html"


def _paragraph_sentences(article: Article) -> list[list[str]]:
    sentences = split_article(article)
    return [[s.text for s in sentences if s.paragraph == i] for i in range(len(article.paragraphs))]


def _dirty(page: Path) -> list[tuple[str, str]]:
    document = load(str(page), FetchSettings())
    return dirty(_paragraph_sentences(extract(document)), document.text)


def test_the_fixture_is_the_glued_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the block separation the fixture gives the real failure: the subtitle and
    the caption in one sentence."""
    lines = page_lines(GLUE_PAGE.read_text(encoding="utf-8"))
    assert "보관 온도가 생명… 세척 과정이 관건" in lines
    monkeypatch.setattr(extract_html_module, "separate_blocks", lambda tree: None)
    found = _dirty(GLUE_PAGE)
    assert any("관건배달앱" in sentence for _, sentence in found), found


def test_the_glued_layout_gives_clean_sentences() -> None:
    assert _dirty(GLUE_PAGE) == []
    article = extract(load(str(GLUE_PAGE), FetchSettings()))
    text = article.text
    assert "보관 온도가 생명… 세척 과정이 관건" in article.paragraphs  # the subtitle, alone
    assert "“순대라고 부르지도 마세요…” 한 소비자가 남긴 후기다." in article.paragraphs
    for caption in ("고발 사진", "주방을 점검하고 있다", "사진=", "기자 외"):
        assert caption not in text, caption
    # a quote that runs on into the next paragraph is closed; one never closed is dropped
    assert "점검은 그 약속을 지키는 일입니다.”" in text
    assert "냉장고 온도를 확인한다" not in text
    assert article.site_name == "가람일보"  # the byline still credits the outlet


def _real_pages() -> list[Path]:
    pages = sorted(shared_path("data", "real-pages").glob("*.html"))
    pages += sorted(shared_path("data", "real-pages-2").glob("*.html"))
    return pages


def test_real_pages_give_clean_sentences() -> None:
    pages = _real_pages()
    assert len(pages) >= 24, "the real pages are missing: the loop would check little"
    found = {page.name: problems for page in pages if (problems := _dirty(page))}
    assert found == {}


def test_demo_pages_give_clean_sentences() -> None:
    pages = demo_pages()
    assert pages, "no demo pages: the loop would check nothing"
    found = {page.name: problems for page in pages if (problems := _dirty(page))}
    assert found == {}


def test_photo_boxes_and_figures_leave_no_text_behind() -> None:
    body = "<p>" + "시는 내년부터 버스 요금을 150원 올린다고 밝혔다. " * 6 + "</p>"
    html = (
        "<html><body><article><h1>제목</h1><div class='sub_title'>부제목 한 줄</div>"
        "<div class='articlePhotoC'><img src='a.jpg'><span class='t'><b>사진 제목 </b>"
        "시민들이 정류장에서 버스를 기다리고 있다. 가람=뉴스1</span></div>첫 문단이다."
        "<figure><img src='b.jpg'><figcaption>요금표. 가람시 제공</figcaption></figure>"
        "<span class='end_photo_org'><em class='img_desc'>노선도 앞에 선 승객들.</em></span>"
        f"{body}</article></body></html>"
    )
    article = extract(Document(origin="page.html", text=html, kind="html"))
    assert "부제목 한 줄" in article.paragraphs
    assert "첫 문단이다." in article.paragraphs  # not glued to the caption before it
    for caption in ("기다리고 있다", "뉴스1", "요금표", "제공", "노선도"):
        assert caption not in article.text, caption


def test_furniture_lines_are_dropped_and_credits_cut() -> None:
    lines = [
        "박준석 기자 외 1명",
        "입력 : 2016.09.17 18:59",
        "/최지연·박성민 기자",
        "<박홍두 기자 phd@kyunghyang.com>",
        "[류영상 기자 ifyouare@mkinternet.com]",
        "▼",
        "#고물가 #짠테크",
        "(끝)",
        "▲ 사진=가람일보 DB",
        "연합뉴스TV 기사문의 및 제보 : 카톡/라인 jebo23",
        "$$ARTICLEAD$$",
        "▶관련기사: [단독]시장 선거 결과",
        '그는 "미안하다"고 짧게 말했다. 연합뉴스',
        "식약처는 점검을 마쳤다(사진=식약처 제공). 결과는 다음 주에 나온다.",
        "이재명 후보는 기자들과 만났다.",
    ]
    assert paragraphs_of("\n".join(lines)) == (
        '그는 "미안하다"고 짧게 말했다.',
        "식약처는 점검을 마쳤다. 결과는 다음 주에 나온다.",
        "이재명 후보는 기자들과 만났다.",
    )


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("“A다. B다.” 그는 말했다.", "“A다. B다.” 그는 말했다."),  # paired: untouched
        # an opening mark typed for the closing one before 고
        ("그는 “확인됐다“고 말했다. 끝이다.", "그는 “확인됐다”고 말했다. 끝이다."),
        # a quote that runs on into the next paragraph is closed
        ("“여름에는 확인한다. 장사가 된다.", "“여름에는 확인한다. 장사가 된다.”"),
        # a quote opened mid-paragraph and never closed: dropped from where it opens
        ("앞 문장이다. 그는 “여름에는 확인한다. 장사가 된다고 말했다.", "앞 문장이다."),
        # a closing mark never opened: its sentence goes
        (
            "앞 문장이다. 〈‘편법 많아질 것… 빨리 개정해야”〉 등이다. 뒤 문장이다.",
            "앞 문장이다. 뒤 문장이다.",
        ),
        # an odd straight quote: the sentence holding the last one goes
        ('앞 문장이다. 그는 "확인했다고 말했다. 뒤 문장이다.', "앞 문장이다. 뒤 문장이다."),
    ],
)
def test_quotes_are_repaired_or_dropped_never_half_kept(paragraph: str, expected: str) -> None:
    assert balance_quotes(paragraph) == expected
