"""Summary quality of blogwire's sentence ranker against peer summarizers, on every
labelled dev set at hand, each reported separately, in one run.

Run from the project root:

    .venv/bin/python bench/quality.py [--data DIR] [--no-write]

`--data` is the folder holding the dev sets (default ../shared/data: sci-news-dev and
korsum-dev, whose 2~3sent and 20per label types are scored as two sets; see
bench/devsets.py). Prints one markdown table per set (sentence P/R/F1, ROUGE-1/2/L F, ms
per article), the verdict against the target (blogwire >= every other method + 0.03 F1
on each set) and an ablation of the ranker, and writes them to docs/quality.md (keeping
the cross-validation section bench/fit_rank.py writes). Exit 0 on success, 2 when no
dev set is found.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# bench/ is a folder of scripts, not a package: make `peers` importable however this runs.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from blogwire.analyze import rank
from blogwire.analyze.nlp import kiwi
from blogwire.analyze.sentences import tokenize_sentences
from blogwire.analyze.summarize import SUMMARY_DIVERSITY, summarize
from devsets import SHARED_DATA, load_all
from fit_rank import BEGIN, END
from peers import ROOT, DevArticle, Method, peer_methods, prf, rouge_scorer

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


def ablation(weights: dict[str, float], *, fragments: bool = True) -> Method:
    """blogwire with some weights changed (names from `rank.FEATURES`), or without the
    fragment rule; the rest is `blogwire.summarize`'s path."""
    vector = [weights.get(name, w) for name, w in zip(rank.FEATURES, rank.WEIGHTS, strict=True)]

    def run(sentences: Sequence[str], k: int, title: str) -> list[int]:
        parsed = tokenize_sentences(list(sentences))
        features, flags = rank.sentence_features(parsed, title)
        if not fragments:
            flags = flags & False
        scores = rank.score_features(features, flags, vector)
        return rank.select(parsed, scores, k, diversity=SUMMARY_DIVERSITY)

    return run


NO_LEAD_SENTENCES = dict.fromkeys(rank.LEAD_SENTENCES, 0.0)
ABLATIONS: dict[str, Method] = {
    "blogwire": ablation({}),
    "- lead position (lead, named lead, first..fourth)": ablation(
        {"lead": 0.0, "lead_name": 0.0, **NO_LEAD_SENTENCES}
    ),
    "- place in the article": ablation({"place": 0.0}),
    "- first..fourth sentence": ablation(NO_LEAD_SENTENCES),
    "- informative length": ablation({"length": 0.0}),
    "- centrality": ablation({"centrality": 0.0}),
    "- title similarity": ablation({"title": 0.0}),
    "- named lead": ablation({"lead_name": 0.0}),
    "- fragment rule": ablation({}, fragments=False),
    "grid ranker before (lead 1, length 0.5, centrality 0.1, named lead 0.5)": ablation(
        dict.fromkeys(rank.FEATURES, 0.0)
        | {"lead": 1.0, "length": 0.5, "centrality": 0.1, "lead_name": 0.5}
    ),
}
MARGIN = 0.03  # the target: blogwire >= every other method + MARGIN F1, on each set


def table(rows: Sequence[Row]) -> str:
    return "\n".join([HEADER, RULE, *(row.markdown() for row in rows)])


def verdict(name: str, rows: Sequence[Row]) -> str:
    ours = next(row for row in rows if row.method == "blogwire")
    best = max((row for row in rows if row.method != "blogwire"), key=lambda row: row.f1)
    ok = ours.f1 >= best.f1 + MARGIN
    return (
        f"- {name}: F1 {ours.f1:.3f} vs best other {best.method} {best.f1:.3f} "
        f"({ours.f1 - best.f1:+.3f}; target +{MARGIN}): {'met' if ok else 'NOT met'}"
    )


def ablation_table(results: dict[str, dict[str, float]]) -> str:
    names = list(next(iter(results.values())))
    lines = [
        "| variant | " + " | ".join(names) + " |",
        "|---|" + "---:|" * len(names),
    ]
    for variant, per_set in results.items():
        lines.append(f"| {variant} | " + " | ".join(f"{per_set[n]:.3f}" for n in names) + " |")
    return "\n".join(lines)


BEFORE = """| method | sci-news-dev | korsum-dev 2~3sent | korsum-dev 20per |
|---|---:|---:|---:|
| blogwire before issue 14 (PageRank + lead + title, times log length; set on sci-news-dev) | 0.687 | 0.348 | 0.344 |
| blogwire's grid ranker (lead, length, centrality, named lead; grid over all sets) | 0.584 | 0.436 | 0.516 |
| lead-k | 0.416 | 0.422 | 0.518 |
| sumy TextRank | 0.585 | 0.173 | 0.215 |"""


