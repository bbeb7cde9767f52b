"""Sections, titles, particles and slugs on their own."""

from __future__ import annotations

import pytest

from blogwire.analyze.sentences import tokenize_sentences
from blogwire.compose.korean import has_final_consonant, with_particle
from blogwire.compose.sections import segment
from blogwire.compose.slug import slugify
from blogwire.errors import ComposeError
from blogwire.models import Sentence


def _sentences(texts: list[str], paragraphs: list[int] | None = None) -> list[Sentence]:
    tokens = tokenize_sentences(texts)
    paragraphs = paragraphs or [0] * len(texts)
    return [Sentence(i, s.text, paragraphs[i], s.morphemes) for i, s in enumerate(tokens)]


TOPICS = [
    [
        "시내버스 요금이 150원 오른다.",
        "시내버스 요금 인상은 8년 만이다.",
        "시는 시내버스 적자를 이유로 들었다.",
    ],
    [
        "지하철 막차 시간이 연장된다.",
        "지하철 막차는 새벽 1시까지 다닌다.",
        "지하철 운영 인력도 늘어난다.",
    ],
    [
        "청소년 요금은 동결된다.",
        "청소년 할인 카드는 그대로 쓸 수 있다.",
        "청소년 단체는 결정을 환영했다.",
    ],
]


def _atoms(texts: list[str], paragraphs: list[int] | None = None) -> list[list[Sentence]]:
    return [[s] for s in _sentences(texts, paragraphs)]


def test_sections_break_where_the_topic_changes() -> None:
    texts = [t for topic in TOPICS for t in topic]
    groups = segment(_atoms(texts), 3)
    assert [[s.text for s in g] for g in groups] == TOPICS


def test_sections_keep_order_and_even_sizes() -> None:
    texts = [f"문장 {i}번은 서로 다른 주제 단어{i}를 담았다." for i in range(20)]
    groups = segment(_atoms(texts), 4)
    assert [len(g) for g in groups] == [5, 5, 5, 5]
    assert [s.index for g in groups for s in g] == list(range(20))


def test_paragraph_breaks_guide_sections() -> None:
    texts = [f"같은 주제 문장이다 {i}." for i in range(9)]
    groups = segment(_atoms(texts, [0, 0, 0, 1, 1, 1, 2, 2, 2]), 3)
    assert [len(g) for g in groups] == [3, 3, 3]


def test_a_run_of_bound_sentences_is_never_cut() -> None:
    sentences = _sentences([t for topic in TOPICS for t in topic])
    atoms = [[sentences[0]], sentences[1:5], *([s] for s in sentences[5:])]
    groups = segment(atoms, 3)
    assert any(sentences[1] in g and sentences[4] in g for g in groups)


def test_too_few_sentences_are_refused() -> None:
    with pytest.raises(ComposeError, match="cannot fill 3 sections"):
        segment(_atoms(["하나다.", "둘이다."]), 3)


@pytest.mark.parametrize(
    ("word", "consonant"),
    [
        ("동맹", True),
        ("버스", False),
        ("한·미", False),
        ("서울", True),
        ("AI", False),
        ("GPT-5", False),
        ("2026", True),
        ("2025", False),
        ("10", True),
        ("K리그", False),
    ],
)
def test_final_consonant(word: str, consonant: bool) -> None:
    assert has_final_consonant(word) is consonant


def test_particles() -> None:
    assert with_particle("동맹", "과", "와") == "동맹과"
    assert with_particle("반도체", "과", "와") == "반도체와"
    assert with_particle("서울", "으로", "로") == "서울로"
    assert with_particle("한국", "으로", "로") == "한국으로"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("한·미 동맹 초당적 지지의 비밀은 무엇?", "한-미-동맹-초당적-지지의-비밀은-무엇"),
        ("AI 총정리: GPT-5까지", "ai-총정리-gpt-5까지"),
        ("../../etc/passwd", "etc-passwd"),
        ("CON", "post-con"),
        ("nul: 제목", "post-nul-제목"),
        ("🚀🚀", "post"),
        ("제목\u200b\u202e숨김", "제목-숨김"),
    ],
)
def test_slugs_are_safe_file_names(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_long_slug_is_cut_at_a_word() -> None:
    slug = slugify("가나다라마 " * 20)
    assert len(slug) <= 60 and not slug.endswith("-")
