"""Section-title subjects and role wording: "요금 인상" + the reactions role ->
"요금 인상에 대한 반응" (titles.section_titles puts them together)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from itertools import pairwise

from blogwire.analyze.sentences import tokenize_sentences
from blogwire.compose.hooks import DANGLING, ends_in_person
from blogwire.compose.korean import with_particle
from blogwire.compose.names import PERSON_TITLES, abbreviated, spelled_out
from blogwire.compose.roles import says
from blogwire.models import SectionRole, Sentence

SECTION_MIN, SECTION_MAX = 4, 20

# Title forms by role, tried in order (the first whose form the post has not used yet
# and that fits SECTION_MAX). {p} is the subject, {p_를} it with its object particle.
ROLE_FORMS: dict[SectionRole, tuple[str, ...]] = {
    SectionRole.BACKGROUND: ("{p}의 배경", "{p}의 주요 내용", "{p_를} 둘러싼 상황", "{p} 현황"),
    SectionRole.CAUSE: ("{p}의 이유", "{p}의 원인"),
    SectionRole.NUMBERS: ("숫자로 본 {p}", "{p}의 규모"),
    SectionRole.REACTIONS: ("{p}에 대한 반응", "{p_를} 둘러싼 목소리"),
    SectionRole.QUOTES: ("{p}에 대한 발언", "{p} 관련 발언"),
    SectionRole.NEXT_STEPS: ("{p}의 향후 계획", "{p} 전망"),
    SectionRole.CONTROVERSY: ("{p_를} 둘러싼 쟁점", "{p} 논란"),
    SectionRole.COMPARISON: ("{p} 비교", "{p}의 차이"),
}
# Forms for a subject who speaks or reacts (a person, a party, a group of people):
# "시민들의 반응", not "시민들에 대한 반응".
SPEAKER_FORMS: dict[SectionRole, tuple[str, ...]] = {
    SectionRole.REACTIONS: ("{p}의 반응", "{p}의 목소리"),
    SectionRole.QUOTES: ("{p}의 발언", "{p}의 입장"),
}
# Common nouns for groups of people that speak or react.
GROUPS = frozenset(
    {"시민", "주민", "누리꾼", "네티즌", "업계", "전문가", "관계자", "정부", "당국", "노조"}
    | {"시민단체", "소비자", "학부모", "상인", "야당", "여당", "회사", "기업", "직원"}
)
# The role alone, for a section with no usable subject ("배경 2").
ROLE_NOUNS: dict[SectionRole, str] = {
    SectionRole.BACKGROUND: "배경",
    SectionRole.CAUSE: "이유",
    SectionRole.NUMBERS: "수치",
    SectionRole.REACTIONS: "반응",
    SectionRole.QUOTES: "발언",
    SectionRole.NEXT_STEPS: "전망",
    SectionRole.CONTROVERSY: "쟁점",
    SectionRole.COMPARISON: "비교",
}
# Roles whose titles make no sense about a person.
NOT_OF_PERSONS = frozenset(
    {SectionRole.NUMBERS, SectionRole.CAUSE, SectionRole.COMPARISON, SectionRole.NEXT_STEPS}
)
# Words that point instead of naming ("이번 사건", "해당 기업") or name no subject.
_POINTERS = frozenset({"이번", "해당", "당시", "이날", "그간", "이들", "이곳", "그곳", "지난"})


# Nouns that only make sense after a modifier: "어린 시절", "그 당시", "사고 이후".
BOUND_NOUNS = frozenset(
    {"시절", "당시", "때", "경우", "이후", "이전", "관련", "동안", "무렵", "직후", "직전"}
    | {"가운데", "도중", "이래", "사이", "정도", "이상", "이하", "가량", "여파", "탓", "덕분"}
    | {"만큼", "측", "쪽", "뒤", "후", "전", "중", "등", "간", "내", "외", "끝"}
)

_STORY_TOP = 2


def phrase_fault(text: str) -> str | None:
    """Why `text` cannot be a topic or a subject of the blog's own words, or None: it
    begins with a noun that hangs on a modifier cut off ("시절 광주 시민" of "어린 시절
    광주 시민"), is a bare -적 word ("결정적"), or one generic noun ("경찰", "피해")."""
    words = text.split(" ")
    morphs = tokenize_sentences([text])[0].morphemes
    if not morphs:
        return "no words"
    if words[0] in BOUND_NOUNS or morphs[0].tag == "NNB":
        return f"dangling head noun {words[0]!r}"
    if morphs[-1].tag == "XSN" and morphs[-1].form == "적":
        return f"bare -적 word {words[-1]!r}"
    if len(text) < 3 and " " not in text and all(m.tag == "NNG" for m in morphs):
        return f"a lone generic noun {text!r}"
    return None


def as_topic(text: str, body: Sequence[Sentence]) -> str | None:
    """`text` as the blog's own words may name it: a surname and title spelled out with
    the full name the body uses ("이 당선인" -> "이재명 당선인"), or None when it cannot
    stand alone (phrase_fault) or the body names no one of that surname."""
    if phrase_fault(text) is not None:
        return None
    if abbreviated(text):
        spelled = spelled_out(text, body)
        return spelled if spelled is not None and not abbreviated(spelled) else None
    return text


def section_subjects(
    counts: Mapping[str, tuple[int, bool]],
    rank: Mapping[str, int],
    used: set[str],
    body: Sequence[Sentence],
) -> list[str]:
    """The section's noun phrases that can be a title's subject, best first: not one of
    the story's top keyphrases, then most frequent in the section, of two words or
    more, best ranked in the story, longest, first seen."""
    unranked = len(rank) + 1
    order = []
    for seen, (text, (count, _)) in enumerate(counts.items()):
        # "당선인" said thrice and "이재명 당선인" once: the title names whom
        fuller = [
            t
            for t, (_, n) in counts.items()
            if n and t.endswith(" " + text) and text.split(" ")[-1] in PERSON_TITLES
        ]
        subject = subject_of(fuller[0] if fuller else text, body)
        if subject is None or subject in used or any(subject in u or u in subject for u in used):
            continue
        # the story's own top phrases are the post's title already: a section is
        # titled by what it adds ("LNG 운반선 인도"), the most said there first
        top = rank.get(text, unranked) < _STORY_TOP
        key = (top, -count, " " not in subject, rank.get(text, unranked), -len(text), seen)
        order.append((key, subject))
    order.sort()
    return [subject for _, subject in order]


def subject_of(text: str, body: Sequence[Sentence]) -> str | None:
    """`text` as a title's subject, or None when it hangs, points or is too short."""
    words = text.split(" ")
    if words[0] in _POINTERS or words[-1] in DANGLING or len(text) < 2:
        return None
    morphs = tokenize_sentences([text])[0].morphemes
    if not morphs or (morphs[-1].tag in ("XSN", "NNB", "SN") and morphs[-1].form != "들"):
        return None  # "전기차용", "3만" hang on what followed them
    if morphs[0].tag in ("MM", "NP") or phrase_fault(text) is not None:
        return None  # "시절 광주 시민", "결정적": see phrase_fault
    if len(words) >= 2 and words[-1] not in PERSON_TITLES and _before_a_title(text, body):
        return None  # "오승민 가람시" of "오승민 가람시 교통국장": a name and an office
    if morphs[-1].tag == "NNP" and len(morphs[-1].form) == 1:
        return None  # "피해자 김": a surname alone
    if text.isascii() and text.islower():
        return None  # an untranslated word ("commerce") is no subject
    if any(len(w) == 1 and nxt in PERSON_TITLES for w, nxt in pairwise(words)):
        return as_topic(text, body)  # "이 후보" -> "이재명 후보", from the body
    return text


def role_title(
    subject: str, role: SectionRole, used_forms: set[str], taken: set[str], *, speaker: bool
) -> str | None:
    """The first title of `role`'s forms about `subject` that fits and is not taken,
    forms the post has not used yet first; `speaker`: the subject speaks or reacts."""
    forms = SPEAKER_FORMS.get(role, ROLE_FORMS[role]) if speaker else ROLE_FORMS[role]
    ordered = [f for f in forms if f not in used_forms] + [f for f in forms if f in used_forms]
    for form in ordered:
        role_words = form.replace("{p}", "").replace("{p_를}", "").split()
        if any(word.strip("의에") in subject for word in role_words if len(word) >= 2):
            continue  # "서비스 개선 계획의 향후 계획" says it twice
        title = form.format(p=subject, p_를=with_particle(subject, "을", "를"))
        if SECTION_MIN <= len(title) <= SECTION_MAX and title not in taken:
            used_forms.add(form)
            return title
    return None


def speakers(section: Sequence[Sentence]) -> list[str]:
    """Who speaks in the section: in each sentence that reports speech, the nouns
    right before its first topic or subject particle ("김나래 예보분석관은 … 말했다")."""
    found: list[str] = []
    for sentence in section:
        morphs = sentence.morphemes
        if not says(morphs):
            continue
        for i, m in enumerate(morphs):
            if m.tag not in ("JX", "JKS") or i == 0:
                continue
            j = i
            while j > 0 and morphs[j - 1].tag in ("NNG", "NNP", "SL", "XSN"):
                j -= 1
            if j < i and morphs[j].tag != "XSN":
                text = sentence.text[morphs[j].start : morphs[i - 1].start + morphs[i - 1].length]
                if text not in found:
                    found.append(text)
            break
    return found


def is_speaker(subject: str, voices: Sequence[str]) -> bool:
    """Whether a subject speaks or reacts: one of the section's `voices` (speakers),
    or a group of people (시민들, 업계)."""
    last = subject.split(" ")[-1]
    return subject in voices or last.removesuffix("들") in GROUPS


# Last syllables of nouns for people and the bodies that speak for them: 기자, 대리인,
# 의원, 분석관, 위원장, 변호사, 전문가, 기상청, 사무처, 국토교통부.
_PERSON_ENDINGS = tuple("자인원관장사가청처부")


def is_person(phrase: str) -> bool:
    """A name, a person's title or role, or a group of people (not "테이프")."""
    last = phrase.split(" ")[-1]
    return (
        ends_in_person(phrase)
        or last.removesuffix("들") in GROUPS
        or last.endswith(_PERSON_ENDINGS)
    )


def _before_a_title(text: str, body: Sequence[Sentence]) -> bool:
    """Whether the body has `text` right before a person's title or office
    ("오승민 가람시 교통국장", "차민혁 세빛반도체 대표")."""
    pattern = re.compile(re.escape(text) + r" \S*(?:" + "|".join(PERSON_TITLES) + r"|장|관)")
    return any(pattern.search(sentence.text) for sentence in body)
