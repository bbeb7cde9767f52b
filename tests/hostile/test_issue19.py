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


BAD_SETTINGS = (
    # (a line in blogwire.toml, the key the one error line must name, what it must say)
    ("[fetch]\ntimeout = -1", "fetch.timeout", "more than 0"),
    ("[fetch]\ntimeout = nan", "fetch.timeout", "a finite number"),
    ("[fetch]\ntimeout = inf", "fetch.timeout", "a finite number"),
    ("[fetch]\nretries = -1", "fetch.retries", "from 0 to"),
    ("[fetch]\nbackoff = -0.5", "fetch.backoff", "from 0 to"),
    ("[fetch]\nbackoff = inf", "fetch.backoff", "a finite number"),
    ("[fetch]\nmax_bytes = 0", "fetch.max_bytes", "from 1 to"),
    ("[fetch]\nmax_redirects = -3", "fetch.max_redirects", "from 0 to"),
    ("[fetch]\nmax_items_per_feed = 0", "fetch.max_items_per_feed", "from 1 to"),
    ('[fetch]\nuser_agent = "블로그와이어/1.0"', "fetch.user_agent", "printable ASCII"),
    ('[fetch]\nuser_agent = "a\\r\\nX-Evil: 1"', "fetch.user_agent", "printable ASCII"),
    ('[post]\nred = "red"', "post.red", "#rrggbb or #rrggbbaa"),
    ('[post]\ntint = "#12345"', "post.tint", "#rrggbb or #rrggbbaa"),
    ("[post]\ncategories = []", "post.categories", "at least one"),
    ('[post]\nfooter_url = "javascript:alert(1)"', "post.footer_url", "http(s) URL"),
    ('[post]\ndefault_image = "data:image/png;base64,AA"', "post.default_image", "http(s) URL"),
    ("[post]\nmin_sections = 0", "post.min_sections", "from 1 to"),
    ("[post]\nmin_sections = 5\nmax_sections = 4", "post.max_sections", "min_sections"),
    ("[run]\nworkers = 100000", "run.workers", "from 0 to"),
    ("[run]\nnear_duplicate_threshold = nan", "run.near_duplicate_threshold", "finite"),
    ("[run]\nnear_duplicate_threshold = 2", "run.near_duplicate_threshold", "more than 0"),
    ("[llm]\ntimeout = -5", "llm.timeout", "more than 0"),
    ("[llm]\ntemperature = inf", "llm.temperature", "finite"),
    ("[llm]\nmax_tokens = 0", "llm.max_tokens", "from 1 to"),
    ('[llm]\nbase_url = "file:///etc/passwd"', "llm.base_url", "http(s) URL"),
)


