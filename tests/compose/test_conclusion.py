"""The conclusion concludes (issue 15 item 5): the story's outlook, decision or
evaluation behind "결론적으로,", or, when the article states none, the blog's own
summary line; never simply the article's last line; then the post's closing line."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from blogwire.analyze import analyze
from blogwire.compose.select import _DECISION, _OUTLOOK
from blogwire.compose.voice import is_framing
from blogwire.demo import demo_pages
from blogwire.errors import UnfitError
from blogwire.models import Analysis, Post, Voice
from blogwire.pipeline import compose, read_source
from blogwire.settings import Settings

from conftest import shared_path

SETTINGS = Settings()
DEMO = [str(p) for p in demo_pages()]


@functools.cache
def _case(page: str) -> tuple[Analysis, Post] | None:
    analysis = analyze(read_source(page, SETTINGS.fetch))
    try:
        return analysis, compose(analysis, SETTINGS)
    except UnfitError:
        return None  # refused before composing: no conclusion to judge


def _judge(page: str) -> str:
    """'source' or 'framing': what the conclusion says, after asserting it is right."""
    case = _case(page)
    assert case is not None, page
    analysis, post = case
    groups = post.conclusion.sentence_groups()
    assert len(groups) >= 2, page  # the concluding sentence, then the closing line
    first = "".join(s.text for s in groups[0])
    assert first.startswith("결론적으로, "), first
    last = "".join(s.text for s in groups[-1])
    assert post.conclusion.voice(len(groups) - 1) == Voice.FRAMING and is_framing(last), last
    if post.conclusion.voice(0) == Voice.FRAMING:
        assert is_framing(first), first
        return "framing"
    assert post.conclusion.sources, page
    said = analysis.sentences[post.conclusion.sources[0]].text
    # an outlook, decision or evaluation: not whatever line the article happened to end on
    assert _OUTLOOK.search(said) or _DECISION.search(said), said
    return "source"


@pytest.mark.parametrize("page", DEMO, ids=[Path(p).name for p in DEMO])
def test_a_demo_conclusion_concludes(page: str) -> None:
    assert _judge(page) in {"source", "framing"}


def test_most_conclusions_state_the_storys_outlook() -> None:
    kinds = [_judge(page) for page in DEMO]
    assert kinds
    # the summary line is the fallback for a story that states no outlook, not the rule
    assert kinds.count("source") >= len(kinds) // 2, kinds


@pytest.mark.parametrize("corpus", ["real-pages", "real-pages-2"])
def test_a_real_pages_conclusions_conclude(corpus: str) -> None:
    pages = [str(p) for p in sorted(shared_path("data", corpus).glob("*.html"))]
    assert pages
    judged = [_judge(p) for p in pages if _case(p) is not None]
    assert len(judged) >= len(pages) - 1  # only the interview page is refused
