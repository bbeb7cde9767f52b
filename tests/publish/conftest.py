"""The `wordpress` fixture: a fresh, real WordPress per test (about 2 s to start).

Missing packages skip the test with the reason (apt-get install ...), except under
CI=true, where they are a failure; packages that are there but cannot start a site
fail the test with one line saying why.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from publish.wordpress import WordPress, WordPressUnavailable, missing_tools, wordpress


@pytest.fixture
def wp() -> Iterator[WordPress]:
    # per test, not per session: each test counts the posts on its own site, and a test
    # that stops the site mid-run must not leave it stopped for the next one
    why = missing_tools()
    if why:
        if os.environ.get("CI") == "true":
            pytest.fail(f"real-WordPress tests cannot run under CI: {why}", pytrace=False)
        pytest.skip(f"real WordPress not available: {why}")
    try:
        site = wordpress()
        started = site.__enter__()
    except WordPressUnavailable as exc:
        pytest.fail(f"cannot start WordPress: {exc}", pytrace=False)
    try:
        yield started
    finally:
        site.__exit__(None, None, None)