@pytest.mark.parametrize(("toml", "key", "says"), BAD_SETTINGS, ids=[b[0] for b in BAD_SETTINGS])
def test_every_setting_is_validated_with_one_error_naming_the_key(
    tmp_path: Path, toml: str, key: str, says: str
) -> None:
    from blogwire.errors import ConfigError
    from blogwire.settings import load_settings

    config = tmp_path / "blogwire.toml"
    config.write_text(toml + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(config, environ={})
    assert key in str(caught.value) and says in str(caught.value), str(caught.value)
    assert "\n" not in str(caught.value)


def test_settings_from_the_environment_are_validated_the_same_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    from blogwire.errors import ConfigError
    from blogwire.settings import load_settings

    for name, value, key in (
        ("BLOGWIRE_FETCH__TIMEOUT", "nan", "fetch.timeout"),
        ("BLOGWIRE_FETCH__USER_AGENT", "블로그", "fetch.user_agent"),
        ("BLOGWIRE_RUN__WORKERS", "99999", "run.workers"),
    ):
        with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
            load_settings(None, environ={name: value})


def test_a_deeply_nested_settings_file_is_one_error(tmp_path: Path) -> None:
    from blogwire.errors import ConfigError
    from blogwire.settings import load_settings

    config = tmp_path / "blogwire.toml"
    config.write_text("x = " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="nested too deeply"):
        load_settings(config, environ={})
    config.write_text("x = " + "{a = " * 50_000 + "1" + "}" * 50_000 + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="nested too deeply"):
        load_settings(config, environ={})


def test_the_default_settings_and_the_init_template_pass_validation(tmp_path: Path) -> None:
    from blogwire.config_file import init_site
    from blogwire.settings import load_settings

    init_site(tmp_path, demo=False)
    settings = load_settings(tmp_path / "blogwire.toml", environ={})
    assert settings.fetch.timeout == 15.0


def test_a_post_in_any_colour_the_settings_accept_passes_check() -> None:
    import dataclasses

    from blogwire.render.check import check_post
    from blogwire.render.seed import render_post
    from blogwire.settings import PostSettings, Settings, validate

    from seedpost import seed_as_post

    post = PostSettings(red="#EE232380", blue="#1a5490", tint="#215385")
    validate(dataclasses.replace(Settings(), post=post))
    text = render_post(seed_as_post(), post).text
    assert "color: #EE232380" in text and "background-color: #215385" in text
    assert check_post(text, "post.md", post, require_source=False) == []


def _store_with_three_stories(path: Path) -> list[int]:
    import datetime as dt
    import sqlite3

    from blogwire.models import PostState
    from blogwire.store import NewArticle, Store

    posts = []
    with Store.open(path) as store:
        for n in range(3):
            article = store.add_article(
                NewArticle(
                    url=f"https://news.example/{n}",
                    canonical_url=None,
                    content_hash=f"h{n}",
                    feed_url="https://news.example/rss",
                    title=f"기사 {n}",
                    outlet="한빛일보",
                    published=dt.date(2026, 11, 9),
                    image=None,
                    paragraphs=("첫 문단이다.",),
                    signature=b"MH\x01\x00",
                    bands=(),
                )
            )
            story = store.new_story(article.id)
            post = store.begin_post(story, path=f"_posts/p{n}.md", title=f"글 {n}")
            store.finish_post(post.id, state=PostState.DRAFT)
            posts.append(post.id)
    garbage = sqlite3.connect(path, isolation_level=None)
    garbage.execute("UPDATE posts SET created_at = 'garbage' WHERE id = ?", (posts[0],))
    garbage.execute("UPDATE articles SET paragraphs = '{not json', state = 'bogus' WHERE id = 2")
    garbage.close()
    return posts


def test_one_garbage_row_never_stops_the_queue_or_status(tmp_path: Path) -> None:
    from blogwire.core import Blogwire
    from blogwire.settings import RunSettings, Settings

    settings = Settings(site_dir=tmp_path, run=RunSettings(database="state.db"))
    posts = _store_with_three_stories(tmp_path / "state.db")
    wire = Blogwire(settings)
    report = wire.status()
    assert [p.title for p in report.latest] == ["글 2", "글 1"]  # the garbage row is left out
    queue = wire.desk.queue()
    assert len(queue) == 3
    broken = [item for item in queue if item.reason and "cannot be read" in item.reason]
    assert sorted(item.story_id for item in broken) == [1, 2], queue
    assert any(item.post_id == posts[2] for item in queue)


def test_an_empty_database_file_is_refused_not_taken_for_a_new_store(tmp_path: Path) -> None:
    import os

    from blogwire.errors import StoreError
    from blogwire.store import Store, snapshot

    empty = tmp_path / "blogwire.db"
    empty.write_bytes(b"")
    os.utime(empty, (1_700_000_000, 1_700_000_000))  # truncated a while ago
    for attempt in (lambda: Store.open(empty), lambda: snapshot(empty, tmp_path / "copy.db")):
        with pytest.raises(StoreError, match="empty"):
            attempt()
    assert empty.read_bytes() == b""


def _one_item_feed(tmp_path: Path, item: str, name: str = "feed.xml") -> Path:
    feed = tmp_path / name
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>t</title>'
        f"{item}</channel></rss>\n",
        encoding="utf-8",
    )
    return feed


