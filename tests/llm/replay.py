"""A capable model, replayed: an OpenAI-compatible chat server on 127.0.0.1 that answers
each prompt with a recorded answer, found by the prompt's hash (issue 16, item 5).

The recordings (tests/fixtures/llm_replay/*.json) are what a GPT-4o-class model would
write for the 10 demo articles and 5 real pages: the whole post as the writer's JSON,
in its own words, faithful but for a few planted slips that each recording lists.
`index.json` maps the sha256 of a request's messages to its recording. A prompt the
index does not know (a retry, or a prompt the writer changed) gets HTTP 404 with an
OpenAI-style error, so the writer falls back exactly as it would on a real refusal.

When the writer's prompt changes, refresh the index (and only then, by hand):

    PYTHONPATH=src python tests/llm/replay.py --rehash

It runs blogwire's writer on every recording's article against this server in capture
mode, which answers a first prompt by its `기사 제목: <title>` line and notes its hash.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from blogwire.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
RECORDINGS = ROOT / "tests" / "fixtures" / "llm_replay"
INDEX = RECORDINGS / "index.json"
SHARED_PAGES = ROOT.parent / "shared" / "data" / "real-pages"
REAL_PREFIX = "real-pages/"
MODEL_ID = "replay-gpt-4o-class"
REHASH_COMMAND = "PYTHONPATH=src python tests/llm/replay.py --rehash"
_TITLE_LINE = re.compile(r"^기사 제목:\s*(.+?)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Recording:
    """One article's recorded answer and the slips planted in it."""

    name: str  # the recording's file stem
    article: str  # a demo file name ("03-it.html") or "real-pages/<file>"
    answer: dict[str, Any]
    slips: tuple[dict[str, str], ...]  # {"field", "sentence", "kind"}

    @property
    def is_real_page(self) -> bool:
        return self.article.startswith(REAL_PREFIX)

    def source_path(self) -> Path:
        """The article's page: bundled with blogwire, or in ../shared (may be absent)."""
        if self.is_real_page:
            return SHARED_PAGES / self.article.removeprefix(REAL_PREFIX)
        from blogwire.demo import demo_pages

        return next(p for p in demo_pages() if p.name == self.article)


def load_recordings(folder: Path = RECORDINGS) -> dict[str, Recording]:
    """Every recording in `folder`, by name (index.json aside)."""
    recordings = {}
    for path in sorted(folder.glob("*.json")):
        if path.name == INDEX.name:
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        slips = tuple(dict(s) for s in data.get("slips", []))
        recordings[path.stem] = Recording(path.stem, data["article"], data["answer"], slips)
    return recordings


def load_index(path: Path = INDEX) -> dict[str, str]:
    """prompt hash -> recording name (empty before the first --rehash)."""
    if not path.exists():
        return {}
    return dict(json.loads(path.read_text(encoding="utf-8")))


def prompt_hash(messages: Sequence[Mapping[str, Any]]) -> str:
    """sha256 of the messages' roles and contents as canonical JSON: the model name,
    temperature and response format do not change which answer a prompt gets."""
    canonical = [{"role": str(m.get("role")), "content": str(m.get("content"))} for m in messages]
    text = json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def prompt_title(messages: Sequence[Mapping[str, Any]]) -> str | None:
    """The article title a prompt names on its `기사 제목:` line (the last one given)."""
    for message in reversed(messages):
        match = _TITLE_LINE.search(str(message.get("content", "")))
        if match:
            return match.group(1)
    return None


@dataclass(frozen=True)
class ReplayRequest:
    """One request the server got, as a test sees it."""

    method: str
    path: str
    hash: str | None  # of the messages, for chat completions
    title: str | None  # the prompt's `기사 제목:` line
    status: int  # what the server answered
    recording: str | None  # which recording answered, if one did
    messages: tuple[dict[str, Any], ...] = ()


@dataclass
class Replay:
    """The running server: its base URL ('http://127.0.0.1:PORT/v1') and what it saw."""

    base_url: str
    requests: list[ReplayRequest] = field(default_factory=list)
    captured: dict[str, str] = field(default_factory=dict)  # hash -> recording (capture mode)

    def unknown(self) -> list[ReplayRequest]:
        return [
            r for r in self.requests if r.path.endswith("/chat/completions") and r.status != 200
        ]


def _completion(content: str, name: str) -> dict[str, Any]:
    return {
        "id": f"chatcmpl-replay-{name}",
        "object": "chat.completion",
        "created": 1_780_000_000,
        "model": MODEL_ID,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
    }


