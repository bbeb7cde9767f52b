"""Hook titles, headlines and section titles of every bundled demo post."""

from __future__ import annotations

from pathlib import Path

import pytest

from blogwire.compose.hooks import clean_headline
from blogwire.compose.title_lint import lint_section_titles, lint_title, section_subject, story_of
from blogwire.compose.titles import TITLE_MAX, TITLE_MIN, story_type
from blogwire.core import Blogwire
from blogwire.demo import demo_pages
from blogwire.pipeline import analyze, read_source
from blogwire.settings import Settings

WIRE = Blogwire(Settings())


def from_headline(title: str, source_headline: str) -> bool:
    """Every word of the title's story is the headline's (bar the 의 that reads the
    headline's "subject, event" comma, and the 발언 of a quote's story)."""
    cleaned = clean_headline(source_headline)
    words = story_of(title).replace("의 ", " ").split(" ")
    return all(w in cleaned or w.removesuffix("의") in cleaned or w == "발언" for w in words)


@pytest.mark.parametrize("page", demo_pages(), ids=lambda p: p.name)
def test_titles_fit_and_come_from_the_story(page: Path) -> None:
    analysis = analyze(read_source(str(page), Settings().fetch))
    post = WIRE.compose(str(page))
    assert TITLE_MIN <= len(post.title) <= TITLE_MAX, post.title
    assert lint_title(post.title) == [], post.title
    # the hook names the headline's story in the headline's own words
    assert from_headline(post.title, analysis.article.title), post.title
    assert post.headline != post.title
    titles = [s.title for s in post.sections]
    assert titles, "the post has no sections: the loops would check nothing"
    assert lint_section_titles(titles) == [], titles
    # each section title's subject comes from its own section's sentences
    for section in post.sections:
        own = " ".join(analysis.sentences[i].text for i in section.body.sources)
        subject = section_subject(section.title)
        # whole, or a name the body spelled out ("서 감독" -> "서은재 감독")
        assert subject in own or subject.split(" ")[-1] in own, section.title


def test_story_types_pick_different_hooks() -> None:
    kinds = {}
    for page in demo_pages():
        analysis = analyze(read_source(str(page), Settings().fetch))
        kinds[page.stem] = story_type(analysis)
    assert kinds["04-society"] == "change"  # 요금 인상
    assert kinds["08-science"] == "discovery"  # 전해질 개발
    assert len(set(kinds.values())) >= 3, kinds
