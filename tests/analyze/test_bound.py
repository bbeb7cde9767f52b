"""Bound sentences: which sentences lean on an earlier one (issue 14 item 2).

The cases are real news sentences (and their polite-style forms, as a post renders them),
written out here; the failures seen in posts are all among them.
"""

from __future__ import annotations

import functools

import pytest

from blogwire.analyze import analyze
from blogwire.analyze.bound import (
    Kind,
    bound_kind,
    drop_connective,
    leaning_sentences,
    opens_bound,
)
from blogwire.analyze.sentences import split_article, tokenize_sentences
from blogwire.extract import extract
from blogwire.models import Article, Sentence
from blogwire.settings import FetchSettings
from blogwire.sources import load

from conftest import shared_path


def _one(text: str) -> Sentence:
    return tokenize_sentences([text])[0]


BOUND: list[tuple[str, Kind]] = [
    # -- the failures seen in posts, plain (the article's) and polite (the post's)
    (
        "결론적으로, 이에 정 전 대표는 언론사 만평을 공유하며 “많이 아프다”고 했습니다.",
        Kind.PRONOUN,
    ),
    ("이에 정 전 대표는 친명계 공세를 표현한 언론사 만평을 공유했다.", Kind.PRONOUN),
    ("친명계와 친청계의 입장차가 좁혀지지 않으면서다.", Kind.FRAGMENT),
    ("친명계와 친청계의 입장차가 좁혀지지 않으면서입니다.", Kind.FRAGMENT),
    (
        "서울 시내버스 노사가 27일 밤늦게까지 마라톤 협상에 나섰지만 교섭이 최종 결렬됐기 때문이다.",
        Kind.FRAGMENT,
    ),
    (
        "서울 시내버스 노사가 27일 밤늦게까지 마라톤 협상에 나섰지만 교섭이 최종 결렬됐기 때문입니다.",
        Kind.FRAGMENT,
    ),
    (
        "국민의힘 측 법률대리인은 이어 “당헌 개정을 임의로 결정한 게 아니라 정당한 절차에 따라 "
        "실시한 것”이라고 했다.",
        Kind.CONNECTIVE,
    ),
    (
        "국민의힘 측 법률대리인은 이어 “정당한 절차에 따라 실시한 것”이라고 했습니다.",
        Kind.CONNECTIVE,
    ),
    (
        "지난달 1일 열린 상고심에선 대법원이 해당 사건을 유죄 취지로 파기환송하며 이 당선인의 "
        "사법리스크가 재점화됐다.",
        Kind.DEMONSTRATIVE,
    ),
    ("대법원이 해당 사건을 유죄 취지로 파기환송했습니다.", Kind.DEMONSTRATIVE),
    (
        "28일(현지시간) 미국 라스베이거스에서 열린 ‘비트코인 2025’ 행사에 참여한 J D 밴스 미국 "
        "부통령은 이같이 말했다.",
        Kind.REPORT,
    ),
    ("J D 밴스 미국 부통령은 이같이 말했습니다.", Kind.REPORT),
    # -- connectives, at the start or right after the subject
    ("그러면서 차기 정부를 '국민 주권 정부'로 명명하겠다는 의지도 밝혔다.", Kind.CONNECTIVE),
    ("이어 “다음 정부가 해야 할 가장 중요한 일”이라고 강조했다.", Kind.CONNECTIVE),
    ("특히 도널드 트럼프 미국 대통령의 가상자산 최측근들이 모두 모였다.", Kind.CONNECTIVE),
    ("한편 채 상병 순직 49재인 전날 해룡사에서 위령제가 진행됐다.", Kind.CONNECTIVE),
    ("하지만 친청계 최고위원들이 전 당원 투표 등을 요구하고 있다.", Kind.CONNECTIVE),
    ("다만 국민의힘은 현재 당의 상황이 비상상태라며 자율성을 강조했다.", Kind.CONNECTIVE),
    ("실제 장 대표는 12·3 비상계엄에 대해 사과한 바 있다.", Kind.CONNECTIVE),
    ("헌재는 결국 지난 4월 4일 윤 전 대통령의 파면을 결정했다.", Kind.CONNECTIVE),
    (
        "트럼프 대통령은 또 “급진좌파 판사들이 미국을 파괴하고 있다”고 비난했습니다.",
        Kind.CONNECTIVE,
    ),
    ("우선 지하철은 1일 총 173회를 늘려 운행한다.", Kind.CONNECTIVE),
    ("이후 한 직무대행은 물밑 조율에 나선 것으로 전해졌다.", Kind.CONNECTIVE),
    ("그만큼 트럼프 대통령이 느끼는 분노와 위기감이 상당하다.", Kind.CONNECTIVE),
    ("그런데도 박근혜 정부, 특히 외교부는 당당하게 항의도 못 하고 있다.", Kind.CONNECTIVE),
    ("그러던 중 관제센터에서 근무하는 직원이 비슷한 인물을 발견했다.", Kind.CONNECTIVE),
    # -- demonstratives and pronouns
    ("이 가운데 약 7000여대가 파업에 동참할 것으로 추산하고 있다.", Kind.DEMONSTRATIVE),
    ("이 같은 결정은 논란이 됐다.", Kind.DEMONSTRATIVE),
    ("이 물질을 제대로 검출·분석하면 핵무기의 종류를 알아낼 수 있다.", Kind.DEMONSTRATIVE),
    ("그 배경은 무엇인지 짚어보겠습니다.", Kind.DEMONSTRATIVE),
    ("개봉한 이 영화는 18일까지 누적 관객 100만3000여 명을 기록했다.", Kind.DEMONSTRATIVE),
    (
        "영화관 입장권 통합전산망에 따르면 지난달 26일 개봉한 이 영화는 누적 관객 100만 명을 "
        "기록했습니다.",
        Kind.DEMONSTRATIVE,
    ),
    (
        "연구팀은 새로운 에테르 계열 용매를 합성해 이 결합력을 적절히 약화시켰다.",
        Kind.DEMONSTRATIVE,
    ),
    ("그렇다면 케미포비아로 해결될 게 아니다.", Kind.DEMONSTRATIVE),
    ("이를 통해 한 전 대표 제명에 따른 여진을 최소화하겠다는 의도로 풀이된다.", Kind.PRONOUN),
    ("이는 지선에서 큰 악재로 작용할 수밖에 없다.", Kind.PRONOUN),
    ("이에 따라 현대건설 컨소시엄은 설계 검토를 병행하고 있다.", Kind.PRONOUN),
    ("이에따라 국토교통부는 27일 대책 회의를 열었다.", Kind.PRONOUN),
    ("이들은 미국의 크립토 경쟁력의 중요성을 언급했다.", Kind.PRONOUN),
    ("그는 초등학교를 졸업하자마자 소년공 생활을 시작했다.", Kind.PRONOUN),
    ("공장 내 잦은 폭력에 시달리던 그는 공부를 시작했습니다.", Kind.PRONOUN),
    ("이로 인한 직간접 피해액은 10억 원가량으로 추정된다.", Kind.PRONOUN),
    ("이건 학위 장사입니다.", Kind.PRONOUN),
    # -- reason and continuation fragments
    ("넉 달가량 남은 지방선거에서 참패할 경우 당대표직을 지키기 힘들어서다.", Kind.FRAGMENT),
    ("중도층이 급격히 이탈하지는 않을 것이란 판단에서다.", Kind.FRAGMENT),
    ("태풍에 대비한 안전 시공법 적용이 필수라는 설명이다.", Kind.FRAGMENT),
    ("태풍에 대비한 안전 시공법 적용이 필수라는 설명입니다.", Kind.FRAGMENT),
    # the topic is inside what was said, not who said it
    (
        "저출생으로 나라가 위기에 처한 상황에서 우리끼리 내부총질은 그만해야 한다는 것이다.",
        Kind.FRAGMENT,
    ),
    (
        "저출생으로 나라가 위기에 처한 상황에서 우리끼리 내부총질은 그만해야 한다는 것입니다.",
        Kind.FRAGMENT,
    ),
    ("현대건설이 공공사업의 신뢰를 훼손하고 있다는 주장이다.", Kind.FRAGMENT),
    ("트럼프 행정부가 긴급구제 요청 카드를 쓸 수 있다는 의미로 풀이된다.", Kind.FRAGMENT),
    ("트럼프 행정부가 긴급구제 요청 카드를 쓸 수 있다는 의미로 풀이됩니다.", Kind.FRAGMENT),
    ("공항 면적의 59%를 매립하는 공사로 기술적 특수성이 필요한 이유다.", Kind.FRAGMENT),
    ("그의 정치 인생이 시작된 것이다.", Kind.PRONOUN),
    ("북한이 1차 핵실험을 한 다음 해부터 26억원을 들여 구매한 것이다.", Kind.FRAGMENT),
    ("활주로는 충격을 견뎌야 하는 핵심 시설이기 때문이다.", Kind.FRAGMENT),
    ("지난 3월 법안이 발의된 지 8개월 만이다.", Kind.FRAGMENT),
    ("AI 서버용 고대역폭 메모리(HBM) 수요가 꾸준히 이어진 영향입니다.", Kind.FRAGMENT),
    # -- a subject that carries 도, or none at all
    ("박규환 최고위원도 “당규만 개정해서 졸속으로 실시하겠다는 것”이라고 했다.", Kind.ALSO),
    ("한국철도공사(코레일)도 전동열차를 32회 추가 운행한다.", Kind.ALSO),
    ("가상자산을 통해 ‘자본 패권’까지 사수할 수 있다는 의견도 나왔다.", Kind.ALSO),
    ("공공 건축물도 절반 이하만 지진에 대비해 설계했습니다.", Kind.ALSO),
    ("당장 자신부터 정치보복에 나서지 않겠다고 약속했다.", Kind.NO_SUBJECT),
    ("1978년 지진 관측 시작 이래 가장 강력했다.", Kind.NO_SUBJECT),
    ("행정적 역량을 토대로 2018년엔 경기도지사가 됐다.", Kind.NO_SUBJECT),
    (
        "보수 인사 영입 계획을 묻자 “많은 분들이 함께하길 기대하고 있다”고 가능성을 열어놨다.",
        Kind.NO_SUBJECT,
    ),
]

