"""The claim guard: every sentence a model writes is framing or a claim, and a claim
must say what one or two source sentences say.

`check_facts(text, source)` reads each sentence of `text`. A sentence that states
nothing about the story ("자세히 살펴보겠습니다") is framing and passes. A claim is
aligned, over its content morphemes, with the one or two article sentences that hold
most of them (`support.support`), and then must keep, against that support:

- figures by value with their unit and bound ("세 명" = "3명"; "25mg 미만" is not
  "25mg 이상"), dates (relative ones as dates: "내달" = "다음 달"), names whole,
  quotes character for character;
- polarity and direction; tense and aspect ("개발했다" is not "개발하고 있다");
  modality ("검토", "전망", "할 수 있다" are not facts, and a fact is not a plan);
- attribution (who said it; a claim someone made stays theirs);
- quantifiers and comparisons ("모두", "일부", "최대", "보다", "가장", "처음");
- causes: "때문에", "덕분에" only where the source draws the link;
- and it must be there at all: a sentence whose words the article mostly lacks is an
  invented claim.

Each problem's `kind` is one of `KINDS`; the run summary, the store and the review desk
show it by that name. What the guard still cannot see is in docs/llm.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from blogwire.analyze.nlp import kiwi
from blogwire.llm.numbers import Figure, relative_dates
from blogwire.llm.support import (
    Claim,
    Source,
    aligned,
    claim,
    negation_changes,
    source,
    support,
)

__all__ = ["KINDS", "Problem", "check_facts"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One claim or fact in the model's text that the source does not back."""

    kind: str  # one of KINDS (the writers add "format" for their own rules)
    span: str  # the offending text
    message: str

    def __str__(self) -> str:
        return self.message


# Every kind a problem can have, hard facts first: the first problem is what a run
# summary counts a field by.
KINDS = (
    *("quote", "number", "unit", "date", "name", "added_name", "negation", "direction"),
    *("tense", "modality", "attribution", "quantifier", "comparison", "causal", "invented"),
)
# A claim must find at least this share of its content words in its support.
SUPPORTED = 0.5
# Content nouns the whole article lacks: this many make a claim of its own.
NOVEL_NOUNS = 3

_QUANTIFIERS: tuple[str, ...] = (
    "모두",
    "모든",
    "전부",
    "전체",
    "대부분",
    "대다수",
    "일부",
    "절반",
    "각각",
)
_QUANTIFIERS += ("최대", "최소", "누구나", "항상", "빠짐없이", "전국", "역대", "유일")
_COMPARISONS = ("보다", "가장", "최초", "처음", "비슷", "최고", "최저", "동일", "세계최")
_SAME = {"처음": "최초", "최초": "처음", "절반": "50%"}
_CAUSES = ("때문", "덕분", "탓에", "인해", "인한", "으로인", "므로", "바람에", "따라서")
_FRAMING = re.compile(r"(살펴보|알아보|정리해|소개해|짚어보|궁금).*(습니다|ㅂ니다|요)?")
_QUOTE = re.compile(
    r"“([^”]*)”|‘([^’]*)’|「([^」]*)」|『([^』]*)』|\"([^\"]*)\"|'([^']*)'|`([^`]*)`"
)
_DROP = str.maketrans("", "", "“”‘’「」『』\"'`®™ \t\n")


