"""Typed records passed between the pipeline stages.

sources -> Document -> extract -> Article -> analyze -> Analysis
-> compose -> Post -> render -> RenderedPost -> publish -> PublishedPost
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from blogwire.errors import Failure


@dataclass(frozen=True, slots=True)
class Document:
    """Raw bytes of one source, decoded."""

    origin: str  # the source as the user named it (path or URL)
    text: str
    kind: str  # "html" or "text"
    url: str | None = None  # final URL after redirects, for fetched sources
    encoding: str = "utf-8"


@dataclass(frozen=True, slots=True)
class Article:
    """One news story as extracted from a source."""

    origin: str
    title: str
    paragraphs: tuple[str, ...]
    url: str | None = None
    site_name: str | None = None
    published: dt.date | None = None
    image: str | None = None

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class Morpheme:
    form: str
    tag: str
    start: int  # offset inside the sentence text
    length: int

    @property
    def len(self) -> int:
        """kiwipiepy's name for the length, so a Morpheme stands in for its Token."""
        return self.length


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    text: str
    paragraph: int
    morphemes: tuple[Morpheme, ...]

    @property
    def content_words(self) -> tuple[str, ...]:
        """Morphemes that carry meaning: nouns, verb/adjective stems, foreign words, numbers."""
        return tuple(content_words(self.morphemes))


# The tags of morphemes that carry meaning: common and proper nouns, numerals, foreign
# words, Chinese characters and numbers, verb and adjective stems, roots.
CONTENT_TAGS = frozenset({"NNG", "NNP", "NR", "SL", "SN", "SH", "VV", "VA", "XR"})


class Tagged(Protocol):
    """A morpheme as blogwire's Morpheme or kiwipiepy's Token has it."""

    @property
    def form(self) -> str: ...

    @property
    def tag(self) -> str: ...


class _ContentTags(dict[str, bool]):
    """is_content_tag's answer by tag, worked out the first time a tag is seen (kiwipiepy
    has some fifty): one dict lookup per morpheme, cheaper than testing the tag each time."""

    def __missing__(self, tag: str) -> bool:
        # The one rule for a content word: its tag, less any conjugation suffix, is one of
        # CONTENT_TAGS. kiwipiepy suffixes a stem's tag with how it conjugates ("VV-I"
        # 걷다 and "VA-I" 덥다 irregular, "VV-R" regular); such stems mean like any other.
        answer = self[tag] = tag.split("-", 1)[0] in CONTENT_TAGS
        return answer


_CONTENT_TAGS_SEEN = _ContentTags()


def is_content_tag(tag: str) -> bool:
    """True for the tag of a content morpheme: a noun, numeral, foreign word, Chinese
    character, number, verb or adjective stem (irregular ones too) or root."""
    return _CONTENT_TAGS_SEEN[tag]


def content_words(morphemes: Iterable[Tagged]) -> list[str]:
    """The forms of the content morphemes (`is_content_tag`), in order. Takes blogwire's
    Morpheme or kiwipiepy's Token alike."""
    seen = _CONTENT_TAGS_SEEN
    return [m.form for m in morphemes if seen[m.tag]]


class NounPhrase(NamedTuple):
    """One noun phrase of a sentence: a run of one to three adjacent nouns or foreign
    words ("한·미 동맹", "클로드 모네"), a candidate keyphrase and section title."""

    text: str  # the phrase as the sentence spells it, with its own spacing
    tokens: int  # how many morphemes it spans (1-3); more is more specific
    has_name: bool  # one of them is a proper noun (NNP) or a Latin-letter word (SL)


@dataclass(frozen=True, slots=True)
class Keyphrase:
    text: str
    score: float
    sentences: tuple[int, ...]  # indices of the sentences that contain it


@dataclass(frozen=True, slots=True)
class Analysis:
    article: Article
    sentences: tuple[Sentence, ...]
    scores: tuple[float, ...]  # one per sentence; higher = more central to the story
    usable: tuple[bool, ...]  # False for fragments: bylines, captions, subtitles
    keyphrases: tuple[Keyphrase, ...]
    # Per sentence, its noun phrases, found once for the keyphrases and handed on to the
    # section titles; () when not computed. It is derived from `sentences`, so equality
    # ignores it.
    noun_phrases: tuple[tuple[NounPhrase, ...], ...] = field(default=(), compare=False)
    # Per sentence, the index of the earlier sentence it leans on (a connective or
    # demonstrative opener, a missing or pronoun subject, a reason fragment, a quote
    # reported from before), or None when it stands on its own; () when not computed.
    leans_on: tuple[int | None, ...] = ()

    def bound(self, index: int) -> bool:
        """Whether sentence `index` depends on an earlier one and cannot open a part."""
        return bool(self.leans_on) and self.leans_on[index] is not None


class OutputFormat(enum.StrEnum):
    JEKYLL = "jekyll"  # _posts/YYYY-MM-DD-slug.md with front matter
    TISTORY = "tistory"  # tistory/YYYY-MM-DD-slug.html: the body, paste-ready
    HTML = "html"  # html/YYYY-MM-DD-slug.html: a standalone page