FREE: list[str] = [
    # a subject of its own, and an ordinary adverb or time word
    "서울 시내버스 노조가 28일 첫 차부터 총파업에 돌입한다.",
    "이번 경주 지진은 국민이 느낀 공포에 비해선 큰 인적·물적 피해는 없었다.",
    "이날 골드만삭스는 관세를 부과할 수 있는 수단에 대해 소개했다.",
    "올해 1월 사망자가 발생한 화재 사고는 전기장판에서 발생했다.",
    "정부는 북한이 핵실험을 진행하는 동안 방사성 제논을 검출하지 못했다.",
    "앞서 서울 시내버스 노사는 27일 오후 3시부터 교섭에 돌입했다.",
    "당초 민주당은 10일 밤 최고위를 열고 전대 규칙을 확정지을 계획이었다.",
    "그동안 발생한 규모 5.0 이상 지진 9차례 가운데 4차례가 2014년 이후 나왔다.",
    # 이 is the surname Lee
    "이 후보는 경남 하동의 '화개장터'에서 청년들과 간담회를 열었다.",
    "이 전 대표는 이미 1차 가처분 결정에서 비상상황이 임의로 만들어졌다는 주장이다.",
    "이 당선인은 경북 안동 농가에서 5남2녀 중 다섯째로 태어났다.",
    # a pronoun or demonstrative inside a quote, or pointing inside the sentence
    "이 후보는 “그 정부의 상징은 국민주권이라고 생각한다”고 말했다.",
    "현재 직원 수는 260명이며 이 가운데 70% 이상이 연구개발 인력이다.",
    "연구보고서가 정부에 제출됐지만 정부는 이를 비공개한 채 원전 건설을 승인했다.",
    "민주당은 개의 약 2시간 반 만에 이렇다 할 결론을 내리지 못하고 산회했다.",
    "7월 25일에는 〈실용 기술을 높이 평가하라〉고 했는데 이런 표현은 쓰지 않으면 좋겠다.",
    "선취업·후진학 제도는 문제가 많은데 교육부가 강행하다가 이런 사태가 빚어졌다.",
    "과일을 씻을 때 밀가루를 쓴다는데 이건 심각한 도덕적 해이다.",
    "―테러 기사가 지속 보도되는데 대부분 신문의 논조가 그들에 대한 관용이 지나쳤다는 내용이다.",
    # a topic that names what the reason or the explanation is about
    "검찰이 이상해진 것은 청와대가 검사를 민정수석으로 쓰기 때문이다.",
    "국민의힘은 중도·무당층으로 외연 확장에 힘을 쏟겠다는 구상이다.",
    "정부는 내년부터 요금을 올리겠다는 방침이다.",
    "업계는 수요가 다시 늘 것이라는 전망이다.",
    "김 장관은 문제가 없다는 설명이다.",
    "요금 인상은 2019년 이후 7년 만이다.",
    "한국 독립영화가 관객 100만 명을 넘은 것은 10년 만이다.",
    "서울시가 시내버스 파업에 대비해 조치할 예정이다.",
    # instructions and questions: their subject is anyone, or the reader
    "전기장판 사용 시, 라텍스 재질의 침구류와 함께 사용하지 않아야 한다.",
    "도시락 입고런이라는 건 어떤 현상을 말하는 건가요?",
    # a quotation on its own (a pull quote): what it leans on, if anything, comes after
    "“경상도와 전라도로 나눠서 왜 싸우나.”",
    # a place that stands for who acts
    "서울 25개 각 자치구에서는 지하철역까지 무료셔틀버스를 운행한다.",
    "후보 등록일을 목전에 두고 전대 룰을 둘러싼 계파 갈등이 전면전으로 치닫는 양상이다.",
]


