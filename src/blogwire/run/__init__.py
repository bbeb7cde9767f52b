"""`blogwire run`: feeds in, stories grouped, posts out — idempotent and crash-safe.

`session` runs a site (its lock, its store or a dry run's snapshot, git) and reads
its status; `runner` drives a run (store, story grouping, publishing) in one
process; `posts` renders, writes and recovers its posts; `articles` is the
per-article work (fetch, extract, analyse, compose) done in the `blogwire.pool`
there or in worker processes; `summary` is what a run reports; `lock` keeps to
one run per site; `git` commits the new posts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from blogwire.lazy import lazy_attributes

if TYPE_CHECKING:
    from blogwire.run.git import commit_posts
    from blogwire.run.runner import Runner
    from blogwire.run.summary import FeedReport, LlmTally, RunPost, RunSummary

# Loaded on first use: the CLI reads RunSummary's type without the runner's store,
# feeds and HTTP client.
_LAZY = {
    "FeedReport": "summary",
    "LlmTally": "summary",
    "RunPost": "summary",
    "RunSummary": "summary",
    "Runner": "runner",
    "commit_posts": "git",
}


__getattr__ = lazy_attributes(__name__, _LAZY)


__all__ = [
    "FeedReport",
    "LlmTally",
    "RunPost",
    "RunSummary",
    "Runner",
    "commit_posts",
]
