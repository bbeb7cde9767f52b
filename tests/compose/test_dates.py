"""Relative dates resolved against the publication date, only where the rule is certain."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from blogwire.compose.dates import resolve_text, with_dates
from blogwire.demo import demo_pages
from blogwire.llm.claims import check_facts
from blogwire.llm.plan import make_plan
from blogwire.models import Analysis, Article
from blogwire.pipeline import analyze, compose, read_source
from blogwire.render.seed import render_post
from blogwire.settings import Settings

WED = dt.date(2026, 5, 20)  # a Wednesday

# (sentence, publication date, sentences before it, the sentence as a post states it)
CASES: list[tuple[str, dt.date | None, tuple[str, ...], str]] = [
    # 오는 N일: the next N-th on or after the publication date
    ("시는 오는 28일 공청회를 연다.", WED, (), "시는 5월 28일 공청회를 연다."),
    ("오는 20일 문을 연다.", WED, (), "5월 20일 문을 연다."),
    ("오는 3일 문을 연다.", WED, (), "6월 3일 문을 연다."),
    ("오는 28일까지 접수한다.", WED, (), "5월 28일까지 접수한다."),
    ("오는28일 연다.", WED, (), "5월 28일 연다."),
    ("오는 5일 시행한다.", dt.date(2026, 12, 20), (), "2027년 1월 5일 시행한다."),
    # 지난 N일: the last N-th before it
    ("지난 11일 회담이 열렸다.", WED, (), "5월 11일 회담이 열렸다."),
    ("지난 20일 회담이 열렸다.", WED, (), "4월 20일 회담이 열렸다."),
    ("지난 25일 회담이 열렸다.", WED, (), "4월 25일 회담이 열렸다."),
    ("지난 30일 발표했다.", dt.date(2026, 1, 10), (), "2025년 12월 30일 발표했다."),
    ("지난 28~29일 열렸다.", WED, (), "4월 28~29일 열렸다."),
    ("오는 28∼29일 열린다.", WED, (), "5월 28∼29일 열린다."),
    # the month before, this month, the month after
    ("내달 18일부터 시행한다.", WED, (), "6월 18일부터 시행한다."),
    ("다음 달 3일 열린다.", WED, (), "6월 3일 열린다."),
    ("다음달 3일 열린다.", WED, (), "6월 3일 열린다."),
    ("이번 달 28일 열린다.", WED, (), "5월 28일 열린다."),
    ("이달 5일 열렸다.", WED, (), "5월 5일 열렸다."),
    ("지난달 24일 접수했다.", WED, (), "4월 24일 접수했다."),
    ("지난 달 24일 접수했다.", WED, (), "4월 24일 접수했다."),
    ("내달 3일 연다.", dt.date(2026, 12, 1), (), "2027년 1월 3일 연다."),
    # the day of the report and the days before it
    ("이날 회의에서 밝혔다.", WED, (), "5월 20일 회의에서 밝혔다."),
    ("그는 전날 기자회견을 열었다.", WED, (), "그는 5월 19일 기자회견을 열었다."),
    ("어제는 비가 왔다.", WED, (), "5월 19일은 비가 왔다."),
    ("그제 개막했다.", WED, (), "5월 18일 개막했다."),
    ("이날(20일) 밝혔다.", WED, (), "5월 20일 밝혔다."),
    ("이날 회의가 열렸다.", WED, ("20일 회담이 열렸다.",), "5월 20일 회의가 열렸다."),
    # weekdays, where unambiguous
    ("오는 월요일 연다.", WED, (), "5월 25일 연다."),
    ("지난 금요일 열렸다.", WED, (), "5월 15일 열렸다."),
    # --- left as written -----------------------------------------------------
    # no publication date: nothing is resolved
    ("시는 오는 28일 공청회를 연다.", None, (), "시는 오는 28일 공청회를 연다."),
    ("이날 회의에서 밝혔다.", None, (), "이날 회의에서 밝혔다."),
    # a day that does not exist in its month
    ("오는 31일 연다.", dt.date(2026, 6, 5), (), "오는 31일 연다."),
    ("지난 29일 열렸다.", dt.date(2026, 3, 10), (), "지난 29일 열렸다."),
    ("내달 31일 연다.", dt.date(2026, 5, 3), (), "내달 31일 연다."),
    ("오는 28~31일 열린다.", dt.date(2026, 6, 5), (), "오는 28~31일 열린다."),
    # a number of days, not a day of the month
    ("지난 3일간 비가 내렸다.", WED, (), "지난 3일간 비가 내렸다."),
    ("지난 5일 동안 비가 내렸다.", WED, (), "지난 5일 동안 비가 내렸다."),
    # the day before something else, or a comparison that may be a rule
    ("선거 전날 발표했다.", WED, (), "선거 전날 발표했다."),
    (
        "기온이 전날보다 10도 이상 떨어지면 발령한다.",
        WED,
        (),
        "기온이 전날보다 10도 이상 떨어지면 발령한다.",
    ),
    ("어제오늘의 일이 아니다.", WED, (), "어제오늘의 일이 아니다."),
    # another day was named before: "이날" may mean that day
    ("이날 회의가 열렸다.", WED, ("지난 11일 회담이 열렸다.",), "이날 회의가 열렸다."),
    (
        "이날 회의가 열렸다.",
        WED,
        ("트럼프 대통령은 19일(현지시간) 밝혔다.",),
        "이날 회의가 열렸다.",
    ),
    ("이날(21일) 밝혔다.", WED, (), "이날(21일) 밝혔다."),
    # a quote stays character for character
    ("“이날 오는 28일 만나자”고 했다.", WED, (), "“이날 오는 28일 만나자”고 했다."),
    ("이날 보자”고 말했다.", WED, (), "이날 보자”고 말했다."),
    # a weekday that is the publication day's own: this one or the next?
    ("오는 수요일 연다.", WED, (), "오는 수요일 연다."),
    # vague words
    ("최근 이번 주 올해 지난달 발표했다.", WED, (), "최근 이번 주 올해 지난달 발표했다."),
    ("내달 초 발표한다.", WED, (), "내달 초 발표한다."),
    ("다음 주 월요일 발표한다.", WED, (), "다음 주 월요일 발표한다."),
    # not relative at all
    ("차이날 수 있다.", WED, (), "차이날 수 있다."),
    ("28일 목요일 열린다.", WED, (), "28일 목요일 열린다."),
    ("화요일인 17일 추위가 찾아온다.", WED, (), "화요일인 17일 추위가 찾아온다."),
    ("지난 2월 28일 열렸다.", WED, (), "지난 2월 28일 열렸다."),
    ("다가오는 28일 열린다.", WED, (), "다가오는 28일 열린다."),
]


def test_the_table_is_large_and_holds_both_kinds() -> None:
    left = [c for c in CASES if c[0] == c[3]]
    assert len(CASES) >= 30
    assert len(left) >= 15 and len(CASES) - len(left) >= 15


@pytest.mark.parametrize(("text", "published", "before", "expected"), CASES)
def test_relative_date(
    text: str, published: dt.date | None, before: tuple[str, ...], expected: str
) -> None:
    resolved, words = resolve_text(text, published, before=before)
    assert resolved == expected
    if resolved == text:
        assert all(w.resolved is None for w in words)


def test_a_weekday_beside_its_date_is_not_a_relative_word() -> None:
    assert resolve_text("화요일인 17일 추위가 찾아온다.", WED)[1] == ()
    assert resolve_text("28일(목요일) 열린다.", WED)[1] == ()
    assert [w.text for w in resolve_text("목요일 열린다.", WED)[1]] == ["목요일"]


def test_left_words_are_reported() -> None:
    _, words = resolve_text("“이날 만나자”고 했고 최근 오는 28일 열린다.", WED)
    assert [(w.text, w.resolved, w.quoted) for w in words] == [
        ("이날", None, True),
        ("최근", None, False),
        ("오는 28일", "5월 28일", False),
    ]


def test_the_polite_form_takes_the_same_dates() -> None:
    _, words = resolve_text("시는 오는 28일 공청회를 연다.", WED)
    assert with_dates(
        "시는 오는 28일 공청회를 엽니다.", "시는 오는 28일 공청회를 연다.", words
    ) == (
        "시는 5월 28일 공청회를 엽니다.",
        0,
    )


def _society() -> tuple[Article, Analysis]:
    page = next(p for p in demo_pages() if p.name == "04-society.html")
    article = read_source(str(page), Settings().fetch)
    return article, analyze(article)


def test_a_post_states_the_dates_and_the_day_of_the_report_once() -> None:
    article, analysis = _society()
    assert article.published == dt.date(2026, 11, 9)
    text = render_post(compose(analysis, Settings()), Settings().post).text
    assert "지난 5일" not in text and "11월 5일 시민 공청회" in text
    assert text.count("보도 기준") == 1  # "내년" cannot be resolved
    assert "</b>. (11월 9일 보도 기준) 이번 글에서는" in text
    # quotes stay the source's own words
    source = article.text
    for quote in re.findall(r"“[^”]*”", text):
        assert quote in source


def test_without_a_publication_date_nothing_is_resolved() -> None:
    article, analysis = _society()
    undated = dataclasses.replace(analysis, article=dataclasses.replace(article, published=None))
    text = render_post(compose(undated, Settings()), Settings().post).text
    assert "지난 5일 시민 공청회" in text and "11월" not in text
    assert "보도 기준" not in text


def test_the_fact_guard_takes_the_resolved_dates_as_the_sources() -> None:
    article, analysis = _society()
    post = compose(analysis, Settings())
    plan = make_plan(post, analysis)
    index, original = next((i, s) for i, s in enumerate(plan.originals) if "11월 5일" in s)
    assert "지난 5일" in analysis.sentences[index].text
    rewrite = "시는 11월 5일 시민 공청회를 거쳤고, 9일 물가대책위원회를 열어 이 같은 내용의 대중교통 요금 조정안을 확정했다고 밝혔습니다."
    sources = "\n".join(plan.sources)
    assert original in sources
    assert check_facts(rewrite, sources) == []
    # the article alone does not say "11월": the dated sentences are what backs it
    assert check_facts(rewrite, f"{article.title}\n{article.text}")
    # the source's own relative word stays acceptable (as a date: the guard also asks
    # who says what the statement says, which this test is not about)
    said = check_facts("가람교통연대는 이날 성명을 냈습니다.", sources)
    assert "date" not in {p.kind for p in said}
