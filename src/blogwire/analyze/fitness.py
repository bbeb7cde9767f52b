"""Is an article fit to become a blog post? Some news pages are not stories told in
sentences: an interview whose page holds only the questions, a broadcast script in
해요체, a photo gallery of captions, a correction notice, a list of links. Composed, they
give a post that opens with "<질문 1> …", talks in 해요체 and ends on a question.

`unfit_reason(analysis)` names what the article is, with the count that shows it
("interview transcript: 9 of 25 sentences are questions"), or None for a story. The
judgement reads kiwipiepy's morphemes: a sentence is a question when it ends with '?'
(SF) or an interrogative ending (EF "까", "나요", "는가"…); it is 해요체 when its final
ending (EF) ends in "요" or is "죠". The thresholds hold every real, demo and fixture
article of the project to "fit" (tests/analyze/test_fitness.py measures them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from blogwire.models import Analysis, Sentence

# A share of questions no news story reaches: rhetorical questions and questions asked
# by people in the story are quoted ("…하느냐"고 물었다), so they end declaratively.
QUESTION_SHARE = 0.2
HAEYO_SHARE = 0.3
FRAGMENT_SHARE = 0.6  # lines that are not sentences: captions, link lists
MIN_COUNT = 4  # a few questions or 해요체 lines are a quote, not a genre

# Final endings (EF) that ask: 습니까/ㅂ니까, 을까, 나, 나요, 는가, 냐, 니, 지요?(with ?)
_ASKING = re.compile(r"(?:까|까요|나|나요|는가|ㄴ가|은가|냐|니|래|대)$")
_INTERVIEW_MARKS = re.compile(r"<\s*질문|\[\s*(?:질문|앵커|기자)\s*\]|^Q\s*[.:]|^A\s*[.:]|출연\s*:")
_CORRECTION = re.compile(r"바로잡습니다|정정\s*보도|반론\s*보도|알려\s*왔습니다|정정합니다")
_LIST_MARK = re.compile(r"^\s*(?:[▶▷►☞■□●○◆◇·•\-–]|\d+[.)])")
_CLOSERS = "”’\"')]」』>"


@dataclass(frozen=True, slots=True)
class Fitness:
    """What the judgement counted over an article's sentences."""

    sentences: int
    questions: int
    haeyo: int
    fragments: int
    interview_marks: int


def measure(analysis: Analysis) -> Fitness:
    sentences = analysis.sentences
    return Fitness(
        sentences=len(sentences),
        questions=sum(1 for s in sentences if is_question(s)),
        haeyo=sum(1 for s in sentences if is_haeyo(s)),
        fragments=sum(1 for s in sentences if _final_ending(s) is None),
        interview_marks=sum(1 for p in analysis.article.paragraphs if _INTERVIEW_MARKS.search(p)),
    )


def unfit_reason(analysis: Analysis) -> str | None:
    """What the article is instead of a story, with the count that shows it; None when
    it is fit to publish."""
    article = analysis.article
    head = " ".join((article.title, *article.paragraphs[:1]))
    if _CORRECTION.search(head):
        return "correction notice: it corrects an earlier report"
    fit = measure(analysis)
    n = fit.sentences
    if fit.questions >= MIN_COUNT and fit.questions >= QUESTION_SHARE * n:
        kind = "interview transcript" if fit.interview_marks else "mostly questions"
        return f"{kind}: {fit.questions} of {n} sentences are questions"
    if fit.haeyo >= MIN_COUNT and fit.haeyo >= HAEYO_SHARE * n:
        return f"해요체 speech: {fit.haeyo} of {n} sentences end in -요"
    if fit.fragments >= MIN_COUNT and fit.fragments >= FRAGMENT_SHARE * n:
        kind = "list of links" if _listed(article.paragraphs) else "photo gallery"
        return f"{kind}: {fit.fragments} of {n} lines are not sentences"
    return None


def is_question(sentence: Sentence) -> bool:
    if sentence.text.rstrip(_CLOSERS).endswith("?"):
        return True
    ending = _final_ending(sentence)
    return ending is not None and bool(_ASKING.search(ending)) and _bare_end(sentence)


def is_haeyo(sentence: Sentence) -> bool:
    ending = _final_ending(sentence)
    return ending is not None and (ending.endswith("요") or ending == "죠")


def _final_ending(sentence: Sentence) -> str | None:
    """The sentence's last ending (EF) when nothing but punctuation and closing marks
    follows it: the ending the sentence itself ends with, not a quoted one's."""
    for morpheme in reversed(sentence.morphemes):
        if morpheme.tag == "EF":
            return morpheme.form
        if not morpheme.tag.startswith(("S", "J")) or morpheme.tag in {"SL", "SH", "SN"}:
            return None
    return None


def _bare_end(sentence: Sentence) -> bool:
    """The text ends on the ending itself or a mark, not on a quoted clause's particle."""
    return sentence.text.rstrip(_CLOSERS).endswith(("?", ".", "까", "요", "가", "나", "냐"))


def _listed(paragraphs: Sequence[str]) -> bool:
    marked = sum(1 for p in paragraphs if _LIST_MARK.match(p))
    return marked * 2 >= len(paragraphs)
