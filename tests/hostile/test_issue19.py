"""Issue 19, a hostile web: one focused test per hole, at the function that closes it.

The corpus (corpus.py, through real `blogwire` processes) shows the same inputs end to
end; these pin each defence where it lives, against real files and a real server on
127.0.0.1, so a regression names its cause.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from blogwire.settings import FeedConfig, FetchSettings
from blogwire.sources import fetch_url
from blogwire.sources.charset import decode
from blogwire.sources.feeds import read_feed
from blogwire.sources.files import read_file

from httpserver import Route, serve

# Labels that name a Python codec but no text encoding: a transform (rot13, base64,
# zlib, hex), a codec that refuses everything (undefined), or an escape syntax.
NON_TEXT_LABELS = (
    "undefined",
    "rot13",
    "base64",
    "zlib",
    "hex",
    "bz2",
    "uu",
    "quopri",
    "unicode_escape",
    "raw_unicode_escape",
    "idna",
    "punycode",
    "nonsense-8",
)
KOREAN = "가람시가 내년 1월부터 시내버스 요금을 올린다."


@pytest.mark.parametrize("label", NON_TEXT_LABELS)
def test_a_non_text_charset_label_is_ignored_wherever_it_is_declared(label: str) -> None:
    page = f'<html><head><meta charset="{label}"></head><body><p>{KOREAN}</p></body></html>'
    data = page.encode("utf-8")
    for declared in (None, label):
        text, encoding = decode(data, declared=declared)
        assert KOREAN in text, (label, declared, encoding)
        assert encoding == "utf-8"
    feed = f'<?xml version="1.0" encoding="{label}"?><rss><channel><title>{KOREAN}</title>'
    text, _ = decode(feed.encode("cp949"), declared=label, is_html=False)
    assert KOREAN in text


@pytest.mark.parametrize("label", ("undefined", "rot13", "base64", "zlib"))
def test_a_saved_page_a_feed_and_a_served_page_with_a_non_text_charset_are_read(
    tmp_path: Path, label: str
) -> None:
    page = f'<html><head><meta charset="{label}"></head><body><p>{KOREAN}</p></body></html>'
    saved = tmp_path / "page.html"
    saved.write_text(page, encoding="utf-8")
    assert KOREAN in read_file(saved, FetchSettings()).text
    feed = tmp_path / "feed.xml"
    feed.write_text(
        f'<?xml version="1.0" encoding="{label}"?>\n<rss version="2.0"><channel><title>t</title>'
        f"<item><title>{KOREAN}</title><link>https://news.example.com/1</link></item>"
        "</channel></rss>\n",
        encoding="utf-8",
    )
    result = read_feed(FeedConfig(str(feed)), FetchSettings())
    assert [entry.title for entry in result.entries] == [KOREAN]
    routes = {"/p": Route(page.encode(), headers={"Content-Type": f"text/html; charset={label}"})}
    with serve(routes) as base:
        assert KOREAN in fetch_url(base + "/p", FetchSettings(retries=0)).text


def test_safe_shows_markup_escapes_and_newlines_as_text() -> None:
    from io import StringIO

    from rich.console import Console

    from blogwire.cli.common import safe

    hostile = "a[/b] [red]x\x1b]0;pwned\x07\x1b[2J\nfake: ok\r\t\u202e\x85"
    shown = StringIO()
    Console(file=shown, force_terminal=False, width=500).print(safe(hostile))
    assert shown.getvalue() == (
        "a[/b] [red]x\\x1b]0;pwned\\x07\\x1b[2J\\nfake: ok\\r\\t\\u202e\\x85\n"
    )
    assert safe("가람시 https://a.example/x?q=1") == "가람시 https://a.example/x?q=1"


@pytest.mark.parametrize("squatter", ("folder", "latin-1 file", "png", "fifo", "symlink"))
def test_anything_at_a_posts_name_is_kept_and_the_post_takes_the_next_name(
    tmp_path: Path, squatter: str
) -> None:
    import os

    from blogwire.models import RenderedPost
    from blogwire.publish.jekyll import publish_post
    from hostile.corpus import png_bytes

    from seedpost import seed_as_post

    rendered = RenderedPost(seed_as_post(), "_posts/2026-11-20-post.md", "---\ntitle: x\n---\n")
    target = tmp_path / rendered.path
    target.parent.mkdir()
    mine = tmp_path / "mine.txt"
    mine.write_bytes("사용자의 글".encode("cp949"))
    if squatter == "folder":
        target.mkdir()
        (target / "keep.txt").write_text("x", encoding="utf-8")
    elif squatter == "latin-1 file":
        target.write_bytes("caf\u00e9 r\u00e9sum\u00e9\n".encode("latin-1"))
    elif squatter == "png":
        target.write_bytes(png_bytes())
    elif squatter == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to(mine)
    before = {
        p: (p.is_file() and not p.is_symlink() and p.read_bytes()) for p in tmp_path.rglob("*")
    }
    # --overwrite replaces a different post (a regular file): the user's explicit choice
    for overwrite in (False, True) if squatter in ("folder", "fifo", "symlink") else (False,):
        published = publish_post(rendered, tmp_path, "src", overwrite=overwrite)
        assert published.path == str(target.with_name("2026-11-20-post-2.md"))
        assert Path(published.path).read_text(encoding="utf-8") == rendered.text
    assert mine.read_bytes() == "사용자의 글".encode("cp949")
    for path, data in before.items():
        assert os.path.lexists(path)
        if data:
            assert path.read_bytes() == data
