"""The review desk shows each post's copy on the WordPress target (published with its
link, failed with the reason, waiting) and sends it again on request."""

from __future__ import annotations

import html
import re
import warnings
from pathlib import Path

from blogwire.core import Blogwire
from blogwire.settings import load_settings
from blogwire.web import create_app
from publish.test_wordpress import PASSWORD_ENV, _ours, _site
from publish.wordpress import WordPress

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette asks for the httpx2 fork; httpx works
    from fastapi.testclient import TestClient

BASE = "http://127.0.0.1"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def test_the_desk_shows_a_failed_post_and_sends_it_again(tmp_path: Path, wp: WordPress) -> None:
    site = _site(tmp_path, wp)
    settings = load_settings(site / "blogwire.toml", environ={})
    wire = Blogwire(settings, environ={PASSWORD_ENV: wp.app_password})
    wp.stop()
    summary = wire.run()
    assert summary.targets[0].not_tried == 10
    story = wire.desk.queue()[0].story_id
    ((name, remote),) = wire.desk.story(story).targets
    assert name == "wp" and remote is not None and remote.state == "failed"
    assert remote.error and "cannot reach" in remote.error
    web = TestClient(
        create_app(wire), base_url=BASE, headers={"Origin": BASE}, follow_redirects=False
    )
    page = web.get(f"/stories/{story}")
    assert page.status_code == 200
    assert f"실패: {html.escape(remote.error)}" in page.text
    wp.start()
    csrf = CSRF.search(page.text)
    assert csrf
    sent = web.post(f"/stories/{story}/retry/wp", data={"csrf": csrf.group(1)})
    assert sent.status_code == 303, sent.text
    ((_, remote),) = wire.desk.story(story).targets
    assert remote is not None and remote.state == "published" and remote.remote_url
    after = web.get(f"/stories/{story}?done=retried")
    assert f'href="{html.escape(remote.remote_url)}"' in after.text
    assert "지금 보내기" not in after.text.split("게시 대상", 1)[1].split("</section>", 1)[0]
    (made,) = _ours(wp)
    assert made["id"] == remote.remote_id


def test_a_draft_goes_to_wordpress_once_approved_with_its_edits(
    tmp_path: Path, wp: WordPress
) -> None:
    from blogwire.core import PostEdit

    site = _site(tmp_path, wp)
    settings = load_settings(site / "blogwire.toml", environ={})
    wire = Blogwire(settings, environ={PASSWORD_ENV: wp.app_password})
    held = wire.run(review=True)
    assert len(held.posts) == 10 and held.targets[0].published == 0
    assert _ours(wp) == []  # drafts wait for review
    item = next(i for i in wire.desk.queue() if i.post_id is not None)
    assert item.post_id is not None
    view = wire.desk.story(item.story_id)
    assert view.targets == (("wp", None),)
    wire.desk.edit(item.post_id, PostEdit(title="편집자가 고친 제목입니다"))
    wire.desk.approve(item.post_id)
    after = wire.run(review=True)
    assert (after.targets[0].published, after.targets[0].failed) == (1, 0)
    (made,) = _ours(wp)
    assert html.unescape(str(made["title"]["raw"])) == "편집자가 고친 제목입니다"  # type: ignore[index]
