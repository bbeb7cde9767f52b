"""The extractive post as a plan the LLM may polish, and the post rebuilt from it.

The LLM never sees a blank page: it gets the post the extractive writer made
(titles, the sentences of each section, the highlighted key sentences) and may
reword the prose around them. Highlights are not part of what it may change, so
every highlight in a polished post is still the source's own sentence.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass

from blogwire.compose.dates import report_note, resolve_sentences, with_dates
from blogwire.models import Analysis, Paragraph, Post, Section, Span, Voice

__all__ = [
    "Plan",
    "PlanSection",
    "PlanSentence",
    "Polish",
    "dated",
    "highlighted",
    "make_plan",
    "rebuild",
]

_PUNCT = re.compile(r"[.!?…]+")
_NOTE = re.compile(r" \(\d{1,2}월 \d{1,2}일 보도 기준\)$")
_ANNOUNCE = "이번 글에서는"
_CONCLUDE = "결론적으로,"
# Characters of body sentences offered for rewording. The prompt must leave a
# small model (llama.cpp at n_ctx 2048) room for its answer and for the retry,
# so a long article offers some sentences from each section, not all of them.
OFFER_BUDGET = 900


@dataclass(frozen=True, slots=True)
class PlanSentence:
    index: int  # the source sentence's index in the Analysis
    text: str  # as the post states it (polite style)
    key: bool  # the highlighted sentence: stays the source's own words
    span: int  # position of its span in the section's paragraph
    offered: bool = False  # shown to the model as one it may reword


@dataclass(frozen=True, slots=True)
class PlanSection:
    title: str
    sentences: tuple[PlanSentence, ...]  # () when the body's spans could not be read


@dataclass(frozen=True, slots=True)
class Plan:
    article_title: str
    keyphrases: tuple[str, ...]
    intro_key: str  # the intro's highlighted sentence
    conclusion_key: str
    sections: tuple[PlanSection, ...]
    # The article (title, then text): what the guard checks against; then its sentences
    # with the relative dates the post resolved, and the post's "(… 보도 기준)" note.
    sources: tuple[str, ...]
    # Every source sentence, by Analysis index, as the source has it but for the
    # relative dates the post resolved ("지난 5일" -> "11월 5일").
    originals: tuple[str, ...]

    def rewritable(self) -> dict[int, PlanSentence]:
        """Body sentences the LLM may reword, by source index (never the highlights)."""
        return {s.index: s for sec in self.sections for s in sec.sentences if s.offered}


@dataclass(frozen=True, slots=True)
class Polish:
    """The LLM text that passed every check; None keeps the extractive text."""

    title: str | None = None
    headline: str | None = None
    intro: str | None = None
    conclusion: str | None = None
    section_titles: tuple[str | None, ...] = ()
    rewrites: tuple[tuple[int, str], ...] = ()  # (source index, new wording)


def make_plan(post: Post, analysis: Analysis) -> Plan:
    article = analysis.article
    originals = dated(analysis)
    sources: tuple[str, ...] = (article.title, article.text)
    if originals != tuple(s.text for s in analysis.sentences):
        sources += ("\n".join(originals),)
    if article.published is not None and report_note(article.published) in post.intro.text:
        sources += (report_note(article.published),)
    return Plan(
        article_title=article.title,
        keyphrases=tuple(kp.text for kp in analysis.keyphrases[:8]),
        intro_key=highlighted(post.intro),
        conclusion_key=highlighted(post.conclusion),
        sections=_offer(
            tuple(PlanSection(section.title, _sentences(section.body)) for section in post.sections)
        ),
        sources=sources,
        originals=originals,
    )


def dated(analysis: Analysis) -> tuple[str, ...]:
    """The article's sentences with the relative dates resolved as compose resolves
    them: the post states "11월 5일" where the source says "지난 5일", and the guard
    must hold the post to what the source means, not to its wording of the day."""
    words = resolve_sentences(analysis.sentences, analysis.article.published)
    return tuple(
        with_dates(s.text, s.text, w)[0] for s, w in zip(analysis.sentences, words, strict=True)
    )


def _offer(sections: tuple[PlanSection, ...]) -> tuple[PlanSection, ...]:
    """Mark the sentences to offer: each section's first, then each one's second,
    and so on, while they fit in OFFER_BUDGET."""
    rounds = max((len(sec.sentences) for sec in sections), default=0)
    chosen: set[int] = set()
    used = 0
    for n in range(rounds):
        for section in sections:
            plain = [s for s in section.sentences if not s.key]
            if n < len(plain) and used + len(plain[n].text) <= OFFER_BUDGET:
                chosen.add(plain[n].index)
                used += len(plain[n].text)
    return tuple(
        PlanSection(
            sec.title,
            tuple(dataclasses.replace(s, offered=s.index in chosen) for s in sec.sentences),
        )
        for sec in sections
    )


def rebuild(post: Post, plan: Plan, polish: Polish) -> Post:
    """`post` with the polished fields put in; everything else stays as it was.

    The slug and excerpt are kept: a file name must not change with a model's
    mood, and the excerpt is the source's own lead.
    """
    sections = []
    rewrites: Mapping[int, str] = dict(polish.rewrites)
    for number, (section, planned) in enumerate(zip(post.sections, plan.sections, strict=True)):
        title = (
            polish.section_titles[number]
            if number < len(polish.section_titles) and polish.section_titles[number]
            else section.title
        )
        spans = list(section.body.spans)
        for sentence in planned.sentences:
            if sentence.index in rewrites:
                spans[sentence.span] = Span(rewrites[sentence.index])
        body = dataclasses.replace(section.body, spans=tuple(spans))
        sections.append(Section(title or section.title, body))
    return dataclasses.replace(
        post,
        title=polish.title or post.title,
        headline=polish.headline or post.headline,
        intro=_with_intro(post.intro, polish.intro) if polish.intro else post.intro,
        conclusion=(
            _with_conclusion(post.conclusion, polish.conclusion)
            if polish.conclusion
            else post.conclusion
        ),
        sections=tuple(sections),
    )


def _with_intro(intro: Paragraph, prose: str) -> Paragraph:
    """Key sentence, the LLM's prose, then the fixed announcement unless the prose
    announces the post itself (the post format requires '이번 글에서는')."""
    spans = list(intro.spans)
    announcement = None
    if spans and spans[-1].highlight is None and spans[-1].text.strip().startswith(_ANNOUNCE):
        announcement = spans.pop()
    spans.append(Span(" " + prose))
    if announcement is not None and _ANNOUNCE not in prose:
        spans.append(announcement)
    return dataclasses.replace(intro, spans=tuple(spans))


def _with_conclusion(conclusion: Paragraph, prose: str) -> Paragraph:
    """'결론적으로, ' + the key sentence (highlighted), then the LLM's closing words."""
    prose = prose.removeprefix(_CONCLUDE).strip()
    return dataclasses.replace(conclusion, spans=(*conclusion.spans, Span(" " + prose)))