@pytest.mark.parametrize(("text", "kind"), BOUND)
def test_bound_sentences_are_marked_with_why(text: str, kind: Kind) -> None:
    sentence = _one(text)
    assert bound_kind(sentence) is kind
    assert opens_bound(sentence)


@pytest.mark.parametrize("text", FREE)
def test_free_standing_sentences_are_not_marked(text: str) -> None:
    assert bound_kind(_one(text)) is None
    assert not opens_bound(_one(text))


DROPS: list[tuple[str, str | None]] = [
    # the connective only says "also", "next", "in particular": the rest stands alone
    (
        "국민의힘 측 법률대리인은 이어 “정당한 절차에 따라 실시한 것”이라고 했다.",
        "국민의힘 측 법률대리인은 “정당한 절차에 따라 실시한 것”이라고 했다.",
    ),
    (
        "특히 도널드 트럼프 미국 대통령의 최측근들이 모두 모였습니다.",
        "도널드 트럼프 미국 대통령의 최측근들이 모두 모였습니다.",
    ),
    (
        "한편 채 상병 순직 49재인 전날 위령제가 진행됐다.",
        "채 상병 순직 49재인 전날 위령제가 진행됐다.",
    ),
    ("우선, 지하철은 1일 총 173회를 늘려 운행한다.", "지하철은 1일 총 173회를 늘려 운행한다."),
    ("이와 함께 정부는 비상대책을 가동한다.", "정부는 비상대책을 가동한다."),
    # the rest has no subject of its own
    ("그러면서 차기 정부를 '국민 주권 정부'로 명명하겠다는 의지도 밝혔다.", None),
    ("이어 “다음 정부가 해야 할 일”이라고 강조했다.", None),
    (
        "그러면서 “반드시 이길 수 있도록 해달라”고 압도적 승리에 호남이 앞장서 달라고 호소했다.",
        None,
    ),
    # a time topic is no subject: who asked is still missing
    ("특히 올해는 학교와 공공기관 등에 등교 시간 조정도 요청해둔 상태다.", None),
    # the rest is still bound
    ("또 무역법 301조 등도 쓸 수 있는 수단이다.", None),
    ("그는 이어 “관계 기관에 지속적으로 건의하기도 했다”고 덧붙였다.", None),
    # the connective says something: a contrast, a consequence, an order in time
    ("하지만 친청계 최고위원들은 곧장 반대 의사를 밝혔다.", None),
    ("헌재는 결국 지난 4월 4일 윤 전 대통령의 파면을 결정했다.", None),
    ("이후 한 직무대행은 물밑 조율에 나섰다.", None),
    ("이에 트럼프 행정부는 판결의 영향이 없다는 점을 강조했다.", None),
    # no connective at all
    ("서울 시내버스 노조가 28일 첫 차부터 총파업에 돌입한다.", None),
]


