"""What `blogwire run` reports: per feed, per post, per failure, and the totals."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from blogwire.errors import Failure
from blogwire.llm.report import Outcome, WriteReport
from blogwire.models import counted
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
    """What the LLM writer did over a run (for `status`: over the latest posts), added
    up from each post's WriteReport (blogwire.llm.report)."""

    whole: int = 0  # posts the model wrote whole
    polished: int = 0  # posts it polished (a context too small for the whole article)
    unavailable: int = 0  # posts where the server could not be used: extractive
    first_error: str | None = None
    sentences: dict[str, int] = field(default_factory=dict)  # Outcome value -> sentences
    problems: dict[str, int] = field(default_factory=dict)  # kind -> problems the guard found
    examples: dict[str, str] = field(default_factory=dict)  # kind -> one "field: message"
    seconds: float = 0.0  # spent on the model, over the posts it wrote

    @classmethod
    def of(cls, reports: Iterable[WriteReport]) -> LlmTally:
        tally = cls()
        for report in reports:
            tally.add(report)
        return tally

    def add(self, report: WriteReport) -> None:
        """Count one post's account."""
        if report.error:
            self.unavailable += 1
            self.first_error = self.first_error or report.error
        elif report.mode == "whole":
            self.whole += 1
        else:
            self.polished += 1
        if not report.error:
            self.seconds += report.seconds
        for outcome in report.outcomes:
            key = outcome.outcome.value
            self.sentences[key] = self.sentences.get(key, 0) + 1
            for kind, message in outcome.problems:
                self.problems[kind] = self.problems.get(kind, 0) + 1
                self.examples.setdefault(kind, f"{outcome.field}: {message}")

    @property
    def posts(self) -> int:
        """Posts the model wrote, whole or polished."""
        return self.whole + self.polished

    @property
    def written(self) -> int:
        return sum(self.sentences.values())

    @property
    def kept(self) -> int:
        """The model's sentences the posts state (a retried one that passed included)."""
        return self.sentences.get(Outcome.KEPT, 0) + self.sentences.get(Outcome.RETRIED, 0)

    def line(self) -> str:
        """'3 posts written whole, 2 polished, 0 without the server · 40 sentences
        written: 35 kept, 2 retried, 2 replaced, 1 dropped · 28.4 s per post'."""
        text = (
            f"{counted(self.whole, 'post')} written whole, "
            f"{self.polished} polished, "
            f"{self.unavailable} without the server"
            + (f" ({self.first_error})" if self.first_error else "")
            + f" · {self.written} sentences written: "
            + ", ".join(f"{self.sentences.get(o.value, 0)} {o.value}" for o in Outcome)
        )
        if self.posts:
            text += f" · {self.seconds / self.posts:.1f} s per post"
        return text

    def problem_lines(self) -> list[str]:
        """One line per kind of problem, most first, with one example each."""
        ranked = sorted(self.problems.items(), key=lambda kv: (-kv[1], kv[0]))
        return [f"{kind}: {count} (e.g. {self.examples[kind]})" for kind, count in ranked]


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
