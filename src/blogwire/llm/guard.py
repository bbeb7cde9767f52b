"""The fact guard: an LLM's sentence may say only what the source already says.

A language model rewrites fluently and invents just as fluently, so nothing it
writes reaches a post unless every checkable fact in it is the source's own:

- every figure (digits with their magnitude and unit: "612억 달러", "7.8%", "2일")
  and every Hangul numeral ("석 달", "여섯 명") appears in the source;
- every relative date or weekday ("지난달", "내년", "월요일") appears in the source;
- every proper noun (kiwipiepy NNP) and every Latin or Hanja word (names of
  companies, products, acronyms) appears in the source;
- every quoted span is, character for character, a piece of the source;
- a sentence that restates a source sentence keeps its polarity: a negation
  ("않았다", "없다", "못했다", "아니다", "안", "말라") is neither dropped nor added,
  and a change keeps its direction ("감소" does not become "증가"), and it takes
  its nouns from that sentence only ("파운드리 업체" does not become "클라우드 업체",
  even though the article mentions both).

What the guard cannot see is meaning carried by other ordinary words: "검토"
becoming "확정", a cause turned into an effect, an implication the source never
drew, a sentence that combines two source sentences into a claim neither makes.
That is why highlights stay verbatim and body
rewrites must stay close to the sentence they replace (see `check_rewrite`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from blogwire.analyze.nlp import kiwi
from blogwire.models import content_words

if TYPE_CHECKING:
    from kiwipiepy import Token

__all__ = ["Problem", "Violation", "check_facts", "check_rewrite", "negations"]

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

# Words that give a change its direction. News turns on them ("감소" -> "증가"
# reverses the story while every figure stays right), and a small model swaps
# them; a sentence that restates a source sentence keeps its direction.
_UP = frozenset(
    {"증가", "늘", "늘어나", "오르", "상승", "급증", "급등", "확대", "인상", "개선", "흑자"}
    | {"최대", "최고", "강세", "호조", "회복", "플러스"}
)
_DOWN = frozenset(
    {"감소", "줄", "줄어들", "내리", "하락", "급감", "급락", "축소", "인하", "악화", "적자"}
    | {"최소", "최저", "약세", "부진", "둔화", "마이너스"}
)
_RANK = ("quote", "number", "date", "name", "negation", "direction", "substitution")
# Nouns a restating sentence may only take from the sentence it restates.
_NOUN_TAGS = frozenset({"NNG", "NNP", "SL"})
# A sentence without one of these states nothing that could be negated: a title
# such as "금융 지원" is a topic, not a claim.
_PREDICATE_TAGS = frozenset({"VV", "VA", "VX", "VCN", "XSV", "XSA"})

# Hangul numerals that kiwipiepy tags MM ("두 달", "석 달째"). "한" is left out:
# "한 관계자" (a certain official) is not a count.
_MM_NUMERALS = frozenset(
    {"두", "세", "네", "석", "넉", "서", "너", "두세", "서너", "다섯", "여섯", "일곱", "여덟"}
    | {"아홉", "열", "스무", "수십", "수백", "수천"}
)

# Dates a news sentence gives relative to its day; changing one moves the event.
_TIME_WORDS = (
    *("그저께", "그제", "어제", "오늘", "내일", "모레", "이날", "전날", "다음날"),
    *("지난주", "이번주", "다음주", "지난달", "이번달", "이달", "다음달"),
    *("지난해", "작년", "올해", "금년", "내년", "상반기", "하반기"),
    *("월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일"),
)

_QUOTE = re.compile(r"“([^”]*)”|‘([^’]*)’|「([^」]*)」|『([^』]*)』|\"([^\"]*)\"|'([^']*)'")
_QUOTE_MARKS = str.maketrans("", "", "“”‘’「」『』\"'")
_SPACE = re.compile(r"\s+")

# A rewrite must keep at least this share of its own content words from the
# source sentence, and cover this share of the source sentence's: lower means it
# no longer says the same thing, whatever its facts.
REWRITE_OVERLAP = 0.5
# A free sentence (intro, conclusion) counts as restating a source sentence, and
# so must keep its polarity, when this share of its content words comes from it.
RESTATE_OVERLAP = 0.6
# A proper noun in this many source sentences is what the story is about.
SUBJECT_MENTIONS = 3


@dataclass(frozen=True, slots=True)
class Problem:
    """One claim or fact in the LLM's text that the source does not back."""

    kind: str  # "number", "unit", "date", "name", "quote", "negation", "modality", … (KINDS)
    span: str  # the offending text
    message: str

    @property
    def item(self) -> str:
        return self.span

    def __str__(self) -> str:
        return self.message


