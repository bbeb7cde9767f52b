"""The review UI in a real browser: Debian's Chromium driven by Playwright, against
uvicorn on 127.0.0.1 with a token and a real site. Log in, open a draft, edit its
title and a section's highlight, approve it; then the post is on disk and in the
built site. Screenshots of the queue, the editor and the preview go to tmp_path.

Without a browser (no /usr/bin/chromium, or no playwright) the test is skipped with
the reason, except under CI=true, where that is a failure.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from blogwire.core import Blogwire
from blogwire.render.check import check_post
from blogwire.settings import Settings
from blogwire.web import create_app

from reviewsite import review_site

pytestmark = pytest.mark.slow  # Chromium driven by Playwright against a real uvicorn server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
TOKEN = "browser-test-token"
NEW_TITLE = "브라우저에서 고친 제목"


def _no_browser(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must run the browser test")
    pytest.skip(reason)


@pytest.fixture
def playwright() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _no_browser(f"{CHROMIUM} is missing (apt-get install chromium fonts-nanum)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        _no_browser(f"playwright is not installed ({exc}); pip install -e '.[test]'")
    with sync_playwright() as p:
        yield p


@contextmanager
def running(settings: Settings, token: str) -> Iterator[str]:
    """uvicorn serving the app on a free loopback port, in a thread of this process."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(Blogwire(settings), token=token), log_level="warning", lifespan="off"
        )
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def is_png(path: Path) -> bool:
    data = path.read_bytes()
    return data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 2000


def test_review_a_draft_in_the_browser(playwright: Any, tmp_path: Path) -> None:
    root, settings = review_site(tmp_path / "site")
    shots = tmp_path / "screenshots"
    shots.mkdir()
    with running(settings, TOKEN) as base:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="ko-KR")
            page.set_default_timeout(30_000)

            # the token is asked for first; the queue comes after logging in
            assert page.goto(f"{base}/").status == 401
            page.fill('input[name="token"]', TOKEN)
            page.click('button:has-text("로그인")')
            page.wait_for_selector("table.queue")
            assert page.locator("table.queue tbody tr").count() == 10
            page.screenshot(path=str(shots / "queue.png"), full_page=True)

            # open a draft, edit its title and move section 1's highlight
            link = page.locator("table.queue td.title a").first
            story_url = link.get_attribute("href")
            link.click()
            page.wait_for_selector("form.editor")
            page.fill('input[name="title"]', NEW_TITLE)
            choices = page.locator("fieldset.section").first.locator("label.sentence")
            pick = next(
                n
                for n in range(choices.count())
                if not choices.nth(n).locator("input").is_checked()
            )
            sentence = re.sub(r"[.!?]+$", "", choices.nth(pick).inner_text().strip())
            choices.nth(pick).locator("input").check()
            page.screenshot(path=str(shots / "editor.png"), full_page=True)
            page.click('button:has-text("검사하고 저장")')
            page.wait_for_selector(".notice.ok")
            assert page.input_value('input[name="title"]') == NEW_TITLE

            preview = browser.new_page(viewport={"width": 1200, "height": 1000})
            assert preview.goto(f"{base}{story_url}/preview").status == 401  # no session here
            preview.close()
            page.goto(f"{base}{story_url}/preview")
            assert NEW_TITLE in page.content()
            page.screenshot(path=str(shots / "preview.png"), full_page=True)

            page.goto(f"{base}{story_url}")
            page.click('button:has-text("승인하고 게시")')
            page.wait_for_selector(".notice.ok")
            assert "게시됨" in page.inner_text(".story-head")
        finally:
            browser.close()

    for name in ("queue", "editor", "preview"):
        assert is_png(shots / f"{name}.png"), name

    published = list((root / "_posts").glob("*.md"))
    assert len(published) == 1
    text = published[0].read_text(encoding="utf-8")
    assert f"title: {NEW_TITLE}\n" in text
    assert f'<b><span style="color: #1a5490;">{sentence}</span></b>' in text
    assert check_post(text, str(published[0]), settings.post) == []
    assert len(list((root / "_drafts").glob("*.md"))) == 9

    try:
        from blogwire.site import build_site
    except ImportError:
        return  # the static site builder is not part of this version
    result = build_site(settings, tmp_path / "_site")
    pages = [p.read_text(encoding="utf-8") for p in result.out_dir.rglob("index.html")]
    assert any(NEW_TITLE in p and sentence in p for p in pages)
