"""The words the bound-sentence rules (`analyze/bound_rules.py`) read: the lexicon kept
apart from the rules, so a word can be added without reading the rules."""

from __future__ import annotations


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


PERSONS = _wordset("그 그녀 이들 그들")
PRONOUNS = _wordset("이 그 그녀 이들 그들 이것 그것 이거 그거 이곳 그곳 여기 거기")
DEMONSTRATIVES = frozenset({"이", "그", "저", "이런", "그런", "저런", "이러한", "그러한"})
# After 이 these nouns are titles, and 이 is the surname Lee ("이 후보", "이 전 대표").
TITLES = _wordset(
    "후보 대표 전 의원 대통령 당선인 당선자 장관 위원장 시장 지사 총리 원내대표 "
    "최고위원 씨 회장 부회장 사장 감독 선수 교수 변호사 판사 검사 의장 청장 "
    "실장 처장 여사 전무 상무 이사 차관 대사 구청장 군수 본부장 국장 과장 팀장 "
    "기자 작가 배우 고문 비서관 대변인 센터장 원장 소장 총장 부장"
)
NOMINAL = frozenset({"NNG", "NNP", "NNB", "NP", "NR", "XSN", "SN", "SL", "SH", "SSC", "ETN"})
TOPIC = frozenset({"은", "는", "ᆫ"})
# Heads of "…라는 설명이다": a sentence that only reports what someone (named before)
# says, means or plans. 양상/모습/분위기 are left out: "…치닫는 양상이다" describes.
SAYING_NOUNS = _wordset(
    "설명 주장 분석 의미 전망 지적 계산 판단 방침 전략 입장 얘기 이야기 "
    "뜻 것 평가 관측 취지 구상 이유 의도 생각 비판 우려 의견 전언 해석 "
    "대목 셈 말 각오 후문 목소리 논리"
)
QUOTATIVE_ETM = frozenset({"다는", "라는", "란", "이란", "ᆫ다는", "는다는", "냐는", "자는", "단"})
# "…ᆫ 것이다", "…한 이유다", "…이어진 영향이다" explain or give a cause; not after the
# future ᆯ/을, where "X가 …할 것이다" is a prediction that stands alone.
EXPLAINING_NOUNS = frozenset({"것", "이유", "대목", "셈", "영향", "덕분", "탓", "결과"})
# "X한 것은 …때문이다": a topic that names the effect the reason explains.
EXPLAINED = frozenset({"것", "거", "이유", "데"})
INTERPRETED = frozenset({"풀이", "해석", "분석", "관측"})
SAYING_VERBS = frozenset({"밝히", "전하", "덧붙이", "말하", "답하", "적", "쓰", "전망하"})
SAYING_ACTS = _wordset(
    "말 강조 설명 주장 언급 답 지적 당부 호소 비판 반박 역설 발언 토로 답변 부연"
)

# Nouns of time: as a topic ("올해는 …") they say when, and name no subject.
TIME_NOUNS = _wordset(
    "올해 작년 지난해 내년 이번 이번엔 오늘 어제 내일 최근 현재 당시 요즘 "
    "이날 전날 다음날 당일 과거 지금 앞으로 그동안 향후 연말 연초 올"
)
