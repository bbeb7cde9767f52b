"""Shared test fixtures.

`../shared` (the reference post, real outlet pages, the dev set) sits beside the
project in development and CI but not in a user's clone: tests that need it skip
with the reason, except under CI=true, where its absence is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite golden files from the current output (then read the diff).",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing; CI must run with ../shared beside the project")
        pytest.skip(f"{path} is absent (only development and CI clones have ../shared)")
    return path


@pytest.fixture(scope="session")
def seed_post() -> str:
    return shared_path("reference", "seed-post.md").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def real_pages() -> list[Path]:
    return sorted(shared_path("data", "real-pages").glob("*.html"))