@pytest.mark.parametrize(("text", "expected"), DROPS)
def test_drop_connective_only_when_no_fact_is_lost(text: str, expected: str | None) -> None:
    assert drop_connective(_one(text)) == expected
    assert drop_connective(text) == expected  # a post's text, tokenized on the way in


def test_a_post_sentence_is_read_from_its_text() -> None:
    assert opens_bound("J D 밴스 미국 부통령은 이같이 말했습니다.")
    assert bound_kind("교섭이 최종 결렬됐기 때문입니다.") is Kind.FRAGMENT
    assert not opens_bound("서울 시내버스 노조가 28일 첫 차부터 총파업에 돌입합니다.")


def _article(*paragraphs: str) -> tuple[Sentence, ...]:
    sentences = split_article(Article("test", "제목", paragraphs))
    assert sentences, "the article split into no sentences"
    return sentences


def test_a_quote_report_leans_on_the_sentence_that_holds_the_quote() -> None:
    sentences = _article(
        "“이미 가상자산은 미국 경제 주류로 인정을 받고 있다. 3조달러 규모의 시장을 미국에 잡아두겠다.”",
        "28일 행사에 참여한 J D 밴스 미국 부통령은 이같이 말했다.",
        "비트코인 2025는 가상자산업계 ‘다보스 포럼’이라고 불리는 행사다.",
    )
    texts = [s.text for s in sentences]
    assert len(texts) == 4, texts
    # the article's first sentence never leans; the quote's second half continues it;
    # the report leans on the sentence holding (the end of) the quote; the last is free
    assert leaning_sentences(sentences) == (None, 0, 1, None)


