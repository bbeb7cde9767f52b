"""Summary quality of blogwire's sentence ranker against peer summarizers, in one run.

Run from the project root:

    .venv/bin/python bench/quality.py [--data DIR] [--no-write]

Prints a markdown table (sentence P/R/F1, ROUGE-1/2/L F, ms per article) and writes it,
with the method and an ablation of the ranker, to docs/quality.md. Exit 0 on success,
2 when the data set is missing.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# bench/ is a folder of scripts, not a package: make `peers` importable however this runs.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from blogwire.analyze.nlp import kiwi
from blogwire.analyze.rank import _rank, select
from blogwire.analyze.sentences import tokenize_sentences
from blogwire.analyze.summarize import SUMMARY_DIVERSITY, summarize
from peers import (
    DEFAULT_DATA,
    ROOT,
    DevArticle,
    Method,
    load_dev,
    peer_methods,
    prf,
    rouge_scorer,
)

DOC = ROOT / "docs" / "quality.md"
HEADER = "| method | P | R | F1 | R-1 | R-2 | R-L | ms/article |"
RULE = "|---|---:|---:|---:|---:|---:|---:|---:|"


@dataclass(frozen=True, slots=True)
class Row:
    method: str
    p: float
    r: float
    f1: float
    r1: float
    r2: float
    rl: float
    ms: float

    def markdown(self) -> str:
        scores = " | ".join(
            f"{v:.3f}" for v in (self.p, self.r, self.f1, self.r1, self.r2, self.rl)
        )
        return f"| {self.method} | {scores} | {self.ms:.1f} |"


def evaluate(name: str, method: Method, articles: Sequence[DevArticle], scorer: object) -> Row:
    """Macro averages over articles; the clock covers the method call only."""
    ps, rs, fs, r1, r2, rl, seconds = [], [], [], [], [], [], 0.0
    for art in articles:
        k = len(art.gold)
        start = time.perf_counter()
        chosen = method(art.sentences, k, art.title)
        seconds += time.perf_counter() - start
        p, r, f = prf(chosen, art.gold)
        ps.append(p)
        rs.append(r)
        fs.append(f)
        reference = "\n".join(art.sentences[i] for i in art.gold)
        summary = "\n".join(art.sentences[i] for i in chosen)
        rouge = scorer.score(reference, summary)  # type: ignore[attr-defined]
        r1.append(rouge["rouge1"].fmeasure)
        r2.append(rouge["rouge2"].fmeasure)
        rl.append(rouge["rougeL"].fmeasure)
    mean = statistics.fmean
    return Row(
        name,
        mean(ps),
        mean(rs),
        mean(fs),
        mean(r1),
        mean(r2),
        mean(rl),
        1000 * seconds / len(articles),
    )


def blogwire_method(sentences: Sequence[str], k: int, title: str) -> list[int]:
    return summarize(list(sentences), k, title)


def ablation(**parts: float | bool) -> Method:
    """blogwire with some parts of the score switched off (see blogwire.analyze.rank)."""

    def run(sentences: Sequence[str], k: int, title: str) -> list[int]:
        parsed = tokenize_sentences(list(sentences))
        scores = _rank(parsed, title, **parts)  # type: ignore[arg-type]
        return select(parsed, scores, k, diversity=SUMMARY_DIVERSITY)

    return run


ABLATIONS: dict[str, dict[str, float | bool]] = {
    "blogwire": {},
    "- title similarity": {"title_weight": 0.0},
    "- lead position": {"lead_weight": 0.0},
    "- informative length": {"by_length": False},
    "- fragment penalty": {"fragment_weight": 1.0},
    "centrality only": {
        "title_weight": 0.0,
        "lead_weight": 0.0,
        "by_length": False,
        "fragment_weight": 1.0,
    },
}


def table(rows: Sequence[Row]) -> str:
    return "\n".join([HEADER, RULE, *(row.markdown() for row in rows)])


def verdict(rows: Sequence[Row]) -> list[str]:
    ours = next(row for row in rows if row.method == "blogwire")
    textrank = next(row for row in rows if row.method == "sumy TextRank")
    best_r2 = max((row for row in rows if row.method != "blogwire"), key=lambda row: row.r2)
    f1_ok = ours.f1 >= max(0.64, textrank.f1 + 0.05)
    r2_ok = ours.r2 > best_r2.r2
    return [
        f"- sentence F1 {ours.f1:.3f} vs target max(0.64, sumy TextRank {textrank.f1:.3f} + 0.05)"
        f": {'met' if f1_ok else 'NOT met'}",
        f"- ROUGE-2 {ours.r2:.3f} vs best peer {best_r2.method} {best_r2.r2:.3f}"
        f": {'above' if r2_ok else 'NOT above'}",
    ]


def document(rows: Sequence[Row], ablated: Sequence[Row], notes: Sequence[str], n: int) -> str:
    return f"""# Summary quality

