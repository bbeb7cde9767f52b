"""bench/corpus.py: a deterministic corpus of distinct articles with planted duplicates."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from blogwire.analyze.dedupe import (
    MinHashSignature,
    content_hash,
    shingles,
    signature,
    similarity,
)
from blogwire.analyze.sentences import split_article
from blogwire.extract import extract
from blogwire.settings import FetchSettings
from blogwire.sources.files import read_file

from conftest import ROOT

N = 60


def _corpus_module() -> ModuleType:
    """bench/corpus.py, loaded by path: bench/ is a folder of scripts, not a package."""
    name = "blogwire_bench_corpus"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / "corpus.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while being built
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return _corpus_module().make_corpus(N, tmp_path_factory.mktemp("corpus"), seed=11)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _body(path: Path) -> tuple[str, ...]:
    return extract(read_file(path, FetchSettings())).paragraphs


def test_same_seed_same_files_other_seed_other_files(corpus: Any, tmp_path: Path) -> None:
    module = _corpus_module()
    again = module.make_corpus(N, tmp_path / "again", seed=11)
    other = module.make_corpus(N, tmp_path / "other", seed=12)
    assert _files(again.out_dir) == _files(corpus.out_dir)
    assert _files(other.out_dir)["000001.txt"] != _files(again.out_dir)["000001.txt"]


def test_n_distinct_articles_of_realistic_length(corpus: Any) -> None:
    module = _corpus_module()
    originals = corpus.originals
    assert len(originals) == N
    hashes = {content_hash(_body(corpus.out_dir / a.txt)) for a in originals}
    assert len(hashes) == N
    for a in originals:
        assert module.MIN_SENTENCES <= a.sentences <= module.MAX_SENTENCES
        title, paragraphs = module.read_story(corpus.out_dir / a.txt)
        assert title == a.title and len(paragraphs) >= 3


def test_manifest_matches_the_files_and_the_feed(corpus: Any) -> None:
    out = corpus.out_dir
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["n"] == N and len(manifest["articles"]) == N + 3 + 3
    assert len(corpus.exact) == 3 and len(corpus.near) == 3
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert corpus.articles, "the corpus has no articles: the loop would check nothing"
    for a in corpus.articles:
        assert (out / a.txt).is_file() and (out / a.html).is_file()
        assert f"<link>{a.html}</link>" in feed
    ids = [a["id"] for a in manifest["articles"]]
    position = {i: n for n, i in enumerate(ids)}
    for a in manifest["articles"]:
        if a["of"] is not None:
            assert position[a["of"]] < position[a["id"]]  # a copy comes after its original


def test_exact_duplicates_have_the_same_text_under_another_url(corpus: Any) -> None:
    out = corpus.out_dir
    by_id = {a.id: a for a in corpus.articles}
    assert corpus.exact, "the corpus has no exact duplicates: the loop would check nothing"
    for dup in corpus.exact:
        original = by_id[dup.of]
        assert original.kind == "original"
        assert content_hash(_body(out / dup.txt)) == content_hash(_body(out / original.txt))
        # the HTML pages extract to the same body, under the other outlet's URL
        page, first = (
            extract(read_file(out / dup.html, FetchSettings())),
            extract(read_file(out / original.html, FetchSettings())),
        )
        assert content_hash(page.paragraphs) == content_hash(first.paragraphs)
        assert page.url == dup.url != original.url == first.url
        assert page.site_name == dup.outlet != original.outlet


def test_near_duplicates_are_the_same_story_rewritten(corpus: Any) -> None:
    out = corpus.out_dir
    by_id = {a.id: a for a in corpus.articles}

    def sig(path: Path) -> MinHashSignature:
        return signature(shingles(split_article(extract(read_file(path, FetchSettings())))))

    originals = list(corpus.originals[:5])
    assert originals, "the corpus has no originals: the inner loop would check nothing"
    unrelated = [sig(out / a.txt) for a in originals]
    assert corpus.near, "the corpus has no near duplicates: the loop would check nothing"
    for dup in corpus.near:
        original = by_id[dup.of]
        assert dup.title != original.title and dup.outlet != original.outlet
        assert content_hash(_body(out / dup.txt)) != content_hash(_body(out / original.txt))
        near = sig(out / dup.txt)
        assert similarity(near, sig(out / original.txt)) > 0.5
        for other, other_sig in zip(originals, unrelated, strict=True):
            if other.id != original.id:
                assert similarity(near, other_sig) < 0.3
