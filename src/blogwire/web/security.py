"""Who may use the review UI, and which requests may change anything.

- With a token, every request needs it: a session cookie from the login form
  (HttpOnly, SameSite=Strict) or `Authorization: Bearer <token>`.
- Every POST needs a session's CSRF token in its form AND an Origin (or Referer)
  naming this very server, with or without a token: SameSite alone does not stop
  another local page or an older browser.
- Without a token the server listens on loopback only (see app.check_bind), and
  only answers requests whose Host is a loopback name: a web page whose DNS name is
  re-pointed at 127.0.0.1 (DNS rebinding) would otherwise be same-origin with us.

Sessions live in this process's memory: a restart logs everyone out, which for a
one-person tool on one machine is the right trade against storing secrets on disk.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from starlette.datastructures import FormData
from starlette.responses import PlainTextResponse, Response

SESSION_COOKIE = "blogwire_session"
SESSION_SECONDS = 12 * 3600
MAX_SESSIONS = 1000  # without a token every new browser gets one; keep memory bounded
LOGIN_FAILURES_PER_MINUTE = 10
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
OPEN_PATHS = frozenset({"/login", "/static/style.css"})  # reachable before logging in

Clock = Callable[[], float]
Handler = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True, slots=True)
class Session:
    id: str
    csrf: str  # sent back in every form; a POST must carry it
    authenticated: bool  # logged in with the token (always False without a token)
    expires: float  # on the sessions' clock


class Sessions:
    """Thread-safe: the middleware runs on the event loop, handlers in worker threads."""

    def __init__(self, clock: Clock = time.monotonic) -> None:
        self._clock = clock
        self._items: dict[str, Session] = {}
        self._lock = threading.Lock()

    def get(self, session_id: str | None) -> Session | None:
        if not session_id:
            return None
        with self._lock:
            session = self._items.get(session_id)
            if session is not None and session.expires <= self._clock():
                del self._items[session_id]
                return None
            return session

    def new(self, *, authenticated: bool) -> Session:
        session = Session(
            id=secrets.token_urlsafe(32),
            csrf=secrets.token_urlsafe(32),
            authenticated=authenticated,
            expires=self._clock() + SESSION_SECONDS,
        )
        with self._lock:
            now = self._clock()
            for key in [k for k, s in self._items.items() if s.expires <= now]:
                del self._items[key]
            while len(self._items) >= MAX_SESSIONS:
                del self._items[next(iter(self._items))]  # the oldest
            self._items[session.id] = session
        return session

    def drop(self, session_id: str | None) -> None:
        with self._lock:
            self._items.pop(session_id or "", None)


class LoginThrottle:
    """At most N failed logins a minute, over all clients: a short token cannot be
    guessed at network speed, and one person logging in never notices."""

    def __init__(self, clock: Clock = time.monotonic) -> None:
        self._clock = clock
        self._failures: deque[float] = deque()
        self._lock = threading.Lock()

    def allowed(self) -> bool:
        with self._lock:
            now = self._clock()
            while self._failures and self._failures[0] <= now - 60:
                self._failures.popleft()
            return len(self._failures) < LOGIN_FAILURES_PER_MINUTE

    def failed(self) -> None:
        with self._lock:
            self._failures.append(self._clock())


def token_matches(given: str | None, token: str) -> bool:
    # compare_digest: the time taken does not tell how much of a guess was right
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


def bearer(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def loopback_name(host: str) -> bool:
    """'localhost', 127.0.0.0/8 or ::1 (brackets allowed)."""
    name = host.strip().strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def host_header_name(value: str) -> str:
    """The name in a Host header, without the port."""
    return urlsplit(f"//{value}").hostname or ""


def same_origin(request: Request) -> bool:
    """The POST comes from one of our own pages: its Origin (or, lacking one, its
    Referer) is this server's scheme://host:port."""
    origin = request.headers.get("origin")
    if origin is None:
        referer = request.headers.get("referer")
        if not referer:
            return False
        parts = urlsplit(referer)
        origin = f"{parts.scheme}://{parts.netloc}"
    expected = f"{request.url.scheme}://{request.headers.get('host', '')}"
    return hmac.compare_digest(origin.lower().encode(), expected.lower().encode())


def set_session_cookie(response: Response, request: Request, session: Session) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        session.id,
        max_age=SESSION_SECONDS,
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


async def checked_form(request: Request) -> FormData:
    """The POST's form, once its CSRF token matches the session's (else 403)."""
    form = await request.form()
    session: Session | None = getattr(request.state, "session", None)
    sent = form.get("csrf")
    if session is None or not isinstance(sent, str) or not token_matches(sent, session.csrf):
        raise HTTPException(
            403, "CSRF 토큰이 없거나 맞지 않습니다. 페이지를 새로 고친 뒤 다시 하세요."
        )
    return form


class Guard:
    """The HTTP middleware that applies the rules in this module's docstring."""

    def __init__(
        self,
        token: str | None,
        sessions: Sessions,
        login_page: Callable[[Request], Response],
    ) -> None:
        self.token = token or None
        self.sessions = sessions
        self.login_page = login_page

    async def __call__(self, request: Request, call_next: Handler) -> Response:
        host = host_header_name(request.headers.get("host", ""))
        if self.token is None and not loopback_name(host):
            return _refuse(400, "This server only answers at a loopback address (127.0.0.1).")
        session = self.sessions.get(request.cookies.get(SESSION_COOKIE))
        fresh: Session | None = None
        if self.token is not None:
            if session is not None and not session.authenticated:
                session = None
            if session is None and token_matches(bearer(request), self.token):
                session = fresh = self.sessions.new(authenticated=True)
            if session is None and request.url.path not in OPEN_PATHS:
                if request.method in SAFE_METHODS:
                    page = self.login_page(request)
                    _harden(page)
                    return page
                return _refuse(401, "Log in first (or send Authorization: Bearer <token>).")
        elif session is None:
            session = fresh = self.sessions.new(authenticated=False)
        if request.method not in SAFE_METHODS and not same_origin(request):
            return _refuse(403, "Cross-origin request refused (Origin/Referer is not this site).")
        request.state.session = session
        response = await call_next(request)
        if fresh is not None and SESSION_COOKIE not in response.headers.get("set-cookie", ""):
            set_session_cookie(response, request, fresh)
        _harden(response)
        return response


# Our own pages need nothing but our stylesheet, forms to ourselves, the preview frame
# and article images from anywhere; no script runs at all.
UI_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self' http: https: data:; "
    "frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'"
)


def _harden(response: Response) -> None:
    headers = response.headers
    headers.setdefault("content-security-policy", UI_POLICY)
    headers.setdefault("x-content-type-options", "nosniff")
    headers.setdefault("x-frame-options", "SAMEORIGIN")
    headers.setdefault("referrer-policy", "same-origin")
    headers.setdefault("cache-control", "no-store")  # pages carry CSRF tokens


def _refuse(status: int, message: str) -> Response:
    response = PlainTextResponse(message, status_code=status)
    _harden(response)
    return response
