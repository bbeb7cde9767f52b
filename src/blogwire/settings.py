"""One typed, frozen settings object: defaults < blogwire.toml < environment < flags.

Loaded once by the adapter (CLI or web) and passed down; nothing else reads the
environment or the config file. The rules each value must meet, and `validate`,
are in settings_rules.py (re-exported here).
"""

from __future__ import annotations

import dataclasses
import os
import sys
import tomllib
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from blogwire.errors import ConfigError
from blogwire.settings_rules import RULES as RULES
from blogwire.settings_rules import TARGET_KINDS as TARGET_KINDS
from blogwire.settings_rules import TARGET_STATUSES as TARGET_STATUSES
from blogwire.settings_rules import UNFIT_CHOICES as UNFIT_CHOICES
from blogwire.settings_rules import WRITER_ENGINES as WRITER_ENGINES
from blogwire.settings_rules import Rule as Rule
from blogwire.settings_rules import validate as validate
from blogwire.settings_rules import validate_targets as validate_targets

CONFIG_NAME = "blogwire.toml"
ENV_PREFIX = "BLOGWIRE_"

# Settings blogwire no longer has, with what replaced them. Files written by an older
# `blogwire init` still set them, so a removed key is read past with a warning to delete
# it, where any other unknown key is an error.
REMOVED_KEYS: dict[str, str] = {
    "run.every": "`blogwire run --every` always takes its interval on the command line",
}

SEED_IMAGE = (
    "https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEixyZcFfHzMRdzZMjFBmAUKJYCLCGyLL1o632Ui"
    "GVXcaFdKo_bkvkuCioo0uUKlGfBVcT3P84aROyZIXSBEx3Aw5nCQ3pTgDom1WDC4m8eifvWiAmWEEVb4x6G_l8C0QH225ldMjy"
    "aFvpxGEBGNO37VmDTDMHGhJPq73UglMfDca1-0aw/s1600/blogspot.png"
)


@dataclass(frozen=True, slots=True)
class FetchSettings:
    timeout: float = 15.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    user_agent: str = (
        "Mozilla/5.0 (compatible; blogwire/0.1; +https://github.com/blogwire/blogwire)"
    )
    retries: int = 2  # extra attempts after a timeout, connection error or HTTP 5xx/429
    backoff: float = 0.5  # seconds before the first retry; doubles each time
    max_items_per_feed: int = 50  # newest entries read from each feed per run
    # Links in a feed may point only to public hosts (or the feed's own host), so a
    # stranger's feed cannot make blogwire fetch and publish an internal page.
    allow_private_hosts: tuple[str, ...] = ()
    concurrency: int = 16  # feeds and pages fetched at once in a run
    per_host: int = 4  # of those, at most this many from one host
    respect_robots: bool = True  # obey robots.txt for article pages (never for your feeds)
    min_interval: float = 0.0  # seconds between two requests to one host (Crawl-delay if longer)
    # A page that failed for a passing reason (timeout, 5xx, 429) waits retry_wait s
    # before a later run tries it, ×4 after each failure (1 h, 4 h, 16 h, 64 h); at
    # retry_limit failed attempts it is stored as failed and never fetched again.
    retry_limit: int = 5
    retry_wait: float = 3600.0


@dataclass(frozen=True, slots=True)
class FeedConfig:
    """One feed the site follows."""

    url: str  # http(s) URL or a local file path
    category: str | None = None
    include: tuple[str, ...] = ()  # keep only entries whose title/summary has one of these
    exclude: tuple[str, ...] = ()  # drop entries whose title/summary has any of these


@dataclass(frozen=True, slots=True)
class TargetConfig:
    """A remote site the posts are published to, besides the Jekyll folder (which is
    always written: it is the site's own record, and what the review desk edits)."""

    name: str  # how runs, `status` and the review desk name it; unique
    url: str  # the WordPress site's address, e.g. https://blog.example.com
    username: str
    password_env: str  # environment variable holding the application password
    kind: str = "wordpress"
    status: str = "publish"  # WordPress status of new posts: publish, or draft to review there
    # blogwire category -> WordPress category name (a category not listed keeps its name)
    categories: Mapping[str, str] = field(default_factory=dict)
    timeout: float = 30.0  # seconds per request
    upload_images: bool = False  # upload the article's image as the featured image


@dataclass(frozen=True, slots=True)
class RunSettings:
    database: str = ".blogwire/blogwire.db"  # relative to the site folder
    review: bool = False  # hold new posts as drafts for the review UI instead of publishing
    near_duplicate_threshold: float = 0.5  # Jaccard similarity at which two articles are one story
    git: bool = False  # commit new posts in the site repository
    workers: int = 0  # processes that read and compose articles; 0 = one per CPU core


