"""Sites for the crash and concurrency tests, and the invariants a site must keep.

A site is `blogwire init SITE --demo` (the ten demo stories as a local feed) plus
generated Korean stories saved beside the demo feed and listed in it, so a run has
more to publish. `site_state` reads what is on disk and in the store and checks the
invariants that must hold at ANY moment, even right after a SIGKILL:

- every file in _posts/ is a complete post that passes `check` (atomic writes);
- each story has at most one post, and no two files are about one story;
- every file in _posts/ is a post the store knows (its path is recorded);
- the store passes `PRAGMA integrity_check`;
- every article is posted, a duplicate of a posted story, or still pending.

`stranded` counts pending articles whose story already has a finished post: a run
killed between finishing a post and marking its articles leaves them so
(test_recovery.py::test_a_run_killed_between_finishing_a_post_and_marking_its_articles,
an xfail for run/posts.py and store).
"""

from __future__ import annotations

import html
import os
import random
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from blogwire.render.check import check_post
from blogwire.settings import PostSettings
from blogwire.store import Store
from hostile.koreangen import generate_article

BLOGWIRE = [sys.executable, "-m", "blogwire"]
DATABASE = Path(".blogwire") / "blogwire.db"
_CREDIT_LINKS = re.compile(r'<a href="([^"]+)" target="_blank"')


def blogwire_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BLOGWIRE_")}
    return {**env, "COLUMNS": "250", **extra}


def cli(site: Path, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*BLOGWIRE, *args],
        cwd=site,
        env=blogwire_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def make_site(folder: Path, *, extra_stories: int, seed: int) -> int:
    """`blogwire init folder --demo` plus `extra_stories` generated stories in its feed;
    returns the number of stories the site's feed holds."""
    done = cli(folder.parent, "init", str(folder), "--demo")
    assert done.returncode == 0, done.stderr
    feed_dir = folder / "feeds" / "demo"
    feed = feed_dir / "feed.xml"
    rng = random.Random(seed)
    items = []
    for n in range(extra_stories):
        story = generate_article(rng)
        name = f"generated-{n:02d}.html"
        url = f"https://gen.example.com/{seed}/{n}"
        (feed_dir / name).write_text(story.as_html(url), encoding="utf-8")
        items.append(
            f"<item><title>{html.escape(story.title)}</title><link>{name}</link>"
            f"<pubDate>Fri, 20 Nov 2026 {n % 24:02d}:00:00 +0900</pubDate></item>"
        )
    text = feed.read_text(encoding="utf-8")
    feed.write_text(text.replace("</channel>", "".join(items) + "</channel>"), encoding="utf-8")
    return len(re.findall(r"<item>", feed.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class SiteState:
    posts: int  # files in _posts/
    articles: int
    stories: int
    published: int
    writing: int
    pending: int
    stranded: int  # pending, though their story's post is finished
    temps: tuple[Path, ...]


def site_state(site: Path) -> SiteState:
    """Check every always-true invariant (module doc) and return what the site holds."""
    posts = sorted((site / "_posts").glob("*.md"))
    seen_links: dict[str, Path] = {}
    for path in posts:
        text = path.read_text(encoding="utf-8")
        assert check_post(text, str(path), PostSettings()) == [], f"partial or bad post {path}"
        credit = next(line for line in text.splitlines() if 'data-blogwire="source"' in line)
        for link in _CREDIT_LINKS.findall(credit):
            assert link not in seen_links, f"two posts of one story: {seen_links[link]}, {path}"
            seen_links[link] = path
    temps = tuple(p for p in site.rglob("*.tmp"))
    database = site / DATABASE
    if not database.exists():
        assert not posts, "posts without a store"
        return SiteState(len(posts), 0, 0, 0, 0, 0, 0, temps)
    with Store.open(database) as store:
        assert store.integrity_ok(), "the store fails PRAGMA integrity_check"
        records = store.posts()
        stories = [r.story_id for r in records]
        assert len(stories) == len(set(stories)), "two post records for one story"
        recorded = {r.path for r in records}
        on_disk = {p.relative_to(site).as_posix() for p in posts}
        assert on_disk <= recorded, f"files the store does not know: {on_disk - recorded}"
        for record in records:
            if record.state == "published":
                assert (site / record.path).is_file(), f"published post missing: {record.path}"
        articles = store.articles()
        states = {a.state for a in articles}
        assert states <= {"pending", "posted", "duplicate"}, states
        counts = store.counts()
        finished = {r.story_id for r in records if r.state in {"published", "draft"}}
        stranded = sum(1 for a in articles if a.state == "pending" and a.story_id in finished)
        return SiteState(
            posts=len(posts),
            articles=len(articles),
            stories=counts.stories,
            published=counts.published,
            writing=counts.writing,
            pending=counts.pending,
            stranded=stranded,
            temps=temps,
        )


def processes_under(root: Path, *, wait: float = 15.0) -> list[int]:
    """Processes still working in a folder under `root` after up to `wait` seconds:
    worker processes of a killed run must end with it, not linger with their model."""
    deadline = time.monotonic() + wait
    while True:
        found = []
        for entry in Path("/proc").iterdir():
            try:
                if entry.name.isdigit() and (entry / "cwd").resolve().is_relative_to(root):
                    found.append(int(entry.name))
            except OSError:
                continue
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)
