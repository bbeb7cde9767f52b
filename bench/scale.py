"""How big: story grouping over 1k, 10k (and with --full 100k) articles, and `blogwire run`.

Run from the project root:

    .venv/bin/python bench/scale.py [--full] [--sizes 1000 10000] [--no-write]

For each size a corpus is generated (bench/corpus.py: n distinct articles plus 5% exact and
5% near duplicates, ground truth in its manifest) and a fresh process groups it the way
`blogwire run` does (blogwire.analyze.dedupe): morphemes with kiwipiepy (batched, through
`blogwire.analyze.sentences.tokenize_sentences`), shingles, MinHash signature, then
`group()` at the default threshold; exact duplicates by `content_hash`. Printed per size:
time of each stage, peak RSS, planted-duplicate recall and pair precision; then the growth
exponent (log-log slope of time against n) and a `blogwire run --dry-run` of the 1k corpus
as a whole process. The tables are written to docs/benchmarks.md (section "scale").
"""

from __future__ import annotations

import argparse
import json
import math
import re
import resource
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from itertools import combinations
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    BLOGWIRE,
    PYTHON,
    machine_line,
    make_site,
    measure,
    run_env,
    table,
    update_doc,
    verdict,
)
from corpus import CorpusInfo, load_corpus, make_corpus, read_story

SEED = 7
DEFAULT_SIZES = (1_000, 10_000)
FULL_SIZES = (1_000, 10_000, 100_000)
BATCH = 256  # articles per kiwipiepy batch
TARGET_GROUP_100K = 60.0  # seconds
TARGET_EXPONENT = 1.2
TARGET_RECALL = 0.95
TARGET_PRECISION = 0.99
_SUMMARY = re.compile(r"new (\d+) · seen (\d+) · duplicates (\d+) · .*posts (\d+).*failed (\d+)")


# --- the worker: one size, in a fresh process --------------------------------------------


def _batches(corpus: CorpusInfo) -> Iterator[list[tuple[str, ...]]]:
    batch: list[tuple[str, ...]] = []
    for path in corpus.txt_paths():
        batch.append(read_story(path)[1])
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def group_corpus(corpus_dir: Path) -> dict[str, Any]:
    """Group one corpus; stage times, memory and quality as a JSON-able dict."""
    from blogwire.analyze.dedupe import content_hash, group, shingles, signature
    from blogwire.analyze.nlp import kiwi
    from blogwire.analyze.sentences import tokenize_sentences
    from blogwire.settings import RunSettings

    corpus = load_corpus(corpus_dir)
    threshold = RunSettings().near_duplicate_threshold
    kiwi().tokenize("모델을 미리 읽어 둔다.")  # the model loads before the clock
    rss_model = _self_rss_mb()
    clock = _Clock()
    signatures = []
    hashes: list[str] = []
    chars = 0
    for batch in _batches(corpus):
        clock.tick("read")
        flat = [p for paragraphs in batch for p in paragraphs]
        parsed = tokenize_sentences(flat)
        clock.tick("morphemes")
        sets = []
        at = 0
        for paragraphs in batch:
            sets.append(shingles(parsed[at : at + len(paragraphs)]))
            at += len(paragraphs)
        clock.tick("shingles")
        signatures.extend(signature(s) for s in sets)
        clock.tick("signature")
        hashes.extend(content_hash(paragraphs) for paragraphs in batch)
        chars += sum(len(p) for p in flat)
        clock.tick("hash")
    rss_signed = _self_rss_mb()
    groups = group(signatures, threshold=threshold)
    clock.tick("group")
    return {
        "articles": len(corpus.articles),
        "distinct": corpus.n,
        "chars": chars,
        "times": clock.wall,
        "cpu": clock.cpu,
        "rss_model_mb": rss_model,
        "rss_signed_mb": rss_signed,
        "rss_peak_mb": _self_rss_mb(),
        "quality": evaluate(corpus, groups, hashes),
        "similarity": _similarities(corpus, signatures),
    }


