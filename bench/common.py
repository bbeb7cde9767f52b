"""Helpers shared by bench/speed.py and bench/scale.py: processes measured for wall time
and peak RSS, the machine description, the benchmark site, and docs/benchmarks.md.

bench/ is a folder of scripts, not a package: the scripts put it on sys.path.
"""

from __future__ import annotations

import importlib.metadata
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
REAL_PAGES = ROOT.parent / "shared" / "data" / "real-pages"
PYTHON = sys.executable
BLOGWIRE = str(Path(sys.executable).parent / "blogwire")
TIME_V = "/usr/bin/time"
_MAX_RSS = re.compile(r"Maximum resident set size \(kbytes\): (\d+)")
# Runs a command and reports the children's peak RSS when /usr/bin/time is missing.
_RUSAGE_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(f'Maximum resident set size (kbytes): {peak}', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


@dataclass(frozen=True, slots=True)
class Measured:
    seconds: float
    peak_rss_mb: float
    returncode: int
    stdout: str
    stderr: str

    def check(self, what: str) -> Measured:
        _require_success(what, self.returncode, self.stdout, self.stderr)
        return self


def measure(
    cmd: Sequence[str],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> Measured:
    """Run a whole process; wall time (perf_counter around it) and peak RSS of the command.

    Peak RSS comes from `/usr/bin/time -v` when present, else from
    `getrusage(RUSAGE_CHILDREN)` in a small wrapper process.
    """
    if Path(TIME_V).exists():
        wrapped = [TIME_V, "-v", *cmd]
    else:  # pragma: no cover - depends on the machine
        wrapped = [PYTHON, "-c", _RUSAGE_WRAPPER, *cmd]
    full_env = {**os.environ, **(env or {})}
    start = time.perf_counter()
    done = subprocess.run(wrapped, cwd=cwd, env=full_env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    found = _MAX_RSS.findall(done.stderr)
    peak_kb = int(found[-1]) if found else 0
    stderr = _MAX_RSS.sub("", done.stderr)
    if Path(TIME_V).exists():  # drop time's own report from the command's stderr
        stderr = stderr.split("\tCommand being timed:")[0]
    return Measured(seconds, peak_kb / 1024, done.returncode, done.stdout, stderr)


@dataclass(frozen=True, slots=True)
class TreeMeasured:
    """A process and everything it started: wall time and each process's peak RSS."""

    seconds: float
    returncode: int
    stdout: str
    stderr: str
    main_mb: float  # the command's own process
    children_mb: tuple[tuple[str, float], ...]  # (command line, peak) of each descendant

    def check(self, what: str) -> TreeMeasured:
        _require_success(what, self.returncode, self.stdout, self.stderr)
        return self

    @property
    def total_mb(self) -> float:
        """Every process's peak added up: an upper bound of the tree's memory at once."""
        return self.main_mb + sum(mb for _, mb in self.children_mb)

    def workers_mb(self, marker: str = "multiprocessing") -> list[float]:
        """Peaks of the worker processes (spawned interpreters), largest first; the
        resource tracker that multiprocessing also starts is left out."""
        return sorted(
            (mb for cmd, mb in self.children_mb if marker in cmd and "resource_tracker" not in cmd),
            reverse=True,
        )


def measure_tree(
    cmd: Sequence[str],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    interval: float = 0.05,
) -> TreeMeasured:
    """Run a command and poll /proc for the peak RSS (VmHWM, which only grows) of it
    and of every process it starts, so worker processes are measured one by one."""
    import threading

    full_env = {**os.environ, **(env or {})}
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peaks: dict[int, tuple[str, float]] = {}
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            for pid in [proc.pid, *_descendants(proc.pid)]:
                found = _vm_hwm_mb(pid)
                if found is not None:
                    cmdline, mb = found
                    peaks[pid] = (cmdline, max(mb, peaks.get(pid, ("", 0.0))[1]))
            done.wait(interval)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - start
    done.set()
    watcher.join()
    main = peaks.pop(proc.pid, ("", 0.0))[1]
    return TreeMeasured(seconds, proc.returncode, stdout, stderr, main, tuple(peaks.values()))


def _descendants(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        for child in parents.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def _vm_hwm_mb(pid: int) -> tuple[str, float] | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return None
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return (cmdline, int(match.group(1)) / 1024) if match else None


def _require_success(what: str, returncode: int, stdout: str, stderr: str) -> None:
    if returncode != 0:
        tail = "\n".join((stderr or stdout).strip().splitlines()[-15:])
        raise RuntimeError(f"{what} failed with exit code {returncode}:\n{tail}")


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    rank = -(-95 * len(ordered) // 100)  # nearest rank, ceil(0.95 n), in integers
    return ordered[max(rank, 1) - 1]


def cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return platform.processor() or "unknown CPU"
    match = re.search(r"^model name\s*:\s*(.+)$", text, re.M)
    return match.group(1).strip() if match else platform.processor() or "unknown CPU"


def version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def machine_line() -> str:
    """CPU, cores, memory, Python and the versions that decide the numbers."""
    memory = ""
    try:
        match = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
        memory = f", {int(match.group(1)) / 1024 / 1024:.0f} GB RAM" if match else ""
    except OSError:
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = f", load average {os.getloadavg()[0]:.1f} at the start"
    packages = ", ".join(
        f"{name} {version(name)}" for name in ("blogwire", "kiwipiepy", "trafilatura")
    )
    return (
        f"{cpu_model()} ({os.cpu_count()} cores{memory}{load}); "
        f"Python {platform.python_version()}; {packages}"
    )


def kiwi_floor_script(options: Mapping[str, bool] | None = None) -> str:
    """A whole process that only loads kiwipiepy's model and tokenizes every non-empty
    line of the files named on its command line: the floor under `blogwire compose`.
    `options` are Kiwi's constructor options; none is the issue's floor, `Kiwi()`, and
    blogwire's own (`KIWI_OPTIONS`) is the floor of the Korean work blogwire does."""
    return (
        "import sys\n"
        "from kiwipiepy import Kiwi\n"
        f"kiwi = Kiwi(**{dict(options or {})!r})\n"
        "for name in sys.argv[1:]:\n"
        "    with open(name, encoding='utf-8') as f:\n"
        "        for line in f:\n"
        "            if line.strip():\n"
        "                kiwi.tokenize(line)\n"
    )


def memory_floor_script(options: Mapping[str, bool] | None = None) -> str:
    """A process that loads kiwipiepy's model and tokenizes one sentence: the memory floor."""
    return (
        "from kiwipiepy import Kiwi\n"
        f"Kiwi(**{dict(options or {})!r}).tokenize('정부는 내년 예산안을 국회에 제출했다.')\n"
    )


def make_site(site_dir: Path, corpus_dir: Path) -> None:
    """A site made with `blogwire init` that follows the corpus's feed as a local feed
    (the corpus folder is linked into the site as feeds/bench)."""
    if site_dir.exists():
        shutil.rmtree(site_dir)
    measure([BLOGWIRE, "init", str(site_dir)]).check("blogwire init")
    feeds = site_dir / "feeds"
    feeds.mkdir(exist_ok=True)
    (feeds / "bench").symlink_to(corpus_dir.resolve(), target_is_directory=True)
    measure([BLOGWIRE, "feed", "add", "feeds/bench/feed.xml"], cwd=site_dir).check(
        "blogwire feed add"
    )


def run_env(items: int) -> dict[str, str]:
    """Environment for `blogwire run` over a big local feed: read every entry."""
    return {"BLOGWIRE_FETCH__MAX_ITEMS_PER_FEED": str(items)}


def table(header: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> str:
    """A markdown table; `align` has one 'l' or 'r' per column (default: first left)."""
    align = align or "l" + "r" * (len(header) - 1)
    rule = "|" + "|".join("---" if a == "l" else "---:" for a in align) + "|"
    lines = ["| " + " | ".join(header) + " |", rule]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


_DOC_TEMPLATE = """# Benchmarks: speed, memory, scale

## How to run

`make bench` (or `.venv/bin/python bench/speed.py && .venv/bin/python bench/scale.py`)
needs the `bench` extra (`.venv/bin/pip install -e '.[bench]'`) and takes under ten minutes
on two cores. `bench/speed.py` and `bench/scale.py` each print their tables and rewrite their
own section below; text outside the generated sections is kept.

<!-- speed:begin -->
<!-- speed:end -->

<!-- scale:begin -->
<!-- scale:end -->
"""


def update_doc(section: str, markdown: str, doc: Path = DOC) -> None:
    """Replace the generated `section` of docs/benchmarks.md, keeping everything else."""
    text = doc.read_text(encoding="utf-8") if doc.exists() else _DOC_TEMPLATE
    begin, end = f"<!-- {section}:begin -->", f"<!-- {section}:end -->"
    block = f"{begin}\n{markdown.strip()}\n{end}"
    if begin in text and end in text:
        head, _, rest = text.partition(begin)
        _, _, tail = rest.partition(end)
        text = head + block + tail
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(text, encoding="utf-8")
