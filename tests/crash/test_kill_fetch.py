"""`blogwire run` killed with SIGKILL while it fetches concurrently loses nothing and
doubles nothing.

The site follows its feed over real HTTP (a server on 127.0.0.1 in this process
serving the site's feed folder, every response held back 0.5 s, fetch.per_host = 2), so a run spends
its first ten seconds with two pages in flight while the first ones are
already analysed and stored. The run is killed at seeded random moments from the
feed's fetch to the posts being written; after every kill the site keeps every
invariant of sites.site_state, and one last run completes it: every story posted
exactly once.
"""

from __future__ import annotations

import contextlib
import random
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread

import pytest

from crash.sites import BLOGWIRE, blogwire_env, cli, make_site, site_state

pytestmark = pytest.mark.slow  # `blogwire run` processes killed while fetching (~40 s)

SEED = 20261203
KILLS = 6
DELAY = 0.5  # seconds before each response


class _SlowFiles(SimpleHTTPRequestHandler):
    def do_GET(self) -> None:
        time.sleep(DELAY)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().do_GET()  # a run killed mid-answer breaks the pipe: that is the point

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def _serve(folder: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_SlowFiles, directory=str(folder)))
    server.daemon_threads = True
    Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _killed_after(site: Path, delay: float) -> bool:
    """Run `blogwire run`, SIGKILL it after `delay` s; False if it ended by itself."""
    process = subprocess.Popen(
        [*BLOGWIRE, "run"],
        cwd=site,
        env=blogwire_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        process.wait(timeout=delay)
        assert process.returncode == 0, process.returncode
        return False
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return True


def _first_article_after(site: Path) -> float:
    """Seconds a run takes to store its first article: run once, killed at that point."""
    from crash.sites import DATABASE

    started = time.monotonic()
    process = subprocess.Popen(
        [*BLOGWIRE, "run"],
        cwd=site,
        env=blogwire_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    while process.poll() is None and time.monotonic() - started < 120:
        if (site / DATABASE).exists() and site_state(site).articles:
            break
        time.sleep(0.05)
    elapsed = time.monotonic() - started
    process.send_signal(signal.SIGKILL)
    process.wait()
    return elapsed


def test_kills_during_concurrent_fetching_lose_nothing_and_double_nothing(tmp_path: Path) -> None:
    site = tmp_path / "site"
    stories = make_site(site, extra_stories=30, seed=SEED)
    rng = random.Random(SEED)
    with _serve(site / "feeds" / "demo") as base:
        config = site / "blogwire.toml"
        text = config.read_text(encoding="utf-8")
        assert '"feeds/demo/feed.xml"' in text
        text = text.replace('"feeds/demo/feed.xml"', f'"{base}/feed.xml"')
        # two pages in flight at a time, half a second each: ~10 s of fetching while
        # the pages that came are analysed and stored
        text = text.replace("per_host = 4", "per_host = 2")
        assert "per_host = 2" in text
        config.write_text(text, "utf-8")
        kills = 0
        landings = []
        first = _first_article_after(site)
        while kills < KILLS:
            before = site_state(site)
            # the first kills learn when this machine stores the first article (the
            # model's load comes first); then they land around there and through writing
            delay = (
                rng.uniform(first, first + 4.0) if rng.random() < 0.7 else rng.uniform(0.5, first)
            )
            if _killed_after(site, delay):
                kills += 1
            after = site_state(site)  # no partial file, no duplicate, consistent store
            landings.append((round(delay, 2), before.articles, after.articles, after.posts))
            if after.posts == after.stories == stories:
                break  # the site is complete; nothing left to kill
        print("\nkills (delay, articles before, after, posts):", landings)
        done = cli(site, "run")
        assert done.returncode == 0, done.stderr[-2000:]
        again = cli(site, "run")
    state = site_state(site)
    assert not state.temps, state.temps
    assert state.published == state.stories == state.posts == stories, state
    assert state.pending == state.stranded
    assert "posts 0" in again.stdout and "failed 0" in again.stdout, again.stdout[-1000:]
    posts = sorted((site / "_posts").glob("*.md"))
    assert cli(tmp_path, "check", *map(str, posts)).returncode == 0
