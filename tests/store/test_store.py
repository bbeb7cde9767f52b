"""The store against a real SQLite file: schema, lookups, stories, posts, transactions."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from unittest import mock

import pytest

from blogwire.errors import StoreError
from blogwire.store import Composed, NewArticle, Store, StoreCounts, snapshot
from blogwire.store import db as store_db
from blogwire.store.db import Migration, load_migrations
from blogwire.store.store import candidates_query


def ticking_clock() -> Callable[[], dt.datetime]:
    """A clock one second later on every call, so ordering by time is testable."""
    start = dt.datetime(2026, 11, 9, 9, 0, tzinfo=dt.UTC)
    ticks = itertools.count()
    return lambda: start + dt.timedelta(seconds=next(ticks))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "blogwire.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store.open(db_path, clock=ticking_clock()) as s:
        yield s


def new_article(n: int, *, bands: tuple[int, ...] = (), **changes: object) -> NewArticle:
    fields: dict[str, object] = {
        "url": f"https://news.example/{n}",
        "canonical_url": f"https://news.example/a/{n}",
        "content_hash": f"hash-{n}",
        "feed_url": "https://news.example/rss",
        "title": f"기사 {n}",
        "outlet": "한빛일보",
        "published": dt.date(2026, 11, 9),
        "image": None,
        "paragraphs": ("첫 문단이다.", "둘째 문단이다."),
        "signature": b"MH\x01\x00" + bytes(range(8)),
        "bands": bands,
    }
    fields.update(changes)
    return NewArticle(**fields)  # type: ignore[arg-type]


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


# -- opening and migrations ---------------------------------------------------


def test_open_creates_folders_migrates_and_sets_pragmas(db_path: Path) -> None:
    latest = len(load_migrations())
    with Store.open(db_path) as s:
        assert s.schema_version() == latest
        assert s.integrity_ok()
    con = raw(db_path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == latest
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # persists in the file
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {
        "feeds",
        "fetches",
        "articles",
        "article_bands",
        "stories",
        "posts",
        "publishes",
    } <= tables


def test_connection_pragmas(store: Store) -> None:
    # read through the store's own connection: foreign_keys and busy_timeout are per connection
    assert store._one("PRAGMA foreign_keys")[0] == 1
    assert store._one("PRAGMA busy_timeout")[0] == 5000


def test_migrations_ship_as_package_data() -> None:
    migrations = load_migrations()
    assert migrations[0].name == "0001_initial.sql"
    assert [m.version for m in migrations] == list(range(1, len(migrations) + 1))


def test_reopening_is_idempotent(db_path: Path) -> None:
    with Store.open(db_path) as s:
        s.add_article(new_article(1))
        version = s.schema_version()
    for _ in range(2):
        with Store.open(db_path) as s:
            assert s.schema_version() == version
            assert [a.url for a in s.articles()] == ["https://news.example/1"]


def test_a_new_migration_applies_once_and_records_its_version(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store.open(db_path).close()
    later = len(load_migrations()) + 1
    name = f"{later:04d}_notes.sql"
    extra = Migration(later, name, "-- a later schema\nCREATE TABLE notes (x TEXT);\n")
    monkeypatch.setattr(store_db, "load_migrations", lambda: (*load_migrations(), extra))
    with Store.open(db_path) as s:
        assert s.schema_version() == later
    with Store.open(db_path) as s:  # CREATE TABLE twice would raise
        assert s.schema_version() == later


def test_a_failing_migration_changes_nothing(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store.open(db_path).close()
    latest = len(load_migrations())
    name = f"{latest + 1:04d}_broken.sql"
    broken = Migration(latest + 1, name, "CREATE TABLE half (x);\nCREATE TABLE oops (;\n")
    monkeypatch.setattr(store_db, "load_migrations", lambda: (*load_migrations(), broken))
    with pytest.raises(StoreError, match=re.escape(name)):
        Store.open(db_path)
    con = raw(db_path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == latest
    assert con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half'").fetchone()[0] == 0


def test_a_newer_schema_is_refused_and_left_alone(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    con = raw(db_path)
    con.execute("PRAGMA user_version = 99")
    con.close()
    with pytest.raises(StoreError, match="newer") as info:
        Store.open(db_path)
    assert str(db_path) in str(info.value)
    con = raw(db_path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 99
    assert con.execute("PRAGMA journal_mode").fetchone()[0] != "wal"  # nothing was written


def test_a_file_that_is_not_a_database_is_named(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("이것은 데이터베이스가 아니다\n" * 200, encoding="utf-8")
    with pytest.raises(StoreError, match="not a blogwire database") as info:
        Store.open(path)
    assert str(path) in str(info.value)


def test_a_read_only_folder_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user who can write to a 0o500 folder (root)")
        for path in (folder / "state.db", folder / "deeper" / "state.db"):
            with pytest.raises(StoreError) as info:
                Store.open(path)
            assert str(path) in str(info.value)
    finally:
        folder.chmod(0o700)


# -- feeds ----------------------------------------------------------------------


def fetch(store: Store, url: str, status: str, **details: object) -> None:
    fields: dict[str, object] = {"http_status": 200, "entries": 0, "new": 0, "error": None}
    fields |= {"etag": None, "last_modified": None} | details
    store.record_fetch(url, status=status, **fields)  # type: ignore[arg-type]


def test_feed_state_follows_fetches(store: Store) -> None:
    url = "https://news.example/rss"
    assert store.feed_state(url).etag is None
    assert store.feed_state(url).fetches == 0
    modified = "Mon, 09 Nov 2026 09:00:00 GMT"
    fetch(store, url, "ok", entries=10, new=4, etag='"v1"', last_modified=modified)
    fetch(store, url, "not-modified", http_status=304)  # a 304 need not repeat the validators
    fetch(store, url, "error", http_status=503, error="HTTP 503")
    state = store.feed_state(url)
    assert (state.etag, state.last_modified) == ('"v1"', modified)
    assert (state.last_status, state.last_error) == ("error", "HTTP 503")
    assert (state.fetches, state.failures, state.consecutive_failures) == (3, 1, 1)
    assert state.last_fetch_at == dt.datetime(2026, 11, 9, 9, 0, 2, tzinfo=dt.UTC)
    fetch(store, url, "ok", entries=3)  # the server dropped its ETag
    state = store.feed_state(url)
    assert (state.etag, state.last_error, state.consecutive_failures) == (None, None, 0)
    assert [f.url for f in store.feeds()] == [url]
    with pytest.raises(StoreError, match="fetch status"):
        fetch(store, url, "fine")


# -- articles -------------------------------------------------------------------


def test_add_and_find_article_by_each_key(store: Store) -> None:
    first = store.add_article(new_article(1))
    second = store.add_article(new_article(2, canonical_url=None))
    assert first.state == "pending" and first.story_id is None
    assert first.paragraphs == ("첫 문단이다.", "둘째 문단이다.")
    assert first.published == dt.date(2026, 11, 9)
    assert store.find_article(url="https://news.example/1") == first
    assert store.find_article(canonical_url="https://news.example/a/1") == first
    assert store.find_article(content_hash="hash-2") == second
    # ANY key matches; the earliest article wins
    assert store.find_article(url="https://nope.example", content_hash="hash-2") == second
    assert store.find_article(url="https://news.example/2", content_hash="hash-1") == first
    assert store.find_article(url="https://nope.example") is None
    assert store.find_article() is None


def test_the_same_url_twice_is_an_error(store: Store) -> None:
    store.add_article(new_article(1))
    with pytest.raises(StoreError, match=re.escape("news.example/1")):
        store.add_article(new_article(1, content_hash="other"))


def test_article_states(store: Store) -> None:
    a = store.add_article(new_article(1))
    b = store.add_article(new_article(2))
    store.set_article_state(a.id, "failed", "too short")
    assert [r.id for r in store.articles("failed")] == [a.id]
    assert store.articles("failed")[0].error == "too short"
    assert [r.id for r in store.articles("pending")] == [b.id]
    assert len(store.articles()) == 2
    with pytest.raises(StoreError, match="article state"):
        store.set_article_state(a.id, "lost")
    with pytest.raises(StoreError, match="no article 999"):
        store.set_article_state(999, "posted")


def test_candidates_share_a_band_and_exclude_the_article_itself(store: Store) -> None:
    a = store.add_article(new_article(1, bands=(11, 12, 13)))
    b = store.add_article(new_article(2, bands=(13, 14)))
    c = store.add_article(new_article(3, bands=(12, 13, 15)))
    store.add_article(new_article(4, bands=(16, 17)))
    assert [r.id for r in store.candidates((11, 12, 13), exclude=a.id)] == [b.id, c.id]
    assert [r.id for r in store.candidates((14,))] == [b.id]
    assert store.candidates((99,)) == []
    assert store.candidates(()) == []
    # signed 64-bit hashes, as dedupe.bands gives them, survive the round trip
    d = store.add_article(new_article(5, bands=(-(2**63), 2**63 - 1)))
    assert [r.id for r in store.candidates((2**63 - 1,))] == [d.id]


def test_candidates_query_uses_the_band_index(store: Store, db_path: Path) -> None:
    for n in range(50):
        store.add_article(new_article(n, bands=(n, n + 1000)))
    con = raw(db_path)
    con.execute("ANALYZE")
    plan = " | ".join(
        row[3] for row in con.execute("EXPLAIN QUERY PLAN " + candidates_query(3), (1, 2, 3, 7))
    )
    assert "article_bands USING INDEX" in plan or "article_bands USING COVERING INDEX" in plan, plan
    assert "SCAN article_bands" not in plan, plan


# -- stories --------------------------------------------------------------------


def test_stories(store: Store) -> None:
    a, b, c = (store.add_article(new_article(n)) for n in (1, 2, 3))
    story = store.new_story(a.id)
    store.join_story(story, b.id)
    store.join_story(story, b.id)  # already there: no-op
    other = store.new_story(c.id)
    assert store.story_of(a.id) == store.story_of(b.id) == story
    assert [r.id for r in store.story_articles(story)] == [a.id, b.id]
    assert store.stories_without_post() == [story, other]
    with pytest.raises(StoreError, match="belongs to story"):
        store.join_story(other, a.id)
    with pytest.raises(StoreError, match="already belongs"):
        store.new_story(a.id)
    with pytest.raises(StoreError):
        store.join_story(12345, store.add_article(new_article(4)).id)  # no such story
    assert store.story_of(store.add_article(new_article(5)).id) is None


# -- posts ----------------------------------------------------------------------


def test_begin_post_twice_for_one_story_returns_the_same_post(store: Store) -> None:
    story = store.new_story(store.add_article(new_article(1)).id)
    first = store.begin_post(story, path="_posts/2026-11-09-a.md", title="첫 제목")
    again = store.begin_post(story, path="_posts/2026-11-09-a-2.md", title="다른 제목")
    assert again == first
    assert first.state == "writing" and first.published_at is None
    assert store.counts().posts == 1
    assert store.stories_without_post() == []
    assert store.post_for_story(story) == first
    with pytest.raises(StoreError, match="story 777"):
        store.begin_post(777, path="x.md", title="없는 이야기")


def test_finish_post_records_a_publish(store: Store, db_path: Path) -> None:
    story = store.new_story(store.add_article(new_article(1)).id)
    post = store.begin_post(story, path="_posts/a.md", title="제목")
    done = store.finish_post(post.id)
    assert done.state == "published" and done.published_at is not None
    store.finish_post(post.id, state="draft", target="tistory")
    con = raw(db_path)
    rows = con.execute("SELECT post_id, target FROM publishes ORDER BY id").fetchall()
    assert rows == [(post.id, "_posts/a.md"), (post.id, "tistory")]
    assert store.counts().publishes == 2
    with pytest.raises(StoreError, match="finished post state"):
        store.finish_post(post.id, state="writing")
    with pytest.raises(StoreError, match="no post 404"):
        store.finish_post(404)


def test_posts_newest_first_by_state(store: Store) -> None:
    posts = []
    for n in range(4):
        story = store.new_story(store.add_article(new_article(n)).id)
        posts.append(store.begin_post(story, path=f"_posts/{n}.md", title=f"글 {n}"))
    store.finish_post(posts[0].id)
    store.finish_post(posts[2].id, state="draft")
    store.set_post_state(posts[3].id, "rejected")
    assert [p.id for p in store.posts()] == [p.id for p in reversed(posts)]
    assert [p.id for p in store.posts(limit=2)] == [posts[3].id, posts[2].id]
    assert [p.id for p in store.posts("writing")] == [posts[1].id]
    assert [p.id for p in store.posts("rejected")] == [posts[3].id]
    with pytest.raises(StoreError, match="post state"):
        store.set_post_state(posts[1].id, "gone")


def test_counts(store: Store) -> None:
    assert store.counts() == StoreCounts()
    ids = [store.add_article(new_article(n)).id for n in range(5)]
    store.set_article_state(ids[0], "duplicate")
    store.set_article_state(ids[1], "filtered")
    store.set_article_state(ids[2], "posted")
    story = store.new_story(ids[2])
    store.new_story(ids[3])
    store.finish_post(store.begin_post(story, path="a.md", title="t").id)
    counts = store.counts()
    assert counts == StoreCounts(
        pending=2, posted=1, duplicate=1, filtered=1, stories=2, published=1, publishes=1
    )
    assert (counts.articles, counts.posts) == (5, 1)


# -- transactions and health ----------------------------------------------------


def test_transaction_batches_writes(store: Store, db_path: Path) -> None:
    reader = raw(db_path)
    with store.transaction():
        for n in range(100):
            store.add_article(new_article(n))
        # WAL: another connection reads the last commit while this one writes
        assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 100


def test_transaction_rolls_back_on_exception(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.add_article(new_article(1, bands=(5,)))
        store.new_story(store.find_article(url="https://news.example/1").id)  # type: ignore[union-attr]
        raise RuntimeError("killed midway")
    assert store.articles() == []
    assert store.candidates((5,)) == []
    assert store.counts() == StoreCounts()


def test_nested_transaction_undoes_only_the_inner_level(store: Store) -> None:
    with store.transaction():
        store.add_article(new_article(1))
        with store.transaction():
            store.add_article(new_article(2))
        try:
            with store.transaction():
                store.add_article(new_article(3))
                store.add_article(new_article(1))  # duplicate URL
        except StoreError:
            pass
    assert [a.url for a in store.articles()] == [
        "https://news.example/1",
        "https://news.example/2",
    ]


def test_integrity_ok_and_times_are_utc_text(store: Store, db_path: Path) -> None:
    store.add_article(new_article(1))
    assert store.integrity_ok()
    seen = raw(db_path).execute("SELECT seen_at FROM articles").fetchone()[0]
    assert seen == "2026-11-09T09:00:00.000000+00:00"


def test_a_closed_store_raises_store_error(db_path: Path) -> None:
    s = Store.open(db_path)
    s.close()
    with pytest.raises(StoreError):
        s.articles()


# -- migrating an old store, and the dry run's snapshot ------------------------


def test_a_schema_3_store_keeps_its_composed_posts_under_the_new_name(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    first_three = load_migrations()[:3]
    assert [m.name for m in first_three][-1] == "0003_drafts.sql"
    with (
        mock.patch.object(store_db, "load_migrations", lambda: first_three),
        Store.open(path) as old,
    ):
        record = old.add_article(new_article(1))
        old.new_story(record.id)
    with sqlite3.connect(path) as con:  # as blogwire 0.1's schema 3 wrote it
        con.execute(
            "INSERT INTO drafts (article_id, content, error) VALUES (?, NULL, 'too short')",
            (record.id,),
        )
    with Store.open(path) as store:
        assert store.schema_version() == len(load_migrations()) >= 4
        assert store.find_composed(record.id) == Composed(None, "too short")
    with sqlite3.connect(path) as con:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "composed" in tables and "drafts" not in tables


def test_snapshot_copies_a_live_wal_store_and_leaves_it_alone(tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    copy = tmp_path / "copy.db"
    with Store.open(live) as store:
        store.add_article(new_article(1))
        # the writer still holds the store open: its last commit may live in the WAL only
        before = live.read_bytes(), Path(f"{live}-wal").read_bytes()
        snapshot(live, copy)
        assert (live.read_bytes(), Path(f"{live}-wal").read_bytes()) == before
        with Store.open(copy) as snap:
            assert [a.url for a in snap.articles()] == ["https://news.example/1"]
            snap.add_article(new_article(2))
        assert len(store.articles()) == 1


def test_snapshot_of_a_missing_store_makes_no_file(tmp_path: Path) -> None:
    snapshot(tmp_path / "none.db", tmp_path / "copy.db")
    assert not (tmp_path / "none.db").exists()
    assert not (tmp_path / "copy.db").exists()
