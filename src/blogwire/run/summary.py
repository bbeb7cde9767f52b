"""What `blogwire run` reports: per feed, per post, per failure, and the totals."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from blogwire.errors import Failure
from blogwire.publish.targets import TargetReport


@dataclass(frozen=True, slots=True)
class FeedReport:
    url: str
    status: str  # 'ok', 'not-modified' or 'error'
    entries: int = 0
    new: int = 0
    error: str | None = None


@dataclass(frozen=True, slots=True)
class RunPost:
    title: str
    path: str  # relative to the site folder
    state: str  # 'published' or 'draft'
    outlets: tuple[str, ...]


@dataclass
class LlmTally:
    """What the LLM writer did over a run."""

    posts: int = 0  # posts the LLM polished
    unavailable: int = 0  # posts where the server could not be used
    first_error: str | None = None
    kept: int = 0  # fields taken from the LLM
    fell_back: dict[str, int] = field(default_factory=dict)  # kind -> fields kept extractive
    examples: dict[str, str] = field(default_factory=dict)  # kind -> one reason


@dataclass(frozen=True, slots=True)
class RunSummary:
    feeds: tuple[FeedReport, ...] = ()
    seen: int = 0  # entries already in the store
    new: int = 0  # articles read for the first time
    duplicates: int = 0  # the same article again, or a near-duplicate joined to a posted story
    filtered: int = 0  # dropped by include/exclude keywords
    posts: tuple[RunPost, ...] = ()
    recovered: int = 0  # posts an interrupted run had started, finished now
    failures: tuple[Failure, ...] = ()
    dry_run: bool = False
    llm: LlmTally | None = None  # with writer.engine = "llm"
    skipped: int = 0  # not fetched: robots.txt forbids them (or could not be read)
    skip_reasons: tuple[tuple[str, int], ...] = ()  # (reason, entries), most first
    targets: tuple[TargetReport, ...] = ()  # per [[targets]] site, in the settings' order
    waiting: int = 0  # not fetched: an earlier run's passing failure, not yet due again


# (what is happening, items done, items known so far): items are feed entries, then posts
EventCallback = Callable[[str, int, int], None]


@dataclass
class Tally:
    """What a run has done so far; `summary()` freezes it."""

    feeds: list[FeedReport] = field(default_factory=list)
    seen: int = 0
    new: int = 0
    duplicates: int = 0
    filtered: int = 0
    posts: list[RunPost] = field(default_factory=list)
    recovered: int = 0
    failures: list[Failure] = field(default_factory=list)
    skipped: int = 0
    skip_reasons: dict[str, int] = field(default_factory=dict)
    targets: list[TargetReport] = field(default_factory=list)
    waiting: int = 0

    def summary(self, *, dry_run: bool, llm: LlmTally | None) -> RunSummary:
        return RunSummary(
            tuple(self.feeds),
            self.seen,
            self.new,
            self.duplicates,
            self.filtered,
            tuple(self.posts),
            self.recovered,
            tuple(self.failures),
            dry_run,
            llm,
            self.skipped,
            tuple(sorted(self.skip_reasons.items(), key=lambda kv: (-kv[1], kv[0]))),
            tuple(self.targets),
            self.waiting,
        )
