"""Commands for a site folder: init, feed and target add/remove/list, build, serve."""

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
    app,
    config_path,
    err,
    out,
    safe,
    settings_for,
)
from blogwire.core import Blogwire
from blogwire.errors import ConfigError
from blogwire.models import counted
from blogwire.settings import FeedConfig, TargetConfig


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Folder of the new site.")] = Path("."),
    demo: Annotated[
        bool, typer.Option("--demo", help="Also install the bundled sample feed (works offline).")
    ] = False,
) -> None:
    """Start a site: a commented blogwire.toml (every setting with its default) and a
    Jekyll skeleton for the Alembic theme."""
    for path in Blogwire.init_site(directory, demo=demo):
        out.print(safe(path))


feed_app = typer.Typer(
    help="List, add and remove the feeds in blogwire.toml.", no_args_is_help=True
)
app.add_typer(feed_app, name="feed")


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
    feed = FeedConfig(url, category, tuple(include or ()), tuple(exclude or ()))
    Blogwire.add_feed(config_path(config), feed)
    out.print(f"added {safe(url)}")


@feed_app.command("remove")
def feed_remove(
    url: Annotated[str, typer.Argument(help="The feed URL as listed.")],
    config: ConfigOption = None,
) -> None:
    """Remove a feed from blogwire.toml."""
    Blogwire.remove_feed(config_path(config), url)
    out.print(f"removed {safe(url)}")


@feed_app.command("list")
def feed_list(config: ConfigOption = None) -> None:
    """List the feeds in blogwire.toml with their filters."""
    feeds = Blogwire.feeds(config_path(config))
    table = Table(title="feeds")
    for column in ("url", "category", "include", "exclude"):
        table.add_column(column, overflow="fold")
    for feed in feeds:
        table.add_row(
            safe(feed.url),
            safe(feed.category or "-"),
            safe(", ".join(feed.include) or "-"),
            safe(", ".join(feed.exclude) or "-"),
        )
    out.print(table)


