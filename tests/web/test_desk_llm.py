"""The review desk shows what the LLM writer did for a post: the counts, and beside each
replaced or dropped sentence the model's version and the reason, escaped (the model's
text restates untrusted source text). Through the web app on a real site and store."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from blogwire.core import Blogwire
from blogwire.llm.report import Outcome, SentenceOutcome, WriteReport
from blogwire.settings import Settings
from blogwire.store import Store
from blogwire.web import create_app

from reviewsite import database, review_site

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette asks for the httpx2 fork; httpx works
    from fastapi.testclient import TestClient

BASE = "http://127.0.0.1"
HOSTILE = '<script>alert("x")</script>'
REPORT = WriteReport(
    "whole",
    (
        *(
            SentenceOutcome(f"section[{n}].body", f"모델이 쓴 문장 {n}입니다.", Outcome.KEPT, "")
            for n in range(1, 11)
        ),
        SentenceOutcome(
            "intro",
            "한결 N2는 7와트로 동작합니다.",
            Outcome.RETRIED,
            "한결 N2는 5와트 수준으로 동작합니다.",
            (("number", "number '7와트' is not in the source"),),
        ),
        SentenceOutcome(
            "conclusion",
            f"김 교수는 {HOSTILE} 말했습니다.",
            Outcome.REPLACED,
            "결론적으로, 제조사 두 곳과 검증을 진행하고 있습니다.",
            (("quote", f"quote “{HOSTILE}” is not the source's words"),),
        ),
    ),
    None,
    28.5,
)


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Settings]:
    return review_site(tmp_path / "site")


def client(settings: Settings) -> TestClient:
    return TestClient(
        create_app(Blogwire(settings)),
        base_url=BASE,
        headers={"Origin": BASE},
        follow_redirects=False,
    )


def _drafts(settings: Settings) -> list[tuple[int, int]]:
    """(story id, post id) of every draft, oldest first."""
    with database(settings) as db:
        rows = db.execute("SELECT story_id, id FROM posts ORDER BY id").fetchall()
    assert rows, "the review site has no drafts"
    return [(int(story), int(post)) for story, post in rows]


def _keep(settings: Settings, post_id: int, report: WriteReport | None) -> None:
    with Store.open(settings.site_dir / settings.run.database) as store:
        store.keep_write_report(post_id, report)


def test_the_story_page_shows_the_counts_and_each_replaced_sentence(
    site: tuple[Path, Settings],
) -> None:
    _root, settings = site
    (story, post), (plain, _other), *_ = _drafts(settings)
    _keep(settings, post, REPORT)
    page = client(settings).get(f"/stories/{story}")
    assert page.status_code == 200
    assert "LLM 작성 기록" in page.text and "모델이 글 전체를 썼습니다" in page.text
    assert "12 written: 10 kept, 1 retried, 1 replaced, 0 dropped" in page.text
    assert "28.5초" in page.text
    # the replaced sentence: the model's version, what stands instead, and why, escaped
    escaped = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"
    assert f"김 교수는 {escaped} 말했습니다." in page.text
    assert "결론적으로, 제조사 두 곳과 검증을 진행하고 있습니다." in page.text
    assert f"이유: quote: quote “{escaped}” is not the source&#39;s words" in page.text
    assert "<script" not in page.text
    # only the sentences the guard did not let stand are listed
    assert page.text.count('<li class="llm-replaced">') == 1
    assert "llm-retried" not in page.text and "모델이 쓴 문장 1입니다" not in page.text
    # a post the LLM did not write shows no account
    assert "LLM 작성 기록" not in client(settings).get(f"/stories/{plain}").text


def test_a_dropped_sentence_and_a_post_written_without_the_server(
    site: tuple[Path, Settings],
) -> None:
    _root, settings = site
    (story, post), (story2, post2), *_ = _drafts(settings)
    dropped = SentenceOutcome(
        "section[2].body",
        "업계 최초입니다.",
        Outcome.DROPPED,
        None,
        (("invented", "a claim the article does not make"),),
    )
    _keep(settings, post, WriteReport("whole", (dropped,), None, 3.0))
    _keep(settings, post2, WriteReport("polish", (), "cannot connect to the server", 2.0))
    page = client(settings).get(f"/stories/{story}").text
    assert "1 written: 0 kept, 0 retried, 0 replaced, 1 dropped" in page
    assert '<li class="llm-dropped">' in page and "업계 최초입니다." in page
    assert "이유: invented: a claim the article does not make" in page
    assert "글에 실린 문장" not in page  # nothing stands in for a dropped sentence
    down = client(settings).get(f"/stories/{story2}").text
    assert "LLM 서버를 쓰지 못해 추출 방식으로 썼습니다: cannot connect to the server" in down


def test_recompose_with_the_extractive_writer_drops_the_account(
    site: tuple[Path, Settings],
) -> None:
    _root, settings = site
    (story, post), *_ = _drafts(settings)
    _keep(settings, post, REPORT)
    web = client(settings)
    page = web.get(f"/stories/{story}").text
    token = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    assert web.post(f"/stories/{story}/recompose", data={"csrf": token}).status_code == 303
    with Store.open(settings.site_dir / settings.run.database) as store:
        assert store.write_report(post) is None  # the draft is the extractive writer's now
    assert "LLM 작성 기록" not in web.get(f"/stories/{story}").text


def test_an_unreadable_account_leaves_the_draft_reviewable(site: tuple[Path, Settings]) -> None:
    _root, settings = site
    (story, post), *_ = _drafts(settings)
    _keep(settings, post, REPORT)
    with database(settings) as db:
        db.execute("UPDATE llm_sentences SET problems = 'not json' WHERE post_id = ?", (post,))
    page = client(settings).get(f"/stories/{story}")
    assert page.status_code == 200 and 'name="title"' in page.text
    assert "LLM 작성 기록" not in page.text


def test_run_now_shows_what_the_llm_writer_did(site: tuple[Path, Settings]) -> None:
    """The web UI's run summary has the run's LLM line: here a story whose post is gone
    is written again, with the LLM server down (the post is the extractive one)."""
    import dataclasses

    from blogwire.settings import WriterSettings

    from httpserver import closed_port_url

    root, settings = site
    story, post = _drafts(settings)[-1]
    with database(settings) as db:
        (path,) = db.execute("SELECT path FROM posts WHERE id = ?", (post,)).fetchone()
        db.execute("DELETE FROM publishes WHERE post_id = ?", (post,))
        db.execute("DELETE FROM posts WHERE id = ?", (post,))
    (root / path).unlink()
    down = closed_port_url().rsplit("/", 1)[0] + "/v1"
    settings = dataclasses.replace(
        settings,
        writer=WriterSettings(engine="llm"),
        llm=dataclasses.replace(settings.llm, base_url=down, timeout=2.0),
    )
    web = client(settings)
    page = web.get("/")
    token = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    ran = web.post("/run", data={"csrf": token})
    assert ran.status_code == 200 and "새 글 1건" in ran.text
    assert "LLM 작성" in ran.text
    assert "0 posts written whole, 0 polished, 1 without the server (cannot connect" in ran.text
    with Store.open(settings.site_dir / settings.run.database) as store:
        rewritten = store.post_for_story(story)
        assert rewritten is not None
        report = store.write_report(rewritten.id)
    assert report is not None and report.error and "cannot connect" in report.error
    assert "LLM 서버를 쓰지 못해" in web.get(f"/stories/{story}").text
