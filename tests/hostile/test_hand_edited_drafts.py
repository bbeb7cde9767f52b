"""Issue 19 item 10: a draft edited by hand in `_drafts/` is never silently discarded.

Before, any edit in the desk rendered the stored draft over the file (the hand edit
gone), and approve published the file while the editor showed the stored text. The
store now keeps the hash of the text blogwire wrote (posts.file_hash): a draft file
with another hash is "edited on disk". The desk shows it; the form edits, re-compose
and approve refuse with the reason until the editor takes the file's text or keeps
the stored one.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from blogwire.core import Blogwire
from blogwire.errors import WrongStateError
from blogwire.review import PostEdit
from blogwire.settings import Settings

from reviewsite import review_site

HAND_TITLE = "손으로 고친 제목"


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Settings]:
    return review_site(tmp_path / "site")


def _hand_edited(root: Path, wire: Blogwire) -> tuple[int, int, Path, str, str]:
    """The first draft, its file edited by hand (a new title): (story, post, file,
    text before, text after)."""
    item = next(i for i in wire.desk.queue() if i.status == "draft")
    assert item.post_id is not None and item.path is not None
    draft = root / item.path
    before = draft.read_text(encoding="utf-8")
    view = wire.desk.story(item.story_id)
    assert view.content is not None and not view.edited_on_disk
    after = before.replace(view.content.title, HAND_TITLE, 1)
    assert after != before
    draft.write_text(after, encoding="utf-8")
    return item.story_id, item.post_id, draft, before, after


def test_a_desk_edit_never_writes_over_a_hand_edit(site: tuple[Path, Settings]) -> None:
    root, settings = site
    wire = Blogwire(settings)
    story, post_id, draft, _before, after = _hand_edited(root, wire)
    assert wire.desk.story(story).edited_on_disk
    with pytest.raises(WrongStateError, match="edited on disk"):
        wire.desk.edit(post_id, PostEdit(headline="데스크에서 고친 헤드라인"))
    with pytest.raises(WrongStateError, match="edited on disk"):
        wire.desk.recompose(post_id)
    assert draft.read_text(encoding="utf-8") == after  # the hand edit is still there


def test_approve_refuses_until_the_editor_chooses_then_publishes_the_file(
    site: tuple[Path, Settings],
) -> None:
    root, settings = site
    wire = Blogwire(settings)
    story, post_id, draft, _before, after = _hand_edited(root, wire)
    with pytest.raises(WrongStateError, match="edited on disk"):
        wire.desk.approve(post_id)
    assert not list((root / "_posts").glob("*.md"))

    taken = wire.desk.take_file(post_id)
    assert taken.file_taken
    assert not wire.desk.story(story).edited_on_disk
    # the form would write the stored text over the file taken: it is off
    with pytest.raises(WrongStateError):
        wire.desk.edit(post_id, PostEdit(headline="데스크에서 고친 헤드라인"))
    published = wire.desk.approve(post_id)
    assert (root / published.path).read_text(encoding="utf-8") == after
    assert HAND_TITLE in after and not draft.exists()


def test_keep_stored_writes_the_stored_draft_back_and_editing_goes_on(
    site: tuple[Path, Settings],
) -> None:
    root, settings = site
    wire = Blogwire(settings)
    story, post_id, draft, before, _after = _hand_edited(root, wire)
    wire.desk.keep_stored(post_id)
    assert draft.read_text(encoding="utf-8") == before
    assert not wire.desk.story(story).edited_on_disk
    wire.desk.edit(post_id, PostEdit(headline="데스크에서 고친 헤드라인"))
    published = wire.desk.approve(post_id)
    assert "데스크에서 고친 헤드라인" in (root / published.path).read_text(encoding="utf-8")


def test_the_story_page_shows_the_hand_edit_and_approve_says_why_not(
    site: tuple[Path, Settings],
) -> None:
    from fastapi.testclient import TestClient

    from blogwire.web import create_app

    root, settings = site
    wire = Blogwire(settings)
    story, _post_id, draft, _before, after = _hand_edited(root, wire)
    base = "http://127.0.0.1:8000"
    web = TestClient(
        create_app(wire), base_url=base, headers={"Origin": base}, follow_redirects=False
    )
    page = web.get(f"/stories/{story}")
    assert page.status_code == 200 and "디스크에서 고친 초안입니다" in page.text
    match = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert match is not None
    csrf = match.group(1)
    refused = web.post(f"/stories/{story}/approve", data={"csrf": csrf})
    assert refused.status_code == 409 and "edited on disk" in refused.text
    assert web.post(f"/stories/{story}/sentences", data={"csrf": csrf}).status_code == 409
    assert draft.read_text(encoding="utf-8") == after
    assert web.post(f"/stories/{story}/take-file", data={"csrf": csrf}).status_code == 303
    assert "디스크에서 고친 파일 그대로" in web.get(f"/stories/{story}").text
    assert web.post(f"/stories/{story}/approve", data={"csrf": csrf}).status_code == 303
    published = list((root / "_posts").glob("*.md"))
    assert len(published) == 1 and published[0].read_text(encoding="utf-8") == after


def test_a_half_done_approve_is_completed_or_undone_by_the_next_desk_action(
    site: tuple[Path, Settings],
) -> None:
    """In-process twin of tests/crash/test_desk_moves.py (which kills a real `serve`):
    the store's intent says where the file was going; the desk finishes the move if
    the file arrived, and undoes it if not."""
    from blogwire.store import Store

    root, settings = site
    wire = Blogwire(settings)
    drafts = [i for i in wire.desk.queue() if i.status == "draft"]
    assert len(drafts) >= 2
    arrived, lost = drafts[:2]
    with Store.open(root / settings.run.database) as store:
        for item, target in ((arrived, "_posts/2026-11-09-arrived.md"), (lost, "_posts/x.md")):
            assert item.post_id is not None and item.path is not None
            record = store.find_post(item.post_id)
            assert record is not None and record.file_hash is not None
            store.set_intent(item.post_id, "approve", target)
        assert arrived.path is not None
        (root / "_posts" / "2026-11-09-arrived.md").write_bytes((root / arrived.path).read_bytes())
        assert len(store.posts_in_flight()) == 2
    states = {i.story_id: i for i in wire.desk.queue()}
    assert states[arrived.story_id].status == "published"
    assert states[arrived.story_id].path == "_posts/2026-11-09-arrived.md"
    assert not (root / arrived.path).exists()
    assert states[lost.story_id].status == "draft" and lost.path is not None
    assert (root / lost.path).exists() and not (root / "_posts" / "x.md").exists()
    with Store.open(root / settings.run.database) as store:
        assert store.posts_in_flight() == []
