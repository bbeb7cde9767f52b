"""Bound sentences: which sentences lean on an earlier one and cannot stand alone.

A sentence that opens with a connective (그러면서, 이어, 특히 …), holds a demonstrative
or a pronoun (이에, 이같이, 해당 사건, 그는 …), is a reason or continuation fragment
(…때문이다, …면서다, …라는 설명이다, …로 풀이된다), whose subject carries 도 or is
missing, or that reports a quote given before it (이같이 말했다), only reads right after
what it leans on. The analysis marks it (`Analysis.leans_on`) so that no part of a post
opens with it and it is chosen only together with that sentence.

Everything is read from kiwipiepy's morphemes, outside quotation marks: what a quoted
speaker says ("그 정부의 상징은 …") binds nothing of the article's own sentence. The
endings are matched by tag (EC + VCP + EF is "…면서다" and "…면서입니다" alike), so the
article's plain style and a post's polite style are marked the same way.

Deliberately *not* binding: 이번, 이날, 이달, 올해, 최근, 당시, 그동안, 앞서. They point
at the story's own event and date, which the post's title and intro name anyway (and
compose resolves 이날 against the publication date), not at the sentence before; a
section may open "이번 지진은 …". Nor are 이 후보, 이 전 대표, 이 당선인: there 이 is
the surname Lee, not "this". Nor 양측, 자신: a reference to named parties or to the
sentence's own subject.
"""

from __future__ import annotations

from collections.abc import Sequence

from blogwire.analyze.bound_rules import (
    DOUBLE_QUOTES,
    TOPIC,
    Kind,
    has_subject,
    outside_quotes,
    read,
    rule_kind,
)
from blogwire.models import Sentence

# Sentence openers that tie a sentence to the one before (at the start, or right after
# the subject: "X는 이어 …"), by the word as kiwipiepy splits it. True where the word
# carries no fact and may be dropped when the sentence is used alone
# (`drop_connective`): it only says "next", "also", "in particular", "indeed", "first".
# False where dropping it changes what the sentence claims: a contrast or a concession
# (그러나, 하지만, 반면, 다만, 물론), a consequence (결국, 따라서, 그래서, 그러자), an
# order in time (이후, 그러던), a degree (심지어, 오히려, 나아가, 그만큼) or a
# restatement (즉).
CONNECTIVES: dict[str, bool] = {
    "그러면서": True,
    "이어": True,
    "이어서": True,
    "특히": True,
    "한편": True,
    "또": True,
    "또한": True,
    "아울러": True,
    "그리고": True,
    "게다가": True,
    "더욱이": True,
    "실제": True,
    "실제로": True,
    "우선": True,
    "먼저": True,
    "그러나": False,
    "하지만": False,
    "그런데": False,
    "반면": False,
    "반면에": False,
    "다만": False,
    "물론": False,
    "결국": False,
    "따라서": False,
    "그래서": False,
    "그러므로": False,
    "그러자": False,
    "그럼에도": False,
    "그런데도": False,
    "그러던": False,  # 그러던 중 "meanwhile, then"
    "그래도": False,
    "이후": False,
    "심지어": False,
    "오히려": False,
    "나아가": False,
    "그만큼": False,
    "즉": False,
    "역시": False,
    "더구나": False,
    "동시에": False,
}
# Multi-word openers that carry no fact ("along with this", "in this regard"); other
# openers built on 이 (이에, 이에 따라, 이 때문에) bind through the pronoun rule and say
# why or in answer to what, so they are never dropped.
_DROPPABLE_PHRASES = ("이와 함께", "이와 관련해", "이와 관련해서", "이와 관련")
# The tags a connective word may carry: an adverb, a conjunction, a noun used as one
# (결국, 반면, 이후), or a verb with a connective ending (그러면서, 잇+어 "이어"), with
# a particle (그런데도). The whole word must be the connective: 이어진, 또래 are not.
_CONNECTIVE_TAGS = frozenset({"MAG", "MAJ", "NNG", "VV", "VV-I", "EC", "ETM", "JKB", "JX"})


def _words(sentence: Sentence) -> list[tuple[int, int, list[int]]]:
    """The sentence's words (runs between spaces) as (start, end, morpheme indices)."""
    text = sentence.text
    words: list[tuple[int, int, list[int]]] = []
    at = 0
    for part in text.split():
        start = text.index(part, at)
        at = start + len(part)
        words.append((start, at, []))
    for i, m in enumerate(sentence.morphemes):
        for start, end, own in words:
            if start <= m.start < end:
                own.append(i)
                break
    return words


def _connective(sentence: Sentence) -> tuple[str, list[int]] | None:
    """The connective the sentence opens with, or that follows its first subject
    ("국민의힘 측 법률대리인은 이어 …"), with its morpheme indices."""
    words = _words(sentence)
    if not words:
        return None
    outside = outside_quotes(sentence.text)
    candidates = [0]
    # The first word that ends in a topic or a nominative, before any predicate.
    for n, (_start, _end, own) in enumerate(words[:-1]):
        ms = [sentence.morphemes[i] for i in own]
        if not ms or not outside[ms[0].start]:
            break
        if any(m.tag in {"EF", "ETM"} or m.tag.startswith(("VV", "VA")) for m in ms):
            break
        if ms[-1].tag == "JKS" or (ms[-1].tag == "JX" and ms[-1].form in TOPIC):
            candidates.append(n + 1)
            break
    for n in candidates:
        start, end, own = words[n]
        word = sentence.text[start:end].rstrip(",")
        tags = {sentence.morphemes[i].tag for i in own if sentence.morphemes[i].tag != "SP"}
        if word in CONNECTIVES and own and tags <= _CONNECTIVE_TAGS:
            return word, own
    return None


