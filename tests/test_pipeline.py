"""The whole pipeline on the bundled demo pages and on real outlet pages."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from blogwire.compose.dates import report_note, resolve_sentences, with_dates
from blogwire.core import Blogwire
from blogwire.demo import demo_pages
from blogwire.errors import UnfitError
from blogwire.pipeline import analyze, read_source
from blogwire.settings import Settings

from alignment import align, highlights, numbers, paragraphs

WIRE = Blogwire(Settings())
# the real page that is not a story: an interview whose page holds only the questions
UNFIT = {"03-yonhapnewstv.html"}


def _compose(path: Path) -> tuple[str, list[str], str]:
    """The rendered post, the source sentences as the post may state them (relative dates
    resolved: tests/compose/test_dates.py holds the rule) and every text it may take a
    number from (the source, its dated sentences, the day of the report)."""
    article = read_source(str(path), Settings().fetch)
    analysis = analyze(article)
    rendered = WIRE.render(WIRE.compose(str(path)))
    words = resolve_sentences(analysis.sentences, article.published)
    dated = [
        with_dates(s.text, s.text, w)[0] for s, w in zip(analysis.sentences, words, strict=True)
    ]
    note = report_note(article.published) if article.published else ""
    source_text = "\n".join([article.title, article.text, *dated, note])
    return rendered.text, dated, source_text


@pytest.mark.parametrize("page", demo_pages(), ids=lambda p: p.name)
def test_demo_post_passes_check_and_traces_to_its_source(page: Path, tmp_path: Path) -> None:
    text, sentences, source_text = _compose(page)
    post = tmp_path / "post.md"
    post.write_text(text, encoding="utf-8")
    assert WIRE.check(post) == []
    blocks = paragraphs(text)
    used: list[int] = []
    for block in blocks:
        used.extend(align(block, sentences))
    assert len(used) == len(set(used)), "a source sentence is used twice"
    assert len(blocks) >= 5  # intro, >= 3 sections, conclusion
    body_text = " ".join(blocks)
    marked = highlights(text)
    assert marked, "the post has no highlights to look for"
    for highlight in marked:
        assert highlight in body_text
    assert numbers(visible_text(text)) <= numbers(source_text)


def visible_text(post_text: str) -> str:
    """What a reader reads that blogwire wrote: title, excerpt and body text, without
    markup, URLs, the source credit or the footer."""
    _, front, body = post_text.split("---\n", 2)
    meta = yaml.safe_load(front)
    body = body.rsplit('<p data-blogwire="source">', 1)[0]
    return "\n".join([meta["title"], meta["excerpt"], html.unescape(re.sub(r"<[^>]+>", " ", body))])


def test_demo_pages_are_at_least_eight_on_varied_beats() -> None:
    pages = demo_pages()
    assert len(pages) >= 8
    beats = {p.stem.split("-", 1)[1].split("-")[0] for p in pages}
    assert {"politics", "economy", "it", "society", "sports", "world", "culture"} <= beats


def test_real_outlet_pages_compose_to_valid_faithful_posts(
    real_pages: list[Path], tmp_path: Path
) -> None:
    composed = 0
    for page in real_pages:
        if page.name in UNFIT:  # tests/analyze/test_fitness.py holds its refusal
            with pytest.raises(UnfitError, match="sentences are questions"):
                _compose(page)
            continue
        text, sentences, _ = _compose(page)
        post = tmp_path / f"{page.stem}.md"
        post.write_text(text, encoding="utf-8")
        assert WIRE.check(post) == [], page.name
        blocks = paragraphs(text)
        assert blocks, f"{page.name}: the post has no paragraphs to align"
        for block in blocks:
            align(block, sentences)
        composed += 1
    assert composed == len(real_pages) - len(UNFIT) >= 10
