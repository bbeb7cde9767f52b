"""The per-article budget (issue 19 items 5, 6): wall time and peak RSS of reading,
extracting, analysing and composing each bomb page, one process per page.

    PYTHONPATH=src .venv/bin/python bench/budget.py [--timeout 120] [--only NAME ...]

Run it with another checkout's sources on PYTHONPATH for the numbers before a change
(it imports only what every version has). A page that runs past --timeout is killed and
shown as such. The shapes are those of tests/hostile/test_budgets.py.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PYTHON, TIME_V

SUBJECTS = ("가람시", "누리전자", "한빛은행", "다온건설", "세빛반도체", "바른병원", "새솔대학교")
OBJECTS = ("신제품", "지원 사업", "요금 조정안", "투자 계획", "안전 대책", "연구 결과")
PEOPLE = ("김하늘", "이바다", "박서준", "최민서")

# One process per page: read the file as `run` reads a local feed's page, then the
# pipeline; the last line says how it ended.
_STAGE = """
import sys
from pathlib import Path
from blogwire.analyze import analyze
from blogwire.errors import BlogwireError
from blogwire.extract import extract
from blogwire.pipeline import compose
from blogwire.settings import Settings
from blogwire.sources.files import read_file
settings = Settings()
try:
    post = compose(analyze(extract(read_file(Path(sys.argv[1]), settings.fetch))), settings)
    print("post:", post.title)
except BlogwireError as exc:
    print(type(exc).__name__ + ":", exc.message)
"""


def _page(body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>가람시 요금 발표'
        '</title><meta property="og:title" content="가람시 요금 발표"></head><body><article>'
        f"<h1>가람시 요금 발표</h1>{body}</article></body></html>"
    )


def sentences_page(n: int) -> str:
    """`n` short distinct sentences, five to a paragraph (item 5)."""
    said = [
        f"{SUBJECTS[i % len(SUBJECTS)]}는 {i + 1}번째 {OBJECTS[i // 7 % len(OBJECTS)]} "
        f"계획을 {PEOPLE[i // 42 % len(PEOPLE)]} 씨와 발표했다."
        for i in range(n)
    ]
    return _page("".join(f"<p>{' '.join(said[i : i + 5])}</p>\n" for i in range(0, n, 5)))


def tiny_paragraphs(size: int) -> str:
    """Many tiny paragraphs (item 6: trafilatura's main loop)."""
    block = "".join(f"<p>{i}가</p>" for i in range(1000))
    return _page(block * (size // len(block.encode())))


def nested_tables(size: int) -> str:
    """Wide tables of tables of one-letter cells (item 6: jusText)."""
    cell = "<td><table><tr>" + "<td>가</td>" * 20 + "</tr></table></td>"
    table = "<table>" + ("<tr>" + cell * 10 + "</tr>") * 20 + "</table>"
    return _page(table * (size // len(table.encode())))


PAGES: dict[str, Callable[[], str]] = {
    "sentences-500": lambda: sentences_page(500),
    "sentences-1000": lambda: sentences_page(1000),
    "sentences-2000": lambda: sentences_page(2000),
    "sentences-8000": lambda: sentences_page(8000),
    "sentences-16000": lambda: sentences_page(16000),
    "tiny-paragraphs-0.4MB": lambda: tiny_paragraphs(400_000),
    "tiny-paragraphs-1.6MB": lambda: tiny_paragraphs(1_600_000),
    "tiny-paragraphs-4.8MB": lambda: tiny_paragraphs(4_800_000),
    "nested-tables-0.1MB": lambda: nested_tables(110_000),
    "nested-tables-0.2MB": lambda: nested_tables(220_000),
    "nested-tables-1MB": lambda: nested_tables(1_000_000),
}


def measure_page(path: Path, timeout: float) -> tuple[float, float, str]:
    """(seconds, peak MB, how it ended) of one page in its own process."""
    cmd = [TIME_V, "-f", "MAXRSS %M", PYTHON, "-c", _STAGE, str(path)]
    start = time.perf_counter()
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, 0.0, f"killed after {timeout:g} s"
    seconds = time.perf_counter() - start
    peaks = [line for line in done.stderr.splitlines() if line.startswith("MAXRSS ")]
    peak = int(peaks[-1].split()[1]) / 1024 if peaks else 0.0
    lines = done.stdout.strip().splitlines() or done.stderr.strip().splitlines()[-2:-1] or ["?"]
    return seconds, peak, lines[-1][:90]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--only", nargs="*", choices=sorted(PAGES), default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'page':24} {'bytes':>10} {'seconds':>8} {'peak MB':>8}  outcome")
        for name in args.only or PAGES:
            path = Path(tmp) / f"{name}.html"
            path.write_text(PAGES[name](), encoding="utf-8")
            seconds, peak, outcome = measure_page(path, args.timeout)
            size = path.stat().st_size
            print(f"{name:24} {size:>10,} {seconds:>8.1f} {peak:>8.0f}  {outcome}", flush=True)


if __name__ == "__main__":
    main()
