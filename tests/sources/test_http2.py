"""HTTP/2 where the server offers it: a real HTTP/2 server (hypercorn) over TLS on
127.0.0.1, with a test certificate authority (trustme) the client is told to trust
through SSL_CERT_FILE, as a user's system would. Plain http stays HTTP/1.1."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from blogwire.settings import FetchSettings
from blogwire.sources.http import fetch_url

from httpserver import Route, serve

trustme = pytest.importorskip("trustme", reason="trustme (test extra) is not installed")
hypercorn_asyncio = pytest.importorskip("hypercorn.asyncio", reason="hypercorn is not installed")
from hypercorn.config import Config  # noqa: E402

PAGE = "<html><head><title>HTTP/2 기사</title></head><body><p>본문입니다.</p></body></html>"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def h2_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, list[str]]]:
    """https://127.0.0.1:PORT answering every path with PAGE; yields the base URL and
    the HTTP version of each request it served."""
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    pem = tmp_path / "server.pem"
    cert.private_key_and_cert_chain_pem.write_to_path(str(pem))
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    versions: list[str] = []

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        versions.append(scope["http_version"])
        body = PAGE.encode()
        headers = [(b"content-type", b"text/html; charset=utf-8")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    port = _free_port()
    config = Config()
    config.bind = [f"127.0.0.1:{port}"]
    config.certfile = config.keyfile = str(pem)
    config.loglevel = "WARNING"
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(hypercorn_asyncio.serve(app, config, shutdown_trigger=stop.wait))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    for _ in range(100):  # until it listens
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            threading.Event().wait(0.05)
    try:
        yield f"https://127.0.0.1:{port}", versions
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=10)


def test_a_server_that_offers_http2_is_fetched_over_http2(h2_server: tuple[str, list[str]]) -> None:
    base, versions = h2_server
    document = fetch_url(f"{base}/a", FetchSettings(retries=0))
    assert "본문입니다" in document.text
    assert versions == ["2"]


def test_plain_http_stays_http_1_1() -> None:
    route = Route(body=PAGE.encode(), headers={"Content-Type": "text/html; charset=utf-8"})
    with serve({"/a": route}) as base:
        document = fetch_url(f"{base}/a", FetchSettings(retries=0))
    assert "본문입니다" in document.text
    assert route.hits == 1
