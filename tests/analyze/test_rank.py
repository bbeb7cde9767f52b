"""Sentence ranking: the dev-set quality gate, fragment detection, summarize and select."""

from __future__ import annotations

import importlib.util
import sys
from itertools import pairwise
from pathlib import Path
from types import ModuleType

import pytest

from blogwire.analyze.rank import (
    FEATURES,
    WEIGHTS,
    fragment_flags,
    is_fragment,
    rank_sentences,
    select,
    sentence_features,
)
from blogwire.analyze.sentences import split_article, tokenize_sentences
from blogwire.analyze.summarize import summarize
from blogwire.errors import ExtractError
from blogwire.extract import extract
from blogwire.models import Document

from conftest import shared_path

ROOT = Path(__file__).resolve().parents[2]
# Sentence F1 floors per dev set. bench/quality.py measured (kiwipiepy 0.24.1) 0.578 on
# sci-news-dev, 0.459 on korsum-dev 2~3sent and 0.512 on korsum-dev 20per; each floor
# leaves ~0.015 (one or two sentences) for a kiwipiepy patch release re-tagging a few
# sentences, not for a worse ranker. The weights were chosen over all three sets
# together (bench/fit_rank.py), so a change that buys one set with another fails here.
F1_FLOORS = {
    "sci-news-dev": 0.563,
    "korsum-dev 2~3sent": 0.444,
    "korsum-dev 20per": 0.497,
}


