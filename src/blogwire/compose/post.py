"""Compose: turn an analysed article into a Post of the seed shape.

A post is a short summary in the blog's own voice, not a reprint: a few of the
source's sentences (compose/select: at most `post.max_source_share` of the article),
converted to polite style, each with its key clause highlighted (compose/highlight),
and the blog's own framing lines around them (compose/voice), which state no fact.
Every sentence is marked with who wrote it (Paragraph.voices).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from urllib.parse import urlparse

from blogwire.analyze.style import polite_sentences
from blogwire.compose.compress import compress
from blogwire.compose.dates import report_note, resolve_sentences, with_dates
from blogwire.compose.korean import with_particle
from blogwire.compose.layout import Piece, Writer
from blogwire.compose.roles import section_role
from blogwire.compose.select import (
    BODY_MIN,
    BRIEF_SOURCE_CHARS,
    MIN_SENTENCES,
    SOURCE_PER_OWN,
    Plan,
    chars,
    plan_post,
)
from blogwire.compose.slug import slugify
from blogwire.compose.titles import (
    headline,
    hook_title,
    phrases_by_index,
    section_titles,
    story_topic,
    title_phrases,
)
from blogwire.compose.voice import NO_TOPIC, Framer, topics
from blogwire.errors import ComposeError
from blogwire.extract.clean import web_url
from blogwire.models import (
    Analysis,
    Article,
    Highlight,
    Post,
    Section,
    Sentence,
    SourceCredit,
    Voice,
)
from blogwire.settings import PostSettings

EXCERPT_TARGET = 260
EXCERPT_MIN = 150
# The longest sentence a post takes. News sentences stay under ~200 characters; a longer
# "sentence" is a run-on list or a paste error, and as the lead it would blow the
# excerpt past the format's limit.
MAX_SENTENCE_CHARS = 300
# Sections a post has (within post.min_sections..max_sections): four bridges carry a
# summary of ~850 characters (the post's own lines are >= 25 % of it); a brief, which
# may say only ~400 characters of its source, has three; an article a little longer
# than a brief (its share under SHORT_SOURCE characters) has five, one sentence each,
# so that the framing carries a body of BODY_MIN characters.
SECTIONS, SECTIONS_BRIEF, SECTIONS_SHORT = 4, 3, 5
SHORT_SOURCE = 520
BRIDGE_ESTIMATE = 28  # characters of a bridge line, before the roles pick them
CONCLUSION_HEAD = "결론적으로, "
STORY_MAX = 20  # characters of the headline's story phrase a framing line may name
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
    if len(usable) < MIN_SENTENCES:
        raise ComposeError(
            f"article too short: {len(usable)} usable sentences, "
            f"a post needs at least {MIN_SENTENCES}",
            subject=article.origin,
        )
    phrases = title_phrases(analysis)
    tops = topics(phrases) or [NO_TOPIC]
    story = _story(analysis)
    # three sections, four when the article is long enough to say four things
    may_say = chars(article.text) * settings.max_source_share
    if may_say < BRIEF_SOURCE_CHARS:
        wanted = SECTIONS_BRIEF
    else:
        wanted = SECTIONS_SHORT if may_say < SHORT_SOURCE else SECTIONS
    count = max(settings.min_sections, min(settings.max_sections, wanted))
    # The post's own lines bound how much of the source it may say (own share >= 25 %):
    # planned with an estimate of the bridges, then once more with the real lines.
    framing_chars = 0
    for _ in range(2):
        lines = _Lines(article, tops, story)
        estimate = framing_chars or lines.fixed_chars() + count * BRIDGE_ESTIMATE
        plan = plan_post(
            analysis,
            usable,
            sections=count,
            max_share=settings.max_source_share,
            framing_chars=estimate,
        )
        lines.fill(plan, tops)
        framing_chars = lines.chars()
        source_chars = sum(chars(s.text) for s in plan.sentences())
        if source_chars <= SOURCE_PER_OWN * framing_chars or estimate == framing_chars:
            break

    texts, polite, left = _dated(analysis, usable, polite)
    for index, words in plan.dropped.items():
        # the connective left out; the polite form only changed the sentence's ending
        if texts[index].startswith(words) and polite[index].startswith(words):
            texts[index] = texts[index][len(words) :]
            polite[index] = polite[index][len(words) :]
    excerpt, excerpt_src = _excerpt(plan, analysis, [lines.topic], texts)
    used = [*plan.sentences(), *excerpt_src]
    note = (
        report_note(article.published)
        if article.published is not None and any(left[s.index] for s in used)
        else None
    )
    writer = Writer(analysis, polite, phrases, set(plan.dropped))
    intro = writer.paragraph(
        [
            Piece(lines.opening, Voice.FRAMING),
            *writer.sources(plan.lead, Highlight.RED, note=note),
            Piece(lines.announcement, Voice.FRAMING),
        ]
    )
    groups = [list(group) for group in plan.sections]
    titles = section_titles(groups, analysis.keyphrases, phrases_by_index(analysis))
    sections = tuple(
        Section(
            title,
            writer.paragraph(
                [
                    Piece(bridge, Voice.FRAMING),
                    *writer.sources(group, Highlight.BLUE if i % 2 == 0 else Highlight.TINT),
                ]
            ),
        )
        for i, (title, group, bridge) in enumerate(zip(titles, groups, lines.bridges, strict=True))
    )
    if plan.conclusion is not None:
        ending = writer.sources([plan.conclusion], Highlight.RED, head=CONCLUSION_HEAD)
    else:
        before, key, after = lines.summary
        start = len(CONCLUSION_HEAD + before)
        ending = [
            Piece(
                CONCLUSION_HEAD + before + key + after,
                Voice.FRAMING,
                (start, start + len(key)),
                Highlight.RED,
            )
        ]
    closings = [Piece(lines.closing, Voice.FRAMING)]
    if not plan.brief and framing_chars + source_chars < BODY_MIN:
        # the share allows too little of the source for a full body: the post's own
        # voice says one more line, as a brief's framing carries its shape
        closings.append(Piece(lines.another_closing(lines.topic), Voice.FRAMING))
    conclusion = writer.paragraph([*ending, *closings])
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
        texts[index], dated[index] = compress(texts[index]), compress(dated[index])
        left[index] = max(left[index], in_polite)
    return texts, dated, left


class _Lines:
    """The post's own lines, drawn in a fixed order from the article's framer, so the
    same article always gets the same lines."""

    def __init__(self, article: Article, tops: Sequence[str], story: str | None) -> None:
        self._framer = Framer(article.title + "\n" + article.text)
        topic = story or tops[0]
        pair = f"{with_particle(tops[0], '과', '와')} {tops[1]}" if len(tops) > 1 else topic
        pair = story or pair
        self.topic = topic
        self.opening = self._framer.opening(topic)
        self.announcement = self._framer.announcement(topic, pair)
        self.closing = self._framer.closing(topic)
        self.bridges: list[str] = []
        self.summary: tuple[str, str, str] = ("", "", "")

    def another_closing(self, topic: str) -> str:
        return self._framer.closing(topic)

    def fixed_chars(self) -> int:
        return chars(self.opening + self.announcement + self.closing)

    def fill(self, plan: Plan, tops: Sequence[str]) -> None:
        """A bridge for each section by its role and subject; the concluding line when
        no source sentence concludes."""
        said = {tops[0]}
        for n, group in enumerate(plan.sections):
            subject = _subject(group, tops, said)
            self.bridges.append(self._framer.bridge(section_role(group), subject, first=n == 0))
        if plan.conclusion is None:
            self.summary = self._framer.summary_conclusion(self.topic)

    def chars(self) -> int:
        return self.fixed_chars() + chars("".join(self.bridges)) + chars("".join(self.summary))


def _story(analysis: Analysis) -> str | None:
    """The story in the headline's words (titles.story_topic) when it fits a framing
    line: short, and with no number (a framing line states no figure)."""
    story = story_topic(analysis).strip()
    if 2 <= len(story) <= STORY_MAX and not any(ch.isdigit() for ch in story):
        return story
    return None


def _subject(group: Sequence[Sentence], tops: Sequence[str], said: set[str]) -> str:
    """What a section's bridge names: a keyphrase its sentences use that no earlier
    bridge named, else the story's main one."""
    text = " ".join(s.text for s in group)
    for phrase in tops:
        if phrase not in said and (phrase in text or _surname_form(phrase) in text):
            said.add(phrase)
            return phrase
    return tops[0]


