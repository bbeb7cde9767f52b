"""The site's `blogwire.toml` on disk: the commented template `init` writes, and the
feed and target lists that `blogwire feed/target add/remove` edit in place, keeping
the user's comments.

The file is the one source of truth for feeds; the store only records what each
feed returned.
"""

from __future__ import annotations

from pathlib import Path

import tomlkit
from tomlkit.exceptions import TOMLKitError

from blogwire.errors import ConfigError
from blogwire.publish import write_atomic
from blogwire.settings import (
    CONFIG_NAME,
    FeedConfig,
    FetchSettings,
    LlmSettings,
    PostSettings,
    RunSettings,
    TargetConfig,
    WriterSettings,
    validate_targets,
)

_HEADER = """\
# blogwire settings for this site. Every setting is shown with its default value.
# Precedence: defaults < this file < environment (BLOGWIRE_<SECTION>__<KEY>, e.g.
# BLOGWIRE_FETCH__TIMEOUT=5) < command-line flags. Unknown keys are an error.

# Folder of the Jekyll site; posts go to <site_dir>/_posts. Default: this file's folder.
# site_dir = "."

# Feeds this site follows: one [[feeds]] table each. `blogwire feed add URL` adds one.
#   url      = an http(s) feed URL, or a local RSS/Atom file relative to this folder
#   category = category of the posts made from this feed (default: post.categories)
#   include  = keep only entries whose title or summary mentions one of these words
#   exclude  = drop entries that mention any of these words
# [[feeds]]
# url = "https://www.example.com/rss/economy.xml"
# category = "경제"
# include = ["반도체", "수출"]
# exclude = ["광고", "협찬"]

# Sites the posts are also published to: one [[targets]] table each (the Jekyll
# folder is always written). `blogwire target add NAME URL ...` adds one.
#   name          = how runs, `status` and the review desk call it
#   kind          = "wordpress" (the REST API of WordPress 5.6 or later)
#   url           = the site's address
#   username      = the WordPress user the posts are made as
#   password_env  = environment variable holding that user's application password
#                   (Users > Profile > Application Passwords); never the password here
#   status        = "publish", or "draft" to review them on the site first
#   categories    = blogwire category -> WordPress category name (created when missing)
#   timeout       = seconds per request
#   upload_images = true uploads the article's image as the featured image (default:
#                   false, the posts keep post.default_image: press photos are the
#                   outlets' copyright)
# [[targets]]
# name = "blog"
# kind = "wordpress"
# url = "https://blog.example.com"
# username = "editor"
# password_env = "BLOGWIRE_WP_PASSWORD"
# status = "publish"
# categories = { "경제" = "Economy" }
# timeout = 30.0
# upload_images = false
"""

_COMMENTS = {
    "fetch": {
        "": "How pages and feeds are fetched.",
        "timeout": "seconds per request",
        "max_bytes": "size cap for one page, feed or file",
        "max_redirects": "redirects followed per request",
        "user_agent": "sent with every request",
        "retries": "extra attempts after a timeout, connection error or HTTP 5xx/429",
        "backoff": "seconds before the first retry; doubles each time",
        "max_items_per_feed": "newest entries read from each feed per run",
        "allow_private_hosts": "hosts on private/loopback addresses that feed links may use",
        "concurrency": "feeds and pages fetched at once in a run",
        "per_host": "of those, at most this many from one host",
        "respect_robots": "obey robots.txt for article pages (the feeds you add are always read)",
        "min_interval": "seconds between two requests to one host (a longer Crawl-delay wins)",
        "retry_limit": "failed runs before a page that timed out or got 5xx/429 is given up",
        "retry_wait": "seconds before a later run retries such a page; x4 after each failure",
    },
    "post": {
        "": "How posts look (the seed format).",
        "categories": "categories of a post unless its feed or --category says otherwise",
        "image_alt": "alt text of the post image",
        "default_image": "image used when the article has none",
        "footer_text": "promo sentence before the footer link",
        "footer_link_text": "text of the footer link",
        "footer_url": "target of the footer link",
        "footer_rel": "rel attribute of the footer link",
        "source_credit": "print the source line (outlet + link to the original)",
        "credit_label": "word before the outlet name in the source line",
        "red": "intro and conclusion highlight colour",
        "blue": "highlight colour of odd sections",
        "tint": "background tint of even sections",
        "min_sections": "fewest sections in a post",
        "max_sections": "most sections in a post",
        "unfit": (
            "an article not fit to publish (an interview's questions, 해요체, a gallery, "
            "a correction, links): refuse, or review (a draft, when run.review)"
        ),
        "max_source_share": "most of the article's text a post may reprint (0-1)",
    },
    "writer": {
        "": "Who writes the post text.",
        "engine": "extractive (offline, default) or llm (an LLM polishes, behind a fact guard)",
    },
    "llm": {
        "": "The LLM for writer.engine = llm: any OpenAI-compatible chat-completions server.",
        "base_url": "Ollama, vLLM, llama.cpp server, LM Studio or https://api.openai.com/v1",
        "model": "model name as the server knows it",
        "api_key_env": "environment variable holding the API key (none needed locally)",
        "timeout": "seconds; past this the extractive text is used",
        "max_tokens": "most tokens the model may write per post",
        "context_tokens": "context window in tokens: with room, the model writes the whole post",
        "temperature": "sampling temperature (0 = deterministic)",
    },
    "run": {
        "": "How `blogwire run` works.",
        "database": "the SQLite store, relative to the site folder",
        "review": "true: new posts wait in _drafts/ for review instead of being published",
        "near_duplicate_threshold": "similarity (0-1) at which articles are one story",
        "git": "commit new posts in the site's git repository",
        "workers": "processes that read and compose articles (each loads the model once); "
        "0 = one per CPU core",
    },
}


