"""Atomic file writes: a temp file in the same folder, fsync, then rename.

A write killed between the temp file and the rename (SIGKILL, power loss) leaves the
temp file behind. Its name carries the writer's process id, so the first write of a
process into a folder removes the temp files of writers that are gone, and only those:
a live writer's temp file is never touched. Later writes of the same process into that
folder skip the sweep, which lists the whole folder: sweeping before every write made a
batch cost the square of the site's size (10.8 ms a post with 10,000 posts).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import tempfile
import threading
from pathlib import Path

from blogwire.errors import PublishError

# ".<target name>.<pid>.<mkstemp's random part>.tmp"
_TEMP = re.compile(r"^\..+\.(\d+)\.[a-z0-9_]+\.tmp$")
# Folders this process has swept (absolute paths); writes may come from several threads.
_swept: set[str] = set()
_swept_lock = threading.Lock()


def text_hash(text: str) -> str:
    """SHA-256 (hex) of a post's text as written to disk (UTF-8): what the store keeps
    of a file blogwire writes, to know it again later."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_hash(path: Path) -> str | None:
    """SHA-256 (hex) of the regular file at `path`; None when nothing is there, and ""
    (equal to no text's hash) for anything else there: a link, a folder, a pipe, a
    file that cannot be read. Read without following a link or blocking on a pipe."""
    if not os.path.lexists(path):
        return None
    digest = hashlib.sha256()
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return ""
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        with os.fdopen(fd, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 16), b""):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()


def write_atomic(path: Path, text: str) -> None:
    """Readers see the old file or the new one, never half of one."""
    blocker = next((p for p in (path.parent, *path.parent.parents) if p.is_file()), None)
    if blocker is not None:
        raise PublishError(f"cannot write: {blocker} is a file, not a folder", subject=str(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _sweep_once(path.parent)
        fd, tmp = tempfile.mkstemp(
            prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent
        )
    except OSError as exc:
        raise PublishError(
            f"cannot write: {getattr(exc, 'strerror', None) or exc}", subject=str(path)
        ) from exc
    try:
        # mkstemp makes the file private (0600); a post must stay readable by the web
        # server and by git like any file the user creates, so keep the old mode or 0644
        os.fchmod(fd, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except (OSError, UnicodeError) as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise PublishError(
            f"cannot write: {getattr(exc, 'strerror', None) or exc}", subject=str(path)
        ) from exc


def _sweep_once(folder: Path) -> None:
    """`remove_stale_temps` on the first write of this process into `folder`."""
    key = os.path.abspath(folder)
    with _swept_lock:
        if key in _swept:
            return
        remove_stale_temps(folder)
        # only after a sweep that worked: a folder that could not be listed is tried again
        _swept.add(key)


def remove_stale_temps(folder: Path) -> list[Path]:
    """Delete the temp files in `folder` left by writers that no longer run; returns them."""
    removed: list[Path] = []
    for entry in folder.iterdir():
        match = _TEMP.match(entry.name)
        if match and not _alive(int(match.group(1))):
            with contextlib.suppress(OSError):
                entry.unlink()
                removed.append(entry)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # another user's process, or we cannot tell: keep its file
    return True
