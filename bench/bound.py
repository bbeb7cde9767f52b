"""How many sentences the analysis marks bound (issue 14 item 2), by kind, on the real
pages, the demo pages and korsum-dev; how often the ranker puts a bound sentence on
top; how many parts of the composed posts open with one (their first sentence from
the article, not the blog's framing line: what compose must bring to 0); and a random
sample of bound sentences to judge by hand.

Run from the project root:

    .venv/bin/python bench/bound.py [--data DIR] [--sample 20] [--seed 14]

`--data` is the folder holding real-pages, real-pages-2 and korsum-dev (default
../shared/data); the demo pages come with the package. Prints markdown tables and the
sample (each bound sentence after the one it leans on). Writes nothing.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from blogwire.analyze import analyze
from blogwire.analyze.bound import Kind, bound_sentences, opens_bound
from blogwire.analyze.rank import fragment_flags, rank_sentences
from blogwire.analyze.sentences import tokenize_sentences
from blogwire.analyze.summarize import summarize
from blogwire.errors import BlogwireError
from blogwire.models import Sentence, Voice
from blogwire.pipeline import compose, read_source
from blogwire.settings import Settings
from devsets import SHARED_DATA, load_set, tokenized
from peers import ROOT

DEMO = ROOT / "src" / "blogwire" / "demo" / "data"
TOP = 3  # how many of the best-scored sentences count as "top-ranked"


@dataclass
class Tally:
    articles: int = 0
    usable: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    top: int = 0  # top-ranked usable sentences looked at
    top_bound: int = 0
    lede_bound: int = 0  # articles whose first usable sentence is bound (never: it leans)
    gold: int = 0
    gold_bound: int = 0
    picked: int = 0
    picked_bound: int = 0
    examples: list[tuple[str, str, str]] = field(default_factory=list)  # kind, leans, text
    openers: int = 0  # first sentences of the composed posts' intro, sections, conclusion
    openers_bound: Counter[str] = field(default_factory=Counter)  # by part

    @property
    def bound(self) -> int:
        return sum(self.kinds.values())

    def add(
        self,
        sentences: Sequence[Sentence],
        fragments: Sequence[bool],
        scores: Sequence[float],
    ) -> list[bool]:
        marks = bound_sentences(sentences, fragments)
        self.articles += 1
        usable = [i for i, flag in enumerate(fragments) if not flag]
        self.usable += len(usable)
        for i, (kind, target) in enumerate(marks):
            if kind is not None and target is not None:
                self.kinds[kind.value] += 1
                self.examples.append((kind.value, sentences[target].text, sentences[i].text))
        is_bound = [kind is not None for kind, _ in marks]
        best = sorted(usable, key=lambda i: -scores[i])[:TOP]
        self.top += len(best)
        self.top_bound += sum(is_bound[i] for i in best)
        return is_bound


def pages(paths: Sequence[Path]) -> Tally:
    settings = Settings()
    tally = Tally()
    for path in paths:
        analysis = analyze(read_source(str(path), settings.fetch))
        fragments = [not ok for ok in analysis.usable]
        tally.add(analysis.sentences, fragments, analysis.scores)
        try:
            post = compose(analysis, settings)
        except BlogwireError:
            continue
        parts = [("intro", post.intro)] + [("section", s.body) for s in post.sections]
        for part, paragraph in [*parts, ("conclusion", post.conclusion)]:
            # The part's first sentence from the article: a framing line of the blog's
            # own ("그렇다면 …은 어떨까요?") leads into it by design and is not counted.
            groups = paragraph.sentence_groups()
            sourced = [g for n, g in enumerate(groups) if paragraph.voice(n) is Voice.SOURCE]
            if sourced:
                tally.openers += 1
                first = "".join(span.text for span in sourced[0]).strip()
                if opens_bound(tokenize_sentences([first])[0]):
                    tally.openers_bound[part] += 1
    return tally


def korsum(data: Path) -> Tally:
    tally = Tally()
    for label in ("korsum-dev 2~3sent", "korsum-dev 20per"):
        articles = load_set(label, data)
        for article, (sentences, title) in zip(articles, tokenized(articles), strict=True):
            fragments = fragment_flags(sentences)
            scores = rank_sentences(sentences, article.title, title_sentence=title)
            is_bound = tally.add(sentences, fragments, scores)
            tally.gold += len(article.gold)
            tally.gold_bound += sum(is_bound[i] for i in article.gold)
            picked = summarize(list(article.sentences), len(article.gold), article.title)
            tally.picked += len(picked)
            tally.picked_bound += sum(is_bound[i] for i in picked)
    return tally


def _pct(part: int, whole: int) -> str:
    return f"{part} ({100 * part / whole:.0f} %)" if whole else "-"


def report(sets: dict[str, Tally]) -> None:
    kinds = [k.value for k in Kind]
    print("| set | articles | usable | bound | " + " | ".join(kinds) + f" | bound in top {TOP} |")
    print("|---|---:|---:|---:|" + "---:|" * len(kinds) + "---:|")
    for name, t in sets.items():
        cells = " | ".join(str(t.kinds[k]) for k in kinds)
        print(
            f"| {name} | {t.articles} | {t.usable} | {_pct(t.bound, t.usable)} | {cells} "
            f"| {_pct(t.top_bound, t.top)} |"
        )
    print("\nParts of the composed posts (extractive writer) that open with a bound sentence:\n")
    for name, t in sets.items():
        if t.openers:
            by_part = ", ".join(f"{part} {n}" for part, n in sorted(t.openers_bound.items()))
            total = sum(t.openers_bound.values())
            print(f"- {name}: {_pct(total, t.openers)} of {t.openers} part openers ({by_part})")
    for name, t in sets.items():
        if t.gold:
            print(
                f"\n{name}: gold summary sentences bound {_pct(t.gold_bound, t.gold)}; "
                f"summarize() picks bound {_pct(t.picked_bound, t.picked)}"
            )


def sample(sets: dict[str, Tally], size: int, seed: int) -> None:
    pool = [(name, *ex) for name, t in sets.items() if name != "korsum-dev" for ex in t.examples]
    if not pool:
        return
    print(f"\n## {min(size, len(pool))} bound sentences (seed {seed}), of {len(pool)}\n")
    for n, (name, kind, leans, text) in enumerate(random.Random(seed).sample(pool, size), 1):
        print(f"{n}. [{name}, {kind}] {text}\n   leans on: {leans}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=SHARED_DATA)
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)
    sets: dict[str, Tally] = {}
    for name in ("real-pages", "real-pages-2"):
        found = sorted((args.data / name).glob("*.html"))
        if found:
            sets[name] = pages(found)
    sets["demo"] = pages(sorted(DEMO.glob("*.html")))
    if (args.data / "korsum-dev" / "articles.jsonl").is_file():
        sets["korsum-dev"] = korsum(args.data)
    report(sets)
    sample(sets, args.sample, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
