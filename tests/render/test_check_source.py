"""`blogwire check --source PAGE POST`: how much of its article a post reprints."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from blogwire.core import Blogwire
from blogwire.demo import demo_pages
from blogwire.pipeline import read_source
from blogwire.render.check import post_reuse
from blogwire.settings import Settings

PAGE = next(p for p in demo_pages() if p.name == "04-society.html")


def _blogwire(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "blogwire", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "200"},
        check=False,
    )


def _reprint(post: Path, article_paragraphs: tuple[str, ...], out: Path) -> Path:
    """The post with the whole article pasted into its first section body."""
    text = post.read_text(encoding="utf-8")
    marker = '<p data-ke-size="size16">&nbsp;</p>\n\n<p>'
    head, tail = text.split(marker, 1)
    pasted = " ".join(article_paragraphs)
    out.write_text(f"{head}{marker}{pasted} {tail}", encoding="utf-8")
    return out


def test_check_source_reports_the_share_and_flags_a_reprint(tmp_path: Path) -> None:
    made = _blogwire("compose", str(PAGE), "-o", str(tmp_path / "site"), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    post = Path(made.stdout.strip())
    checked = _blogwire("check", "--source", str(PAGE), str(post), cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout
    assert "ok (reuses" in checked.stdout and "of the source" in checked.stdout

    article = read_source(str(PAGE), Settings().fetch)
    reprint = _reprint(post, article.paragraphs, tmp_path / "reprint.md")
    flagged = _blogwire("check", "--source", str(PAGE), str(reprint), cwd=tmp_path)
    assert flagged.returncode == 1
    assert "more than post.max_source_share (35%)" in flagged.stdout


def test_reuse_counts_a_reprint_with_polite_endings_whole() -> None:
    source = ("가람시가 내년 1월부터 버스 요금을 150원 올린다. 시는 적자를 이유로 들었다.",)
    post = "---\nexcerpt: >\n  x\n---\n\n<p>가람시가 내년 1월부터 버스 요금을 150원 올립니다.</p>\n"
    reuse = post_reuse(post, source)
    first = len("가람시가내년1월부터버스요금을150원올린다.")
    assert reuse.used == first  # the changed ending does not hide the reprint
    assert reuse.total == first + len("시는적자를이유로들었다.")
    assert not reuse.within(0.35) or reuse.used <= 400


def test_the_facade_measures_a_post_file(tmp_path: Path) -> None:
    wire = Blogwire(Settings())
    post = tmp_path / "p.md"
    post.write_text("---\nexcerpt: >\n  x\n---\n\n<p>다른 이야기입니다.</p>\n", encoding="utf-8")
    reuse = wire.reuse(post, str(PAGE))
    assert reuse.used == 0 and reuse.total > 400
    assert reuse.within(0.35)
