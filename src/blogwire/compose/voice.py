"""The blog's own voice: framing lines that carry the post's shape and state no fact.

A post is a short summary of its article, so most of its sentences are the source's;
the rest are these lines: an opening that frames the story, the announcement of the
post, a bridge into each section that says what it covers or asks the reader's
question, and a closing line. Each line is a fixed template whose only variable is a
keyphrase of the story ({topic}, with its particle chosen by compose/korean); none
holds a number, a date, a name or a predicate that could be true or false of the story
(tests/compose/test_voice.py analyses the whole bank with kiwipiepy to prove it).

Lines are picked per post from a hash of the article, so the same article always gets
the same post and a site of many posts does not repeat one framing set.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from blogwire.compose.korean import with_particle
from blogwire.models import SectionRole

# What stands in for {topic} when a story has no keyphrase.
NO_TOPIC = "이번 소식"

OPENINGS: tuple[str, ...] = (
    "{topic:과/와} 관련된 소식을 가져왔는데요, 꼭 알아 두면 좋을 내용입니다.",
    "{topic:을/를} 둘러싼 소식, 핵심만 골라 함께 살펴보겠습니다.",
    "{topic} 소식을 처음 접하시는 분들도 알기 쉽게 차근차근 정리해 드리겠습니다.",
    "많은 분들이 궁금해하실 {topic} 소식을 핵심 위주로 전해 드리겠습니다.",
    "이번에는 {topic} 소식을 조금 더 가까이에서 들여다보겠습니다.",
    "{topic:을/를} 두고 알아 두면 좋을 내용을 한곳에 모아 봤습니다.",
    "바쁜 분들을 위해 {topic} 소식의 핵심을 짧게 정리해 보겠습니다.",
    "{topic}에 대한 소식을 한눈에 보기 쉽게 차례대로 풀어 보겠습니다.",
    "{topic:이/가} 궁금하셨던 분들을 위해 주요 소식을 정리했습니다.",
    "눈여겨볼 만한 {topic} 소식을 함께 차분히 읽어 보겠습니다.",
    "{topic}에 관한 소식을 누구나 알기 쉽게 전해 드리겠습니다.",
    "놓치기 쉬운 {topic} 소식을 꼼꼼히 모아 정리해 보겠습니다.",
)

# The intro's last line; the post format wants it to say "이번 글에서는".
ANNOUNCEMENTS: tuple[str, ...] = (
    "이번 글에서는 {pair}에 대해 좀 더 구체적으로 다뤄보겠습니다.",
    "이번 글에서는 {topic}의 핵심을 차례로 짚어 보면서 흐름을 정리하겠습니다.",
    "이번 글에서는 {pair:을/를} 중심으로 주요 내용을 정리해 보겠습니다.",
    "이번 글에서는 {topic}에 담긴 내용을 차례로 알아보겠습니다.",
    "이번 글에서는 {pair}의 주요 내용을 알기 쉽게 풀어 보겠습니다.",
    "이번 글에서는 {topic}에 관해 알아 두면 좋을 내용을 꼼꼼히 살펴보겠습니다.",
    "이번 글에서는 {topic} 소식의 흐름을 처음부터 차근차근 따라가 보겠습니다.",
    "이번 글에서는 {pair:을/를} 둘러싼 내용을 보기 쉽게 정리해 드리겠습니다.",
    "이번 글에서는 {topic}에 대해 꼭 알아 둘 내용을 한데 모아 보겠습니다.",
    "이번 글에서는 {pair}의 이모저모를 두루 살펴보겠습니다.",
)

# A bridge into a section, by what the section does for the story. A line that opens
# with 먼저/우선 only begins the first section; one with 이어서/이제 never does.
BRIDGES: dict[SectionRole, tuple[str, ...]] = {
    SectionRole.BACKGROUND: (
        "먼저 {topic}의 배경부터 차근차근 살펴보겠습니다.",
        "{topic:을/를} 이해하려면 앞선 흐름부터 짚어 보는 것이 좋겠습니다.",
        "우선 {topic}의 출발점이 어디인지부터 알아보겠습니다.",
        "{topic}, 그 바탕에 깔린 내용부터 차근차근 정리해 보겠습니다.",
        "이번에는 {topic}의 전후 사정을 짚어 보겠습니다.",
        "이야기의 바탕이 되는 {topic}부터 들여다보겠습니다.",
    ),
    SectionRole.CAUSE: (
        "그렇다면 {topic}의 이유는 무엇일까요?",
        "{topic}의 까닭이 궁금하실 텐데요, 차례로 짚어 보겠습니다.",
        "이번에는 {topic}의 원인을 조금 더 들여다보겠습니다.",
        "{topic}, 왜 그런지 그 이유를 알아보겠습니다.",
        "이유를 {topic:을/를} 중심으로 정리해 보겠습니다.",
        "왜 그런지 {topic}의 사정을 살펴보겠습니다.",
    ),
    SectionRole.NUMBERS: (
        "이번에는 {topic}의 구체적인 숫자를 살펴보겠습니다.",
        "{topic}, 숫자로 정리하면 다음과 같습니다.",
        "그렇다면 {topic}의 규모는 어느 정도일까요?",
        "더 정확히 알아보기 위해 구체적인 수치도 함께 확인해 보겠습니다.",
        "{topic}의 규모를 수치로 짚어 보겠습니다.",
        "숫자로 보는 {topic}, 찬찬히 정리해 보겠습니다.",
    ),
    SectionRole.REACTIONS: (
        "{topic}에 대한 반응도 함께 살펴보겠습니다.",
        "{topic:을/를} 바라보는 시선도 궁금하실 텐데요, 반응을 정리해 보겠습니다.",
        "그렇다면 {topic}에 대한 반응은 어떨까요?",
        "이번에는 {topic:을/를} 둘러싼 반응을 모아 보겠습니다.",
        "현장의 반응은 어떨까요? 차례로 살펴보겠습니다.",
        "{topic}, 이를 두고 어떤 목소리가 나왔는지 살펴보겠습니다.",
    ),
    SectionRole.QUOTES: (
        "이번에는 {topic}에 관한 발언을 살펴보겠습니다.",
        "{topic}에 관한 목소리를 그대로 옮겨 보겠습니다.",
        "당사자들의 말로 {topic:을/를} 직접 들어 보겠습니다.",
        "{topic}, 직접 전한 말을 들어 보겠습니다.",
        "말 그대로 옮겨 보면 이렇습니다.",
        "{topic}에 관해 어떤 말이 나왔는지 정리해 보겠습니다.",
    ),
    SectionRole.NEXT_STEPS: (
        "그렇다면 {topic:은/는} 앞으로 어떻게 될까요?",
        "이제 {topic}의 다음 단계를 살펴보겠습니다.",
        "앞으로의 일정도 궁금하실 텐데요, 차례로 정리해 보겠습니다.",
        "{topic}, 앞으로 지켜볼 대목을 짚어 보겠습니다.",
        "이어서 {topic}의 향후 일정을 알아보겠습니다.",
        "{topic}의 앞날이 궁금하실 텐데요, 찬찬히 살펴보겠습니다.",
    ),
    SectionRole.CONTROVERSY: (
        "이번에는 {topic}의 쟁점을 짚어 보겠습니다.",
        "그렇다면 {topic}에서 무엇이 쟁점일까요?",
        "{topic:을/를} 둘러싼 쟁점도 꼼꼼히 살펴보겠습니다.",
        "{topic}의 쟁점을 보기 쉽게 정리해 보겠습니다.",
        "서로 다른 입장도 함께 살펴보겠습니다.",
        "{topic}에 대한 다른 시각도 확인해 보겠습니다.",
    ),
    SectionRole.COMPARISON: (
        "다른 경우와 견주어 보면 어떨까요?",
        "이번에는 {topic:을/를} 나란히 비교해 보겠습니다.",
        "{topic}, 이전과 비교하면 어떨까요?",
        "{topic:을/를} 나란히 놓고 살펴보겠습니다.",
        "이전과 무엇이 다른지 알아보겠습니다.",
        "{topic:을/를} 견주어 보며 정리해 보겠습니다.",
    ),
}

# The post's last line, after the conclusion's source sentence.
CLOSINGS: tuple[str, ...] = (
    "앞으로 이어질 소식도 계속 알기 쉽게 전해 드리겠습니다.",
    "새 소식이 나오면 다시 한번 정리해 드리겠습니다.",
    "이번 글이 {topic:을/를} 이해하는 데 도움이 되셨으면 합니다.",
    "{topic}의 흐름, 앞으로도 함께 지켜보겠습니다.",
    "끝까지 읽어 주셔서 감사합니다.",
    "더 궁금한 점이 있다면 댓글로 남겨 주세요.",
    "지금까지 정리한 내용이 도움이 되길 바랍니다.",
    "{topic} 소식은 앞으로도 꾸준히 살펴보겠습니다.",
    "이상으로 {topic} 소식을 정리해 보았습니다.",
    "다음에도 알기 쉬운 소식으로 찾아뵙겠습니다.",
)

# The conclusion of a story that states no outlook, decision or evaluation (or of a
# brief too short to spare one): "결론적으로, " and one of these, the keyphrase
# highlighted. The highlight is the part in [ ].
SUMMARY_CONCLUSIONS: tuple[str, ...] = (
    "지금까지 [{topic}]의 핵심을 정리해 보았습니다.",
    "이번 글에서는 [{topic}]의 주요 내용을 살펴보았습니다.",
    "지금까지 [{topic}] 소식을 차례로 짚어 보았습니다.",
    "이번 글에서는 [{topic}]에 관해 알아 둘 내용을 모아 보았습니다.",
)

_FIRST_ONLY = ("먼저", "우선")
_NOT_FIRST = ("이어서", "이제")
_SLOT = re.compile(r"\{(topic|pair)(?::([가-힣]+)/([가-힣]+))?\}")


def every_template() -> tuple[str, ...]:
    """Every framing line of the bank, as a template."""
    bridges = tuple(t for lines in BRIDGES.values() for t in lines)
    return OPENINGS + ANNOUNCEMENTS + bridges + CLOSINGS + SUMMARY_CONCLUSIONS


def fill(template: str, topic: str, pair: str | None = None) -> str:
    """The template with {topic} (and {pair}, two keyphrases joined) written in, each
    with the particle its last syllable takes; [ ] marks are left for the caller."""

    def slot(match: re.Match[str]) -> str:
        word = (pair or topic) if match.group(1) == "pair" else topic
        if match.group(2):
            return with_particle(word, match.group(2), match.group(3))
        return word

    return _SLOT.sub(slot, template)


class Framer:
    """Picks the framing lines of one post, the same for the same article."""

    def __init__(self, seed_text: str) -> None:
        digest = hashlib.sha256(seed_text.encode("utf-8")).digest()
        self._random = random.Random(int.from_bytes(digest[:8], "big"))
        self._used: set[str] = set()

    def _pick(self, lines: Sequence[str]) -> str:
        fresh = [t for t in lines if t not in self._used] or list(lines)
        choice = fresh[self._random.randrange(len(fresh))]
        self._used.add(choice)
        return choice

    def opening(self, topic: str) -> str:
        return fill(self._pick(OPENINGS), topic)

    def announcement(self, topic: str, pair: str) -> str:
        return fill(self._pick(ANNOUNCEMENTS), topic, pair)

    def bridge(self, role: SectionRole, topic: str, *, first: bool) -> str:
        skip = _NOT_FIRST if first else _FIRST_ONLY
        return fill(self._pick([t for t in BRIDGES[role] if not t.startswith(skip)]), topic)

    def closing(self, topic: str) -> str:
        return fill(self._pick(CLOSINGS), topic)

    def summary_conclusion(self, topic: str) -> tuple[str, str, str]:
        """A concluding line as (before, highlighted, after)."""
        line = fill(self._pick(SUMMARY_CONCLUSIONS), topic)
        before, rest = line.split("[", 1)
        key, after = rest.split("]", 1)
        return before, key, after


@lru_cache(maxsize=1)
def framing_pattern() -> re.Pattern[str]:
    """A regex matching any framing line of the bank, any topic written in."""
    lines = []
    for template in every_template():
        pieces = _SLOT.split(template.replace("[", "").replace("]", ""))
        # split() yields text, then the slot's three groups, then text, …
        lines.append(
            "".join(
                re.escape(piece) if n % 4 == 0 else ".+?"
                for n, piece in enumerate(pieces)
                if n % 4 in (0, 1)
            )
        )
    return re.compile("|".join(f"(?:{line})" for line in sorted(lines, key=len, reverse=True)))


@lru_cache(maxsize=1)
def _slot_patterns() -> tuple[re.Pattern[str], ...]:
    """Per template of the bank, a regex whose groups catch what was written into its
    slots, without the particle the slot adds."""
    out = []
    for template in every_template():
        pieces = _SLOT.split(template.replace("[", "").replace("]", ""))
        parts = []
        for n in range(0, len(pieces), 4):
            parts.append(re.escape(pieces[n]))
            if n + 1 < len(pieces):
                particles = pieces[n + 2 : n + 4]
                after = f"(?:{'|'.join(particles)})" if particles[0] else ""
                parts.append("(.+?)" + after)
        out.append(re.compile("".join(parts)))
    return tuple(sorted(out, key=lambda p: -len(p.pattern)))


def slot_words(sentence: str) -> list[str] | None:
    """What was written into the slots of a framing line ("소년공" of "소년공, 그 바탕에
    깔린 …"), or None when `sentence` is no line of the bank."""
    text = sentence.strip().removeprefix("결론적으로, ")
    for pattern in _slot_patterns():
        if m := pattern.fullmatch(text):
            return list(m.groups())
    return None


def is_framing(sentence: str) -> bool:
    """Whether `sentence` is a framing line of the bank (any topic written in); a
    conclusion's line may begin "결론적으로, "."""
    text = sentence.strip().removeprefix("결론적으로, ")
    return framing_pattern().fullmatch(text) is not None


def topics(phrases: Iterable[str]) -> list[str]:
    """Keyphrases short enough to sit in a framing line."""
    return [p for p in phrases if 2 <= len(p) <= 16]


__all__ = [
    "ANNOUNCEMENTS",
    "BRIDGES",
    "CLOSINGS",
    "NO_TOPIC",
    "OPENINGS",
    "SUMMARY_CONCLUSIONS",
    "Framer",
    "every_template",
    "fill",
    "framing_pattern",
    "is_framing",
    "slot_words",
    "topics",
]
