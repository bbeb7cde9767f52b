"""What a rerun owes the articles of a post it finished for a killed run.

Found by test_kill_run: a post that a killed run recorded ('writing') was finished by
the next run's recovery (run/posts.py `PostWriter.recover`), which marked the post published
but never its story's articles 'posted', so `blogwire status` counted them pending
forever (fixed; test_recovery_marks_articles_posted). A run that dies between
`finish_post` and the articles' update left the same state; both now happen in one
transaction (test_a_run_killed_between_finishing_a_post_and_marking_its_articles).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from blogwire.core import Blogwire
from blogwire.settings import load_settings
from blogwire.store import Store
from crash.sites import DATABASE, blogwire_env, cli

pytestmark = pytest.mark.slow  # real `blogwire run` processes, killed mid-run


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


class _Killed(BaseException):
    """Stands for SIGKILL inside one process: nothing catches it, nothing after it runs."""


def test_a_run_killed_between_finishing_a_post_and_marking_its_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`PostWriter.write` (and `recover`) mark the post published, then each article
    'posted', each its own transaction. Killed in between, the post is published and
    its articles 'pending' — and no later run looks at them again (only 'writing'
    posts are recovered). Fix: set the articles' state inside finish_post's
    transaction (store, run/posts.py)."""
    site = tmp_path / "site"
    assert cli(tmp_path, "init", str(site), "--demo").returncode == 0
    settings = load_settings(site / "blogwire.toml")
    marked = Store.set_article_state

    def dies_on_posted(store: Store, article_id: int, state: str, error: str | None = None) -> None:
        if state == "posted":
            raise _Killed
        marked(store, article_id, state, error)

    monkeypatch.setattr(Store, "set_article_state", dies_on_posted)
    with pytest.raises(_Killed):
        Blogwire(settings).run()
    monkeypatch.undo()
    Blogwire(settings).run()
    with Store.open(site / DATABASE) as store:
        published = {p.story_id for p in store.posts(state="published")}
        stranded = [a.url for a in store.articles(state="pending") if a.story_id in published]
    assert stranded == []
