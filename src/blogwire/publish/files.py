"""Atomic file writes: a temp file in the same folder, fsync, then rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from blogwire.errors import PublishError


def write_atomic(path: Path, text: str) -> None:
    """Readers see the old file or the new one, never half of one."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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