def test_a_paragraph_opener_leans_on_the_previous_paragraph() -> None:
    sentences = _article(
        "민주당 지도부가 선호투표제 도입 방안을 논의했으나 결론을 내지 못했다.",
        "이에 한 직무대행은 정회를 선포했다.",
    )
    assert leaning_sentences(sentences) == (None, 0)


def test_the_first_sentence_never_leans_and_fragments_are_skipped() -> None:
    sentences = _article(
        "그러나 판 내부에서도 지진은 일어난다.",
        "사실상 10분 만에 끝난 최고위",  # a subtitle: a fragment, leans on nothing
        "그는 이어 “조율하겠다”고 덧붙였다.",
    )
    assert leaning_sentences(sentences) == (None, None, 0)


def test_every_sentence_gets_an_answer() -> None:
    sentences = _article(
        "경찰이 해병대를 상대로 압수수색에 나섰다. 특히 해병대 1사단이 대상이다.",
        "이는 채 상병 사건 수사에서 처음이다.",
    )
    leans = leaning_sentences(sentences)
    assert len(leans) == len(sentences) == 3
    assert leans == (None, 0, 1)


def test_a_quotation_over_several_sentences_binds_them_all_and_nothing_after() -> None:
    # split beforehand, as a data set gives it (blogwire's own split keeps a quotation
    # in one sentence when it can)
    sentences = tokenize_sentences(
        [
            "김성수 의원은 “이번 조사는 국민들이 단통법의 효과를 어떻게 체감하는지 살펴본 것이다.",
            "정부는 성과 홍보에만 집중할 것이 아니다.",
            "국민의 입장에서 정책적 검토를 해야 한다”고 말했다.",
            "단통법은 2014년 10월 시행돼 올해로 6년째를 맞았다.",
        ]
    )
    assert leaning_sentences(sentences) == (None, 0, 1, None)


