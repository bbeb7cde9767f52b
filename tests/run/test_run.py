"""`blogwire run` end to end: real HTTP on 127.0.0.1, a real SQLite store, real files."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from blogwire.core import Blogwire
from blogwire.demo import demo_pages
from blogwire.errors import RunLockedError
from blogwire.run.lock import RunLock
from blogwire.settings import FeedConfig, Settings
from blogwire.store import Store

from httpserver import Request, Route, serve

PAGES = {p.stem: p.read_bytes() for p in demo_pages()}


def _rss(base: str, title: str, items: list[tuple[str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{t}</title><link>{base}{path}</link><guid>{base}{path}</guid></item>"
        for path, t in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}'
        f"</title><link>{base}/</link>{entries}</channel></rss>"
    ).encode()


def _etag_route(body: bytes, etag: str) -> Route:
    def respond(request: Request) -> Route:
        if request.header("If-None-Match") == etag:
            return Route(status=304, headers={"ETag": etag})
        return Route(body, headers={"ETag": etag, "Content-Type": "application/rss+xml"})

    return Route(respond=respond)


def _other_outlet(page: bytes) -> bytes:
    """The same story as another outlet prints it: new name, URL and headline, a changed
    sentence or two, a paragraph dropped."""
    html = page.decode()
    html = html.replace("바른뉴스", "새벽일보").replace("bareun.example", "saebyeok.example")
    html = re.sub(
        r"<title>[^<]*</title>", "<title>세빛반도체 새 AI 칩 공개 - 새벽일보</title>", html
    )
    html = re.sub(
        r'(<meta property="og:title" content=")[^"]*', r"\1세빛반도체 새 AI 칩 공개", html
    )
    paragraphs = re.findall(r"<p>[^<]*</p>", html)
    return html.replace(paragraphs[-2], "", 1).encode()


def _euc_kr_page() -> bytes:
    html = PAGES["05-sports"].decode().replace('charset="utf-8"', 'charset="euc-kr"')
    html = html.replace('<meta charset="utf-8">', '<meta charset="euc-kr">')
    return html.encode("cp949", errors="ignore")


@pytest.fixture
def news_server():
    routes: dict[str, Route] = {
        "/a/it.html": Route(PAGES["03-it"], headers={"Content-Type": "text/html; charset=utf-8"}),
        "/a/society.html": Route(PAGES["04-society"]),
        "/a/moved": Route(status=302, headers={"Location": "/a/culture.html"}),
        "/a/culture.html": Route(PAGES["07-culture"]),
        "/a/gone.html": Route(b"not here", status=404),
        "/b/it.html": Route(_other_outlet(PAGES["03-it"])),
        "/b/sports.html": Route(_euc_kr_page(), headers={"Content-Type": "text/html"}),
        "/c/feed.xml": Route(b"server trouble", status=500),
    }
    with serve(routes) as base:
        routes["/a/feed.xml"] = _etag_route(
            _rss(
                base,
                "A",
                [
                    ("/a/it.html", "세빛반도체"),
                    ("/a/society.html", "요금"),
                    ("/a/moved", "영화"),
                    ("/a/gone.html", "없는 기사"),
                ],
            ),
            '"a-1"',
        )
        routes["/b/feed.xml"] = Route(
            _rss(base, "B", [("/b/it.html", "세빛"), ("/b/sports.html", "축구")])
        )
        yield base, routes


def _settings(site: Path, base: str, **run: object) -> Settings:
    feeds = (
        FeedConfig(f"{base}/a/feed.xml"),
        FeedConfig(f"{base}/b/feed.xml", category="IT"),
        FeedConfig(f"{base}/c/feed.xml"),
    )
    settings = Settings(site_dir=site, feeds=feeds)
    fetch = dataclasses.replace(settings.fetch, retries=1, backoff=0.01, timeout=5)
    return dataclasses.replace(settings, fetch=fetch, run=dataclasses.replace(settings.run, **run))


def test_run_twice_posts_once_and_one_story_cites_both_outlets(news_server, tmp_path: Path) -> None:
    base, routes = news_server
    wire = Blogwire(_settings(tmp_path, base))
    first = wire.run()
    posts = sorted((tmp_path / "_posts").glob("*.md"))
    assert len(first.posts) == len(posts) == 4  # it (A+B), society, culture, sports
    both = [p for p in first.posts if len(p.outlets) == 2]
    assert len(both) == 1 and set(both[0].outlets) == {"바른뉴스", "새벽일보"}
    text = (tmp_path / both[0].path).read_text(encoding="utf-8")
    assert "bareun.example" in text and "saebyeok.example" in text
    assert first.duplicates == 0 and first.new == 5
    reasons = {f.subject: f.reason for f in first.failures}
    assert "HTTP 404" in reasons[f"{base}/a/gone.html"]
    assert "HTTP 500" in reasons[f"{base}/c/feed.xml"]
    assert routes["/c/feed.xml"].hits == 2  # one retry
    sports = next(p for p in posts if (tmp_path / "_posts" / p.name).read_text().count("이도윤"))
    assert "categories:\n  - IT\n" in sports.read_text(encoding="utf-8")

    second = wire.run()
    assert second.posts == () and second.new == 0
    assert sorted((tmp_path / "_posts").glob("*.md")) == posts
    assert routes["/a/feed.xml"].requests[-1].header("If-None-Match") == '"a-1"'
    assert {f.url: f.status for f in second.feeds}[f"{base}/a/feed.xml"] == "not-modified"
    with Store.open(tmp_path / ".blogwire" / "blogwire.db") as store:
        assert store.integrity_ok()
        counts = store.counts()
        assert counts.published == 4 and counts.stories == 4
        assert store.feed_state(f"{base}/c/feed.xml").failures == 2


def test_dry_run_writes_nothing(news_server, tmp_path: Path) -> None:
    base, _ = news_server
    summary = Blogwire(_settings(tmp_path, base)).run(dry_run=True)
    assert summary.dry_run and len(summary.posts) == 4
    assert not (tmp_path / "_posts").exists()
    assert not (tmp_path / ".blogwire" / "blogwire.db").exists()


def test_review_holds_posts_as_drafts(news_server, tmp_path: Path) -> None:
    base, _ = news_server
    summary = Blogwire(_settings(tmp_path, base, review=True)).run()
    assert {p.state for p in summary.posts} == {"draft"}
    assert len(list((tmp_path / "_drafts").glob("*.md"))) == 4
    assert not (tmp_path / "_posts").exists()


def test_keyword_filters(news_server, tmp_path: Path) -> None:
    base, _ = news_server
    settings = _settings(tmp_path, base)
    feeds = (
        FeedConfig(f"{base}/a/feed.xml", include=("세빛", "영화")),
        FeedConfig(f"{base}/b/feed.xml", exclude=("축구",)),
    )
    summary = Blogwire(dataclasses.replace(settings, feeds=feeds)).run()
    assert summary.filtered == 3  # 요금, 없는 기사, 축구
    assert len(summary.posts) == 2


def test_second_run_waits_for_the_lock(tmp_path: Path) -> None:
    with (
        RunLock(tmp_path / ".blogwire" / "run.lock"),
        pytest.raises(RunLockedError, match="another blogwire run"),
    ):
        Blogwire(Settings(site_dir=tmp_path)).run()


def _cli(
    site: Path, *args: str, crash: str | None = None, mark: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "BLOGWIRE_CRASH_AT"}
    if crash:
        env["BLOGWIRE_CRASH_AT"] = crash
    if mark:
        env["BLOGWIRE_TEST_MARK"] = mark
    return subprocess.run(
        [sys.executable, "-m", "blogwire", *args],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@pytest.mark.slow  # `blogwire run` processes, killed
def test_killed_runs_are_completed_with_every_post_once(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert _cli(tmp_path, "init", str(site), "--demo").returncode == 0
    killed = _cli(site, "run", crash="begin:3")  # post 3 recorded, its file not written
    assert killed.returncode == -9
    assert len(list((site / "_posts").glob("*.md"))) == 2
    killed = _cli(site, "run", crash="written:2")  # recovered post written; the next dies
    assert killed.returncode == -9
    final = _cli(site, "run")
    assert final.returncode == 0, final.stderr
    posts = sorted((site / "_posts").iterdir())
    assert len(posts) == 10
    assert not [p for p in site.rglob("*.tmp")]
    for post in posts:
        assert post.read_text(encoding="utf-8").rstrip().endswith("onioninfo.kr</a>")
    assert _cli(site, "check", *map(str, posts)).returncode == 0
    with Store.open(site / ".blogwire" / "blogwire.db") as store:
        assert store.integrity_ok()
        records = store.posts()
        assert len(records) == 10 and {r.state for r in records} == {"published"}
        assert len({r.story_id for r in records}) == 10
        assert sorted(site / r.path for r in records) == posts
    again = _cli(site, "run")
    assert "posts 0" in again.stdout


@pytest.mark.slow  # `blogwire` processes and git
def test_git_commits_new_posts(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert _cli(tmp_path, "init", str(site), "--demo").returncode == 0
    for args in (
        ["init", "-q"],
        ["config", "user.email", "t@example.com"],
        ["config", "user.name", "t"],
    ):
        subprocess.run(["git", *args], cwd=site, check=True)
    result = _cli(site, "run", "--git")
    assert result.returncode == 0, result.stderr
    log = subprocess.run(
        ["git", "log", "-1", "--format=%B"], cwd=site, capture_output=True, text=True, check=True
    ).stdout
    assert log.startswith("blogwire: 10 new post(s)")
    assert log.count("(_posts/") == 10


def test_llm_writer_with_the_server_down_still_publishes(tmp_path: Path) -> None:
    from blogwire.settings import load_settings

    from httpserver import closed_port_url

    site = tmp_path / "site"
    Blogwire(Settings()).init_site(site, demo=True)
    settings = load_settings(site / "blogwire.toml", environ={})
    base_url = closed_port_url().rsplit("/", 1)[0] + "/v1"
    settings = dataclasses.replace(
        settings,
        writer=dataclasses.replace(settings.writer, engine="llm"),
        llm=dataclasses.replace(settings.llm, base_url=base_url, timeout=2.0),
    )
    summary = Blogwire(settings, environ={}).run()
    assert len(summary.posts) == 10 and not summary.failures
    assert summary.llm is not None
    assert summary.llm.unavailable == 10 and summary.llm.posts == 0 and summary.llm.kept == 0
    assert "cannot connect" in (summary.llm.first_error or "")
    posts = sorted((site / "_posts").glob("*.md"))
    assert posts, "no post in _posts/: the loop would check nothing"
    for post in posts:
        assert Blogwire(settings).check(post) == []


def _files(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md"))}


@pytest.mark.slow  # two runs, one with worker processes
def test_worker_processes_write_the_same_posts_as_one_process(news_server, tmp_path: Path) -> None:
    base, _ = news_server
    alone, pooled = tmp_path / "alone", tmp_path / "pooled"
    one = Blogwire(_settings(alone, base, workers=1)).run()
    two = Blogwire(_settings(pooled, base, workers=2)).run()
    assert _files(alone / "_posts") == _files(pooled / "_posts")
    assert len(_files(pooled / "_posts")) == 4
    assert [(p.title, p.outlets) for p in one.posts] == [(p.title, p.outlets) for p in two.posts]
    assert sorted(map(str, one.failures)) == sorted(map(str, two.failures))
    assert [(f.url, f.status, f.new) for f in one.feeds] == [
        (f.url, f.status, f.new) for f in two.feeds
    ]
    with Store.open(pooled / ".blogwire" / "blogwire.db") as store:
        assert store.counts().published == 4
        # composed posts are spent once their story is posted
        assert all(store.find_composed(a.id) is None for a in store.articles())


@pytest.mark.slow  # `blogwire run` processes, a worker killed
def test_a_worker_killed_mid_run_loses_nothing_the_next_run_reads(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert _cli(tmp_path, "init", str(site), "--demo").returncode == 0
    # the worker reading the 4th demo page dies with SIGKILL; the pool is broken from then on
    killed = _cli(site, "run", "--workers", "2", crash="read:04-society.html")
    assert killed.returncode == 1, killed.stderr
    assert "a worker process died" in killed.stderr
    first = len(list((site / "_posts").glob("*.md")))
    assert first < 10
    again = _cli(site, "run", "--workers", "2")
    assert again.returncode == 0, again.stderr
    posts = sorted((site / "_posts").glob("*.md"))
    assert len(posts) == 10
    assert _cli(site, "check", *map(str, posts)).returncode == 0
    with Store.open(site / ".blogwire" / "blogwire.db") as store:
        assert store.integrity_ok()
        assert len({r.story_id for r in store.posts()}) == 10


@pytest.mark.slow  # `blogwire run` processes, killed
def test_stories_read_by_a_run_that_died_are_composed_from_the_store(tmp_path: Path) -> None:
    """A store whose composed posts are gone (an older blogwire, or a run that died before
    composing) still publishes every story, composed again from the stored text."""
    site = tmp_path / "site"
    assert _cli(tmp_path, "init", str(site), "--demo").returncode == 0
    killed = _cli(site, "run", crash="begin:1")
    assert killed.returncode == -9
    import sqlite3

    with sqlite3.connect(site / ".blogwire" / "blogwire.db") as db:
        assert db.execute("SELECT count(*) FROM composed").fetchone()[0] == 10
        db.execute("DELETE FROM composed")
    done = _cli(site, "run", "--workers", "2")
    assert done.returncode == 0, done.stderr
    posts = sorted((site / "_posts").glob("*.md"))
    assert len(posts) == 10
    assert _cli(site, "check", *map(str, posts)).returncode == 0


def _marked_processes(mark: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if (
                entry.name.isdigit()
                and f"BLOGWIRE_TEST_MARK={mark}".encode() in (entry / "environ").read_bytes()
            ):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.mark.slow  # `blogwire run` processes, killed with their workers
@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
def test_workers_of_a_killed_run_do_not_outlive_it(tmp_path: Path) -> None:
    import time
    import uuid

    site = tmp_path / "site"
    assert _cli(tmp_path, "init", str(site), "--demo").returncode == 0
    mark = uuid.uuid4().hex
    # SIGKILL while the pool is open: the run cannot shut its workers down itself
    killed = _cli(site, "run", "--workers", "2", crash="begin:1", mark=mark)
    assert killed.returncode == -9
    deadline = time.monotonic() + 15
    while _marked_processes(mark) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _marked_processes(mark) == []
