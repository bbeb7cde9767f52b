"""A synthetic Korean news corpus for the speed and scale benchmarks, with planted duplicates.

The sentences are the bundled demo articles' own (`src/blogwire/demo/data/*.html`, read with
blogwire's pipeline: trafilatura extraction, kiwipiepy sentence split, fragments such as
bylines and captions dropped). Each article draws 15–35 of them, groups them in paragraphs
of 2–5 sentences and re-rolls every number in them, so two articles share a sentence only
by chance and never a figure: articles are distinct stories, and a story grouper that joins
two of them is wrong.

Besides the `n` distinct articles, the corpus plants

* exact duplicates: the same title and text under another outlet's URL (a wire story
  carried verbatim), and
* near duplicates: the same story retold by another outlet under another title, with a few
  sentences dropped and a few changed (a figure corrected, a sentence swapped for another),

and the manifest (`manifest.json`) says which article each one copies: the ground truth for
recall and precision of story grouping. Every article is written as `ID.txt` (title, blank
line, paragraphs separated by blank lines) and, with `html=True`, `ID.html` (a news page with
og: tags and a canonical link); `feed.xml` is an RSS 2.0 feed whose items link to the pages
by relative path, so a site can follow the corpus as a local feed.

Deterministic: the same seed gives the same files byte for byte.

    .venv/bin/python bench/corpus.py --n 1000 --out /tmp/corpus [--seed 7] [--no-html]
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import random
import re
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

MIN_SENTENCES = 15
MAX_SENTENCES = 35
MANIFEST = "manifest.json"
FEED = "feed.xml"

# Fictional outlets (the demo's four and more); (name, host).
OUTLETS: tuple[tuple[str, str], ...] = (
    ("한빛일보", "www.hanbit-news.example"),
    ("누리경제", "www.nuri-econ.example"),
    ("바른뉴스", "www.bareun.example"),
    ("다온스포츠", "www.daon-sports.example"),
    ("새벽신문", "www.saebyeok.example"),
    ("가온타임스", "www.gaon-times.example"),
    ("미르방송", "news.mir-tv.example"),
    ("온누리통신", "www.onnuri-wire.example"),
    ("하늘일보", "www.haneul-daily.example"),
    ("푸른경제", "www.pureun-econ.example"),
)
_TITLE_TAGS = ("[종합]", "[단독]", "[속보]", "[이슈]", "[현장]")
_DIGITS = re.compile(r"\d+")
_TITLE_SPLIT = re.compile(r"\s*(?:…|\.\.\.|·{2,})\s*")
_BASE_TIME = dt.datetime(2026, 11, 1, 6, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))


@dataclass(frozen=True, slots=True)
class CorpusArticle:
    id: str  # "000042"; files are ID.txt and ID.html
    kind: str  # "original", "exact" (same text, other URL) or "near" (same story, rewritten)
    of: str | None  # for a duplicate, the id of the original it copies
    title: str
    outlet: str
    url: str
    published: str  # ISO date and time, KST
    sentences: int

    @property
    def txt(self) -> str:
        return f"{self.id}.txt"

    @property
    def html(self) -> str:
        return f"{self.id}.html"


@dataclass(frozen=True, slots=True)
class CorpusInfo:
    out_dir: Path
    n: int  # distinct articles
    seed: int
    articles: tuple[CorpusArticle, ...]  # every article, in feed order
    html: bool

    @property
    def manifest(self) -> Path:
        return self.out_dir / MANIFEST

    @property
    def feed(self) -> Path:
        return self.out_dir / FEED

    @property
    def originals(self) -> tuple[CorpusArticle, ...]:
        return tuple(a for a in self.articles if a.kind == "original")

    @property
    def exact(self) -> tuple[CorpusArticle, ...]:
        return tuple(a for a in self.articles if a.kind == "exact")

    @property
    def near(self) -> tuple[CorpusArticle, ...]:
        return tuple(a for a in self.articles if a.kind == "near")

    def txt_paths(self) -> list[Path]:
        return [self.out_dir / a.txt for a in self.articles]

    def html_paths(self) -> list[Path]:
        return [self.out_dir / a.html for a in self.articles]


@dataclass(frozen=True, slots=True)
class _Pool:
    sentences: tuple[str, ...]  # usable sentences of every demo article
    title_parts: tuple[str, ...]  # headline pieces ("10월 수출 612억 달러, 14개월 연속 증가")


@dataclass(frozen=True, slots=True)
class _Story:
    title: str
    paragraphs: tuple[tuple[str, ...], ...]  # sentences of each paragraph

    def body(self) -> tuple[str, ...]:
        return tuple(" ".join(p) for p in self.paragraphs)

    @property
    def size(self) -> int:
        return sum(len(p) for p in self.paragraphs)


@cache
def sentence_pool() -> _Pool:
    """Usable sentences and headline pieces of the bundled demo articles."""
    from blogwire.analyze.rank import fragment_flags
    from blogwire.analyze.sentences import split_article
    from blogwire.demo import demo_pages
    from blogwire.extract import extract
    from blogwire.settings import FetchSettings
    from blogwire.sources.files import read_file

    sentences: list[str] = []
    parts: list[str] = []
    for page in demo_pages():
        article = extract(read_file(page, FetchSettings()))
        split = split_article(article)
        flags = fragment_flags(split)
        sentences.extend(s.text for s, fragment in zip(split, flags, strict=True) if not fragment)
        parts.extend(p for p in _TITLE_SPLIT.split(article.title) if len(p) >= 6)
    return _Pool(tuple(dict.fromkeys(sentences)), tuple(dict.fromkeys(parts)))


def make_corpus(
    n: int,
    out_dir: Path,
    *,
    seed: int,
    duplicate_share: float = 0.05,
    near_duplicate_share: float = 0.05,
    html: bool = True,
) -> CorpusInfo:
    """Write `n` distinct articles plus round(n * share) exact and near duplicates of
    randomly chosen ones to `out_dir`, with `manifest.json` and `feed.xml`."""
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    for share in (duplicate_share, near_duplicate_share):
        if not 0.0 <= share <= 1.0:
            raise ValueError(f"a duplicate share must be within 0..1, got {share}")
    pool = sentence_pool()
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)

    from blogwire.analyze.dedupe import content_hash

    stories: list[_Story] = []
    hashes: set[str] = set()
    while len(stories) < n:
        story = _new_story(rng, pool)
        digest = content_hash(story.body())
        if digest not in hashes:  # distinct by construction; this only guards it
            hashes.add(digest)
            stories.append(story)

    # (story, kind, index of the original) for every article, originals first
    planned: list[tuple[_Story, str, int | None]] = [(s, "original", None) for s in stories]
    n_exact = round(n * duplicate_share)
    n_near = round(n * near_duplicate_share)
    for index in sorted(rng.sample(range(n), n_exact)):
        planned.append((stories[index], "exact", index))
    for index in sorted(rng.sample(range(n), n_near)):
        planned.append((_retell(rng, pool, stories[index]), "near", index))

    # Feed order: every duplicate comes some time after its original, as on the web.
    keys = [float(i) for i in range(n)]
    for _, _, original in planned[n:]:
        assert original is not None
        keys.append(rng.uniform(original + 0.5, n))
    order = sorted(range(len(planned)), key=lambda position: (keys[position], position))
    ids = {position: f"{rank + 1:06d}" for rank, position in enumerate(order)}

    articles: list[CorpusArticle] = []
    outlet_of: dict[int, int] = {}
    for position in order:
        story, kind, original = planned[position]
        outlet = rng.randrange(len(OUTLETS))
        if original is not None:  # a copy comes from another outlet
            outlet = (outlet_of[original] + 1 + rng.randrange(len(OUTLETS) - 1)) % len(OUTLETS)
        outlet_of[position] = outlet
        name, host = OUTLETS[outlet]
        article_id = ids[position]
        published = _BASE_TIME + dt.timedelta(minutes=7 * int(article_id))
        article = CorpusArticle(
            id=article_id,
            kind=kind,
            of=ids[original] if original is not None else None,
            title=story.title,
            outlet=name,
            url=f"https://{host}/news/{seed}/{article_id}",
            published=published.isoformat(timespec="minutes"),
            sentences=story.size,
        )
        articles.append(article)
        body = story.body()
        _write(out_dir / article.txt, story.title + "\n\n" + "\n\n".join(body) + "\n")
        if html:
            _write(out_dir / article.html, _page(article, body))

    info = CorpusInfo(out_dir, n, seed, tuple(articles), html)
    manifest = {
        "seed": seed,
        "n": n,
        "duplicate_share": duplicate_share,
        "near_duplicate_share": near_duplicate_share,
        "html": html,
        "articles": [asdict(a) for a in articles],
    }
    _write(info.manifest, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    _write(info.feed, _feed(articles, html))
    return info


def load_corpus(out_dir: Path) -> CorpusInfo:
    """The CorpusInfo of a corpus written earlier, from its manifest."""
    raw = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    articles = tuple(CorpusArticle(**a) for a in raw["articles"])
    return CorpusInfo(out_dir, raw["n"], raw["seed"], articles, raw["html"])


def read_story(path: Path) -> tuple[str, tuple[str, ...]]:
    """Title and paragraphs of an `ID.txt` file as written by `make_corpus`."""
    title, _, rest = path.read_text(encoding="utf-8").partition("\n\n")
    return title, tuple(p for p in rest.strip().split("\n\n") if p)


# --- stories ---------------------------------------------------------------------------


def _new_story(rng: random.Random, pool: _Pool) -> _Story:
    size = rng.randint(MIN_SENTENCES, min(MAX_SENTENCES, len(pool.sentences)))
    chosen = [_reroll(rng, s) for s in rng.sample(pool.sentences, size)]
    paragraphs: list[tuple[str, ...]] = []
    while chosen:
        take = min(rng.randint(2, 5), len(chosen))
        if len(chosen) - take == 1:  # no one-sentence paragraph at the end
            take += 1
        paragraphs.append(tuple(chosen[:take]))
        del chosen[:take]
    return _Story(_title(rng, pool), tuple(paragraphs))


def _retell(rng: random.Random, pool: _Pool, story: _Story) -> _Story:
    """The same story by another outlet: a new title, a few sentences dropped and a few
    changed (at most ~15% of the article in all), the lead kept."""
    size = story.size
    budget = 2 if size < 20 else 3 if size < 27 else 4
    n_drop = rng.randint(1, budget - 1)
    n_change = budget - n_drop
    slots = [(p, s) for p, para in enumerate(story.paragraphs) for s in range(len(para))]
    touched = rng.sample(slots[1:], n_drop + n_change)  # the lead stays
    dropped, changed = set(touched[:n_drop]), set(touched[n_drop:])
    paragraphs: list[tuple[str, ...]] = []
    for p, para in enumerate(story.paragraphs):
        kept: list[str] = []
        for s, sentence in enumerate(para):
            if (p, s) in dropped:
                continue
            if (p, s) in changed:
                if _DIGITS.search(sentence) and rng.random() < 0.5:
                    sentence = _reroll(rng, sentence)  # a figure corrected
                else:  # another fact in its place
                    sentence = _reroll(rng, rng.choice(pool.sentences))
            kept.append(sentence)
        if kept:
            paragraphs.append(tuple(kept))
    tag = rng.choice(_TITLE_TAGS)
    title = f"{tag} {_title(rng, pool)}"
    return _Story(title, tuple(paragraphs))


def _title(rng: random.Random, pool: _Pool) -> str:
    first, second = rng.sample(pool.title_parts, 2)
    return _reroll(rng, f"{first}…{second}")


def _reroll(rng: random.Random, text: str) -> str:
    """Every number replaced by a random one of the same number of digits."""

    def number(match: re.Match[str]) -> str:
        width = len(match.group())
        if width == 1:
            return str(rng.randint(1, 9))
        return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(width - 1))

    return _DIGITS.sub(number, text)


# --- files -----------------------------------------------------------------------------


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")


def _page(article: CorpusArticle, paragraphs: Sequence[str]) -> str:
    e = html.escape
    body = "\n".join(f"<p>{e(p, quote=False)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="utf-8">
<title>{e(article.title)} - {e(article.outlet)}</title>
<link rel="canonical" href="{e(article.url)}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{e(article.outlet)}">
<meta property="og:title" content="{e(article.title)}">
<meta property="og:url" content="{e(article.url)}">
<meta property="og:image" content="{e(article.url)}/photo.jpg">
<meta property="article:published_time" content="{article.published}">
</head>
<body>
<header><nav><a href="/">{e(article.outlet)}</a> <a href="/politics">정치</a> <a href="/economy">경제</a> <a href="/society">사회</a></nav></header>
<main>
<article>
<h1>{e(article.title, quote=False)}</h1>
<div class="byline">{e(article.outlet)} 입력 {article.published[:16].replace("T", " ")}</div>
<div class="article-body">
{body}
</div>
</article>
<aside><h3>많이 본 뉴스</h3><ul><li><a href="/news/1">오늘의 주요 뉴스</a></li><li><a href="/news/2">지금 뜨는 소식</a></li></ul></aside>
</main>
<footer><p>Copyright {e(article.outlet)}. 무단 전재 및 재배포 금지.</p></footer>
</body>
</html>
"""


