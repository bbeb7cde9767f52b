"""One client for every OpenAI-compatible chat-completions server.

OpenAI, Ollama, vLLM, llama.cpp's server, llama-cpp-python's server, LM Studio
and the Korean providers that copy the API all take the same
``POST {base_url}/chat/completions``. Only core dependencies (httpx) are used,
so the writer works wherever blogwire does.

Every call runs against a deadline (a monotonic time), not a per-call timeout:
a post gets `LlmSettings.timeout` seconds in all, however many requests it
takes. Every failure - refused connection, timeout, HTTP error, an answer that
is not a chat completion - is one `LlmError`, so the caller has a single thing
to catch before falling back to the extractive text.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import httpx

from blogwire.errors import LlmError
from blogwire.settings import LlmSettings

__all__ = ["ChatClient", "Message"]

# A chat completion for one post is a few kilobytes; anything far larger is a
# misconfigured server, and reading it would only waste the post's time budget.
MAX_ANSWER_BYTES = 2_000_000


def _schema_format(schema: Mapping[str, Any] | None) -> dict[str, Any] | None:
    # llama.cpp (and llama-cpp-python) turn the schema into a grammar, so even a
    # tiny model writes every key once and no string past its maxLength.
    if schema is None:
        return {"type": "json_object"}
    return {"type": "json_object", "schema": dict(schema)}


def _json_format(schema: Mapping[str, Any] | None) -> dict[str, Any] | None:
    return {"type": "json_object"}  # OpenAI, Ollama, vLLM: JSON, but any JSON


def _no_format(schema: Mapping[str, Any] | None) -> dict[str, Any] | None:
    return None


_RESPONSE_FORMATS: tuple[Callable[[Mapping[str, Any] | None], dict[str, Any] | None], ...] = (
    _schema_format,
    _json_format,
    _no_format,
)


@dataclass(frozen=True, slots=True)
class Message:
    role: str  # "system", "user" or "assistant"
    content: str


class ChatClient:
    """Talks to one chat-completions server; reuse it for every post of a run."""

    def __init__(
        self,
        settings: LlmSettings,
        *,
        environ: Mapping[str, str],
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self.url = settings.base_url.rstrip("/") + "/chat/completions"
        headers = {"Accept": "application/json"}
        key = environ.get(settings.api_key_env, "").strip() if settings.api_key_env else ""
        if key:
            headers["Authorization"] = f"Bearer {key}"
        self._has_key = bool(key)
        # trust_env=False: proxy and certificate variables would be a global
        # environment read; a local server must never be sent through a proxy.
        self._http = httpx.Client(headers=headers, transport=transport, trust_env=False)
        # Index into _RESPONSE_FORMATS: the richest response format the server has
        # not refused. Plain text is the last resort; the caller then reads the
        # first JSON object in it.
        self.format_level = 0

    def __enter__(self) -> ChatClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def complete(
        self,
        messages: Sequence[Message],
        *,
        deadline: float,
        schema: Mapping[str, Any] | None = None,
    ) -> str:
        """The assistant's reply to `messages`, before `deadline` (time.monotonic()).

        `schema` (a JSON Schema for the reply) is offered to servers that can
        constrain their output with it (llama.cpp); the reply is validated by
        the caller either way.
        """
        payload: dict[str, object] = {
            "model": self.settings.model,
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "temperature": self.settings.temperature,
            "max_tokens": self.settings.max_tokens,
            "stream": False,
        }
        while True:
            response_format = _RESPONSE_FORMATS[self.format_level](schema)
            if response_format is None:
                payload.pop("response_format", None)
            else:
                payload["response_format"] = response_format
            status, body = self._post(payload, deadline)
            if (
                status in (400, 422)
                and response_format is not None
                and "response_format" in body.lower()
            ):
                # The server rejects this response format by name: step down a level
                # for this request and every later one.
                self.format_level += 1
                continue
            break
        if status >= 400:
            raise LlmError(self._status_message(status, body), subject=self.url)
        return _content(body, self.url)

    def _post(self, payload: dict[str, object], deadline: float) -> tuple[int, str]:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise self._timed_out()
        try:
            # Streaming the body lets the deadline cut a server that drips bytes
            # slowly enough to never trip a per-read timeout.
            with self._http.stream(
                "POST", self.url, json=payload, timeout=httpx.Timeout(remaining)
            ) as response:
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > MAX_ANSWER_BYTES:
                        raise LlmError(
                            f"the LLM server's answer exceeds {MAX_ANSWER_BYTES} bytes",
                            subject=self.url,
                        )
                    if time.monotonic() > deadline:
                        raise self._timed_out()
                return response.status_code, b"".join(chunks).decode("utf-8", "replace")
        except httpx.TimeoutException as exc:
            raise self._timed_out() from exc
        except httpx.ConnectError as exc:
            raise LlmError(
                f"cannot connect to the LLM server ({_reason(exc)})", subject=self.url
            ) from exc
        except httpx.HTTPError as exc:
            raise LlmError(
                f"the LLM server connection failed ({_reason(exc)})", subject=self.url
            ) from exc

    def _timed_out(self) -> LlmError:
        return LlmError(
            f"the LLM server did not answer within {self.settings.timeout:g} s", subject=self.url
        )

    def _status_message(self, status: int, body: str) -> str:
        detail = " ".join(body.split())[:200]
        message = f"the LLM server answered HTTP {status}"
        if detail:
            message += f": {detail}"
        if status in (401, 403) and not self._has_key:
            message += f" (put the API key in the environment variable {self.settings.api_key_env})"
        elif status == 404:
            message += f" (check base_url, and that the server has model {self.settings.model!r})"
        return message


def _content(body: str, url: str) -> str:
    """The first choice's message text of a chat-completions answer."""
    try:
        data = json.loads(body)
        content = data["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        snippet = " ".join(body.split())[:120]
        raise LlmError(f"the answer is not a chat completion: {snippet!r}", subject=url) from exc
    if not isinstance(content, str) or not content.strip():
        raise LlmError("the model's answer is empty", subject=url)
    return content


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    return text or type(exc).__name__


@contextmanager
def borrowed(
    client: ChatClient | None, settings: LlmSettings, environ: Mapping[str, str]
) -> Iterator[ChatClient]:
    """`client` when the caller has one (a run reuses one connection: the caller closes
    it), else a client of its own for one post, closed on the way out."""
    if client is not None:
        yield client
        return
    with ChatClient(settings, environ=environ) as own:
        yield own
