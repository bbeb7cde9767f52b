"""`blogwire run`: feeds in, stories grouped, posts out — idempotent and crash-safe.

`runner` drives a run (store, story grouping, publishing) in one process; `pool`
does the per-article work (fetch, extract, analyse, compose) there or in worker
processes; `summary` is what a run reports; `git` commits the new posts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from blogwire.lazy import lazy_attributes

if TYPE_CHECKING:
    from blogwire.run.git import commit_posts
    from blogwire.run.runner import Runner
    from blogwire.run.summary import FeedReport, LlmTally, RunFailure, RunPost, RunSummary

# Loaded on first use: `blogwire compose` imports `run.workers` (and, with workers, the
# pool) without the runner's store, feeds and HTTP client.
_LAZY = {
    "FeedReport": "summary",
    "LlmTally": "summary",
    "RunFailure": "summary",
    "RunPost": "summary",
    "RunSummary": "summary",
    "Runner": "runner",
    "commit_posts": "git",
}


__getattr__ = lazy_attributes(__name__, _LAZY)


__all__ = [
    "FeedReport",
    "LlmTally",
    "RunFailure",
    "RunPost",
    "RunSummary",
    "Runner",
    "commit_posts",
]
