"""Write a batch of posts in source order while the next ones are still being made.

Writing a post mostly waits on the disk (the fsync of `write_atomic`, 0.5-8 ms), so
one writer thread writes post N while post N+1 is composed. It writes one post at a
time in source order, so a post still sees every earlier post's file when it picks
a free name; results and progress calls come in source order too.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from blogwire.errors import BlogwireError, Failure, failure
from blogwire.models import BatchResult, PublishedPost, RenderedPost
from blogwire.publish.jekyll import publish_post

# (the source as named, what became of it)
ProgressCallback = Callable[[str, PublishedPost | Failure], None]


def write_batch(
    items: Iterable[tuple[str, RenderedPost | Failure]],
    site_dir: Path,
    *,
    overwrite: bool = False,
    on_item: ProgressCallback | None = None,
) -> BatchResult:
    """Publish each rendered post (see `publish_post`) and report each failure, in the
    order of `items`; a post that cannot be written is a failure too."""
    published: list[PublishedPost] = []
    failures: list[Failure] = []
    pending: deque[tuple[str, Future[PublishedPost]]] = deque()

    def report(source: str, item: PublishedPost | Failure) -> None:
        if isinstance(item, Failure):
            failures.append(item)
        else:
            published.append(item)
        if on_item is not None:
            on_item(source, item)

    def settle(*, wait: bool) -> None:
        """Report the finished writes, oldest first (all of them with `wait`)."""
        while pending and (wait or pending[0][1].done()):
            source, future = pending.popleft()
            try:
                report(source, future.result())
            except BlogwireError as exc:
                report(source, failure(source, exc))

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="blogwire-write") as writer:
        for source, item in items:
            if isinstance(item, Failure):
                settle(wait=True)  # the earlier sources are reported first
                report(source, item)
                continue
            write = writer.submit(publish_post, item, site_dir, source, overwrite=overwrite)
            pending.append((source, write))
            settle(wait=False)
        settle(wait=True)
    return BatchResult(tuple(published), tuple(failures))
