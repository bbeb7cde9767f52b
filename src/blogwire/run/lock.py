"""One `blogwire run` at a time per site: an exclusive lock on a file in the site.

flock is released by the kernel when the process dies, so a run killed with
SIGKILL never leaves a stale lock behind. The lock file is opened with O_NOFOLLOW:
a cloned site may ship `.blogwire/run.lock` as a symbolic link to one of the user's
files, which must never be truncated and overwritten with a process id.
"""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path
from types import TracebackType

from blogwire.errors import ConfigError, RunLockedError


class RunLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def __enter__(self) -> RunLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # .blogwire is a file, or the site is not writable
            raise ConfigError(
                f"cannot create the folder {self.path.parent.name}: {exc.strerror or exc}",
                subject=str(self.path.parent),
            ) from None
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise ConfigError(
                    "is a symbolic link; blogwire will not follow it (delete it and run again)",
                    subject=str(self.path),
                ) from None
            raise ConfigError(
                f"cannot open the run lock: {exc.strerror or exc}", subject=str(self.path)
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise RunLockedError(
                "another blogwire run is working on this site; try again when it ends",
                subject=str(self.path.parent.parent),
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
