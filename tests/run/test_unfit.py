"""`run` with an article that is not fit to publish: skipped with the reason, never
fetched again, shown in `status` and the review desk; or, with post.unfit = "review",
held as a draft with the reason beside it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from blogwire.core import Blogwire
from blogwire.demo import demo_pages
from blogwire.models import ArticleState
from blogwire.settings import FeedConfig, Settings

from conftest import FIXTURES
from httpserver import Route, serve

STORY = next(p for p in demo_pages() if p.stem == "04-society").read_bytes()
INTERVIEW = (FIXTURES / "pages" / "interview-questions.html").read_bytes()


@pytest.fixture
def server() -> Iterator[tuple[str, dict[str, Route]]]:
    routes = {"/story.html": Route(STORY), "/interview.html": Route(INTERVIEW)}
    with serve(routes) as base:
        items = "".join(
            f"<item><title>{name}</title><link>{base}/{name}.html</link></item>"
            for name in ("story", "interview")
        )
        routes["/feed.xml"] = Route(
            f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>T</title><link>{base}/</link>{items}</channel></rss>".encode()
        )
        yield base, routes


def _settings(site: Path, base: str, *, unfit: str = "refuse", review: bool = False) -> Settings:
    settings = Settings(site_dir=site, feeds=(FeedConfig(f"{base}/feed.xml"),))
    return dataclasses.replace(
        settings,
        fetch=dataclasses.replace(settings.fetch, retries=0, timeout=5),
        post=dataclasses.replace(settings.post, unfit=unfit),
        run=dataclasses.replace(settings.run, review=review, workers=1),
    )


def test_an_unfit_article_is_skipped_with_its_reason_and_not_fetched_again(
    server: tuple[str, dict[str, Route]], tmp_path: Path
) -> None:
    base, routes = server
    wire = Blogwire(_settings(tmp_path, base))
    first = wire.run()
    assert len(first.posts) == 1 and first.failures == ()  # nothing went wrong
    assert first.skipped == 1
    assert first.skip_reasons == (("not fit to publish: interview transcript", 1),)

    second = wire.run()
    assert second.new == 0 and second.posts == () and second.skipped == 0
    assert routes["/interview.html"].hits == 1  # kept, so never fetched again

    status = wire.status()
    assert status.counts.failed == 1
    [refused] = status.failed
    assert refused.url == f"{base}/interview.html" and refused.state == ArticleState.FAILED
    assert refused.error is not None
    assert refused.error.startswith("interview transcript: 7 of ")
    queue = wire.desk.queue()
    assert [(i.status, i.reason) for i in queue if i.post_id is None] == [
        (ArticleState.FAILED, refused.error)
    ]


def test_review_sends_an_unfit_article_to_the_desk_with_its_reason(
    server: tuple[str, dict[str, Route]], tmp_path: Path
) -> None:
    base, _ = server
    wire = Blogwire(_settings(tmp_path, base, unfit="review", review=True))
    summary = wire.run()
    assert [p.state for p in summary.posts] == ["draft", "draft"] and summary.skipped == 0
    queue = wire.desk.queue()
    held = [item for item in queue if item.reason is not None]
    assert len(queue) == 2 and len(held) == 1
    assert held[0].reason is not None and held[0].reason.startswith("interview transcript: ")
    assert held[0].post_id is not None
    assert wire.desk.story(held[0].story_id).reason == held[0].reason
    wire.desk.recompose(held[0].post_id)  # the desk composes it again: it is in review


def test_review_setting_without_a_reviewing_site_still_refuses(
    server: tuple[str, dict[str, Route]], tmp_path: Path
) -> None:
    base, _ = server
    summary = Blogwire(_settings(tmp_path, base, unfit="review")).run()
    assert len(summary.posts) == 1 and summary.skipped == 1


def test_status_shows_why_an_article_gave_no_post(
    server: tuple[str, dict[str, Route]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from blogwire.cli import app

    base, _ = server
    Blogwire(_settings(tmp_path, base)).run()
    (tmp_path / "blogwire.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["status"], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    assert "not published" in result.output
    assert "interview transcript: 7 of" in result.output
