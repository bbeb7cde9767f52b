"""The Korean analyzer (kiwipiepy), loaded lazily and once per process.

Importing this module is cheap; the model (~0.9 s, ~340 MB) loads on the first
call to `kiwi()`, so `blogwire --help` never pays for it.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from blogwire.errors import AnalyzeError

if TYPE_CHECKING:
    from kiwipiepy import Kiwi

# Without the WikiData multi-word names and the internet-typo dictionary: together they
# cost ~0.9 s of loading and ~190 MB per process, and on news they changed no post (221
# posts byte-identical; sentence F1 on sci-news-dev unchanged; see docs/benchmarks.md).
KIWI_OPTIONS: dict[str, bool] = {"load_typo_dict": False, "load_multi_dict": False}

_lock = threading.Lock()
_kiwi: Kiwi | None = None


def kiwi() -> Kiwi:
    """The process-wide Kiwi instance."""
    global _kiwi
    if _kiwi is None:
        with _lock:
            if _kiwi is None:
                try:
                    from kiwipiepy import Kiwi
                except ImportError as exc:  # pragma: no cover - a broken install
                    raise AnalyzeError(f"kiwipiepy is not installed: {exc}") from exc
                try:
                    _kiwi = Kiwi(**KIWI_OPTIONS)
                except Exception as exc:  # kiwipiepy raises plain exceptions on model errors
                    raise AnalyzeError(f"could not load the Korean model: {exc}") from exc
    return _kiwi
