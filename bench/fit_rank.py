"""How blogwire's ranker weights (`blogwire.analyze.rank.WEIGHTS`) are chosen: a small grid,
cross-validated over every labelled dev set together. Anyone can rerun it:

    PYTHONPATH=src .venv/bin/python bench/fit_rank.py [--data DIR] [--no-write]

The procedure, fixed before looking at any score:

1. Features are `blogwire.analyze.rank.sentence_features` (the shipped code), computed
   once per article of each dev set (bench/devsets.py: sci-news-dev, korsum-dev 2~3sent,
   korsum-dev 20per), with k = the number of gold sentences.
2. A weight vector is scored on a group of articles by the rule the project asks for:
   for each set, blogwire's mean sentence F1 minus the best other method's mean F1 on
   the same articles (lead-k, longest-k, sumy TextRank/LexRank/LSA, textrankr); the
   objective is the WORST set's margin (the rule has to hold everywhere, not win one
   set), ties broken by the mean F1 over sets, then by fewer non-zero weights.
3. The grid (`GRID`) is small and every point is interpretable. Every point is scored
   on the path `blogwire.summarize` takes (`rank.score_features`, then `rank.select`
   with the summary's diversity), vectorised over the grid and checked against the real
   functions on a sample.
4. Cross-validation, folds fixed by position (no randomness): 5-fold within sets
   (article i of each set, in file order, goes to fold i mod 5; each fold chooses the
   weights on the other four fifths of all three sets and is scored on its fifth of
   each), and leave-one-set-out (choose on two sets, score on the third).
5. The shipped weights are the grid point chosen on all articles of all sets.

Prints the per-fold tables and the chosen weights, and writes them into docs/quality.md
between the `fit` markers (bench/quality.py keeps that section). Peer F1 per article is
cached under /tmp like the tokenization (bench/devsets.py).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import pickle
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from blogwire.analyze import rank
from blogwire.analyze.summarize import SUMMARY_DIVERSITY
from blogwire.models import Sentence
from devsets import CACHE_DIR, SHARED_DATA, load_all, tokenized
from peers import ROOT, DevArticle, peer_methods, prf

DOC = ROOT / "docs" / "quality.md"
BEGIN, END = "<!-- fit:begin -->", "<!-- fit:end -->"
# One axis per column of rank.FEATURES, in that order.
GRID: dict[str, tuple[float, ...]] = {
    "lead": (1.0, 2.0, 3.0, 4.0, 6.0, 8.0),
    "length": (0.0, 0.5, 1.0, 1.5, 2.0, 3.0),
    "centrality": (0.0, 0.1, 0.2, 0.3, 0.5),
    "title": (0.0, 0.1, 0.2, 0.4, 0.8),
    "lead_name": (0.0, 0.5, 1.0),
}
FOLDS = 5


@dataclass(frozen=True, slots=True)
class Item:
    """One article, ready for scoring."""

    article: DevArticle
    sentences: tuple[Sentence, ...]
    features: np.ndarray
    fragments: np.ndarray
    similarity: np.ndarray  # what rank.select computes: TF-IDF cosine between sentences
    duplicate: np.ndarray  # rank.select's duplicate test, sentence x sentence


def items_of(articles: Sequence[DevArticle]) -> list[Item]:
    out = []
    for art, (sentences, title) in zip(articles, tokenized(articles), strict=True):
        features, fragments = rank.sentence_features(sentences, art.title, title_sentence=title)
        unit, _, _ = rank._tfidf([Counter(rank._terms(s)) for s in sentences])
        similarity = unit @ unit.T
        texts = [" ".join(s.text.split()) for s in sentences]
        same = np.array([[a == b for b in texts] for a in texts], dtype=bool)
        duplicate = (similarity >= rank.DUPLICATE_SIMILARITY) | same
        out.append(Item(art, sentences, features, fragments, similarity, duplicate))
    return out


def peer_f1(name: str, articles: Sequence[DevArticle]) -> dict[str, np.ndarray]:
    """Per-article F1 of every peer method on one set (cached: sumy is slow)."""
    digest = hashlib.sha256(name.encode())
    for art in articles:
        digest.update(repr((art.name, art.sentences, art.gold)).encode())
    path = CACHE_DIR / f"peers-{digest.hexdigest()[:20]}.pkl"
    if path.is_file():
        with path.open("rb") as f:
            cached: dict[str, np.ndarray] = pickle.load(f)
        return cached
    out = {
        method: np.array([prf(run(a.sentences, len(a.gold), a.title), a.gold)[2] for a in articles])
        for method, run in peer_methods().items()
    }
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        pickle.dump(out, f)
    return out


def grid_points() -> np.ndarray:
    axes = [GRID[name] for name in rank.FEATURES]
    return np.array(list(itertools.product(*axes)), dtype=float)


def grid_f1(items: Sequence[Item], points: np.ndarray) -> np.ndarray:
    """F1 of every article (rows) under every weight vector (columns) on the path
    `blogwire.summarize` takes (`rank.score_features`, then `rank.select` with the
    summary's diversity), run for all weight vectors at once; `check` verifies it
    against the real functions."""
    out = np.zeros((len(items), len(points)))
    for row, item in enumerate(items):
        out[row] = _picks_hit(item, points)
    return out


def _scores(item: Item, points: np.ndarray) -> np.ndarray:
    """rank.score_features for every weight vector: sentences x points."""
    z = item.features @ points.T
    score: np.ndarray = np.exp(z - z.max(axis=0))
    frag = item.fragments
    factor = rank.FRAGMENT_WEIGHT
    if frag.any() and not frag.all():
        factor = rank.FRAGMENT_WEIGHT * score[~frag].min(axis=0)
    out: np.ndarray = np.where(frag[:, None], score * factor, score)
    return out


def _picks_hit(item: Item, points: np.ndarray) -> np.ndarray:
    n, k = len(item.sentences), len(item.article.gold)
    gold = np.zeros(n, dtype=bool)
    gold[list(item.article.gold)] = True
    if k >= n:
        return np.full(len(points), gold.sum() / k)
    relevance = _scores(item, points)
    relevance = relevance / np.abs(relevance).max(axis=0)
    cols = np.arange(len(points))
    closest = np.zeros_like(relevance)
    duplicate = np.zeros_like(relevance, dtype=bool)
    left = np.ones_like(relevance, dtype=bool)
    hits = np.zeros(len(points))
    for _ in range(k):
        pool = left & ~duplicate
        pool = np.where(pool.any(axis=0), pool, left)
        value = np.where(pool, relevance - SUMMARY_DIVERSITY * closest, -np.inf)
        best = np.argmax(value, axis=0)  # the first maximum: ties go to the earlier sentence
        hits += gold[best]
        left[best, cols] = False
        closest = np.maximum(closest, item.similarity[best].T)
        duplicate |= item.duplicate[best].T
    return hits / k


def check(items: Sequence[Item], points: np.ndarray, samples: int = 40) -> None:
    """The vectorised path picks what `rank.select` picks (a few fixed points)."""
    chosen = points[:: max(1, len(points) // samples)]
    fast = grid_f1(items, chosen)
    for row, item in enumerate(items):
        for col, weights in enumerate(chosen):
            slow = shipped_f1(item, weights)
            if abs(slow - fast[row, col]) > 1e-9:
                raise AssertionError(f"{item.article.name} {weights}: {slow} != {fast[row, col]}")


def shipped_f1(item: Item, weights: Sequence[float]) -> float:
    """F1 of one article on the path `blogwire.summarize` takes."""
    scores = rank.score_features(item.features, item.fragments, weights)
    chosen = rank.select(
        item.sentences, scores, len(item.article.gold), diversity=SUMMARY_DIVERSITY
    )
    return prf(chosen, item.article.gold)[2]


@dataclass
class SetData:
    items: list[Item]
    grid_f1: np.ndarray  # articles x grid points
    peers: dict[str, np.ndarray]  # method -> per-article F1


def choose(sets: dict[str, SetData], rows: dict[str, np.ndarray], points: np.ndarray) -> int:
    """Index of the grid point with the best worst-set margin over the best peer (then
    the best mean F1, then the fewest non-zero weights) on the given articles."""
    margins, means = [], []
    for name, data in sets.items():
        idx = rows[name]
        if len(idx) == 0:
            continue
        ours = data.grid_f1[idx].mean(axis=0)
        best_peer = max(float(f1[idx].mean()) for f1 in data.peers.values())
        margins.append(ours - best_peer)
        means.append(ours)
    worst = np.min(margins, axis=0)
    mean = np.mean(means, axis=0)
    nonzero = (points != 0).sum(axis=1)
    # lexsort: the last key is the primary one
    best = np.lexsort((nonzero, -np.round(mean, 6), -np.round(worst, 6)))[0]
    return int(best)


@dataclass(frozen=True, slots=True)
class FoldResult:
    fold: str
    weights: tuple[float, ...]
    scores: dict[str, tuple[int, float, float, str]]  # set -> (n, ours, best peer, its name)


def evaluate_fold(
    fold: str,
    sets: dict[str, SetData],
    train: dict[str, np.ndarray],
    test: dict[str, np.ndarray],
    points: np.ndarray,
) -> FoldResult:
    weights = tuple(float(w) for w in points[choose(sets, train, points)])
    scores = {}
    for name, data in sets.items():
        idx = test[name]
        if len(idx) == 0:
            continue
        ours = float(np.mean([shipped_f1(data.items[i], weights) for i in idx]))
        peer, best = max(
            ((m, float(f1[idx].mean())) for m, f1 in data.peers.items()), key=lambda x: x[1]
        )
        scores[name] = (len(idx), ours, best, peer)
    return FoldResult(fold, weights, scores)


def cross_validate(sets: dict[str, SetData], points: np.ndarray) -> list[FoldResult]:
    results = []
    everything = {name: np.arange(len(d.items)) for name, d in sets.items()}
    for j in range(FOLDS):
        train = {n: idx[idx % FOLDS != j] for n, idx in everything.items()}
        test = {n: idx[idx % FOLDS == j] for n, idx in everything.items()}
        results.append(evaluate_fold(f"5-fold {j + 1}", sets, train, test, points))
    for held in sets:
        train = {n: (idx if n != held else idx[:0]) for n, idx in everything.items()}
        test = {n: (idx if n == held else idx[:0]) for n, idx in everything.items()}
        results.append(evaluate_fold(f"without {held}", sets, train, test, points))
    return results


def report(
    results: Sequence[FoldResult], final: tuple[float, ...], sets: dict[str, SetData]
) -> str:
    names = list(sets)
    head = (
        "| fold | weights ("
        + ", ".join(rank.FEATURES)
        + ") | "
        + " | ".join(f"{n}: blogwire / best other" for n in names)
        + " |"
    )
    rule = "|---|---|" + "---:|" * len(names)
    lines = [head, rule]

    def cell(score: tuple[int, float, float, str] | None) -> str:
        if score is None:
            return "-"
        n, ours, best, peer = score
        return f"{ours:.3f} / {best:.3f} {peer} ({ours - best:+.3f}, n={n})"

    for r in results:
        lines.append(
            f"| {r.fold} | {', '.join(f'{w:g}' for w in r.weights)} | "
            + " | ".join(cell(r.scores.get(n)) for n in names)
            + " |"
        )
    pooled = []
    for n in names:
        # every article is in exactly one 5-fold test fold: pool them, and compare with
        # each peer over the whole set (the best peer of the whole set, not of each fold)
        parts = [r.scores[n] for r in results if r.fold.startswith("5-fold") and n in r.scores]
        total = sum(p[0] for p in parts)
        ours = sum(p[0] * p[1] for p in parts) / total
        peer, best = max(
            ((m, float(f1.mean())) for m, f1 in sets[n].peers.items()), key=lambda x: x[1]
        )
        pooled.append(f"{ours:.3f} / {best:.3f} {peer} ({ours - best:+.3f}, n={total})")
    lines.append("| 5-fold, all folds | | " + " | ".join(pooled) + " |")
    weights = ", ".join(f"{name} {w:g}" for name, w in zip(rank.FEATURES, final, strict=True))
    return "\n".join(lines) + f"\n\nChosen on all articles of all sets (shipped): {weights}."


def build(data: Path) -> dict[str, SetData]:
    sets = {}
    for name, articles in load_all(data).items():
        items = items_of(articles)
        sets[name] = SetData(items, np.zeros(0), peer_f1(name, articles))
    return sets


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED_DATA, help="folder of the dev sets")
    parser.add_argument("--no-write", action="store_true", help=f"do not update {DOC}")
    args = parser.parse_args(argv)
    sets = build(args.data)
    if not sets:
        print(f"error: no dev set under {args.data}", file=sys.stderr)
        return 2
    points = grid_points()
    for data in sets.values():
        data.grid_f1 = grid_f1(data.items, points)
        check(data.items[:10], points)
    results = cross_validate(sets, points)
    everything = {name: np.arange(len(d.items)) for name, d in sets.items()}
    final = tuple(float(w) for w in points[choose(sets, everything, points)])
    text = report(results, final, sets) + "\n\n" + trade_off(sets, points)
    print(text)
    print(f"\nWEIGHTS = {final}  # FEATURES = {rank.FEATURES}")
    if tuple(rank.WEIGHTS) != final:
        print(f"note: rank.WEIGHTS is {tuple(rank.WEIGHTS)}, not the chosen weights")
    if not args.no_write:
        write_section(text)
    return 0


def trade_off(sets: dict[str, SetData], points: np.ndarray) -> str:
    """In-sample, over the whole grid: the best worst-set margin any point reaches, and
    what the first set's F1 costs the others (for each floor on the first set, the point
    with the best worst margin over the other sets)."""
    names = list(sets)
    f1 = np.array([sets[n].grid_f1.mean(axis=0) for n in names])
    best = np.array([max(float(v.mean()) for v in sets[n].peers.values()) for n in names])
    margins = f1 - best[:, None]
    worst = margins.min(axis=0)
    top = int(np.argmax(worst))

    def weights(i: int) -> str:
        return ", ".join(f"{w:g}" for w in points[i])

    lines = [
        f"In-sample, the best worst-set margin any grid point reaches is {worst[top]:+.3f} "
        f"(weights {weights(top)}: "
        + ", ".join(f"{n} {f1[j, top]:.3f}" for j, n in enumerate(names))
        + "). What the first set's F1 costs the others, in-sample:",
        "",
        f"| {names[0]} at least | weights | "
        + " | ".join(names)
        + " | worst margin of the others |",
        "|---:|---|" + "---:|" * len(names) + "---:|",
    ]
    others = margins[1:].min(axis=0) if len(names) > 1 else margins[0]
    seen: set[int] = set()
    for floor in np.arange(0.50, 0.72, 0.02):
        mask = f1[0] >= floor - 1e-9
        if not mask.any():
            break
        i = int(np.argmax(np.where(mask, others, -np.inf)))
        if i in seen:
            continue
        seen.add(i)
        lines.append(
            f"| {floor:.2f} | {weights(i)} | "
            + " | ".join(f"{f1[j, i]:.3f}" for j in range(len(names)))
            + f" | {others[i]:+.3f} |"
        )
    return "\n".join(lines)


def write_section(text: str, doc: Path = DOC) -> None:
    body = doc.read_text(encoding="utf-8") if doc.exists() else ""
    block = f"{BEGIN}\n{text}\n{END}"
    if BEGIN in body and END in body:
        head, _, rest = body.partition(BEGIN)
        _, _, tail = rest.partition(END)
        body = head + block + tail
    else:
        body = body.rstrip("\n") + "\n\n" + block + "\n"
    doc.write_text(body, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
