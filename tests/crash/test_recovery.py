"""What a rerun owes the articles of a post it finished for a killed run.

Found by test_kill_run: a post that a killed run recorded ('writing') is finished by
the next run's recovery (run.py `Runner._recover`), which marks the post published
but never marks its story's articles 'posted' (`Runner._write` does, after
`finish_post`). The article stays 'pending' for good: `blogwire status` counts it
pending forever, though its story is published and nothing will ever process it.
The same happens when a run is killed between `finish_post` and the article update
in `_write` (two transactions). Fix belongs in run.py/store (not this engineer's).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from blogwire.store import Store
from crash.sites import DATABASE, blogwire_env, cli


def test_recovery_marks_articles_posted(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert cli(tmp_path, "init", str(site), "--demo").returncode == 0
    killed = subprocess.run(
        [sys.executable, "-m", "blogwire", "run"],
        cwd=site,
        env={**blogwire_env(), "BLOGWIRE_CRASH_AT": "begin:1"},  # post 1 recorded, not written
        capture_output=True,
        check=False,
    )
    assert killed.returncode == -9
    rerun = cli(site, "run")
    assert rerun.returncode == 0 and "recovered 1" in rerun.stdout
    status = cli(site, "status")
    assert "pending 0 · posted 10" in status.stdout
    with Store.open(site / DATABASE) as store:
        assert [a.url for a in store.articles(state="pending")] == []
