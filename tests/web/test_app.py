"""The review web app through FastAPI's TestClient, on a real site and store: pages,
editing, approve/reject/re-compose, and the guards (token, CSRF, origin, host, escaping)."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pytest

from blogwire.core import Blogwire
from blogwire.errors import BlogwireError, ConfigError
from blogwire.render.check import check_post
from blogwire.settings import Settings, setting_names
from blogwire.web import check_bind, create_app, serve
from blogwire.web.security import SESSION_COOKIE

from reviewsite import database, posts_table, review_site, snapshot

with warnings.catch_warnings():
    # Starlette 1.x asks for the `httpx2` fork; plain httpx still works for tests
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

BASE = "http://127.0.0.1"
TOKEN = "s3cret-token-for-tests"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Settings]:
    return review_site(tmp_path / "site")


def client(settings: Settings, token: str | None = None) -> TestClient:
    return TestClient(
        create_app(Blogwire(settings), token=token),
        base_url=BASE,
        headers={"Origin": BASE},
        follow_redirects=False,
    )


def csrf_of(web: TestClient, path: str = "/") -> str:
    page = web.get(path)
    assert page.status_code == 200, page.text
    match = CSRF.search(page.text)
    assert match, page.text
    return match.group(1)


def first_draft(settings: Settings) -> tuple[int, int, str]:
    """story id, post id, draft path of the oldest draft."""
    post_id, path, *_ = posts_table(settings)[0]
    with database(settings) as db:
        (story,) = db.execute("SELECT story_id FROM posts WHERE id = ?", (post_id,)).fetchone()
    return int(story), int(post_id), str(path)  # type: ignore[arg-type]


def editor_form(page: str) -> dict[str, str]:
    """The editor's fields as the browser would send them."""
    form = dict(re.findall(r'<input type="text" name="([^"]+)" value="([^"]*)"', page))
    form.update(re.findall(r'<input type="radio" name="([^"]+)" value="(\d+)" checked>', page))
    form["csrf"] = CSRF.search(page).group(1)  # type: ignore[union-attr]
    return {k: _unescape(v) for k, v in form.items()}


def _unescape(value: str) -> str:
    import html

    return html.unescape(value)


# -- pages -----------------------------------------------------------------------


def test_queue_lists_the_ten_drafts(site: tuple[Path, Settings]) -> None:
    _root, settings = site
    page = client(settings).get("/")
    assert page.status_code == 200
    assert len(set(re.findall(r'href="/stories/(\d+)"', page.text))) == 10
    assert page.text.count('<span class="badge draft">초안</span>') == 10
    assert 'lang="ko"' in page.text and "누리경제" in page.text
    drafts = client(settings).get("/?status=draft").text
    assert len(set(re.findall(r'href="/stories/(\d+)"', drafts))) == 10
    assert "/stories/" not in client(settings).get("/?status=published").text


def test_story_page_shows_sources_beside_the_editor(site: tuple[Path, Settings]) -> None:
    _root, settings = site
    story, _post, _path = first_draft(settings)
    page = client(settings).get(f"/stories/{story}")
    assert page.status_code == 200
    assert "원문 기사" in page.text and 'name="title"' in page.text
    assert page.text.count('type="radio"') >= 6
    assert f'src="/stories/{story}/preview"' in page.text
    preview = client(settings).get(f"/stories/{story}/preview")
    assert preview.status_code == 200 and "<html" in preview.text
    assert "sandbox" in preview.headers["content-security-policy"]


def test_feeds_and_settings_pages(site: tuple[Path, Settings]) -> None:
    _root, settings = site
    web = client(settings, token=TOKEN)
    web.headers["Authorization"] = f"Bearer {TOKEN}"
    feeds = web.get("/feeds")
    assert feeds.status_code == 200 and "feeds/demo/feed.xml" in feeds.text and "정상" in feeds.text
    page = web.get("/settings")
    assert page.status_code == 200
    names = setting_names()
    assert names, "setting_names() is empty: the loop would check nothing"
    for name in names:
        assert (f"<code>{name}</code>" in page.text) or name == "feeds"
    assert "feeds[1]" in page.text and "run.review" in page.text
    assert TOKEN not in page.text and "설정됨" in page.text


