"""Fault injection for the crash tests; does nothing unless BLOGWIRE_CRASH_AT is set.

BLOGWIRE_CRASH_AT=begin:3 kills the run with SIGKILL right after the 3rd post is
recorded and before its file is written; 'written:3' after the file, before the
store says so; 'read:NAME' kills the worker process reading the entry whose link
ends in NAME (with --workers 2 or more); 'approve:decided', 'approve:written',
'approve:moved' and 'reject:decided' kill `blogwire serve` inside an approve (after
the intent is recorded / after the file reached _posts/ / after the store says so)
or a reject (after the store says so, before the draft is removed); 'remote:3' right
after the 3rd post is made or changed on a publishing target, before the store
records it. Unset in normal use.
"""

from __future__ import annotations

import os
import signal


def crash_point(stage: str, key: object) -> None:
    if os.environ.get("BLOGWIRE_CRASH_AT") == f"{stage}:{key}":
        os.kill(os.getpid(), signal.SIGKILL)