@app.command()
def build(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Output folder (default: SITE/_site).")
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Build the site's posts into a static site: index, post pages, categories, Atom feed,
    sitemap (run in the site folder, like Jekyll)."""
    result = Blogwire(settings_for(config)).build(output)
    for skipped in result.skipped:
        err.print(f"[yellow]skipped:[/yellow] {safe(skipped)}")
    out.print(
        f"built {safe(result.out_dir)}: {counted(result.posts, 'post')}, "
        f"{counted(result.categories, 'category', 'categories')}, {counted(result.pages, 'page')}"
    )
    raise typer.Exit(EXIT_SOME_FAILED if result.skipped else EXIT_OK)


TOKEN_FILE_LIMIT = 4096  # a token is a line; anything longer is the wrong file


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to bind.")] = 8000,
    token_file: Annotated[
        Path | None,
        typer.Option(
            "--token-file",
            help="File whose first line is the access token (default: $BLOGWIRE_TOKEN); "
            "required unless bound to loopback.",
            show_default=False,
        ),
    ] = None,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            help="Access token on the command line: other users see it in `ps`; "
            "prefer --token-file or $BLOGWIRE_TOKEN.",
            show_default=False,
        ),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """The review desk: a web UI over the site's store to edit, approve or reject drafts,
    run now, and see feeds and settings."""
    from blogwire.web import serve as serve_app

    if token is not None and token_file is not None:
        raise ConfigError("give --token or --token-file, not both")
    if token is not None:
        err.print(
            "[yellow]warning:[/yellow] --token is visible to other users of this machine "
            "(ps, /proc); use --token-file or BLOGWIRE_TOKEN"
        )
    elif token_file is not None:
        token = read_token_file(token_file)
        if token_file.stat().st_mode & 0o077:
            err.print(
                f"[yellow]warning:[/yellow] {safe(token_file)} can be read by other users; "
                f"chmod 600 {safe(token_file)}"
            )
    wire = Blogwire(settings_for(config), environ=os.environ)
    serve_app(wire, host=host, port=port, token=token or os.environ.get("BLOGWIRE_TOKEN"))


def read_token_file(path: Path) -> str:
    """The token on the file's first line, without its line end."""
    try:
        with path.open("rb") as file:
            data = file.read(TOKEN_FILE_LIMIT + 1)
    except OSError as exc:
        raise ConfigError(
            f"cannot read the token file: {exc.strerror or exc}", subject=str(path)
        ) from None
    if len(data) > TOKEN_FILE_LIMIT:
        raise ConfigError("the token file is too long to hold a token", subject=str(path))
    try:
        lines = data.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        raise ConfigError("the token file is not UTF-8 text", subject=str(path)) from None
    if not lines or not lines[0]:
        raise ConfigError("the token file's first line is empty", subject=str(path))
    return lines[0]


target_app = typer.Typer(
    help="List, add, remove and check the sites posts are also published to (WordPress).",
    no_args_is_help=True,
)
app.add_typer(target_app, name="target")


@target_app.command("add")
def target_add(
    name: Annotated[str, typer.Argument(help="A short name for the site, e.g. blog.")],
    url: Annotated[str, typer.Argument(help="The WordPress site's address.")],
    username: Annotated[str, typer.Option("--username", help="The WordPress user.")],
    password_env: Annotated[
        str,
        typer.Option(
            "--password-env", help="Environment variable holding the application password."
        ),
    ],
    status: Annotated[
        str, typer.Option("--status", help="publish, or draft to review them on the site.")
    ] = "publish",
    category: Annotated[
        list[str] | None,
        typer.Option("--category", help="NAME=WORDPRESS_NAME: a category's name there."),
    ] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds per request.")] = 30.0,
    upload_images: Annotated[
        bool,
        typer.Option("--upload-images", help="Upload the article's image as the featured image."),
    ] = False,
    config: ConfigOption = None,
) -> None:
    """Add a WordPress site to blogwire.toml: the next `blogwire run` publishes there too."""
    mapping: dict[str, str] = {}
    for item in category or ():
        local, sep, remote = item.partition("=")
        if not sep or not local.strip() or not remote.strip():
            raise ConfigError(f"--category {item!r} must be NAME=WORDPRESS_NAME")
        mapping[local.strip()] = remote.strip()
    target = TargetConfig(
        name=name,
        url=url,
        username=username,
        password_env=password_env,
        status=status,
        categories=mapping,
        timeout=timeout,
        upload_images=upload_images,
    )
    Blogwire.add_target(config_path(config), target)
    out.print(f"added {safe(name)} ({safe(url)})")


@target_app.command("remove")
def target_remove(
    name: Annotated[str, typer.Argument(help="The target's name as listed.")],
    config: ConfigOption = None,
) -> None:
    """Remove a target from blogwire.toml (its posts stay on the site)."""
    Blogwire.remove_target(config_path(config), name)
    out.print(f"removed {safe(name)}")


@target_app.command("list")
def target_list(config: ConfigOption = None) -> None:
    """List the targets in blogwire.toml."""
    table = Table(title="targets")
    for column in ("name", "kind", "url", "username", "password in", "status", "categories"):
        table.add_column(column, overflow="fold")
    for target in Blogwire.targets(config_path(config)):
        table.add_row(
            safe(target.name),
            safe(target.kind),
            safe(target.url),
            safe(target.username),
            "$" + safe(target.password_env),
            safe(target.status),
            safe(", ".join(f"{k}={v}" for k, v in target.categories.items()) or "-"),
        )
    out.print(table)


@target_app.command("check")
def target_check(
    name: Annotated[str, typer.Argument(help="The target's name as listed.")],
    config: ConfigOption = None,
) -> None:
    """Log in to the target (nothing is changed there) and say what the next run sends."""
    found = Blogwire(settings_for(config), environ=os.environ).check_target(name)
    out.print(
        f"{safe(found.target)}: logged in as {safe(found.user)} "
        f"({safe(', '.join(found.roles) or 'no role')}); "
        f"{found.waiting} post(s) to send on the next run"
    )
    if not found.unfiltered_html:
        out.print(
            "WordPress filters this user's HTML (kses); the post format's markup passes it "
            "(highlight colours, data- attributes, link target and rel)"
        )