class _Clock:
    """Wall and CPU seconds per stage; `tick(stage)` charges the time since the last tick."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self._wall = time.perf_counter()
        self._cpu = time.process_time()

    def tick(self, stage: str) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        self.wall[stage] = self.wall.get(stage, 0.0) + wall - self._wall
        self.cpu[stage] = self.cpu.get(stage, 0.0) + cpu - self._cpu
        self._wall, self._cpu = wall, cpu


def _similarities(corpus: CorpusInfo, signatures: Sequence[Any]) -> dict[str, float]:
    """How hard the planted near duplicates are, and how far apart unrelated articles are:
    estimated similarity of every near pair, and the highest of up to 100,000 random
    pairs of distinct originals."""
    import random

    from blogwire.analyze.dedupe import similarity

    index = {a.id: i for i, a in enumerate(corpus.articles)}
    near = sorted(
        similarity(signatures[index[a.id]], signatures[index[a.of]]) for a in corpus.near if a.of
    )
    originals = [index[a.id] for a in corpus.originals]
    rng = random.Random(0)
    unrelated = 0.0
    for _ in range(min(100_000, len(originals) * (len(originals) - 1) // 2)):
        x, y = rng.sample(originals, 2)
        unrelated = max(unrelated, similarity(signatures[x], signatures[y]))
    return {
        "near_min": near[0] if near else 0.0,
        "near_median": near[len(near) // 2] if near else 0.0,
        "unrelated_max": unrelated,
    }


def _self_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pairs(clusters: Sequence[Sequence[int]]) -> set[tuple[int, int]]:
    return {(a, b) for c in clusters if len(c) > 1 for a, b in combinations(sorted(c), 2)}


def evaluate(
    corpus: CorpusInfo, groups: Sequence[Sequence[int]], hashes: Sequence[str]
) -> dict[str, int]:
    """Planted-duplicate recall and pair precision of the groups (indices in feed order)."""
    index = {a.id: i for i, a in enumerate(corpus.articles)}
    story: dict[int, list[int]] = {}
    for i, a in enumerate(corpus.articles):
        story.setdefault(index[a.of] if a.of else i, []).append(i)
    truth = _pairs(list(story.values()))
    found = _pairs(groups)
    near = {tuple(sorted((index[a.id], index[a.of]))) for a in corpus.near if a.of}
    exact = {tuple(sorted((index[a.id], index[a.of]))) for a in corpus.exact if a.of}
    by_hash: dict[str, list[int]] = {}
    for i, digest in enumerate(hashes):
        by_hash.setdefault(digest, []).append(i)
    hash_pairs = _pairs(list(by_hash.values()))
    return {
        "groups": len(groups),
        "stories": len(story),
        "near_planted": len(near),
        "near_found": len(near & found),
        "exact_planted": len(exact),
        "exact_found": len(exact & found),
        "pairs_found": len(found),
        "pairs_true": len(found & truth),
        "pairs_truth": len(truth),
        "hash_exact_found": len(exact & hash_pairs),
        "hash_pairs": len(hash_pairs),
    }


# --- the driver --------------------------------------------------------------------------


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Least-squares slope of log(y) against log(x)."""
    lx = [math.log(x) for x in xs]
    ly = [math.log(max(y, 1e-9)) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    den = sum((x - mx) ** 2 for x in lx)
    return sum((x - mx) * (y - my) for x, y in zip(lx, ly, strict=True)) / den if den else 0.0


def _fmt_n(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="story grouping and run at scale")
    parser.add_argument("--full", action="store_true", help="also 100k articles (long)")
    parser.add_argument("--sizes", type=int, nargs="+", help="distinct articles per corpus")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--work", type=Path, help="folder for corpora (default: a temp dir)")
    parser.add_argument("--no-run", action="store_true", help="skip `blogwire run --dry-run`")
    parser.add_argument("--no-write", action="store_true", help="do not touch docs/")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(group_corpus(args.worker)))
        return 0
    sizes = tuple(args.sizes or (FULL_SIZES if args.full else DEFAULT_SIZES))
    with tempfile.TemporaryDirectory(prefix="blogwire-scale-") as scratch:
        work = args.work or Path(scratch)
        markdown = _bench(sizes, work, args.seed, run=not args.no_run)
    print(markdown)
    if not args.no_write:
        update_doc("scale-full" if args.full else "scale", markdown)
    return 0