Violation = Problem  # the name the polish and answer writers grew up with


@dataclass(frozen=True, slots=True)
class _SourceSentence:
    text: str
    words: frozenset[str]
    negations: int
    up: bool  # holds a word of rising ("증가", "늘었다")
    down: bool  # holds a word of falling ("감소", "줄었다")
    nouns: frozenset[str]  # common and proper nouns
    # Where a restating sentence may take its nouns from: this sentence and its
    # neighbours, flat and case-folded. Neighbours, because the splitter can
    # cut "‘겨울 정류장’은 …" after the quote.
    context: str


@dataclass(frozen=True, slots=True)
class _Facts:
    """What the source articles state, in the forms the checks compare."""

    flat: str  # the text with quote marks and whitespace removed
    folded: str  # `flat` case-folded: "Hbm" names the same thing as "HBM"
    # Names the story keeps coming back to: a sentence may call "회사" by its name.
    subjects: frozenset[str]
    figures: frozenset[str]
    numerals: frozenset[str]
    sentences: tuple[_SourceSentence, ...]


def check_facts(text: str, sources: Sequence[str]) -> list[Violation]:
    """Every fact in `text` that none of `sources` states: quotes, numbers, dates
    and names first, then what a restating sentence changed; each kind in order
    of appearance.

    `sources` are the article texts (title and body); `text` is anything the LLM
    wrote: a title, an intro, a rewritten sentence.
    """
    return _check(text, _facts(tuple(sources)), restates=None)


def check_rewrite(text: str, original: str, sources: Sequence[str]) -> list[Violation]:
    """`check_facts` for a rewrite of the source sentence `original`, plus: it keeps
    that sentence's polarity and stays close to its words."""
    facts = _facts(tuple(sources))
    source = _source_sentence(original)
    violations = _check(text, facts, restates=source)
    words = frozenset(content_words(kiwi().tokenize(text)))
    if words and source.words:
        shared = len(words & source.words)
        kept, covered = shared / len(words), shared / len(source.words)
        if kept < REWRITE_OVERLAP or covered < REWRITE_OVERLAP:
            violations.append(
                Violation(
                    "unrelated",
                    text,
                    f"rewrite strays from its source sentence: shares {shared} of its "
                    f"{len(words)} content words, covers {covered:.0%} of the original",
                )
            )
    return violations


def negations(tokens: Iterable[Token]) -> int:
    """How many negators a sentence's morphemes hold."""
    return sum(1 for t in tokens if (t.form, t.tag.split("-")[0]) in _NEGATORS)


