"""The review desk's sentence editing (issue 15 item 8), on a real site and store:
change a sentence, remove one, add the editor's own; re-rendered and re-checked; the
editor's sentences kept as the editor's (Voice.EDITOR) in the stored post."""

from __future__ import annotations

from pathlib import Path

import pytest

from blogwire.core import Blogwire, EditedSentence, SectionSentences, SentenceEdit
from blogwire.errors import EditRefused
from blogwire.models import Post, Voice
from blogwire.render.check import check_post
from blogwire.settings import Settings

from reviewsite import review_site, snapshot

OWN = "편집자가 덧붙인 설명입니다."


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Settings]:
    return review_site(tmp_path / "site")


def _draft(wire: Blogwire) -> tuple[int, int, Post]:
    item = next(i for i in wire.desk.queue() if i.status == "draft")
    view = wire.desk.story(item.story_id)
    assert view.post is not None and view.content is not None
    return item.story_id, view.post.id, view.content


def _as_is(post: Post) -> list[list[EditedSentence]]:
    out = []
    for section in post.sections:
        groups = section.body.sentence_groups()
        assert groups
        out.append([EditedSentence("".join(s.text for s in g), n) for n, g in enumerate(groups)])
    return out


def _edit(rows: list[list[EditedSentence]], highlights: list[int | None]) -> SentenceEdit:
    return SentenceEdit(
        tuple(SectionSentences(tuple(r), h) for r, h in zip(rows, highlights, strict=True))
    )


def test_change_remove_and_add_are_stored_with_who_wrote_them(
    site: tuple[Path, Settings],
) -> None:
    root, settings = site
    wire = Blogwire(settings)
    story, post_id, post = _draft(wire)
    rows = _as_is(post)
    first = post.sections[0].body
    assert len(rows[0]) >= 2, "section 1 needs two sentences to change one and keep one"
    keep = first.highlighted_index()  # the highlight stays where it was
    assert keep is not None
    # a source sentence to change (a section also holds the blog's framing line)
    changed = next(n for n in range(len(rows[0])) if n != keep and first.voice(n) == Voice.SOURCE)
    rows[0][changed] = EditedSentence("편집자가 고친 문장입니다.", changed)
    rows[0].append(EditedSentence(OWN))
    # a sentence of section 2 that is not its highlighted one (that one must stay chosen)
    second = post.sections[1].body.highlighted_index()
    gone = max(n for n in range(len(rows[1])) if n != second) if len(rows[1]) > 1 else 0
    removed_text = rows[1][gone].text
    if len(rows[1]) > 1:
        rows[1][gone] = EditedSentence("", gone)  # cleared: removed
    highlights = [rows[0].index(rows[0][keep]), None, *([None] * (len(rows) - 2))]
    record = wire.desk.edit_sentences(post_id, _edit(rows, highlights))

    text = (root / record.path).read_text(encoding="utf-8")
    assert check_post(text, record.path, settings.post) == []
    assert "편집자가 고친 문장입니다." in text and OWN in text
    stored = wire.desk.story(story).content
    assert stored is not None
    body = stored.sections[0].body
    groups = ["".join(s.text for s in g) for g in body.sentence_groups()]
    assert groups[-1] == OWN and body.voice(len(groups) - 1) == Voice.EDITOR
    assert body.voice(changed) == Voice.EDITOR  # a changed source sentence is the editor's
    assert body.voice(keep) == first.voice(keep) == Voice.SOURCE  # kept: still the source's
    # the editor's sentences are never credited to the source: only kept ones keep an index
    assert len(body.sources) == sum(1 for n in range(len(groups)) if body.voice(n) == Voice.SOURCE)
    if len(rows[1]) > 1:
        assert removed_text not in "".join(s.text for s in stored.sections[1].body.spans)
    # an untouched section is stored exactly as before
    assert stored.sections[-1] == post.sections[-1]


def test_a_refused_sentence_edit_saves_nothing(site: tuple[Path, Settings]) -> None:
    root, settings = site
    wire = Blogwire(settings)
    _story, post_id, post = _draft(wire)
    before = snapshot(root)
    rows = _as_is(post)
    rows[0].append(EditedSentence("<script>alert(1)</script>"))
    rows[1] = [EditedSentence("", n) for n in range(len(rows[1]))]  # an empty section
    with pytest.raises(EditRefused) as refused:
        wire.desk.edit_sentences(post_id, _edit(rows, [None] * len(rows)))
    said = " ".join(refused.value.problems)
    assert "plain text" in said and "at least one sentence" in said
    assert snapshot(root) == before


def test_removing_the_highlighted_sentence_asks_for_another(site: tuple[Path, Settings]) -> None:
    _root, settings = site
    wire = Blogwire(settings)
    _story, post_id, post = _draft(wire)
    rows = _as_is(post)
    lit = post.sections[0].body.highlighted_index()
    assert lit is not None
    rows[0][lit] = EditedSentence("", lit)
    with pytest.raises(EditRefused, match="choose a sentence to highlight"):
        wire.desk.edit_sentences(post_id, _edit(rows, [None] * len(rows)))
