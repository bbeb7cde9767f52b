"""The review desk's sentence editor and the "edited on disk" choice, as routes.

`/stories/{id}/sentences` shows every section's sentences as text boxes: the editor
changes any, clears one to remove it, or writes their own at the end of a section,
and picks the highlighted one. The edit goes through the facade like every other
(`desk.edit_sentences`): re-rendered, re-checked, refused whole with the problems,
and the editor's sentences stored as the editor's (see blogwire.review.edit).

`/stories/{id}/take-file` and `/stories/{id}/keep-stored` settle a draft whose file
was edited by hand: its text becomes the draft, or the stored draft is written back.

Registered by web.app before its catch-all `/stories/{id}/{action}` route.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from blogwire.core import EditedSentence, ReviewDesk, SectionSentences, SentenceEdit
from blogwire.errors import EditRefused
from blogwire.models import Post, Voice
from blogwire.web.security import checked_form
from blogwire.web.views import form_index, is_story_id

Page = Callable[..., Response]


@dataclass(frozen=True, slots=True)
class SentenceRow:
    """One text box: the sentence as stored (or as typed), and who wrote it."""

    text: str
    editor: bool  # the editor's own words (Voice.EDITOR)


@dataclass(frozen=True, slots=True)
class SectionForm:
    title: str
    rows: tuple[SentenceRow, ...]
    added: str  # the editor's new sentence, as typed
    highlight: int | None  # index into rows, len(rows) for the new sentence


def section_forms(post: Post) -> tuple[SectionForm, ...]:
    """The form's values for the stored post."""
    return tuple(
        SectionForm(
            s.title,
            tuple(
                SentenceRow("".join(span.text for span in group), s.body.voice(n) == Voice.EDITOR)
                for n, group in enumerate(s.body.sentence_groups())
            ),
            "",
            s.body.highlighted_index(),
        )
        for s in post.sections
    )


def sentences_from_form(
    form: Mapping[str, object], post: Post
) -> tuple[SentenceEdit, tuple[SectionForm, ...]]:
    """The edit a submitted form asks for, and the values to show again if refused.
    Box `s{n}_{i}` is stored sentence i of section n (absent: kept as it is),
    `s{n}_new` the editor's new sentence, `highlight_{n}` the chosen index."""

    def text(name: str, default: str) -> str:
        value = form.get(name)
        return value if isinstance(value, str) else default

    edits: list[SectionSentences] = []
    shown: list[SectionForm] = []
    for n, current in enumerate(section_forms(post)):
        rows = tuple(
            SentenceRow(text(f"s{n}_{i}", row.text), row.editor)
            for i, row in enumerate(current.rows)
        )
        added = text(f"s{n}_new", "")
        highlight = form_index(form.get(f"highlight_{n}"), current.highlight)
        given = [EditedSentence(row.text, i) for i, row in enumerate(rows)]
        given.append(EditedSentence(added))
        edits.append(SectionSentences(tuple(given), highlight))
        shown.append(SectionForm(current.title, rows, added, highlight))
    return SentenceEdit(tuple(edits)), tuple(shown)


def register(app: FastAPI, desk: ReviewDesk, page: Page) -> None:
    """Add the routes to the app; `page(request, template, code, **context)` renders."""

    def draft_of(story_id: int) -> tuple[int, Post]:
        if not is_story_id(story_id):
            raise HTTPException(404, "없는 기사 묶음입니다.")
        view = desk.story(story_id)
        if view.post is None or view.content is None or view.post.state != "draft":
            raise HTTPException(409, "편집할 초안이 없습니다.")
        return view.post.id, view.content

    def form_page(request: Request, story_id: int, sections: Any, **context: Any) -> Response:
        view = desk.story(story_id)
        return page(request, "sentences.html", view=view, sections=sections, **context)

    @app.get("/stories/{story_id}/sentences")
    def sentences(request: Request, story_id: int) -> Response:
        _post_id, post = draft_of(story_id)
        return form_page(request, story_id, section_forms(post), problems=())

    @app.post("/stories/{story_id}/sentences")
    async def save_sentences(request: Request, story_id: int) -> Response:
        form = await checked_form(request)
        post_id, post = await run_in_threadpool(draft_of, story_id)
        edit, shown = sentences_from_form(form, post)
        try:
            await run_in_threadpool(desk.edit_sentences, post_id, edit)
        except EditRefused as exc:
            return form_page(request, story_id, shown, code=422, problems=exc.problems)
        return RedirectResponse(f"/stories/{story_id}?done=saved", status_code=303)

    @app.post("/stories/{story_id}/take-file")
    async def take_file(request: Request, story_id: int) -> Response:
        await checked_form(request)
        post_id, _post = await run_in_threadpool(draft_of, story_id)
        await run_in_threadpool(desk.take_file, post_id)
        return RedirectResponse(f"/stories/{story_id}", status_code=303)

    @app.post("/stories/{story_id}/keep-stored")
    async def keep_stored(request: Request, story_id: int) -> Response:
        await checked_form(request)
        post_id, _post = await run_in_threadpool(draft_of, story_id)
        await run_in_threadpool(desk.keep_stored, post_id)
        return RedirectResponse(f"/stories/{story_id}?done=saved", status_code=303)