def test_run_now_shows_the_summary(site: tuple[Path, Settings]) -> None:
    _root, settings = site
    web = client(settings)
    page = web.post("/run", data={"csrf": csrf_of(web)})
    assert page.status_code == 200
    # every story already has its draft: the run reads the feed and writes nothing new
    assert "실행 결과" in page.text and "새 글 0건" in page.text
    assert "feeds/demo/feed.xml" in page.text and len(posts_table(settings)) == 10


# -- editing and actions ---------------------------------------------------------


def test_edit_title_through_the_form(site: tuple[Path, Settings]) -> None:
    root, settings = site
    story, _post, path = first_draft(settings)
    web = client(settings)
    form = editor_form(web.get(f"/stories/{story}").text)
    form["title"] = "웹에서 고친 제목"
    saved = web.post(f"/stories/{story}/edit", data=form)
    assert saved.status_code == 303 and saved.headers["location"] == f"/stories/{story}?done=saved"
    text = (root / path).read_text("utf-8")
    assert "title: 웹에서 고친 제목\n" in text
    assert check_post(text, path, settings.post) == []
    assert posts_table(settings)[0][2] == "웹에서 고친 제목"
    assert "저장했습니다" in web.get(saved.headers["location"]).text


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("title", "", "title must be one non-empty line"),
        ("section_title_0", "<b>굵게</b>", "section 1 title must be plain text"),
        ("image", "ftp://img.example/a.jpg", "image must be an http(s) URL"),
    ],
)
def test_a_refused_edit_shows_the_problems_and_changes_nothing(
    site: tuple[Path, Settings], field: str, value: str, problem: str
) -> None:
    root, settings = site
    story, _post, _path = first_draft(settings)
    web = client(settings)
    form = editor_form(web.get(f"/stories/{story}").text)
    form[field] = value
    files, rows = snapshot(root), posts_table(settings)
    refused = web.post(f"/stories/{story}/edit", data=form)
    assert refused.status_code == 422
    assert "아무것도 저장하지 않았습니다" in refused.text
    assert problem.replace("<", "&lt;") in refused.text
    assert 'value="&lt;b&gt;굵게&lt;/b&gt;"' in refused.text or field != "section_title_0"
    assert snapshot(root) == files and posts_table(settings) == rows


def test_change_a_sections_highlight_through_the_form(site: tuple[Path, Settings]) -> None:
    root, settings = site
    story, post_id, path = first_draft(settings)
    web = client(settings)
    with database(settings) as db:
        (content,) = db.execute("SELECT content FROM posts WHERE id = ?", (post_id,)).fetchone()
    from blogwire.postjson import post_from_json

    body = post_from_json(content).sections[0].body
    choice = next(i for i in range(len(body.sentence_groups())) if i != body.highlighted_index())
    sentence = "".join(s.text for s in body.sentence_groups()[choice]).rstrip(".")
    form = editor_form(web.get(f"/stories/{story}").text)
    form["highlight_0"] = str(choice)
    assert web.post(f"/stories/{story}/edit", data=form).status_code == 303
    text = (root / path).read_text("utf-8")
    assert f'<b><span style="color: #1a5490;">{sentence}</span></b>' in text
    assert check_post(text, path, settings.post) == []
    page = web.get(f"/stories/{story}").text
    assert f'name="highlight_0" value="{choice}" checked' in page