How well blogwire's sentence ranker (`blogwire.analyze.rank`, used through
`blogwire.analyze.summarize.summarize`) picks the sentences a human would, compared with
common extractive summarizers. Regenerate this file with

    .venv/bin/python bench/quality.py   # from the project root; --data DIR elsewhere

## Data

`sci-news-dev`: the odd-numbered half ({n} articles) of
[sci-news-sum-kr-50](https://github.com/theeluwin/sci-news-sum-kr-50) (MIT, non-commercial
experiments), Naver IT/science news with the sentences two annotators chose as the summary.
It is a development set, IT/science only, 25 articles (one sentence of one article moves
F1 by ~0.01): blogwire's weights were set by reasoning about news writing and checked here;
two changes were made after looking: the length prior became log(1 + content words),
which has no parameter (it replaced a linear prior capped at 12 words: 0.650 -> 0.670),
and the title weight went from 0.5 to 0.25 (0.670 -> 0.684; see the ablation). The other
half of the data set is not used. The bench looks for the data in
`../shared/data/sci-news-dev` next to the project.

## Method

- Every method gets the data set's own sentence split and returns k indices into it, with
  k = the number of gold sentences of the article, so precision = recall = F1 per article.
  Scores are macro averages over articles.
- ROUGE-1/2/L F1 (rouge-score 0.1.2) between the chosen sentences and the gold sentences
  of each article, on kiwipiepy morpheme forms (punctuation dropped): rouge-score's
  default tokenizer keeps only `[a-z0-9]` and would delete Korean.
- Peers: lead-k, the k longest sentences, sumy TextRank / LexRank / LSA (an
  `ObjectDocumentModel` built from the given sentences) and textrankr (its graph and
  PageRank on the given sentences; its own `summarize` re-splits text). All peers get
  kiwipiepy noun/number/foreign-word morphemes, the feature set on which sumy TextRank
  scores best (0.585 vs 0.574 with blogwire's content-tag set).
- ms/article: wall time of the method call (including its kiwipiepy tokenization; lead-k
  and longest-k need none), model already loaded, one core.

## Results

{table(rows)}

{chr(10).join(notes)}

## Ablation

Each row switches off one part of blogwire's score (`blogwire.analyze.rank._rank`):

{table(ablated)}

The lead prior carries the most (news is an inverted pyramid), informative length next
(human summaries favour sentences that state several facts), then the fragment penalty
(subtitles and captions are never summary sentences). Title similarity is within noise
on this set (one sentence of one article is worth 0.01 F1): it is kept, at a small
weight, because it is the only signal that names the story when the lead is a scene or
a quote, which is common in feature and political news outside this IT/science set.
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        help=f"folder of sci-news-sum-kr-50 JSON files (default {DEFAULT_DATA})",
    )
    parser.add_argument("--no-write", action="store_true", help=f"do not rewrite {DOC}")
    args = parser.parse_args(argv)
    if not args.data.is_dir() or not any(args.data.glob("*.json")):
        print(f"error: no dev set at {args.data} (pass --data DIR)", file=sys.stderr)
        return 2
    articles = load_dev(args.data)
    kiwi().tokenize("모델을 미리 불러 둔다.")  # load the model outside the clock
    scorer = rouge_scorer()

    methods: dict[str, Method] = {"blogwire": blogwire_method, **peer_methods()}
    notes = []
    if importlib.util.find_spec("lexrankr") is None:
        notes.append("lexrankr is not installed (it is not a bench dependency): skipped.")
    else:
        notes.append("lexrankr is installed but not wired into this bench: skipped.")

    rows = sorted(
        (evaluate(name, m, articles, scorer) for name, m in methods.items()),
        key=lambda row: (-row.f1, row.method),
    )
    ablated = [
        evaluate(name, ablation(**parts), articles, scorer) for name, parts in ABLATIONS.items()
    ]
    notes = [*verdict(rows), *(f"- {note}" for note in notes)]

    print(table(rows))
    print()
    print("\n".join(notes))
    print()
    print(table(ablated))
    if not args.no_write:
        DOC.parent.mkdir(parents=True, exist_ok=True)
        DOC.write_text(document(rows, ablated, notes, len(articles)), encoding="utf-8")
        print(f"\nwrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
