"""What the LLM writer did with each sentence it wrote: the record the run summary,
the store and the review desk show (issue 16, item 4).

The writer judges the model's text sentence by sentence. A sentence the claim guard
passes is kept; one it fails gets one retry that names its problem; a sentence that
still fails is replaced by the source sentence it restates (polite-converted), or
dropped when the post stays valid without it. Fields that are not sentences of the
body (title, headline, excerpt, section titles) are judged the same way and fall back
to the extractive post's text.
"""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass

__all__ = ["Outcome", "SentenceOutcome", "WriteReport"]


class Outcome(enum.StrEnum):
    KEPT = "kept"  # the model's sentence, as first written
    RETRIED = "retried"  # failed the guard, and the retry's sentence passed: kept
    REPLACED = "replaced"  # failed twice: the source sentence it restates stands instead
    DROPPED = "dropped"  # failed twice, and the post needs nothing in its place


@dataclass(frozen=True, slots=True)
class SentenceOutcome:
    field: str  # "title", "headline", "excerpt", "intro", "section[2].title",
    #             "section[2].body", "conclusion"
    model_text: str  # what the model first wrote
    outcome: Outcome
    final_text: str | None  # what the post states instead (None: dropped)
    # (kind, message) of each problem the guard found, first attempt then retry;
    # kinds are llm.claims.KINDS plus "format"
    problems: tuple[tuple[str, str], ...] = ()

    @property
    def reason(self) -> str:
        """The problems in one line, for the desk and the run summary."""
        return "; ".join(f"{kind}: {message}" for kind, message in self.problems)


@dataclass(frozen=True, slots=True)
class WriteReport:
    """One post's account of the LLM writer."""

    mode: str  # "whole" (the model wrote the post) or "polish" (it reworded some fields)
    outcomes: tuple[SentenceOutcome, ...] = ()
    error: str | None = None  # the server could not be used: the post is the extractive one
    seconds: float = 0.0

    def count(self, outcome: Outcome) -> int:
        return sum(1 for o in self.outcomes if o.outcome is outcome)

    @property
    def written(self) -> int:
        return len(self.outcomes)

    @property
    def kept(self) -> int:
        """Sentences of the model's that the post states (retried ones included)."""
        return self.count(Outcome.KEPT) + self.count(Outcome.RETRIED)

    def problem_kinds(self) -> Counter[str]:
        """How often each kind of problem came up, over every sentence."""
        return Counter(kind for o in self.outcomes for kind, _ in o.problems)

    def summary(self) -> str:
        """'12 written: 10 kept, 1 retried, 1 replaced, 0 dropped'."""
        parts = ", ".join(f"{self.count(o)} {o.value}" for o in Outcome)
        return f"{self.written} written: {parts}"