class Highlight(enum.Enum):
    RED = "red"
    BLUE = "blue"
    TINT = "tint"


@dataclass(frozen=True, slots=True)
class Span:
    """A run of plain text inside a paragraph, optionally highlighted."""

    text: str
    highlight: Highlight | None = None


class Voice(enum.StrEnum):
    """Who wrote a sentence of a post: what `check --source` and the fact guard hold it to."""

    SOURCE = "source"  # one of the article's sentences (polite form): held to the source
    FRAMING = "framing"  # the blog's own framing line from the bank: states no fact
    EDITOR = "editor"  # written in the review desk: the editor's, never the source's
    MODEL = "model"  # written by the LLM writer and passed by the claim guard (llm/write.py)


@dataclass(frozen=True, slots=True)
class Paragraph:
    spans: tuple[Span, ...]
    sources: tuple[int, ...] = ()  # indices of the source sentences it states
    # Per sentence of `sentence_groups()`, who wrote it; () means every sentence is the
    # source's own (posts written before the blog had a voice of its own).
    voices: tuple[Voice, ...] = ()

    def voice(self, index: int) -> Voice:
        """Who wrote sentence `index` of `sentence_groups()`."""
        return self.voices[index] if self.voices else Voice.SOURCE

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)

    def sentence_groups(self) -> tuple[tuple[Span, ...], ...]:
        """The paragraph's sentences as runs of spans: compose joins sentences with a
        lone unhighlighted " " span, and splits a highlighted one into text + punctuation."""
        groups: list[list[Span]] = [[]]
        for span in self.spans:
            if span.highlight is None and span.text == " ":
                groups.append([])
            else:
                groups[-1].append(span)
        return tuple(tuple(g) for g in groups if g)

    def highlighted_index(self) -> int | None:
        """Which of `sentence_groups()` holds the highlight, if one does."""
        for n, group in enumerate(self.sentence_groups()):
            if any(s.highlight is not None for s in group):
                return n
        return None


class SectionRole(enum.StrEnum):
    """What a section of a post does for the story: its title and its bridge sentence say it."""

    BACKGROUND = "background"
    CAUSE = "cause"
    NUMBERS = "numbers"
    REACTIONS = "reactions"
    QUOTES = "quotes"
    NEXT_STEPS = "next_steps"
    CONTROVERSY = "controversy"
    COMPARISON = "comparison"


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    body: Paragraph


@dataclass(frozen=True, slots=True)
class SourceCredit:
    outlet: str
    url: str | None
    title: str


@dataclass(frozen=True, slots=True)
class Post:
    title: str  # the hook title (front matter)
    headline: str  # the <h2>
    excerpt: str  # also feature_text
    image: str
    categories: tuple[str, ...]
    intro: Paragraph
    sections: tuple[Section, ...]
    conclusion: Paragraph
    credits: tuple[SourceCredit, ...]  # every outlet that carried the story; () = none
    date: dt.date
    slug: str


@dataclass(frozen=True, slots=True)
class RenderedPost:
    post: Post
    path: str  # where it goes inside the site folder: "_posts/YYYY-MM-DD-slug.md"
    text: str


@dataclass(frozen=True, slots=True)
class PublishedPost:
    origin: str
    title: str
    path: str
    sections: int
    written: bool  # False when an identical file was already there


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What `blogwire compose` (or `demo`) did, in source order."""

    published: tuple[PublishedPost, ...] = ()
    failures: tuple[Failure, ...] = ()


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """'1 post', '3 posts', '1 category', '2 categories': the count in every summary
    line the CLI, `run` and the web print about posts and the like."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


class ArticleState(enum.StrEnum):
    """Where an article stands in the store."""

    PENDING = "pending"  # read, its story not posted yet
    POSTED = "posted"  # its story's post is written
    DUPLICATE = "duplicate"  # the same story as one already told
    FILTERED = "filtered"  # dropped by a feed's include/exclude words
    FAILED = "failed"  # could not become a post (the reason is kept)
    SKIPPED = "skipped"  # not fetched: the host's robots.txt forbids it (the reason is kept)


class PostState(enum.StrEnum):
    """Where a post stands; "draft" means only this: a post held for review."""

    WRITING = "writing"  # recorded, its file maybe not written yet (a run finishes it)
    PUBLISHED = "published"  # in _posts/ (or the export folder)
    DRAFT = "draft"  # in _drafts/, waiting in the review desk
    REJECTED = "rejected"  # turned down in the review desk; its file removed


# What the review queue shows for a story: its post's state, or for a story with no
# post yet "pending" (its articles wait) or "failed" (none could become a post).
QUEUE_STATUSES: tuple[str, ...] = (
    PostState.DRAFT,
    PostState.PUBLISHED,
    PostState.REJECTED,
    PostState.WRITING,
    ArticleState.PENDING,
    ArticleState.FAILED,
)
