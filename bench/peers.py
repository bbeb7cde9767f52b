"""The dev set, the metrics and the peer summarizers blogwire's ranker is compared with.

Shared by `bench/quality.py` and `tests/analyze/test_rank.py` (which loads this file by
path, so `bench/` needs no package). sumy, textrankr and rouge-score are the `bench`
extra: they are imported inside the functions that need them, so the test's quality gate
runs without them.

Every method gets the dataset's own sentence split and returns indices into it, so the
comparison is about choosing sentences, not about splitting them.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "sci-news-dev"

# A method takes the given sentences, k and the title; it returns k indices in source order.
Method = Callable[[Sequence[str], int, str], list[int]]


@dataclass(frozen=True, slots=True)
class DevArticle:
    name: str  # file stem, e.g. "01"
    title: str
    sentences: tuple[str, ...]
    gold: tuple[int, ...]  # indices of the human-picked summary sentences


def load_dev(data_dir: Path = DEFAULT_DATA) -> list[DevArticle]:
    """Every `*.json` article of a sci-news-sum-kr-50 style folder, sorted by name."""
    out = []
    for path in sorted(data_dir.glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        out.append(
            DevArticle(
                path.stem,
                raw["title"],
                tuple(raw["sentences"]),
                tuple(sorted(set(raw["summaries"]))),
            )
        )
    return out


def prf(chosen: Sequence[int], gold: Sequence[int]) -> tuple[float, float, float]:
    """Sentence-level precision, recall and F1 of one article."""
    hit = len(set(chosen) & set(gold))
    p = hit / len(set(chosen)) if chosen else 0.0
    r = hit / len(set(gold)) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# --- tokenizers -------------------------------------------------------------------------


def _noun_morphemes(text: str) -> list[str]:
    """Nouns, numbers and foreign words: the feature set that gives the peers their best
    dev score (sumy TextRank 0.585 vs 0.574 with blogwire's content-tag set, so the
    comparison is not tilted in blogwire's favour)."""
    from blogwire.analyze.nlp import kiwi

    return [
        t.form.lower()
        for t in kiwi().tokenize(text)
        if t.tag.startswith("N") or t.tag in ("SL", "SN", "SH")
    ]


class RougeTokenizer:
    """rouge-score's default tokenizer keeps only [a-z0-9], i.e. deletes Korean: compare
    kiwipiepy morpheme forms instead (punctuation and symbols dropped)."""

    def tokenize(self, text: str) -> list[str]:
        from blogwire.analyze.nlp import kiwi

        return [
            t.form.lower()
            for t in kiwi().tokenize(text)
            if not t.tag.startswith("S") or t.tag in ("SL", "SN", "SH")
        ]


def rouge_scorer() -> Any:
    from rouge_score.rouge_scorer import RougeScorer

    return RougeScorer(["rouge1", "rouge2", "rougeL"], tokenizer=RougeTokenizer())


# --- peers ------------------------------------------------------------------------------


def lead_k(sentences: Sequence[str], k: int, title: str) -> list[int]:
    return list(range(min(k, len(sentences))))


def longest_k(sentences: Sequence[str], k: int, title: str) -> list[int]:
    by_length = sorted(range(len(sentences)), key=lambda i: (-len(sentences[i]), i))
    return sorted(by_length[:k])


class _SumyTokenizer:
    """sumy's tokenizer protocol. `to_sentences` is never used for the dev set (the
    document model is built from the given sentences) but sumy expects it."""

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return (paragraph,)

    def to_words(self, sentence: str) -> list[str]:
        return _noun_morphemes(sentence)


def sumy_method(name: str) -> Method:
    """A sumy summarizer ("TextRank", "LexRank" or "Lsa") over the given sentences."""

    def run(sentences: Sequence[str], k: int, title: str) -> list[int]:
        from sumy.models.dom import ObjectDocumentModel, Paragraph
        from sumy.models.dom import Sentence as SumySentence
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.summarizers.lsa import LsaSummarizer
        from sumy.summarizers.text_rank import TextRankSummarizer

        classes = {"TextRank": TextRankSummarizer, "LexRank": LexRankSummarizer}
        summarizer = classes.get(name, LsaSummarizer)()
        tokenizer = _SumyTokenizer()
        objects = [SumySentence(s, tokenizer) for s in sentences]
        document = ObjectDocumentModel([Paragraph(objects)])
        # sumy returns the very Sentence objects it was given: map them back by identity
        # (equal texts hash alike, so a text lookup would merge duplicates).
        where = {id(s): i for i, s in enumerate(objects)}
        return sorted(where[id(s)] for s in summarizer(document, k))

    return run


def textrankr_method(sentences: Sequence[str], k: int, title: str) -> list[int]:
    """textrankr's graph (multiset Jaccard, tolerance 0.05) and PageRank, fed the given
    sentences directly: its own `summarize` re-splits text on '.', '!' and '?', and drops
    duplicates and one-token sentences, which would break the index mapping."""
    import networkx
    from textrankr.sentence import Sentence as TrSentence
    from textrankr.utils import build_sentence_graph

    nodes = [TrSentence(i, s, Counter(_noun_morphemes(s))) for i, s in enumerate(sentences)]
    graph = build_sentence_graph(nodes, tolerance=0.05)
    try:
        import scipy  # noqa: F401  networkx >= 3 needs it for `pagerank`
    except ImportError:
        # Same algorithm and defaults in networkx's pure-Python reference implementation
        # (private, but it ships in every networkx 3.x); scipy is not in the venv.
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

        ranks = _pagerank_python(graph, weight="weight")
    else:
        ranks = networkx.pagerank(graph, weight="weight")
    best = sorted(nodes, key=lambda n: (-ranks[n], n.index))[:k]
    return sorted(n.index for n in best)


def peer_methods() -> dict[str, Method]:
    """Name -> method for every peer, in the order they are listed in the table."""
    return {
        "lead-k": lead_k,
        "longest-k": longest_k,
        "sumy TextRank": sumy_method("TextRank"),
        "sumy LexRank": sumy_method("LexRank"),
        "sumy LSA": sumy_method("Lsa"),
        "textrankr": textrankr_method,
    }
