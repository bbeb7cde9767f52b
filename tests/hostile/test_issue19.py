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
