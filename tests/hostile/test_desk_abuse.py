"""Issue 19 items 11-15: the review desk under abuse, against the real `blogwire serve`.

Each test starts `python -m blogwire serve` on a free loopback port in a copy of the
review site and talks HTTP to it. uvicorn trusts X-Forwarded-For from 127.0.0.1 (its
default), which is how one test plays several clients: the desk throttles each
client by the address uvicorn reports.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest

from reviewsite import database, review_site, snapshot

pytestmark = pytest.mark.slow  # real `blogwire serve` processes (~30 s)

TOKEN = "desk-token-0123456789abcdef"
BLOGWIRE = [sys.executable, "-m", "blogwire"]
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
COOKIE = re.compile(r"blogwire_session=([^;]+)")


@dataclass
class Desk:
    process: subprocess.Popen[str]
    port: int
    site: Path
    log: Path

    def stderr(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def request(
        self,
        method: str,
        path: str,
        *,
        headers: dict[str, str] | None = None,
        form: dict[str, str] | None = None,
        connection: http.client.HTTPConnection | None = None,
    ) -> tuple[int, dict[str, str], str]:
        own = connection is None
        conn = connection or self.connection()
        sent = {"Origin": self.origin, **(headers or {})}
        body = None
        if form is not None:
            body = urlencode(form).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            return response.status, {k.lower(): v for k, v in response.getheaders()}, text
        finally:
            if own:
                conn.close()

    def peak_memory_kib(self) -> int:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        assert match, status
        return int(match.group(1))

    def bytes_read(self) -> int:
        io = Path(f"/proc/{self.process.pid}/io").read_text()
        match = re.search(r"rchar: (\d+)", io)
        assert match, io
        return int(match.group(1))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def serve_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BLOGWIRE_")}
    return {**env, "COLUMNS": "250", **extra}


@contextmanager
def desk(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> Iterator[Desk]:
    site, _settings = review_site(tmp_path / "site")
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [*BLOGWIRE, "serve", "--port", str(port), *args],
        cwd=site,
        env=env or serve_env(),
        stdout=subprocess.DEVNULL,  # the access log; a pipe nobody reads would fill
        stderr=log,
        text=True,
    )
    running = Desk(process, port, site, Path(log.name))
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(running.stderr()) from None
                time.sleep(0.05)
        yield running
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def first_story(site: Path) -> int:
    from reviewsite import review_settings

    with database(review_settings(site)) as db:
        (story,) = db.execute("SELECT story_id FROM posts ORDER BY id LIMIT 1").fetchone()
    return int(story)


def client(address: str) -> dict[str, str]:
    return {"X-Forwarded-For": address}


def log_in(server: Desk, address: str = "10.9.9.9") -> tuple[str, str]:
    """The session cookie and CSRF token of a reviewer who logged in."""
    status, headers, _ = server.request(
        "POST", "/login", headers=client(address), form={"token": TOKEN, "next": "/"}
    )
    assert status == 303, (status, headers)
    cookie = COOKIE.search(headers["set-cookie"])
    assert cookie
    status, _, page = server.request(
        "GET", "/", headers={**client(address), "Cookie": f"blogwire_session={cookie.group(1)}"}
    )
    assert status == 200
    csrf = CSRF.search(page)
    assert csrf
    return cookie.group(1), csrf.group(1)


# -- item 11: Bearer guesses, token strength ----------------------------------------


def test_bearer_guesses_are_throttled_per_client(tmp_path: Path) -> None:
    with desk(tmp_path, env=serve_env(BLOGWIRE_TOKEN=TOKEN)) as server:
        conn = server.connection()
        codes = [
            server.request(
                "GET",
                "/",
                headers={**client("10.0.0.66"), "Authorization": f"Bearer guess-{n}"},
                connection=conn,
            )[0]
            for n in range(40)
        ]
        assert codes[0] == 401 and codes[-1] == 429, codes
        assert codes.count(401) <= 10, codes
        # the right token from the guessing client is not even compared while it waits
        right = {**client("10.0.0.66"), "Authorization": f"Bearer {TOKEN}"}
        assert server.request("GET", "/", headers=right)[0] == 429
        owner = {**client("10.0.0.7"), "Authorization": f"Bearer {TOKEN}"}
        assert server.request("GET", "/", headers=owner)[0] == 200


@pytest.mark.parametrize(
    "weak", [" ", "secret", "aaaaaaaaaaaaaaaaaaaaaaaa", "tab\there-0123456789"]
)
def test_a_weak_token_is_refused_before_listening(tmp_path: Path, weak: str) -> None:
    done = subprocess.run(
        [*BLOGWIRE, "serve", "--host", "0.0.0.0", "--port", str(free_port())],
        cwd=tmp_path,
        env=serve_env(BLOGWIRE_TOKEN=weak),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "token" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


# -- item 12: one client's bad logins lock out only that client ----------------------


def test_bad_logins_from_one_client_do_not_lock_out_the_owner(tmp_path: Path) -> None:
    with desk(tmp_path, env=serve_env(BLOGWIRE_TOKEN=TOKEN)) as server:
        conn = server.connection()
        codes = [
            server.request(
                "POST",
                "/login",
                headers=client("10.0.0.66"),
                form={"token": f"wrong-{n}", "next": "/"},
                connection=conn,
            )[0]
            for n in range(15)
        ]
        assert codes[:10] == [401] * 10 and set(codes[10:]) == {429}, codes
        status, _, page = server.request(
            "POST", "/login", headers=client("10.0.0.66"), form={"token": TOKEN, "next": "/"}
        )
        assert status == 429 and "잠시 뒤" in page
        log_in(server, "10.0.0.7")  # the owner, from elsewhere, is let in at once


# -- item 13: request bodies are capped before they are parsed -----------------------


def _stream_post(server: Desk, path: str, parts: int, part_size: int) -> int:
    """POST a multipart form of `parts` fields of `part_size` bytes, chunked (no
    Content-Length to refuse up front); the status, or 0 if the server hung up first."""
    boundary = "blogwireboundary"
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    try:
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
            f"Origin: {server.origin}\r\nX-Forwarded-For: 10.0.0.99\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
            "Transfer-Encoding: chunked\r\n\r\n"
        )
        sock.sendall(head.encode())
        filler = b"a" * part_size
        try:
            for n in range(parts):
                chunk = (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="f{n}"\r\n\r\n'.encode()
                    + filler
                    + b"\r\n"
                )
                sock.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            tail = f"--{boundary}--\r\n".encode()
            sock.sendall(f"{len(tail):x}\r\n".encode() + tail + b"\r\n0\r\n\r\n")
        except OSError:
            pass  # the server answered and closed before the body ended: what we want
        try:
            reply = sock.recv(4096).decode("latin-1")
        except OSError:
            return 0
        match = re.match(r"HTTP/1\.1 (\d+)", reply)
        return int(match.group(1)) if match else 0
    finally:
        sock.close()


def test_a_huge_login_body_is_refused_before_it_is_read(tmp_path: Path) -> None:
    with desk(tmp_path, env=serve_env(BLOGWIRE_TOKEN=TOKEN)) as server:
        assert server.request("GET", "/login")[0] == 200
        before = server.peak_memory_kib()
        # a declared size over the cap is refused on the headers alone
        conn = server.connection()
        conn.putrequest("POST", "/login")
        conn.putheader("Origin", server.origin)
        conn.putheader("Content-Type", "application/x-www-form-urlencoded")
        conn.putheader("Content-Length", str(1 << 30))
        conn.endheaders()
        started = time.monotonic()
        response = conn.getresponse()
        assert response.status == 413 and time.monotonic() - started < 5
        conn.close()
        # three chunked requests of 100 one-megabyte fields each (300 MB sent in all)
        for _ in range(3):
            assert _stream_post(server, "/login", parts=100, part_size=1 << 20) in (0, 413)
        # a POST without the token is refused before a byte of its body is read
        assert _stream_post(server, "/run", parts=100, part_size=1 << 20) in (0, 401)
        grown = server.peak_memory_kib() - before
        assert grown < 30 * 1024, f"the server's peak memory grew by {grown} KiB"
        log_in(server)  # and it still works


# -- item 14: anonymous traffic cannot evict a reviewer's session --------------------


def test_bearer_calls_do_not_evict_a_logged_in_reviewers_session(tmp_path: Path) -> None:
    with desk(tmp_path, env=serve_env(BLOGWIRE_TOKEN=TOKEN)) as server:
        story = first_story(server.site)
        cookie, csrf = log_in(server)
        conn = server.connection()
        bearer = {"Authorization": f"Bearer {TOKEN}"}
        for _ in range(1100):
            status, _, _ = server.request(
                "GET", "/static/style.css", headers=bearer, connection=conn
            )
            assert status == 200
        files = snapshot(server.site)
        status, _, _ = server.request(
            "POST",
            f"/stories/{story}/reject",
            headers={"Cookie": f"blogwire_session={cookie}"},
            form={"csrf": csrf},
        )
        assert status == 303, status
        assert snapshot(server.site) != files


def test_cookieless_requests_do_not_evict_the_session_without_a_token(tmp_path: Path) -> None:
    with desk(tmp_path) as server:
        story = first_story(server.site)
        status, headers, page = server.request("GET", "/")
        assert status == 200
        cookie = COOKIE.search(headers["set-cookie"])
        csrf = CSRF.search(page)
        assert cookie and csrf
        conn = server.connection()
        for _ in range(1100):  # what <img src="http://127.0.0.1:8000/..."> loads send
            assert server.request("GET", "/static/style.css", connection=conn)[0] == 200
        status, _, _ = server.request(
            "POST",
            f"/stories/{story}/reject",
            headers={"Cookie": f"blogwire_session={cookie.group(1)}"},
            form={"csrf": csrf.group(1)},
        )
        assert status == 303


# -- item 15: ids out of range, the image field, the preview, the token in ps --------


@pytest.mark.parametrize("story", ["99999999999999999999", str(2**63), "-1", "0"])
def test_an_out_of_range_story_id_is_404(tmp_path: Path, story: str) -> None:
    with desk(tmp_path) as server:
        status, headers, page = server.request("GET", "/")
        cookie = COOKIE.search(headers["set-cookie"])
        csrf = CSRF.search(page)
        assert cookie and csrf
        for path in (
            f"/stories/{story}",
            f"/stories/{story}/preview",
            f"/stories/{story}/sentences",
        ):
            status, _, page = server.request("GET", path)
            assert status == 404 and "Traceback" not in page, (path, status)
        status, _, _ = server.request(
            "POST",
            f"/stories/{story}/reject",
            headers={"Cookie": f"blogwire_session={cookie.group(1)}"},
            form={"csrf": csrf.group(1)},
        )
        assert status == 404
    assert "Traceback" not in server.stderr()


@pytest.mark.parametrize(
    "image",
    [
        'https://img.example.com/a".png',
        "https://img.example.com/a'.png",
        "https://img.example.com/a<b>.png",
        "https://img.example.com/a\\b.png",
        "https://img.example.com/{{site}}.png",
    ],
)
def test_an_image_url_that_could_leave_an_attribute_is_refused(tmp_path: Path, image: str) -> None:
    with desk(tmp_path) as server:
        story = first_story(server.site)
        status, headers, page = server.request("GET", f"/stories/{story}")
        cookie = COOKIE.search(headers["set-cookie"])
        csrf = CSRF.search(page)
        assert status == 200 and cookie and csrf
        files = snapshot(server.site)
        status, _, page = server.request(
            "POST",
            f"/stories/{story}/edit",
            headers={"Cookie": f"blogwire_session={cookie.group(1)}"},
            form={"csrf": csrf.group(1), "image": image},
        )
        assert status == 422 and "image" in page, status
        assert snapshot(server.site) == files


def test_the_preview_reads_only_its_own_post(tmp_path: Path) -> None:
    with desk(tmp_path) as server:
        story = first_story(server.site)
        drafts = sorted((server.site / "_drafts").glob("*.md"))
        assert drafts
        body = drafts[0].read_bytes()
        for n in range(600):  # a few megabytes of published posts
            (server.site / "_posts" / f"2026-01-01-copy-{n}.md").write_bytes(body)
        assert server.request("GET", f"/stories/{story}/preview")[0] == 200
        before = server.bytes_read()
        started = time.monotonic()
        status, _, page = server.request("GET", f"/stories/{story}/preview")
        elapsed = time.monotonic() - started
        read = server.bytes_read() - before
        assert status == 200 and "<article" in page
        assert read < 1_000_000, f"one preview read {read} bytes ({elapsed:.2f} s)"


def _token_file(folder: Path) -> Path:
    path = folder / "desk-token"
    path.write_text(TOKEN + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def test_the_token_can_come_from_a_file_and_never_shows_in_ps(tmp_path: Path) -> None:
    with desk(tmp_path, "--token-file", str(_token_file(tmp_path))) as server:
        cmdline = Path(f"/proc/{server.process.pid}/cmdline").read_bytes()
        assert TOKEN.encode() not in cmdline
        log_in(server)
    assert "warning" not in server.stderr()  # a private file, no flag: nothing to warn of


def test_a_token_file_other_users_can_read_is_warned_about(tmp_path: Path) -> None:
    token_file = _token_file(tmp_path)
    token_file.chmod(0o644)
    done = subprocess.run(  # port 0 is refused after the token is read: nothing listens
        [*BLOGWIRE, "serve", "--token-file", str(token_file), "--port", "0"],
        cwd=tmp_path,
        env=serve_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2 and "port 0" in done.stderr, done.stderr
    assert "can be read by other users" in done.stderr and "chmod 600" in done.stderr
    missing = subprocess.run(
        [*BLOGWIRE, "serve", "--token-file", str(tmp_path / "absent")],
        cwd=tmp_path,
        env=serve_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    assert "cannot read the token file" in missing.stderr


def test_the_token_on_the_command_line_still_works_with_a_warning(tmp_path: Path) -> None:
    with desk(tmp_path, "--token", TOKEN) as server:
        log_in(server)
    stderr = server.stderr()
    assert "--token" in stderr and "ps" in stderr and "--token-file" in stderr