def _feed(articles: Sequence[CorpusArticle], html_pages: bool) -> str:
    e = html.escape
    items = []
    for a in articles:
        link = a.html if html_pages else a.txt
        items.append(
            "<item>"
            f"<title>{e(a.title, quote=False)}</title>"
            f"<link>{e(link, quote=False)}</link>"
            f'<guid isPermaLink="false">{e(a.url, quote=False)}</guid>'
            f"<pubDate>{_rfc822(a.published)}</pubDate>"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        "<title>blogwire bench corpus</title><description>synthetic benchmark feed</description>"
        + "\n".join(items)
        + "</channel></rss>\n"
    )


def _rfc822(iso_time: str) -> str:
    return dt.datetime.fromisoformat(iso_time).strftime("%a, %d %b %Y %H:%M:%S %z")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="distinct articles (default 1000)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--duplicate-share", type=float, default=0.05)
    parser.add_argument("--near-duplicate-share", type=float, default=0.05)
    parser.add_argument("--no-html", action="store_true", help="write the .txt files only")
    args = parser.parse_args(argv)
    info = make_corpus(
        args.n,
        args.out,
        seed=args.seed,
        duplicate_share=args.duplicate_share,
        near_duplicate_share=args.near_duplicate_share,
        html=not args.no_html,
    )
    print(
        f"{len(info.articles)} articles ({info.n} distinct, {len(info.exact)} exact and "
        f"{len(info.near)} near duplicates) in {info.out_dir}; manifest {info.manifest}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
