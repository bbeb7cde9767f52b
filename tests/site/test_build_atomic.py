"""Issue 19 item 19: `blogwire build` as a real process, killed, starved of disk,
pointed at a symbolic link loop. The output is replaced in one step, so at every
moment the site is the old one or the new one, never missing; what a killed build
leaves beside it is removed by the next build; every failure is one line.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # real `blogwire build` processes, killed (~50 s)

BLOGWIRE = [sys.executable, "-m", "blogwire"]
MARKER = ".blogwire-site"


def build(site: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("BLOGWIRE_")}
    return subprocess.run(
        [*BLOGWIRE, "build", *args],
        cwd=site,
        env={**clean, "COLUMNS": "250", **env},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), done.stderr
    return lines[0]


def leftovers(folder: Path, name: str = "_site") -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(f".{name}."))


def complete(out: Path) -> bool:
    return (
        (out / MARKER).is_file() and (out / "index.html").is_file() and (out / "feed.xml").is_file()
    )


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_an_output_folder_in_a_symbolic_link_loop_is_one_line(site: Path) -> None:
    (site / "loop").symlink_to("loop")
    (site / "a").symlink_to("b")
    (site / "b").symlink_to("a")
    for output in ("loop", "a/out", str(site / "loop" / "deeper")):
        message = one_line_error(build(site, "-o", output))
        assert "output folder" in message, message
    assert not leftovers(site)


@contextlib.contextmanager
def tmpfs(folder: Path, size: int) -> Iterator[Path]:
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


def test_a_full_disk_is_one_line_and_keeps_the_previous_site(site: Path, tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", 16 * 1024 * 1024) as disk:
        out = disk / "out"
        free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
        assert build(site, "-o", str(out)).returncode == 0
        before = tree(out)
        assert complete(out) and before
        stats = os.statvfs(disk)
        used = free - stats.f_bavail * stats.f_frsize
        assert used > 0
        # fill the disk but for half a site: the next build cannot fit beside this one
        (disk / "filler").write_bytes(b"\0" * (stats.f_bavail * stats.f_frsize - used // 2))
        message = one_line_error(build(site, "-o", str(out)))
        assert "No space left" in message, message
        assert tree(out) == before
        assert not leftovers(disk, "out")


@pytest.mark.parametrize("point", ["staged", "swap"])
def test_a_build_killed_before_or_at_the_swap_leaves_a_site_and_its_work_is_swept(
    site: Path, point: str
) -> None:
    assert build(site).returncode == 0
    out = site / "_site"
    before = tree(out)
    killed = build(site, BLOGWIRE_CRASH_AT=f"build:{point}")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert complete(out), f"no whole site after a kill at {point}: {sorted(os.listdir(site))}"
    assert leftovers(site), "the kill should have left its work folder"
    assert build(site).returncode == 0
    assert not leftovers(site)
    assert tree(out) == before  # same posts, same bytes


def test_two_builds_at_once_one_says_so(site: Path) -> None:
    import fcntl

    fd = os.open(site, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # what a running build holds
        message = one_line_error(build(site))
        assert "another build" in message
    finally:
        os.close(fd)
    assert build(site).returncode == 0


def test_random_kills_never_leave_the_site_missing(site: Path) -> None:
    posts = sorted((site / "_posts").glob("*.md"))
    assert posts
    for n in range(30):  # a bigger site: a build lasts long enough to be hit anywhere
        for post in posts:
            stem = post.name.removesuffix(".md")
            (post.parent / f"{stem}-copy{n}.md").write_bytes(post.read_bytes())
    assert build(site).returncode == 0
    out = site / "_site"
    rng = random.Random(20261203)
    clean = {k: v for k, v in os.environ.items() if not k.startswith("BLOGWIRE_")}
    started = time.monotonic()
    assert build(site).returncode == 0
    length = time.monotonic() - started
    for _ in range(12):
        process = subprocess.Popen(
            [*BLOGWIRE, "build"],
            cwd=site,
            env=clean,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + rng.uniform(0.3, length * 1.1)
        while time.monotonic() < deadline and process.poll() is None:
            assert complete(out), sorted(os.listdir(site))
            time.sleep(0.005)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert complete(out), sorted(os.listdir(site))
    assert build(site).returncode == 0
    assert not leftovers(site) and complete(out)


def test_where_the_exchange_is_not_supported_two_renames_replace_the_site(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from blogwire.settings import Settings
    from blogwire.site import build_site, output

    settings = Settings(site_dir=site)
    build_site(settings)
    out = site / "_site"
    (out / "stale.html").write_text("from an older build", encoding="utf-8")
    monkeypatch.setattr(output, "_exchange", lambda _one, _other: False)
    build_site(settings)
    assert complete(out) and not (out / "stale.html").exists()
    assert not leftovers(site)