def _check(text: str, facts: _Facts, *, restates: _SourceSentence | None) -> list[Violation]:
    out: list[Violation] = []
    seen: set[tuple[str, str]] = set()

    def add(kind: str, item: str, message: str) -> None:
        if (kind, item) not in seen:
            seen.add((kind, item))
            out.append(Violation(kind, item, message))

    sentences = kiwi().split_into_sents(text, return_tokens=True)
    for sentence in sentences:
        tokens = list(sentence.tokens or ())
        for figure, surface in _figures(tokens, sentence.text, sentence.start):
            if figure not in facts.figures:
                add("number", surface, f"number '{surface}' is not in the source")
        for numeral in _numerals(tokens):
            if numeral not in facts.numerals:
                add("number", numeral, f"number '{numeral}' is not in the source")
        for name in _names(tokens):
            if _flat(name).casefold() not in facts.folded:
                add("name", name, f"name '{name}' is not in the source")
        model = restates if restates is not None else _restated(tokens, facts)
        if model is None:
            continue
        this = _source_sentence_of(sentence.text, tokens)
        if (this.negations > 0) != (model.negations > 0):
            change = "drops the source's negation" if model.negations else "adds a negation"
            add("negation", sentence.text, f"negation flipped: '{sentence.text}' {change}")
        new = [
            noun
            for noun in sorted(this.nouns - _UP - _DOWN - facts.subjects, key=sentence.text.find)
            # one-syllable "nouns" are mostly kiwi's misreadings ("87%를" -> "르")
            if len(noun) > 1
            and noun in sentence.text
            and _flat(noun).casefold() not in model.context
        ]
        for noun in new:
            add(
                "substitution",
                noun,
                f"'{noun}' is not in the source sentence this restates: '{model.text[:40]}'",
            )
        if (this.up and model.down and not model.up) or (this.down and model.up and not model.down):
            was, now = ("falling", "rising") if this.up else ("rising", "falling")
            add(
                "direction",
                sentence.text,
                f"direction flipped: '{sentence.text}' says {now} where the source says {was}",
            )
    flat_text = _SPACE.sub("", text)
    for word in _TIME_WORDS:
        if word in flat_text and word not in facts.flat:
            add("date", word, f"date '{word}' is not in the source")
    for match in _QUOTE.finditer(text):
        inner = next(g for g in match.groups() if g is not None)
        if len(inner.strip()) >= 2 and _flat(inner) not in facts.flat:
            add("quote", match.group(0), f"quote {match.group(0)} is not the source's words")
    # Hard facts first: the first violation is what a run summary counts a field by.
    return sorted(out, key=lambda v: _RANK.index(v.kind))


@functools.lru_cache(maxsize=16)
def _facts(sources: tuple[str, ...]) -> _Facts:
    # One post is checked field by field against the same article: analyse it once.
    figures: set[str] = set()
    numerals: set[str] = set()
    names: set[str] = set()
    sentences: list[_SourceSentence] = []
    for source in sources:
        split = list(kiwi().split_into_sents(source, return_tokens=True))
        for i, sentence in enumerate(split):
            tokens = list(sentence.tokens or ())
            for figure, _ in _figures(tokens, sentence.text, sentence.start, variants=True):
                figures.add(figure)
            numerals.update(_numerals(tokens))
            names.update(t.form for t in tokens if t.tag == "NNP")
            context = " ".join(s.text for s in split[max(0, i - 1) : i + 2])
            sentences.append(_source_sentence_of(sentence.text, tokens, context))
    flat = "\n".join(_flat(s) for s in sources)
    mentions: dict[str, int] = {}
    for sentence in sentences:
        for name in sentence.nouns:
            mentions[name] = mentions.get(name, 0) + 1
    return _Facts(
        flat=flat,
        folded=flat.casefold(),
        subjects=frozenset(
            n for n, count in mentions.items() if count >= SUBJECT_MENTIONS and n in names
        ),
        figures=frozenset(figures),
        numerals=frozenset(numerals),
        sentences=tuple(sentences),
    )


def _source_sentence(text: str) -> _SourceSentence:
    return _source_sentence_of(text, kiwi().tokenize(text))


def _source_sentence_of(
    text: str, tokens: Sequence[Token], context: str | None = None
) -> _SourceSentence:
    forms = {t.form for t in tokens}
    return _SourceSentence(
        text,
        frozenset(content_words(tokens)),
        negations(tokens),
        bool(forms & _UP),
        bool(forms & _DOWN),
        frozenset(t.form for t in tokens if t.tag in _NOUN_TAGS),
        _flat(context if context is not None else text).casefold(),
    )