@dataclass(frozen=True, slots=True)
class PostSettings:
    categories: tuple[str, ...] = ("News",)
    image_alt: str = "info 속보"
    default_image: str = SEED_IMAGE
    footer_text: str = "유용한 생활 정보가 필요하시다면, "
    footer_link_text: str = "onioninfo.kr"
    footer_url: str = "https://onioninfo.kr"
    footer_rel: str = "dofollow"
    source_credit: bool = True
    credit_label: str = "출처"
    red: str = "#ee2323"
    blue: str = "#1a5490"
    tint: str = "#21538527"
    min_sections: int = 3
    max_sections: int = 5
    unfit: str = "refuse"  # "refuse" or "review" (see settings_rules.UNFIT_CHOICES)
    # Most of the article's text (characters, endings aside) a post may reprint; a
    # brief may reprint up to 400 characters whatever the share (issue 15).
    max_source_share: float = 0.35


@dataclass(frozen=True, slots=True)
class WriterSettings:
    engine: str = (
        "extractive"  # "extractive" (default, offline) or "llm" (polish behind a fact guard)
    )


@dataclass(frozen=True, slots=True)
class LlmSettings:
    base_url: str = "http://127.0.0.1:11434/v1"  # any OpenAI-compatible chat-completions server
    model: str = "gemma3:270m"
    api_key_env: str = "OPENAI_API_KEY"  # name of the environment variable holding the key
    timeout: float = 30.0  # seconds; a post never waits longer on the model
    max_tokens: int = 2048  # a whole post in JSON is ~1,000-1,500 tokens (llm/write_prompt.py)
    temperature: float = 0.0
    # The model's context window in tokens: with room for the whole article, the model
    # writes the whole post (llm/write.py); with less, it polishes the extractive one.
    context_tokens: int = 8192


@dataclass(frozen=True, slots=True)
class Settings:
    site_dir: Path = Path(".")
    fetch: FetchSettings = field(default_factory=FetchSettings)
    post: PostSettings = field(default_factory=PostSettings)
    run: RunSettings = field(default_factory=RunSettings)
    writer: WriterSettings = field(default_factory=WriterSettings)
    llm: LlmSettings = field(default_factory=LlmSettings)
    feeds: tuple[FeedConfig, ...] = ()
    targets: tuple[TargetConfig, ...] = ()


def load_settings(
    config_path: Path | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    warn: Callable[[str], None] | None = None,
) -> Settings:
    """Build the settings from every layer.

    `overrides` uses dotted names (``"post.categories"``) so flags name settings
    the same way the config file and the environment do. `warn` gets one line for each
    removed setting (REMOVED_KEYS) the file or the environment still sets; by default
    it goes to stderr as "warning: ...".
    """
    warn = warn or _warn_on_stderr
    values: dict[str, Any] = {}
    path = config_path if config_path is not None else Path(CONFIG_NAME)
    if path.is_file():
        values.update(_read_toml(path, warn))
    elif config_path is not None:
        raise ConfigError("config file not found", subject=str(config_path))
    if path.is_file() and "site_dir" not in values:
        values["site_dir"] = str(path.resolve().parent)  # a site's settings live in the site
    values.update(_read_env(os.environ if environ is None else environ, warn))
    values.update(overrides or {})
    settings: Settings = _build(Settings, values, prefix="")
    validate(settings)
    return settings


def _warn_on_stderr(message: str) -> None:
    # sys.stderr looked up at each call, so a test's or a CLI runner's capture sees it
    print(f"warning: {message}", file=sys.stderr)


def _removed(key: str, where: str, how: str) -> str:
    """The warning for a removed setting `key` that `where` still sets."""
    return f"{where}: setting '{key}' was removed and is ignored; {how} ({REMOVED_KEYS[key]})"


def setting_names() -> list[str]:
    """Every dotted setting name, for docs and for validation."""
    return sorted(_names(Settings, ""))


def _names(cls: type, prefix: str) -> list[str]:
    out: list[str] = []
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            out.extend(_names(hint, f"{prefix}{f.name}."))
        else:
            out.append(prefix + f.name)
    return out