def test_approve_reject_and_recompose_through_the_forms(site: tuple[Path, Settings]) -> None:
    root, settings = site
    web = client(settings)
    token = csrf_of(web)
    (first, _p1, draft1), second = first_draft(settings), posts_table(settings)[1]
    approved = web.post(f"/stories/{first}/approve", data={"csrf": token})
    assert approved.status_code == 303
    assert not (root / draft1).exists()
    published = list((root / "_posts").glob("*.md"))
    assert len(published) == 1 and published[0].name.endswith(Path(draft1).name)
    row = posts_table(settings)[0]
    assert row[3] == "published" and row[1] == f"_posts/{published[0].name}"
    again = web.post(f"/stories/{first}/approve", data={"csrf": token})
    assert again.status_code == 409

    with database(settings) as db:
        (story2,) = db.execute("SELECT story_id FROM posts WHERE id = ?", (second[0],)).fetchone()
    assert web.post(f"/stories/{story2}/reject", data={"csrf": token}).status_code == 303
    assert not (root / str(second[1])).exists() and posts_table(settings)[1][3] == "rejected"
    assert "거절됨" in web.get(f"/stories/{story2}").text
    assert web.post(f"/stories/{story2}/recompose", data={"csrf": token}).status_code == 303
    assert (root / str(second[1])).exists() and posts_table(settings)[1][3] == "draft"


def test_unknown_story_and_action(site: tuple[Path, Settings]) -> None:
    _root, settings = site
    web = client(settings)
    token = csrf_of(web)
    assert web.get("/stories/999").status_code == 404
    assert web.post("/stories/1/explode", data={"csrf": token}).status_code == 404


