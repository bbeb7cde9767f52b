"""Every way of making a post goes through blogwire.pipeline, so they agree: `compose`
of a page, `run` over a feed of the same pages and re-compose in the review desk give
byte-identical posts; and the review desk's re-compose and "run now" use the
configured writer with the environment's API key, against a real HTTP server on
127.0.0.1 that answers as an OpenAI-compatible chat server would.
"""

from __future__ import annotations

import dataclasses
import json
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from blogwire.core import Blogwire
from blogwire.settings import Settings
from blogwire.web import create_app

from httpserver import Request, Route, serve
from reviewsite import database, review_site

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

# composes the demo pages three ways and runs two sites: ~15 s
pytestmark = pytest.mark.slow

# A title the fact guard accepts for 04-society (가람시's fares): every word is the
# article's, and it states nothing the article does not.
LLM_TITLE = "가람시 버스 요금 인상, 청소년은 동결"
KEY = "sk-from-the-environment"


def _post_files(site: Path) -> dict[str, bytes]:
    files = {p.name: p.read_bytes() for p in sorted((site / "_posts").glob("*.md"))}
    assert files, f"no posts in {site}"
    return files


def test_compose_and_run_write_the_same_posts(tmp_path: Path) -> None:
    composed = tmp_path / "composed"
    wire = Blogwire(Settings())
    result = wire.compose_many(wire.demo_sources(), composed)
    assert len(result.published) == 10 and not result.failures
    site = tmp_path / "site"
    Blogwire.init_site(site, demo=True)
    from blogwire.settings import load_settings

    summary = Blogwire(load_settings(site / "blogwire.toml", environ={})).run()
    assert len(summary.posts) == 10 and not summary.failures
    assert _post_files(site) == _post_files(composed)


def test_recompose_in_the_desk_rewrites_the_draft_byte_for_byte(tmp_path: Path) -> None:
    root, settings = review_site(tmp_path / "site")
    desk = Blogwire(settings).desk
    drafts = [i for i in desk.queue("draft") if i.post_id is not None and i.path]
    assert len(drafts) == 10
    for item in drafts:
        before = (root / str(item.path)).read_bytes()
        assert item.post_id is not None
        desk.recompose(item.post_id)
        assert (root / str(item.path)).read_bytes() == before, item.path


@pytest.fixture
def chat_server() -> Iterator[tuple[str, Route]]:
    """An OpenAI-compatible /v1/chat/completions on 127.0.0.1 that offers one title."""
    content = json.dumps({"title": LLM_TITLE}, ensure_ascii=False)
    answer = {"choices": [{"message": {"role": "assistant", "content": content}}]}
    route = Route(
        body=json.dumps(answer, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json"},
    )
    with serve({"/v1/chat/completions": route}) as base:
        yield f"{base}/v1", route


def _with_llm(settings: Settings, base_url: str) -> Settings:
    return dataclasses.replace(
        settings,
        writer=dataclasses.replace(settings.writer, engine="llm"),
        # the server answers as a polisher (one title): a context too small for the
        # whole post keeps the pipeline on the polish path (llm.fits_whole)
        llm=dataclasses.replace(settings.llm, base_url=base_url, timeout=20.0, context_tokens=2048),
    )


def _keys(requests: list[Request]) -> set[str | None]:
    assert requests, "the LLM server was never asked"
    return {r.header("authorization") for r in requests}


def test_recompose_in_the_desk_uses_the_llm_writer_with_the_environments_key(
    tmp_path: Path, chat_server: tuple[str, Route]
) -> None:
    base_url, route = chat_server
    root, settings = review_site(tmp_path / "site")
    wire = Blogwire(_with_llm(settings, base_url), environ={"OPENAI_API_KEY": KEY})
    item = next(i for i in wire.desk.queue("draft") if "가람시" in i.title or "도시철도" in i.title)
    assert item.post_id is not None
    record = wire.desk.recompose(item.post_id)
    assert _keys(route.requests) == {f"Bearer {KEY}"}
    assert record.title == LLM_TITLE
    text = (root / record.path).read_text(encoding="utf-8")
    assert f"title: {LLM_TITLE}" in text or f"title: '{LLM_TITLE}'" in text


def test_run_now_in_the_desk_passes_the_environments_key(
    tmp_path: Path, chat_server: tuple[str, Route]
) -> None:
    base_url, route = chat_server
    site = tmp_path / "site"
    Blogwire.init_site(site, demo=True)
    from blogwire.settings import load_settings

    settings = _with_llm(load_settings(site / "blogwire.toml", environ={}), base_url)
    settings = dataclasses.replace(settings, run=dataclasses.replace(settings.run, review=True))
    app = create_app(Blogwire(settings, environ={"OPENAI_API_KEY": KEY}))
    web = TestClient(app, base_url="http://127.0.0.1", headers={"Origin": "http://127.0.0.1"})
    page = web.get("/")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token, page.text
    done = web.post("/run", data={"csrf": token.group(1)})
    assert done.status_code == 200, done.text
    assert _keys(route.requests) == {f"Bearer {KEY}"}
    with database(settings) as db:
        titles = [row[0] for row in db.execute("SELECT title FROM posts")]
    assert len(titles) == 10
    assert LLM_TITLE in titles  # the 04-society post took the model's title
