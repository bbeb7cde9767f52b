"""The rules every setting's value must meet, and the checks that apply them.

`load_settings` (settings.py) builds the settings object, then calls `validate`;
`config_file` checks a new [[targets]] entry with `validate_targets` before writing
it. Kept apart from the dataclasses so the table of rules reads as one list.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from blogwire.errors import ConfigError

if TYPE_CHECKING:  # settings.py imports this module: the types only, never at run time
    from blogwire.settings import Settings, TargetConfig

WRITER_ENGINES = ("extractive", "llm")
# What happens to an article that is not fit to publish (blogwire.analyze.fitness):
# refused (exit 2; `run` records it with the reason), or sent to the review desk as a
# draft when the site reviews its posts.
UNFIT_CHOICES = ("refuse", "review")
TARGET_KINDS = ("wordpress",)
TARGET_STATUSES = ("publish", "draft")


Rule = Callable[[Any], str | None]  # the problem with a value, or None


def _number(low: float, high: float, *, above: bool = False) -> Rule:
    """A finite number from `low` (or more than `low`, when `above`) to `high`."""

    def rule(value: Any) -> str | None:
        if isinstance(value, float) and not math.isfinite(value):
            return "must be a finite number"
        if above and not low < value <= high:
            return f"must be more than {low:g} and at most {high:g}"
        if not above and not low <= value <= high:
            return f"must be from {low:g} to {high:g}"
        return None

    return rule


_COLOUR = re.compile(r"#[0-9a-fA-F]{6}(?:[0-9a-fA-F]{2})?")
_URL_BREAKERS = re.compile(r"[\s\"'<>`\\{}\x00-\x1f\x7f]")


def _colour(value: Any) -> str | None:
    return None if _COLOUR.fullmatch(value) else "must be a colour #rrggbb or #rrggbbaa"


def _web_url(value: Any) -> str | None:
    parts = urlsplit(value)
    if (
        parts.scheme.lower() in ("http", "https")
        and parts.hostname
        and not _URL_BREAKERS.search(value)
    ):
        return None
    return "must be an http(s) URL with a host (no spaces, quotes or angle brackets)"


def _header_text(value: Any) -> str | None:
    # sent as an HTTP header: httpx refuses anything else on every request
    if value and all(" " <= char <= "~" for char in value):
        return None
    return "must be printable ASCII (it is sent as an HTTP header), not empty"


def _categories(value: Any) -> str | None:
    if not value:
        return "must name at least one category"
    if any("\n" in item or "\r" in item for item in value):
        return "must hold one-line names"
    return None


def _engine(value: Any) -> str | None:
    return None if value in WRITER_ENGINES else f"must be one of {', '.join(WRITER_ENGINES)}"


def _unfit(value: Any) -> str | None:
    return None if value in UNFIT_CHOICES else f"must be one of {', '.join(UNFIT_CHOICES)}"


RULES: dict[str, Rule] = {
    "fetch.timeout": _number(0, 3600, above=True),
    "fetch.max_bytes": _number(1, 1_000_000_000),
    "fetch.max_redirects": _number(0, 50),
    "fetch.user_agent": _header_text,
    "fetch.retries": _number(0, 20),
    "fetch.backoff": _number(0, 600),
    "fetch.max_items_per_feed": _number(1, 100_000),
    "fetch.concurrency": _number(1, 1024),
    "fetch.per_host": _number(1, 256),
    "fetch.min_interval": _number(0, 3600),
    "fetch.retry_limit": _number(1, 100),
    "fetch.retry_wait": _number(0, 30 * 86_400),
    "post.categories": _categories,
    "post.default_image": _web_url,
    "post.footer_url": _web_url,
    "post.red": _colour,
    "post.blue": _colour,
    "post.tint": _colour,
    "post.min_sections": _number(1, 10),
    "post.max_sections": _number(1, 10),
    "post.unfit": _unfit,
    "post.max_source_share": _number(0, 1, above=True),
    "run.near_duplicate_threshold": _number(0, 1, above=True),
    "run.workers": _number(0, 64),  # 0 = one per core; each worker holds ~0.4 GB
    "writer.engine": _engine,
    "llm.base_url": _web_url,
    "llm.timeout": _number(0, 3600, above=True),
    "llm.max_tokens": _number(1, 1_000_000),
    "llm.context_tokens": _number(512, 10_000_000),
    "llm.temperature": _number(0, 2),
}


def validate(settings: Settings) -> None:
    """Every setting with a rule checked: ConfigError, one line naming the key, the
    problem and the value given, on the first one that breaks its rule."""
    for key, rule in RULES.items():
        section, name = key.split(".")
        value = getattr(getattr(settings, section), name)
        problem = rule(value)
        if problem:
            raise ConfigError(f"setting '{key}' {problem}, got {value!r}")
    validate_targets(settings.targets)
    post = settings.post
    if post.max_sections < post.min_sections:
        raise ConfigError(
            f"setting 'post.max_sections' must be at least post.min_sections "
            f"({post.min_sections}), got {post.max_sections}"
        )


_TARGET_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def validate_targets(targets: tuple[TargetConfig, ...]) -> None:
    """Each [[targets]] entry's own rules; ConfigError naming the entry and the key."""
    seen: set[str] = set()
    for number, target in enumerate(targets, 1):
        for key, problem in _target_problems(target):
            if problem:
                raise ConfigError(
                    f"setting 'targets.{key}' in targets entry {number} {problem}, "
                    f"got {getattr(target, key)!r}"
                )
        if target.name in seen:
            raise ConfigError(f"setting 'targets.name' {target.name!r} is used twice")
        seen.add(target.name)


def _target_problems(target: TargetConfig) -> list[tuple[str, str | None]]:
    def one_of(value: str, allowed: tuple[str, ...]) -> str | None:
        return None if value in allowed else f"must be one of {', '.join(allowed)}"

    names_ok = all(
        isinstance(v, str) and v.strip() and "\n" not in v for v in target.categories.values()
    )
    return [
        ("name", None if _TARGET_NAME.fullmatch(target.name) else _TARGET_NAME_RULE),
        ("kind", one_of(target.kind, TARGET_KINDS)),
        ("url", _web_url(target.url)),
        ("username", None if target.username.strip() else "must not be empty"),
        ("password_env", None if _ENV_NAME.fullmatch(target.password_env) else _ENV_RULE),
        ("status", one_of(target.status, TARGET_STATUSES)),
        ("timeout", _number(0, 3600, above=True)(target.timeout)),
        ("categories", None if names_ok else "must map category names to one-line names"),
    ]


_TARGET_NAME_RULE = "must be letters, digits, '.', '_' or '-' (up to 40)"
_ENV_RULE = (
    "must name an environment variable holding the application password "
    "(the password itself never goes in the file)"
)
