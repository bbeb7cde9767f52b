"""How fast: blogwire beside its floor and a peer, on the same articles, in one run.

Run from the project root (`make bench` runs this, then bench/scale.py):

    .venv/bin/python bench/speed.py [--articles 200] [--reps 3] [--no-rss] [--no-write]

What is measured, all in this one run and on the same generated articles (bench/corpus.py):

* compose from extracted text, in process, model loaded before the clock: articles/s, ms
  per article (median, p95) and per stage, each stage's own function called directly;
* HTML page to post, in process: articles/s and extraction's share; the 11 real pages of
  ../shared/data/real-pages too when that folder is there;
* the floor: kiwipiepy tokenizing the same lines, trafilatura extracting the same pages;
  and as WHOLE PROCESSES `blogwire compose <200 .txt> -o DIR` against a `python -c` script
  that only loads Kiwi and tokenizes every line of the same files (target <= 1.3x);
* the peer: sumy TextRank with a kiwipiepy tokenizer (bench/peers.py) on the same articles;
* start-up: `blogwire --help` and `blogwire compose` of one article (median of 5), and
  whether `--help` imports kiwipiepy (it must not);
* memory: peak RSS of `blogwire run` over a local feed of the 1k corpus, in one process
  (`--workers 1`) and with the default workers (one per core), per process and summed,
  beside a process that only loads kiwipiepy's model and tokenizes one sentence
  (target <= 1.3x per process).

Prints the tables and writes them to docs/benchmarks.md (section "speed").
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import blogwire.compose.post as post_module
from blogwire.analyze import analyze
from blogwire.analyze.keyphrases import extract_keyphrases, sentence_phrases
from blogwire.analyze.nlp import kiwi
from blogwire.analyze.rank import fragment_flags, rank_sentences
from blogwire.analyze.sentences import split_article, tokenize_sentences
from blogwire.compose.post import compose_post
from blogwire.errors import BlogwireError
from blogwire.extract import extract
from blogwire.models import Analysis, Article
from blogwire.pool import SOURCES_PER_WORKER, worker_count
from blogwire.render.seed import render_post
from blogwire.settings import FetchSettings, PostSettings
from blogwire.sources.files import read_file

try:  # the language gate analyze() runs first (absent from older checkouts)
    from blogwire.analyze.language import require_korean
except ImportError:  # pragma: no cover
    require_korean = None
try:  # the options blogwire loads kiwipiepy with (older checkouts: Kiwi's defaults)
    from blogwire.analyze.nlp import KIWI_OPTIONS
except ImportError:  # pragma: no cover
    KIWI_OPTIONS = {}
from common import (
    BLOGWIRE,
    PYTHON,
    REAL_PAGES,
    TreeMeasured,
    kiwi_floor_script,
    machine_line,
    make_site,
    measure,
    measure_tree,
    median,
    memory_floor_script,
    p95,
    run_env,
    table,
    update_doc,
    verdict,
)
from corpus import CorpusInfo, make_corpus

SEED = 7
TARGET_FLOOR_RATIO = 1.3
TARGET_RSS_RATIO = 1.3
TARGET_HTML_PER_S = 30.0
TARGET_HELP_S = 0.5
STAGES = ("sentences+morphemes", "ranking", "keyphrases", "sections", "style", "render")
PEER_K = 5  # sentences the peer picks (a post highlights about five)
REAL_PASSES = 5  # timed passes over the real pages; each page's median time counts


@dataclass
class StageClock:
    """Seconds per stage for one article."""

    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, stage: str, seconds: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds

    @property
    def total(self) -> float:
        return sum(self.seconds.values())


# The style step as compose_post calls it: `polite_sentences` (morphemes reused) in newer
# checkouts, `to_polite_many` (texts tokenized again) in older ones.
STYLE_FUNCTIONS = ("polite_sentences", "to_polite_many")


def style_function() -> str | None:
    return next((name for name in STYLE_FUNCTIONS if hasattr(post_module, name)), None)


class _StyleTimer:
    """Wraps the style call of compose_post, to split style from sections."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._name = style_function()
        self._inner: Callable[..., list[str]] | None = (
            getattr(post_module, self._name) if self._name else None
        )

    def __enter__(self) -> _StyleTimer:
        inner = self._inner
        if self._name is None or inner is None:
            return self

        def timed(*args: Any, **kwargs: Any) -> list[str]:
            start = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start

        setattr(post_module, self._name, timed)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._name is not None:
            setattr(post_module, self._name, self._inner)