def _bench(name: str) -> ModuleType:
    """A bench/ script (dev-set loader and metric), loaded by path: bench/ is no package.
    Its own `from peers import ...` needs bench/ on the import path."""
    module_name = f"blogwire_bench_{name}"
    if module_name not in sys.modules:
        bench = str(ROOT / "bench")
        if bench not in sys.path:
            sys.path.append(bench)
        spec = importlib.util.spec_from_file_location(module_name, ROOT / "bench" / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module  # dataclasses look their module up while being built
        spec.loader.exec_module(module)
    return sys.modules[module_name]


@pytest.mark.parametrize("name", list(F1_FLOORS))
def test_dev_set_f1_floor(name: str) -> None:
    # skips when ../shared is absent, fails under CI=true (tests/conftest.py)
    devsets = _bench("devsets")
    folder = devsets.SETS[name][0].name
    data = shared_path("data", folder).parent
    articles = devsets.load_set(name, data)
    assert articles, f"no articles of {name} in {data / folder}"
    peers = _bench("peers")
    f1 = [
        peers.prf(summarize(list(a.sentences), len(a.gold), a.title), a.gold)[2] for a in articles
    ]
    mean = sum(f1) / len(f1)
    floor = F1_FLOORS[name]
    assert mean >= floor, f"{name}: sentence F1 {mean:.3f} fell below the floor {floor}"


def _one(text: str) -> bool:
    return is_fragment(tokenize_sentences([text])[0])


@pytest.mark.parametrize(
    "text",
    [
        # bylines
        "[이데일리 조민정 기자]",
        "홍길동 기자",
        "(서울=연합뉴스) 홍길동 기자 =",
        "구석구석 숨은 이야기를 듣는, 사회부 사건팀 조민정 기자입니다.",
        # photo captions and credits
        "이준석 전 대표가 법원에 들어서고 있다. /사진=연합뉴스",
        "[마이크로소프트코리아 제공=연합뉴스]",
        "사진 확대",
        "기조연설하는 피터 리 부사장 (서울=연합뉴스) 윤동진 기자 = 3일 오전 서울 연세대학교 "
        "대강당에서 기조연설을 하고 있다.",
        # emails, copyright
        "2016.11.3 mon@yna.co.kr",
        "Copyright ⓒ 이데일리. All rights reserved.",
        "무단 전재 및 재배포 금지.",
        # subtitles and list items: no final ending, or a bullet
        "통상법원 맹비난",
        "정치 입문 후 두 번의 대선 거쳐 대통령 당선",
        "KIST 연구진, 유전자 변이 영향없는 새 표적 단백질 발견",
        "- 이해신 교수 연구팀, 신기술 개발에 성공",
        "▲서울 5.2% ▲부산 3.1%",
        "<출연 : 이은희 인하대 소비자학과 교수>",
        # scraps
        "1963년 10월 가을.",
        "",
    ],
)
def test_fragments_are_flagged(text: str) -> None:
    assert _one(text)


@pytest.mark.parametrize(
    "text",
    [
        "서울 시내버스 노조가 28일 첫 차부터 총파업에 돌입한다.",
        "정자의 운동성도 현저히 감소했다",  # pre-split data without full stops
        "자율주행 자동차가 거리에 나서기 시작하면서 잘못된 개념을 다시 돌아볼 때가 되었다",
        "이 치료제가 상용화되면 치매 환자와 그 가족에게는 희소식인데요",
        "왜 이런 분석들이 나오는 건가요?",
        "경찰 관계자는 “절차를 진행 중”이라며 “끝마치는 대로 공지하겠다”고 말했다.",
        "(서울=연합뉴스) 홍길동 기자 = 정부가 내년 예산안을 발표했다.",  # a lead, not a caption
        '"우리는 인공지능이 갖는 잠재력을 모든 사람이 쉽게 사용하길 바랍니다"',
        "기자들이 현장에서 취재 경쟁을 벌였다.",
        "경찰은 사진 제공을 거부했다.",
    ],
)
def test_sentences_are_not_fragments(text: str) -> None:
    assert not _one(text)


def test_unpunctuated_line_in_a_punctuated_article_is_a_subtitle() -> None:
    texts = [
        "통상임금 관련 이견 좁히지 못해",  # ends like a sentence, but no full stop
        "서울 시내버스 노조가 28일 첫 차부터 총파업에 돌입한다.",
        "정부와 서울시는 비상대책을 가동할 예정이다.",
    ]
    sentences = tokenize_sentences(texts)
    assert not is_fragment(sentences[0])
    assert fragment_flags(sentences) == [True, False, False]


def test_lead_outranks_subtitles_and_captions() -> None:
    texts = [
        "시내버스 파업 초읽기",
        "서울 시내버스 노조가 28일 첫 차부터 총파업에 돌입한다.",
        "서울 시내버스 노사는 27일 밤늦게까지 협상했지만 교섭이 결렬됐다.",
        "버스 차고지에 버스들이 서 있다. /사진=연합뉴스",
        "서울시는 지하철을 증편하고 무료 셔틀버스를 운행하는 비상수송대책을 가동한다.",
    ]
    scores = rank_sentences(tokenize_sentences(texts), "서울 시내버스 노조 총파업")
    assert len(scores) == len(texts)
    assert max(range(len(texts)), key=scores.__getitem__) == 1
    assert scores[0] < min(scores[1], scores[2], scores[4])
    assert scores[3] < min(scores[1], scores[2], scores[4])


def test_real_pages_lead_with_real_sentences(real_pages: list[Path]) -> None:
    """On outlet pages (politics, society, economy: not the IT dev set) the top three
    sentences are never subtitles/captions and include one of the first three real
    sentences, and the subtitles mk.co.kr stacks above its lead are flagged."""
    checked = 0
    for page in real_pages:
        html = page.read_text(encoding="utf-8", errors="replace")
        try:
            article = extract(Document(str(page), html, "html"))
        except ExtractError:  # 05: body only in a Next.js payload, no text to rank
            continue
        sentences = split_article(article)
        scores = rank_sentences(sentences, article.title)
        flags = fragment_flags(sentences)
        top = sorted(range(len(sentences)), key=lambda i: -scores[i])[:3]
        lead = [i for i, flag in enumerate(flags) if not flag][:3]
        assert not any(flags[i] for i in top), page.name
        assert set(top) & set(lead), page.name
        if page.name.endswith("-mk.html") and page.name != "09-mk.html":
            assert all(flags[:4]), (page.name, [s.text for s in sentences[:4]])
        checked += 1
    assert checked >= 8


TEXTS = [
    "정부가 내년도 예산안을 발표했다.",
    "예산 규모는 올해보다 3% 늘어난 680조원이다.",
    "복지 예산이 가장 큰 폭으로 늘었다.",
    "야당은 예산안이 방만하다고 비판했다.",
    "국회는 다음 달부터 예산안 심사에 들어간다.",
]


def test_summarize_returns_sorted_unique_indices() -> None:
    chosen = summarize(TEXTS, 3, title="정부 내년도 예산안 발표")
    assert len(chosen) == 3
    assert chosen == sorted(set(chosen))
    assert all(0 <= i < len(TEXTS) for i in chosen)


def test_summarize_edge_cases() -> None:
    assert summarize(TEXTS, 0) == []
    assert summarize(TEXTS, len(TEXTS)) == list(range(len(TEXTS)))
    assert summarize(TEXTS, 99) == list(range(len(TEXTS)))
    assert summarize([], 3) == []
    assert rank_sentences([]) == []
    with pytest.raises(ValueError):
        summarize(TEXTS, -1)


def test_select_does_not_pick_a_duplicate_twice() -> None:
    texts = [TEXTS[0], TEXTS[1], TEXTS[0], TEXTS[2], TEXTS[3]]
    sentences = tokenize_sentences(texts)
    scores = [1.0, 0.5, 1.0, 0.4, 0.3]
    assert select(sentences, scores, 2, diversity=0.0) == [0, 2]  # plain top-k: both copies
    assert select(sentences, scores, 2, diversity=0.1) == [0, 1]
    assert select(sentences, scores, 3, diversity=0.3) == [0, 1, 3]
    # only when nothing else is left does the copy come back
    assert select(sentences, scores, 5, diversity=0.3) == [0, 1, 2, 3, 4]


def test_handing_in_the_title_tokens_and_fragments_changes_no_score() -> None:
    # analyze() tokenizes the title once and finds the fragments once, and passes both
    # to rank_sentences; the scores must be those it computes on its own.
    title = "정부, 내년도 예산안 국회 제출"
    sentences = tokenize_sentences(TEXTS)
    title_sentence = tokenize_sentences([title])[0]
    alone = rank_sentences(sentences, title)
    handed = rank_sentences(
        sentences, title, title_sentence=title_sentence, fragments=fragment_flags(sentences)
    )
    assert handed == alone
    # tokens of another text are not taken for the title's
    other = tokenize_sentences(["전혀 다른 제목"])[0]
    assert rank_sentences(sentences, title, title_sentence=other) == alone


def test_irregular_stems_count_in_the_ranking() -> None:
    # kiwipiepy tags irregular stems "VV-I"/"VA-I" (걷다, 덥다); the ranking once tested
    # the bare tag and missed them, unlike every other content-word count in blogwire.
    assert not _one("날씨가 덥다.")  # 날씨 + 덥: two content words, a sentence
    texts = ["시의회는 내년 예산안을 의결했다.", "시민들은 한강을 따라 걸었다."]
    sentences = tokenize_sentences(texts)
    # the title's only content words are irregular stems: 덥, 걷
    title = FEATURES.index("title")
    features, _ = sentence_features(sentences, "더워도 걸었다")
    assert features[0, title] == 0.0
    assert features[1, title] > 0.0
    # the title tokenized here (kiwipiepy Tokens) or handed in (Morphemes): one rule
    handed, _ = sentence_features(
        sentences, "더워도 걸었다", title_sentence=tokenize_sentences(["더워도 걸었다"])[0]
    )
    assert handed.tolist() == features.tolist()


def test_scores_are_relative_to_the_best_sentence() -> None:
    scores = rank_sentences(tokenize_sentences(TEXTS), "정부 내년도 예산안 발표")
    assert max(scores) == 1.0
    assert all(0.0 < s <= 1.0 for s in scores)


def test_fragments_score_below_every_real_sentence() -> None:
    # a caption and a byline above the lead, where the lead bonus is largest
    texts = [
        "국회 본회의장 전경. /사진=연합뉴스",
        "[이데일리 홍길동 기자]",
        *TEXTS,
    ]
    scores = rank_sentences(tokenize_sentences(texts), "정부 내년도 예산안 발표")
    assert max(scores[:2]) < min(scores[2:])


def test_sentence_features() -> None:
    assert len(FEATURES) == len(WEIGHTS)
    texts = ["사진 확대", *TEXTS]
    features, fragments = sentence_features(tokenize_sentences(texts), "정부 내년도 예산안 발표")
    assert features.shape == (len(texts), len(FEATURES))
    assert fragments.tolist() == [True, False, False, False, False, False]
    lead = features[:, FEATURES.index("lead")]
    # the caption does not push the lead down; after it the bonus falls
    assert lead[0] == lead[1] == 1.0
    assert all(a > b for a, b in pairwise(lead[1:]))
    empty, flags = sentence_features([], "제목")
    assert empty.shape == (0, len(FEATURES))
    assert flags.shape == (0,)


def test_named_lead_prefers_the_sentence_that_names_someone() -> None:
    named = tokenize_sentences(["윤석열 대통령이 예산안을 발표했다."])
    unnamed = tokenize_sentences(["정부가 예산안을 발표했다."])
    column = FEATURES.index("lead_name")
    assert sentence_features(named)[0][0, column] == 1.0
    assert sentence_features(unnamed)[0][0, column] == 0.0


def test_place_and_the_leads_sentences_count_real_sentences_only() -> None:
    texts = ["사진 확대", *TEXTS]
    features, fragments = sentence_features(tokenize_sentences(texts), "정부 내년도 예산안 발표")
    assert fragments.tolist()[0] is True
    column = {name: features[:, FEATURES.index(name)].tolist() for name in FEATURES}
    # the caption above the lead is not the lead's first sentence; the lead is
    assert column["fragment"] == [1.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    assert column["first"] == [0.0, 1.0, 0.0, 0.0, 0.0, 0.0]
    assert column["second"] == [0.0, 0.0, 1.0, 0.0, 0.0, 0.0]
    assert column["third"] == [0.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    assert column["fourth"] == [0.0, 0.0, 0.0, 0.0, 1.0, 0.0]
    # place runs from the first real sentence (0) to the last (1)
    assert column["place"][1] == 0.0 and column["place"][-1] == 1.0
    assert all(a < b for a, b in pairwise(column["place"][1:]))


def test_the_shipped_weights_fall_with_the_place_in_the_article() -> None:
    # every dev set fitted alone gives place a negative weight (docs/quality.md): a
    # refit that flips it would say the model no longer reads the inverted pyramid
    weights = dict(zip(FEATURES, WEIGHTS, strict=True))
    assert weights["place"] < 0 < weights["lead"]
    assert weights["fragment"] < 0
