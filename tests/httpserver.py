"""A real HTTP server on 127.0.0.1 for tests: serves routes from a thread.

A route is a fixed answer, or a `respond` callable that sees the request (for
ETag/If-None-Match, changing answers); POST is answered like GET. Every route records the requests it got,
so a test can count retries; `delay` holds the answer back to provoke timeouts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]  # keys lower-cased
    client_port: int  # the same port twice means a reused (keep-alive) connection

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    drip: float = 0.0  # seconds between the body's 20 pieces (a slow-drip server)
    respond: Callable[[Request], Route] | None = None  # computes the answer per request
    requests: list[Request] = field(default_factory=list)  # filled in by the server

    @property
    def hits(self) -> int:
        return len(self.requests)


@contextmanager
def serve(routes: dict[str, Route]) -> Iterator[str]:
    """Yield the base URL ('http://127.0.0.1:PORT') while the server runs."""
    stopping = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, so connection reuse can be observed

        def do_GET(self) -> None:
            route = routes.get(self.path)
            if route is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            headers = {k.lower(): v for k, v in self.headers.items()}
            request = Request(self.path, headers, self.client_address[1])
            route.requests.append(request)
            answer = route.respond(request) if route.respond else route
            if answer.delay and stopping.wait(answer.delay):
                self.close_connection = True
                return  # the test is over; nobody is listening any more
            try:
                self.send_response(answer.status)
                for key, value in answer.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                if not answer.drip:
                    self.wfile.write(answer.body)
                    return
                step = max(1, -(-len(answer.body) // 20))
                for start in range(0, len(answer.body), step):
                    self.wfile.write(answer.body[start : start + step])
                    self.wfile.flush()
                    if stopping.wait(answer.drip):
                        return
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test); that is the point

        def do_POST(self) -> None:
            # answered like GET, per path (an OpenAI-compatible chat server is a POST
            # route); the body is read first so a kept-alive connection stays in step
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            self.do_GET()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        stopping.set()
        server.shutdown()
        server.server_close()


def closed_port_url() -> str:
    """A loopback URL where nothing listens: connection refused, no network needed."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/article"