def _bench(sizes: Sequence[int], work: Path, seed: int, *, run: bool) -> str:
    started = time.perf_counter()
    results: dict[int, dict[str, Any]] = {}
    corpora: dict[int, CorpusInfo] = {}
    for n in sizes:
        folder = work / f"corpus-{n}"
        start = time.perf_counter()
        corpora[n] = make_corpus(n, folder, seed=seed, html=(n == min(sizes)))
        made = time.perf_counter() - start
        print(f"corpus {n}: {len(corpora[n].articles)} files in {made:.1f} s", file=sys.stderr)
        done = measure([PYTHON, __file__, "--worker", str(folder)]).check(f"grouping {n}")
        results[n] = json.loads(done.stdout)
        results[n]["process_peak_mb"] = done.peak_rss_mb
        results[n]["generate_s"] = made
        t = results[n]["times"]
        print(
            f"grouping {n}: morphemes {t['morphemes']:.1f} s, shingles {t['shingles']:.1f} s, "
            f"signature {t['signature']:.1f} s, group {t['group']:.2f} s",
            file=sys.stderr,
        )

    rows = []
    for n in sizes:
        r = results[n]
        t, q = r["times"], r["quality"]
        grouping = t["shingles"] + t["signature"] + t["group"]
        rows.append(
            [
                f"{_fmt_n(n)} (+{r['articles'] - n} dup.)",
                f"{t['morphemes']:.1f}",
                f"{1e3 * t['morphemes'] / r['articles']:.1f}",
                f"{t['shingles']:.2f}",
                f"{t['signature']:.2f}",
                f"{t['group']:.3f}",
                f"**{grouping:.2f}**",
                f"{1e6 * grouping / r['articles']:.0f}",
                f"{r['rss_model_mb']:.0f} / {r['rss_peak_mb']:.0f}",
                f"{_ratio(q['near_found'], q['near_planted']):.3f}",
                f"{_ratio(q['exact_found'], q['exact_planted']):.3f}",
                f"{_ratio(q['pairs_true'], q['pairs_found']):.4f} ({q['pairs_found'] - q['pairs_true']} false)",
                f"{_ratio(q['hash_exact_found'], q['exact_planted']):.3f}"
                f" ({q['hash_pairs'] - q['hash_exact_found']} false)",
            ]
        )
    grouping_times = [
        results[n]["times"]["shingles"]
        + results[n]["times"]["signature"]
        + results[n]["times"]["group"]
        for n in sizes
    ]
    counts = [results[n]["articles"] for n in sizes]
    lines = [
        "## Scale: story grouping"
        + (f" up to {_fmt_n(max(sizes))} (`--full`)" if max(sizes) >= 100_000 else ""),
        "",
        f"Machine: {machine_line()}.",
        "",
        "Corpora from `bench/corpus.py` (seed "
        f"{seed}): n distinct articles of 15–35 sentences plus 5% exact duplicates (same text, "
        "other outlet and URL) and 5% near duplicates (same story, other outlet and title, "
        "2–4 sentences dropped or changed). Each size is grouped in a fresh process "
        "(model loaded before the clock). *Morphemes* is kiwipiepy over every paragraph "
        "(`tokenize_sentences`, batched, 2 threads): `blogwire run` pays it once per article "
        "for the post anyway, so it is reported apart from **grouping** = shingles + "
        "MinHash signature + `group()` (LSH at the default threshold 0.5, 128 permutations). "
        "Recall is the share of planted duplicate pairs grouped with their original; "
        "precision the share of grouped pairs that are the same planted story; the last "
        "column finds exact duplicates by `content_hash` alone. RSS is the worker's peak "
        "after loading the model / at the end.",
        "",
        table(
            [
                "articles",
                "morphemes s",
                "ms/article",
                "shingles s",
                "signature s",
                "group() s",
                "grouping s",
                "µs/article",
                "RSS MB",
                "near recall",
                "exact recall",
                "pair precision",
                "content_hash exact recall",
            ],
            rows,
        ),
        "",
    ]
    cpu_times = [
        results[n]["cpu"]["shingles"] + results[n]["cpu"]["signature"] + results[n]["cpu"]["group"]
        for n in sizes
    ]
    for n in sizes:
        sim = results[n]["similarity"]
        lines.append(
            f"- {_fmt_n(n)}: estimated similarity of planted near duplicates to their original: "
            f"min {sim['near_min']:.2f}, median {sim['near_median']:.2f}; highest of "
            f"{min(100_000, n * (n - 1) // 2):,} random pairs of distinct articles: "
            f"{sim['unrelated_max']:.2f}. CPU seconds of grouping: {cpu_times[sizes.index(n)]:.2f}."
        )
    lines.append("")
    if len(sizes) >= 2:
        exponent = slope(counts, grouping_times)
        cpu_exp = slope(counts, cpu_times)
        group_exp = slope(counts, [results[n]["times"]["group"] for n in sizes])
        morph_exp = slope(counts, [results[n]["times"]["morphemes"] for n in sizes])
        lines.append(
            f"Growth exponent (log-log slope of time against n, {len(sizes)} sizes): "
            f"grouping **{exponent:.2f}** wall, {cpu_exp:.2f} CPU (target <= "
            f"{TARGET_EXPONENT}: {verdict(max(exponent, cpu_exp) <= TARGET_EXPONENT)}); "
            f"`group()` alone {group_exp:.2f}; morphemes {morph_exp:.2f}."
        )
        lines.append("")
    biggest = max(sizes)
    r = results[biggest]
    q = r["quality"]
    recall = _ratio(q["near_found"], q["near_planted"])
    precision = _ratio(q["pairs_true"], q["pairs_found"])
    grouping = grouping_times[sizes.index(biggest)]
    targets = [
        f"- near-duplicate recall >= {TARGET_RECALL} at pair precision >= {TARGET_PRECISION} "
        f"({_fmt_n(biggest)}): recall {recall:.3f}, precision {precision:.4f} — "
        f"{verdict(recall >= TARGET_RECALL and precision >= TARGET_PRECISION)}",
    ]
    if 100_000 in results:
        t100 = grouping_times[sizes.index(100_000)]
        targets.append(
            f"- grouping 100k < {TARGET_GROUP_100K:.0f} s: {t100:.1f} s — "
            f"{verdict(t100 < TARGET_GROUP_100K)} (morphemes for 100k: "
            f"{results[100_000]['times']['morphemes']:.0f} s more)"
        )
    else:
        per = grouping / r["articles"]
        projected = (
            per
            * 110_000
            * (110_000 / r["articles"])
            ** max(0.0, (slope(counts, grouping_times) if len(sizes) >= 2 else 1.0) - 1.0)
        )
        targets.append(
            f"- grouping 100k < {TARGET_GROUP_100K:.0f} s: not run here (`--full`); projected "
            f"from {_fmt_n(biggest)} with the exponent above: ~{projected:.0f} s"
        )
    lines += ["Targets:", "", *targets, ""]

    if run:
        lines += _dry_run(corpora[min(sizes)], work)
    lines.append(f"Whole scale benchmark: {time.perf_counter() - started:.0f} s.")
    return "\n".join(lines)


