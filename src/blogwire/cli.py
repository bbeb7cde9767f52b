"""Command-line adapter: parses flags, builds the settings once, calls the facade.

Heavy modules (kiwipiepy, trafilatura) are imported inside the facade's methods,
so `blogwire --help` stays fast.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from blogwire.errors import BlogwireError
from blogwire.facade import BatchResult, Blogwire, Failure, ProgressCallback
from blogwire.models import OutputFormat, PublishedPost
from blogwire.settings import Settings, load_settings

# Exit codes (documented in the README).
EXIT_OK = 0
EXIT_SOME_FAILED = 1  # a batch where some items failed, or `check` found problems
EXIT_BAD_INPUT = 2  # nothing could be done: bad input, bad settings, bad usage

app = typer.Typer(
    name="blogwire",
    help="Turn Korean news into publish-ready blog posts (Jekyll, Tistory), offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

WriterOption = Annotated[
    str | None,
    typer.Option(
        "--writer",
        help="extractive (default) or llm: an LLM polishes the text "
        "behind a fact guard ([llm] settings).",
    ),
]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="Settings file (default: ./blogwire.toml).")
]


def _settings(config: Path | None, **overrides: object) -> Settings:
    try:
        return load_settings(
            config, overrides={k: v for k, v in overrides.items() if v is not None}
        )
    except BlogwireError as exc:
        _fail(exc)
        raise  # unreachable; _fail exits


def _fail(exc: BlogwireError) -> None:
    err.print(f"[red]error:[/red] {exc}", markup=True)
    raise typer.Exit(EXIT_BAD_INPUT)


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        err.print(f"[red]error:[/red] --date: '{value}' is not a date (expected YYYY-MM-DD)")
        raise typer.Exit(EXIT_BAD_INPUT) from None


def _batch_exit(result: BatchResult) -> int:
    if not result.failures:
        return EXIT_OK
    return EXIT_SOME_FAILED if result.published else EXIT_BAD_INPUT


def _run_batch(
    label: str, sources: list[str], run: Callable[[ProgressCallback], BatchResult]
) -> BatchResult:
    """Run with a progress bar on stderr when there is more than one source."""
    show = len(sources) > 1 and err.is_terminal

    def report(source: str, item: PublishedPost | Failure) -> None:
        if isinstance(item, Failure):
            err.print(f"[red]error:[/red] {item}", markup=True)

    if not show:
        return run(report)
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[current]}"),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=len(sources), current="")

        def advance(source: str, item: PublishedPost | Failure) -> None:
            report(source, item)
            bar.update(task, advance=1, current=Path(source).name)

        return run(advance)


@app.command()
def compose(
    sources: Annotated[
        list[str],
        typer.Argument(
            help="Saved HTML pages, .txt/.md files or http(s) URLs.", show_default=False
        ),
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Site folder; posts go to DIR/_posts/.")
    ] = Path("."),
    date: Annotated[
        str | None,
        typer.Option("--date", help="Post date YYYY-MM-DD (default: the article's date)."),
    ] = None,
    category: Annotated[
        list[str] | None, typer.Option("--category", help="Category (repeat for more).")
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace a different post of the same name.")
    ] = False,
    fmt: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            help="jekyll: _posts/*.md; tistory: paste-ready body HTML; html: a standalone page.",
        ),
    ] = OutputFormat.JEKYLL,
    writer: WriterOption = None,
    config: ConfigOption = None,
) -> None:
    """Write one seed-format post per SOURCE to DIR/_posts/YYYY-MM-DD-<slug>.md
    (or DIR/tistory/…html, DIR/html/…html with --format)."""
    from blogwire.facade import expand_sources

    settings = _settings(config, **{"writer.engine": writer})
    post_date = _parse_date(date)
    wire = Blogwire(settings, environ=os.environ)
    sources = expand_sources(sources)
    result = _run_batch(
        "Composing",
        sources,
        lambda on_item: wire.compose_many(
            sources,
            output,
            date=post_date,
            categories=category or None,
            overwrite=overwrite,
            fmt=fmt,
            on_item=on_item,
        ),
    )
    for item in result.published:
        out.print(item.path if item.written else f"{item.path} (unchanged)")
    if len(sources) > 1:
        err.print(f"{len(result.published)} posts written, {len(result.failures)} failed")
    raise typer.Exit(_batch_exit(result))


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Folder of the new site.")] = Path("."),
    demo: Annotated[
        bool, typer.Option("--demo", help="Also install the bundled sample feed (works offline).")
    ] = False,
) -> None:
    """Start a site: a commented blogwire.toml (every setting with its default) and a
    Jekyll skeleton for the Alembic theme."""
    wire = Blogwire(Settings())
    try:
        written = wire.init_site(directory, demo=demo)
    except BlogwireError as exc:
        _fail(exc)
    for path in written:
        out.print(str(path))


feed_app = typer.Typer(
    help="List, add and remove the feeds in blogwire.toml.", no_args_is_help=True
)
app.add_typer(feed_app, name="feed")


def _config_path(config: Path | None) -> Path:
    from blogwire.settings import CONFIG_NAME

    return config if config is not None else Path(CONFIG_NAME)


@feed_app.command("add")
def feed_add(
    url: Annotated[str, typer.Argument(help="Feed URL, or a local RSS/Atom file.")],
    category: Annotated[
        str | None, typer.Option("--category", help="Category of its posts.")
    ] = None,
    include: Annotated[
        list[str] | None, typer.Option("--include", help="Keep only entries with this word.")
    ] = None,
    exclude: Annotated[
        list[str] | None, typer.Option("--exclude", help="Drop entries with this word.")
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Add a feed to blogwire.toml (comments in the file are kept)."""
    from blogwire.config_file import add_feed
    from blogwire.settings import FeedConfig

    try:
        add_feed(
            _config_path(config),
            FeedConfig(url, category, tuple(include or ()), tuple(exclude or ())),
        )
    except BlogwireError as exc:
        _fail(exc)
    out.print(f"added {url}")