def check_facts(text: str, source_text: str) -> list[Problem]:
    """Every problem of `text` against the article `source_text`; empty when every
    claim is supported. Problems come in `KINDS` order, each kind in text order."""
    article = source(source_text)
    flat_source = source_text.translate(_DROP).casefold()
    out: list[Problem] = []
    seen: set[tuple[str, str]] = set()

    def add(kind: str, span: str, message: str) -> None:
        if (kind, span) not in seen:
            seen.add((kind, span))
            out.append(Problem(kind, span, message))

    for match in _QUOTE.finditer(text):
        inner = next(g for g in match.groups() if g is not None)
        if len(inner.strip()) >= 2 and inner.translate(_DROP).casefold() not in flat_source:
            add("quote", match.group(0), f"quote {match.group(0)} is not the source's words")
    source_dates = relative_dates(source_text)
    reported = False  # the sentence before reported: a split may carry its attribution
    for sent in kiwi().split_into_sents(text, return_tokens=True):
        tokens = list(sent.tokens or ())
        this = claim(sent.text, tokens, sent.start)
        if not this.predicate or (_FRAMING.search(sent.text) and len(this.sentence.words) < 4):
            continue  # framing: states nothing about the story
        backing, held = support(this.sentence.words, article)
        _check_claim(this, backing, held, article, add)
        _check_figures(this.sentence.figures, backing, article, add)
        for date in sorted(relative_dates(sent.text) - source_dates):
            add("date", date, f"date '{date}' is not in the source")
        for date in sorted(relative_dates(sent.text) & source_dates):
            mentioned = [relative_dates(s.text) for s in backing]
            if any(mentioned) and not any(date in m for m in mentioned):
                add("date", date, f"date '{date}' is not the date of '{backing[0].text[:40]}'")
        backed = {n for s in backing for n in s.names}
        for name in sorted(n for n in this.sentence.names if len(n) >= 2):
            # a name the sentence it restates gives, left out of the claim: the claim's
            # own name took its place ("강하람이 헤더로" for the source's "이도윤이 헤더로")
            missing = [
                (n, s.text)
                for s in backing
                for n in s.names
                if len(n) >= 2 and n.casefold() not in sent.text.casefold()
            ]
            if name.casefold() in flat_source:
                swapped = next((n for n, t in missing if _same_slot(sent.text, name, t, n)), None)
                if swapped is not None:
                    add("name", name, f"'{name}' in place of '{swapped}', as the source says it")
            elif name not in backed:
                kind = "name" if missing else "added_name"
                add(kind, name, f"name '{name}' is not in the source")
        for noun in sorted(this.cited):
            if noun.casefold() not in flat_source:
                add("added_name", noun, f"'{noun}' is not in the source")
        if backing and backing[0].opinion and not this.sentence.reports and not reported:
            add(
                "attribution", sent.text, "states as fact what the source only reports someone said"
            )
        reported = this.sentence.reports
    return sorted(out, key=lambda p: KINDS.index(p.kind))


def _neighbours(text: str, name: str) -> tuple[str, str] | None:
    """The words (eojeol) before and after the one that holds `name` in `text`."""
    words = text.split()
    at = next((i for i, w in enumerate(words) if name in w), None)
    if at is None:
        return None
    before = words[at - 1] if at > 0 else ""
    after = words[at + 1].rstrip(".,!?…") if at + 1 < len(words) else ""
    return before, after


def _same_slot(claim_text: str, name: str, source_text: str, other: str) -> bool:
    """`name` stands where the source has `other`: the same word before or after it
    ("코너킥 상황에서 강하람이 헤더로" for "… 수비수 이도윤이 헤더로"). A name the
    claim adds beside the source's words (a merge, a compression) fills no one's slot."""
    if name.casefold() in source_text.casefold():
        return False  # the source's sentence says it too (kiwipiepy split it differently)
    mine, theirs = _neighbours(claim_text, name), _neighbours(source_text, other)
    if mine is None or theirs is None:
        return False
    return any(a and a == b for a, b in zip(mine, theirs, strict=True))


