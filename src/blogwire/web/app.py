"""`blogwire serve`: the review UI, a FastAPI app over one site's store, served by
uvicorn; plain HTML forms, no script.

Every action goes through the facade (blogwire.core.Blogwire); this module only
turns requests into those calls and their results into pages. All page text goes
through Jinja2 with autoescaping, and nothing is marked safe, so no text from a
source page (titles, paragraphs, links) can become markup in the UI. The CLI reads
--host/--port/--token and BLOGWIRE_TOKEN and passes them to `serve` with the facade
(which holds the environment, for the LLM writer): nothing here reads the environment.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any, TypeVar

import jinja2
from fastapi import FastAPI, HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, RedirectResponse, Response

from blogwire.core import Blogwire, StoryView
from blogwire.errors import BlogwireError, ConfigError, EditRefused
from blogwire.models import QUEUE_STATUSES
from blogwire.web import editing, views
from blogwire.web.security import (
    SESSION_COOKIE,
    BodyLimit,
    ClientThrottle,
    Guard,
    Sessions,
    check_token,
    checked_form,
    client_of,
    loopback_name,
    set_session_cookie,
    token_matches,
)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000

# The preview is the site's own page: its inline stylesheet may load, nothing may run,
# and the sandbox gives it an origin of its own, so it can never act as the UI.
PREVIEW_POLICY = (
    "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src http: https: data:; "
    "font-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)
DONE_MESSAGES = {
    "saved": "저장했습니다. 글 형식 검사를 통과했습니다.",
    "approved": "게시했습니다. 글이 _posts/ 로 옮겨졌습니다.",
    "rejected": "거절했습니다. 초안 파일을 지웠습니다.",
    "recomposed": "원문 기사로 초안을 다시 작성했습니다.",
    "retried": "게시 대상에 다시 보냈습니다. 결과는 아래 게시 대상 목록에 있습니다.",
}
T = TypeVar("T")


def check_bind(host: str, token: str | None) -> None:
    """Refuse to listen beyond this machine without a token: anyone who can reach
    the port could otherwise publish, reject and run. A token, where given, must be
    strong, whatever the address."""
    if not host.strip():
        raise ConfigError("an empty --host listens on every address; name one")
    if token:
        check_token(token)
    if not token and not loopback_name(host):
        raise ConfigError(
            f"refusing to serve on {host} without a token: anyone who can reach it could "
            "publish posts; pass --token or set BLOGWIRE_TOKEN, or use --host 127.0.0.1"
        )


def serve(
    wire: Blogwire,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    token: str | None = None,
) -> None:
    """Serve the review UI until interrupted (Ctrl-C)."""
    check_bind(host, token)
    if not 0 < port < 65536:
        raise ConfigError(f"port {port} is not between 1 and 65535")
    import uvicorn

    app = create_app(wire, token=token)
    # one process: sessions live in its memory, and the store serialises writers anyway
    uvicorn.run(app, host=host.strip("[]"), port=port, server_header=False, log_level="info")


def create_app(wire: Blogwire, *, token: str | None = None) -> FastAPI:
    """The app for one site's facade. `token` None (or empty) means no login: serve it
    on loopback only (see check_bind)."""
    token = token or None
    settings = wire.settings
    desk = wire.desk
    sessions = Sessions()
    throttle = ClientThrottle()
    app = FastAPI(title="blogwire", docs_url=None, redoc_url=None, openapi_url=None)
    # A run and a re-compose both analyse with the one Korean model; one at a time, and
    # a second click while one works is told so instead of queueing behind it.
    composing = threading.Lock()

    def alone(action: Callable[..., T], *args: Any) -> T:
        if not composing.acquire(blocking=False):
            raise HTTPException(
                409, "실행이나 다시 작성이 이미 진행 중입니다. 잠시 뒤 다시 하세요."
            )
        try:
            return action(*args)
        finally:
            composing.release()

    def page(request: Request, template: str, code: int = 200, **context: Any) -> HTMLResponse:
        session = getattr(request.state, "session", None)
        context.update(
            csrf=session.csrf if session else "",
            login=token is not None,
            nav=template.removesuffix(".html"),
        )
        html = _templates().get_template(template).render(context)
        return HTMLResponse(html, status_code=code)

    def login_page(request: Request) -> Response:
        return page(request, "login.html", 401, next=_local(request.url.path), error=None)

    # Inside the Guard: a request it refuses (no token, another origin) is never read;
    # one it lets through is read up to the cap before any handler parses it.
    app.add_middleware(BodyLimit)
    app.middleware("http")(Guard(token, sessions, throttle, login_page))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return page(request, "error.html", exc.status_code, message=str(exc.detail))

    @app.exception_handler(BlogwireError)
    async def blogwire_error(request: Request, exc: BlogwireError) -> Response:
        return page(request, "error.html", exc.http_status, message=str(exc))

    # -- pages ----------------------------------------------------------------

    @app.get("/")
    def queue(request: Request, status: str | None = None) -> Response:
        items = desk.queue()
        counts = {s: sum(1 for i in items if i.status == s) for s in QUEUE_STATUSES}
        if status not in QUEUE_STATUSES:
            status = None
        shown = [i for i in items if status is None or i.status == status]
        return page(
            request, "queue.html", items=shown, total=len(items), counts=counts, status=status
        )

    @app.get("/stories/{story_id}")
    def story(request: Request, story_id: int, done: str | None = None) -> Response:
        view = story_view(story_id)
        values = views.editor_values(view.content) if view.content else None
        return story_page(request, view, values, message=DONE_MESSAGES.get(done or ""))

    def story_view(story_id: int) -> StoryView:
        if not views.is_story_id(story_id):
            raise HTTPException(404, "없는 기사 묶음입니다.")
        return desk.story(story_id)

    def story_page(
        request: Request,
        view: StoryView,
        values: views.EditorValues | None,
        *,
        code: int = 200,
        message: str | None = None,
        problems: tuple[str, ...] = (),
    ) -> Response:
        choices = views.section_choices(view.content) if view.content else ()
        return page(
            request,
            "story.html",
            code,
            view=view,
            values=values,
            choices=choices,
            message=message,
            problems=problems,
        )

    @app.get("/stories/{story_id}/preview")
    def preview(story_id: int) -> Response:
        view = story_view(story_id)
        if view.post is None:
            raise HTTPException(404, "이 기사 묶음에는 아직 글이 없습니다.")
        html = desk.preview(view.post.id)
        return HTMLResponse(html, headers={"content-security-policy": PREVIEW_POLICY})

    @app.get("/feeds")
    def feeds(request: Request) -> Response:
        status = wire.status()
        rows = views.feed_rows(settings, status.feeds)
        return page(request, "feeds.html", rows=rows, counts=status.counts)

    @app.get("/settings")
    def settings_page(request: Request) -> Response:
        rows = views.effective_settings(settings)
        return page(request, "settings.html", rows=rows, token_set=token is not None)

    @app.get("/static/style.css")
    def stylesheet() -> Response:
        return Response(_stylesheet(), media_type="text/css; charset=utf-8")

    # -- actions (POST: session CSRF token + same origin, see web.security) ---

    # the sentence editor and the hand-edited draft's choice (before the catch-all below)
    editing.register(app, desk, page)

    @app.post("/stories/{story_id}/edit")
    async def edit(request: Request, story_id: int) -> Response:
        form = await checked_form(request)
        view = await run_in_threadpool(story_view, story_id)
        if view.post is None or view.content is None:
            raise HTTPException(409, "편집할 초안이 없습니다. 먼저 다시 작성하세요.")
        change, values = views.edit_from_form(form, view.content)
        try:
            await run_in_threadpool(desk.edit, view.post.id, change)
        except EditRefused as exc:
            return story_page(request, view, values, code=422, problems=exc.problems)
        return _back(story_id, "saved")

    @app.post("/stories/{story_id}/retry/{target}")
    async def retry(request: Request, story_id: int, target: str) -> Response:
        await checked_form(request)
        view = await run_in_threadpool(desk.story, story_id)
        if view.post is None:
            raise HTTPException(409, "이 기사 묶음에는 아직 글이 없습니다.")
        await run_in_threadpool(desk.retry, view.post.id, target)
        return _back(story_id, "retried")

    @app.post("/stories/{story_id}/{action}")
    async def act(request: Request, story_id: int, action: str) -> Response:
        await checked_form(request)
        do = {
            "approve": (desk.approve, "approved"),
            "reject": (desk.reject, "rejected"),
            "recompose": (lambda post_id: alone(desk.recompose, post_id), "recomposed"),
        }.get(action)
        if do is None:
            raise HTTPException(404, "없는 동작입니다.")
        view = await run_in_threadpool(story_view, story_id)
        if view.post is None:
            raise HTTPException(409, "이 기사 묶음에는 아직 글이 없습니다.")
        try:
            await run_in_threadpool(do[0], view.post.id)
        except EditRefused as exc:
            values = views.editor_values(view.content) if view.content else None
            return story_page(request, view, values, code=422, problems=exc.problems)
        return _back(story_id, do[1])

    @app.post("/run")
    async def run_now(request: Request) -> Response:
        await checked_form(request)
        summary = await run_in_threadpool(alone, wire.run)
        return page(request, "run.html", summary=summary)

    # -- login ----------------------------------------------------------------

    @app.get("/login")
    def login_form(request: Request, next: str = "/") -> Response:
        if token is None:
            return RedirectResponse("/", status_code=303)
        return page(request, "login.html", next=_local(next), error=None)

    @app.post("/login")
    async def login(request: Request) -> Response:
        if token is None:
            return RedirectResponse("/", status_code=303)
        client = client_of(request)
        if not throttle.allowed(client):  # before the body is even parsed
            return page(request, "login.html", 429, next="/", error="잠시 뒤 다시 시도하세요.")
        form = await request.form()
        given, target = form.get("token"), form.get("next")
        target = _local(target if isinstance(target, str) else "/")
        if not isinstance(given, str) or not token_matches(given, token):
            throttle.failed(client)
            return page(request, "login.html", 401, next=target, error="토큰이 맞지 않습니다.")
        # a new session id at login, so an id planted before it is worth nothing
        sessions.drop(request.cookies.get(SESSION_COOKIE))
        response = RedirectResponse(target, status_code=303)
        set_session_cookie(response, request, sessions.new(authenticated=True))
        return response

    @app.post("/logout")
    async def logout(request: Request) -> Response:
        await checked_form(request)
        sessions.drop(request.cookies.get(SESSION_COOKIE))
        response = RedirectResponse("/login" if token else "/", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    return app


def _back(story_id: int, done: str) -> Response:
    # 303 after a POST: reloading the page shows it again instead of re-sending the form
    return RedirectResponse(f"/stories/{story_id}?done={done}", status_code=303)


def _local(target: str) -> str:
    """A path on this server, never another site (`//evil.example`, `/\\evil.example`)."""
    if target.startswith("/") and not target.startswith(("//", "/\\")) and "\n" not in target:
        return target
    return "/"


@cache
def _templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("blogwire.web", "templates"),
        autoescape=True,  # every template, whatever its name ends with
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["time"] = views.local_time
    env.filters["web_url"] = views.web_url
    env.globals.update(
        status_labels=views.STATUS_LABELS,
        article_labels=views.ARTICLE_STATE_LABELS,
        fetch_labels=views.FETCH_LABELS,
    )
    return env


@cache
def _stylesheet() -> str:
    return (resources.files("blogwire.web") / "static" / "style.css").read_text(encoding="utf-8")