@feed_app.command("remove")
def feed_remove(
    url: Annotated[str, typer.Argument(help="The feed URL as listed.")],
    config: ConfigOption = None,
) -> None:
    """Remove a feed from blogwire.toml."""
    from blogwire.config_file import remove_feed

    try:
        remove_feed(_config_path(config), url)
    except BlogwireError as exc:
        _fail(exc)
    out.print(f"removed {url}")


@feed_app.command("list")
def feed_list(config: ConfigOption = None) -> None:
    """List the feeds in blogwire.toml with their filters."""
    from blogwire.config_file import read_feeds

    try:
        feeds = read_feeds(_config_path(config))
    except BlogwireError as exc:
        _fail(exc)
    table = Table(title="feeds")
    for column in ("url", "category", "include", "exclude"):
        table.add_column(column, overflow="fold")
    for feed in feeds:
        table.add_row(
            feed.url,
            feed.category or "-",
            ", ".join(feed.include) or "-",
            ", ".join(feed.exclude) or "-",
        )
    out.print(table)


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
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", min=0, help="Processes reading articles; 0 = one per CPU core."
        ),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Fetch the site's feeds and publish new stories (once, or --every interval)."""
    import time

    from blogwire.runlock import parse_interval

    settings = _settings(config, **{"writer.engine": writer, "run.workers": workers})
    wire = Blogwire(settings, environ=os.environ)
    try:
        interval = parse_interval(every) if every else None
    except BlogwireError as exc:
        _fail(exc)
    while True:
        code = _run_once(wire, dry_run=dry_run, fmt=fmt, git=git, review=review)
        if interval is None:
            raise typer.Exit(code)
        try:  # Ctrl-C between runs is the normal way to stop
            err.print(f"next run in {every} (Ctrl-C to stop)")
            time.sleep(interval)
        except KeyboardInterrupt:
            raise typer.Exit(EXIT_OK) from None


def _run_once(wire: Blogwire, **options: object) -> int:
    from blogwire.run import RunSummary

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
            bar.update(task, completed=done, total=total, description=message[-60:])

        try:
            summary: RunSummary = wire.run(on_event=on_event, **options)  # type: ignore[arg-type]
        except BlogwireError as exc:
            err.print(f"[red]error:[/red] {exc}")
            return EXIT_BAD_INPUT
    for failure in summary.failures:
        err.print(f"[red]failed:[/red] {failure}")
    table = Table(title="blogwire run" + (" (dry run: nothing written)" if summary.dry_run else ""))
    for column in ("post", "outlets", "path"):
        table.add_column(column, overflow="fold")
    for post in summary.posts:
        table.add_row(
            post.title,
            ", ".join(post.outlets),
            post.path + (" (draft)" if post.state == "draft" else ""),
        )
    if summary.posts:
        out.print(table)
    feeds_ok = sum(1 for f in summary.feeds if f.status != "error")
    out.print(
        f"feeds {feeds_ok}/{len(summary.feeds)} ok · new {summary.new} · seen {summary.seen} · "
        f"duplicates {summary.duplicates} · filtered {summary.filtered} · "
        f"posts {len(summary.posts)}"
        + (f" (recovered {summary.recovered})" if summary.recovered else "")
        + f" · failed {len(summary.failures)}"
    )
    if summary.llm is not None:
        llm = summary.llm
        fell_back = sum(llm.fell_back.values())
        out.print(
            f"llm writer: {llm.posts} posts polished, {llm.unavailable} without the server"
            + (f" ({llm.first_error})" if llm.first_error else "")
            + f" · fields kept {llm.kept} · fell back {fell_back}"
        )
        for kind, count in sorted(llm.fell_back.items(), key=lambda kv: -kv[1]):
            out.print(f"  {kind}: {count} (e.g. {llm.examples[kind]})")
    return EXIT_SOME_FAILED if summary.failures else EXIT_OK


