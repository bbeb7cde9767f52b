"""Who may use the review UI, and which requests may change anything.

- With a token, every request needs it: a session cookie from the login form
  (HttpOnly, SameSite=Strict) or `Authorization: Bearer <token>`. The token must be
  strong (check_token), and wrong tokens, by form or by Bearer, are throttled per
  client (ClientThrottle): one client guessing never locks out another.
- A POST body is capped (BodyLimit) before anything parses it.
- Every POST needs a session's CSRF token in its form AND an Origin (or Referer)
  naming this very server, with or without a token: SameSite alone does not stop
  another local page or an older browser.
- Without a token the server listens on loopback only (see app.check_bind), and
  only answers requests whose Host is a loopback name: a web page whose DNS name is
  re-pointed at 127.0.0.1 (DNS rebinding) would otherwise be same-origin with us.

Logged-in sessions live in this process's memory: a restart logs everyone out, which
for a one-person tool on one machine is the right trade against storing secrets on
disk. Only a login with the token makes one, so no amount of anonymous traffic can
push a reviewer's session out. The sessions that carry nothing but a CSRF token
(without a token, and for Bearer calls) are not stored at all: their CSRF token is
derived from the cookie with a per-process key.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
import secrets
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from starlette.datastructures import FormData
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from blogwire.errors import ConfigError

SESSION_COOKIE = "blogwire_session"
SESSION_SECONDS = 12 * 3600
MAX_SESSIONS = 1000  # logins only (each needs the token); keep memory bounded anyway
FAILURES_PER_MINUTE = 10  # wrong tokens per client, by form or by Bearer
MAX_CLIENTS = 10_000  # clients the throttle remembers; the oldest is forgotten first
MIN_TOKEN_LENGTH = 16
MIN_TOKEN_DISTINCT = 8  # "aaaa…" is long but guessable
LOGIN_BODY_LIMIT = 8 * 1024  # a token and a path
BODY_LIMIT = 1024 * 1024  # the editor's form is a few kilobytes
_SESSION_ID = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)
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
        self._key = secrets.token_bytes(32)  # per process: a restart voids every CSRF token

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
        """A stored session: only after a login with the token."""
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

    def anonymous(self, session_id: str | None) -> tuple[Session, bool]:
        """The unstored session of a browser without a token, and whether it is new
        (its cookie must be set). Its CSRF token is a MAC of its id: nothing is kept,
        so cookieless requests (a page's <img> pointing here) cannot evict anyone."""
        fresh = session_id is None or not _SESSION_ID.fullmatch(session_id)
        if fresh:
            session_id = secrets.token_urlsafe(32)
        assert session_id is not None
        csrf = self._mac(b"anonymous:" + session_id.encode())
        return Session(session_id, csrf, authenticated=False, expires=float("inf")), fresh

    def bearer(self) -> Session:
        """The unstored session of a Bearer call: no cookie, a CSRF token of its own."""
        return Session("", self._mac(b"bearer"), authenticated=True, expires=float("inf"))

    def drop(self, session_id: str | None) -> None:
        with self._lock:
            self._items.pop(session_id or "", None)

    def _mac(self, data: bytes) -> str:
        return hmac.new(self._key, data, hashlib.sha256).hexdigest()


class ClientThrottle:
    """At most N wrong tokens a minute per client (IPv6 by /64, which one host holds
    whole). A client over it is told to wait before its guess is even compared, so
    waiting is the only way on; everyone else is unaffected."""

    def __init__(self, clock: Clock = time.monotonic) -> None:
        self._clock = clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def allowed(self, client: str) -> bool:
        with self._lock:
            failures = self._failures.get(client_key(client))
            if failures is None:
                return True
            now = self._clock()
            while failures and failures[0] <= now - 60:
                failures.popleft()
            return len(failures) < FAILURES_PER_MINUTE

    def failed(self, client: str) -> None:
        key = client_key(client)
        with self._lock:
            self._failures.setdefault(key, deque()).append(self._clock())
            self._failures.move_to_end(key)
            while len(self._failures) > MAX_CLIENTS:
                self._failures.popitem(last=False)


def client_key(address: str) -> str:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def client_of(request: Request) -> str:
    # uvicorn's address for the peer (X-Forwarded-For only from a trusted proxy)
    return request.client.host if request.client else ""


def check_token(token: str) -> None:
    """Refuse a token that could be guessed: throttling slows guessing, only length
    and variety make it hopeless."""
    if (
        len(token) < MIN_TOKEN_LENGTH
        or len(set(token)) < MIN_TOKEN_DISTINCT
        or not all(c.isprintable() and not c.isspace() for c in token)
    ):
        raise ConfigError(
            f"the token is too weak: use at least {MIN_TOKEN_LENGTH} printable characters, "
            f"{MIN_TOKEN_DISTINCT} of them different, no spaces (for example the output of "
            "`python3 -c 'import secrets; print(secrets.token_urlsafe(32))'`)"
        )


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
        throttle: ClientThrottle,
        login_page: Callable[[Request], Response],
    ) -> None:
        self.token = token or None
        self.sessions = sessions
        self.throttle = throttle
        self.login_page = login_page

    async def __call__(self, request: Request, call_next: Handler) -> Response:
        host = host_header_name(request.headers.get("host", ""))
        if self.token is None and not loopback_name(host):
            return _refuse(400, "This server only answers at a loopback address (127.0.0.1).")
        fresh: Session | None = None
        if self.token is not None:
            session = self.sessions.get(request.cookies.get(SESSION_COOKIE))
            if session is not None and not session.authenticated:
                session = None
            given = bearer(request)
            if session is None and given is not None:
                client = client_of(request)
                if not self.throttle.allowed(client):
                    return _refuse(429, "Too many wrong tokens; wait a minute.")
                if not token_matches(given, self.token):
                    self.throttle.failed(client)
                    return _refuse(401, "Wrong token.")
                session = self.sessions.bearer()
            if session is None and request.url.path not in OPEN_PATHS:
                if request.method in SAFE_METHODS:
                    page = self.login_page(request)
                    _harden(page)
                    return page
                return _refuse(401, "Log in first (or send Authorization: Bearer <token>).")
        else:
            session, new = self.sessions.anonymous(request.cookies.get(SESSION_COOKIE))
            fresh = session if new else None
        if request.method not in SAFE_METHODS and not same_origin(request):
            return _refuse(403, "Cross-origin request refused (Origin/Referer is not this site).")
        request.state.session = session
        response = await call_next(request)
        if fresh is not None and SESSION_COOKIE not in response.headers.get("set-cookie", ""):
            set_session_cookie(response, request, fresh)
        _harden(response)
        return response


class BodyLimit:
    """ASGI middleware: a request body over its cap is refused (413) before any of it
    is parsed: at once if Content-Length says so, else as soon as the count passes
    it. The body (at most the cap) is read here and handed on whole, so nothing
    downstream can read more. /login, which anyone may call, gets a few kilobytes."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        limit = LOGIN_BODY_LIMIT if scope["path"] == "/login" else BODY_LIMIT
        too_large = _refuse(413, f"Request body over {limit} bytes.")
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared and (not declared.isdigit() or int(declared) > limit):
            await too_large(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await too_large(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: wait for the disconnect

        await self.app(scope, replay, send)


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