def _read_toml(path: Path, warn: Callable[[str], None]) -> dict[str, Any]:
    raw = path.read_bytes()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"not valid TOML: {exc}", subject=str(path)) from exc
    except RecursionError:
        raise ConfigError("not valid TOML: nested too deeply", subject=str(path)) from None
    flat: dict[str, Any] = {}
    _flatten(data, "", flat)
    known = set(setting_names())
    lines = raw.decode("utf-8").splitlines()

    def line_of(key: str) -> str:
        leaf = key.rsplit(".", 1)[-1]
        line = next((i for i, text in enumerate(lines, 1) if text.strip().startswith(leaf)), None)
        return f" (line {line})" if line else ""

    def unknown(key: str) -> ConfigError:
        return ConfigError(f"unknown setting '{key}'{line_of(key)}", subject=str(path))

    for key in [key for key in flat if key in REMOVED_KEYS]:
        del flat[key]
        warn(_removed(key, f"{path}{line_of(key)}", "delete it"))
    for key, value in flat.items():
        if key not in known:
            raise unknown(key)
        item_fields = _table_array_fields(key)
        if item_fields and isinstance(value, list):
            for entry in value:
                for sub in entry if isinstance(entry, Mapping) else ():
                    if sub not in item_fields:
                        raise unknown(f"{key}.{sub}")
    return flat


def _table_array_fields(name: str) -> set[str]:
    """Field names of a setting that is an array of tables ([[feeds]]), else empty."""
    hint = typing.get_type_hints(Settings).get(name)
    if typing.get_origin(hint) is tuple:
        item = typing.get_args(hint)[0]
        if dataclasses.is_dataclass(item):
            return {f.name for f in dataclasses.fields(item)}
    return set()


def _flatten(data: Mapping[str, Any], prefix: str, out: dict[str, Any]) -> None:
    for key, value in data.items():
        if isinstance(value, Mapping):
            _flatten(value, f"{prefix}{key}.", out)
        else:
            out[prefix + key] = value


def _read_env(environ: Mapping[str, str], warn: Callable[[str], None]) -> dict[str, Any]:
    # BLOGWIRE_FETCH__TIMEOUT=5 -> fetch.timeout; BLOGWIRE_SITE_DIR -> site_dir
    out: dict[str, Any] = {}
    known = set(setting_names())
    for name, value in environ.items():
        if not name.startswith(ENV_PREFIX):
            continue
        key = name[len(ENV_PREFIX) :].lower().replace("__", ".")
        if key in known:
            out[key] = value
        elif key in REMOVED_KEYS:
            warn(_removed(key, f"environment variable {name}", "unset it"))
    return out


def _build(cls: type, values: Mapping[str, Any], prefix: str) -> Any:
    hints = typing.get_type_hints(cls)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        name = prefix + f.name
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            kwargs[f.name] = _build(hint, values, name + ".")
        elif name in values:
            kwargs[f.name] = _coerce(name, values[name], hint)
    return cls(**kwargs)


def _build_item(name: str, number: int, entry: Any, cls: type) -> Any:
    """One table of an array of tables, such as one [[feeds]] entry."""
    if not isinstance(entry, Mapping):
        raise ConfigError(f"{name} entry {number} must be a table")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in entry.items():
        if key not in fields:
            raise ConfigError(f"unknown setting '{name}.{key}' in {name} entry {number}")
        kwargs[key] = _coerce(f"{name}.{key}", value, hints[key])
    missing = [
        f
        for f, spec in fields.items()
        if f not in kwargs
        and spec.default is dataclasses.MISSING
        and spec.default_factory is dataclasses.MISSING
    ]
    if missing:
        raise ConfigError(f"{name} entry {number} lacks '{missing[0]}'")
    return cls(**kwargs)


def _coerce(name: str, value: Any, hint: Any) -> Any:
    origin = typing.get_origin(hint)
    try:
        if hint is bool:
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in {"1", "true", "yes", "on"}:
                return True
            if text in {"0", "false", "no", "off"}:
                return False
            raise ValueError(value)
        if hint is int and not isinstance(value, bool):
            return int(value)
        if hint is float and not isinstance(value, bool):
            return float(value)
        if hint is str:
            if not isinstance(value, str):
                raise ValueError(value)
            return value
        if hint is Path:
            return Path(str(value))
        if origin is Mapping:
            if not isinstance(value, Mapping):
                raise ValueError(value)
            return {str(k): v for k, v in value.items()}
        if origin is tuple:
            item_type = typing.get_args(hint)[0]
            if isinstance(item_type, type) and dataclasses.is_dataclass(item_type):
                if not isinstance(value, list):
                    raise ValueError(value)
                return tuple(
                    _build_item(name, i, entry, item_type) for i, entry in enumerate(value, 1)
                )
            items = value.split(",") if isinstance(value, str) else list(value)
            items = [str(i).strip() for i in items if str(i).strip()]
            return tuple(items)
        if origin in (typing.Union, types.UnionType):
            if value is None or isinstance(value, str):
                return value
            raise ValueError(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            f"setting '{name}' must be {getattr(hint, '__name__', hint)}, got {value!r}"
        ) from exc
    raise ConfigError(f"setting '{name}' has an unsupported type {hint!r}")
