"""Issue 19 through `python -m blogwire` as a user runs it: outside text on the console,
a cloned site's lock, devices and FIFOs as sources, settings, the store.

Every test starts real processes (and most a real server on 127.0.0.1), so all are slow.
"""

from __future__ import annotations

import html
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hostile.corpus import article_page, story_for

from httpserver import Route, serve

pytestmark = pytest.mark.slow

BLOGWIRE = [sys.executable, "-m", "blogwire"]
TITLE_SEQ = "\x1b]0;pwned\x07"  # sets the terminal window's title
CLEAR_SEQ = "\x1b[2J"  # clears the screen
MARKUP = "[/b]"  # a closing tag Rich would choke on


def blogwire(
    *args: str, cwd: Path, tty: bool = False, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BLOGWIRE_")}
    env["COLUMNS"] = "250"
    if tty:  # Rich draws its progress bars as on a terminal
        env["TTY_COMPATIBLE"] = "1"
    return subprocess.run(
        [*BLOGWIRE, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def assert_printed_as_text(done: subprocess.CompletedProcess[str]) -> None:
    output = done.stdout + done.stderr
    assert "Traceback" not in output, output[-3000:]
    assert "MarkupError" not in output, output[-3000:]
    assert TITLE_SEQ not in output and CLEAR_SEQ not in output, output[-3000:]
    assert "\x07" not in output


def _feed(items: list[tuple[str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{html.escape(t)}</title><link>{link}</link>"
        "<pubDate>Thu, 19 Nov 2026 09:00:00 +0900</pubDate></item>"
        for t, link in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>f</title>'
        f"{entries}</channel></rss>"
    ).encode()


def test_run_and_status_print_feed_and_page_text_as_text(tmp_path: Path) -> None:
    story = story_for("console-markup")
    page = article_page(
        "https://news.example.com/console",
        title=f"{MARKUP}{story.title}",
        paragraphs=story.paragraphs,
        site_name=f"{MARKUP}테스트[red]일보",
    )
    routes = {"/story.html": Route(page.encode(), headers={"Content-Type": "text/html"})}
    with serve(routes) as base:
        # a same-host link that 404s, with markup and terminal escapes in it (as the
        # feed's XML writes them: character references)
        bad = f"{base}/gone{MARKUP}&#27;]0;pwned&#7;&#27;[2J"
        routes["/feed.xml"] = Route(_feed([("좋은 기사", f"{base}/story.html"), ("나쁜", bad)]))
        # a feed that redirects to a private address: the refusal, with markup in it,
        # is saved as the feed's last error, which `status` prints on every call
        routes["/moved.xml"] = Route(
            status=302, headers={"Location": f"http://10.1.2.3/{MARKUP}feed.xml"}
        )
        site = tmp_path / "site"
        site.mkdir()
        (site / "blogwire.toml").write_text(
            "[fetch]\nretries = 0\ntimeout = 5.0\n[run]\nworkers = 1\n"
            f'[[feeds]]\nurl = "{base}/feed.xml"\n[[feeds]]\nurl = "{base}/moved.xml"\n',
            encoding="utf-8",
        )
        done = blogwire("run", cwd=site, tty=True)
    assert_printed_as_text(done)
    assert done.returncode == 1, done.stdout + done.stderr
    assert MARKUP in done.stderr  # shown, not swallowed as markup
    assert "\\x1b]0;pwned\\x07" in done.stderr  # made visible
    assert f"{MARKUP}테스트[red]일보" in done.stdout  # the summary table's outlets column
    for _ in range(2):
        status = blogwire("status", cwd=site)
        assert_printed_as_text(status)
        assert status.returncode == 0, status.stdout + status.stderr
        assert f"10.1.2.3/{MARKUP}feed.xml" in status.stdout


def test_compose_and_check_print_file_names_as_text(tmp_path: Path) -> None:
    folder = tmp_path / "in["  # a path may hold "[/b]" across a folder and a file name
    folder.mkdir()
    forged = folder / "b]\x1b[2J[red]x.html"
    forged.write_text("", encoding="utf-8")  # empty: refused, its name printed
    good = folder / "b.html"
    good.write_text(article_page("https://news.example.com/b"), encoding="utf-8")
    done = blogwire(
        "compose", str(forged), str(good), "-o", str(tmp_path / "site"), cwd=tmp_path, tty=True
    )
    assert_printed_as_text(done)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"in{MARKUP}\\x1b[2J[red]x.html: file is empty" in done.stderr
    # a file name with a newline cannot forge an "ok" line in check's output
    (tmp_path / "x[").mkdir()
    post = tmp_path / "x[" / "b]\nfake.md: ok\n.md"
    post.write_text("---\ntitle: x\n---\n<p>x</p>\n", encoding="utf-8")
    checked = blogwire("check", str(post), cwd=tmp_path)
    assert_printed_as_text(checked)
    assert checked.returncode == 1
    lines = checked.stdout.splitlines()
    assert lines and not any(line.endswith("fake.md: ok") for line in lines), lines
    assert all(line.startswith(f"{tmp_path}/x{MARKUP}\\n") for line in lines), lines


def test_a_run_lock_that_is_a_symlink_is_refused_and_its_target_kept(tmp_path: Path) -> None:
    # a cloned site (or a stranger's archive) ships .blogwire/run.lock -> a user's file
    precious = tmp_path / "thesis.txt"
    precious.write_text("my only copy\n", encoding="utf-8")
    site = tmp_path / "site"
    (site / ".blogwire").mkdir(parents=True)
    (site / "blogwire.toml").write_text("", encoding="utf-8")
    (site / ".blogwire" / "run.lock").symlink_to(precious)
    done = blogwire("run", cwd=site)
    assert precious.read_text(encoding="utf-8") == "my only copy\n"
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if "run.lock" in line]
    assert len(errors) == 1 and "symbolic link" in errors[0], done.stderr


def test_devices_fifos_and_huge_posts_are_refused_with_one_line(tmp_path: Path) -> None:
    # the size cap once trusted st_size (0 for a device or a FIFO): /dev/zero was read
    # without limit and a FIFO made compose and check wait forever; check had no cap
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "zero.html").symlink_to("/dev/zero")
    (inputs / "random.txt").symlink_to("/dev/urandom")
    os.mkfifo(inputs / "pipe.html")
    os.mkfifo(inputs / "pipe.md")
    (inputs / "zero.md").symlink_to("/dev/zero")
    big = inputs / "big.md"
    big.write_text("---\ntitle: " + "가" * 2_000_000 + "\n---\n<p>x</p>\n", encoding="utf-8")
    pages = [str(inputs / name) for name in ("zero.html", "random.txt", "pipe.html")]
    done = blogwire("compose", *pages, "-o", str(tmp_path / "site"), cwd=tmp_path, timeout=60)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 2, done.stdout + done.stderr
    for page, reason in zip(
        pages, ("not a regular file", "not a regular file", "not a regular file"), strict=True
    ):
        lines = [line for line in done.stderr.splitlines() if page in line]
        assert len(lines) == 1 and reason in lines[0], done.stderr
    posts = [str(inputs / name) for name in ("pipe.md", "zero.md", "big.md")]
    checked = blogwire("check", *posts, cwd=tmp_path, timeout=60)
    assert "Traceback" not in checked.stderr, checked.stderr
    assert checked.returncode == 1
    assert [line.split(": ", 1)[1] for line in checked.stdout.splitlines()] == [
        "not a regular file (a named pipe); only regular files are read",
        "not a regular file (a device); only regular files are read",
        "file is over the 5,000,000-byte limit",
    ], checked.stdout
    site = tmp_path / "built"
    (site / "_posts").mkdir(parents=True)
    (site / "_posts" / "2026-01-01-big.md").write_bytes(big.read_bytes())
    os.mkfifo(site / "_posts" / "2026-01-02-pipe.md")
    built = blogwire("build", cwd=site, timeout=60)
    assert "Traceback" not in built.stderr, built.stderr
    assert "2026-01-01-big.md: file is over the 5,000,000-byte limit" in built.stderr
    assert "2026-01-02-pipe.md: not a regular file (a named pipe)" in built.stderr


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ("[fetch]\ntimeout = nan\n", "fetch.timeout"),
        ("[fetch]\nretries = -1\n", "fetch.retries"),
        ('[fetch]\nuser_agent = "블로그와이어"\n', "fetch.user_agent"),
        ('[post]\nred = "red"\n', "post.red"),
        ("x = " + "[" * 50_000 + "]" * 50_000 + "\n", "nested too deeply"),
    ],
    ids=["nan-timeout", "negative-retries", "korean-user-agent", "red-red", "deep-toml"],
)
def test_bad_settings_stop_every_command_with_one_line(tmp_path: Path, toml: str, key: str) -> None:
    (tmp_path / "blogwire.toml").write_text(toml, encoding="utf-8")
    for command in (["status"], ["run"], ["build"]):
        done = blogwire(*command, cwd=tmp_path, timeout=60)
        assert "Traceback" not in done.stderr, done.stderr
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1 and key in errors[0], done.stderr


def test_run_every_with_an_interval_too_long_to_sleep_is_refused_before_running(
    tmp_path: Path,
) -> None:
    (tmp_path / "blogwire.toml").write_text("", encoding="utf-8")
    done = blogwire("run", "--every", "99999999999999d", cwd=tmp_path, timeout=60)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 2, done.stdout + done.stderr
    assert "99999999999999d" in done.stderr and "at most" in done.stderr
    assert not (tmp_path / ".blogwire").exists()  # refused before the first run


def test_the_store_is_never_taken_for_new_or_created_where_it_should_not_be(
    tmp_path: Path,
) -> None:
    # status outside a site reads nothing and creates nothing
    outside = tmp_path / "not-a-site"
    outside.mkdir()
    done = blogwire("status", cwd=outside)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert list(outside.iterdir()) == []
    # .blogwire is a file: one line, exit 2, the file kept
    site = tmp_path / "site"
    site.mkdir()
    (site / "blogwire.toml").write_text("", encoding="utf-8")
    (site / ".blogwire").write_text("mine\n", encoding="utf-8")
    for command in ("run", "status"):
        done = blogwire(command, cwd=site)
        assert "Traceback" not in done.stderr, done.stderr
        assert done.returncode == 2, (command, done.stderr)
        assert len([line for line in done.stderr.splitlines() if ".blogwire" in line]) == 1
    assert (site / ".blogwire").read_text(encoding="utf-8") == "mine\n"
    # a database truncated to 0 bytes is not a new store (rejected stories would return)
    (site / ".blogwire").unlink()
    (site / ".blogwire").mkdir()
    database = site / ".blogwire" / "blogwire.db"
    database.write_bytes(b"")
    os.utime(database, (1_700_000_000, 1_700_000_000))
    for command in ("run", "status"):
        done = blogwire(command, cwd=site)
        assert "Traceback" not in done.stderr, done.stderr
        assert done.returncode == 2, (command, done.stderr)
        assert "empty (0 bytes)" in done.stderr
    assert database.read_bytes() == b""