def _sentence(sentence: Sentence | str) -> Sentence:
    """A Sentence as it is, or a text (a post's sentence) tokenized as one sentence."""
    if isinstance(sentence, Sentence):
        return sentence
    from blogwire.analyze.sentences import tokenize_sentences

    return tokenize_sentences([sentence])[0]


def bound_kind(sentence: Sentence | str) -> Kind | None:
    """Why `sentence` cannot stand alone, read from the sentence itself; None when it
    can. (Whether it continues a quotation left open before needs the context: see
    `leaning_sentences`.) A text is tokenized first."""
    sentence = _sentence(sentence)
    if _connective(sentence) is not None:
        return Kind.CONNECTIVE
    return rule_kind(read(sentence))


def opens_bound(sentence: Sentence | str) -> bool:
    """Whether `sentence`, read alone (a post's part opener, plain or polite style, as a
    Sentence or a text), leans on something before it."""
    return bound_kind(sentence) is not None


def drop_connective(sentence: Sentence | str) -> str | None:
    """The sentence without its connective, when the connective carries no fact
    (`CONNECTIVES`, "이와 함께") and the rest stands alone with its own subject; None
    otherwise (no connective, one that says something, or the rest is still bound)."""
    sentence = _sentence(sentence)
    found = _connective(sentence)
    if found is not None:
        word, own = found
        if not CONNECTIVES[word]:
            return None
        start = sentence.morphemes[own[0]].start
        last = sentence.morphemes[own[-1]]
        end = last.start + last.length
    else:
        phrase = next((p for p in _DROPPABLE_PHRASES if sentence.text.startswith(p + " ")), None)
        if phrase is None:
            return None
        start, end = 0, len(phrase)
        own = [i for i, m in enumerate(sentence.morphemes) if m.start < end]
    rest = read(sentence, skip=frozenset(own))
    if rule_kind(rest) is not None or not has_subject(rest):
        return None
    text = sentence.text
    while end < len(text) and text[end] in ", ":
        end += 1
    return (text[:start] + text[end:]).strip()


_QUOTE_SPAN = 8  # a quotation runs over at most this many sentences after its first


def _quoted(sentences: Sequence[Sentence]) -> list[bool]:
    """Per sentence, whether it continues a quotation a sentence before it opened.

    A quotation counts only when it also closes, within a few sentences of the same
    paragraph: a stray or unmatched mark (data sets that lost their paragraphs, a
    quote the page never closes) then leaks into nothing."""

    def opens(text: str) -> bool:
        return text.count("“") > text.count("”") or text.count('"') % 2 == 1

    def closes(text: str) -> bool:
        return text.count("”") > text.count("“") or text.count('"') % 2 == 1

    inside = [False] * len(sentences)
    for i, sentence in enumerate(sentences):
        if inside[i] or not opens(sentence.text):
            continue
        for j in range(i + 1, min(len(sentences), i + 1 + _QUOTE_SPAN)):
            if sentences[j].paragraph != sentence.paragraph:
                break
            text = sentences[j].text
            # "” 문 대통령의 취임사는 …": a split that leaves the closing mark first
            # closes the quotation before the sentence starts
            last = j - 1 if text.startswith("”") else j if closes(text) else None
            if last is not None:
                inside[i + 1 : last + 1] = [True] * (last - i)
                break
            if opens(text):
                break
    return inside


def leaning_sentences(
    sentences: Sequence[Sentence], fragments: Sequence[bool] | None = None
) -> tuple[int | None, ...]:
    """Per sentence, the index of the sentence it leans on, or None.

    That is the sentence before it (fragments such as subtitles and captions skipped,
    across paragraphs: "이에 …" at a paragraph's start leans on the last one), or for a
    report like "이같이 말했다" the nearest sentence before that holds a quotation. The
    article's first sentence, and a fragment, lean on nothing."""
    return tuple(kind_and_target[1] for kind_and_target in bound_sentences(sentences, fragments))


def bound_sentences(
    sentences: Sequence[Sentence], fragments: Sequence[bool] | None = None
) -> list[tuple[Kind | None, int | None]]:
    """Per sentence, why it is bound and the index it leans on ((None, None) if free)."""
    if fragments is None:
        from blogwire.analyze.rank import fragment_flags

        fragments = fragment_flags(sentences)
    out: list[tuple[Kind | None, int | None]] = []
    previous: int | None = None  # the last sentence that is not a fragment
    quoted = _quoted(sentences)
    for i, sentence in enumerate(sentences):
        if fragments[i]:
            out.append((None, None))
            continue
        kind: Kind | None = None
        if previous is not None:
            kind = Kind.QUOTE if quoted[i] else bound_kind(sentence)
        target = previous if kind is not None else None
        if kind is Kind.REPORT:
            holder = _quote_holder(sentences, fragments, i)
            target = previous if holder is None else holder
        out.append((kind, target))
        previous = i
    return out


def _quote_holder(sentences: Sequence[Sentence], fragments: Sequence[bool], i: int) -> int | None:
    """The nearest of the few sentences before `i` that holds a double quotation."""
    for j in range(i - 1, max(-1, i - 5), -1):
        if not fragments[j] and any(ch in sentences[j].text for ch in DOUBLE_QUOTES):
            return j
    return None


__all__ = [
    "CONNECTIVES",
    "Kind",
    "bound_kind",
    "bound_sentences",
    "drop_connective",
    "leaning_sentences",
    "opens_bound",
]
