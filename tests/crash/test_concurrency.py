"""Two `blogwire run` on one site at once: one works, the other says so and leaves.

The lock is taken before anything else (before the model loads), so the second run
exits at once with exit code 2 and "another blogwire run is working on this site";
no story ever gets two posts. The lock is the kernel's (flock): a run killed with
SIGKILL does not leave it behind.
"""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest

from crash.sites import BLOGWIRE, DATABASE, blogwire_env, cli, make_site, site_state

pytestmark = pytest.mark.slow  # real `blogwire run` processes, started together and killed

LOCKED = "another blogwire run is working on this site"


def _start(site: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*BLOGWIRE, "run"],
        cwd=site,
        env=blogwire_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_runs_started_together_one_works_one_says_so(tmp_path: Path) -> None:
    site = tmp_path / "site"
    stories = make_site(site, extra_stories=0, seed=1)
    first, second = _start(site), _start(site)
    results = [(p.wait(timeout=180), *p.communicate()) for p in (first, second)]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 2], results
    loser = next(err for code, _, err in results if code == 2)
    assert LOCKED in loser and "Traceback" not in loser
    assert loser.count("\n") <= 2, loser  # one clear line
    state = site_state(site)  # one post per story, complete files, consistent store
    assert state.posts == state.stories == stories


def test_second_run_exits_at_once_while_the_first_works_and_a_killed_run_frees_the_lock(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    stories = make_site(site, extra_stories=2, seed=2)
    first = _start(site)
    deadline = time.monotonic() + 60
    while not (site / DATABASE).exists():  # the first run holds the lock by now
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.02)
    started = time.monotonic()
    second = cli(site, "run")
    assert second.returncode == 2, second.stderr
    assert LOCKED in second.stderr and str(site) in second.stderr
    assert first.poll() is None, "the first run ended before the second was refused"
    assert time.monotonic() - started < 10  # refused before loading the model
    first.send_signal(signal.SIGKILL)  # flock dies with its process
    first.wait()
    third = cli(site, "run")
    assert third.returncode == 0, third.stderr
    assert LOCKED not in third.stderr
    state = site_state(site)
    assert state.posts == state.stories == stories