@app.command()
def status(config: ConfigOption = None) -> None:
    """Feeds with their last fetch, counts by state, and the latest posts."""
    wire = Blogwire(_settings(config))
    try:
        report = wire.status()
    except BlogwireError as exc:
        _fail(exc)
    feeds = Table(title="feeds")
    for column in ("feed", "last fetch", "result", "fetches", "failures"):
        feeds.add_column(column, overflow="fold")
    for feed in report.feeds:
        when = feed.last_fetch_at.strftime("%Y-%m-%d %H:%M UTC") if feed.last_fetch_at else "never"
        result = (feed.last_status or "-") + (f": {feed.last_error}" if feed.last_error else "")
        feeds.add_row(feed.url, when, result, str(feed.fetches), str(feed.failures))
    out.print(feeds)
    counts = report.counts
    out.print(
        f"articles: pending {counts.pending} · posted {counts.posted} · duplicate "
        f"{counts.duplicate} · failed {counts.failed}   stories {counts.stories}   posts: "
        f"published {counts.published} · draft {counts.draft} · writing {counts.writing} · "
        f"rejected {counts.rejected}"
    )
    posts = Table(title="latest posts")
    for column in ("when", "state", "title", "path"):
        posts.add_column(column, overflow="fold")
    for post in report.latest:
        posts.add_row(post.created_at.strftime("%Y-%m-%d %H:%M"), post.state, post.title, post.path)
    out.print(posts)


@app.command()
def build(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Output folder (default: SITE/_site).")
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Build the site's posts into a static site: index, post pages, categories, Atom feed,
    sitemap (run in the site folder, like Jekyll)."""
    wire = Blogwire(_settings(config))
    try:
        result = wire.build(output)
    except BlogwireError as exc:
        _fail(exc)
    for skipped in result.skipped:
        err.print(f"[yellow]skipped:[/yellow] {skipped}")
    out.print(
        f"built {result.out_dir}: {result.posts} posts, {result.categories} categories, "
        f"{result.pages} pages"
    )
    raise typer.Exit(EXIT_SOME_FAILED if result.skipped else EXIT_OK)


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to bind.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            help="Access token (default: $BLOGWIRE_TOKEN); required unless bound to loopback.",
            show_default=False,
        ),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """The review desk: a web UI over the site's store to edit, approve or reject drafts,
    run now, and see feeds and settings."""
    from blogwire.web import serve as serve_app

    settings = _settings(config)
    try:
        serve_app(settings, host=host, port=port, token=token or os.environ.get("BLOGWIRE_TOKEN"))
    except BlogwireError as exc:
        _fail(exc)


@app.command()
def check(
    files: Annotated[
        list[Path], typer.Argument(help="Post files to validate.", show_default=False)
    ],
    no_source: Annotated[
        bool, typer.Option("--no-source", help="Do not require the source credit line.")
    ] = False,
    config: ConfigOption = None,
) -> None:
    """Validate posts against the post format; print every problem with its file."""
    wire = Blogwire(_settings(config))
    failed = 0
    for path in files:
        problems = wire.check(path, require_source=not no_source)
        if problems:
            failed += 1
            for problem in problems:
                out.print(problem)
        else:
            out.print(f"{path}: ok")
    if failed:
        err.print(f"{failed} of {len(files)} files failed")
    raise typer.Exit(EXIT_SOME_FAILED if failed else EXIT_OK)


@app.command()
def demo(
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Folder for the demo site.")
    ] = Path("blogwire-demo"),
    config: ConfigOption = None,
) -> None:
    """Compose the bundled sample news into a Jekyll site folder (default ./blogwire-demo/)."""
    wire = Blogwire(_settings(config))
    from blogwire.demo import demo_pages

    sources = [str(p) for p in demo_pages()]
    result = _run_batch(
        "Composing demo", sources, lambda on_item: wire.demo(output, on_item=on_item)
    )
    table = Table(title=f"blogwire demo → {output}/")
    for column in ("source", "title", "sections", "output"):
        table.add_column(column)
    for item in result.published:
        table.add_row(Path(item.origin).name, item.title, str(item.sections), item.path)
    for failure in result.failures:
        table.add_row(
            Path(failure.origin).name, f"[red]failed: {failure.error.message}[/red]", "-", "-"
        )
    out.print(table)
    raise typer.Exit(_batch_exit(result))


def main() -> None:
    try:
        app()
    except BlogwireError as exc:  # an error a command did not catch itself
        err.print(f"[red]error:[/red] {exc}")
        sys.exit(EXIT_BAD_INPUT)
