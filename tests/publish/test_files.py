"""Atomic writes: whole files only, readable modes, nothing left behind on failure."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from blogwire.errors import PublishError
from blogwire.publish import files, write_atomic


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


def test_a_folder_is_swept_for_stale_temps_once_per_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # listing the folder before every write made a batch cost the square of the site's size
    swept: list[Path] = []
    real = files.remove_stale_temps

    def counted(folder: Path) -> list[Path]:
        swept.append(folder)
        return real(folder)

    monkeypatch.setattr(files, "remove_stale_temps", counted)
    for n in range(3):
        write_atomic(tmp_path / "_posts" / f"{n}.md", "글\n")
    write_atomic(tmp_path / "html" / "a.html", "<p>글</p>\n")
    assert swept == [tmp_path / "_posts", tmp_path / "html"]


def test_a_folder_that_could_not_be_swept_is_tried_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []

    def failing(folder: Path) -> list[Path]:
        calls.append(folder)
        raise PermissionError("cannot list")

    monkeypatch.setattr(files, "remove_stale_temps", failing)
    for _ in range(2):
        with pytest.raises(PublishError):
            write_atomic(tmp_path / "post.md", "글\n")
    assert calls == [tmp_path, tmp_path]
