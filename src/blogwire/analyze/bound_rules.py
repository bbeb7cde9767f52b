"""The morpheme rules behind `blogwire.analyze.bound`: what in one sentence, read outside
its quotation marks, makes it lean on what came before. Each reads kiwipiepy's tags, not
strings: endings (EC + VCP + EF is "…면서다" and "…면서입니다" alike), pronouns (NP) and
determiners (MM) and where they stand, the particles that mark a subject (이/가, 은/는, 도).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from blogwire.analyze.bound_words import (
    DEMONSTRATIVES,
    EXPLAINED,
    EXPLAINING_NOUNS,
    INTERPRETED,
    NOMINAL,
    PERSONS,
    PRONOUNS,
    QUOTATIVE_ETM,
    SAYING_ACTS,
    SAYING_NOUNS,
    SAYING_VERBS,
    TIME_NOUNS,
    TITLES,
    TOPIC,
)
from blogwire.models import Morpheme, Sentence


class Kind(enum.StrEnum):
    """Why a sentence is bound (the first rule that fires, in this order)."""

    CONNECTIVE = "connective"  # opens with 그러면서, 이어, 특히, 한편 … (or "X는 이어 …")
    REPORT = "report"  # reports a quote given before: "이같이 말했다"
    QUOTE = "quote"  # inside a quotation that a sentence before it opened
    DEMONSTRATIVE = "demonstrative"  # 이/그/해당/이런/이러한 + noun, 이렇게
    PRONOUN = "pronoun"  # 이는, 이를, 이에, 그는, 이들은 …
    FRAGMENT = "fragment"  # …때문이다, …면서다, …판단에서다, …라는 설명이다, …로 풀이된다
    ALSO = "also"  # its subject carries 도: "박규환 최고위원도 …"
    NO_SUBJECT = "no-subject"  # a statement with no subject at all: "당장 … 약속했다"


DOUBLE_QUOTES = '“”"'
_OPENING = {"“": "”", "‘": "’", "「": "」", "『": "』"}


@dataclass(frozen=True, slots=True)
class Reading:
    """A sentence and its morphemes outside quotation marks (the rules' view of it)."""

    sentence: Sentence
    # outside quotes, opening marks dropped; a closing mark stands for what it closes
    top: tuple[Morpheme, ...]


def outside_quotes(text: str) -> list[bool]:
    """Per character, whether it stands outside any quotation (double or single).

    Curly quotes nest; a straight quote toggles. A quote left open runs to the end."""
    closers: list[str] = []
    straight: set[str] = set()
    out: list[bool] = []
    for ch in text:
        if closers and ch == closers[-1]:
            closers.pop()
            out.append(False)
        elif ch in _OPENING:
            closers.append(_OPENING[ch])
            out.append(False)
        elif ch in "\"'":
            out.append(False)
            straight ^= {ch}
        else:
            out.append(not closers and not straight)
    return out


def read(sentence: Sentence, skip: frozenset[int] = frozenset()) -> Reading:
    """The sentence's morphemes outside quotes, `skip` (morpheme indices) left out."""
    outside = outside_quotes(sentence.text)
    # A closing mark stays, in place of what it closes: "‘겨울 정류장’은" has a topic.
    top = tuple(
        m
        for i, m in enumerate(sentence.morphemes)
        if i not in skip
        and m.tag != "SSO"
        and (m.tag == "SSC" or (m.start < len(outside) and outside[m.start]))
    )
    return Reading(sentence, top)


def _is_pronoun(top: Sequence[Morpheme], i: int, *, early: bool) -> bool:
    """A pronoun that points outside the sentence: as the subject or owner ("그는",
    "이들은", "그의") anywhere, else only before the first clause ends ("이를 통해",
    "이에 따라"); later in the sentence "이를" mostly points back inside it ("의혹을
    제기, 이를 제지하는데")."""
    m = top[i]
    nxt = top[i + 1] if i + 1 < len(top) else None
    if m.tag != "NP" or m.form not in PRONOUNS:
        return False
    if m.form == "이" and nxt is not None and nxt.form in TITLES:
        return False  # the surname Lee, misread as a pronoun
    if early:
        return True
    if m.form not in PERSONS:
        return False  # "…쓴다는데 이건 …": a thing pronoun late in the sentence points inside it
    if nxt is not None and nxt.form == "들" and i + 2 < len(top):  # 그/NP 들/XSN: "그들은"
        nxt = top[i + 2]
    return nxt is not None and (
        nxt.tag in {"JKS", "JKG"} or (nxt.tag == "JX" and nxt.form in TOPIC)
    )


def _is_demonstrative(top: Sequence[Morpheme], i: int) -> bool:
    """이/그/이런/이러한/해당 + noun, 이렇게 …: checked only before the first clause ends."""
    m = top[i]
    nxt = top[i + 1] if i + 1 < len(top) else None
    if nxt is None:
        return False
    spaced = nxt.start > m.start + m.length  # "이 송" is not "이송" (kiwi splits that too)
    if m.tag == "MM" and m.form in DEMONSTRATIVES:
        if m.form == "이" and nxt.form in TITLES:
            return False  # the surname Lee: "이 후보", "이 전 대표"
        if nxt.form in {"동안", "간", "밖"} and not spaced:
            return False  # 그동안, 그간 "so far"; 그밖에 "others" in a list
        return spaced or nxt.form == "같"  # 이같은
    if m.form == "해당" and m.tag == "NNG":  # 해당 사건: "the case in question"
        return nxt.tag.startswith("NN") and spaced
    if m.tag == "XR" and m.form in {"이러", "그러"}:  # 이러한, 그러한
        return nxt.form == "하"
    if m.tag.startswith("VA") and m.form in {"이렇", "그렇"}:  # 이렇게, 그렇다면, 이래서는
        after = top[i + 2] if i + 2 < len(top) else None
        return not (nxt.form == "다" and after is not None and after.form == "하")  # 이렇다 할
    return False


def _points_out(top: Sequence[Morpheme], i: int) -> bool:
    """이 같은, 이같이: a demonstrative that points outside the sentence wherever it
    stands. Others, after the first clause, mostly point inside it ("…했는데 이런
    표현은", "…강행하다가 이런 사태가")."""
    return top[i].form in {"이", "그"} and i + 1 < len(top) and top[i + 1].form == "같"


# Endings that close a clause, after which 이/그 mostly point inside the sentence.
# By their last syllables, so 는데, ᆫ다는데, 었는데 and 다면, 으면 all count.
_CLAUSE_ENDS = ("며", "면서", "고", "지만", "데", "자", "면", "서", "니", "나", "다가", "는가")


def _first_clause_end(top: Sequence[Morpheme]) -> int:
    """The position where the sentence's first clause ends (an ending like …하며, …했고,
    …하자 that no auxiliary verb follows), or a list bullet starts."""
    for i, m in enumerate(top):
        if m.tag == "SW" and m.form in "△▲■□●○◆◇•-":
            return i
        before = top[i - 1] if i else None
        # "…계속되고 있어 이에 대한": 어/아 after a state (있어, 많아) gives a reason and
        # closes a clause; after an action ("합성해 이 결합력을") the sentence goes on.
        serial = (
            m.form in {"어", "아", "여"}
            and before is not None
            and before.tag.startswith(("VA", "VX", "XSA"))
        )
        if m.tag == "NNB" and m.form == "데" and before is not None and before.tag == "ETM":
            return i  # "보도되는데" read as 는/ETM + 데/NNB
        if before is not None and before.form == "따르":
            continue  # "…에 따르면" names a source; the clause goes on
        if m.tag == "EC" and (m.form.endswith(_CLAUSE_ENDS) or serial):
            nxt = top[i + 1] if i + 1 < len(top) else None
            if nxt is None or nxt.tag != "VX":
                return i
    return len(top)


def _is_time(m: Morpheme) -> bool:
    return m.form in TIME_NOUNS or (m.tag == "NNB" and m.form in {"년", "월", "일", "시"})


def _subject_markers(top: Sequence[Morpheme]) -> list[tuple[int, str]]:
    """(position, kind) of each subject-like marker outside quotes: "nom" for 이/가,
    "topic" for 은/는 (and 로서는), "also" for 도, "only" for 만 after a noun."""
    out: list[tuple[int, str]] = []
    for i, m in enumerate(top):
        before = top[i - 1] if i else None
        if m.tag == "JKS":
            out.append((i, "nom"))
        elif m.tag == "JX" and before is not None:
            if _is_time(before):
                continue  # "올해는", "28일은": when, not who
            if before.tag in NOMINAL:
                if m.form in TOPIC:
                    out.append((i, "topic"))
                elif m.form == "도":
                    out.append((i, "also"))
                elif m.form == "만":
                    out.append((i, "only"))
            elif before.tag == "JKB" and before.form in {"로서", "으로서"} and m.form in TOPIC:
                out.append((i, "topic"))
            elif before.tag == "JKB" and before.form == "에서" and m.form in TOPIC:
                # "자치구에서는 …을 운행한다": the place stands for who acts
                out.append((i, "place"))
    return out


_QUOTATIVE_EC = frozenset({"다고", "라고", "자고", "냐고", "느냐고", "ᆫ다고", "는다고", "으라고"})


def _embedded(top: Sequence[Morpheme], at: int, until: int) -> bool:
    """A nominative at `at` belongs to a relative, complement or reported clause: an
    adnominal ending (…한, …다는) or a quotative one (…달라고, …하겠다고) follows it
    before `until`."""
    return any(
        m.tag in {"ETM", "JKQ"} or (m.tag == "EC" and m.form in _QUOTATIVE_EC)
        for m in top[at + 1 : until]
    )


def _tail(top: Sequence[Morpheme]) -> list[Morpheme]:
    end = len(top)
    while end and top[end - 1].tag in {"SF", "SP", "SSC", "SE", "SW", "SO"}:
        end -= 1
    return list(top[:end])


def _first_marker(top: Sequence[Morpheme]) -> str | None:
    """The kind of the first subject-like marker, a place topic aside and a nominative
    inside a clause that modifies a noun skipped ("독립영화가 … 넘은 것은 …": 것은)."""
    markers = [(at, kind) for at, kind in _subject_markers(top) if kind != "place"]
    for n, (at, kind) in enumerate(markers):
        following = markers[n + 1][0] if n + 1 < len(markers) else len(top)
        if kind == "nom" and n + 1 < len(markers) and _embedded(top, at, following):
            continue
        return kind
    return None


def _speaker_topic(top: Sequence[Morpheme]) -> bool:
    """Whether the sentence's first topic opens it, with no clause before it: the one
    who says or plans ("정부는 …라는 방침이다"). A topic after a clause ("…상황에서
    우리끼리 내부총질은 …한다는 것이다") is inside what was said."""
    for at, kind in _subject_markers(top):
        if kind == "topic":
            return not any(m.tag.startswith(_CLAUSE_TAGS) for m in top[:at])
    return False


_CLAUSE_TAGS = ("VV", "VA", "VX", "VCP", "XSV", "XSA", "EC", "ETM")


def _is_fragment(top: Sequence[Morpheme]) -> bool:
    tail = _tail(top)
    if len(tail) < 3 or tail[-1].tag != "EF":
        return False
    core = tail[:-1]
    while core and core[-1].tag == "EP":
        core.pop()
    if len(core) < 2:
        return False
    last, before = core[-1], core[-2]
    if last.tag == "VCP":
        if before.tag == "EC":  # …면서다, …어서다
            return True
        if before.tag == "JKB" and before.form == "에서":  # …판단에서다
            return True
    topic_first = _first_marker(top) == "topic"
    if last.tag == "VCP" and len(core) >= 3:
        head, etm = before, core[-3]
        if head.form == "만" and head.tag == "NNB":  # "…발의된 지 8개월 만이다"
            return not topic_first
        if head.form == "때문" and head.tag == "NNB":  # …기 때문이다
            # Only "X한 것은 …때문이다" names what it explains; "활주로는 … 때문이다"
            # still gives the reason for the sentence before.
            return not any(
                kind == "topic" and top[at - 1].form in EXPLAINED
                for at, kind in _subject_markers(top)
            )
        if head.tag.startswith("NN") and etm.tag == "ETM":
            if head.form in SAYING_NOUNS and etm.form in QUOTATIVE_ETM:
                # "정부는 …라는 방침이다" names who says it; in "…우리끼리 내부총질은
                # 그만해야 한다는 것이다" the topic is inside what was said
                return not (topic_first and _speaker_topic(top))
            if head.form in EXPLAINING_NOUNS and etm.form not in {"ᆯ", "을", "를"}:
                return not topic_first
    # …(으)로 풀이된다: an interpretation of what was just said
    if (
        last.form == "되"
        and before.form in INTERPRETED
        and len(core) >= 3
        and core[-3].tag == "JKB"
        and core[-3].form in {"로", "으로"}
    ):
        return not topic_first
    return False


def _also(top: Sequence[Morpheme]) -> bool:
    """The sentence's first subject (not counting those inside a relative or
    complement clause) carries 도: "김 전 총리도 전날 …", "…라는 의견도 나왔다"."""
    markers = [(at, kind) for at, kind in _subject_markers(top) if kind != "place"]
    for n, (at, kind) in enumerate(markers):
        following = markers[n + 1][0] if n + 1 < len(markers) else None
        inside = _embedded(top, at, len(top) if following is None else following)
        if kind == "nom" and inside:
            continue  # "우리나라가 보유한 장비의 성능이 …"
        if kind == "also" and inside and following is not None:
            continue  # "태풍도 잊은 채 복구 작업이 …"; but "301조도 쓸 수 있는 수단이다"
        return kind == "also"
    return False


def _no_subject(top: Sequence[Morpheme], text: str) -> bool:
    """A statement with no subject anywhere outside quotes ("당장 자신부터 … 약속했다",
    "“…”고 말했다" with no speaker). Not a question, an instruction ("…해야 한다",
    whose subject is anyone) or a sentence that is all quotation."""
    tail = _tail(top)
    if not tail or tail[-1].tag != "EF" or text.rstrip().rstrip("”’\"')").endswith("?"):
        return False
    if _subject_markers(top):
        return False
    for m, nxt in pairwise(tail):
        if m.tag == "EC" and m.form in {"어야", "아야", "여야"} and nxt.form == "하":
            return False
    return any(m.tag.startswith(("VV", "VA", "VCP", "XSV", "XSA", "VX")) for m in tail)


def _reports_quote(top: Sequence[Morpheme], text: str) -> bool:
    """ "이같이 말했다", "이렇게 밝혔다": the sentence points at a quote it does not hold."""
    if any(ch in text for ch in DOUBLE_QUOTES):
        return False
    pointer = None
    for i, m in enumerate(top):
        nxt = top[i + 1] if i + 1 < len(top) else None
        like_this = m.tag == "NP" and nxt is not None and nxt.form in {"같이", "처럼"}
        this_way = m.tag.startswith("VA") and nxt is not None and nxt.form == "게"
        if m.form in {"이", "그", "이렇", "그렇"} and (like_this or this_way):
            pointer = i
        if pointer is not None and i > pointer:
            if m.tag.startswith("VV") and m.form in SAYING_VERBS:
                return True
            if m.form in SAYING_ACTS and nxt is not None and nxt.tag == "XSV":
                return True
    return False


def rule_kind(reading: Reading) -> Kind | None:
    """Why the sentence leans on an earlier one, by every rule but the connective one
    (which `bound` applies, as it may be dropped); None when no rule fires."""
    top, text = reading.top, reading.sentence.text
    if _reports_quote(top, text):
        return Kind.REPORT
    end = _first_clause_end(top)
    for i in range(len(top)):
        if _is_demonstrative(top, i) and (i < end or _points_out(top, i)):
            return Kind.DEMONSTRATIVE
        if _is_pronoun(top, i, early=i < end):
            return Kind.PRONOUN
    if _is_fragment(top):
        return Kind.FRAGMENT
    if _also(top):
        return Kind.ALSO
    if _no_subject(top, text):
        return Kind.NO_SUBJECT
    return None


def has_subject(reading: Reading) -> bool:
    """Whether the sentence names its own subject outside quotes: a topic (은/는), or a
    nominative (이/가, 도, 만) that is not inside a clause modifying a noun or reporting
    speech ("…호남이 앞장서 달라고 호소했다" has none)."""
    top = reading.top
    markers = _subject_markers(top)
    for n, (at, kind) in enumerate(markers):
        following = markers[n + 1][0] if n + 1 < len(markers) else len(top)
        if kind in {"topic", "place"} or not _embedded(top, at, following):
            return True
    return False


__all__ = [
    "DOUBLE_QUOTES",
    "TOPIC",
    "Kind",
    "Reading",
    "has_subject",
    "outside_quotes",
    "read",
    "rule_kind",
]