def highlighted(paragraph: Paragraph) -> str:
    """The sentence that holds the highlight, with its final punctuation (without the
    "(… 보도 기준)" note compose may put after the intro's sentence)."""
    index = paragraph.highlighted_index()
    if index is None:
        return paragraph.text
    return _NOTE.sub("", "".join(s.text for s in paragraph.sentence_groups()[index]))


def _sentences(body: Paragraph) -> tuple[PlanSentence, ...]:
    """Each source sentence of a section body with the span that holds it.

    compose_post lays a body out as sentences separated by " " spans, the blog's own
    framing lines among them (Paragraph.voices: never offered, never the source's),
    the key sentence split around its highlighted clause. A body laid out any other
    way is not reworded at all: () means "leave it be".
    """
    starts: list[int] = []  # where each of sentence_groups() begins in body.spans
    fresh = True
    for i, span in enumerate(body.spans):
        if span.highlight is None and span.text == " ":
            fresh = True
        elif fresh:
            starts.append(i)
            fresh = False
    groups = body.sentence_groups()
    sources = iter(body.sources)
    out: list[PlanSentence] = []
    for n, group in enumerate(groups):
        if body.voice(n) is not Voice.SOURCE:
            continue
        index = next(sources, None)
        key = any(s.highlight is not None for s in group)
        if index is None or (not key and len(group) != 1):
            return ()
        out.append(PlanSentence(index, "".join(s.text for s in group), key=key, span=starts[n]))
    if next(sources, None) is not None:
        return ()
    return tuple(out)
