"""Keyphrases are whole noun phrases of the story, names kept whole."""

from __future__ import annotations

from blogwire.analyze.keyphrases import extract_keyphrases, noun_phrases
from blogwire.analyze.sentences import tokenize_sentences
from blogwire.demo import demo_pages
from blogwire.facade import Blogwire
from blogwire.settings import Settings


def _phrases(text: str) -> set[str]:
    return {p for p, _, _ in noun_phrases(tokenize_sentences([text])[0])}


def test_noun_phrases_keep_spacing_and_names() -> None:
    phrases = _phrases("한·미 동맹은 핵작전 지침을 승인했다.")
    assert {"한·미 동맹", "핵작전 지침", "한·미"} <= phrases
    assert "미 동맹" not in phrases


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
    wire = Blogwire(Settings())
    expected = {
        "03-it": "세빛반도체",
        "07-culture": "겨울 정류장",
        "05-sports": "이도윤",
        "09-economy-realestate": "서울 아파트",
    }
    for page in demo_pages():
        if page.stem in expected:
            analysis = wire.analyze(wire.load(str(page)))
            top = [k.text for k in analysis.keyphrases[:6]]
            assert expected[page.stem] in top, (page.name, top)
