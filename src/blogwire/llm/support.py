"""What one sentence says, in the features the claim guard compares, and which one or
two source sentences support a claim (alignment over morphemes).

A claim is supported by the source sentence(s) that hold most of its content words,
not by the sentence it was offered for: a model merges two sentences, splits one,
reorders the article. Each feature is read from the sentence's *final predicate*
(from its last noun to its end), because that is where Korean puts what a sentence
asserts: "늘어날 것이란 전망이다" forecasts, "개발했다고 밝혔다" reports, while "할 수
있는 기술을 내놓았다" states a fact about a capability.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from blogwire.analyze.nlp import kiwi
from blogwire.llm.numbers import Figure, figures
from blogwire.models import content_words

if TYPE_CHECKING:
    from kiwipiepy import Token

# Morphemes that negate the predicate they belong to. "안"/"못" are the short
# negators, "않"/"못하"/"말" the long ones, "없"/"아니" negative predicates.
_NEGATORS = frozenset(
    {
        ("않", "VX"),
        ("못하", "VX"),
        ("말", "VX"),
        ("안", "MAG"),
        ("못", "MAG"),
        ("없", "VA"),
        ("아니", "VCN"),
    }
)


def negations(tokens: Iterable[Token]) -> int:
    """How many negators a sentence's morphemes hold."""
    return sum(1 for t in tokens if (t.form, t.tag.split("-")[0]) in _NEGATORS)


__all__ = ["Claim", "Clause", "Source", "aligned", "claim", "read", "source", "support"]