def timed_analysis(article: Article, clock: StageClock) -> Analysis:
    """`blogwire.analyze.analyze`, stage by stage (checked equal to it in `bench`); the
    language check counts as part of the first stage."""
    start = time.perf_counter()
    if require_korean is not None:
        require_korean(article)
    sentences = split_article(article)
    now = time.perf_counter()
    clock.add("sentences+morphemes", now - start)
    start = now
    title_sentence = tokenize_sentences([article.title])[0]
    fragments = fragment_flags(sentences)
    scores = tuple(
        rank_sentences(sentences, article.title, title_sentence=title_sentence, fragments=fragments)
    )
    usable = tuple(not flag for flag in fragments)
    now = time.perf_counter()
    clock.add("ranking", now - start)
    start = now
    phrases = sentence_phrases(sentences)
    keyphrases = extract_keyphrases(
        sentences, scores, article.title, title_sentence, phrases=phrases
    )
    clock.add("keyphrases", time.perf_counter() - start)
    return Analysis(article, sentences, scores, usable, keyphrases, phrases)


def timed_post(article: Article, settings: PostSettings) -> StageClock:
    """Every stage from an extracted article to the rendered post text."""
    clock = StageClock()
    analysis = timed_analysis(article, clock)
    with _StyleTimer() as style:
        start = time.perf_counter()
        post = compose_post(analysis, settings)
        composed = time.perf_counter() - start
    clock.add("style", style.seconds)
    clock.add("sections", composed - style.seconds)
    start = time.perf_counter()
    render_post(post, settings)
    clock.add("render", time.perf_counter() - start)
    return clock


def peer_textrank(article: Article) -> list[int]:
    """sumy TextRank with the kiwipiepy noun tokenizer of bench/peers.py, given the
    article's sentences as kiwipiepy splits them (the peer's own split is timed too)."""
    from peers import sumy_method

    sentences = [s.text for p in article.paragraphs for s in kiwi().split_into_sents(p)]
    return sumy_method("TextRank")(sentences, PEER_K, article.title)


def _ms(seconds: float) -> str:
    return f"{1e3 * seconds:.1f}"


def _load(path: Path) -> Article:
    return extract(read_file(path, FetchSettings()))


def _html_to_post(
    paths: Sequence[Path], settings: PostSettings
) -> tuple[list[float], list[float], int]:
    """Seconds per page (whole pipeline) and in extraction; failures."""
    totals, extraction, failed = [], [], 0
    for path in paths:
        start = time.perf_counter()
        try:
            article = _load(path)
            extracted = time.perf_counter()
            post = compose_post(analyze(article), settings)
            render_post(post, settings)
        except BlogwireError:
            failed += 1
            continue
        end = time.perf_counter()
        totals.append(end - start)
        extraction.append(extracted - start)
    return totals, extraction, failed


def _interleaved(commands: dict[str, Callable[[], Any]], reps: int) -> dict[str, list[Any]]:
    """Run the commands in turn, `reps` rounds, so drift in the machine's load hits all."""
    out: dict[str, list[Any]] = {name: [] for name in commands}
    for _ in range(reps):
        for name, command in commands.items():
            out[name].append(command())
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="speed, start-up and memory benchmarks")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--reps", type=int, default=3, help="rounds of the whole-process runs")
    parser.add_argument("--rss-articles", type=int, default=1000, help="corpus of the run")
    parser.add_argument("--no-rss", action="store_true", help="skip the `blogwire run` memory run")
    parser.add_argument("--no-write", action="store_true", help="do not touch docs/")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="blogwire-speed-") as scratch:
        markdown = bench(Path(scratch), args)
    print(markdown)
    if not args.no_write:
        update_doc("speed", markdown)
    return 0


