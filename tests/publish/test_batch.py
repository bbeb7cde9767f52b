"""compose_many writes on a writer thread while it composes the next post: results,
progress calls and file names must come out as if it wrote each post in turn."""

from __future__ import annotations

from pathlib import Path

from blogwire.core import Blogwire
from blogwire.demo import demo_pages
from blogwire.errors import Failure
from blogwire.models import BatchResult, PublishedPost
from blogwire.settings import Settings

WIRE = Blogwire(Settings())


def _run(sources: list[str], site: Path) -> tuple[list[tuple[str, str]], BatchResult]:
    seen: list[tuple[str, str]] = []

    def on_item(source: str, item: PublishedPost | Failure) -> None:
        seen.append((source, "failed" if isinstance(item, Failure) else "published"))

    result = WIRE.compose_many(sources, site, on_item=on_item)
    return seen, result


def test_results_and_progress_keep_source_order(tmp_path: Path) -> None:
    first, second = (str(p) for p in demo_pages()[:2])
    missing = str(tmp_path / "missing.txt")
    sources = [first, missing, second, first]
    seen, result = _run(sources, tmp_path / "site")
    assert seen == [
        (first, "published"),
        (missing, "failed"),
        (second, "published"),
        (first, "published"),
    ]
    published = result.published
    assert [p.origin for p in published] == [first, second, first]
    assert [p.written for p in published] == [True, True, False]  # the same post again
    assert published[0].path == published[2].path
    assert [f.subject for f in result.failures] == [missing]
    for post in published[:2]:
        rendered = WIRE.render(WIRE.compose(post.origin))
        assert Path(post.path).read_text(encoding="utf-8") == rendered.text


def test_write_failures_are_reported_in_order_with_compose_failures(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "_posts").write_text("not a folder")  # every write fails
    first, second = (str(p) for p in demo_pages()[:2])
    missing = str(tmp_path / "missing.txt")
    seen, result = _run([first, missing, second], site)
    assert seen == [(first, "failed"), (missing, "failed"), (second, "failed")]
    failures = result.failures
    # each failure names what failed: the post file that could not be written, the
    # source that could not be read
    assert failures[1].subject == missing
    for written in (failures[0], failures[2]):
        assert Path(written.subject).parent == site / "_posts", written
    assert "is a file, not a folder" in str(failures[0])
    assert result.published == ()