# Modality, read from the final predicate: how sure the sentence is of its claim.
_MODAL = {
    "plan": ("예정", "계획", "방침", "추진", "목표", "기로"),
    "consider": ("검토",),
    "forecast": ("전망", "예상", "기대", "추정", "것으로보", "듯", "가능성", "관측", "ㄹ것", "겠"),
    "known": ("것으로알려", "것으로알리"),  # kiwipiepy: 알려졌다 -> 알리 + 어 + 지
    "possible": ("수있", "수없", "수도있", "수도없"),
}
# Verbs that report what someone said or announced.
REPORTING = frozenset(
    {"말", "밝히", "발표", "강조", "주장", "설명", "지적", "보도", "전하", "내다보", "평가"}
    | {"답", "자평", "덧붙이", "보고", "전망", "진단", "경고", "평", "결론짓", "생각"}
)
# Reporting that leaves a claim someone's view, which a rewrite must keep attributed
# ("… 많다고 지적했다"); an announcement of one's own result ("개발했다고 밝혔다")
# may be restated as fact.
_OPINION = frozenset(
    {"말", "주장", "설명", "지적", "보도", "내다보", "평가", "강조", "전망", "진단", "경고"}
)
_UP = frozenset(
    {"증가", "늘", "늘어나", "오르", "상승", "급증", "급등", "확대", "인상", "개선", "흑자"}
    | {"강세", "호조", "회복", "플러스", "커지", "좋아지", "최대화", "많"}
)
_DOWN = frozenset(
    {"감소", "줄", "줄어들", "내리", "하락", "급감", "급락", "축소", "인하", "악화", "적자"}
    | {"약세", "부진", "둔화", "마이너스", "작아지", "떨어지", "약해지", "최소화", "적"}
)
_UP_SPELLED = ("좋아지", "커지", "커서", "높아지", "빨라지", "많아지", "늘어")
_DOWN_SPELLED = ("나빠지", "작아지", "작아", "낮아지", "느려지", "적어지", "떨어지", "약해지")
# Titles and groups: "교수", "연구팀" name nobody in particular.
_TITLES = frozenset(
    {"교수", "박사", "연구팀", "연구진", "연구원", "씨", "대표", "회장", "장관", "부사장", "총괄"}
    | {"연구", "팀", "선임", "책임", "소장", "원장", "위원장", "기자", "관계자"}
)
# Connective endings that close a clause ("…했으며", "…했지만").
_CLAUSE_ENDS = frozenset({"며", "으며", "고", "지만", "는데", "ᆫ데", "면서", "으나", "나", "고서"})
_CLAUSE_ENDS |= {"어서", "아서", "서"}
_HEARSAY = re.compile(r"[다라]고(한다|합니다|해요|했다)")
_CAUSE_WORDS = frozenset({"때문", "덕분", "탓", "인하", "바람"})
_QUOTATIVE = frozenset({"다고", "라고", "고", "이라고", "ᆫ다고", "는다고", "냐고"})
_NOUNS = frozenset({"NNG", "NNP", "SL", "SN", "NR"})
_PREDICATES = frozenset({"VV", "VA", "VX", "VCP", "VCN", "XSV", "XSA"})
_SPACE = re.compile(r"\s+")
# A second source sentence joins the support only when it adds this share of the
# claim's content words: merges need it, and a claim should not borrow every word.
PAIR_GAIN = 0.15


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause ("…했으며", "…했지만", the last one): what it asserts and how."""

    words: frozenset[str]
    modal: frozenset[str]  # of its final predicate: what it asserts
    modal_any: frozenset[str]  # anywhere in it ("할 수 없어 …", "검토하던 …")
    tense: str  # "past", "future", "progressive" or "present", of its final predicate


@dataclass(frozen=True, slots=True)
class Source:
    """One sentence of the article, as the checks compare it."""

    text: str
    flat: str  # without spaces, for substring tests of compounds and markers
    words: frozenset[str]
    nouns: frozenset[str]  # common and proper nouns of two syllables or more
    names: frozenset[str]
    clauses: tuple[Clause, ...]
    opinion: bool  # a claim someone made or reported, not the story's own
    reports: bool  # has a reporting verb ("밝혔다", "말했다") or "…에 따르면"
    speaker: frozenset[str]  # who reports: the specific nouns before the topic marker
    by_pronoun: bool  # "그는 … 지적했다": the speaker is named in an earlier sentence
    # The words around each negator (two before, one after, in its clause): a
    # restatement keeps the negations of what it restates, not of the whole sentence.
    negated: tuple[frozenset[str], ...]
    negators: int
    # The two content words before each cause ("… 비싸기 때문에") and the noun each
    # comparison is made against ("고용 창출보다"): a rewrite may not swap them.
    causes: tuple[frozenset[str], ...]
    against: frozenset[str]
    up: bool
    down: bool
    figures: tuple[Figure, ...]


@dataclass(frozen=True, slots=True)
class Claim:
    """One sentence the model wrote, with the features of `Source`."""

    sentence: Source
    predicate: bool  # has a predicate at all (a title "금융 지원" states nothing)
    # nouns it names as its source ("보건복지부에 따르면", "연세대는 … 밝혔다")
    cited: frozenset[str]


def read(text: str, tokens: Sequence[Token], offset: int = 0) -> Source:
    forms = [t.form for t in tokens]
    flat = _SPACE.sub("", text)
    stems = {t.form for t in tokens if t.tag.split("-")[0] in {"VV", "NNG", "XSV"}}
    reports = "따르면" in flat or bool(stems & REPORTING) or bool(_HEARSAY.search(flat))
    speaker: frozenset[str] = frozenset()
    by_pronoun = False
    if stems & REPORTING:
        for i, tok in enumerate(tokens):
            if tok.tag in {"JX", "JKS"}:
                j = i
                while j > 0 and tokens[j - 1].tag in {"NNP", "NNG", "SL", "XSN"}:
                    j -= 1
                # who reports: the names and organisations ("미래부", "연세대") right
                # before the first topic or subject marker
                run = frozenset(t.form for t in tokens[j:i] if _named(t)) - _TITLES
                speaker = run
                by_pronoun = i > 0 and tokens[i - 1].tag == "NP"
                break
    clauses = _clauses(tokens)
    negated = []
    for clause in clauses:
        for i, tok in enumerate(clause):
            if negations([tok]):
                before = [t.form for t in clause[:i] if _context(t)][-2:]
                after = [t.form for t in clause[i + 1 :] if _context(t)][:1]
                negated.append(frozenset(before + after))
    verbs = {t.form for t in _final(tokens) if t.tag.split("-")[0] in {"VV", "NNG", "XSV"}}
    opinion = bool(verbs & _OPINION) or bool(_HEARSAY.search(flat))
    return Source(
        text,
        flat,
        frozenset(content_words(tokens)),
        frozenset(t.form for t in tokens if t.tag in {"NNG", "NNP"} and len(t.form) > 1),
        frozenset(t.form for t in tokens if t.tag in {"NNP", "SL", "SH"}),
        tuple(_clause(c, last=i == len(clauses) - 1) for i, c in enumerate(clauses)),
        opinion,
        reports,
        speaker,
        by_pronoun,
        tuple(negated),
        negations(tokens),
        tuple(
            frozenset([t.form for t in tokens[:i] if _is_content(t)][-2:])
            for i, tok in enumerate(tokens)
            if tok.form in _CAUSE_WORDS
        ),
        frozenset(
            tokens[i - 1].form for i, tok in enumerate(tokens) if tok.form == "보다" and i > 0
        ),
        bool(set(forms) & _UP) or any(w in flat for w in _UP_SPELLED),
        bool(set(forms) & _DOWN) or any(w in flat for w in _DOWN_SPELLED),
        tuple(figures(tokens, text, offset)),
    )


def claim(text: str, tokens: Sequence[Token], offset: int = 0) -> Claim:
    sentence = read(text, tokens, offset)
    predicate = any(t.tag.split("-")[0] in _PREDICATES for t in tokens)
    cited = set(sentence.speaker & sentence.names)
    for i, tok in enumerate(tokens):
        if tok.form == "따르" and i >= 2 and tokens[i - 1].form == "에":
            j = i - 1
            while j > 0 and tokens[j - 1].tag in {"NNG", "NNP", "SL"}:
                j -= 1
            cited.update(t.form for t in tokens[j : i - 1])
    return Claim(sentence, predicate, frozenset(cited))


def negation_changes(mine: Source, backing: Sequence[Source]) -> str:
    """ "dropped" when `mine` restates a negated statement of `backing` without a negator
    of its own there, "added" when it negates what `backing` does not; else ""."""
    theirs = [near for b in backing for near in b.negated]
    for near in theirs:
        restated = len(mine.words & near) >= min(2, len(near))
        if near and restated and not any(m & near for m in mine.negated):
            return "dropped"
    for near in mine.negated:
        if near and not any(near & t for t in theirs):
            return "added"
    return ""


def aligned(clause: Clause, backing: Sequence[Source]) -> Clause | None:
    """The clause of `backing` that shares most words with `clause`."""
    best = max(
        (c for b in backing for c in b.clauses),
        key=lambda c: len(c.words & clause.words),
        default=None,
    )
    return best if best is not None and best.words & clause.words else None


def _clause(tokens: Sequence[Token], *, last: bool) -> Clause:
    tail = _final(_inner(tokens) if last else tokens)
    tail_flat = _spelled(tail)
    modal = _modal(tail_flat)
    past = any(t.tag == "EP" and t.form in {"었", "았", "였", "ᆻ"} for t in tail)
    if "ㄹ것이" in tail_flat or "겠" in tail_flat:
        tense = "future"
    elif "고있" in tail_flat and not past:
        tense = "progressive"
    else:
        tense = "past" if past else "present"
    return Clause(frozenset(content_words(tokens)), modal, _modal(_spelled(tokens)), tense)


def _spelled(tokens: Sequence[Token]) -> str:
    return "".join(("ㄹ" if t.form == "ᆯ" else t.form) for t in tokens)


def _modal(flat: str) -> frozenset[str]:
    return frozenset(k for k, marks in _MODAL.items() if any(m in flat for m in marks))


def _named(tok: Token) -> bool:
    return tok.tag in {"NNP", "SL"} or (
        tok.tag == "NNG" and len(tok.form) > 1 and tok.form[-1] in "부청원처대회소"
    )


def _context(tok: Token) -> bool:
    return tok.tag.split("-")[0] in {"NNG", "NNP", "VV", "VA", "XR"}


def _is_content(tok: Token) -> bool:
    return bool(content_words([tok]))


@functools.lru_cache(maxsize=8)
def source(article: str) -> tuple[Source, ...]:
    """The article's sentences, read once per article (a post is checked field by field)."""
    return tuple(
        read(s.text, list(s.tokens or ()), s.start)
        for s in kiwi().split_into_sents(article, return_tokens=True)
    )


