"""Golden-file comparison: refreshed only with `pytest --update-golden`."""

from __future__ import annotations

import difflib
from pathlib import Path


def assert_golden(actual: str, path: Path, update: bool) -> None:
    if update or not path.exists():
        if not update:
            raise AssertionError(
                f"{path} does not exist; run pytest --update-golden and read the diff"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(True), actual.splitlines(True), str(path), "actual", n=2
            )
        )
        raise AssertionError(
            f"output differs from golden file {path.name} "
            f"(pytest --update-golden to accept):\n{diff[:6000]}"
        )
