"""Section roles: what a group of source sentences does for the story.

The section title ("요금 인상의 배경") and the blog's bridge sentence into the section
("이번 결정을 두고 어떤 목소리가 나왔는지 살펴보겠습니다") both follow from the role, so
one function decides it for both.

The role is read from kiwipiepy morphemes, not from the surface text: '이유' the noun is
a cause word, '이유식' is not; '대비' compares only when no 하다 follows it (대비하다 is
"to prepare"); a number counts only when it is not a date ("3월", "2024년").
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from blogwire.models import Morpheme, SectionRole, Sentence

# Nouns (NNG/NNB) that mark each role. Each role counts the sentences holding one.
_CAUSE_NOUNS = frozenset({"때문", "원인", "이유", "탓", "배경", "요인", "까닭"})
_NEXT_NOUNS = frozenset({"예정", "계획", "방침", "일정", "로드맵", "향후", "목표", "착수"})
_CONTROVERSY_NOUNS = frozenset(
    {"반발", "비판", "논란", "우려", "반대", "갈등", "의혹", "쟁점", "항의", "불만", "규탄"}
)
_REACTION_NOUNS = frozenset(
    {"반응", "목소리", "누리꾼", "네티즌", "시민", "주민", "환영", "호평", "평가", "여론", "호응"}
)
# Said-verbs: a noun made a verb by 하 (말하다, 강조하다) or a verb of its own (밝히다).
_SAID_NOUNS = frozenset({"말", "강조", "설명", "주장", "언급", "지적", "발언", "답변", "토로"})
_SAID_VERBS = frozenset({"밝히", "말하", "전하", "덧붙이", "내다보", "꼬집"})
_COMPARE_NOUNS = frozenset({"대비", "격차", "차이", "전년", "증가율", "감소율"})
# Units after a number that make it a date or time, not a figure of the story.
_DATE_UNITS = frozenset({"년", "월", "일", "시", "분", "초", "세기", "연도"})
_QUOTE_OPEN = frozenset({'"', "“", "‘", "'", "「", "『"})

# On a tie the more specific role wins: a section that both reports a protest and
# quotes someone is about the protest.
_PRIORITY = (
    SectionRole.CONTROVERSY,
    SectionRole.CAUSE,
    SectionRole.NEXT_STEPS,
    SectionRole.REACTIONS,
    SectionRole.QUOTES,
    SectionRole.COMPARISON,
    SectionRole.NUMBERS,
)
# A figure-heavy sentence holds at least this many figures (not dates).
_FIGURES_PER_SENTENCE = 2


def sentence_roles(sentence: Sentence) -> frozenset[SectionRole]:
    """Every role one sentence gives a cue for (empty: plain background)."""
    morphs = sentence.morphemes
    roles: set[SectionRole] = set()
    nouns = {m.form for m in morphs if m.tag in ("NNG", "NNB")}
    if nouns & _CAUSE_NOUNS or _caused_by(morphs):
        roles.add(SectionRole.CAUSE)
    if nouns & _NEXT_NOUNS or any(m.form == "앞으로" and m.tag == "MAG" for m in morphs):
        roles.add(SectionRole.NEXT_STEPS)
    if nouns & _CONTROVERSY_NOUNS:
        roles.add(SectionRole.CONTROVERSY)
    if _compares(morphs):
        roles.add(SectionRole.COMPARISON)
    if _figures(morphs) >= _FIGURES_PER_SENTENCE:
        roles.add(SectionRole.NUMBERS)
    if says(morphs):
        direct = any(m.tag == "JKQ" for m in morphs) and any(
            m.tag == "SSO" or m.form in _QUOTE_OPEN for m in morphs
        )
        if nouns & _REACTION_NOUNS:
            roles.add(SectionRole.REACTIONS)
        elif direct:
            roles.add(SectionRole.QUOTES)
        else:
            roles.add(SectionRole.REACTIONS)
    elif nouns & {"반응", "목소리", "여론"}:  # "시민들의 반응은 엇갈렸다"
        roles.add(SectionRole.REACTIONS)
    return frozenset(roles)


def section_role(sentences: Sequence[Sentence]) -> SectionRole:
    """The role of a section made of `sentences` (in article order).

    The role cued by the most sentences (the first counting twice), if at least a
    third of them cue it; ties go to the more specific role (_PRIORITY). Indirect
    speech alone ("…고 밝혔다") is how news states most facts, so it makes a
    reactions section only when most sentences are speech; numbers likewise need half
    the sentences to be figure-heavy.
    """
    if not sentences:
        return SectionRole.BACKGROUND
    counts = dict.fromkeys(_PRIORITY, 0)
    for n, sentence in enumerate(sentences):
        for role in sentence_roles(sentence):
            # the first sentence frames the section ("시는 운송 적자를 인상 이유로
            # 들었다" opens a section on the cause): its cue counts twice
            counts[role] += 2 if n == 0 else 1
    n = len(sentences)
    need = {role: max(1, -(-n // 3)) for role in _PRIORITY}
    need[SectionRole.REACTIONS] = n // 2 + 1
    need[SectionRole.NUMBERS] = -(-n // 2)
    best = SectionRole.BACKGROUND
    best_count = 0
    for role in _PRIORITY:
        if counts[role] >= need[role] and counts[role] > best_count:
            best, best_count = role, counts[role]
    return best


def _caused_by(morphs: Sequence[Morpheme]) -> bool:
    """'…로 인해', '…로 인한': 인하 the verb right after 로/으로."""
    return any(a.form in ("로", "으로") and b.form == "인하" for a, b in pairwise(morphs))


def _compares(morphs: Sequence[Morpheme]) -> bool:
    for i, m in enumerate(morphs):
        follows = morphs[i + 1] if i + 1 < len(morphs) else None
        if m.form == "보다" and m.tag == "JKB":
            return True
        if m.form == "비하" and m.tag == "VV":  # 비해, 비하면
            return True
        # 대비하다 is "to prepare"; 대비 alone (전년 대비) compares
        preparing = m.form == "대비" and follows is not None and follows.tag == "XSV"
        if m.form in _COMPARE_NOUNS and m.tag == "NNG" and not preparing:
            return True
    return False


def _figures(morphs: Sequence[Morpheme]) -> int:
    """Numbers in the sentence that are not dates or clock times."""
    count = 0
    for i, m in enumerate(morphs):
        if m.tag != "SN":
            continue
        unit = morphs[i + 1].form if i + 1 < len(morphs) else ""
        if unit not in _DATE_UNITS:
            count += 1
    return count


def says(morphs: Sequence[Morpheme]) -> bool:
    """Whether the sentence reports speech: a said-verb (밝히다, 말하다, 강조하다 …)."""
    for i, m in enumerate(morphs):
        if m.tag == "VV" and m.form in _SAID_VERBS:
            return True
        follows = morphs[i + 1] if i + 1 < len(morphs) else None
        if (
            m.form in _SAID_NOUNS
            and m.tag == "NNG"
            and follows is not None
            and follows.tag == "XSV"
        ):
            return True
    return False


__all__ = ["says", "section_role", "sentence_roles"]
