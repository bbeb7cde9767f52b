"""What the LLM writer did for each post (migration 0009), against a real SQLite file:
kept with the post's record, read back as the same WriteReport, replaced whole, and
never half there."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from blogwire.errors import StoreError
from blogwire.llm.report import Outcome, SentenceOutcome, WriteReport
from blogwire.store import NewArticle, Store

REPORT = WriteReport(
    "whole",
    (
        SentenceOutcome(
            "title",
            "세빛반도체, 한결 N2를 공개했을까요?",
            Outcome.KEPT,
            "세빛반도체, 한결 N2를 공개했을까요?",
        ),
        SentenceOutcome(
            "intro",
            "한결 N2는 7와트로 동작합니다.",
            Outcome.RETRIED,
            "한결 N2는 5와트 수준으로 동작합니다.",
            (("number", "number '7와트' is not in the source"),),
        ),
        SentenceOutcome(
            "section[2].body",
            "업계 최초입니다.",
            Outcome.DROPPED,
            None,
            (("invented", "a claim the article does not make"), ("invented", "again: 업계 최초")),
        ),
        SentenceOutcome(
            "conclusion",
            '김 교수는 "바로 채택한다"고 말했습니다.',
            Outcome.REPLACED,
            "결론적으로, 제조사 두 곳과 검증을 진행하고 있습니다.",
            (("quote", "quote “바로 채택한다” is not the source's words"),),
        ),
    ),
    None,
    31.25,
)


def _story(store: Store, n: int) -> int:
    article = store.add_article(
        NewArticle(
            url=f"https://news.example/{n}",
            canonical_url=None,
            content_hash=f"hash-{n}",
            feed_url=None,
            title=f"기사 {n}",
            outlet="한빛일보",
            published=None,
            image=None,
            paragraphs=("첫 문단이다.",),
            signature=b"MH",
            bands=(),
        )
    )
    return store.new_story(article.id)


def _post(store: Store, n: int) -> int:
    return store.begin_post(_story(store, n), path=f"_posts/{n}.md", title=f"글 {n}").id


def test_a_report_round_trips_through_the_file(tmp_path: Path) -> None:
    path = tmp_path / "blogwire.db"
    with Store.open(path) as store:
        post = _post(store, 1)
        other = _post(store, 2)
        unavailable = WriteReport("polish", (), "cannot connect to http://127.0.0.1:9/v1", 2.0)
        with store.transaction():
            store.keep_write_report(post, REPORT)
            store.keep_write_report(other, unavailable)
    with Store.open(path) as store:  # a new connection reads what was committed
        assert store.write_report(post) == REPORT
        assert store.write_report(other) == unavailable
        assert store.write_report(999) is None
        assert store.write_reports([post, other, 999]) == {post: REPORT, other: unavailable}
        got = store.write_report(post)
    assert (
        got is not None and got.summary() == "4 written: 1 kept, 1 retried, 1 replaced, 1 dropped"
    )
    assert got.outcomes[2].final_text is None and got.outcomes[2].outcome is Outcome.DROPPED
    assert (
        got.outcomes[2].reason
        == "invented: a claim the article does not make; invented: again: 업계 최초"
    )


def test_keeping_again_replaces_the_whole_report_and_none_removes_it(tmp_path: Path) -> None:
    with Store.open(tmp_path / "blogwire.db") as store:
        post = _post(store, 1)
        store.keep_write_report(post, REPORT)
        shorter = WriteReport("polish", REPORT.outcomes[:1], None, 1.5)
        store.keep_write_report(post, shorter)  # a recovery or a re-compose writes it again
        assert store.write_report(post) == shorter
        store.keep_write_report(post, shorter)  # idempotent
        assert store.write_report(post) == shorter
        store.keep_write_report(post, None)  # re-composed with the extractive writer
        assert store.write_report(post) is None
        assert store.integrity_ok()
    con = sqlite3.connect(tmp_path / "blogwire.db")
    try:
        assert con.execute("SELECT count(*) FROM llm_sentences").fetchone()[0] == 0
    finally:
        con.close()


def test_a_failed_transaction_leaves_neither_post_nor_report(tmp_path: Path) -> None:
    """As the run writes them: the post's record and its account commit together."""
    with Store.open(tmp_path / "blogwire.db") as store:
        story = _story(store, 1)
        with pytest.raises(RuntimeError), store.transaction():
            record = store.begin_post(story, path="_posts/a.md", title="글")
            store.keep_write_report(record.id, REPORT)
            raise RuntimeError("killed between the record and the file")
        assert store.post_for_story(story) is None
        assert store.write_report(record.id) is None


def test_an_unreadable_report_is_an_error_alone_and_left_out_of_many(tmp_path: Path) -> None:
    path = tmp_path / "blogwire.db"
    with Store.open(path) as store:
        good, bad = _post(store, 1), _post(store, 2)
        store.keep_write_report(good, REPORT)
        store.keep_write_report(bad, REPORT)
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("UPDATE llm_sentences SET outcome = 'rewritten' WHERE post_id = ?", (bad,))
    finally:
        con.close()
    with Store.open(path) as store:
        with pytest.raises(StoreError, match=f"post {bad} cannot be read"):
            store.write_report(bad)
        assert store.write_reports([good, bad]) == {good: REPORT}