def test_a_closing_mark_split_off_to_the_next_sentence_ends_the_quotation_there() -> None:
    sentences = tokenize_sentences(
        [
            "최 교수는 “극한적인 대립이 민주주의를 위기에 빠트릴 수 있다.",
            "앞으로 정치세력 간 대립이 지극히 우려스럽다.",
            "” 문 대통령의 취임사는 통합에 비중을 뒀었다.",
        ]
    )
    assert leaning_sentences(sentences) == (None, 0, None)


def test_an_unclosed_quotation_binds_nothing() -> None:
    # a page that never closes its quote: the marks do not leak into the sentences after
    sentences = tokenize_sentences(
        [
            "황 대표는 “통합의 열차를 출발시키도록 하겠다.",
            "자유한국당은 1일 서울 여의도에서 기자간담회를 열었다.",
            "한국당 지도부는 이날 통합추진위원회 구성을 논의했다.",
        ]
    )
    assert leaning_sentences(sentences) == (None, None, None)


def test_a_pronoun_that_points_inside_its_own_sentence_binds_nothing() -> None:
    for text in (
        "지진 이후 시민들의 불안감이 계속되고 있어 이에 대한 적극적인 대응이 필요한 상황이다.",
        "이 당선인은 건립저지운동을 벌였고, 특혜분양 의혹을 제기, 이를 제지하는데 앞장섰다.",
    ):
        assert bound_kind(_one(text)) is None, text


@functools.cache
def _page(name: str) -> tuple[Sentence, ...]:
    # skips when ../shared is absent, fails under CI=true (tests/conftest.py)
    path = shared_path("data", "real-pages", name)
    analysis = analyze(extract(load(str(path), FetchSettings())))
    assert analysis.leans_on, "analyze() computed no leans_on"
    assert len(analysis.leans_on) == len(analysis.sentences)
    return analysis.sentences


@pytest.mark.parametrize(
    ("page", "text", "leans_on"),
    [
        # the failures seen in posts, in their articles: each leans on the sentence it needs
        ("06-hankookilbo.html", "이에 정 전 대표는", "김 전 총리도 전날"),
        ("06-hankookilbo.html", "입장차가 좁혀지지 않으면서다.", "또다시 결론을 내지 못했다."),
        ("08-mk.html", "교섭이 최종 결렬됐기 때문이다.", "총파업에 돌입한다."),
        ("01-naver-edaily.html", "법률대리인은 이어", "직접 변론에 나선 전 의원은"),
        ("07-mk.html", "대법원이 해당 사건을", "2심에서 무죄를 선고받으며"),
        ("10-mk.html", "부통령은 이같이 말했다.", "미국에 잡아두겠다.”"),
    ],
)
def test_real_failures_lean_on_what_they_need(page: str, text: str, leans_on: str) -> None:
    sentences = _page(page)
    leans = leaning_sentences(sentences)
    [i] = [s.index for s in sentences if text in s.text]
    target = leans[i]
    assert target is not None, sentences[i].text
    assert leans_on in sentences[target].text, (sentences[i].text, sentences[target].text)
