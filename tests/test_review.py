"""Review of drafts (blogwire.review through the facade) on a real site and store:
ten drafts from the demo feed, edited, approved, rejected and re-composed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import sqlite3
from pathlib import Path

import pytest

from blogwire.core import Blogwire
from blogwire.errors import EditRefused, NotFoundError, StoreError, WrongStateError
from blogwire.models import Highlight, Paragraph, Post, Section, SourceCredit, Span
from blogwire.postjson import post_from_json, post_to_json
from blogwire.render.check import check_post
from blogwire.render.seed import render_post
from blogwire.review import PostEdit, rehighlight
from blogwire.settings import Settings
from blogwire.store import NewArticle, Store

from reviewsite import database, posts_table, review_site, snapshot

HIGHLIGHT = re.compile(r'<b><span style="([^"]+)">(.+?)</span></b>')


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Settings]:
    return review_site(tmp_path / "site")


def first_draft(wire: Blogwire) -> tuple[int, int, Post]:
    item = next(i for i in wire.desk.queue() if i.status == "draft")
    view = wire.desk.story(item.story_id)
    assert view.post is not None and view.content is not None
    return item.story_id, view.post.id, view.content


def problems(settings: Settings, path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [str(p) for p in check_post(text, str(path), settings.post)]


# -- the stored structure ------------------------------------------------------


def test_every_draft_stores_its_post_and_it_renders_to_the_file(
    site: tuple[Path, Settings],
) -> None:
    root, settings = site
    rows = posts_table(settings)
    assert len(rows) == 10
    for _id, path, title, state, content in rows:
        assert state == "draft" and str(path).startswith("_drafts/")
        post = post_from_json(str(content))
        assert post.title == title
        assert render_post(post, settings.post).text == (root / str(path)).read_text("utf-8")


def test_post_json_round_trips_exactly(site: tuple[Path, Settings]) -> None:
    _root, settings = site
    rows = posts_table(settings)
    assert rows, "the store has no posts: the loop would check nothing"
    for *_rest, content in rows:
        post = post_from_json(str(content))
        assert post_from_json(post_to_json(post)) == post
    odd = Post(
        title="제목: “따옴표” 'and' \\ 역슬래시",
        headline="헤드라인",
        excerpt="요약\n두 줄",
        image="https://img.example/a.jpg",
        categories=("경제", "IT"),
        intro=Paragraph((Span("빨강", Highlight.RED), Span(".")), (0,)),
        sections=(Section("섹션", Paragraph((Span("틴트", Highlight.TINT), Span(" 끝")), (1, 2))),),
        conclusion=Paragraph((Span("결론적으로, "), Span("파랑", Highlight.BLUE)), ()),
        credits=(
            SourceCredit("원문", None, "제목"),
            SourceCredit("한빛", "https://h.example/1", "t"),
        ),
        date=dt.date(2024, 2, 29),
        slug="제목-따옴표",
    )
    back = post_from_json(post_to_json(odd))
    assert back == odd
    assert isinstance(back.date, dt.date) and back.intro.spans[0].highlight is Highlight.RED
    assert isinstance(back.sections, tuple) and isinstance(back.sections[0].body.sources, tuple)


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: "{not json",
        lambda d: json.dumps({**d, "version": 99}),
        lambda d: json.dumps({k: v for k, v in d.items() if k != "slug"}),
        lambda d: json.dumps({**d, "date": "2026-13-01"}),
        lambda d: json.dumps({**d, "intro": {**d["intro"], "sources": [True]}}),
        lambda d: json.dumps({**d, "categories": "News"}),
    ],
)
def test_a_corrupt_stored_post_is_a_store_error(mutate: object) -> None:
    post = Post(
        "t",
        "h",
        "e",
        "https://i.example/x.jpg",
        ("News",),
        Paragraph((Span("a"),)),
        (),
        Paragraph((Span("b"),)),
        (),
        dt.date(2026, 1, 2),
        "t",
    )
    data = json.loads(post_to_json(post))
    with pytest.raises(StoreError):
        post_from_json(mutate(data))  # type: ignore[operator]


# A post as blogwire stored it before Post.tags was dropped: the store still holds such
# posts, and the review UI and `run` must keep reading them.
OLD_STORED_POST = (
    '{"version":1,"title":"가람시 요금, 핵심은 무엇일까?","headline":"한눈에 보는 가람시 요금",'
    '"excerpt":"요약","image":"https://i.example/x.jpg","categories":["News"],'
    '"intro":{"spans":[{"text":"인트로","highlight":"red"},{"text":".","highlight":null}],'
    '"sources":[0]},"sections":[{"title":"요금 인상","body":{"spans":[{"text":"본문",'
    '"highlight":"blue"}],"sources":[1,2]}}],"conclusion":{"spans":[{"text":"결론적으로, ",'
    '"highlight":null},{"text":"끝","highlight":"red"}],"sources":[3]},"credits":[{"outlet":'
    '"누리경제","url":"https://n.example/1","title":"원제"}],"date":"2026-01-02",'
    '"slug":"가람시-요금","tags":["가람시","요금"]}'
)


def test_a_post_stored_with_tags_by_an_older_version_still_reads() -> None:
    post = post_from_json(OLD_STORED_POST)
    assert post == Post(
        title="가람시 요금, 핵심은 무엇일까?",
        headline="한눈에 보는 가람시 요금",
        excerpt="요약",
        image="https://i.example/x.jpg",
        categories=("News",),
        intro=Paragraph((Span("인트로", Highlight.RED), Span(".")), (0,)),
        sections=(Section("요금 인상", Paragraph((Span("본문", Highlight.BLUE),), (1, 2))),),
        conclusion=Paragraph((Span("결론적으로, "), Span("끝", Highlight.RED)), (3,)),
        credits=(SourceCredit("누리경제", "https://n.example/1", "원제"),),
        date=dt.date(2026, 1, 2),
        slug="가람시-요금",
    )
    # written back, it no longer carries the tags; otherwise the same JSON
    old = json.loads(OLD_STORED_POST)
    del old["tags"]
    assert json.loads(post_to_json(post)) == old


# -- the queue -----------------------------------------------------------------


def test_queue_lists_the_ten_drafts_with_outlets_and_times(site: tuple[Path, Settings]) -> None:
    _root, settings = site
    queue = Blogwire(settings).desk.queue()
    assert len(queue) == 10
    assert {i.status for i in queue} == {"draft"}
    assert all(i.outlets and i.at.tzinfo and i.path and i.post_id for i in queue)
    assert len(Blogwire(settings).desk.queue("draft")) == 10
    assert Blogwire(settings).desk.queue("published") == ()


def test_queue_shows_a_failed_story_with_its_reason(site: tuple[Path, Settings]) -> None:
    _root, settings = site
    with Store.open(settings.site_dir / settings.run.database) as store:
        record = store.add_article(
            NewArticle(
                "https://news.example/short",
                None,
                "h",
                None,
                "짧은 기사",
                "새벽일보",
                None,
                None,
                ("한 문장뿐이다.",),
                b"\0" * 8,
                (),
            )
        )
        story = store.new_story(record.id)
        store.set_article_state(record.id, "failed", "article too short")
    item = next(i for i in Blogwire(settings).desk.queue() if i.story_id == story)
    assert (item.status, item.reason, item.outlets, item.post_id) == (
        "failed",
        "article too short",
        ("새벽일보",),
        None,
    )
    view = Blogwire(settings).desk.story(story)
    assert view.post is None and view.content is None and view.articles[0].title == "짧은 기사"
    with pytest.raises(NotFoundError):
        Blogwire(settings).desk.story(9999)


# -- editing ---------------------------------------------------------------------


def test_edit_title_updates_file_and_store_and_passes_the_check(
    site: tuple[Path, Settings],
) -> None:
    root, settings = site
    wire = Blogwire(settings)
    story, post_id, _post = first_draft(wire)
    record = wire.desk.edit(post_id, PostEdit(title="  새 제목:   고친  글 "))
    assert record.title == "새 제목: 고친 글" and record.state == "draft"
    path = root / record.path
    assert "title: '새 제목: 고친 글'" in path.read_text("utf-8")
    assert problems(settings, path) == []
    assert wire.desk.story(story).content.title == "새 제목: 고친 글"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (PostEdit(title=""), "title must be one non-empty line"),
        (PostEdit(title="   "), "title must be one non-empty line"),
        (
            PostEdit(section_titles=("<b>굵게</b>", "둘", "셋")),
            "section 1 title must be plain text",
        ),
        (PostEdit(headline=""), "second block must be <h2"),
        (PostEdit(image="javascript:alert(1)"), "image must be an http(s) URL"),
        (PostEdit(categories=(" ", "")), "categories must be a non-empty list"),
        (PostEdit(image="https://img.example/a b.jpg"), "image URL must not contain spaces"),
        (PostEdit(highlights=(0, 0, 99)), "section 3 has no sentence 100"),
        (
            PostEdit(section_titles=("아주 긴 소제목" * 8, "둘", "셋")),
            "section 1 title must be a short",
        ),
    ],
)
def test_an_edit_that_breaks_the_format_is_refused_and_nothing_changes(
    site: tuple[Path, Settings], edit: PostEdit, message: str
) -> None:
    root, settings = site
    wire = Blogwire(settings)
    _story, post_id, post = first_draft(wire)
    if edit.section_titles is not None or edit.highlights is not None:
        n = len(post.sections)
        fill = [s.title for s in post.sections]
        if edit.section_titles is not None:
            edit = dataclasses.replace(edit, section_titles=(*edit.section_titles[:1], *fill[1:n]))
        if edit.highlights is not None:
            current = [s.body.highlighted_index() or 0 for s in post.sections]
            edit = dataclasses.replace(edit, highlights=(*current[:-1], 99))
            message = f"section {n} has no sentence 100"
    files, rows = snapshot(root), posts_table(settings)
    with pytest.raises(EditRefused) as refused:
        wire.desk.edit(post_id, edit)
    assert any(message in p for p in refused.value.problems), refused.value.problems
    assert snapshot(root) == files and posts_table(settings) == rows


def test_a_refused_edit_reports_every_problem_at_once(site: tuple[Path, Settings]) -> None:
    _root, settings = site
    wire = Blogwire(settings)
    _story, post_id, post = first_draft(wire)
    titles = ("<b>굵게</b>", *(s.title for s in post.sections[1:]))
    with pytest.raises(EditRefused) as refused:
        wire.desk.edit(post_id, PostEdit(title="", section_titles=titles))
    found = refused.value.problems
    assert any("title must be one non-empty line" in p for p in found), found
    assert any("section 1 title must be plain text" in p for p in found), found


def test_changing_a_sections_highlight_moves_the_highlighted_span(
    site: tuple[Path, Settings],
) -> None:
    root, settings = site
    wire = Blogwire(settings)
    _story, post_id, post = first_draft(wire)
    number, section = next(
        (n, s) for n, s in enumerate(post.sections) if len(s.body.sentence_groups()) >= 3
    )
    current = [s.body.highlighted_index() for s in post.sections]
    choice = next(i for i in range(len(section.body.sentence_groups())) if i != current[number])
    chosen = "".join(s.text for s in section.body.sentence_groups()[choice]).rstrip(".!?")
    highlights = tuple(choice if n == number else c for n, c in enumerate(current))
    record = wire.desk.edit(post_id, PostEdit(highlights=highlights))  # type: ignore[arg-type]
    text = (root / record.path).read_text("utf-8")
    assert problems(settings, root / record.path) == []
    body = text.split("\n\n")
    section_body = body[body.index(f"<p>{section.title}</p>") + 1]
    marks = HIGHLIGHT.findall(section_body)
    expected_style = "color: #1a5490;" if number % 2 == 0 else "background-color: #21538527;"
    assert marks == [(expected_style, chosen)]


def test_rehighlight_keeps_an_unchanged_paragraph_identical(site: tuple[Path, Settings]) -> None:
    _root, settings = site
    rows = posts_table(settings)
    assert rows, "the store has no posts: the loop would check nothing"
    for *_rest, content in rows:
        sections = post_from_json(str(content)).sections
        assert sections, "a stored post has no sections: the loop would check nothing"
        for n, section in enumerate(sections):
            color = Highlight.BLUE if n % 2 == 0 else Highlight.TINT
            index = section.body.highlighted_index()
            assert index is not None
            assert rehighlight(section.body, index, color) == section.body


# -- approve, reject, re-compose ---------------------------------------------------


def test_approve_moves_the_draft_into_posts_and_records_the_publish(
    site: tuple[Path, Settings],
) -> None:
    root, settings = site
    wire = Blogwire(settings)
    _story, post_id, post = first_draft(wire)
    draft = next(p for p in posts_table(settings) if p[0] == post_id)[1]
    text = (root / str(draft)).read_text("utf-8")
    record = wire.desk.approve(post_id)
    slug = Path(str(draft)).stem
    assert record.state == "published" and record.path == f"_posts/{post.date}-{slug}.md"
    assert not (root / str(draft)).exists()
    assert (root / record.path).read_text("utf-8") == text
    assert problems(settings, root / record.path) == []
    with database(settings) as db:
        assert db.execute(
            "SELECT target FROM publishes WHERE post_id = ? ORDER BY id", (post_id,)
        ).fetchall()[-1] == (record.path,)
    with pytest.raises(WrongStateError):
        wire.desk.approve(post_id)
    with pytest.raises(WrongStateError):
        wire.desk.edit(post_id, PostEdit(title="게시 뒤 편집"))


def test_approve_refuses_a_hand_broken_draft(site: tuple[Path, Settings]) -> None:
    root, settings = site
    wire = Blogwire(settings)
    _story, post_id, _post = first_draft(wire)
    draft = root / str(next(p for p in posts_table(settings) if p[0] == post_id)[1])
    draft.write_text(draft.read_text("utf-8").replace("<h2", "<h3"), encoding="utf-8")
    with pytest.raises(EditRefused):
        wire.desk.approve(post_id)
    assert draft.exists() and not list((root / "_posts").glob("*.md"))


def test_reject_removes_the_draft_and_recompose_brings_it_back(
    site: tuple[Path, Settings],
) -> None:
    root, settings = site
    wire = Blogwire(settings)
    story, post_id, _post = first_draft(wire)
    draft = root / str(next(p for p in posts_table(settings) if p[0] == post_id)[1])
    original = draft.read_text("utf-8")
    rejected = wire.desk.reject(post_id)
    assert rejected.state == "rejected" and not draft.exists()
    assert wire.desk.story(story).status == "rejected"
    with pytest.raises(WrongStateError):
        wire.desk.reject(post_id)
    back = wire.desk.recompose(post_id)
    assert back.state == "draft" and back.path == rejected.path
    assert draft.read_text("utf-8") == original  # the same articles compose the same post


def test_recompose_replaces_an_edited_draft(site: tuple[Path, Settings]) -> None:
    root, settings = site
    wire = Blogwire(settings)
    story, post_id, post = first_draft(wire)
    edited = wire.desk.edit(post_id, PostEdit(title="손으로 고친 제목"))
    assert wire.desk.recompose(post_id).title == post.title
    assert wire.desk.story(story).content == post
    assert (root / edited.path).read_text("utf-8") == render_post(post, settings.post).text


def test_a_post_without_stored_structure_is_recomposed_before_editing(
    site: tuple[Path, Settings],
) -> None:
    _root, settings = site
    wire = Blogwire(settings)
    story, post_id, _post = first_draft(wire)
    with database(settings) as db:
        db.execute("UPDATE posts SET content = NULL WHERE id = ?", (post_id,))
    assert wire.desk.story(story).content is None
    with pytest.raises(WrongStateError, match="re-compose"):
        wire.desk.edit(post_id, PostEdit(title="새 제목"))
    wire.desk.recompose(post_id)
    assert wire.desk.edit(post_id, PostEdit(title="새 제목")).title == "새 제목"


def test_preview_renders_the_draft_in_the_site_theme(site: tuple[Path, Settings]) -> None:
    _root, settings = site
    wire = Blogwire(settings)
    _story, post_id, post = first_draft(wire)
    html = wire.desk.preview(post_id)
    assert "<html" in html and post.headline in html
    wire.desk.reject(post_id)
    with pytest.raises(NotFoundError):
        wire.desk.preview(post_id)


# -- the store's part ----------------------------------------------------------------


def test_a_schema_1_store_gains_the_content_column_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from blogwire.store import db as store_db

    path = tmp_path / "old.db"
    everything = store_db.load_migrations()
    monkeypatch.setattr(store_db, "load_migrations", lambda: everything[:1])
    with Store.open(path) as old:
        record = old.add_article(
            NewArticle(
                "https://news.example/1",
                None,
                "h",
                None,
                "제목",
                "한빛일보",
                None,
                None,
                ("문장이다.",),
                b"\0" * 8,
                (),
            )
        )
        story = old.new_story(record.id)
        assert old.schema_version() == 1
    # the post as a schema-1 blogwire recorded it (today's begin_post writes later columns)
    with sqlite3.connect(path, isolation_level=None) as db:
        post_id = db.execute(
            "INSERT INTO posts (story_id, path, title, state, created_at, updated_at) "
            "VALUES (?, '_drafts/a.md', '제목', 'writing', ?, ?)",
            (story, "2026-11-09T00:00:00.000000+00:00", "2026-11-09T00:00:00.000000+00:00"),
        ).lastrowid
    assert post_id is not None
    monkeypatch.setattr(store_db, "load_migrations", lambda: everything)
    with Store.open(path) as store:
        assert store.schema_version() == len(everything) >= 2
        assert store.post_content(post_id) is None  # written before: re-compose to edit
        store.set_post_content(post_id, '{"x": 1}')
        assert store.post_content(post_id) == '{"x": 1}'


def test_store_review_methods(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        ids = []
        for n in (1, 2):
            record = store.add_article(
                NewArticle(
                    f"https://news.example/{n}",
                    None,
                    f"h{n}",
                    None,
                    "제목",
                    None,
                    None,
                    None,
                    ("문장이다.",),
                    b"\0" * 8,
                    (),
                )
            )
            ids.append(store.new_story(record.id))
        assert [s.id for s in store.stories()] == ids[::-1]  # newest first
        assert [s.id for s in store.stories(limit=1)] == ids[-1:]
        post = store.begin_post(ids[0], path="_drafts/a.md", title="처음")
        store.set_post_title(post.id, "나중")
        store.move_post(post.id, "_posts/2026-01-02-a.md")
        found = store.find_post(post.id)
        assert found is not None and (found.title, found.path) == ("나중", "_posts/2026-01-02-a.md")
        assert store.find_post(999) is None
        for call in (
            lambda: store.post_content(999),
            lambda: store.set_post_content(999, "{}"),
            lambda: store.set_post_title(999, "x"),
            lambda: store.move_post(999, "x"),
        ):
            with pytest.raises(StoreError):
                call()
