"""Laying a post's sentences out as Paragraphs: who wrote each, and its highlight.

A paragraph is its sentences joined by lone " " spans (Paragraph.sentence_groups()
splits on them), each marked with its voice (the source's or the blog's framing); the
key sentence of a part is split around its highlighted clause (compose/highlight).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from blogwire.analyze.bound import opens_bound
from blogwire.compose.highlight import key_span
from blogwire.models import Analysis, Highlight, Paragraph, Sentence, Span, Voice


class Piece(NamedTuple):
    """One sentence of a paragraph: its text, who wrote it, and its highlight."""

    text: str
    voice: Voice
    span: tuple[int, int] | None = None  # the highlighted part of `text`
    color: Highlight | None = None
    source: int | None = None  # the source sentence it states


class Writer:
    """Lays sentences out as a Paragraph, each with its voice and the highlight of the
    key one."""

    def __init__(
        self,
        analysis: Analysis,
        polite: dict[int, str],
        phrases: Sequence[str],
        freed: set[int] | frozenset[int] = frozenset(),
    ) -> None:
        self._analysis = analysis
        self._freed = freed  # bound sentences said without their connective
        self._polite = polite
        self._phrases = phrases

    def sources(
        self,
        sentences: Sequence[Sentence],
        color: Highlight,
        *,
        head: str = "",
        note: str | None = None,
    ) -> list[Piece]:
        """The source's sentences in polite style; the best-ranked one that stands on
        its own and asks nothing carries the highlight, on its key clause."""
        scores = self._analysis.scores
        eligible = [
            s
            for s in sentences
            if (s.index in self._freed or not (self._analysis.bound(s.index) or opens_bound(s)))
            and not self._polite[s.index].rstrip().endswith("?")
        ] or list(sentences[:1])
        key = max(eligible, key=lambda s: scores[s.index]).index
        out: list[Piece] = []
        for n, sentence in enumerate(sentences):
            text = self._polite[sentence.index]
            prefix = head if n == 0 else ""
            suffix = f" {note}" if note and n == 0 else ""
            span = None
            if sentence.index == key:
                a, b = key_span(text, self._phrases)
                span = (len(prefix) + a, len(prefix) + b)
            out.append(
                Piece(
                    prefix + text + suffix,
                    Voice.SOURCE,
                    span,
                    color if span else None,
                    sentence.index,
                )
            )
        return out

    @staticmethod
    def paragraph(pieces: Sequence[Piece]) -> Paragraph:
        spans: list[Span] = []
        for n, piece in enumerate(pieces):
            if n:
                spans.append(Span(" "))  # sentence_groups() splits on it
            if piece.span is None:
                spans.append(Span(piece.text))
                continue
            a, b = piece.span
            for text, color in (
                (piece.text[:a], None),
                (piece.text[a:b], piece.color),
                (piece.text[b:], None),
            ):
                if text:
                    spans.append(Span(text, color))
        return Paragraph(
            tuple(spans),
            tuple(p.source for p in pieces if p.source is not None),
            tuple(p.voice for p in pieces),
        )


__all__ = ["Piece", "Writer"]