def _restated(tokens: Sequence[Token], facts: _Facts) -> _SourceSentence | None:
    """The source sentence this one restates, if it makes a claim and is close
    enough to exactly one reading of the source."""
    if not any(t.tag.split("-")[0] in _PREDICATE_TAGS for t in tokens):
        return None
    words = frozenset(content_words(tokens))
    if len(words) < 2 or not facts.sentences:
        return None
    overlap = max(len(words & s.words) for s in facts.sentences)
    if overlap < max(2, RESTATE_OVERLAP * len(words)):
        return None
    best = [s for s in facts.sentences if len(words & s.words) == overlap]
    # Equally close sentences that disagree leave nothing to hold this one to.
    if len({(s.negations > 0, s.up, s.down) for s in best}) > 1:
        return None
    nouns = {t.form for t in tokens if t.tag in _NOUN_TAGS}
    return min(best, key=lambda s: len(nouns - s.nouns))


def _figures(
    tokens: Sequence[Token], text: str, offset: int, *, variants: bool = False
) -> list[tuple[str, str]]:
    """(normalised figure, surface) for each number: digits, magnitudes, unit.

    "612억 달러" -> "612억달러"; "7,000" -> "7000". With `variants`, each figure
    is also listed without its unit, so the LLM may drop a unit but never change it.
    """
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.tag != "SN":
            i += 1
            continue
        start = tok.start
        number = tok.form.replace(",", "")
        j = i + 1
        magnitude = ""
        while j < len(tokens) and tokens[j].tag == "NR" and _near(tokens[j - 1], tokens[j]):
            magnitude += tokens[j].form
            j += 1
        unit = ""
        if j < len(tokens) and _near(tokens[j - 1], tokens[j]):
            nxt = tokens[j]
            attached = tokens[j - 1].start + tokens[j - 1].len == nxt.start
            if nxt.tag == "NNB" or (nxt.tag == "SW" and nxt.form == "%"):
                unit = nxt.form
                j += 1
            elif nxt.tag == "NNG" and attached and len(nxt.form) <= 2:
                unit = nxt.form  # "1.5배", "3위": a counter glued to its number
                j += 1
            if unit == "%" and j < len(tokens) and tokens[j].form == "p":
                unit, j = "%p", j + 1
        end = tokens[j - 1].start + tokens[j - 1].len
        surface = text[start - offset : end - offset]
        out.append((number + magnitude + unit, surface))
        if variants and unit:
            out.append((number + magnitude, surface))
        i = j
    return out


def _near(left: Token, right: Token) -> bool:
    """The two morphemes touch or have one space between them."""
    return bool(0 <= right.start - (left.start + left.len) <= 1)


def _numerals(tokens: Sequence[Token]) -> list[str]:
    out: list[str] = []
    for i, tok in enumerate(tokens):
        after_digits = i > 0 and tokens[i - 1].tag in {"SN", "NR"}
        if (tok.tag == "NR" and not after_digits) or (tok.tag == "MM" and tok.form in _MM_NUMERALS):
            out.append(tok.form)
    return out


def _names(tokens: Sequence[Token]) -> list[str]:
    """Proper nouns, with adjacent NNP morphemes joined ("누리" + "경제연구소")."""
    out: list[str] = []
    run: list[Token] = []
    for tok in [*tokens, None]:
        tag = tok.tag if tok is not None else ""
        if tok is not None and tag in {"NNP", "SL", "SH"}:
            if run and run[-1].start + run[-1].len != tok.start:
                out.append("".join(t.form for t in run))
                run = []
            run.append(tok)
            continue
        if run:
            out.append("".join(t.form for t in run))
            run = []
    # A single Latin letter is a unit or list marker ("3.5%p", "A안"), not a name.
    return [name for name in out if len(name) > 1]


def _flat(text: str) -> str:
    return _SPACE.sub("", text.translate(_QUOTE_MARKS))
