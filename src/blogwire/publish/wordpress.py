"""A WordPress site's REST API (/wp-json/wp/v2): posts, categories and media, over
httpx with the fetcher's timeouts, retries and error wrapping (sources/http.py).

Authentication is an application password (WordPress 5.6+, Users → Profile), sent as
HTTP Basic; WordPress accepts it only over HTTPS unless the site says it is a local
one (WP_ENVIRONMENT_TYPE=local). Every failure is a RemoteError naming the target;
`whole_target` marks the ones that would fail every other post too (a refused login,
the site down or broken), so a run stops asking that site and goes on with the rest.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx

from blogwire.errors import RemoteError
from blogwire.settings import FetchSettings, TargetConfig

API = "/wp-json/wp/v2"
# POST is retried only when the request surely never reached the site: a create
# that timed out may have made the post, which the marker then finds (targets.py).
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_RETRYABLE = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
_ANY_STATUS = "publish,future,draft,pending,private"


@dataclass(frozen=True, slots=True)
class RemotePost:
    id: int
    link: str


class WordPress:
    """One WordPress target for one run. Use as a context manager."""

    def __init__(
        self,
        target: TargetConfig,
        password: str,
        fetch: FetchSettings,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.target = target
        self._fetch = fetch
        self._sleep = sleep
        self._terms: dict[tuple[str, str], int] = {}
        self._client = httpx.Client(
            base_url=target.url.rstrip("/"),
            auth=(target.username, password),
            timeout=target.timeout,
            headers={"User-Agent": fetch.user_agent, "Accept": "application/json"},
            follow_redirects=False,  # a redirect would drop the credentials or the POST
        )

    def __enter__(self) -> WordPress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._client.close()

    # -- posts ----------------------------------------------------------------

    def find(self, marker: str) -> RemotePost | None:
        """The post blogwire created with this marker as its slug, in any state but
        the trash (a trashed post is the user's decision: a new one is made)."""
        found = self._call(
            "GET", "/posts", params={"slug": marker, "status": _ANY_STATUS, "context": "edit"}
        )
        for item in found if isinstance(found, list) else []:
            slug = unquote(str(item.get("slug", "")))
            if slug.lower() == marker.lower() or slug.lower().startswith(f"{marker.lower()}-"):
                return _post(item)
        return None

    def create(self, fields: Mapping[str, Any]) -> RemotePost:
        return _post(self._call("POST", "/posts", json=fields))

    def update(self, remote_id: int, fields: Mapping[str, Any]) -> RemotePost:
        return _post(self._call("POST", f"/posts/{remote_id}", json=fields, idempotent=True))

    def me(self) -> dict[str, Any]:
        """The logged-in user, with capabilities (for `blogwire target check`)."""
        found = self._call("GET", "/users/me", params={"context": "edit"})
        return found if isinstance(found, dict) else {}

    # -- categories and media ---------------------------------------------------

    def category(self, name: str) -> int:
        """The id of the category of that name, created when missing."""
        return self._term("categories", name)

    def _term(self, kind: str, name: str) -> int:
        key = (kind, name)
        if key in self._terms:
            return self._terms[key]
        found = self._call("GET", f"/{kind}", params={"search": name, "per_page": "100"})
        for item in found if isinstance(found, list) else []:
            # WordPress answers names HTML-escaped ("R&amp;D")
            if html.unescape(str(item.get("name", ""))) == name:
                self._terms[key] = int(item["id"])
                return self._terms[key]
        made = self._call("POST", f"/{kind}", json={"name": name})
        self._terms[key] = int(made["id"])
        return self._terms[key]

    def upload(self, data: bytes, filename: str, content_type: str) -> tuple[int, str]:
        """A media item made of `data`: its id and URL."""
        made = self._call(
            "POST",
            "/media",
            content=data,
            headers={
                "Content-Type": content_type,
                "Content-Disposition": f'attachment; filename="{filename}"',
            },
        )
        return int(made["id"]), str(made.get("source_url", ""))

    # -- the one request path ---------------------------------------------------

    def _call(
        self,
        method: str,
        route: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Mapping[str, Any] | None = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool | None = None,
    ) -> Any:
        safe = method == "GET" if idempotent is None else idempotent
        attempts = self._fetch.retries + 1
        name = self.target.name
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                response = self._client.request(
                    method, API + route, params=params, json=json, content=content, headers=headers
                )
            except _RETRYABLE as exc:
                if last or not (safe or isinstance(exc, _NOT_SENT)):
                    raise _unreachable(self.target, exc, attempt + 1) from exc
                self._sleep(self._fetch.backoff * 2**attempt)
                continue
            except httpx.HTTPError as exc:
                raise RemoteError(f"cannot reach the site: {exc}", subject=name) from exc
            status = response.status_code
            if (status == 429 or status >= 500) and not last and (safe or status in (429, 503)):
                self._sleep(self._fetch.backoff * 2**attempt)
                continue
            return _answer(self.target, response, attempts if status >= 500 else 1)
        raise AssertionError("unreachable: the last attempt returns or raises")


def _answer(target: TargetConfig, response: httpx.Response, tries: int) -> Any:
    status = response.status_code
    try:
        data = response.json()
    except ValueError:
        data = None
    if 200 <= status < 300 and data is not None:
        return data
    message = str(data.get("message", "")) if isinstance(data, dict) else ""
    message = html.unescape(message).strip() or response.reason_phrase
    code = str(data.get("code", "")) if isinstance(data, dict) else ""
    name = target.name
    if 200 <= status < 300:
        raise RemoteError(f"HTTP {status} but not JSON: is {target.url} WordPress?", subject=name)
    if status == 401:  # WordPress answers 401 only to a request it did not log in
        raise RemoteError(
            f"WordPress refused the login (HTTP 401: {message}); check `username` "
            f"({target.username}) and the application password in ${target.password_env}",
            subject=name,
            whole_target=True,
        )
    if status == 403:  # logged in, but the user may not: every other post would fail too
        raise RemoteError(
            f"the user {target.username} is not allowed to do this (HTTP 403: {message}); "
            "posts need an Author, Editor or Administrator (new categories: an Editor)",
            subject=name,
            whole_target=True,
        )
    if status == 404 and code in ("", "rest_no_route"):
        raise RemoteError(
            f"no WordPress REST API at {target.url}/wp-json (HTTP 404)",
            subject=name,
            whole_target=True,
        )
    if status in (301, 302, 303, 307, 308):
        where = response.headers.get("location", "?")
        raise RemoteError(
            f"the site redirects to {where}: set `url` to the address it redirects to",
            subject=name,
            whole_target=True,
        )
    if status >= 500 or status == 429:
        after = f" after {tries} attempts" if tries > 1 else ""
        raise RemoteError(f"HTTP {status}{after}: {message}", subject=name, whole_target=True)
    if code == "term_exists" and isinstance(data, dict):  # made meanwhile: that one is it
        term = (data.get("data") or {}).get("term_id")
        if isinstance(term, int):
            return {"id": term}
    raise RemoteError(f"HTTP {status} ({code or 'error'}): {message}", subject=name)


def _unreachable(target: TargetConfig, exc: Exception, tries: int) -> RemoteError:
    after = f" ({tries} attempts)" if tries > 1 else ""
    if isinstance(exc, httpx.TimeoutException):
        why = f"timed out after {target.timeout:g} s{after}"
    else:
        why = f"cannot reach {urlsplit(target.url).netloc}: {exc}{after}"
    return RemoteError(why, subject=target.name, whole_target=True)


def _post(data: Any) -> RemotePost:
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        raise RemoteError("WordPress answered without a post id")
    return RemotePost(int(data["id"]), str(data.get("link", "")))
