"""`blogwire run --writer llm` end to end against a real HTTP server on 127.0.0.1 that
answers the polish prompt with a recorded answer carrying planted slips: what the LLM
writer did is counted in the run summary, kept in the store with the post, shown by
`status`, and a long run says which post the model is writing."""

from __future__ import annotations

import dataclasses
import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from blogwire.core import Blogwire
from blogwire.demo import demo_pages
from blogwire.llm.report import Outcome, WriteReport
from blogwire.settings import FeedConfig, LlmSettings, Settings, WriterSettings
from blogwire.store import Store

from httpserver import Route, serve

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from typer.testing import CliRunner

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "llm"
IT_PAGE = next(p for p in demo_pages() if p.name == "03-it.html").read_bytes()
# The recorded answer's rewrites and section titles are for the post of five sections
# that says much of its article (tests/llm/conftest.py LONG_POST): the run makes that one.
LONG = {"min_sections": 5, "max_sections": 5, "max_source_share": 1.0}


def _recorded() -> dict[str, Any]:
    return json.loads((FIXTURES / "03-it-recorded.json").read_text(encoding="utf-8"))


def _planted_answer(recorded: dict[str, Any]) -> str:
    """The recorded model answer with every planted slip and clean edit applied (as
    tests/llm/test_polish.py plants them), as a chat-completions response body."""
    answer = json.loads(recorded["recorded"]["choices"][0]["message"]["content"])
    for edit in [*recorded["planted"], *recorded["clean"]]:
        key = edit["key"]
        if key == "section_titles":
            titles = list(answer.get("section_titles") or [])
            titles += [""] * (edit["index"] + 1 - len(titles))
            titles[edit["index"]] = edit["value"]
            answer["section_titles"] = titles
        elif key == "rewrites":
            answer.setdefault("rewrites", []).append({"id": edit["id"], "text": edit["value"]})
        else:
            answer[key] = edit["value"]
    content = json.dumps(answer, ensure_ascii=False)
    message = {"role": "assistant", "content": content}
    return json.dumps({"choices": [{"index": 0, "message": message}]}, ensure_ascii=False)


@pytest.fixture
def llm_news() -> Iterator[tuple[str, dict[str, Route]]]:
    """One feed with the IT demo article, and a chat server answering every request
    (the first prompt and the retry) with the planted answer."""
    routes: dict[str, Route] = {
        "/a/it.html": Route(IT_PAGE, headers={"Content-Type": "text/html; charset=utf-8"}),
        "/v1/chat/completions": Route(
            _planted_answer(_recorded()).encode(), headers={"Content-Type": "application/json"}
        ),
    }
    with serve(routes) as base:
        item = f"<item><title>세빛반도체</title><link>{base}/a/it.html</link></item>"
        routes["/a/feed.xml"] = Route(
            (
                '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>A</title><link>{base}/</link>{item}</channel></rss>"
            ).encode(),
            headers={"Content-Type": "application/rss+xml"},
        )
        yield base, routes


def _settings(site: Path, base: str) -> Settings:
    settings = Settings(site_dir=site, feeds=(FeedConfig(f"{base}/a/feed.xml"),))
    return dataclasses.replace(
        settings,
        fetch=dataclasses.replace(settings.fetch, retries=0, timeout=5),
        post=dataclasses.replace(settings.post, **LONG),  # type: ignore[arg-type]
        run=dataclasses.replace(settings.run, workers=1),
        writer=WriterSettings(engine="llm"),
        # a small context: the pipeline polishes the extractive post (as with the
        # bundled 270M model) instead of asking for the whole post
        llm=LlmSettings(base_url=f"{base}/v1", model="test-model", timeout=30, context_tokens=2048),
    )


