"""Atomic writes: whole files only, readable modes, nothing left behind on failure."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from blogwire.errors import PublishError
from blogwire.publish import write_atomic


def test_new_file_is_world_readable_and_existing_mode_is_kept(tmp_path: Path) -> None:
    post = tmp_path / "_posts" / "a.md"
    write_atomic(post, "첫 글\n")
    assert stat.S_IMODE(post.stat().st_mode) == 0o644
    post.chmod(0o600)
    write_atomic(post, "고친 글\n")
    assert post.read_text(encoding="utf-8") == "고친 글\n"
    assert stat.S_IMODE(post.stat().st_mode) == 0o600


def test_failed_write_leaves_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "post.md"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(PublishError) as info:
        write_atomic(target, "\ud800 not encodable")
    assert str(target) in str(info.value)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["post.md"]
