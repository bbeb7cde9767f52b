"""The `blogwire` command as a user runs it: real processes, real files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from blogwire.demo import demo_pages
from blogwire.models import counted

from httpserver import closed_port_url
from textsource import BODY, FRONT

pytestmark = pytest.mark.slow  # every test runs `python -m blogwire` (or python) as a process

BLOGWIRE = [sys.executable, "-m", "blogwire"]


def run(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*BLOGWIRE, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
        check=False,
    )


def test_help_does_not_load_the_korean_model(tmp_path: Path) -> None:
    code = (
        "import sys; from blogwire.cli import app; from typer.testing import CliRunner; "
        "r = CliRunner().invoke(app, ['--help']); "
        "print(r.exit_code, 'kiwipiepy' in sys.modules, 'trafilatura' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    ).stdout.split()
    assert out == ["0", "False", "False"]


def test_compose_writes_posts_and_prints_paths(tmp_path: Path) -> None:
    pages = [str(p) for p in demo_pages()[:2]]
    result = run(
        "compose",
        *pages,
        "-o",
        str(tmp_path / "site"),
        "--date",
        "2026-01-02",
        "--category",
        "뉴스",
        "--category",
        "IT",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    paths = result.stdout.split()
    assert len(paths) == 2
    for path in paths:
        assert Path(path).name.startswith("2026-01-02-")
        text = Path(path).read_text(encoding="utf-8")
        assert "categories:\n  - 뉴스\n  - IT\n" in text
    again = run(
        "compose",
        *pages,
        "-o",
        str(tmp_path / "site"),
        "--date",
        "2026-01-02",
        "--category",
        "뉴스",
        "--category",
        "IT",
        cwd=tmp_path,
    )
    assert again.returncode == 0
    assert again.stdout.count("(unchanged)") == 2
    assert len(list((tmp_path / "site" / "_posts").iterdir())) == 2


def test_one_bad_source_does_not_stop_the_others(tmp_path: Path) -> None:
    good = str(demo_pages()[0])
    result = run("compose", good, str(tmp_path / "missing.html"), "-o", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 1
    assert len(list((tmp_path / "_posts").iterdir())) == 1
    assert f"{tmp_path / 'missing.html'}: no such file" in result.stderr
    assert "1 post written, 1 failed" in result.stderr  # one post, not "1 posts"


def test_summary_counts_agree_with_their_number() -> None:
    assert counted(1, "post") == "1 post"
    assert counted(0, "post") == "0 posts"
    assert counted(1, "category", "categories") == "1 category"
    assert counted(3, "category", "categories") == "3 categories"


def test_compose_in_worker_processes_writes_what_one_process_writes(tmp_path: Path) -> None:
    pages = [str(p) for p in demo_pages()]
    sources = [*pages[:3], str(tmp_path / "missing.html"), *pages[3:6]]
    one = run("compose", *sources, "-o", "one", "--workers", "1", cwd=tmp_path)
    two = run("compose", *sources, "-o", "two", "--workers", "2", cwd=tmp_path)
    assert one.returncode == two.returncode == 1
    # the same posts, byte for byte, reported in source order with the failure in place
    assert [Path(p).relative_to("one") for p in one.stdout.split()] == [
        Path(p).relative_to("two") for p in two.stdout.split()
    ]
    written = sorted(p.name for p in (tmp_path / "one" / "_posts").iterdir())
    assert len(written) == 6
    for name in written:
        assert (tmp_path / "two" / "_posts" / name).read_bytes() == (
            tmp_path / "one" / "_posts" / name
        ).read_bytes()
    assert f"{tmp_path / 'missing.html'}: no such file" in two.stderr


def test_compose_worker_that_dies_reports_its_sources_and_loses_none(tmp_path: Path) -> None:
    pages = [str(p) for p in demo_pages()[:4]]
    crash = {"BLOGWIRE_CRASH_AT": f"read:{Path(pages[2]).name}"}
    result = run("compose", *pages, "-o", "site", "--workers", "2", cwd=tmp_path, env=crash)
    assert result.returncode == 1
    # every source is either written once or reported: the dead worker's, and those the
    # broken pool had not finished, fail with the reason; nothing hangs or is lost
    written = list((tmp_path / "site" / "_posts").iterdir())
    died = [line for line in result.stderr.splitlines() if "a worker process died" in line]
    assert pages[2] in "\n".join(died)
    assert len(written) < 4
    assert len(result.stdout.split()) == len(written)
    assert len(written) + len(died) == 4


def _bad_inputs(tmp_path: Path) -> dict[str, str]:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    no_article = tmp_path / "nav.html"
    no_article.write_text(
        "<html><body><nav><a href='/'>홈</a></nav></body></html>", encoding="utf-8"
    )
    short = tmp_path / "short.txt"
    short.write_text("제목\n정부는 오늘 발표했다. 시장은 반응했다.", encoding="utf-8")
    return {
        str(empty): "file is empty",
        str(no_article): "no article text found",
        str(tmp_path / "nowhere.html"): "no such file",
        closed_port_url(): "cannot fetch",
        str(short): "article too short",
    }


def test_text_front_matter_gives_a_checked_post_and_a_bad_block_one_error_line(
    tmp_path: Path,
) -> None:
    good = tmp_path / "fare.md"
    good.write_text(FRONT + BODY, encoding="utf-8")
    result = run("compose", str(good), "-o", str(tmp_path / "site"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    checked = run("check", result.stdout.strip(), cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout
    bad = tmp_path / "bad.md"
    bad.write_text(FRONT.replace("outlet:", "outlt:") + BODY, encoding="utf-8")
    result = run("compose", str(bad), "-o", str(tmp_path / "site"), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"error: {bad}:3: unknown front matter key 'outlt' (expected url, outlet, title, published)"
    ]


def test_bad_input_gives_one_line_exit_2_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    bad_inputs = _bad_inputs(tmp_path)
    assert bad_inputs, "no bad inputs: the loop would check nothing"
    for source, message in bad_inputs.items():
        result = run("compose", source, "-o", str(out), cwd=tmp_path)
        assert result.returncode == 2, (source, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith(f"error: {source}: ")
        assert message in lines[0]
        assert "Traceback" not in result.stderr
        assert not (out / "_posts").exists() or not any((out / "_posts").iterdir())


def test_bad_date_is_a_usage_error(tmp_path: Path) -> None:
    result = run("compose", str(demo_pages()[0]), "--date", "yesterday", cwd=tmp_path)
    assert result.returncode == 2
    assert "--date: 'yesterday' is not a date" in result.stderr


def test_check_passes_seed_without_source_and_reports_problems(
    tmp_path: Path, seed_post: str
) -> None:
    seed = tmp_path / "seed.md"
    seed.write_text(seed_post, encoding="utf-8")
    ok = run("check", str(seed), "--no-source", cwd=tmp_path)
    assert ok.returncode == 0 and ok.stdout.strip() == f"{seed}: ok"
    strict = run("check", str(seed), cwd=tmp_path)
    assert strict.returncode == 1
    assert f"{seed}: no source credit line" in strict.stdout
    missing = run("check", str(tmp_path / "none.md"), cwd=tmp_path)
    assert missing.returncode == 1 and "none.md: no such file" in missing.stdout


def test_demo_writes_a_jekyll_site_whose_posts_pass_check(tmp_path: Path) -> None:
    result = run("demo", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "blogwire-demo"
    assert "remote_theme: daviddarnes/alembic" in (site / "_config.yml").read_text()
    posts = sorted((site / "_posts").glob("*.md"))
    assert len(posts) >= 8
    pages = demo_pages()
    assert pages, "no bundled demo pages: the loop would check nothing"
    for page in pages:
        assert page.name in result.stdout
    check = run("check", *map(str, posts), cwd=tmp_path)
    assert check.returncode == 0, check.stdout


def test_unknown_setting_in_config_names_key_and_line(tmp_path: Path) -> None:
    (tmp_path / "blogwire.toml").write_text(
        "[post]\ncategories = ['뉴스']\nfooter_txt = 'x'\n", encoding="utf-8"
    )
    result = run("compose", str(demo_pages()[0]), cwd=tmp_path)
    assert result.returncode == 2
    assert "unknown setting 'post.footer_txt' (line 3)" in result.stderr


def test_a_removed_setting_in_config_is_one_warning_line(tmp_path: Path) -> None:
    # every site an older `blogwire init` made sets run.every, since removed
    (tmp_path / "blogwire.toml").write_text("[run]\nreview = false\nevery = '1h'\n", "utf-8")
    result = run("compose", str(demo_pages()[0]), "-o", str(tmp_path / "site"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.split()) == 1
    assert result.stderr.startswith("warning: ") and result.stderr.count("\n") == 1
    assert "setting 'run.every' was removed and is ignored; delete it" in result.stderr
    assert "(line 3)" in result.stderr


def test_init_writes_a_site_and_feed_commands_edit_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = run("init", str(site), "--demo", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (site / "blogwire.toml").is_file() and (site / "_config.yml").is_file()
    assert (site / "feeds" / "demo" / "feed.xml").is_file()
    again = run("init", str(site), cwd=tmp_path)
    assert again.returncode == 2 and "already a blogwire site" in again.stderr
    add = run(
        "feed",
        "add",
        "https://news.example/rss",
        "--category",
        "경제",
        "--include",
        "수출",
        cwd=site,
    )
    assert add.returncode == 0, add.stderr
    listed = run("feed", "list", cwd=site)
    assert "https://news.example/rss" in listed.stdout and "feeds/demo/feed.xml" in listed.stdout
    assert run("feed", "remove", "https://news.example/rss", cwd=site).returncode == 0
    assert "news.example" not in run("feed", "list", cwd=site).stdout
    missing = run("feed", "list", cwd=tmp_path)
    assert missing.returncode == 2 and "run `blogwire init` first" in missing.stderr


def test_compose_exports_tistory_and_html(tmp_path: Path) -> None:
    page = str(demo_pages()[2])
    for fmt, folder, suffix in (("tistory", "tistory", ".html"), ("html", "html", ".html")):
        result = run("compose", page, "--format", fmt, "-o", str(tmp_path), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        path = Path(result.stdout.strip())
        assert path.parent.name == folder and path.suffix == suffix
    body = next((tmp_path / "tistory").iterdir()).read_text(encoding="utf-8")
    assert body.startswith("<p><img src=")


def test_compose_takes_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    pages = demo_pages()[:3]
    assert pages, "no bundled demo pages to copy"
    for page in pages:
        (folder / page.name).write_bytes(page.read_bytes())
    (folder / "notes.json").write_text("{}", encoding="utf-8")
    result = run("compose", str(folder), "-o", str(tmp_path / "site"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.split()) == 3


def test_run_every_keeps_going_until_interrupted(tmp_path: Path) -> None:
    import signal
    import time

    site = tmp_path / "site"
    assert run("init", str(site), "--demo", cwd=tmp_path).returncode == 0
    proc = subprocess.Popen(
        [*BLOGWIRE, "run", "--every", "1s"],
        cwd=site,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 90
    runs = 0
    assert proc.stderr is not None
    while time.monotonic() < deadline and runs < 2:
        line = proc.stderr.readline()
        runs += "next run in 1s" in line
    proc.send_signal(signal.SIGINT)
    stdout, _ = proc.communicate(timeout=30)
    assert runs == 2
    assert proc.returncode == 0
    assert "posts 10" in stdout and "posts 0" in stdout  # the second run found nothing new
    status = run("status", cwd=site)
    assert status.returncode == 0
    assert "feeds/demo/feed.xml" in status.stdout and "published 10" in status.stdout