def bench(work: Path, args: argparse.Namespace) -> str:
    started = time.perf_counter()
    settings = PostSettings()
    corpus = make_corpus(
        args.articles, work / "articles", seed=SEED, duplicate_share=0, near_duplicate_share=0
    )
    texts = corpus.txt_paths()
    pages = corpus.html_paths()
    n = len(texts)
    say = _say

    # -- in process: model loaded and warmed up before any clock -------------------------
    kiwi()
    for path in texts[:2]:
        timed_post(_load(path), settings)
    articles = [_load(p) for p in texts]
    first = articles[0]
    if timed_analysis(first, StageClock()) != analyze(first):
        say("warning: the staged analysis differs from blogwire.analyze.analyze")

    clocks = [timed_post(a, settings) for a in articles]
    per_article = [c.total for c in clocks]
    compose_total = sum(per_article)
    say(f"compose from text: {n / compose_total:.1f} articles/s")

    floor_lines = []
    for path in texts:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        start = time.perf_counter()
        for line in lines:
            kiwi().tokenize(line)
        floor_lines.append(time.perf_counter() - start)

    html_totals, html_extract, html_failed = _html_to_post(pages, settings)
    html_rate = len(html_totals) / sum(html_totals)
    say(f"html to post: {html_rate:.1f} articles/s")

    import trafilatura

    page_texts = [p.read_text(encoding="utf-8") for p in pages]
    trafilatura.extract(page_texts[0])
    traf = []
    for page in page_texts:
        start = time.perf_counter()
        trafilatura.extract(page)
        traf.append(time.perf_counter() - start)

    peer_times = []
    for article in articles:
        start = time.perf_counter()
        peer_textrank(article)
        peer_times.append(time.perf_counter() - start)
    say(f"peer: {1e3 * median(peer_times):.1f} ms/article")

    real: tuple[list[float], list[float], int, int, list[float]] | None = None
    real_pages = sorted(REAL_PAGES.glob("*.html")) if REAL_PAGES.is_dir() else []
    if real_pages:
        # a first pass pays trafilatura's one-off set-up (justext stop lists, the TLD
        # list) that the generated pages never triggered; the second pass is timed
        _html_to_post(real_pages, settings)
        passes = [_html_to_post(real_pages, settings) for _ in range(REAL_PASSES)]
        # eleven pages are a small sample: a page's median over the passes keeps one
        # slow pass (another job on the machine) from deciding the rate
        totals = [median(list(t)) for t in zip(*(p[0] for p in passes), strict=True)]
        extraction = [median(list(e)) for e in zip(*(p[1] for p in passes), strict=True)]
        failed = passes[0][2]
        real_traf = []
        for path in real_pages:
            page = path.read_text(encoding="utf-8", errors="replace")
            start = time.perf_counter()
            trafilatura.extract(page)
            real_traf.append(time.perf_counter() - start)
        real = (totals, extraction, failed, len(real_pages), real_traf)

    # -- whole processes -------------------------------------------------------------------
    out_root = work / "out"
    counter = iter(range(1_000_000))
    floor_script = kiwi_floor_script()
    same_script = kiwi_floor_script(KIWI_OPTIONS)

    def compose_all(*workers: str) -> Any:
        out = out_root / f"c{next(counter)}"
        return measure([BLOGWIRE, "compose", *map(str, texts), "-o", str(out), *workers]).check(
            "blogwire compose"
        )

    def floor_all() -> Any:
        return measure([PYTHON, "-c", floor_script, *map(str, texts)]).check("floor")

    def same_all() -> Any:
        return measure([PYTHON, "-c", same_script, *map(str, texts)]).check("floor")

    whole = _interleaved(
        {
            # one process: the floor is one process on one core
            "blogwire": lambda: compose_all("--workers", "1"),
            "floor": floor_all,
            "same": same_all,
            "pool": compose_all,  # the default: run.workers = 0, one per core
        },
        args.reps,
    )
    bw_s = median([m.seconds for m in whole["blogwire"]])
    floor_s = median([m.seconds for m in whole["floor"]])
    same_s = median([m.seconds for m in whole["same"]])
    say(f"whole process: blogwire {bw_s:.1f} s, floor {floor_s:.1f} s, same Kiwi {same_s:.1f} s")

    one = texts[0]

    def compose_one() -> Any:
        out = out_root / f"o{next(counter)}"
        return measure([BLOGWIRE, "compose", str(one), "-o", str(out)]).check("compose one")

    startup = _interleaved(
        {
            "python": lambda: measure([PYTHON, "-c", "pass"]).check("python"),
            "help": lambda: measure([BLOGWIRE, "--help"]).check("blogwire --help"),
            "one": compose_one,
            "floor one": lambda: measure([PYTHON, "-c", floor_script, str(one)]).check("floor"),
            "same one": lambda: measure([PYTHON, "-c", same_script, str(one)]).check("floor"),
        },
        5,
    )
    start_s = {name: median([m.seconds for m in runs]) for name, runs in startup.items()}
    imports = measure([PYTHON, "-X", "importtime", BLOGWIRE, "--help"]).check("importtime")
    imported = {
        line.rsplit("|", 1)[-1].strip().split(".")[0]
        for line in imports.stderr.splitlines()
        if line.startswith("import time:")
    }
    heavy = [m for m in ("kiwipiepy", "trafilatura", "numpy", "lxml", "jinja2") if m in imported]
    help_kiwi = "kiwipiepy" in imported
    say(
        f"--help {start_s['help']:.2f} s; imported kiwipiepy: {help_kiwi}"
        + ("  <-- MUST NOT" if help_kiwi else "")
    )

    # -- memory ----------------------------------------------------------------------------
    mem_floor, mem_same = (
        median(
            [measure([PYTHON, "-c", script]).check("memory floor").peak_rss_mb for _ in range(3)]
        )
        for script in (memory_floor_script(), memory_floor_script(KIWI_OPTIONS))
    )
    runs: list[RunMemory] = []
    if not args.no_rss:
        big = make_corpus(args.rss_articles, work / "corpus-run", seed=SEED)
        for workers in (1, 0):
            site = work / f"site-{workers}"
            make_site(site, big.out_dir)
            done = measure_tree(
                [BLOGWIRE, "run", "--workers", str(workers)],
                cwd=site,
                env=run_env(len(big.articles)),
            ).check("blogwire run")
            runs.append(RunMemory(workers, done, len(big.articles)))
            say(
                f"run over {len(big.articles)} with --workers {workers}: {done.seconds:.0f} s, "
                f"main {done.main_mb:.0f} MB, workers {[round(w) for w in done.workers_mb()]} MB"
            )

    return _report(
        corpus=corpus,
        clocks=clocks,
        per_article=per_article,
        floor_lines=floor_lines,
        html=(html_totals, html_extract, html_failed),
        traf=traf,
        peer_times=peer_times,
        real=real,
        whole=whole,
        start_s=start_s,
        help_kiwi=help_kiwi,
        heavy=heavy,
        mem_floor=mem_floor,
        mem_same=mem_same,
        runs=runs,
        elapsed=time.perf_counter() - started,
        reps=args.reps,
    )