def support(words: frozenset[str], sentences: Sequence[Source]) -> tuple[list[Source], float]:
    """The one or two source sentences that hold most of `words`, and the share they hold."""
    if not words or not sentences:
        return [], 0.0

    def held(group: Sequence[Source]) -> int:
        return sum(
            1 for w in words if any(w in s.words or (len(w) > 1 and w in s.flat) for s in group)
        )

    ranked = sorted(sentences, key=lambda s: -held([s]))
    best = [ranked[0]]
    score = held(best)
    for other in ranked[1:6]:
        pair = held([ranked[0], other])
        if pair - score >= max(2, PAIR_GAIN * len(words)):
            best, score = [ranked[0], other], pair
            break
    return best, score / len(words)


def _clauses(tokens: Sequence[Token]) -> list[Sequence[Token]]:
    out: list[Sequence[Token]] = []
    start = 0
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        ends = tok.form in _CLAUSE_ENDS or (nxt is not None and nxt.tag == "SP")
        if tok.tag == "EC" and ends and (nxt is None or nxt.tag != "VX"):
            out.append(tokens[start : i + 1])
            start = i + 1
    out.append(tokens[start:])
    return [c for c in out if c]


def _inner(tokens: Sequence[Token]) -> Sequence[Token]:
    """A reported clause without its reporting verb: "개발하고 있다고 말했다" -> "개발하고
    있다", whose tense is the claim's."""
    for i in range(len(tokens) - 1, 0, -1):
        if tokens[i].tag in {"EC", "JKQ"} and tokens[i].form in _QUOTATIVE:
            after = {t.form for t in tokens[i + 1 :]}
            if after & REPORTING:
                return tokens[:i]
    return tokens


def _final(tokens: Sequence[Token]) -> Sequence[Token]:
    """The final predicate: from the last noun to the end ("전망이 나온다", "검토하고 있다")."""
    end = len(tokens)
    while end > 0 and tokens[end - 1].tag in {"SF", "SP", "SSC", "SE", "SW"}:
        end -= 1
    for i in range(end - 1, -1, -1):
        if tokens[i].tag in _NOUNS:
            return tokens[i:end]
    return tokens[:end]