def document(sections: Sequence[str], verdicts: Sequence[str], ablated: str, fit: str) -> str:
    return f"""# Summary quality

How well blogwire's sentence ranker (`blogwire.analyze.rank`, used through
`blogwire.summarize`) picks the sentences a human would, compared with common
extractive summarizers, on every labelled dev set at hand, each set reported on its own.
Regenerate this file with

    .venv/bin/python bench/fit_rank.py  # the weights' cross-validation (its own section)
    .venv/bin/python bench/quality.py   # everything else; --data DIR for another folder

## Data

Quality is scored on held-out sets of other outlets and years, so the ranker is
measured (and its weights chosen) on every labelled set together, never on one:

- `sci-news-dev`: the odd-numbered half (25 articles) of
  [sci-news-sum-kr-50](https://github.com/theeluwin/sci-news-sum-kr-50) (MIT,
  non-commercial experiments), Naver IT/science news, 2016, with the sentences two
  annotators chose as the summary (about 4.8 of 21 sentences).
- `korsum-dev 2~3sent` and `korsum-dev 20per`: 197 중앙일보 articles of 2020 from the
  official sample of AI Hub's "요약문 및 레포트 생성 데이터" (news), whose summary
  sentences a person picked: 99 asked for 2-3 sentences, 98 for about 20 % of the text.
  Its README asks to score the two label types separately. No open licence: used for
  benchmarks only, nothing of it is in the package.

The bench looks for both in `../shared/data` next to the project (bench/devsets.py).
One article moves a set's F1 by 0.04 (sci-news-dev) or 0.01 (korsum): with per-article
F1 spread of ~0.3, a set's mean has a standard error of ~0.06 (sci-news-dev) and ~0.03
(korsum), the size of the target margin itself.

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
  scores best on sci-news-dev.
- ms/article: wall time of the method call (including its kiwipiepy tokenization; lead-k
  and longest-k need none), model already loaded, on a two-core machine shared with
  other jobs while this ran: compare methods within one table, not across runs
  (bench/speed.py measures speed properly).

## Results

{chr(10).join(sections)}

Target (issue 14): on each set blogwire beats every other method, lead-k included, by
at least {MARGIN} F1.

{chr(10).join(verdicts)}

Before this ranker, sentence F1 was:

{BEFORE}

The old weights had been set on sci-news-dev alone; they preferred long, central
sentences, which the korsum annotators do not (longest-k is below random there).

## How the weights were chosen

The score is exp(w · features) (`blogwire.analyze.rank`): lead position (real sentences
only), the lead's first four sentences one by one, the place in the article, informative
length, title similarity, a named entity in the lead, TF-IDF PageRank centrality, and a
fragment flag; fragments (bylines, captions, credits, subtitles) rank below every real
sentence whatever their score. Normalised over an article's sentences that score is a
conditional logit, and `bench/fit_rank.py` fits it by maximum likelihood on all three
sets together (each set weighing the same), with one knob, an L2 penalty, chosen by
5-fold cross-validation on the worst set's margin over that set's best other method.
Folds are fixed (5-fold within sets by article position, and leave-one-set-out), and
the shipped weights are the fit on all articles. Per fold (blogwire on the held-out
articles, by the shipped `summarize` path, against the best other method on the same
articles):

{fit}

The 5-fold rows are noisy (a sci-news-dev fold holds 5 articles: one sentence moves it
by ~0.05). Fitted on each set alone, the three sets give every feature the same sign
but the lead's fourth sentence, which keeps a small weight (the last table above):
that agreement, not any one set's score, is why these features are in the model.
The earlier ranker chose its weights from a small grid by the same worst-set rule; its
per-fold choices jumped between points on a flat ridge, and its 5-fold scores were
0.590 / 0.418 / 0.480 against 0.582 / 0.452 / 0.514 for this fit.

What the dev sets allow (the last table above): fitted on korsum-dev 20per alone and
cross-validated within it, these features reach about 0.52, below the 0.548 the target
asks there, and no richer model we tried did better (below); on that set the first k
sentences that are not page furniture (0.525) are as good as anything learned. The
sets also pull apart: what lifts sci-news-dev (length, centrality, TextRank-style word
overlap) lowers korsum-dev 20per by about as much. So the +0.03 target is met on
korsum-dev 2~3sent and missed by less than one article's worth on the other two, and
meeting it on 20per needs evidence these features do not hold, not another weighting.

Tried and not kept (exploratory runs over the same three sets, 5-fold within sets and
leave-one-set-out; the scripts are not in the repository):

- the lead's date ("N일", "이날", "지난달": the news lead says when) as a sixth feature
  in the earlier grid: weight 0 on all articles, 5-fold 0.569 / 0.421 / 0.477 vs 0.590 /
  0.418 / 0.480 without;
- in the conditional logit: giving sci-news-dev 1.5, 2 or 3 times the weight of each
  korsum set (5-fold worst margin -0.023, -0.027, -0.058 vs -0.005); a z-scored or
  ranked length instead of log length (sci-news-dev up to +0.03, korsum down as much);
  quotes, reported speech, numbers, bound sentences as features (signs flip between
  sets, no 5-fold gain); in the selection, a bonus for a sentence that continues a
  chosen one, or for any neighbour of a chosen one (korsum +0.01, sci-news-dev -0.04);
- larger pointwise and conditional logistic regressions over 16-25 features
  (position dummies, centrality, title cosine and title-word coverage, length, numbers,
  proper nouns, quote share, opening quote, continued quote, conjunction or demonstrative
  opening, reported speech, "에 따르면"-type attribution, and their products with the
  lead): none beat the shipped eleven in 5-fold, and even fitted on one set alone and
  scored on that same set (in-sample) they reach 0.546 on korsum-dev 20per (the
  target asks 0.548) and 0.463 on 2~3sent; their signs flip between sets for quotes, speech and
  numbers (sci-news annotators pick researchers' quotes, korsum annotators avoid them);
- a mixture of two conditional logits, gated per article by its first real sentence
  (title cosine, centrality, length, a name): 5-fold worst-set margin -0.004 to -0.018
  vs -0.005; similarity to the lead's two sentences, to the previous or the next
  sentence, as features: 5-fold within 0.004 of the shipped eleven; word-overlap
  (Mihalcea's TextRank) centrality beside or instead of the TF-IDF one: sci-news-dev
  +0.003 to +0.007, korsum-dev 20per -0.019 to -0.033;
- gradient-boosted trees (scikit-learn's HistGradientBoostingClassifier, depth 3) over
  37 columns (the 24 of the larger regressions, similarity to the lead and to the
  neighbours, position, article length, k): 5-fold 0.634 / 0.424 / 0.512 with each set
  fitted alone, 0.585 / 0.442 / 0.481 fitted on all three; fitted on both korsum label
  types, 0.499 on 20per (a logistic regression on the same columns: 0.522);
- neighbour smoothing (a sentence next to a strong one gains): helped korsum, whose
  annotators picked whole passages, and cost sci-news-dev more;
- the lead's decay (`LEAD_DECAY`, set a priori to 3 sentences) at 2 or 5, in the
  earlier grid: 5-fold worst-set margin -0.036 and -0.030 vs
  -0.038, best in-sample worst margin -0.009 and +0.001 vs -0.002. All within one
  sentence per fold, so the a-priori value stays.

## Ablation

F1 per set with one part of the score changed (the rest as shipped):

{ablated}
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=SHARED_DATA,
        help=f"folder holding sci-news-dev/ and korsum-dev/ (default {SHARED_DATA})",
    )
    parser.add_argument("--no-write", action="store_true", help=f"do not rewrite {DOC}")
    parser.add_argument("--no-ablation", action="store_true", help="skip the ablation")
    args = parser.parse_args(argv)
    sets = load_all(args.data)
    if not sets:
        print(f"error: no dev set under {args.data} (pass --data DIR)", file=sys.stderr)
        return 2
    kiwi().tokenize("모델을 미리 불러 둔다.")  # load the model outside the clock
    scorer = rouge_scorer()
    methods: dict[str, Method] = {"blogwire": blogwire_method, **peer_methods()}

    sections, verdicts = [], []
    ablated: dict[str, dict[str, float]] = {}
    for name, articles in sets.items():
        rows = sorted(
            (evaluate(m, run, articles, scorer) for m, run in methods.items()),
            key=lambda row: (-row.f1, row.method),
        )
        sections.append(f"### {name} ({len(articles)} articles)\n\n{table(rows)}\n")
        verdicts.append(verdict(name, rows))
        print(sections[-1])
        if not args.no_ablation:
            for variant, run in ABLATIONS.items():
                f1 = statistics.fmean(
                    prf(run(a.sentences, len(a.gold), a.title), a.gold)[2] for a in articles
                )
                ablated.setdefault(variant, {})[name] = f1
    print("\n".join(verdicts))
    ablated_text = ablation_table(ablated) if ablated else "(skipped)"
    print()
    print(ablated_text)
    if not args.no_write:
        old = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        fit = "(run bench/fit_rank.py)"
        if BEGIN in old and END in old:
            fit = BEGIN + old.partition(BEGIN)[2].partition(END)[0] + END
        DOC.parent.mkdir(parents=True, exist_ok=True)
        DOC.write_text(document(sections, verdicts, ablated_text, fit), encoding="utf-8")
        print(f"\nwrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
