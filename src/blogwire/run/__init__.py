"""`blogwire run`: feeds in, stories grouped, posts out — idempotent and crash-safe.

`runner` drives a run (store, story grouping, publishing) in one process; `pool`
does the per-article work (fetch, extract, analyse, compose) there or in worker
processes; `summary` is what a run reports; `git` commits the new posts.
"""

from __future__ import annotations

from blogwire.run.git import commit_posts
from blogwire.run.runner import Runner
from blogwire.run.summary import FeedReport, LlmTally, RunFailure, RunPost, RunSummary

__all__ = [
    "FeedReport",
    "LlmTally",
    "RunFailure",
    "RunPost",
    "RunSummary",
    "Runner",
    "commit_posts",
]
