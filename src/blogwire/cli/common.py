"""What every command shares: the Typer app, the consoles, the common options, settings
loading, exit codes and the batch progress bar."""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from blogwire.core import ProgressCallback
from blogwire.errors import BlogwireError, Failure
from blogwire.models import BatchResult, PublishedPost
from blogwire.settings import CONFIG_NAME, Settings, load_settings

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
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        min=0,
        help="Processes reading and composing articles; 0 = one per CPU core (run.workers).",
    ),
]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="Settings file (default: ./blogwire.toml).")
]


# Characters a terminal acts on instead of showing: C0 and C1 controls (ESC starts
# every escape sequence, BEL ends a window-title one), DEL, line and paragraph
# separators, and the bidi controls that reorder what is shown.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: object) -> str:
    """Outside text (anything from a page, a feed, a file name, the store, an error
    message quoting them) made safe to print on the console: control characters and
    escape sequences shown as `\\x1b`, newlines as `\\n` (one item stays one line), and
    Rich markup escaped (`[/b]` is printed, not parsed). Every command prints every
    piece of outside text through this, table cells and progress descriptions too."""
    return escape(_CONTROL.sub(_visible, str(text)))


def settings_for(config: Path | None, **overrides: object) -> Settings:
    try:
        return load_settings(
            config, overrides={k: v for k, v in overrides.items() if v is not None}
        )
    except BlogwireError as exc:
        fail(exc)


def fail(exc: BlogwireError) -> NoReturn:
    """The one way a command stops on an error: one line naming the input and the
    problem (source text is printed as text, never as console markup), and the
    error's exit code."""
    err.print(f"[red]error:[/red] {safe(exc)}")
    raise typer.Exit(exc.exit_code)


def parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        err.print(f"[red]error:[/red] --date: '{safe(value)}' is not a date (expected YYYY-MM-DD)")
        raise typer.Exit(EXIT_BAD_INPUT) from None


def batch_exit(result: BatchResult) -> int:
    if not result.failures:
        return EXIT_OK
    return EXIT_SOME_FAILED if result.published else EXIT_BAD_INPUT


def run_batch(
    label: str, sources: list[str], run: Callable[[ProgressCallback], BatchResult]
) -> BatchResult:
    """Run with a progress bar on stderr when there is more than one source."""
    show = len(sources) > 1 and err.is_terminal

    def report(source: str, item: PublishedPost | Failure) -> None:
        if isinstance(item, Failure):
            err.print(f"[red]error:[/red] {safe(item)}")

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
        task = bar.add_task(safe(label), total=len(sources), current="")

        def advance(source: str, item: PublishedPost | Failure) -> None:
            report(source, item)
            bar.update(task, advance=1, current=safe(Path(source).name))

        return run(advance)


def config_path(config: Path | None) -> Path:
    return config if config is not None else Path(CONFIG_NAME)


def main() -> None:
    try:
        app()
    except BlogwireError as exc:  # every command's errors end here
        err.print(f"[red]error:[/red] {safe(exc)}")
        sys.exit(exc.exit_code)
