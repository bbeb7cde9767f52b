"""Issue 19 item 7: a file the user puts where a killed run meant to write a post.

A run killed after recording a post ('writing') and before writing its file leaves
the path free; the user puts their own file there; the next run's recovery used to
write the post over it (SECURITY.md: a file already in the site is never
overwritten). Recovery now compares the file with the hash recorded with the intent
(store migration 0007, `posts.file_hash`): its own text is finished, anything else is
left alone and recorded as a conflict with a one-line reason.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from blogwire.publish import text_hash
from blogwire.store import Store
from crash.sites import DATABASE, blogwire_env, cli

pytestmark = pytest.mark.slow  # real `blogwire run` processes, one killed with SIGKILL

USERS_OWN = "---\ntitle: 내가 직접 쓴 글\n---\n이 파일은 사용자의 것입니다.\n"


def _killed_run(site: Path, point: str) -> None:
    killed = subprocess.run(
        [sys.executable, "-m", "blogwire", "run"],
        cwd=site,
        env={**blogwire_env(), "BLOGWIRE_CRASH_AT": point},
        capture_output=True,
        check=False,
    )
    assert killed.returncode == -9, killed.stderr


def _writing(site: Path) -> tuple[int, str, str | None]:
    with Store.open(site / DATABASE) as store:
        records = store.posts(state="writing")
    assert len(records) == 1, records
    return records[0].id, records[0].path, records[0].file_hash


def test_recovery_leaves_a_file_the_user_put_where_the_post_was_going(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert cli(tmp_path, "init", str(site), "--demo").returncode == 0
    _killed_run(site, "begin:1")  # post 1 recorded, its file not written
    post_id, path, recorded = _writing(site)
    assert recorded is not None and len(recorded) == 64  # the hash came with the intent
    target = site / path
    assert not target.exists()
    target.write_text(USERS_OWN, encoding="utf-8")

    rerun = cli(site, "run")
    assert target.read_text(encoding="utf-8") == USERS_OWN, "recovery wrote over the user's file"
    assert rerun.returncode == 1, rerun.stdout  # some failed: the conflict is the user's to see
    said = " ".join(rerun.stderr.split())
    assert "not the file this post was writing" in said, rerun.stderr
    with Store.open(site / DATABASE) as store:
        record = store.find_post(post_id)
        assert record is not None and record.state == "writing"
        assert record.conflict is not None and "\n" not in record.conflict
        assert path in record.conflict
        assert record.file_hash == recorded  # the intent stands, for when the path is free

    # the user moves their file away: the next run finishes the post where it was going
    target.rename(tmp_path / "mine.md")
    again = cli(site, "run")
    assert again.returncode == 0 and "recovered 1" in again.stdout, again.stdout
    with Store.open(site / DATABASE) as store:
        record = store.find_post(post_id)
        assert record is not None and record.state == "published" and record.conflict is None
        assert record.file_hash == text_hash(target.read_text(encoding="utf-8"))


def test_recovery_finishes_its_own_file_without_writing_it_again(tmp_path: Path) -> None:
    """Killed after the file and before the store said so: the file there is the one
    the post was writing (same hash), so recovery finishes it and leaves the bytes."""
    site = tmp_path / "site"
    assert cli(tmp_path, "init", str(site), "--demo").returncode == 0
    _killed_run(site, "written:1")
    post_id, path, recorded = _writing(site)
    target = site / path
    assert text_hash(target.read_text(encoding="utf-8")) == recorded
    before = target.stat().st_mtime_ns
    rerun = cli(site, "run")
    assert rerun.returncode == 0 and "recovered 1" in rerun.stdout, rerun.stdout
    assert target.stat().st_mtime_ns == before
    with Store.open(site / DATABASE) as store:
        record = store.find_post(post_id)
        assert record is not None and record.state == "published"
