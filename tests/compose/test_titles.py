"""Hook titles, headlines and section titles of every bundled demo post."""

from __future__ import annotations

from pathlib import Path

import pytest

from blogwire.compose.titles import (
    SECTION_MAX,
    SECTION_MIN,
    TITLE_MAX,
    TITLE_MIN,
    story_type,
    title_phrases,
)
from blogwire.core import Blogwire
from blogwire.demo import demo_pages
from blogwire.pipeline import analyze, read_source
from blogwire.settings import Settings

WIRE = Blogwire(Settings())


@pytest.mark.parametrize("page", demo_pages(), ids=lambda p: p.name)
def test_titles_fit_and_come_from_the_story(page: Path) -> None:
    analysis = analyze(read_source(str(page), Settings().fetch))
    post = WIRE.compose(str(page))
    main = title_phrases(analysis)[0]
    assert TITLE_MIN <= len(post.title) <= TITLE_MAX, post.title
    assert main in post.title
    assert main in post.headline
    source = analysis.article.text + analysis.article.title
    titles = [s.title for s in post.sections]
    assert len(set(titles)) == len(titles), titles
    assert titles, "the post has no sections: the loops would check nothing"
    for title in titles:
        assert SECTION_MIN <= len(title) <= SECTION_MAX, title
        assert title.removesuffix(" 이야기") in source, title
    # section titles follow source order: each comes from its own section's sentences
    for section in post.sections:
        assert section.title.removesuffix(" 이야기") in " ".join(
            analysis.sentences[i].text for i in section.body.sources
        )


def test_story_types_pick_different_hooks() -> None:
    kinds = {}
    for page in demo_pages():
        analysis = analyze(read_source(str(page), Settings().fetch))
        kinds[page.stem] = story_type(analysis)
    assert kinds["04-society"] == "change"  # 요금 인상
    assert kinds["08-science"] == "discovery"  # 전해질 개발
    assert len(set(kinds.values())) >= 3, kinds
