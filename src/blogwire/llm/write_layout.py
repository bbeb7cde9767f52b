"""The whole-post writer's post: the extractive post's key sentences, the model's
sentences after each, and for a sentence the guard refused twice the source sentence
it restates.

Each part opens with the extractive post's key sentence, spans and highlight exactly
as compose laid them out (the conclusion with its "결론적으로, "); the sentences that
follow are joined by a lone " " span (Paragraph.sentence_groups splits on it), each
marked with its voice: Voice.MODEL for the model's, Voice.SOURCE for a source
sentence put in its place (its index in Paragraph.sources).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from blogwire.analyze.nlp import kiwi
from blogwire.analyze.style import polite_sentences
from blogwire.compose.compress import compress
from blogwire.compose.dates import report_note, resolve_sentences, with_dates
from blogwire.llm.claims import SUPPORTED
from blogwire.llm.form import polite
from blogwire.llm.plan import dated
from blogwire.llm.support import Source, read, support
from blogwire.models import Analysis, Paragraph, Span, Voice, content_words

__all__ = ["ANNOUNCE", "Group", "Piece", "Restater", "head", "paragraph"]

ANNOUNCE = "이번 글에서는"


@dataclass(frozen=True, slots=True)
class Group:
    """One sentence of an extractive paragraph, as compose laid it out."""

    spans: tuple[Span, ...]
    voice: Voice
    source: int | None  # its index in the Analysis, for a source sentence


@dataclass(frozen=True, slots=True)
class Piece:
    """One sentence after a part's key sentence."""

    text: str
    voice: Voice
    source: int | None = None


def groups(par: Paragraph) -> list[Group]:
    sources = iter(par.sources)
    out = []
    for n, spans in enumerate(par.sentence_groups()):
        voice = par.voice(n)
        out.append(Group(spans, voice, next(sources, None) if voice is Voice.SOURCE else None))
    return out


def head(par: Paragraph, *, opening: bool) -> list[Group] | None:
    """The groups a part keeps from the extractive paragraph: its key sentence, and
    for the conclusion (`opening`) every sentence up to it, "결론적으로, " first.
    None when the paragraph has no highlight to keep."""
    key = par.highlighted_index()
    if key is None:
        return None
    laid = groups(par)
    return laid[: key + 1] if opening else [laid[key]]


def announcement(par: Paragraph) -> Group | None:
    """The extractive intro's closing line that announces the post."""
    return next(
        (g for g in reversed(groups(par)) if "".join(s.text for s in g.spans).startswith(ANNOUNCE)),
        None,
    )


def paragraph(keep: Sequence[Group], pieces: Sequence[Piece]) -> Paragraph:
    spans: list[Span] = []
    voices: list[Voice] = []
    sources: list[int] = []
    for group in keep:
        if spans:
            spans.append(Span(" "))
        spans.extend(group.spans)
        voices.append(group.voice)
        if group.source is not None:
            sources.append(group.source)
    for piece in pieces:
        if spans:
            spans.append(Span(" "))
        spans.append(Span(piece.text))
        voices.append(piece.voice)
        if piece.source is not None:
            sources.append(piece.source)
    return Paragraph(tuple(spans), tuple(sources), tuple(voices))


class Restater:
    """The source sentence a model sentence restates, in the post's polite form.

    Alignment is the claim guard's (support.support: the source sentence holding
    most of the sentence's content words); the polite form and the resolved dates
    are compose's, so a replaced sentence reads as the extractive post would say it.
    """

    def __init__(self, analysis: Analysis, note_in_post: bool) -> None:
        self._analysis = analysis
        self._words = resolve_sentences(analysis.sentences, analysis.article.published)
        self._usable = [s for s in analysis.sentences if analysis.usable[s.index]]
        self._sources: list[Source] | None = None  # read when first needed: mostly never
        self._note = note_in_post

    def best(self, sentence: str) -> tuple[int | None, str]:
        """The index of the sentence `sentence` restates, or None and why not."""
        if self._sources is None:
            texts = dated(self._analysis)
            self._sources = [
                read(texts[s.index], kiwi().tokenize(texts[s.index])) for s in self._usable
            ]
        words = frozenset(content_words(kiwi().tokenize(sentence)))
        backing, held = support(words, self._sources)
        if not backing or held < SUPPORTED:
            return None, f"no source sentence says it (holds {held:.0%} of its words)"
        return self._usable[self._sources.index(backing[0])].index, ""

    def polite(self, index: int) -> str | None:
        """Sentence `index` as compose states it: polite, dates resolved, dateline and
        alternative spellings left out; None when it cannot be said in the post."""
        sentence = self._analysis.sentences[index]
        converted = polite_sentences([sentence])[0]
        if converted == sentence.text and not polite(converted):
            return None  # no polite form: a fragment, a bare quote
        text, left = with_dates(converted, sentence.text, self._words[index])
        published = self._analysis.article.published
        if left and not (self._note and published is not None):
            return None  # a relative date the post cannot resolve nor note
        return compress(text)


def note_in(par: Paragraph, analysis: Analysis) -> bool:
    published = analysis.article.published
    return published is not None and report_note(published) in par.text