def test_an_llm_run_counts_stores_and_shows_what_the_model_did(
    llm_news: tuple[str, dict[str, Route]], tmp_path: Path
) -> None:
    base, routes = llm_news
    recorded = _recorded()
    events: list[tuple[str, int, int]] = []
    summary = Blogwire(_settings(tmp_path, base)).run(
        on_event=lambda message, done, total: events.append((message, done, total))
    )
    assert len(summary.posts) == 1 and not summary.failures, summary.failures
    assert routes["/v1/chat/completions"].hits == 2  # the answer, then one retry

    # the run summary: one post polished, every planted slip replaced, with its kind
    llm = summary.llm
    assert llm is not None
    assert (llm.polished, llm.whole, llm.unavailable, llm.first_error) == (1, 0, 0, None)
    planted = recorded["planted"]
    assert planted, "the recording plants no slip: the checks below would check nothing"
    # the recording's own answer has slips besides the planted ones (tests/llm/test_polish.py)
    kept, retried, replaced, dropped = (llm.sentences.get(o, 0) for o in Outcome)
    assert replaced >= len(planted)
    assert llm.kept == kept + retried >= len(recorded["clean"])
    assert llm.written == kept + retried + replaced + dropped
    for plant in planted:
        assert llm.problems.get(plant["kind"], 0) >= 1, (plant, llm.problems)
        assert llm.examples[plant["kind"]]
    line = llm.line()
    assert "0 posts written whole, 1 polished, 0 without the server" in line
    counts = f"{kept} kept, {retried} retried, {replaced} replaced, {dropped} dropped"
    assert f"{llm.written} sentences written: {counts}" in line and "s per post" in line
    assert len(llm.problem_lines()) == len(llm.problems)

    # the store: the post's account, as the run counted it
    with Store.open(tmp_path / ".blogwire" / "blogwire.db") as store:
        (post,) = store.posts()
        report = store.write_report(post.id)
    assert report is not None and report.mode == "polish" and report.error is None
    assert report.written == llm.written and report.seconds > 0
    replaced = {o.field: o for o in report.outcomes if o.outcome is Outcome.REPLACED}
    for plant in planted:
        outcome = replaced[plant["field"]]
        assert outcome.model_text == plant["value"]
        assert plant["expect"] in outcome.reason and outcome.problems[0][0] == plant["kind"]

    # the progress display: which post the model is writing, before it is written
    messages = [message for message, _done, _total in events]
    writing = messages.index("writing 1/1 with the LLM…")
    wrote = next(n for n, m in enumerate(messages) if m.startswith("wrote "))
    assert writing < wrote


def test_the_cli_prints_the_llm_tally_and_status_adds_one_line(
    llm_news: tuple[str, dict[str, Route]], tmp_path: Path
) -> None:
    from blogwire.cli import app

    base, _routes = llm_news
    config = tmp_path / "blogwire.toml"
    config.write_text(
        f'[[feeds]]\nurl = "{base}/a/feed.xml"\n'
        "[fetch]\nretries = 0\n"
        "[post]\nmin_sections = 5\nmax_sections = 5\nmax_source_share = 1.0\n"
        "[run]\nworkers = 1\n"
        f'[llm]\nbase_url = "{base}/v1"\nmodel = "test-model"\ncontext_tokens = 2048\n',
        encoding="utf-8",
    )
    runner = CliRunner()
    ran = runner.invoke(app, ["run", "--writer", "llm", "--config", str(config)])
    assert ran.exit_code == 0, ran.output
    (line,) = [x for x in ran.output.splitlines() if x.startswith("llm writer: ")]
    assert "0 posts written whole, 1 polished, 0 without the server" in line
    replaced = int(line.split(" replaced, ")[0].rsplit(" ", 1)[1])
    assert replaced >= len(_recorded()["planted"])
    kinds = [x.strip().split(":")[0] for x in ran.output.splitlines() if x.startswith("  ")]
    assert {p["kind"] for p in _recorded()["planted"]} <= set(kinds)

    status = runner.invoke(app, ["status", "--config", str(config)])
    assert status.exit_code == 0, status.output
    (line,) = [x for x in status.output.splitlines() if x.startswith("llm writer, these posts")]
    assert "1 polished" in line and f"{replaced} replaced" in line


def test_a_run_killed_before_the_file_is_written_stores_the_recovered_posts_account(
    llm_news: tuple[str, dict[str, Route]], tmp_path: Path
) -> None:
    """A kill after the post's record (and its account) and before its file: the next
    run writes the post again, with the LLM again, and keeps that render's account.
    A kill after the file keeps the file, and the account recorded with it."""
    from blogwire.models import PostState

    base, _routes = llm_news
    wire = Blogwire(_settings(tmp_path, base))
    assert len(wire.run().posts) == 1
    database = tmp_path / ".blogwire" / "blogwire.db"
    stale = WriteReport("polish", (), None, 0.5)  # stands for "the account before the kill"
    with Store.open(database) as store:
        (post,) = store.posts()
        fresh = store.write_report(post.id)
        assert fresh is not None and fresh.written > 0
        store.set_post_state(post.id, PostState.WRITING)
        store.keep_write_report(post.id, stale)
    (tmp_path / post.path).unlink()  # killed before the file was written

    assert wire.run().recovered == 1
    assert (tmp_path / post.path).is_file()
    with Store.open(database) as store:
        recovered = store.write_report(post.id)
        assert recovered is not None
        assert [(o.field, o.outcome) for o in recovered.outcomes] == [
            (o.field, o.outcome) for o in fresh.outcomes
        ]
        # killed after the file: the file is the one recorded, and so is its account
        store.set_post_state(post.id, PostState.WRITING)
        store.keep_write_report(post.id, stale)
    assert wire.run().recovered == 1
    with Store.open(database) as store:
        assert store.write_report(post.id) == stale