# -- guards ----------------------------------------------------------------------


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.0.10", "example.com", "10.0.0.1"])
def test_a_non_loopback_bind_without_a_token_refuses_to_start(
    site: tuple[Path, Settings], host: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _root, settings = site
    import uvicorn

    def never(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("must not bind")

    monkeypatch.setattr(uvicorn, "run", never)
    with pytest.raises(ConfigError) as refused:
        serve(Blogwire(settings), host=host, port=8765, token=None)
    message = str(refused.value)
    assert host in message and "token" in message and "\n" not in message
    assert isinstance(refused.value, BlogwireError)
    with pytest.raises(ConfigError):
        check_bind(host, "")
    check_bind(host, TOKEN)  # with a token any address is allowed


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.10", "::1", "[::1]", "localhost"])
def test_loopback_needs_no_token(host: str) -> None:
    check_bind(host, None)


def test_with_a_token_every_request_needs_it(site: tuple[Path, Settings]) -> None:
    root, settings = site
    story, _post, _path = first_draft(settings)
    web = client(settings, token=TOKEN)
    page = web.get("/")
    assert (
        page.status_code == 401 and 'action="/login"' in page.text and "/stories/" not in page.text
    )
    files, rows = snapshot(root), posts_table(settings)
    for path in (f"/stories/{story}/approve", f"/stories/{story}/reject", "/run"):
        refused = web.post(path, data={"csrf": "whatever"})
        assert refused.status_code in (401, 403)
    assert web.get(f"/stories/{story}/preview").status_code == 401
    assert snapshot(root) == files and posts_table(settings) == rows

    assert web.post("/login", data={"token": "wrong", "next": "/"}).status_code == 401
    login = web.post("/login", data={"token": TOKEN, "next": f"/stories/{story}"})
    assert login.status_code == 303 and login.headers["location"] == f"/stories/{story}"
    cookie = login.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert web.get("/").status_code == 200
    evil = web.post("/login", data={"token": TOKEN, "next": "//evil.example/"})
    assert evil.headers["location"] == "/"


def test_bearer_token_works_and_still_needs_csrf_for_posts(site: tuple[Path, Settings]) -> None:
    root, settings = site
    story, _post, _path = first_draft(settings)
    web = client(settings, token=TOKEN)
    web.headers["Authorization"] = f"Bearer {TOKEN}"
    assert web.get("/").status_code == 200
    files = snapshot(root)
    bare = TestClient(
        create_app(Blogwire(settings), token=TOKEN), base_url=BASE, follow_redirects=False
    )
    no_session = bare.post(
        f"/stories/{story}/reject",
        headers={"Authorization": f"Bearer {TOKEN}", "Origin": BASE},
        data={"csrf": "x"},
    )
    assert no_session.status_code == 403
    wrong = web.post(f"/stories/{story}/reject", data={"csrf": "not-the-token"})
    assert wrong.status_code == 403
    missing = web.post(f"/stories/{story}/reject", data={})
    assert missing.status_code == 403
    assert snapshot(root) == files
    assert web.post(f"/stories/{story}/reject", data={"csrf": csrf_of(web)}).status_code == 303


def test_a_post_from_another_origin_is_refused(site: tuple[Path, Settings]) -> None:
    root, settings = site
    story, _post, _path = first_draft(settings)
    for token in (None, TOKEN):
        web = client(settings, token=token)
        if token:
            web.post("/login", data={"token": TOKEN, "next": "/"})
        csrf = csrf_of(web)
        files = snapshot(root)
        for headers in (
            {"Origin": "http://evil.example"},
            {"Origin": "http://127.0.0.1:9999"},
            {"Origin": "null"},
        ):
            refused = web.post(f"/stories/{story}/reject", data={"csrf": csrf}, headers=headers)
            assert refused.status_code == 403, headers
        del web.headers["Origin"]
        refused = web.post(f"/stories/{story}/reject", data={"csrf": csrf})
        assert refused.status_code == 403  # neither Origin nor Referer
        foreign = web.post(
            f"/stories/{story}/reject",
            data={"csrf": csrf},
            headers={"Referer": "http://evil.example/page"},
        )
        assert foreign.status_code == 403
        assert snapshot(root) == files
    ok = client(settings)
    del ok.headers["Origin"]
    csrf = csrf_of(ok)
    same = ok.post(
        f"/stories/{story}/reject", data={"csrf": csrf}, headers={"Referer": f"{BASE}/stories/1"}
    )
    assert same.status_code == 303


def test_without_a_token_only_loopback_host_names_are_answered(
    site: tuple[Path, Settings],
) -> None:
    _root, settings = site
    rebound = TestClient(create_app(Blogwire(settings)), base_url="http://attacker.example")
    assert rebound.get("/").status_code == 400
    assert (
        TestClient(create_app(Blogwire(settings)), base_url="http://localhost:8000")
        .get("/")
        .status_code
        == 200
    )


def test_source_text_is_escaped_on_the_story_page(site: tuple[Path, Settings]) -> None:
    _root, settings = site
    story, _post, _path = first_draft(settings)
    with database(settings) as db:
        (raw,) = db.execute(
            "SELECT paragraphs FROM articles WHERE story_id = ?", (story,)
        ).fetchone()
        paragraphs = json.loads(raw)
        paragraphs[0] = '<script>alert("x")</script><img src=x onerror=alert(1)>'
        db.execute(
            "UPDATE articles SET paragraphs = ?, title = ?, url = ? WHERE story_id = ?",
            (json.dumps(paragraphs), "<b>제목</b>", "javascript:alert(1)", story),
        )
    web = client(settings)
    page = web.get(f"/stories/{story}")
    assert page.status_code == 200
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page.text
    assert "<script" not in page.text and "<img src=x" not in page.text
    assert "&lt;b&gt;제목&lt;/b&gt;" in page.text
    assert 'href="javascript:' not in page.text
    assert "script-src" not in page.headers["content-security-policy"]  # default-src 'none'
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "SAMEORIGIN"


def test_session_cookie_is_httponly_and_strict_without_a_token(
    site: tuple[Path, Settings],
) -> None:
    _root, settings = site
    first = client(settings).get("/")
    cookie = first.headers["set-cookie"].lower()
    assert (
        cookie.startswith(SESSION_COOKIE) and "httponly" in cookie and "samesite=strict" in cookie
    )
