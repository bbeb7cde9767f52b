"""A site of 100 posts from the bench corpus: no two share a hook shape and story, and
every title and section title passes the lint (issue 15 items 3 and 4).

The corpus is ../shared's real outlet pages and korsum-dev articles (skipped when absent,
a failure under CI=true).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator

from blogwire.analyze import analyze
from blogwire.compose.post import compose_post
from blogwire.compose.title_lint import lint_section_titles, lint_title
from blogwire.compose.titles import hook
from blogwire.errors import BlogwireError
from blogwire.models import Analysis, Article
from blogwire.pipeline import read_source
from blogwire.settings import Settings

from conftest import shared_path

SITE = 100


def corpus() -> Iterator[Analysis]:
    """Real pages first, then korsum-dev articles, each headline once."""
    settings = Settings()
    pages = [
        *sorted(shared_path("data", "real-pages").glob("*.html")),
        *sorted(shared_path("data", "real-pages-2").glob("*.html")),
    ]
    for page in pages:
        yield analyze(read_source(str(page), settings.fetch))
    with shared_path("data", "korsum-dev", "articles.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            raw = json.loads(line)
            article = Article(
                origin=raw["id"], title=raw["title"], paragraphs=tuple(raw["sentences"])
            )
            yield analyze(article)


def test_a_site_of_100_posts_has_distinct_hooks_and_clean_titles() -> None:
    settings = Settings().post
    seen: set[str] = set()
    hooks: Counter[tuple[str, str]] = Counter()
    shapes: Counter[str] = Counter()
    problems: list[str] = []
    for analysis in corpus():
        if len(seen) >= SITE or analysis.article.title in seen:
            continue
        try:
            post = compose_post(analysis, settings)
        except BlogwireError:
            continue  # too short for a post
        seen.add(analysis.article.title)
        shape, title, story = hook(analysis)
        assert title == post.title
        hooks[(shape, story)] += 1
        shapes[shape] += 1
        problems += [f"{post.title}: {p}" for p in lint_title(post.title)]
        problems += [
            f"{post.title}: {p}" for p in lint_section_titles([s.title for s in post.sections])
        ]
    assert len(seen) == SITE, f"only {len(seen)} posts composed"
    assert [key for key, n in hooks.items() if n > 1] == []
    assert problems == []
    # no shape carries the site: the most used one is under a third of the titles
    assert len(shapes) >= 6 and max(shapes.values()) < SITE / 3, shapes
