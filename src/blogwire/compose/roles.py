"""Section roles: what a group of source sentences does for the story.

The section title ("요금 인상의 배경") and the blog's bridge sentence into the section
("이번 결정을 두고 어떤 목소리가 나왔는지 살펴보겠습니다") both follow from the role, so
one function decides it for both.
"""

from __future__ import annotations

from collections.abc import Sequence

from blogwire.models import SectionRole, Sentence


def section_role(sentences: Sequence[Sentence]) -> SectionRole:
    """The role of a section made of `sentences` (in article order)."""
    del sentences  # the classifier is being written (issue 15 item 4)
    return SectionRole.BACKGROUND


__all__ = ["section_role"]
