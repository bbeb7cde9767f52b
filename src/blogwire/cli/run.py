"""Commands over the site's feeds and store: run, status."""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from blogwire.cli.common import (
    EXIT_OK,
    EXIT_SOME_FAILED,
    ConfigOption,
    WorkersOption,
    WriterOption,
    app,
    err,
    out,
    safe,
    settings_for,
)
from blogwire.core import Blogwire, RunSummary
from blogwire.errors import BlogwireError
from blogwire.models import OutputFormat


@app.command()
def run(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Do everything but write: no posts, no store.")
    ] = False,
    every: Annotated[
        str | None,
        typer.Option("--every", help="Keep running on a schedule: 90s, 30m, 1h, 1d."),
    ] = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", help="jekyll, tistory or html.")
    ] = OutputFormat.JEKYLL,
    git: Annotated[
        bool | None, typer.Option("--git/--no-git", help="Commit new posts in the site repo.")
    ] = None,
    review: Annotated[
        bool | None,
        typer.Option("--review/--publish", help="Hold new posts as drafts, or publish them."),
    ] = None,
    writer: WriterOption = None,
    workers: WorkersOption = None,
    config: ConfigOption = None,
) -> None:
    """Fetch the site's feeds and publish new stories (once, or --every interval)."""
    import time

    settings = settings_for(config, **{"writer.engine": writer, "run.workers": workers})
    wire = Blogwire(settings, environ=os.environ)
    interval = Blogwire.interval(every) if every else None
    while True:
        code = _run_once(wire, dry_run=dry_run, fmt=fmt, git=git, review=review)
        if interval is None:
            raise typer.Exit(code)
        try:  # Ctrl-C between runs is the normal way to stop
            err.print(f"next run in {safe(every)} (Ctrl-C to stop)")
            time.sleep(interval)
        except KeyboardInterrupt:
            raise typer.Exit(EXIT_OK) from None


def _run_once(wire: Blogwire, **options: object) -> int:
    with Progress(
        TextColumn("[bold]blogwire run"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}", style="dim"),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("starting", total=None)

        def on_event(message: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=safe(message[-60:]))

        try:
            summary: RunSummary = wire.run(on_event=on_event, **options)  # type: ignore[arg-type]
        except BlogwireError as exc:  # this run failed; with --every the next one may not
            err.print(f"[red]error:[/red] {safe(exc)}")
            return exc.exit_code
    for failure in summary.failures:
        err.print(f"[red]failed:[/red] {safe(failure)}")
    table = Table(title="blogwire run" + (" (dry run: nothing written)" if summary.dry_run else ""))
    for column in ("post", "outlets", "path"):
        table.add_column(column, overflow="fold")
    for post in summary.posts:
        table.add_row(
            safe(post.title),
            safe(", ".join(post.outlets)),
            safe(post.path) + (" (draft)" if post.state == "draft" else ""),
        )
    if summary.posts:
        out.print(table)
    feeds_ok = sum(1 for f in summary.feeds if f.status != "error")
    out.print(
        f"feeds {feeds_ok}/{len(summary.feeds)} ok · new {summary.new} · seen {summary.seen} · "
        f"duplicates {summary.duplicates} · filtered {summary.filtered} · "
        f"skipped {summary.skipped} · posts {len(summary.posts)}"
        + (f" (recovered {summary.recovered})" if summary.recovered else "")
        + f" · failed {len(summary.failures)}"
        + (f" · waiting to retry {summary.waiting}" if summary.waiting else "")
    )
    for reason, count in summary.skip_reasons:
        out.print(f"  skipped {count}: {safe(reason)}")
    for target in summary.targets:
        if summary.dry_run:
            out.print(f"target {safe(target.target)}: would send {target.would_send}")
            continue
        out.print(
            f"target {safe(target.target)}: published {target.published} · updated "
            f"{target.updated} · failed {target.failed}"
            + (f" · left for the next run {target.not_tried}" if target.not_tried else "")
        )
    if summary.llm is not None:
        out.print(f"llm writer: {safe(summary.llm.line())}")
        for line in summary.llm.problem_lines():
            out.print(f"  {safe(line)}")
    return EXIT_SOME_FAILED if summary.failures else EXIT_OK


@app.command()
def status(config: ConfigOption = None) -> None:
    """Feeds with their last fetch, counts by state, and the latest posts."""
    report = Blogwire(settings_for(config)).status()
    feeds = Table(title="feeds")
    for column in ("feed", "last fetch", "result", "fetches", "failures"):
        feeds.add_column(column, overflow="fold")
    for feed in report.feeds:
        when = feed.last_fetch_at.strftime("%Y-%m-%d %H:%M UTC") if feed.last_fetch_at else "never"
        result = (feed.last_status or "-") + (f": {feed.last_error}" if feed.last_error else "")
        feeds.add_row(safe(feed.url), when, safe(result), str(feed.fetches), str(feed.failures))
    out.print(feeds)
    counts = report.counts
    out.print(
        f"articles: pending {counts.pending} · posted {counts.posted} · duplicate "
        f"{counts.duplicate} · failed {counts.failed} · skipped {counts.skipped} · "
        f"waiting to retry {report.waiting}   "
        f"stories {counts.stories}   posts: "
        f"published {counts.published} · draft {counts.draft} · writing {counts.writing} · "
        f"rejected {counts.rejected}"
    )
    posts = Table(title="latest posts")
    for column in ("when", "state", "title", "path"):
        posts.add_column(column, overflow="fold")
    for post in report.latest:
        posts.add_row(
            post.created_at.strftime("%Y-%m-%d %H:%M"),
            safe(post.state),
            safe(post.title),
            safe(post.path),
        )
    out.print(posts)
    if report.llm is not None:  # what the LLM writer did for the posts listed
        out.print(f"llm writer, these posts: {safe(report.llm.line())}")
    if report.failed:  # why the latest articles gave no post (an unfit one: what it is)
        failed = Table(title="not published")
        for column in ("article", "why"):
            failed.add_column(column, overflow="fold")
        for article in report.failed:
            failed.add_row(safe(article.title or article.url), safe(article.error or "-"))
        out.print(failed)
    if report.targets:
        targets = Table(title="targets")
        for column in ("target", "published", "failed", "sending", "waiting", "last error"):
            targets.add_column(column, overflow="fold")
        for target in report.targets:
            targets.add_row(
                safe(target.target),
                str(target.published),
                str(target.failed),
                str(target.sending),
                str(target.waiting),
                safe(target.last_error or "-"),
            )
        out.print(targets)
