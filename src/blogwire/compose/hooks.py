"""The story a source headline names, read from the headline's own words.

A headline is cleaned (outlet tags like [속보] and the outlet's name dropped, quoted
speech taken out, hanja abbreviations such as 北 and 文 spelled out, "이 당선인" given
the full name the article body uses) and split at its clause marks (…, ···). The first
clause that is, or can be cut back to, a noun phrase is the story: "서울 시내버스 노조
총파업 결의", "이통사 장기 가입자 혜택 비교" (from "…비교해 보니"). The cut is made on
kiwipiepy morphemes, so names and products stay whole and nothing is re-spelled: every
word of a story is a word of the headline, which is why a title built on it can claim
nothing the source does not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from blogwire.analyze.sentences import tokenize_sentences
from blogwire.compose.names import PERSON_TITLES, spell_names
from blogwire.models import Morpheme, Sentence

# "[속보]", "【단독】", "(종합2보)", "<인터뷰>" at the start; an outlet's tail after " : ".
_TAG = re.compile(r"^\s*(?:\[[^\]]{0,40}\]|【[^】]{0,40}】|\([^)]{0,12}\)|<[^>]{0,20}>)\s*")
_TAIL = re.compile(r"\s+(?:[:|]|-)\s+[^\s:|]{1,12}\s*$")
_DOUBLE_QUOTED = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)|「[^」]*(?:」|$)|『[^』]*(?:』|$)")
# the particle a quote leaves behind: “…”며 / "…"라고 / “…”에
_QUOTE_PARTICLE = re.compile(r"^(?:이?라며|이?라고|라는|이란|란|며|고|는|에)(?=\s|$)")
_CLAUSE_MARKS = re.compile(r"\s*(?:…+|\.{2,}|·{2,}|ㆍ{2,}|\s[|/;]\s|;|[?!](?=\s|$))\s*")
_SPACES = re.compile(r"\s+")

QUOTED_LINE_MAX = 28
# Determiners and nouns that point at something named elsewhere ("그 車", "이번 사건").
POINTERS = frozenset({"이", "그", "저", "이런", "그런", "저런", "이번", "해당", "당시", "이날"})
# Morpheme tags a noun phrase may end with: nouns, numbers, foreign words, closing quotes.
_PHRASE_END = frozenset({"NNG", "NNP", "NNB", "NR", "SN", "SL", "SH", "SSC", "XSN", "SW"})
# Suffixes that leave a phrase hanging ("전기차용", "지역별", "행정부 시절").
# fmt: off
DANGLING = frozenset({
    "용", "별", "형", "시절", "당시", "관련", "등", "측", "및", "간", "중", "때", "전문",
    "이번", "이날",
})
# fmt: on
# After these, the noun before them is the event itself ("공개해" -> "공개").
_KEEPS_NOUN = frozenset({"XSV", "XSA", "VCP"})
# After these, the noun before them is the topic or subject of what follows.
_TOPIC = frozenset({"JX", "JKS"})


@dataclass(frozen=True, slots=True)
class Story:
    """What a headline is about: `phrase` names the story, built from its own words.

    `speaker`: set when the headline was mostly someone's quoted words, so the story is
    what that person said ("이재오의 무반성 한국당 발언" of 이재오 “무반성 한국당…”).
    `clauses`: the headline's other clauses cut to noun phrases. `cleaned`: the
    headline without tags, names spelled out (clean_headline).
    """

    phrase: str
    speaker: str | None
    clauses: tuple[str, ...]
    cleaned: str
    # the headline is a sentence with no noun-phrase clause (a column's thesis, a
    # quote with no speaker): `phrase` is that sentence, for a title that quotes it
    quoted_line: bool = False


def clean_headline(title: str, body: Sequence[Sentence] = ()) -> str:
    """The headline without outlet tags or tail, with hanja and surnames spelled out."""
    text = title.strip()
    while (m := _TAG.match(text)) and m.end() < len(text):
        text = text[m.end() :]
    text = _TAIL.sub("", text)
    text = spell_names(text, body)
    return _SPACES.sub(" ", text).strip()


def read_story(title: str, body: Sequence[Sentence] = (), keyphrases: Sequence[str] = ()) -> Story:
    """The story of headline `title`; `body` (the article's sentences) spells out names,
    `keyphrases` (the story's, best first) name the topic of a quote."""
    cleaned = clean_headline(title, body)
    unquoted, quoted = _without_quotes(cleaned)
    clauses = [c.strip(" ,") for c in _CLAUSE_MARKS.split(unquoted)]
    phrases = [p for p in (noun_phrase_of(c) for c in clauses if c) if p]
    good = [p for p in phrases if _names_something(p)]
    if good and " " not in good[0] and not quoted and phrases[0] == good[0]:
        # one word left of a sentence ("미국, 2020년 상반기 금리 더 내릴 수도" -> 미국):
        # the sentence itself, quoted, says more
        line = _first_line(unquoted)
        if line and line != good[0]:
            return Story(line, None, tuple(phrases[1:]), cleaned, quoted_line=True)
    if good and not (quoted and len(good[0]) <= 6 and " " not in good[0]):
        main = good[0]
        others = tuple(p for p in phrases if p != main)
        return Story(main, None, others, cleaned)
    if quoted and (good or phrases):
        # a headline of quoted words: the story is who spoke about what
        # ("트럼프 "중동에 추가파병"" -> 트럼프의 추가파병 발언), the topic a noun of the quote
        speaker = (good or phrases)[0]
        topic = _quote_topic(_quoted_text(cleaned), keyphrases)
        phrase = f"{speaker}의 {topic} 발언" if topic else f"{speaker}의 발언"
        return Story(phrase, speaker, tuple(phrases[1:]), cleaned)
    if good:  # a short name that is the whole story ("뿔난 트럼프")
        return Story(good[0], None, tuple(phrases[1:]), cleaned)
    line = _first_line(unquoted) or _first_line(_quoted_text(cleaned))
    return Story(line or "", None, tuple(phrases), cleaned, quoted_line=bool(line))


# Tags of a clause made only of nouns, numbers, quotes and determiners ("첫", "또다시").
# fmt: off
_NOMINAL = frozenset({
    "NNG", "NNP", "NNB", "NR", "SN", "SL", "SH", "SW", "SSO", "SSC", "SO", "MM", "MAG",
    "XSN", "XPN",
})
# fmt: on


def possessive(phrase: str) -> str:
    """'경찰, 해병대 1사단 첫 압수수색' -> '경찰의 해병대 1사단 첫 압수수색': a headline's
    "subject, event" comma read as the event's owner, when the event is a noun phrase
    (with particles or verbs in it, the comma stays: "일본, 미국 손잡고 …")."""
    head, comma, rest = phrase.partition(", ")
    if not comma or ", " in rest or " " in head.strip():
        return phrase
    morphs = tokenize_sentences([rest])[0].morphemes
    if morphs and all(m.tag in _NOMINAL or m.form == "·" for m in morphs):
        return f"{head}의 {rest}"
    return phrase


def _quote_topic(quote: str, keyphrases: Sequence[str]) -> str | None:
    """What a quote is about: the best keyphrase it holds, else its first noun run."""
    for phrase in keyphrases:
        if phrase in quote and len(phrase) >= 2:
            return phrase
    morphs = tokenize_sentences([quote])[0].morphemes if quote else ()
    run: list[Morpheme] = []
    for m in morphs:
        if m.tag in ("NNG", "NNP", "SL"):
            run.append(m)
        elif run:
            break
    if not run:
        return None
    start = run[0].start  # whole words: "무반성 한국당", never "반성 한국당"
    while start > 0 and quote[start - 1] not in " ,‘'":
        start -= 1
    text = quote[start : run[-1].start + run[-1].length]
    return text if 2 <= len(text) <= 12 else None


def _first_line(text: str) -> str | None:
    """The first clause of `text` as a line a title may quote, if short enough."""
    first = _CLAUSE_MARKS.split(text)[0].strip(" ,?!.") if text else ""
    return first if 6 <= len(first) <= QUOTED_LINE_MAX else None


def _quoted_text(text: str) -> str:
    m = _DOUBLE_QUOTED.search(text)
    return m.group(0).strip('“”"「」『』') if m else ""


# Clause marks of a plain headline: a question mark stays with its clause.
_PLAIN_MARKS = re.compile(r"\s*(?:…+|\.{2,}|·{2,}|ㆍ{2,}|\s[|/;]\s|;)\s*")
_QUOTE_GAP = "\x00"


def plain_clauses(cleaned: str) -> list[str]:
    """The clauses of a cleaned headline without its quoted speech, verbatim, except
    that a clause a quote was cut from is cut back to its noun phrase ("뿔난 트럼프,
    항소법원 향해 “…”" -> "뿔난 트럼프") and a lone word ("친청계") is dropped."""
    marked, _ = _without_quotes(cleaned, gap=_QUOTE_GAP)
    out = []
    for part in _PLAIN_MARKS.split(marked):
        pieces = [p.strip(" ,") for p in part.split(_QUOTE_GAP)]
        for clause in pieces:
            if len(pieces) > 1 and clause:  # a quote stood next to it
                clause = noun_phrase_of(clause) or ""
            if " " in clause:
                out.append(clause)
    return out


def _without_quotes(text: str, gap: str = " … ") -> tuple[str, bool]:
    """The text with double-quoted speech (and the particle after it) taken out, `gap`
    in its place (a quote is a clause of its own)."""
    parts: list[str] = []
    last = 0
    found = False
    for m in _DOUBLE_QUOTED.finditer(text):
        found = True
        parts.append(text[last : m.start()])
        rest = text[m.end() :]
        particle = _QUOTE_PARTICLE.match(rest)
        last = m.end() + (particle.end() if particle else 0)
        parts.append(gap)
    parts.append(text[last:])
    return _SPACES.sub(" ", "".join(parts)).strip(" …"), found


def noun_phrase_of(clause: str) -> str | None:
    """The clause cut back to a noun phrase, or None when that would change its sense.

    Trailing particles, endings and 하다 go ("혜택 비교해 보니" -> "혜택 비교"); so does
    a predicate after a topic ("알프스 목동 도전은 어떤가요" -> "알프스 목동 도전"). When
    a verb of its own goes ("항소법원 향해"), the noun left before it is the verb's
    object, not the story: the part after the last comma is dropped instead, or the
    clause is cut before its first particle ("검찰 ‘패스트트랙 충돌’ 기소에 …").
    """
    sentence = tokenize_sentences([clause])[0]
    morphs = [m for m in sentence.morphemes if m.length > 0]
    end = len(morphs)
    while end and morphs[end - 1].tag not in _PHRASE_END:
        end -= 1
    while end and (_dangles(morphs[end - 1]) or _bound_noun(morphs, end - 1)):
        end = _word_start(morphs, end - 1, clause)
        while end and morphs[end - 1].tag not in _PHRASE_END:
            end -= 1
    if not end:
        return None
    after = morphs[end].tag if end < len(morphs) else "SF"
    # the topic of a predicate ("알프스 목동 도전은 어떤가요"), when all before it is nouns
    topic = (
        after in _TOPIC
        and morphs[end].form in ("은", "는", "ᆫ", "이", "가")
        and all(m.tag in _NOMINAL or m.tag in ("JKG", "SP") for m in morphs[:end])
    )
    if after not in _KEEPS_NOUN and not topic and after not in ("SF", "SP"):
        comma = clause.rfind(",", 0, morphs[end - 1].start)
        if comma > 0:
            return noun_phrase_of(clause[:comma])
        return _before_first_particle(morphs, clause)
    phrase = clause[: morphs[end - 1].start + morphs[end - 1].length].strip(" ,")
    return phrase or None


def _before_first_particle(morphs: Sequence[Morpheme], clause: str) -> str | None:
    """The words before the clause's first particle, when they are two words or more."""
    for i, m in enumerate(morphs[1:], 1):
        if m.tag.startswith("J") and m.tag != "JKG" and morphs[i - 1].tag in _PHRASE_END:
            words = clause[: m.start].strip(" ,").split(" ")
            while words and words[-1] in DANGLING:
                words.pop()
            return " ".join(words) if len(words) >= 2 else None
        if m.tag.startswith(("V", "E")):
            return None
    return None


def _dangles(m: Morpheme) -> bool:
    """A suffix or noun that leaves the phrase hanging ("전기차용", "행정부 시절")."""
    return m.form in DANGLING and m.tag in ("XSN", "NNG", "NNB", "MAJ")


def _bound_noun(morphs: Sequence[Morpheme], i: int) -> bool:
    """A bound noun after a verb's modifier form ("내릴 수", "할 것"): the phrase hangs."""
    return morphs[i].tag == "NNB" and i > 0 and morphs[i - 1].tag == "ETM"


def _word_start(morphs: Sequence[Morpheme], i: int, clause: str) -> int:
    """The index of the first morpheme of the word holding morphs[i]."""
    while i > 0 and morphs[i].start > 0 and clause[morphs[i].start - 1] != " ":
        i -= 1
    return i


def _names_something(phrase: str) -> bool:
    """A phrase of two words or more, or a name; not a lone common noun (지원, 아침)."""
    sentence = tokenize_sentences([phrase])[0]
    tags = [m.tag for m in sentence.morphemes]
    first = sentence.morphemes[0] if sentence.morphemes else None
    if first and (first.tag == "NP" or first.form in POINTERS):
        return False  # "그 車", "이 사람": a pointer, not a name
    if " " in phrase.strip():
        return True
    return any(t in ("NNP", "SL") for t in tags) or (len(tags) >= 2 and len(phrase) >= 4)


_PERSON_NOUNS = frozenset({*PERSON_TITLES, "교수", "학생", "선수", "씨", "기자", "작가", "배우"})


def ends_in_person(phrase: str) -> bool:
    """Whether the phrase ends in a person: a name or a person's title."""
    morphs = tokenize_sentences([phrase])[0].morphemes
    nouns = [m for m in morphs if m.tag in _PHRASE_END and m.tag not in ("SSC", "SW")]
    return bool(nouns) and (nouns[-1].tag == "NNP" or nouns[-1].form in _PERSON_NOUNS)