def _check_claim(
    this: Claim,
    backing: list[Source],
    held: float,
    article: tuple[Source, ...],
    add: Callable[[str, str, str], None],
) -> None:
    s = this.sentence
    if not backing or held < SUPPORTED:
        add("invented", s.text, f"no source sentence says this (holds {held:.0%} of its words)")
        return
    novel = [w for w in s.nouns if not any(w in b.words or w in b.flat for b in article)]
    if len(novel) >= NOVEL_NOUNS:
        add("invented", s.text, f"adds what its source does not say: {', '.join(sorted(novel))}")
    best = backing[0]
    flat_back = "".join(b.flat for b in backing)
    change = negation_changes(s, backing)
    if change:
        add("negation", s.text, f"{change} a negation against what it restates")
    if (
        s.up and not s.down and any(b.down for b in backing) and not any(b.up for b in backing)
    ) or (s.down and not s.up and any(b.up for b in backing) and not any(b.down for b in backing)):
        add("direction", s.text, "direction flipped against its source sentence")
    hedges = {"plan", "consider", "forecast", "possible", "known"}
    for mine in s.clauses:
        theirs = aligned(mine, backing)
        if theirs is None:
            continue
        if mine.tense in {"future", "progressive"} and theirs.tense == "past":
            add("tense", s.text, f"{mine.tense} where the source says it happened")
        elif mine.tense == "past" and theirs.tense == "future":
            add("tense", s.text, "says it happened where the source says it will")
        if theirs.modal & hedges and not mine.modal_any & hedges:
            add("modality", s.text, f"states as fact what the source gives as {min(theirs.modal)}")
        elif mine.modal - theirs.modal_any and mine.tense != "future":
            add(
                "modality", s.text, f"adds {min(mine.modal - theirs.modal_any)} the source does not"
            )
    if s.speaker and not best.by_pronoun and not any(n in best.flat for n in s.speaker):
        add("attribution", s.text, f"'{' '.join(sorted(s.speaker))}' did not say this")
    for word in _QUANTIFIERS:
        if word in s.flat and word not in flat_back and _SAME.get(word, word) not in flat_back:
            add("quantifier", word, f"quantifier '{word}' is not in its source sentence")
    for word in _COMPARISONS:
        if word in s.flat and word not in flat_back and _SAME.get(word, word) not in flat_back:
            add("comparison", word, f"comparison '{word}' is not in its source sentence")
    for word in _CAUSES:
        if word in s.flat and word not in flat_back:
            add("causal", word, f"cause '{word}' is not drawn by the source")
    theirs_causes = [c for b in backing for c in b.causes]
    for cause in s.causes:
        if cause and not any(cause <= c for c in theirs_causes):
            add("causal", " ".join(sorted(cause)), "gives a cause its source does not")
    theirs_against = {w for b in backing for w in b.against}
    for noun in sorted(s.against - theirs_against):
        if theirs_against:
            add("comparison", noun, f"compares against '{noun}', which its source does not")


def _check_figures(
    mine: tuple[Figure, ...],
    backing: list[Source],
    article: tuple[Source, ...],
    add: Callable[[str, str, str], None],
) -> None:
    everywhere = [f for s in article for f in s.figures]
    near = [f for s in backing for f in s.figures] or everywhere
    for fig in mine:
        same_value = [f for f in everywhere if abs(f.value - fig.value) < 1e-9]
        if not same_value:
            kind = "date" if fig.is_date else "number"
            add(kind, fig.surface, f"number '{fig.surface}' is not in the source")
            continue
        units = [f for f in same_value if _same_unit(fig.unit, f.unit)]
        if not units:
            kind = "date" if fig.is_date else "unit"
            add(kind, fig.surface, f"'{fig.surface}' has another unit in the source")
            continue
        if fig.bound and not any(f.bound == fig.bound for f in units):
            add("comparison", fig.surface, f"'{fig.surface}' is bounded otherwise in the source")
        elif fig.is_date and not any(abs(f.value - fig.value) < 1e-9 for f in near):
            add("date", fig.surface, f"'{fig.surface}' is not the date of its source sentence")


def _same_unit(mine: str, theirs: str) -> bool:
    # A rewrite may drop a unit ("612억"), or shorten a doubled one ("km미터" -> "km").
    return not mine or mine == theirs or theirs.startswith(mine) or mine.startswith(theirs)
