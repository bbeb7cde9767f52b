"""A post is a short summary in the blog's own voice (issue 15): how much of the source
it says, how much is its own, how long it is, what it highlights, and short articles."""

from __future__ import annotations

import functools
import statistics
from pathlib import Path

import pytest

from blogwire.analyze import analyze
from blogwire.compose.highlight import MAX_CHARS, key_span
from blogwire.compose.select import chars
from blogwire.compose.voice import is_framing
from blogwire.demo import demo_pages
from blogwire.errors import ComposeError, ConfigError
from blogwire.models import Analysis, Article, Paragraph, Post, Voice
from blogwire.pipeline import compose, read_source
from blogwire.render.check import check_post, post_reuse
from blogwire.render.seed import render_post
from blogwire.settings import PostSettings, Settings, load_settings

SETTINGS = Settings()


@functools.cache
def _case(page: str) -> tuple[Analysis, Post, str]:
    analysis = analyze(read_source(page, SETTINGS.fetch))
    post = compose(analysis, SETTINGS)
    return analysis, post, render_post(post, SETTINGS.post).text


def _parts(post: Post) -> list[Paragraph]:
    return [post.intro, *(s.body for s in post.sections), post.conclusion]


def _groups(paragraph: Paragraph) -> list[tuple[str, Voice]]:
    return [
        ("".join(s.text for s in group), paragraph.voice(n))
        for n, group in enumerate(paragraph.sentence_groups())
    ]


DEMO = [str(p) for p in demo_pages()]


@pytest.mark.parametrize("page", DEMO, ids=[Path(p).name for p in DEMO])
def test_a_post_is_a_summary_not_a_reprint(page: str) -> None:
    analysis, post, text = _case(page)
    reuse = post_reuse(text, analysis.article.paragraphs)
    assert reuse.within(SETTINGS.post.max_source_share), reuse
    assert reuse.share < 0.75  # the posts of these articles were 84-100 % the source
    body = [g for part in _parts(post) for g in _groups(part)]
    own = sum(chars(t) for t, v in body if v is Voice.FRAMING)
    total = sum(chars(t) for t, _ in body)
    assert own / total >= 0.25
    assert 400 <= total <= 1300
    assert check_post(text, page, SETTINGS.post) == []


@pytest.mark.parametrize("page", DEMO, ids=[Path(p).name for p in DEMO])
def test_every_sentence_is_the_sources_or_a_framing_line(page: str) -> None:
    analysis, post, _ = _case(page)
    for part in _parts(post):
        groups = _groups(part)
        assert len(part.voices) == len(groups)
        sources = iter(part.sources)
        for text, voice in groups:
            if voice is Voice.FRAMING:
                assert is_framing(text), text
                continue
            original = analysis.sentences[next(sources)].text
            # the source's words up to the ending (polite style; dates may be written
            # out; an opening connective that carries no fact may be left out)
            said = text.removeprefix("결론적으로, ")
            assert said[:8] in original or "일" in said[:12], (said, original)
        assert next(sources, None) is None
    # the intro opens with a framing line and announces the post with another
    assert post.intro.voices[0] is Voice.FRAMING and post.intro.voices[-1] is Voice.FRAMING
    assert "이번 글에서는" in _groups(post.intro)[-1][0]
    # each section opens with its bridge
    assert all(s.body.voices[0] is Voice.FRAMING for s in post.sections)


def test_highlights_are_short_key_clauses_never_questions() -> None:
    lengths = []
    for page in DEMO:
        _, post, _ = _case(page)
        for part in _parts(post):
            index = part.highlighted_index()
            assert index is not None
            spans = [s for s in part.spans if s.highlight is not None]
            assert len(spans) == 1
            sentence = _groups(part)[index][0]
            assert not sentence.rstrip().endswith("?")
            lengths.append(len(spans[0].text))
    assert lengths, "no highlights to measure"
    assert max(lengths) <= MAX_CHARS
    assert statistics.median(lengths) <= 45


def test_key_span_keeps_quotes_whole_and_short_sentences_whole() -> None:
    short = "시는 정기권을 도입합니다."
    assert key_span(short, []) == (0, len(short) - 1)
    text = (
        "오승민 가람시 교통국장은 “인건비와 연료비가 크게 올라 더는 요금 인상을 미루기 "
        "어려운 상황”이라고 설명했으며, 시는 월 5만5000원 정기권을 내년 3월 도입할 예정입니다."
    )
    a, b = key_span(text, ["정기권"])
    piece = text[a:b]
    assert len(piece) <= MAX_CHARS
    assert piece.count("“") == piece.count("”")
    assert "정기권" in piece
    assert not piece.endswith(".")


def _article(sentences: list[str]) -> Article:
    return Article(
        origin="brief.txt",
        title="가람시 도서관 운영 시간 연장",
        paragraphs=(" ".join(sentences),),
        url="https://news.example/brief",
        site_name="한빛일보",
    )


BRIEF = [
    "가람시가 다음 달부터 시립도서관 운영 시간을 밤 10시까지 늘린다.",
    "시립도서관 다섯 곳이 평일 저녁에 문을 더 오래 연다.",
    "가람시는 직장인과 학생의 이용 요청이 많았다고 설명했다.",
    "주말 운영 시간은 지금과 같이 오후 6시까지다.",
    "시는 이용 실적을 살펴 운영 시간을 더 늘릴 계획이다.",
]


@pytest.mark.parametrize("count", [4, 5, 7])
def test_a_short_article_still_makes_a_valid_post(count: int) -> None:
    more = ["도서관 열람실 좌석은 모두 300석이다.", "대출 권수는 1인 7권이다."]
    sentences = [*BRIEF, *more][:count]
    analysis = analyze(_article(sentences))
    post = compose(analysis, SETTINGS)
    assert len(post.sections) >= 3
    text = render_post(post, SETTINGS.post).text
    assert check_post(text, "brief", SETTINGS.post) == []
    said = [i for part in _parts(post) for i in part.sources]
    assert len(said) == len(set(said))  # each source sentence once


def test_a_three_sentence_article_is_refused_with_its_reason() -> None:
    analysis = analyze(_article(BRIEF[:3]))
    with pytest.raises(ComposeError, match="article too short: 3 usable sentences"):
        compose(analysis, SETTINGS)


def test_the_share_setting_bounds_the_post() -> None:
    page = next(p for p in DEMO if p.endswith("08-science.html"))
    analysis, post, _ = _case(page)
    wide = compose(analysis, Settings(post=PostSettings(max_source_share=0.9)))
    said = sum(chars(analysis.sentences[i].text) for p in _parts(post) for i in p.sources)
    said_wide = sum(chars(analysis.sentences[i].text) for p in _parts(wide) for i in p.sources)
    assert said <= 0.35 * chars(analysis.article.text)
    assert said_wide >= said


@pytest.mark.parametrize("value", [0, 1.5, -0.1])
def test_the_share_setting_is_validated(value: float) -> None:
    with pytest.raises(ConfigError, match=r"post\.max_source_share"):
        load_settings(overrides={"post.max_source_share": value}, environ={})
    assert (
        load_settings(overrides={"post.max_source_share": 0.5}, environ={}).post.max_source_share
        == 0.5
    )