def _surname_form(phrase: str) -> str:
    """How an article abbreviates a spelled-out name with its office on later mentions
    ("이재명 당선인" → "이 당선인"); compose/names.py spelled the topic out, so a section
    that only says the short form is still about it. A string no text holds when the
    phrase is no such name."""
    name, sep, office = phrase.partition(" ")
    if not sep or len(name) != 3 or not all("가" <= c <= "힣" for c in name):
        return "\0"  # matches no text
    return f"{name[0]} {office}"


def _excerpt(
    plan: Plan,
    analysis: Analysis,
    phrases: Sequence[str],
    texts: dict[int, str],
) -> tuple[str, list[Sentence]]:
    """The lead, then the post's best-ranked sentence that stands on its own while the
    excerpt stays within the spec's ~150-250 characters, then an invitation to read; and
    the sentences it took (only ones the body says: the excerpt reprints nothing more).
    `texts` holds each sentence as the excerpt states it."""
    scores = analysis.scores
    topic = phrases[0] if phrases else NO_TOPIC
    invite = f"이 글에서 {topic}의 핵심 내용을 살펴보자!"
    chosen = [plan.lead[0]]
    others = [
        s for s in plan.sentences()[1:] if not analysis.bound(s.index) or s.index in plan.dropped
    ]
    for sentence in sorted(others, key=lambda s: -scores[s.index]):
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
