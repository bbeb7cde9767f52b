"""Compose: turn an analysed article into a Post of the seed shape.

Every factual sentence is one of the source's own sentences, converted to polite
style; the only added words are fixed connective phrases that state no fact
("이번 글에서는 …에 대해 다뤄보겠습니다", "결론적으로,").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from urllib.parse import urlparse

from blogwire.analyze.style import polite_sentences
from blogwire.compose.dates import report_note, resolve_sentences, with_dates
from blogwire.compose.korean import with_particle
from blogwire.compose.sections import MAX_SIZE, MIN_SIZE, split_sections
from blogwire.compose.slug import slugify
from blogwire.compose.titles import (
    headline,
    hook_title,
    phrases_by_index,
    section_titles,
    title_phrases,
)
from blogwire.errors import ComposeError
from blogwire.extract.clean import web_url
from blogwire.models import (
    Analysis,
    Article,
    Highlight,
    Paragraph,
    Post,
    Section,
    Sentence,
    SourceCredit,
    Span,
)
from blogwire.settings import PostSettings

EXCERPT_TARGET = 260
EXCERPT_MIN = 150
# The longest sentence a post takes. News sentences stay under ~200 characters; a longer
# "sentence" is a run-on list or a paste error, and as the lead it would blow the
# excerpt past the format's limit.
MAX_SENTENCE_CHARS = 300
_FINAL_PUNCT = re.compile(r"^(.*?)([.!?]+)$", re.S)
_POLITE_END = re.compile(r"(니다|니까|요|죠)[.!?…]*$")


def compose_post(
    analysis: Analysis,
    settings: PostSettings,
    *,
    date: dt.date | None = None,
    categories: Sequence[str] | None = None,
    today: dt.date | None = None,
) -> Post:
    article = analysis.article
    usable, polite = _usable_sentences(analysis)
    need = MIN_SIZE * settings.min_sections + 2
    if len(usable) < need:
        raise ComposeError(
            f"article too short: {len(usable)} usable sentences, a post needs at least {need}",
            subject=article.origin,
        )
    scores = analysis.scores
    intro_src = [usable[0]]
    conclusion_src = [usable[-1]]
    middle = usable[1:-1]
    limit = MAX_SIZE * settings.max_sections - 1
    if len(middle) > limit:
        keep = sorted(sorted(middle, key=lambda s: -scores[s.index])[:limit], key=lambda s: s.index)
        middle = keep
    try:
        groups = split_sections(middle, settings.min_sections, settings.max_sections)
    except ComposeError as exc:
        raise ComposeError(exc.message, subject=article.origin) from exc

    phrases = title_phrases(analysis)
    # Relative dates resolved in every sentence the post uses (body and excerpt)
    texts, polite, left = _dated(analysis, usable, polite)
    excerpt, excerpt_src = _excerpt(usable, scores, phrases, texts)
    used = [*intro_src, *middle, *conclusion_src, *excerpt_src]
    note = (
        report_note(article.published)
        if article.published is not None and any(left[s.index] for s in used)
        else None
    )

    intro = _paragraph(
        intro_src, polite, scores, Highlight.RED, tail=_announcement(phrases), note=note
    )
    titles = section_titles(groups, analysis.keyphrases, phrases_by_index(analysis))
    sections = tuple(
        Section(
            title,
            _paragraph(group, polite, scores, Highlight.BLUE if i % 2 == 0 else Highlight.TINT),
        )
        for i, (title, group) in enumerate(zip(titles, groups, strict=True))
    )
    conclusion = _paragraph(conclusion_src, polite, scores, Highlight.RED, head="결론적으로, ")
    hook = hook_title(analysis, phrases)
    return Post(
        title=hook,
        headline=headline(analysis, phrases),
        excerpt=excerpt,
        image=_image(article.image, settings.default_image),
        categories=tuple(categories) if categories else settings.categories,
        intro=intro,
        sections=sections,
        conclusion=conclusion,
        credits=(source_credit(article),) if settings.source_credit else (),
        date=post_date(date, article.published, today or dt.date.today()),
        slug=slugify(hook),
    )


def post_date(chosen: dt.date | None, published: dt.date | None, today: dt.date) -> dt.date:
    """The post's date: the one the user chose, else the article's if it is not in the
    future (a page or feed may claim any date; a day of slack for time zones), else
    today."""
    if chosen is not None:
        return chosen
    if published is not None and published <= today + dt.timedelta(days=1):
        return published
    return today


def _usable_sentences(analysis: Analysis) -> tuple[list[Sentence], dict[int, str]]:
    """Sentences fit for the body, with their polite form.

    A sentence whose narration cannot be put in polite style (a bare quote, a
    subtitle) would break the post's voice, so it is left out rather than bent; so is
    one over MAX_SENTENCE_CHARS.
    """
    seen: set[str] = set()
    candidates: list[Sentence] = []
    for sentence in analysis.sentences:
        if (
            analysis.usable[sentence.index]
            and sentence.text not in seen
            and len(sentence.text) <= MAX_SENTENCE_CHARS
        ):
            seen.add(sentence.text)
            candidates.append(sentence)
    converted = polite_sentences(candidates)
    usable: list[Sentence] = []
    polite: dict[int, str] = {}
    for sentence, text in zip(candidates, converted, strict=True):
        if text != sentence.text or _POLITE_END.search(text):
            usable.append(sentence)
            polite[sentence.index] = text
    return usable, polite


def _dated(
    analysis: Analysis, usable: Sequence[Sentence], polite: dict[int, str]
) -> tuple[dict[int, str], dict[int, str], dict[int, int]]:
    """Each usable sentence as the source has it and in polite style, with the
    relative dates that are certain written as dates (blogwire.compose.dates), and
    how many relative words each still holds."""
    words = resolve_sentences(analysis.sentences, analysis.article.published)
    texts: dict[int, str] = {}
    dated: dict[int, str] = {}
    left: dict[int, int] = {}
    for sentence in usable:
        index = sentence.index
        texts[index], left[index] = with_dates(sentence.text, sentence.text, words[index])
        dated[index], in_polite = with_dates(polite[index], sentence.text, words[index])
        left[index] = max(left[index], in_polite)
    return texts, dated, left


def _paragraph(
    sentences: Sequence[Sentence],
    polite: dict[int, str],
    scores: Sequence[float],
    color: Highlight,
    *,
    head: str = "",
    tail: str = "",
    note: str | None = None,
) -> Paragraph:
    key = max(sentences, key=lambda s: scores[s.index]).index
    spans: list[Span] = []
    if head:
        spans.append(Span(head))
    for n, sentence in enumerate(sentences):
        text = polite[sentence.index]
        if n:
            spans.append(Span(" "))
        if sentence.index == key:
            match = _FINAL_PUNCT.match(text)
            body, punct = (match.group(1), match.group(2)) if match else (text, "")
            spans.append(Span(body, color))
            if punct:
                spans.append(Span(punct))
        else:
            spans.append(Span(text))
    if note:
        spans.append(Span(" " + note))
    if tail:
        spans.append(Span(" " + tail))
    return Paragraph(tuple(spans), tuple(s.index for s in sentences))


def _announcement(phrases: Sequence[str]) -> str:
    if len(phrases) >= 2:
        topic = f"{with_particle(phrases[0], '과', '와')} {phrases[1]}"
    elif phrases:
        topic = phrases[0]
    else:
        topic = "이번 소식"
    return f"이번 글에서는 {topic}에 대해 좀 더 구체적으로 다뤄보겠습니다."


def _excerpt(
    usable: Sequence[Sentence],
    scores: Sequence[float],
    phrases: Sequence[str],
    texts: dict[int, str],
) -> tuple[str, list[Sentence]]:
    """The lead, then the best-ranked sentences while the excerpt stays within the
    spec's ~150-250 characters, then an invitation to read; and the sentences it took.
    `texts` holds each sentence as the excerpt states it."""
    topic = phrases[0] if phrases else "이번 소식"
    invite = f"이 글에서 {topic}의 핵심 내용을 살펴보자!"
    chosen = [usable[0]]
    for sentence in sorted(usable[1:], key=lambda s: -scores[s.index]):
        if (
            len(" ".join(texts[s.index] for s in chosen)) + len(invite) >= EXCERPT_MIN
            or len(chosen) >= 2
        ):
            break
        candidate = [*(texts[s.index] for s in chosen), texts[sentence.index], invite]
        if len(" ".join(candidate)) <= EXCERPT_TARGET:
            chosen.append(sentence)
    chosen.sort(key=lambda s: s.index)
    return " ".join([*(texts[s.index] for s in chosen), invite]), chosen


def _image(candidate: str | None, default: str) -> str:
    # web_url again: a feed's media image or a stored article may hold any string
    return web_url(candidate) or default


def source_credit(article: Article) -> SourceCredit:
    """The outlet, link and headline of an article, for the post's source line."""
    url = web_url(article.url)
    outlet = (
        article.site_name
        or (urlparse(url).hostname if url else None)
        or article.origin.rsplit("/", 1)[-1]
    )
    return SourceCredit(outlet=outlet or "원문", url=url, title=article.title)
