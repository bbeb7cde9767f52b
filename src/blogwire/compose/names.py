"""Names in a headline spelled out: hanja abbreviations (北 -> 북한, 文 -> 문재인) and
surnames with a title ("이 당선인" -> "이재명 당선인"), the full name taken from the
article body, so a title never abbreviates a person the article names in full.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import partial

from blogwire.compose.korean import with_particle
from blogwire.models import Sentence

# Single hanja that headlines use for a country, an institution or a party.
HANJA_WORDS = {
    "北": "북한",
    "美": "미국",
    "中": "중국",
    "日": "일본",
    "韓": "한국",
    "英": "영국",
    "佛": "프랑스",
    "獨": "독일",
    "露": "러시아",
    "與": "여당",
    "野": "야당",
    "靑": "청와대",
    "檢": "검찰",
    "軍": "군",
    "前": "전",
}
# Single hanja for a person's surname (文 = 문재인): spelled out from the article body.
HANJA_SURNAMES = {
    "文": "문",
    "尹": "윤",
    "李": "이",
    "朴": "박",
    "安": "안",
    "洪": "홍",
    "金": "김",
    "崔": "최",
    "黃": "황",
    "秋": "추",
    "盧": "노",
    "丁": "정",
}
# Titles that follow a surname in "이 당선인", "문 대통령".
PERSON_TITLES = (
    "당선인",
    "당선자",
    "대통령",
    "대표",
    "원내대표",
    "후보",
    "장관",
    "의원",
    "위원장",
    "총리",
    "회장",
    "지사",
    "시장",
    "감독",
    "위원",
    "대변인",
    "전 대통령",
    "교수",
    "부회장",
    "사장",
    "이사",
    "원장",
    "청장",
    "총장",
    "검사",
    "판사",
    "작가",
    "선수",
    "본부장",
    "차관",
    "실장",
    "국장",
    "부장",
    "팀장",
    "대사",
    "수석",
    "비서관",
    "단장",
)
_SURNAME_TITLE = re.compile(r"(?<![가-힣A-Za-z0-9·])([가-힣]) (" + "|".join(PERSON_TITLES) + r")")
_ABBREVIATED = re.compile(
    r"(?<![가-힣A-Za-z0-9])(["
    + "".join(HANJA_SURNAMES)
    + r"])(?![一-鿿])((?![이가은는의도와과에을를로])[가-힣]{2})?"
)
# a one-syllable particle right after a hanja word ("與가", "北의"): no space before it
_PARTICLE_AFTER = "가이은는의도와과에을를"
# Common surnames: "이 당선인" abbreviates a person, "본 대통령" or "각 대표" does not.
SURNAMES = (
    "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진"
    "지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉"
)
# A surname and a title standing for a name ("문 대통령", "차 대표").
ABBREVIATED_NAME = re.compile(
    r"(?:^|(?<=[\s,‘'(]))(["
    + SURNAMES
    + r"]) (?:"
    + "|".join(map(re.escape, PERSON_TITLES))
    + r")(?=$|[\s,은는이가의을를도])"
)


def abbreviated(text: str) -> bool:
    """Whether `text` names someone by surname and title ("이 당선인"); "전" after a
    word is "former" ("윤석열 전 대통령"), no surname."""
    return any(
        m.group(1) != "전" or m.start() == 0 or text[m.start() - 1] != " "
        for m in ABBREVIATED_NAME.finditer(text)
    )


def spell_names(text: str, body: Sequence[Sentence]) -> str:
    """`text` with hanja words and abbreviated names spelled out (see the module)."""
    for char, word in HANJA_WORDS.items():
        # "中관광객" -> "중국 관광객"; "北·美" -> "북한·미국"; "與가" -> "여당이"
        particle = re.compile(rf"(?<![가-힣]){char}([{_PARTICLE_AFTER}])(?![가-힣])")
        text = particle.sub(partial(_with_particle_of, word), text)
        text = re.sub(rf"(?<![가-힣]){char}(?=[가-힣])", word + " ", text)
        text = re.sub(rf"(?<![가-힣]){char}", word, text)
    text = _ABBREVIATED.sub(partial(_spelled_hanja, body), text)
    return _SURNAME_TITLE.sub(lambda m: _full_name(m.group(1), m.group(2), body), text)


def spelled_out(text: str, body: Sequence[Sentence]) -> str | None:
    """`text` with every "정 교수" given the full name the body uses ("정경심 교수"), or
    None when the body names no one of some surname."""
    missing = False

    def full(m: re.Match[str]) -> str:
        nonlocal missing
        name = _full_name(m.group(1), m.group(2), body)
        missing = missing or not name.startswith(m.group(1)) or name.startswith(m.group(0))
        return name

    out = _SURNAME_TITLE.sub(full, text)
    return None if missing else out


_PARTICLE_PAIRS = {"가": "이", "는": "은", "와": "과", "를": "을"}


def _spelled_hanja(body: Sequence[Sentence], m: re.Match[str]) -> str:
    """文 -> 문재인 (from the body); "文정부" -> "문재인 정부" (a word follows)."""
    name = _full_name(HANJA_SURNAMES[m.group(1)], None, body)
    return f"{name} {m.group(2)}" if m.group(2) else name


def _with_particle_of(word: str, m: re.Match[str]) -> str:
    return word + _particle_for(word, m.group(1))


def _particle_for(word: str, particle: str) -> str:
    """The particle's form after `word` ("여당" + 가 -> 이)."""
    for vowel, consonant in _PARTICLE_PAIRS.items():
        if particle in (vowel, consonant):
            return with_particle(word, consonant, vowel)[len(word) :]
    return particle


def _full_name(surname: str, title: str | None, body: Sequence[Sentence]) -> str:
    """'이 당선인' -> '이재명 당선인': the name (NNP, 2-4 syllables, that surname) the body
    puts before that title most often, else its most frequent such name; unchanged when
    the body names no one of that surname (a bare surname is better than a guess)."""
    before_title: Counter[str] = Counter()
    anywhere: Counter[str] = Counter()
    for sentence in body:
        morphs = sentence.morphemes
        for i, m in enumerate(morphs):
            if m.tag != "NNP" or not 2 <= len(m.form) <= 4 or not m.form.startswith(surname):
                continue
            if len(m.form) == 2 and surname == m.form[0] and m.form[1] in "씨":
                continue
            anywhere[m.form] += 1
            if title and i + 1 < len(morphs) and title.startswith(morphs[i + 1].form):
                before_title[m.form] += 1
    found = before_title or anywhere
    if not found:  # "대통령" alone names no one wrongly; "문 대통령" abbreviates
        return title or surname
    name = found.most_common(1)[0][0]
    return f"{name} {title}" if title else name
