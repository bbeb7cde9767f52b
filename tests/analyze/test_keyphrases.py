"""Keyphrases are whole noun phrases of the story, names kept whole."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from blogwire.analyze.keyphrases import extract_keyphrases, noun_phrases
from blogwire.analyze.sentences import tokenize_sentences
from blogwire.demo import demo_pages
from blogwire.models import NounPhrase, Sentence
from blogwire.pipeline import analyze, read_source
from blogwire.settings import Settings


def _phrases(text: str) -> set[str]:
    return {p.text for p in noun_phrases(tokenize_sentences([text])[0])}


def test_noun_phrases_keep_spacing_and_names() -> None:
    phrases = _phrases("한·미 동맹은 핵작전 지침을 승인했다.")
    assert {"한·미 동맹", "핵작전 지침", "한·미"} <= phrases
    assert "미 동맹" not in phrases


def test_a_noun_phrase_counts_its_tokens_and_knows_its_names() -> None:
    found = noun_phrases(tokenize_sentences(["테슬라 모델 S 판매가 늘었다."])[0])
    by_text = {p.text: p for p in found}
    assert by_text["테슬라 모델 S"] == NounPhrase("테슬라 모델 S", tokens=3, has_name=True)
    assert by_text["모델 S 판매"].tokens == 3
    assert by_text["판매"] == NounPhrase("판매", tokens=1, has_name=False)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("인상파 화가 클로드 모네의 작품이 서울에서 전시됐다.", "클로드 모네"),
        ("에드바르트 뭉크의 절규가 공개됐다.", "에드바르트 뭉크"),
        ("테슬라 모델 S 판매가 늘었다.", "테슬라 모델 S"),
    ],
)
def test_multi_word_names_stay_whole_without_kiwis_multi_word_dictionary(
    text: str, name: str
) -> None:
    # blogwire loads kiwipiepy without its WikiData multi-word dictionary (KIWI_OPTIONS:
    # ~0.9 s and ~190 MB per process); the names it would join are split into adjacent
    # nouns, and the noun phrases put them back together.
    assert name in _phrases(text)


def test_phrases_never_start_or_end_inside_a_word() -> None:
    phrases = _phrases("친청계 최고위원들은 국민의힘 이의신청에 반발했다.")
    assert "청계 최고" not in phrases
    assert "계 최고위원" not in phrases
    assert phrases == {"친청계", "최고위원", "국민", "이의신청", "반발"}


def test_repeated_phrases_rank_above_single_mentions() -> None:
    texts = [
        "반도체 수출이 늘었다.",
        "반도체 수출 증가는 10월에도 이어졌다.",
        "정부는 반도체 수출 지원을 늘린다.",
        "날씨는 맑았다.",
    ]
    sentences = tokenize_sentences(texts)
    keyphrases = extract_keyphrases(
        sentences, [1.0] * 4, "반도체 수출 호조", tokenize_sentences(["반도체 수출 호조"])[0]
    )
    assert keyphrases[0].text == "반도체 수출"
    assert keyphrases[0].sentences == (0, 1, 2)
    assert "날씨" not in [k.text for k in keyphrases]


def test_demo_keyphrases_name_the_story() -> None:
    expected = {
        "03-it": "세빛반도체",
        "07-culture": "겨울 정류장",
        "05-sports": "이도윤",
        "09-economy-realestate": "서울 아파트",
    }
    pages = demo_pages()
    # the loop only checks the pages named here: each must be among the demo pages
    assert {page.stem for page in pages} >= expected.keys(), [page.stem for page in pages]
    for page in pages:
        if page.stem in expected:
            analysis = analyze(read_source(str(page), Settings().fetch))
            top = [k.text for k in analysis.keyphrases[:6]]
            assert expected[page.stem] in top, (page.name, top)


def test_noun_phrases_are_found_once_per_sentence_and_carried_to_the_titles(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # analyze() finds each sentence's phrases once (and the title's), hands them to
    # the keyphrases and, on Analysis.noun_phrases, to the section titles.
    import blogwire.analyze.keyphrases as keyphrases_module
    import blogwire.compose.titles as titles_module
    from blogwire.compose.post import compose_post

    article = read_source(str(demo_pages()[0]), Settings().fetch)
    calls: list[str] = []

    def counted(sentence: Sentence) -> list[NounPhrase]:
        calls.append(sentence.text)
        return noun_phrases(sentence)

    monkeypatch.setattr(keyphrases_module, "noun_phrases", counted)
    monkeypatch.setattr(titles_module, "noun_phrases", counted)
    analysis = analyze(article)
    compose_post(analysis, Settings().post)
    assert len(calls) == len(analysis.sentences) + 1  # + the title
    assert analysis.noun_phrases == tuple(tuple(noun_phrases(s)) for s in analysis.sentences)


def test_a_post_without_carried_phrases_is_the_same_post() -> None:
    # an Analysis built without noun_phrases (older callers) still composes, identically
    from blogwire.compose.post import compose_post

    pages = demo_pages()[:3]
    assert pages, "no bundled demo pages: the loop would check nothing"
    for page in pages:
        analysis = analyze(read_source(str(page), Settings().fetch))
        bare = dataclasses.replace(analysis, noun_phrases=())
        assert bare == analysis  # derived data: equality ignores it
        settings = Settings().post
        today = dt.date(2026, 1, 1)
        assert compose_post(bare, settings, today=today) == compose_post(
            analysis, settings, today=today
        )
