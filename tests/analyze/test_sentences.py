"""Sentence boundaries and morphemes: split_article's single pass over kiwi's tokens
must cut and assign exactly as rescanning every token for every sentence did."""

from __future__ import annotations

import pytest

from blogwire.analyze.nlp import kiwi
from blogwire.analyze.sentences import (
    _ends_with_ef,
    _tokens_by_span,
    split_article,
    tokenize_sentences,
)
from blogwire.models import Article, content_words, is_content_tag

# Paragraphs where news punctuation misleads kiwi: a doubled period before markup,
# a period inside curly and straight quotes, a quote opening the next sentence,
# "?!" and "…", padding, and a run-on caption. Expected cuts recorded from the
# rescanning implementation this one replaced.
TRICKY = (
    "예산은 책정됐다.. <script>alert(1)</script> 전문가들은 성과를 전망했다.",
    "그는 “내년에는 달라진다. 두고 보라”고 말했다. 시장은 곧바로 반응했다!",
    '여당은 "합의는 없다. 끝까지 간다"며 맞섰다. 야당은 유감을 표했다.',
    "정책이 바뀐 건 여론이 힘들어서다. '윤 어게인' 세력과의 결별이 필요하다는 주장이다.",
    "수출은 늘었다?! 하지만 내수는 부진했다… 정부는 대책을 내놨다",
    "  앞뒤에 공백이 있는 문단이다.   둘째 문장도 있다.  ",
    "정부는 AI 반도체 지원을 늘린다 “지원 규모는 5조 원”이라고 밝혔다 (서울=연합뉴스) 홍길동 기자",
)
EXPECTED = [
    (0, "예산은 책정됐다.."),
    (0, "<script>alert(1)</script> 전문가들은 성과를 전망했다."),
    (1, "그는 “내년에는 달라진다. 두고 보라”고 말했다."),
    (1, "시장은 곧바로 반응했다!"),
    (2, '여당은 "합의는 없다.'),
    (2, '끝까지 간다"며 맞섰다.'),
    (2, "야당은 유감을 표했다."),
    (3, "정책이 바뀐 건 여론이 힘들어서다."),
    (3, "'윤 어게인' 세력과의 결별이 필요하다는 주장이다."),
    (4, "수출은 늘었다?!"),
    (4, "하지만 내수는 부진했다…"),
    (4, "정부는 대책을 내놨다"),
    (5, "앞뒤에 공백이 있는 문단이다."),
    (5, "둘째 문장도 있다."),
    (
        6,
        "정부는 AI 반도체 지원을 늘린다 “지원 규모는 5조 원”이라고 밝혔다 (서울=연합뉴스) 홍길동 기자",
    ),
]


def test_tricky_paragraphs_keep_their_sentence_boundaries() -> None:
    sentences = split_article(Article(origin="t", title="t", paragraphs=TRICKY))
    assert [(s.paragraph, s.text) for s in sentences] == EXPECTED
    assert [s.index for s in sentences] == list(range(len(EXPECTED)))


def test_every_token_lands_in_its_sentence_once_with_its_offset() -> None:
    sentences = split_article(Article(origin="t", title="t", paragraphs=TRICKY))
    for p_index, paragraph in enumerate(TRICKY):
        tokens = [t for sent in kiwi().tokenize(paragraph, split_sents=True) for t in sent]
        mine = [s for s in sentences if s.paragraph == p_index]
        assert [(m.form, m.tag) for s in mine for m in s.morphemes] == [
            (t.form, t.tag) for t in tokens
        ]
        assert mine, f"no sentence of paragraph {p_index}: the loop would check nothing"
        for sentence in mine:
            # offsets count from the sentence's first character
            offset = paragraph.index(sentence.text)
            assert sentence.morphemes, sentence.text
            for m, t in zip(
                sentence.morphemes,
                [t for t in tokens if offset <= t.start < offset + len(sentence.text)],
                strict=True,
            ):
                assert (m.start, m.length) == (t.start - offset, t.len)


def _tok(form: str, tag: str, start: int, length: int) -> tuple[str, str, int, int]:
    """A token as split_article's helpers take it: (form, tag, start, length)."""
    return (form, tag, start, length)


def _naive_ef(tokens: list[tuple[str, str, int, int]], end: int) -> bool:
    last = [t for t in tokens if t[2] + t[3] <= end]
    return bool(last) and last[-1][1] == "EF"


@pytest.mark.parametrize(
    "tokens",
    [
        # ends in order, with a zero-length token at a boundary
        [
            _tok("했", "VV", 0, 1),
            _tok("다", "EF", 1, 1),
            _tok("", "JKO", 2, 0),
            _tok(".", "SF", 2, 1),
        ],
        # ends out of order: the binary search would be wrong, the scan is used
        [_tok("가", "NNG", 0, 4), _tok("다", "EF", 1, 1), _tok("요", "JX", 2, 1)],
        [],
    ],
)
def test_ends_with_ef_matches_the_scan_it_replaced(tokens: list[tuple[str, str, int, int]]) -> None:
    test = _ends_with_ef(tokens)
    for end in range(6):
        assert test(end) == _naive_ef(tokens, end), end


def test_tokens_by_span_matches_filtering_even_out_of_order() -> None:
    tokens = [_tok("a", "NNG", s, 1) for s in (0, 5, 2, 9, 7, 3, 12, 5)]
    spans = [(0, 3), (3, 6), (7, 10)]
    want = [[t for t in tokens if a <= t[2] < b] for a, b in spans]
    assert _tokens_by_span(spans, tokens) == want


def test_tokenize_sentences_one_text_or_many_gives_the_same_morphemes() -> None:
    texts = ["정부는 예산안을 국회에 제출했다.", "  여야는 합의했다!  "]
    one = [tokenize_sentences([t])[0].morphemes for t in texts]
    many = [s.morphemes for s in tokenize_sentences(texts)]
    assert one == many


def test_one_content_word_rule_for_morphemes_and_tokens() -> None:
    text = "날씨가 더워서 시민들은 한강을 걸었고 AI 전시 3곳을 찾았다."
    sentence = tokenize_sentences([text])[0]
    # irregular stems ("VA-I" 덥, "VV-I" 걷) count like any verb or adjective stem
    words = "날씨 덥 시민 한강 걷 AI 전시 3 곳 찾"
    assert sentence.content_words == tuple(words.split())
    # kiwipiepy's Tokens and blogwire's Morphemes answer alike
    assert content_words(kiwi().tokenize(text)) == list(sentence.content_words)
    assert all(map(is_content_tag, ("NNG", "NNP", "SN", "SL", "VV", "VV-I", "VA-I", "VA-R")))
    assert not any(map(is_content_tag, ("JKS", "EF", "XSN", "VX", "VX-I", "XSA-I")))