@dataclass(frozen=True, slots=True)
class RunMemory:
    workers: int  # the --workers flag (0 = one per core)
    done: TreeMeasured
    items: int


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _report(
    *,
    corpus: CorpusInfo,
    clocks: Sequence[StageClock],
    per_article: Sequence[float],
    floor_lines: Sequence[float],
    html: tuple[list[float], list[float], int],
    traf: Sequence[float],
    peer_times: Sequence[float],
    real: tuple[list[float], list[float], int, int, list[float]] | None,
    whole: dict[str, list[Any]],
    start_s: dict[str, float],
    help_kiwi: bool,
    heavy: Sequence[str],
    mem_floor: float,
    mem_same: float,
    runs: Sequence[RunMemory],
    elapsed: float,
    reps: int,
) -> str:
    n = len(per_article)
    compose_total = sum(per_article)
    sentences = sum(a.sentences for a in corpus.articles)
    html_totals, html_extract, html_failed = html
    html_rate = len(html_totals) / sum(html_totals)
    extract_share = sum(html_extract) / sum(html_totals)
    analyze_each = [
        sum(c.seconds[s] for s in ("sentences+morphemes", "ranking", "keyphrases")) for c in clocks
    ]
    bw_s = median([m.seconds for m in whole["blogwire"]])
    floor_s = median([m.seconds for m in whole["floor"]])
    bw_rss = median([m.peak_rss_mb for m in whole["blogwire"]])
    floor_rss = median([m.peak_rss_mb for m in whole["floor"]])
    same_s = median([m.seconds for m in whole["same"]])
    same_rss = median([m.peak_rss_mb for m in whole["same"]])
    pool_s = median([m.seconds for m in whole["pool"]])
    ratio = bw_s / floor_s
    options = ", ".join(f"{k}={v}" for k, v in KIWI_OPTIONS.items()) or "defaults"
    floor_inproc = sum(floor_lines)

    pooled = worker_count(0, n, SOURCES_PER_WORKER)  # what `blogwire compose` chooses
    rows = [
        [
            "compose from extracted text (in process)",
            f"{n / compose_total:.1f} art/s · median {_ms(median(per_article))} ms · p95 {_ms(p95(per_article))} ms",
            f"kiwipiepy tokenize of the same lines: {_ms(median(floor_lines))} ms",
            f"{compose_total / floor_inproc:.2f}x",
            "",
        ],
        [
            "HTML page to post (in process)",
            f"{html_rate:.1f} art/s · median {_ms(median(html_totals))} ms · extraction {100 * extract_share:.0f}%",
            f"trafilatura.extract alone: {_ms(median(traf))} ms",
            f"extraction {sum(html_extract) / sum(traf):.2f}x trafilatura",
            f">= {TARGET_HTML_PER_S:.0f} art/s/core: {verdict(html_rate >= TARGET_HTML_PER_S)}",
        ],
        [
            f"`blogwire compose --workers 1` {n} .txt (whole process, median of {reps})",
            f"{bw_s:.2f} s ({n / bw_s:.1f} art/s) · peak RSS {bw_rss:.0f} MB",
            f"`python -c` load Kiwi + tokenize every line: {floor_s:.2f} s · {floor_rss:.0f} MB",
            f"**{ratio:.2f}x**",
            f"<= {TARGET_FLOOR_RATIO}x: {verdict(ratio <= TARGET_FLOOR_RATIO)}",
        ],
        [
            f"`blogwire compose` {n} .txt, beside a floor that loads Kiwi as blogwire does",
            f"{bw_s:.2f} s · blogwire's own work {bw_s - same_s:.2f} s "
            f"({1e3 * (bw_s - same_s) / n:.1f} ms per article, start-up included)",
            f"`python -c` load `Kiwi({options})` + tokenize every line: {same_s:.2f} s · "
            f"{same_rss:.0f} MB",
            f"{bw_s / same_s:.2f}x",
            "",
        ],
        [
            f"`blogwire compose` {n} .txt with the default workers ({pooled} processes)",
            f"{pool_s:.2f} s ({n / pool_s:.1f} art/s)",
            f"the same in one process: {bw_s:.2f} s",
            f"speed-up {bw_s / pool_s:.2f}x",
            "",
        ],
        [
            "peer: sumy TextRank + kiwipiepy tokenizer (in process)",
            f"blogwire analyze {_ms(median(analyze_each))} ms · whole post {_ms(median(per_article))} ms",
            f"split + TextRank (k={PEER_K}): {_ms(median(peer_times))} ms",
            f"{sum(analyze_each) / sum(peer_times):.2f}x (analyze) · {compose_total / sum(peer_times):.2f}x (post)",
            "",
        ],
        [
            "start-up: `blogwire --help` (median of 5)",
            f"{start_s['help']:.2f} s · imports kiwipiepy: {'**yes**' if help_kiwi else 'no'}",
            f"`python -c pass`: {start_s['python']:.2f} s",
            f"{start_s['help'] / start_s['python']:.1f}x",
            f"< {TARGET_HELP_S} s: {verdict(start_s['help'] < TARGET_HELP_S)}; no kiwipiepy: {verdict(not help_kiwi)}",
        ],
        [
            "start-up: `blogwire compose` one article (median of 5)",
            f"{start_s['one']:.2f} s",
            f"load Kiwi + tokenize its lines: {start_s['floor one']:.2f} s "
            f"(Kiwi as blogwire loads it: {start_s['same one']:.2f} s)",
            f"{start_s['one'] / start_s['floor one']:.2f}x "
            f"({start_s['one'] / start_s['same one']:.2f}x)",
            "",
        ],
    ]
    one_s = next((r.done.seconds for r in runs if r.workers == 1), None)
    for run in runs:
        done, items = run.done, run.items
        workers = done.workers_mb()
        largest = max([done.main_mb, *workers])
        rss_ratio = largest / mem_floor
        if workers:
            what = f"memory: `blogwire run` over {items} articles, {len(workers)} workers (default)"
            got = (
                f"peak RSS per process **{largest:.0f} MB** (workers "
                f"{', '.join(f'{w:.0f}' for w in workers)}; main {done.main_mb:.0f}) · "
                f"summed {done.total_mb:.0f} MB · {done.seconds:.0f} s "
                f"({items / done.seconds:.1f} art/s"
                + (f", {one_s / done.seconds:.2f}x one process" if one_s else "")
                + ")"
            )
        else:
            what = f"memory: `blogwire run --workers 1` over {items} articles (local feed)"
            got = (
                f"peak RSS **{largest:.0f} MB** · {done.seconds:.0f} s "
                f"({items / done.seconds:.1f} art/s)"
            )
        rows.append(
            [
                what,
                got,
                f"load Kiwi + tokenize one sentence: {mem_floor:.0f} MB "
                f"(Kiwi as blogwire loads it: {mem_same:.0f} MB)",
                f"**{rss_ratio:.2f}x** ({largest / mem_same:.2f}x)",
                f"<= {TARGET_RSS_RATIO}x per process: {verdict(rss_ratio <= TARGET_RSS_RATIO)}",
            ]
        )
    if real is not None:
        totals, extraction, failed, count, real_traf = real
        rate = len(totals) / sum(totals) if totals else 0.0
        rows.append(
            [
                f"HTML to post, {count} real outlet pages (in process, median of "
                f"{REAL_PASSES} passes per page)",
                f"{rate:.1f} art/s · median {_ms(median(totals))} ms · extraction {100 * sum(extraction) / sum(totals):.0f}%"
                + (f" · {failed} failed" if failed else ""),
                f"trafilatura.extract alone: {_ms(median(real_traf))} ms",
                f"extraction {sum(extraction) / sum(real_traf):.2f}x trafilatura",
                f">= {TARGET_HTML_PER_S:.0f} art/s/core: {verdict(rate >= TARGET_HTML_PER_S)}",
            ]
        )

    stage_rows = []
    for stage in STAGES:
        values = [c.seconds.get(stage, 0.0) for c in clocks]
        stage_rows.append(
            [
                stage,
                _ms(median(values)),
                _ms(p95(values)),
                f"{100 * sum(values) / compose_total:.0f}%",
            ]
        )
    stage_rows.append(["**whole post**", _ms(median(per_article)), _ms(p95(per_article)), "100%"])

    lines = [
        "## Speed: blogwire beside the floor and a peer",
        "",
        f"Machine: {machine_line()}.",
        "",
        f"Articles: {n} generated by `bench/corpus.py` (seed {SEED}) from the bundled demo "
        f"pages, {sentences / n:.0f} sentences and "
        f"{sum(len(p.read_text(encoding='utf-8')) for p in corpus.txt_paths()) / n:.0f} "
        "characters on average, as `.txt` and as simple HTML pages with og: tags. In-process "
        "numbers are single-threaded with the model loaded and warmed up before the clock; "
        "whole-process numbers include interpreter start-up, imports and loading the model, "
        "and their runs alternate so the machine's load hits both sides alike.",
        "",
        table(["what", "blogwire", "floor / peer", "ratio", "target"], rows, "lllrl"),
        "",
        f"Per stage, composing from extracted text (ms per article, {n} articles; each "
        "stage's own function: `split_article`; title `tokenize_sentences` + `fragment_flags` + `rank_sentences`; "
        "`sentence_phrases` + `extract_keyphrases`; `compose_post` without / with "
        f"only its `{style_function() or 'style'}` call; `render_post`):",
        "",
        table(["stage", "median ms", "p95 ms", "share of total"], stage_rows),
        "",
        f"`blogwire --help` imports: {', '.join(heavy) or 'none'} of kiwipiepy, trafilatura, "
        "numpy, lxml, jinja2.",
        "",
        f"Whole speed benchmark: {elapsed:.0f} s.",
    ]
    if html_failed:
        lines.insert(-2, f"{html_failed} generated pages failed to compose.")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