def _error(message: str, code: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": "invalid_request_error", "code": code}}


@contextmanager
def serve_replay(
    recordings: Mapping[str, Recording],
    index: Mapping[str, str],
    *,
    titles: Mapping[str, str] | None = None,
) -> Iterator[Replay]:
    """Serve `recordings` by prompt hash (`index`). With `titles` (article title ->
    recording name) the server captures: an unknown first prompt is answered by its
    title, and its hash is noted in `Replay.captured`."""
    lock = threading.Lock()
    replay = Replay("")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _send(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            status = 200 if self.path.rstrip("/") == "/v1/models" else 404
            with lock:
                replay.requests.append(ReplayRequest("GET", self.path, None, None, status, None))
            if status == 200:
                model = {"id": MODEL_ID, "object": "model", "owned_by": "blogwire-tests"}
                self._send(200, {"object": "list", "data": [model]})
            else:
                self._send(404, _error(f"no route {self.path}", "not_found"))

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if self.path.rstrip("/") != "/v1/chat/completions":
                self._send(404, _error(f"no route {self.path}", "not_found"))
                return
            try:
                messages = list(json.loads(raw)["messages"])
            except (ValueError, KeyError, TypeError):
                self._send(400, _error("the body is not a chat-completions request", "bad_body"))
                return
            key, title = prompt_hash(messages), prompt_title(messages)
            with lock:
                name = index.get(key) or replay.captured.get(key)
                if name is None and titles is not None and title in titles:
                    first = titles[title] not in replay.captured.values()
                    if first:  # only the first prompt per article; a retry stays unknown
                        name = replay.captured[key] = titles[title]
                status = 200 if name else 404
                replay.requests.append(
                    ReplayRequest("POST", self.path, key, title, status, name, tuple(messages))
                )
            if name is None:
                message = (
                    f"no recorded answer for prompt {key[:12]} (title {title!r}); if the "
                    f"writer's prompt changed, refresh the recordings: {REHASH_COMMAND}"
                )
                self._send(404, _error(message, "unknown_prompt"))
                return
            content = json.dumps(recordings[name].answer, ensure_ascii=False)
            self._send(200, _completion(content, name))

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    replay.base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    try:
        yield replay
    finally:
        server.shutdown()
        server.server_close()


def article_title(recording: Recording) -> str:
    """The title blogwire reads from the recording's article (what the prompt names)."""
    from blogwire.pipeline import read_source
    from blogwire.settings import Settings

    return read_source(str(recording.source_path()), Settings().fetch).title


# What a site that points blogwire at a capable model sets: its name and room for a
# whole post's JSON. The index is built and replayed with the same settings, so a
# setting the prompt depends on cannot differ between --rehash and the test.
LLM_TABLE: dict[str, Any] = {"model": MODEL_ID, "timeout": 60.0}


def replay_settings(settings: Settings, base_url: str) -> Settings:
    """`settings` with the LLM writer on, pointed at the replay server."""
    import dataclasses

    return dataclasses.replace(
        settings,
        writer=dataclasses.replace(settings.writer, engine="llm"),
        llm=dataclasses.replace(settings.llm, base_url=base_url, **LLM_TABLE),
    )


def rehash(folder: Path = RECORDINGS) -> dict[str, str]:
    """Run the writer on every recording's article against a capturing server and
    write the index it builds. Fails (SystemExit) if a recording was never asked for."""
    from blogwire.pipeline import analyze, compose, read_source, write
    from blogwire.settings import Settings

    recordings = load_recordings(folder)
    if not recordings:
        raise SystemExit(f"no recordings in {folder}")
    titles = {article_title(r): r.name for r in recordings.values()}
    with serve_replay(recordings, {}, titles=titles) as replay:
        settings = replay_settings(Settings(), replay.base_url)
        for recording in recordings.values():
            analysis = analyze(read_source(str(recording.source_path()), settings.fetch))
            post = compose(analysis, settings)
            _, report = write(post, analysis, settings, {})
            summary = report.summary() if report is not None else "no report"
            print(f"{recording.name}: {summary}", file=sys.stderr)
    missing = sorted(set(recordings) - set(replay.captured.values()))
    if missing:
        raise SystemExit(f"the writer never asked for: {', '.join(missing)}")
    index = dict(sorted(replay.captured.items(), key=lambda kv: kv[1]))
    (folder / INDEX.name).write_text(
        json.dumps(index, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return index


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--rehash", action="store_true", help="rewrite index.json from the writer's prompts"
    )
    args = parser.parse_args(argv)
    if not args.rehash:
        parser.print_help()
        return 2
    index = rehash()
    print(f"wrote {INDEX.relative_to(ROOT)}: {len(index)} prompts")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
