"""Issue 19 item 8: approve and reject are crash-consistent with the file system.

`blogwire serve` killed (SIGKILL, at a named fault point, blogwire.faults) in the
middle of an approve used to leave the file in `_posts/` while the store still said
'draft'; a reject then removed the draft and left the published file, and `blogwire
build` published a rejected post. Now the store records the move before the file
moves (posts.intent, store migration 0007) and the next desk action completes or
undoes it: at every moment the files in `_posts/` are exactly the posts the store
calls published.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from blogwire.core import Blogwire
from blogwire.errors import WrongStateError
from blogwire.settings import Settings
from crash.sites import blogwire_env, cli

from reviewsite import review_site

pytestmark = pytest.mark.slow  # a real `blogwire serve` process, killed with SIGKILL

_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _killed_during(site: Path, action: str, story_id: int, point: str) -> None:
    """`blogwire serve` in `site`, asked to `action` the story's draft, dies at `point`."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "blogwire", "serve", "--port", str(port)],
        cwd=site,
        env={**blogwire_env(), "BLOGWIRE_CRASH_AT": point},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    page = client.get(f"/stories/{story_id}")
                    break
                except httpx.TransportError:
                    assert server.poll() is None and time.monotonic() < deadline, "no server"
                    time.sleep(0.2)
            assert page.status_code == 200
            csrf = _CSRF.search(page.text)
            assert csrf is not None
            with pytest.raises(httpx.TransportError):  # the server dies mid-request
                client.post(
                    f"/stories/{story_id}/{action}",
                    data={"csrf": csrf[1]},
                    headers={"origin": base},
                )
        assert server.wait(timeout=30) == -9
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def _published_files_match_the_store(site: Path, settings: Settings) -> None:
    """What `build` publishes (every file in _posts/) is what the store calls published."""
    on_disk = {p.relative_to(site).as_posix() for p in (site / "_posts").glob("*.md")}
    queue = Blogwire(settings).desk.queue()
    published = {i.path for i in queue if i.status == "published"}
    assert on_disk == published


def _first_draft(settings: Settings) -> tuple[int, int, str]:
    drafts = [i for i in Blogwire(settings).desk.queue() if i.status == "draft"]
    assert drafts
    item = drafts[0]
    assert item.post_id is not None and item.path is not None
    return item.story_id, item.post_id, item.path


def test_serve_killed_after_the_file_reached_posts_then_reject(tmp_path: Path) -> None:
    site, settings = review_site(tmp_path / "site")
    story_id, post_id, draft = _first_draft(settings)
    _killed_during(site, "approve", story_id, "approve:written")
    assert list((site / "_posts").glob("*.md")), "the file should have reached _posts/"

    desk = Blogwire(settings).desk
    # the approve was recorded before the file moved: the desk completes it
    with pytest.raises(WrongStateError):
        desk.reject(post_id)
    _published_files_match_the_store(site, settings)
    view = desk.story(story_id)
    assert view.post is not None and view.post.state == "published"
    assert not (site / draft).exists()
    built = cli(site, "build")
    assert built.returncode == 0, built.stderr
    pages = [p for p in (site / "_site").rglob("index.html") if "/20" in p.as_posix()]
    assert len(pages) == 1  # the one approved post, and nothing rejected


def test_serve_killed_before_the_file_moved_undoes_the_approve(tmp_path: Path) -> None:
    site, settings = review_site(tmp_path / "site")
    story_id, post_id, draft = _first_draft(settings)
    text = (site / draft).read_text(encoding="utf-8")
    _killed_during(site, "approve", story_id, "approve:decided")
    desk = Blogwire(settings).desk
    view = desk.story(story_id)
    assert view.post is not None and view.post.state == "draft"
    assert (site / draft).read_text(encoding="utf-8") == text
    _published_files_match_the_store(site, settings)
    desk.reject(post_id)
    assert not (site / draft).exists()
    _published_files_match_the_store(site, settings)


def test_serve_killed_during_a_reject_removes_the_draft_next_time(tmp_path: Path) -> None:
    site, settings = review_site(tmp_path / "site")
    story_id, _post_id, draft = _first_draft(settings)
    _killed_during(site, "reject", story_id, "reject:decided")
    desk = Blogwire(settings).desk
    view = desk.story(story_id)
    assert view.post is not None and view.post.state == "rejected"
    assert not (site / draft).exists()
    _published_files_match_the_store(site, settings)
