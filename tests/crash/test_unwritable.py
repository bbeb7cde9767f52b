"""A site blogwire cannot write to, or a full disk: a clear error, a consistent store,
and nothing lost once the user fixes it.

Tests run as root here, where a chmod'ed folder does not stop writes; so the folder
test makes `_posts` a FILE (which stops root too), and the chmod test skips for root.
The full disk is a real one: a 64 KB-free tmpfs mounted over the site (root only;
skipped with the reason where mounting is not allowed).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from blogwire.render.check import check_post
from blogwire.settings import PostSettings
from crash.sites import DATABASE, cli, make_site, site_state

pytestmark = pytest.mark.slow  # real `blogwire run` processes on unwritable folders, a full disk


def _unfinished_posts(site: Path) -> int:
    from blogwire.store import Store

    with Store.open(site / DATABASE) as store:
        assert store.integrity_ok()
        return len(store.posts(state="writing"))


def test_posts_folder_that_is_a_file_is_a_clear_error_then_recovered(tmp_path: Path) -> None:
    site = tmp_path / "site"
    stories = make_site(site, extra_stories=0, seed=3)
    shutil.rmtree(site / "_posts")
    (site / "_posts").write_text("not a folder\n", encoding="utf-8")
    first = cli(site, "run")
    assert first.returncode == 1, first.stderr  # every post failed, the run went on
    assert "Traceback" not in first.stderr
    assert "_posts is a file, not a folder" in first.stderr
    assert first.stderr.count("is a file, not a folder") == stories  # one line per post
    assert _unfinished_posts(site) == stories  # recorded, to be finished later
    assert (site / "_posts").read_text(encoding="utf-8") == "not a folder\n"
    again = cli(site, "run")  # still broken: the unfinished posts cannot be finished
    assert again.returncode != 0 and "Traceback" not in again.stderr
    assert "is a file, not a folder" in again.stderr
    (site / "_posts").unlink()  # the user fixes the site
    fixed = cli(site, "run")
    assert fixed.returncode == 0, fixed.stderr
    assert f"recovered {stories}" in fixed.stdout
    state = site_state(site)
    assert state.posts == state.published == state.stories == stories


def test_read_only_posts_folder(tmp_path: Path) -> None:
    site = tmp_path / "site"
    make_site(site, extra_stories=0, seed=4)
    (site / "_posts").chmod(0o555)
    try:
        probe = site / "_posts" / ".probe"
        with contextlib.suppress(OSError):
            probe.write_text("x")
        if probe.exists():
            pytest.skip("running as a user who can write to a 0o555 folder (root)")
        done = cli(site, "run")
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert "cannot write" in done.stderr and "Permission denied" in done.stderr
        assert _unfinished_posts(site) > 0
    finally:
        (site / "_posts").chmod(0o755)
    fixed = cli(site, "run")
    assert fixed.returncode == 0, fixed.stderr
    state = site_state(site)
    assert state.posts == state.stories


@contextlib.contextmanager
def _tmpfs(folder: Path, size: str) -> Iterator[Path]:
    folder.mkdir(parents=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs (a real full disk) needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_full_disk_is_a_clear_error_and_the_store_stays_consistent(tmp_path: Path) -> None:
    with _tmpfs(tmp_path / "disk", "2m") as disk:
        site = disk / "site"
        stories = make_site(site, extra_stories=0, seed=5)
        # fill the disk, leaving 64 KB: room to open the store, not for the run's work
        filler = disk / "filler"
        free = shutil.disk_usage(disk).free
        filler.write_bytes(b"\0" * max(0, free - 64 * 1024))
        full = cli(site, "run")
        assert full.returncode in (1, 2), full.stdout + full.stderr
        assert "Traceback" not in full.stderr
        assert "disk is full" in full.stderr or "No space left on device" in full.stderr
        # while the disk is still full: the store reads as consistent (blogwire's own
        # Store.open must write, so plain read-only SQLite), every post file is whole
        database = sqlite3.connect(f"file:{site / DATABASE}?mode=ro", uri=True)
        try:
            assert database.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        finally:
            database.close()
        posts = list((site / "_posts").glob("*.md"))
        assert len(posts) < stories
        for post in posts:
            assert check_post(post.read_text(encoding="utf-8"), str(post), PostSettings()) == []
        assert not list(site.rglob("*.tmp"))
        filler.unlink()  # the user frees some space
        assert site_state(site).posts == len(posts)
        fixed = cli(site, "run")
        assert fixed.returncode == 0, fixed.stdout + fixed.stderr
        state = site_state(site)
        assert state.posts == state.published == state.stories == stories
        assert not state.temps