@pytest.mark.parametrize(
    "when",
    ["Tue, 20 Nov 2035 09:00:00 +0900", "2026-13-45T09:00:00+09:00", "Mon, 45 Foo 2026 99:99:99"],
)
def test_a_feed_date_in_the_future_or_impossible_is_no_date(tmp_path: Path, when: str) -> None:
    feed = _one_item_feed(
        tmp_path,
        f"<item><title>{KOREAN}</title><link>https://news.example.com/1</link>"
        f"<pubDate>{when}</pubDate></item>"
        "<item><title>b</title><link>https://news.example.com/2</link>"
        "<pubDate>Thu, 19 Nov 2026 09:00:00 +0900</pubDate></item>",
    )
    entries = read_feed(FeedConfig(str(feed)), FetchSettings()).entries
    assert [(e.url, e.published) for e in entries] == [
        ("https://news.example.com/2", __import__("datetime").date(2026, 11, 19)),
        ("https://news.example.com/1", None),  # undated: last, never first
    ]


def test_a_page_date_in_the_future_never_dates_a_post() -> None:
    import datetime as dt

    from blogwire.compose.post import post_date

    today = dt.date(2026, 11, 20)
    assert post_date(None, dt.date(2035, 11, 20), today) == today
    assert post_date(None, dt.date(2026, 11, 21), today) == dt.date(2026, 11, 21)  # time zones
    assert post_date(None, dt.date(2026, 11, 22), today) == today
    assert post_date(None, dt.date(2026, 11, 9), today) == dt.date(2026, 11, 9)
    assert post_date(dt.date(2040, 1, 1), dt.date(2035, 1, 1), today) == dt.date(2040, 1, 1)


@pytest.mark.parametrize(
    "title",
    [
        "오늘의 광\u200b고 특가",  # zero-width space inside the word
        "오늘의 광\u2060고 특가",  # word joiner
        "오늘의 광\u00ad고 특가",  # soft hyphen
        "오늘의 광<!-- x -->고 특가",  # a comment inside CDATA
        "오늘의 ｢광고｣ 특가",  # fullwidth forms are fine as they are
    ],
)
def test_the_exclude_filter_sees_the_text_a_reader_sees(tmp_path: Path, title: str) -> None:
    from blogwire.sources.feeds import wanted

    for field in ("title", "description"):
        feed = _one_item_feed(
            tmp_path,
            f"<item><{field}><![CDATA[{title}]]></{field}>"
            f"<link>https://news.example.com/1</link></item>",
        )
        entries = read_feed(FeedConfig(str(feed)), FetchSettings()).entries
        assert len(entries) == 1
        assert not wanted(entries[0], FeedConfig(str(feed), exclude=("광고",))), (field, title)
        assert not wanted(entries[0], FeedConfig(str(feed), exclude=("광\u200b고",)))
        assert wanted(entries[0], FeedConfig(str(feed), include=("광고",)))


def test_a_body_that_is_not_what_its_content_encoding_says_is_one_error() -> None:
    from blogwire.errors import SourceError

    page = f"<html><body><p>{KOREAN}</p></body></html>".encode()
    routes = {
        "/gzip": Route(page, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}),
        "/br": Route(page, headers={"Content-Type": "text/html", "Content-Encoding": "deflate"}),
    }
    with serve(routes) as base:
        for path in routes:
            with pytest.raises(SourceError, match="Content-Encoding"):
                fetch_url(base + path, FetchSettings(retries=0))


def test_a_validator_that_is_not_ascii_is_never_stored_nor_sent() -> None:
    from blogwire.sources import fetch_conditional

    feed = (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        b"<item><title>a</title><link>https://news.example.com/1</link></item></channel></rss>"
    )
    routes = {
        "/feed.xml": Route(
            feed,
            headers={
                "Content-Type": "application/rss+xml",
                "ETag": '"caf\u00e9"',
                "Last-Modified": "Thu, 19 Nov 2026 09:00:00 GMT\u00e9",
            },
        )
    }
    settings = FetchSettings(retries=0)
    with serve(routes) as base:
        result = fetch_conditional(base + "/feed.xml", settings, etag=None, last_modified=None)
        assert (result.etag, result.last_modified) == (None, None)
        # one stored by an older blogwire: ignored, the feed is fetched whole
        again = fetch_conditional(
            base + "/feed.xml", settings, etag='"태그"', last_modified="목요일\r\nX: y"
        )
        assert again.document is not None
    sent = routes["/feed.xml"].requests[-1]
    assert sent.header("if-none-match") is None and sent.header("if-modified-since") is None
