"""Any title, excerpt or category survives the front matter: render a Post holding it,
parse the front matter with PyYAML, and get the text back after blogwire's documented
normalization (render/seed.py: characters YAML cannot print dropped, whitespace
collapsed to single spaces, `<` and `>` written as the angle brackets `〈` and `〉`).

The excerpt is a folded scalar (`excerpt: >`, as the seed post has it), whose value
YAML ends with one line break ("clip" chomping); that is YAML, not blogwire."""

from __future__ import annotations

import dataclasses
import re

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from blogwire.models import Post
from blogwire.render.seed import FRONT_MATTER_KEYS, render_post
from blogwire.settings import PostSettings

from seedpost import seed_as_post

# derandomize: the same examples every run, so CI never fails on a new draw
SETTINGS = settings(
    max_examples=200,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
# What YAML can hold in a file (YAML 1.1 "printable"); the rest is dropped.
YAML_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# Text a stranger's page can carry into a title or an excerpt: YAML syntax, markup,
# quotes, line breaks of every kind, bidi and zero-width controls, emoji, Hangul.
TRICKY = st.sampled_from(
    [
        ":", ": ", " #", "#", "---", "...", "- ", "? ", "&", "*", "!", "|", ">", "%", "@", "`",
        "'", '"', "''", "\\", "{", "}", "[", "]", ",", "<script>", "</p>", "&lt;", "&amp;",
        "\n", "\r\n", "\t", "\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\u00a0", "\u3000",
        "\u202e", "\u200b", "\u200d", "\ufeff", "\x00", "\x1b", "\x7f", "\x9b", "\ufffe",
        "🚌", "👨\u200d👩\u200d👧", "한·미", "가람시", "“인용”", "null", "true", "~", "0x1F",
        "1e3", "2026-11-20", "yes", "NO",
    ]
)  # fmt: skip
TEXT = st.lists(st.one_of(TRICKY, st.text(max_size=12)), max_size=12).map("".join)


def normalized(text: str) -> str:
    """The documented normalization, written out independently of blogwire's code."""
    text = " ".join(YAML_PRINTABLE.sub("", text).split())
    return text.replace("<", "〈").replace(">", "〉")


def folded(text: str) -> str:
    """A one-line text as a `>` block scalar parses."""
    return text + "\n" if text else ""


def render_front(post: Post) -> dict[str, object]:
    text = render_post(post, PostSettings()).text
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    assert match, text[:300]
    front = yaml.safe_load(match.group(1))
    assert isinstance(front, dict)
    assert list(front) == list(FRONT_MATTER_KEYS)
    return front


@SETTINGS
@given(title=TEXT, excerpt=TEXT)
@example(title="속보: 가람시 #요금 '인상' \"확정\" --- 끝", excerpt="a\n\n---\nimage: x")
@example(title="<script>alert(1)</script>", excerpt='<img src=x onerror="alert(1)">')
@example(title="- 목록", excerpt="> 인용")
@example(title="", excerpt="")
def test_title_and_excerpt_round_trip(title: str, excerpt: str) -> None:
    post = dataclasses.replace(seed_as_post(), title=title, excerpt=excerpt)
    front = render_front(post)
    assert front["title"] == normalized(title)
    assert front["excerpt"] == folded(normalized(excerpt))
    assert front["feature_text"] == front["excerpt"]


@SETTINGS
@given(categories=st.lists(TEXT.filter(lambda c: normalized(c) != ""), min_size=1, max_size=4))
def test_categories_round_trip(categories: list[str]) -> None:
    post = dataclasses.replace(seed_as_post(), categories=tuple(categories))
    front = render_front(post)
    assert front["categories"] == [normalized(c) for c in categories]


@SETTINGS
@given(title=TEXT, excerpt=TEXT)
def test_the_front_matter_holds_no_markup_and_stays_one_line_per_key(
    title: str, excerpt: str
) -> None:
    """Whatever the text, the front matter keeps its shape: five keys, each on its
    own lines, and no `<` anywhere a theme would print."""
    post = dataclasses.replace(seed_as_post(), title=title, excerpt=excerpt)
    text = render_post(post, PostSettings()).text
    front = text.split("\n---\n", 1)[0]
    assert "<" not in front and ">" not in front.replace("excerpt: >", "").replace(
        "feature_text: >", ""
    )
    keys = [line.split(":", 1)[0] for line in front.splitlines()[1:] if not line.startswith(" ")]
    assert keys == list(FRONT_MATTER_KEYS)
