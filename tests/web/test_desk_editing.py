"""Sentence editing in the review desk, in a real browser (issue 15 item 8): Debian's
Chromium driven by Playwright against uvicorn on 127.0.0.1 with a real site. The
editor changes a sentence and adds their own in the sentence editor, saves (the edit
is re-rendered and re-checked), approves, and both are in the published post; the
store keeps the added sentence as the editor's.

Without a browser the test is skipped with the reason, except under CI=true.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from blogwire.core import Blogwire
from blogwire.models import Voice
from blogwire.render.check import check_post
from web.test_browser import CHROMIUM, CHROMIUM_ARGS, playwright, running  # noqa: F401

from reviewsite import review_site

pytestmark = pytest.mark.slow  # Chromium driven by Playwright against a real uvicorn server

TOKEN = "desk-editing-token"
CHANGED = "편집자가 브라우저에서 고친 문장입니다."
OWN = "편집자가 직접 덧붙인 설명입니다."


def test_edit_and_add_sentences_in_the_browser_then_publish(
    playwright: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    root, settings = review_site(tmp_path / "site")
    with running(settings, TOKEN) as base:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="ko-KR")
            page.set_default_timeout(30_000)
            page.goto(f"{base}/")
            page.fill('input[name="token"]', TOKEN)
            page.click('button:has-text("로그인")')
            page.wait_for_selector("table.queue")
            page.locator("table.queue td.title a").first.click()
            page.click("text=문장 편집")
            page.wait_for_selector("form.sentences")

            section = page.locator("fieldset.section").first
            boxes = section.locator(".sentence-row:not(.new)")
            assert boxes.count() >= 2
            # change a sentence that is not the highlighted one
            pick = next(
                n
                for n in range(boxes.count())
                if not boxes.nth(n).locator("input[type=radio]").is_checked()
            )
            boxes.nth(pick).locator("textarea").fill(CHANGED)
            section.locator(".sentence-row.new textarea").fill(OWN)
            page.screenshot(path=str(tmp_path / "sentences.png"), full_page=True)
            page.click('button:has-text("검사하고 저장")')
            page.wait_for_selector(".notice.ok")
            story_url = page.url.split("?")[0]

            page.goto(story_url)
            page.click('button:has-text("승인하고 게시")')
            page.wait_for_selector(".notice.ok")
            assert "게시됨" in page.inner_text(".story-head")
        finally:
            browser.close()

    published = list((root / "_posts").glob("*.md"))
    assert len(published) == 1
    text = published[0].read_text(encoding="utf-8")
    assert CHANGED in text and OWN in text
    assert check_post(text, str(published[0]), settings.post) == []

    story_id = int(story_url.rstrip("/").rsplit("/", 1)[1])
    content = Blogwire(settings).desk.story(story_id).content
    assert content is not None
    body = content.sections[0].body
    sentences = ["".join(s.text for s in g) for g in body.sentence_groups()]
    assert sentences[-1] == OWN and body.voice(len(sentences) - 1) == Voice.EDITOR
    assert body.voice(sentences.index(CHANGED)) == Voice.EDITOR
