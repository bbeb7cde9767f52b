"""The `wp` fixture: a fresh, real WordPress site per test (about 2 s), on a MariaDB
server and a copy of WordPress started once per session.

Missing packages skip the test with the reason (apt-get install ...), except under
CI=true, where they are a failure; packages that are there but cannot start a site
fail the test with one line saying why.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from publish.wordpress import (
    Host,
    WordPress,
    WordPressUnavailable,
    missing_tools,
    wordpress,
    wordpress_host,
)


@pytest.fixture(scope="session")
def wp_host() -> Iterator[Host]:
    """MariaDB and the WordPress files, started once (about 5 s) for all the sites."""
    why = missing_tools()
    if why:
        if os.environ.get("CI") == "true":
            pytest.fail(f"real-WordPress tests cannot run under CI: {why}", pytrace=False)
        pytest.skip(f"real WordPress not available: {why}")
    try:
        host = wordpress_host()
        started = host.__enter__()
    except WordPressUnavailable as exc:
        pytest.fail(f"cannot start WordPress: {exc}", pytrace=False)
    try:
        yield started
    finally:
        host.__exit__(None, None, None)


@pytest.fixture
def wp(wp_host: Host) -> Iterator[WordPress]:
    # a site per test (a database and a `php -S` of its own, about 2 s): each test counts
    # the posts on its own site, and one that stops its site leaves the others alone
    try:
        site = wordpress(wp_host)
        started = site.__enter__()
    except WordPressUnavailable as exc:
        pytest.fail(f"cannot start WordPress: {exc}", pytrace=False)
    try:
        yield started
    finally:
        site.__exit__(None, None, None)
