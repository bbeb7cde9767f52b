"""No part of a rendered post opens with a bound sentence (issue 15 item 1).

Walks the rendered posts of the real pages, the demo and the golden fixtures, splits
each part (intro, sections, conclusion) into sentences with kiwipiepy and asks the
analysis (blogwire.analyze.bound.opens_bound) about its first sentence of the source's:
the part's first sentence, or the one after the framing line that opens it. A framing
line (blogwire.compose.voice) is the blog speaking to its reader, written to open a
part: its subject is the writer, left unsaid as Korean does ("살펴보겠습니다"), and a
bridge may lean on the section before by design ("그렇다면 …?"), so the news rules do
not apply to it.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from blogwire.analyze import analyze
from blogwire.analyze.bound import opens_bound
from blogwire.analyze.sentences import split_article
from blogwire.compose.voice import is_framing
from blogwire.demo import demo_pages
from blogwire.errors import UnfitError
from blogwire.models import Article, Sentence
from blogwire.pipeline import compose, read_source
from blogwire.render.seed import render_post
from blogwire.settings import Settings

from conftest import shared_path

GOLDEN = Path(__file__).resolve().parent.parent / "fixtures" / "golden" / "render"
SETTINGS = Settings()
_TAG = re.compile(r"<[^>]+>")


def parts(post_text: str) -> list[str]:
    """The text of the intro, each section body and the conclusion: the paragraphs
    that hold a highlight."""
    body = post_text.split("\n---\n", 1)[1]
    return [
        html.unescape(_TAG.sub("", block.strip()))
        for block in body.split("\n\n")
        if block.strip().startswith("<p>") and "<b><span" in block
    ]


def sentences(text: str) -> list[Sentence]:
    return list(split_article(Article(origin="post", title="", paragraphs=(text,))))


def openers(post_text: str) -> list[tuple[str, Sentence]]:
    """(which, sentence): each part's first sentence of the source's."""
    out: list[tuple[str, Sentence]] = []
    for n, text in enumerate(parts(post_text)):
        said = sentences(text.removeprefix("결론적으로, "))
        source = next((s for s in said if not is_framing(s.text)), None)
        if source is not None:
            out.append((f"part {n}", source))
    return out


def _rendered(pages: list[Path]) -> list[tuple[str, str]]:
    out = []
    for page in pages:
        try:
            post = compose(analyze(read_source(str(page), SETTINGS.fetch)), SETTINGS)
        except UnfitError:
            # refused before composing (tests/analyze/test_fitness.py): it makes no post
            assert page.name == "03-yonhapnewstv.html", page.name
            continue
        out.append((page.name, render_post(post, SETTINGS.post).text))
    return out


def _assert_no_bound_opener(posts: list[tuple[str, str]]) -> None:
    assert posts, "no posts to walk: the loop would check nothing"
    checked = 0
    for name, text in posts:
        found = openers(text)
        assert len(found) >= 4, name  # intro, 3+ sections (a brief's conclusion may be framing)
        for which, sentence in found:
            assert not opens_bound(sentence), (name, which, sentence.text)
            checked += 1
    assert checked


def test_the_demo_posts_open_no_part_with_a_bound_sentence() -> None:
    _assert_no_bound_opener(_rendered(demo_pages()))


def test_the_golden_posts_open_no_part_with_a_bound_sentence() -> None:
    golden = sorted(GOLDEN.glob("*.md"))
    _assert_no_bound_opener([(p.name, p.read_text(encoding="utf-8")) for p in golden])


@pytest.mark.parametrize("corpus", ["real-pages", "real-pages-2"])
def test_the_real_posts_open_no_part_with_a_bound_sentence(corpus: str) -> None:
    pages = sorted(shared_path("data", corpus).glob("*.html"))
    _assert_no_bound_opener(_rendered(pages))


def test_the_walk_would_see_a_bound_opener() -> None:
    """The check can fail: a post whose section opens "이에 따라 …" is caught."""
    text = (
        "---\ntitle: t\n---\n\n<p>이번에는 요금의 원인을 조금 더 들여다보겠습니다. "
        "<b><span>이에 따라 시는 요금을 올리기로 했습니다</span></b>.</p>\n"
    )
    found = openers(text)
    assert [s.text for _, s in found] == ["이에 따라 시는 요금을 올리기로 했습니다."]
    assert opens_bound(found[0][1])
