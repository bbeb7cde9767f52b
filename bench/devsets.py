"""Every labelled dev set the ranker is measured on, loaded one way.

- `sci-news-dev`: 25 Naver IT/science articles (sci-news-sum-kr-50, odd half), the
  sentences two annotators chose (`bench/peers.py: load_dev`).
- `korsum-dev 2~3sent` and `korsum-dev 20per`: 197 중앙일보 2020 articles (AI Hub
  "요약문 및 레포트 생성 데이터", official sample) whose summary sentences a person picked,
  asked for 2-3 sentences (99 articles) or about 20 % of the text (98). Its README says to
  score the two label types separately, with k = the number of gold sentences.

Each set is a list of `peers.DevArticle`, so every method and metric reads them alike.
The data stays in ../shared: nothing here is copied into the package.

`tokenized(articles)` gives blogwire's kiwipiepy analysis of each article (sentences and
title), cached in a pickle under /tmp (keyed by the texts and the kiwipiepy version), so
that repeated experiments (bench/fit_rank.py) do not pay the tokenizer again.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import pickle
import tempfile
from collections.abc import Sequence
from pathlib import Path

from blogwire.models import Sentence
from peers import ROOT, DevArticle, load_dev

SHARED_DATA = ROOT.parent / "shared" / "data"
SCI_NEWS = SHARED_DATA / "sci-news-dev"
KORSUM = SHARED_DATA / "korsum-dev"
# Set name -> (folder, korsum label type or None). The order is the report's order.
SETS: dict[str, tuple[Path, str | None]] = {
    "sci-news-dev": (SCI_NEWS, None),
    "korsum-dev 2~3sent": (KORSUM, "2~3sent"),
    "korsum-dev 20per": (KORSUM, "20per"),
}
CACHE_DIR = Path(
    os.environ.get("BLOGWIRE_BENCH_CACHE", Path(tempfile.gettempdir()) / "blogwire-bench")
)


def load_korsum(data_dir: Path, label_type: str) -> list[DevArticle]:
    """The articles of one label type of a korsum-dev style `articles.jsonl`, file order."""
    out = []
    with (data_dir / "articles.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            raw = json.loads(line)
            if raw["label_type"] != label_type:
                continue
            out.append(
                DevArticle(
                    raw["id"],
                    raw["title"],
                    tuple(raw["sentences"]),
                    tuple(sorted(set(raw["gold"]))),
                )
            )
    return out


def available(data: Path = SHARED_DATA) -> list[str]:
    """The names of the sets whose data is present under `data`."""
    names = []
    for name, (folder, label_type) in SETS.items():
        folder = data / folder.name
        if (label_type is None and any(folder.glob("*.json"))) or (
            label_type is not None and (folder / "articles.jsonl").is_file()
        ):
            names.append(name)
    return names


def load_set(name: str, data: Path = SHARED_DATA) -> list[DevArticle]:
    folder, label_type = SETS[name]
    folder = data / folder.name
    if label_type is None:
        return load_dev(folder)
    return load_korsum(folder, label_type)


def load_all(data: Path = SHARED_DATA) -> dict[str, list[DevArticle]]:
    """Every available set, by name, in the report's order."""
    return {name: load_set(name, data) for name in available(data)}


def _key(articles: Sequence[DevArticle]) -> str:
    digest = hashlib.sha256(importlib.metadata.version("kiwipiepy").encode())
    for art in articles:
        digest.update(art.title.encode())
        for sentence in art.sentences:
            digest.update(b"\0" + sentence.encode())
        digest.update(b"\1")
    return digest.hexdigest()[:20]


def tokenized(
    articles: Sequence[DevArticle],
) -> list[tuple[tuple[Sentence, ...], Sentence]]:
    """(sentences, title) as blogwire's `tokenize_sentences` gives them, per article."""
    from blogwire.analyze.sentences import tokenize_sentences

    path = CACHE_DIR / f"tokens-{_key(articles)}.pkl"
    if path.is_file():
        with path.open("rb") as f:
            cached: list[tuple[tuple[Sentence, ...], Sentence]] = pickle.load(f)
        return cached
    out = [
        (tokenize_sentences(list(art.sentences)), tokenize_sentences([art.title])[0])
        for art in articles
    ]
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as f:
        pickle.dump(out, f)
    tmp.replace(path)
    return out
