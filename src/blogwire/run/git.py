"""`blogwire run --git`: commit the new posts in the site's repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

from blogwire.errors import PublishError
from blogwire.run.summary import RunPost


def commit_posts(site_dir: Path, posts: tuple[RunPost, ...]) -> str:
    """`git add` and commit the new posts; returns git's one-line summary."""
    if not posts:
        return "nothing to commit"
    paths = [p.path for p in posts]
    message = f"blogwire: {len(posts)} new post(s)\n\n" + "\n".join(
        f"- {p.title} ({p.path})" for p in posts
    )
    try:
        subprocess.run(
            ["git", "-C", str(site_dir), "add", "--", *paths],
            check=True,
            capture_output=True,
            text=True,
        )
        done = subprocess.run(
            ["git", "-C", str(site_dir), "commit", "-m", message, "--", *paths],
            check=True,
            capture_output=True,
            text=True,
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        raise PublishError(f"git commit failed: {detail.strip()}", subject=str(site_dir)) from exc
    return done.stdout.strip().splitlines()[0] if done.stdout.strip() else "committed"