def config_template() -> str:
    """The commented blogwire.toml that `init` writes: every setting with its default."""
    doc = tomlkit.parse(_HEADER)
    for section, defaults in (
        ("fetch", FetchSettings()),
        ("post", PostSettings()),
        ("run", RunSettings()),
        ("writer", WriterSettings()),
        ("llm", LlmSettings()),
    ):
        notes = _COMMENTS[section]
        table = tomlkit.table()
        table.comment(notes[""])
        for name in defaults.__slots__:
            value = getattr(defaults, name)
            item = tomlkit.item(list(value) if isinstance(value, tuple) else value)
            item.comment(notes[name])
            table.add(name, item)
        doc.add(section, table)
    return tomlkit.dumps(doc)


def read_feeds(path: Path) -> list[FeedConfig]:
    doc = _load(path)
    return [_feed_of(entry) for entry in doc.get("feeds", [])]


def add_feed(path: Path, feed: FeedConfig) -> None:
    doc = _load(path)
    feeds = doc.get("feeds")
    if feeds is None:
        feeds = tomlkit.aot()
        doc.append("feeds", feeds)
    if any(entry.get("url") == feed.url for entry in feeds):
        raise ConfigError(f"feed {feed.url} is already in the list", subject=str(path))
    entry = tomlkit.table()
    entry.add("url", feed.url)
    if feed.category:
        entry.add("category", feed.category)
    if feed.include:
        entry.add("include", list(feed.include))
    if feed.exclude:
        entry.add("exclude", list(feed.exclude))
    feeds.append(entry)
    write_atomic(path, tomlkit.dumps(doc))


def remove_feed(path: Path, url: str) -> None:
    _remove_entry(path, "feeds", "url", url, f"feed {url}")


def read_targets(path: Path) -> list[TargetConfig]:
    """The [[targets]] tables as settings (checked like `load_settings` checks them)."""
    from blogwire.settings import load_settings

    return list(load_settings(path, environ={}).targets)


def add_target(path: Path, target: TargetConfig) -> None:
    validate_targets((target,))
    doc = _load(path)
    targets = doc.get("targets")
    if targets is None:
        targets = tomlkit.aot()
        doc.append("targets", targets)
    if any(entry.get("name") == target.name for entry in targets):
        raise ConfigError(f"target {target.name} is already in the list", subject=str(path))
    entry = tomlkit.table()
    entry.add("name", target.name)
    entry.add("kind", target.kind)
    entry.add("url", target.url)
    entry.add("username", target.username)
    entry.add("password_env", target.password_env)
    entry.add("status", target.status)
    if target.categories:
        mapping = tomlkit.inline_table()
        mapping.update(dict(target.categories))
        entry.add("categories", mapping)
    entry.add("timeout", target.timeout)
    entry.add("upload_images", target.upload_images)
    targets.append(entry)
    write_atomic(path, tomlkit.dumps(doc))


def remove_target(path: Path, name: str) -> None:
    _remove_entry(path, "targets", "name", name, f"target {name}")


def _remove_entry(path: Path, table: str, key: str, value: str, what: str) -> None:
    """Drop the `[[table]]` entry whose `key` is `value`, keeping the file's comments."""
    doc = _load(path)
    entries = doc.get(table, [])
    keep = [entry for entry in entries if entry.get(key) != value]
    if len(keep) == len(entries):
        raise ConfigError(f"{what} is not in the list", subject=str(path))
    if keep:
        table_array = tomlkit.aot()
        for entry in keep:
            table_array.append(entry)
        doc[table] = table_array
    else:
        del doc[table]
    write_atomic(path, tomlkit.dumps(doc))


def _load(path: Path) -> tomlkit.TOMLDocument:
    if not path.is_file():
        raise ConfigError(
            f"no {CONFIG_NAME} here; run `blogwire init` first or pass --config", subject=str(path)
        )
    try:
        return tomlkit.parse(path.read_text(encoding="utf-8"))
    except (TOMLKitError, UnicodeDecodeError) as exc:
        raise ConfigError(f"not valid TOML: {exc}", subject=str(path)) from exc


def _feed_of(entry: dict[str, object]) -> FeedConfig:
    def words(key: str) -> tuple[str, ...]:
        value = entry.get(key) or []
        return tuple(str(w) for w in value) if isinstance(value, list) else (str(value),)

    category = entry.get("category")
    return FeedConfig(
        url=str(entry.get("url", "")),
        category=str(category) if category else None,
        include=words("include"),
        exclude=words("exclude"),
    )


def init_site(site_dir: Path, *, demo: bool = False) -> list[Path]:
    """A new site: commented blogwire.toml, Jekyll skeleton, and with `demo` the
    bundled feed installed as a local feed. Returns the files written."""
    from blogwire.publish import write_site_skeleton

    config = site_dir / CONFIG_NAME
    if config.exists():
        raise ConfigError("already a blogwire site (blogwire.toml exists)", subject=str(site_dir))
    write_site_skeleton(site_dir, "blogwire", "blogwire가 뉴스로 만든 블로그")
    write_atomic(config, config_template())
    written = [config, site_dir / "_config.yml", site_dir / "_posts"]
    if demo:
        from blogwire.demo import install_demo_feed

        feed = install_demo_feed(site_dir / "feeds" / "demo")
        add_feed(config, FeedConfig(url=feed.relative_to(site_dir).as_posix()))
        written.append(feed)
    return written
