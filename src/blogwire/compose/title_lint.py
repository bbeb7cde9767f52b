"""Lints for post titles and section titles: the faults a reader scored them down for.

`lint_title("트럼프와 대통령, 핵심은 무엇일까?")` names what is wrong ("two nouns joined
by 와/과"); an empty list means clean. The tests and the writing bench
(bench/writing.py) run them over every composed post.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from blogwire.analyze.sentences import tokenize_sentences
from blogwire.compose.hooks import DANGLING
from blogwire.compose.names import HANJA_SURNAMES, HANJA_WORDS, abbreviated
from blogwire.compose.subjects import SPEAKER_FORMS, phrase_fault
from blogwire.compose.titles import (
    ROLE_FORMS,
    SECTION_MAX,
    SECTION_MIN,
    SHAPES,
    TITLE_MAX,
    TITLE_MIN,
)
from blogwire.compose.voice import slot_words

# The old templates: "X와 Y, 핵심은 무엇일까?", "X 속 Y의 비밀은 무엇?", "한눈에 보는 X와 Y".
_PAIR = re.compile(r"^(\S+)[와과] (\S+?)(?:,| 속 |$)")
_OLD_TEMPLATES = (
    re.compile(r"^.+ 속 .+의 비밀은 무엇\?$"),
    re.compile(r"^한눈에 보는 "),
)
_TAGS = re.compile(r"\[[^\]]*\]|【[^】]*】")
_SPEECH = re.compile(r"[“”\"]")
_HANJA = re.compile("[" + "".join([*HANJA_WORDS, *HANJA_SURNAMES]) + "]")
# The wording each hook shape puts around its story: (before, after).
_HOOK_WORDS = sorted(
    {
        (form.split("{", 1)[0], form.rsplit("}", 1)[1])
        for forms in SHAPES.values()
        for _, form in forms
    },
    key=lambda pair: -len(pair[0]) - len(pair[1]),
)
# What a section does, as its title says it: the seed's "…이 굳건한 이유", "…의 영향",
# "…의 협력 의지", "…의 향후 과제", and section_titles' role nouns.
ROLE_WORDS = (
    "배경", "이유", "원인", "반응", "목소리", "발언", "전망", "계획", "일정", "쟁점",
    "논란", "비교", "차이", "규모", "수치", "숫자", "현황", "내용", "상황", "의미",
    "영향", "과제", "입장", "의지", "효과", "방안", "대책", "전략", "흐름", "변화",
    "결과", "특징", "조건", "방법", "비밀", "전말", "경과", "성과", "문제",
)  # fmt: skip
_POINTER_WORDS = frozenset({"이", "그", "저", "이는", "그는", "이들", "그들", "이것", "그것"})


def story_of(title: str) -> str:
    """The title without its hook wording: the story it names."""
    for before, after in _HOOK_WORDS:
        if title.startswith(before) and title.endswith(after) and len(title) > len(before + after):
            return title[len(before) : len(title) - len(after)]
    return title


def _form_pattern(form: str) -> re.Pattern[str]:
    head, _, tail = form.partition("{")
    tail = tail.split("}", 1)[1]
    return re.compile("^" + re.escape(head) + r"(.+?)" + re.escape(tail) + "$")


# "요금 인상의 배경" -> "요금 인상"; particles of {p_를} are part of the subject's match
_ROLE_PATTERNS = [
    _form_pattern(f) for forms in (*ROLE_FORMS.values(), *SPEAKER_FORMS.values()) for f in forms
]


def section_subject(title: str) -> str:
    """The subject of a section title made by titles.section_titles (its role wording
    and the particle before it taken off), or the title itself."""
    for pattern in _ROLE_PATTERNS:
        if m := pattern.match(title):
            subject = m.group(1)
            if "둘러싼" in pattern.pattern:
                subject = subject[:-1]  # 을/를
            return subject
    return title


def lint_title(title: str) -> list[str]:
    """The problems of a post title ([] when clean)."""
    problems: list[str] = []
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        problems.append(f"length {len(title)} outside {TITLE_MIN}-{TITLE_MAX}")
    problems += _common(title)
    story = story_of(title)
    pair = _PAIR.match(story)
    if pair and " " not in pair.group(1):
        problems.append("two nouns joined by 와/과")
    if any(t.search(title) for t in _OLD_TEMPLATES):
        problems.append("old keyphrase template")
    if _bare_noun(story):
        problems.append(f"bare generic noun {story!r}")
    return problems


def lint_section_title(title: str) -> list[str]:
    """The problems of one section title ([] when clean)."""
    problems: list[str] = []
    if not SECTION_MIN <= len(title) <= SECTION_MAX:
        problems.append(f"length {len(title)} outside {SECTION_MIN}-{SECTION_MAX}")
    problems += _common(title)
    words = title.split(" ")
    if len(words) < 2:
        problems.append("a bare noun, no subject and role")
    if len(words) >= 2 and not any(role in title for role in ROLE_WORDS):
        problems.append("says no role (배경, 반응, 전망 …)")
    if words[0] in _POINTER_WORDS:
        problems.append(f"starts with a pointer {words[0]!r}")
    if words[-1] in DANGLING or (words[-1].endswith(("용", "별")) and len(words[-1]) > 2):
        problems.append(f"ends hanging on {words[-1]!r}")
    subject = section_subject(title)
    if subject != title and (fault := phrase_fault(subject)) is not None:
        problems.append(f"subject: {fault}")
    morphs = tokenize_sentences([title])[0].morphemes
    if morphs and morphs[-1].tag in ("ETM", "EC", "JKB", "JKG", "JKO", "JKS", "XSN"):
        problems.append(f"ends in a {morphs[-1].tag} ({morphs[-1].form})")
    return problems


def lint_framing_line(line: str) -> list[str]:
    """The problems of a framing line of the blog's own (compose/voice.py) in what was
    written into its slots: a dangling head noun, a bare -적 word, a lone generic noun,
    a surname for a name ([] when clean, or when `line` is no line of the bank)."""
    problems: list[str] = []
    for words in slot_words(line) or []:
        if (fault := phrase_fault(words)) is not None:
            problems.append(fault)
        if abbreviated(words):
            problems.append(f"a surname for a name in {words!r}")
    return problems


def lint_section_titles(titles: Sequence[str]) -> list[str]:
    """The problems of a post's section titles together: each one's, and repeats."""
    problems = [f"{t!r}: {p}" for t in titles for p in lint_section_title(t)]
    if len(set(titles)) != len(titles):
        problems.append("two sections share a title")
    return problems


def _common(title: str) -> list[str]:
    problems = []
    if _TAGS.search(title):
        problems.append("an outlet tag ([속보] …)")
    if _SPEECH.search(title):
        problems.append("quoted speech")
    if abbreviated(title):
        problems.append("a surname for a name (이 당선인)")
    if _HANJA.search(title):
        problems.append("a hanja abbreviation")
    words = [w.strip(",?!‘’'") for w in title.split(" ")]
    long_words = [w for w in words if len(w) >= 2]
    if len(set(long_words)) != len(long_words):
        problems.append("a word repeated")
    return problems


def _bare_noun(story: str) -> bool:
    """A story of one common noun of two syllables or less (지원, 대표, 아침)."""
    if " " in story or len(story) > 3:
        return False
    morphs = tokenize_sentences([story])[0].morphemes
    return all(m.tag in ("NNG", "NNB") for m in morphs)


__all__ = [
    "lint_framing_line",
    "lint_section_title",
    "lint_section_titles",
    "lint_title",
    "section_subject",
    "story_of",
]
