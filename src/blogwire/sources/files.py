"""Read a local file into a Document; `read_limited`, the one way blogwire reads a
file it did not write (a source, a feed file, a post for `check` or `build`)."""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

from blogwire.errors import SourceError
from blogwire.models import Document
from blogwire.settings import FetchSettings
from blogwire.sources.charset import binary_kind, decode

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})


def read_file(path: Path, settings: FetchSettings) -> Document:
    origin = str(path)
    if not path.exists():
        raise SourceError("no such file", subject=origin)
    if path.is_dir():
        raise SourceError("is a folder, not a file", subject=origin)
    suffix = path.suffix.lower()
    if suffix not in HTML_SUFFIXES | TEXT_SUFFIXES:
        raise SourceError(
            "unsupported file type (expected .html, .htm, .txt or .md)", subject=origin
        )
    data = read_capped(path, settings, what="file", expected="a web page or text file")
    is_html = suffix in HTML_SUFFIXES
    text, encoding = decode(data, is_html=is_html)
    return Document(origin=origin, text=text, kind="html" if is_html else "text", encoding=encoding)


def read_capped(path: Path, settings: FetchSettings, *, what: str, expected: str) -> bytes:
    """A local file's bytes within the size cap (`read_limited`), not empty, not
    binary. `what` names the file in messages ("file", "feed file")."""
    subject = str(path)
    data = read_limited(path, settings.max_bytes, what=what)
    if not data.strip():
        raise SourceError(f"{what} is empty", subject=subject)
    kind = binary_kind(data)
    if kind:
        raise SourceError(f"not {expected}: it is {kind}", subject=subject, permanent=True)
    return data


_READ_CHUNK = 1 << 20


def read_limited(path: Path, max_bytes: int, *, what: str) -> bytes:
    """The bytes of a regular file, read in chunks and stopped past `max_bytes`.

    The size is counted while reading, never taken from st_size (0 for /dev/zero, a
    FIFO or a file that grows). Anything but a regular file (a device, a named pipe, a
    socket, a folder) is refused before a byte is read; the file is opened
    non-blocking, so a FIFO with no writer cannot hold the process. SourceError with
    one line otherwise.
    """
    subject = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise SourceError(f"no such {what}", subject=subject) from None
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}", subject=subject) from exc
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise SourceError(f"is a folder, not a {what}", subject=subject)
        if not stat.S_ISREG(mode):
            raise SourceError(
                f"not a regular file ({_kind(mode)}); only regular files are read",
                subject=subject,
                permanent=True,
            )
        chunks: list[bytes] = []
        total = 0
        while chunk := os.read(fd, min(_READ_CHUNK, max_bytes + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise SourceError(
                    f"{what} is over the {max_bytes:,}-byte limit", subject=subject, permanent=True
                )
        return b"".join(chunks)
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}", subject=subject) from exc
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def expand_sources(sources: Sequence[str]) -> list[str]:
    """Folders become the .html/.htm/.txt/.md files inside them, sorted."""
    out: list[str] = []
    for source in sources:
        folder = Path(source)
        if "://" not in source and folder.is_dir():
            out.extend(
                str(p)
                for p in sorted(folder.rglob("*"))
                if p.is_file() and p.suffix.lower() in HTML_SUFFIXES | TEXT_SUFFIXES
            )
        else:
            out.append(source)
    return out
