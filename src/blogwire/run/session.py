"""One `blogwire run` of a site as a whole: the site's lock, its store (or a snapshot of
it for a dry run), the runner, the git commit; and what `status` reads back."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from blogwire.errors import ConfigError
from blogwire.models import ArticleState, OutputFormat
from blogwire.run.git import commit_posts
from blogwire.run.lock import RunLock
from blogwire.run.runner import Runner
from blogwire.run.summary import EventCallback, LlmTally, RunSummary
from blogwire.settings import Settings
from blogwire.store import (
    ArticleRecord,
    FeedState,
    PostRecord,
    RemoteCounts,
    Store,
    StoreCounts,
    snapshot,
)

_INTERVAL = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
LOCK_FILE = Path(".blogwire") / "run.lock"


@dataclass(frozen=True, slots=True)
class StoreStatus:
    feeds: tuple[FeedState, ...]
    counts: StoreCounts
    latest: tuple[PostRecord, ...]
    # the latest articles that gave no post, with why (an unfit one: what it is)
    failed: tuple[ArticleRecord, ...] = ()
    targets: tuple[RemoteCounts, ...] = ()  # per [[targets]] site
    waiting: int = 0  # entries a passing failure holds back until a later run retries them
    llm: LlmTally | None = None  # what the LLM writer did for the latest posts (if it wrote any)


def run_site(
    settings: Settings,
    environ: Mapping[str, str],
    *,
    dry_run: bool = False,
    fmt: OutputFormat = OutputFormat.JEKYLL,
    review: bool | None = None,
    git: bool | None = None,
    on_event: EventCallback | None = None,
) -> RunSummary:
    """Fetch every feed, group stories, publish new posts, one run per site at a time.
    A dry run works on a snapshot of the store and a scratch site, so nothing of the
    real ones changes."""
    site = settings.site_dir
    database = site / settings.run.database

    def runner(store: Store, target: Path) -> Runner:
        return Runner(
            settings, store, target, fmt=fmt, review=review, on_event=on_event, environ=environ
        )

    with RunLock(site / LOCK_FILE):
        if dry_run:
            with tempfile.TemporaryDirectory(prefix="blogwire-dry-run-") as scratch:
                copy = Path(scratch) / "store.db"
                snapshot(database, copy)
                with Store.open(copy) as store:
                    return runner(store, Path(scratch) / "site").run(dry_run=True)
        with Store.open(database) as store:
            summary = runner(store, site).run()
        if settings.run.git if git is None else git:
            commit_posts(site, summary.posts)
        return summary


def site_status(settings: Settings, *, latest: int = 10) -> StoreStatus:
    """Each feed's last fetch, counts by state and the latest posts. Only reads: where
    there is no store yet (a site never run, or not a site) nothing is created."""
    database = settings.site_dir / settings.run.database
    if database.parent.exists() and not database.parent.is_dir():
        raise ConfigError(
            "is not a folder (blogwire keeps its store there)", subject=str(database.parent)
        )
    if not os.path.lexists(database):
        return StoreStatus(feeds=(), counts=StoreCounts(), latest=())
    with Store.open(database) as store:
        posts = tuple(store.posts(limit=latest))
        reports = store.write_reports(p.id for p in posts)
        return StoreStatus(
            feeds=tuple(store.feeds()),
            counts=store.counts(),
            latest=posts,
            failed=tuple(store.articles(ArticleState.FAILED)[-latest:][::-1]),
            targets=tuple(store.remote_counts([t.name for t in settings.targets])),
            waiting=store.retries_pending(),
            llm=LlmTally.of(reports.values()) if reports else None,
        )


def parse_interval(text: str) -> int:
    """'30m' -> 1800 seconds; '90s', '1h', '1d' likewise."""
    match = _INTERVAL.match(text)
    if not match or int(match.group(1)) == 0:
        raise ConfigError(f"'{text}' is not an interval (use 90s, 30m, 1h or 1d)")
    seconds = int(match.group(1)) * _SECONDS[match.group(2)]
    if seconds > MAX_INTERVAL:  # time.sleep cannot wait that long (OverflowError)
        raise ConfigError(f"--every '{text}' is too long: at most 365d")
    return seconds


MAX_INTERVAL = 365 * 86_400