def _dry_run(corpus: CorpusInfo, work: Path) -> list[str]:
    """`blogwire run --dry-run` over the corpus as a local feed, as a whole process."""
    site = work / "site-dry-run"
    make_site(site, corpus.out_dir)
    items = len(corpus.articles)
    done = measure([BLOGWIRE, "run", "--dry-run"], cwd=site, env=run_env(items)).check(
        "blogwire run --dry-run"
    )
    match = _SUMMARY.search(done.stdout)
    summary = "summary line not found"
    if match:
        new, _seen, dups, posts, failed = (int(g) for g in match.groups())
        summary = (
            f"new {new}, duplicates {dups}, posts {posts} "
            f"(distinct stories planted: {corpus.n}), failed {failed}"
        )
    print(f"run --dry-run {items}: {done.seconds:.1f} s, {summary}", file=sys.stderr)
    return [
        f"### `blogwire run --dry-run` over {_fmt_n(corpus.n)} distinct articles",
        "",
        table(
            ["articles in the feed", "wall s", "articles/s", "peak RSS MB", "result"],
            [
                [
                    str(items),
                    f"{done.seconds:.1f}",
                    f"{items / done.seconds:.1f}",
                    f"{done.peak_rss_mb:.0f}",
                    summary,
                ]
            ],
        ),
        "",
        "A site made with `blogwire init` following a local RSS feed of the corpus's HTML "
        "pages (`fetch.max_items_per_feed` raised to the feed's size); the whole process: "
        "start-up, model, extraction, analysis, grouping, composing and rendering every "
        "post (not written: dry run), the SQLite store.",
        "",
    ]


if __name__ == "__main__":
    sys.exit(main())
