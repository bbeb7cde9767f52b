"""How long `blogwire run` waits on the network: the same run with the server answering
at once and with every response held back, side by side in one run.

Run from the project root:

    .venv/bin/python bench/fetch.py [--delay 0.3] [--compare SRC] [--no-big] [--no-write]

The bench corpus (bench/corpus.py, seed 7) is served over real HTTP from the loopback
hosts 127.0.0.2-127.0.0.9, one server per host: `/feed-K.xml` (an RSS feed whose links
point to the same host), `/news/ID.html` (the corpus's HTML pages) and `/robots.txt`
(404, as most sites have none). Every response waits `--delay` seconds before it is sent.
Each scenario is `blogwire run --dry-run` in a fresh site made with `blogwire init` (the
feeds written into its blogwire.toml), with the default workers, as a whole process:

* 8 feeds of 50 articles (one feed per host), at delay 0 and at `--delay`;
* 100 feeds of 10 articles (spread over the 8 hosts), at delay 0 and at `--delay`
  (`--no-big` leaves these out).

Reported per run: wall time, the ratio to the zero-delay run of the same feeds, pages
per second (feeds + articles fetched), the peak RSS of the largest process and the run's
summary line. `--compare SRC` runs every scenario a second time with the blogwire source
tree at SRC (e.g. an older checkout's `src`) first on PYTHONPATH, alternating the two, so
before and after are measured under the same load. Targets (issue 17): at `--delay` 0.3
the run takes <= 1.25x the zero-delay run; memory per process stays within 1.3x of the
code it is compared with. Writes docs/benchmarks.md (section "fetch").
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BLOGWIRE, machine_line, measure, measure_tree, table, update_doc, verdict
from corpus import CorpusInfo, make_corpus

SEED = 7
HOSTS = tuple(f"127.0.0.{n}" for n in range(2, 10))
TARGET_RATIO = 1.25
TARGET_MEMORY = 1.3
_SUMMARY = re.compile(r"feeds \d+/\d+ ok · new \d+ .*")


class _Corpus:
    """The corpus pages by id, and the delay every server applies (changed between runs)."""

    def __init__(self, info: CorpusInfo) -> None:
        self.pages = {a.id: (info.out_dir / a.html).read_bytes() for a in info.articles}
        self.feeds: dict[tuple[str, str], bytes] = {}  # (host, path) -> RSS
        self.delay = 0.0
        self.hits = 0
        self._lock = threading.Lock()

    def count(self) -> None:
        with self._lock:
            self.hits += 1


def _handler(corpus: _Corpus, host: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            corpus.count()
            if corpus.delay:
                time.sleep(corpus.delay)
            body: bytes | None = None
            kind = "text/html; charset=utf-8"
            if self.path.startswith("/news/") and self.path.endswith(".html"):
                body = corpus.pages.get(self.path[len("/news/") : -len(".html")])
            elif self.path.startswith("/feed-"):
                body = corpus.feeds.get((host, self.path))
                kind = "application/rss+xml; charset=utf-8"
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            if body:
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def serve(corpus: _Corpus) -> Iterator[dict[str, str]]:
    """One threaded server per loopback host; yields host -> base URL."""
    servers = []
    for host in HOSTS:
        server = ThreadingHTTPServer((host, 0), _handler(corpus, host))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    try:
        yield {
            host: f"http://{host}:{s.server_address[1]}"
            for host, s in zip(HOSTS, servers, strict=True)
        }
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


def _rss(base: str, title: str, ids: Sequence[str], info: CorpusInfo) -> bytes:
    by_id = {a.id: a for a in info.articles}
    items = []
    for article_id in ids:
        a = by_id[article_id]
        stamp = time.strftime(
            "%a, %d %b %Y %H:%M:%S +0900", time.strptime(a.published[:16], "%Y-%m-%dT%H:%M")
        )
        items.append(
            f"<item><title>{article_id}</title><link>{base}/news/{article_id}.html</link>"
            f"<guid>{base}/news/{article_id}.html</guid><pubDate>{stamp}</pubDate></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>{base}/</link>{''.join(items)}</channel></rss>"
    ).encode()


@dataclass(frozen=True)
class Scenario:
    name: str
    feeds: tuple[str, ...]  # feed URLs
    articles: int


def _scenario(
    corpus: _Corpus, info: CorpusInfo, bases: dict[str, str], feeds: int, per_feed: int
) -> Scenario:
    ids = [a.id for a in info.articles][: feeds * per_feed]
    assert len(ids) == feeds * per_feed, "the corpus is too small"
    urls = []
    for k in range(feeds):
        host = HOSTS[k % len(HOSTS)]
        path = f"/feed-{feeds}x{per_feed}-{k}.xml"
        chunk = ids[k * per_feed : (k + 1) * per_feed]
        corpus.feeds[(host, path)] = _rss(bases[host], f"feed {k}", chunk, info)
        urls.append(bases[host] + path)
    return Scenario(f"{feeds} feeds x {per_feed} articles", tuple(urls), len(ids))


def _site(folder: Path, scenario: Scenario, env: dict[str, str]) -> Path:
    site = folder / "site"
    measure([BLOGWIRE, "init", str(site)], env=env).check("blogwire init")
    feeds = "".join(f'\n[[feeds]]\nurl = "{url}"\n' for url in scenario.feeds)
    config = site / "blogwire.toml"
    config.write_text(config.read_text(encoding="utf-8") + feeds, encoding="utf-8")
    return site


@dataclass(frozen=True)
class Result:
    code: str
    scenario: Scenario
    delay: float
    seconds: float
    peak_mb: float  # the largest process
    main_mb: float  # the `blogwire run` process itself (fetching, store, publishing)
    processes: int
    requests: int
    summary: str


def _run(
    corpus: _Corpus, scenario: Scenario, delay: float, code: str, src: str | None, work: Path
) -> Result:
    env = {**os.environ}
    env.pop("PYTHONPATH", None)
    if src:
        env["PYTHONPATH"] = src
    env = {k: v for k, v in env.items() if not k.startswith("BLOGWIRE_")}
    with tempfile.TemporaryDirectory(dir=work) as folder:
        site = _site(Path(folder), scenario, env)
        corpus.delay = delay
        corpus.hits = 0
        done = measure_tree([BLOGWIRE, "run", "--dry-run"], cwd=site, env=env)
        corpus.delay = 0.0
    if done.returncode not in (0, 1):
        done.check("blogwire run --dry-run")
    peaks = [done.main_mb, *done.workers_mb()]
    match = _SUMMARY.search(done.stdout)
    summary = match.group(0).strip() if match else "summary line not found"
    result = Result(
        code,
        scenario,
        delay,
        done.seconds,
        max(peaks),
        done.main_mb,
        len(peaks),
        corpus.hits,
        summary,
    )
    print(
        f"{code:7} {scenario.name:24} delay {delay * 1000:4.0f} ms: {done.seconds:6.1f} s, "
        f"peak {max(peaks):.0f} MB, {corpus.hits} requests; {summary}",
        file=sys.stderr,
    )
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--delay", type=float, default=0.3, help="seconds per response")
    parser.add_argument("--compare", help="a blogwire source tree to measure beside this one")
    parser.add_argument("--compare-label", default="before", help="its name in the table")
    parser.add_argument("--no-big", action="store_true", help="skip 100 feeds x 10 articles")
    parser.add_argument("--no-write", action="store_true", help="do not touch docs/")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    machine = machine_line()
    here = str(Path(__file__).resolve().parent.parent / "src")
    codes: list[tuple[str, str | None]] = [("this", here)]
    if args.compare:
        codes.insert(0, (args.compare_label, str(Path(args.compare).resolve())))
    with tempfile.TemporaryDirectory(prefix="blogwire-fetch-") as scratch:
        work = Path(scratch)
        info = make_corpus(910, work / "corpus", seed=SEED, html=True)
        corpus = _Corpus(info)
        results: list[Result] = []
        with serve(corpus) as bases:
            scenarios = [_scenario(corpus, info, bases, 8, 50)]
            if not args.no_big:
                scenarios.append(_scenario(corpus, info, bases, 100, 10))
            for scenario in scenarios:
                for delay in (0.0, args.delay):
                    for code, src in codes:
                        results.append(_run(corpus, scenario, delay, code, src, work))
    markdown = _report(results, codes, args.delay, machine, time.perf_counter() - started)
    print(markdown)
    if not args.no_write:
        update_doc("fetch", markdown)
    return 0


def _report(
    results: Sequence[Result],
    codes: Sequence[tuple[str, str | None]],
    delay: float,
    machine: str,
    seconds: float,
) -> str:
    base = {(r.code, r.scenario.name): r for r in results if r.delay == 0}
    rows = []
    for r in results:
        zero = base[(r.code, r.scenario.name)]
        pages = len(r.scenario.feeds) + r.scenario.articles
        rows.append(
            [
                r.code,
                r.scenario.name,
                f"{r.delay * 1000:.0f}",
                f"{r.seconds:.1f}",
                f"{r.seconds / zero.seconds:.2f}x",
                f"{pages / r.seconds:.1f}",
                f"{r.peak_mb:.0f} ({r.processes}) · main {r.main_mb:.0f}",
                r.summary,
            ]
        )
    lines = [
        "## Fetching: `blogwire run` with a slow server",
        "",
        f"Machine: {machine}.",
        "",
        "`bench/fetch.py` serves the bench corpus (seed 7) from the loopback hosts "
        "127.0.0.2-127.0.0.9 over real HTTP, every response held back by the delay, and "
        "times `blogwire run --dry-run` (default workers, fresh site) as a whole process. "
        "Pages are the feeds and articles fetched (robots.txt not counted); peak RSS is "
        "the largest process's, with the number of processes in brackets, then the main "
        "process's (it fetches, stores and publishes; the workers read and compose).",
        "",
        table(
            [
                "code",
                "feeds",
                "delay ms",
                "wall s",
                "vs delay 0",
                "pages/s",
                "peak RSS MB",
                "summary",
            ],
            rows,
            "llrrrrrl",
        ),
        "",
    ]
    this = [r for r in results if r.code == "this" and r.delay == delay]
    targets = []
    for r in this:
        ratio = r.seconds / base[("this", r.scenario.name)].seconds
        targets.append(
            f"- {r.scenario.name} at {delay * 1000:.0f} ms: {ratio:.2f}x the zero-delay run "
            f"(target <= {TARGET_RATIO}x): {verdict(ratio <= TARGET_RATIO)}"
        )
    if len(codes) > 1:
        label = codes[0][0]
        for r in results:
            if r.code != "this":
                continue
            other = next(
                o
                for o in results
                if o.code == label and o.scenario == r.scenario and o.delay == r.delay
            )
            ratio = r.peak_mb / other.peak_mb
            targets.append(
                f"- memory, {r.scenario.name} at {r.delay * 1000:.0f} ms: largest process "
                f"{r.peak_mb:.0f} MB vs {other.peak_mb:.0f} MB {label}, {ratio:.2f}x "
                f"(target <= {TARGET_MEMORY}x): {verdict(ratio <= TARGET_MEMORY)}"
            )
    lines += ["Targets:", "", *targets, "", f"Whole fetch benchmark: {seconds:.0f} s."]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
