"""Commands that make and check posts from files: compose, check, demo."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from blogwire.cli.common import (
    EXIT_OK,
    EXIT_SOME_FAILED,
    ConfigOption,
    WorkersOption,
    WriterOption,
    app,
    batch_exit,
    err,
    out,
    parse_date,
    run_batch,
    safe,
    settings_for,
)
from blogwire.core import Blogwire
from blogwire.models import OutputFormat, counted


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
    workers: WorkersOption = None,
    config: ConfigOption = None,
) -> None:
    """Write one seed-format post per SOURCE to DIR/_posts/YYYY-MM-DD-<slug>.md
    (or DIR/tistory/…html, DIR/html/…html with --format)."""
    settings = settings_for(config, **{"writer.engine": writer, "run.workers": workers})
    post_date = parse_date(date)
    wire = Blogwire(settings, environ=os.environ)
    sources = Blogwire.expand_sources(sources)
    result = run_batch(
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
        out.print(safe(item.path) if item.written else f"{safe(item.path)} (unchanged)")
    if len(sources) > 1:
        err.print(
            f"{counted(len(result.published), 'post')} written, {len(result.failures)} failed"
        )
    raise typer.Exit(batch_exit(result))


@app.command()
def check(
    files: Annotated[
        list[Path], typer.Argument(help="Post files to validate.", show_default=False)
    ],
    no_source: Annotated[
        bool, typer.Option("--no-source", help="Do not require the source credit line.")
    ] = False,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            help="The article the posts were made from (page, text file or URL): "
            "report how much of it each post reprints (post.max_source_share).",
            show_default=False,
        ),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Validate posts against the post format; print every problem with its file."""
    wire = Blogwire(settings_for(config))
    failed = 0
    for path in files:
        problems = wire.check(path, require_source=not no_source)
        note = ""
        if source is not None:
            reuse = wire.reuse(path, source)
            note = f" ({reuse})"
            share = wire.settings.post.max_source_share
            if not reuse.within(share):
                problems.append(
                    f"{path}: {reuse}, more than post.max_source_share ({share:.0%}) "
                    "and more than a brief's 400 characters"
                )
        if problems:
            failed += 1
            for problem in problems:
                out.print(safe(problem))
        else:
            out.print(f"{safe(path)}: ok{safe(note)}")
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
    wire = Blogwire(settings_for(config))
    sources = wire.demo_sources()
    result = run_batch(
        "Composing demo", sources, lambda on_item: wire.demo(output, on_item=on_item)
    )
    table = Table(title=f"blogwire demo → {safe(output)}/")
    for column in ("source", "title", "sections", "output"):
        table.add_column(column)
    for item in result.published:
        table.add_row(
            safe(Path(item.origin).name), safe(item.title), str(item.sections), safe(item.path)
        )
    for failure in result.failures:
        table.add_row(
            safe(Path(failure.subject).name), f"[red]failed: {safe(failure.reason)}[/red]", "-", "-"
        )
    out.print(table)
    raise typer.Exit(batch_exit(result))
