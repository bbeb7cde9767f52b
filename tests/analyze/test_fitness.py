"""Articles that are not stories to publish are refused with a reason that names them;
every real, demo and fixture story is fit (no false refusals)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from blogwire.analyze.fitness import unfit_reason
from blogwire.core import Blogwire
from blogwire.demo import demo_pages
from blogwire.errors import ConfigError, UnfitError
from blogwire.models import Article
from blogwire.pipeline import analyze, compose, fitness, read_source
from blogwire.settings import Settings, load_settings

from conftest import FIXTURES, shared_path

SETTINGS = Settings()
INTERVIEW = FIXTURES / "pages" / "interview-questions.html"


def _reason(page: Path) -> str | None:
    return unfit_reason(analyze(read_source(str(page), SETTINGS.fetch)))


def test_yonhapnewstv_interview_is_refused_naming_the_questions() -> None:
    page = shared_path("data", "real-pages", "03-yonhapnewstv.html")
    with pytest.raises(UnfitError) as caught:
        Blogwire(SETTINGS).compose(str(page))
    assert caught.value.exit_code == 2
    message = str(caught.value)
    assert message.startswith(f"{page}: interview transcript: ")
    assert message.endswith(" sentences are questions")
    assert "\n" not in message


def test_every_other_article_is_fit() -> None:
    real = sorted(shared_path("data", "real-pages").glob("*.html"))
    real += sorted(shared_path("data", "real-pages-2").glob("*.html"))
    fixtures = sorted((FIXTURES / "pages").glob("*.html"))
    pages = [p for p in [*real, *demo_pages(), *fixtures] if p not in {INTERVIEW}]
    pages = [p for p in pages if p.name != "03-yonhapnewstv.html"]
    assert len(pages) >= 23 + 10 + 1, "pages are missing: the loop would check little"
    refused = {p.name: reason for p in pages if (reason := _reason(p))}
    assert refused == {}


def test_an_interview_of_questions_is_refused_and_review_lets_it_through() -> None:
    analysis = analyze(read_source(str(INTERVIEW), SETTINGS.fetch))
    with pytest.raises(UnfitError, match=r"interview transcript: 7 of \d+ sentences are questions"):
        compose(analysis, SETTINGS)
    review = dataclasses.replace(SETTINGS, post=dataclasses.replace(SETTINGS.post, unfit="review"))
    with pytest.raises(UnfitError):  # a post that is not going to review is still refused
        compose(analysis, review)
    assert fitness(analysis, review, reviewing=True) is not None
    assert compose(analysis, review, reviewing=True).title


def _article(*paragraphs: str, title: str = "가람시 소식") -> Article:
    return Article(origin="made.txt", title=title, paragraphs=paragraphs)


def test_haeyo_speech_corrections_and_lists_are_named() -> None:
    haeyo = _article(
        "오늘은 가람시 새 도서관 소식을 전해 드릴게요.",
        "도서관은 다음 달 1일에 문을 열어요.",
        "어린이 열람실이 따로 있어서 아이와 함께 가기 좋아요.",
        "주말에는 밤 9시까지 운영한대요.",
        "주차장은 지하에 마련돼 있어요.",
        "시는 개관 첫 주에 작가 강연도 열 예정이다.",
    )
    assert (unfit_reason(analyze(haeyo)) or "").startswith("해요체 speech: ")
    correction = _article(
        "본지는 지난 3일자 기사에서 가람시 예산이 1조 원이라고 보도했습니다.",
        "확인 결과 예산은 9000억 원이었기에 이를 바로잡습니다.",
        title="[바로잡습니다] 가람시 예산 보도",
    )
    assert (unfit_reason(analyze(correction)) or "").startswith("correction notice: ")
    links = _article(
        "▶ 가람시 새 도서관 개관",
        "▶ 버스 요금 150원 인상",
        "▶ 겨울철 난방비 지원 확대",
        "▶ 시립미술관 특별전 개막",
        "▶ 가람천 산책로 정비 완료",
        "가람시의 이번 주 소식을 모았다.",
    )
    assert (unfit_reason(analyze(links)) or "").startswith("list of links: ")


def test_a_story_with_a_few_questions_is_fit() -> None:
    story = _article(
        "가람시가 내년부터 시내버스 요금을 150원 올린다.",
        "시는 9일 물가대책위원회를 열고 이 같은 조정안을 확정했다고 밝혔다.",
        "왜 지금 요금을 올려야 할까?",
        "시는 누적된 운송 적자를 이유로 들었다.",
        "시민들은 “서비스부터 나아져야 하지 않느냐”고 물었다.",
        "시는 정기권을 도입해 부담을 줄이겠다고 설명했다.",
    )
    assert unfit_reason(analyze(story)) is None


def test_the_unfit_setting_is_checked() -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(None, environ={}, overrides={"post.unfit": "publish"})
    assert str(caught.value) == (
        "setting 'post.unfit' must be one of refuse, review, got 'publish'"
    )
    assert load_settings(None, environ={}, overrides={"post.unfit": "review"}).post.unfit == (
        "review"
    )
