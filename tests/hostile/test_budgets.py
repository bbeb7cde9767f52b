"""Issue 19 items 5 and 6, a budget per article: pages whose analysis or extraction
would take minutes and gigabytes are refused at once with a one-line, permanent
reason, and a run over a feed of every poison page publishes the good articles, records
each bad one and on the next run fetches none of them again, in under 1 GB.

The bombs are generated here; numbers before the budgets (bench/budget.py):
8,000 short sentences 18 s and 2.9 GB; 1.6 MB of tiny paragraphs 34 s; 1 MB of
nested tables 264 s.
"""

from __future__ import annotations

import gzip
import html
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from blogwire.analyze import MAX_CHARS, MAX_SENTENCES, analyze
from blogwire.errors import AnalyzeError, ExtractError
from blogwire.extract import extract
from blogwire.extract.budget import MAX_ELEMENTS, MAX_TABLE_CELLS, check_page
from blogwire.extract.tree import parse_page
from blogwire.models import Document
from hostile.corpus import ENGLISH, article_page, png_bytes, story_for
from hostile.koreangen import OBJECTS, PEOPLE, SUBJECTS

from conftest import shared_path
from httpserver import Route, serve

GIB = 1 << 30


def short_sentences(n: int) -> list[str]:
    """`n` distinct short news sentences (every one a real sentence to the ranker)."""
    return [
        f"{SUBJECTS[i % len(SUBJECTS)]}는 {i + 1}번째 {OBJECTS[i // 30 % len(OBJECTS)]} "
        f"계획을 {PEOPLE[i // 900 % len(PEOPLE)]} 씨와 발표했다."
        for i in range(n)
    ]


def analysis_bomb(n: int) -> str:
    """The issue's page: `n` short distinct sentences, five to a paragraph."""
    sentences = short_sentences(n)
    body = "".join(f"<p>{' '.join(sentences[i : i + 5])}</p>\n" for i in range(0, n, 5))
    return article_page("https://news.example.com/bomb", title="가람시 요금 발표", body=body)


def tiny_paragraphs(size: int) -> str:
    """Many tiny paragraphs: trafilatura's main loop is quadratic in them."""
    block = "".join(f"<p>{i}가</p>" for i in range(1000))
    return article_page("https://news.example.com/tiny", body=block * (size // len(block.encode())))


def nested_tables(size: int) -> str:
    """Wide tables of tables of one-letter cells: jusText's neighbour walk."""
    cell = "<td><table><tr>" + "<td>가</td>" * 20 + "</tr></table></td>"
    table = "<table>" + ("<tr>" + cell * 10 + "</tr>") * 20 + "</table>"
    return article_page(
        "https://news.example.com/tables", body=table * (size // len(table.encode()))
    )


def _document(text: str) -> Document:
    return Document(origin="bomb.html", text=text, kind="html")


def test_an_analysis_bomb_is_refused_before_the_model_reads_it() -> None:
    page = analysis_bomb(8000)
    assert len(page.encode()) > 600_000  # the 640 KB page
    article = extract(_document(page))
    started = time.monotonic()
    with pytest.raises(AnalyzeError) as caught:
        analyze(article)
    assert time.monotonic() - started < 5  # was 18 s and 2.9 GB
    error = caught.value
    assert error.permanent
    assert "too long to analyse:" in error.message
    assert error.message.endswith(f"characters (limit {MAX_CHARS:,})")


def test_more_sentences_than_the_limit_is_one_permanent_line() -> None:
    n = MAX_SENTENCES + 500
    article = extract(_document(analysis_bomb(n)))
    assert sum(map(len, article.paragraphs)) < MAX_CHARS  # short enough to be split
    with pytest.raises(AnalyzeError) as caught:
        analyze(article)
    assert caught.value.message == f"too many sentences: {n:,} (limit {MAX_SENTENCES:,})"
    assert caught.value.permanent
    assert "\n" not in str(caught.value)


def test_an_article_at_the_sentence_limit_is_still_analysed() -> None:
    article = extract(_document(analysis_bomb(MAX_SENTENCES)))
    assert len(analyze(article).sentences) == MAX_SENTENCES


@pytest.mark.parametrize(
    ("page", "says"),
    [
        (lambda: tiny_paragraphs(1_600_000), "elements (limit"),  # was 34 s
        (lambda: nested_tables(1_000_000), "elements (limit"),  # was 264 s
        (lambda: nested_tables(110_000), f"table cells (limit {MAX_TABLE_CELLS:,})"),  # 1.4 s
        (lambda: tiny_paragraphs(4_800_000), "elements (limit"),  # was over 600 s
    ],
    ids=["tiny-paragraphs-1.6MB", "nested-tables-1MB", "nested-tables-110KB", "tiny-4.8MB"],
)
def test_markup_beyond_the_extraction_budget_is_refused_at_once(page: object, says: str) -> None:
    text = page()  # type: ignore[operator]
    started = time.monotonic()
    with pytest.raises(ExtractError) as caught:
        extract(_document(text))
    assert time.monotonic() - started < 10
    assert caught.value.permanent
    assert caught.value.message.startswith("too much markup to extract: ")
    assert says in caught.value.message


def test_real_news_pages_are_well_inside_the_extraction_budget() -> None:
    pages = sorted(shared_path("data", "real-pages").glob("*.html"))
    pages += sorted(shared_path("data", "real-pages-2").glob("*.html"))
    assert pages
    for path in pages:
        tree = parse_page(path.read_text(encoding="utf-8", errors="replace"))
        assert tree is not None, path
        check_page(tree, str(path))  # raises if over
        assert sum(1 for _ in tree.iter()) < MAX_ELEMENTS / 4, path


def test_whether_an_error_is_permanent_survives_a_worker_process() -> None:
    import pickle

    from blogwire.errors import SourceError

    for error in (
        AnalyzeError("too many sentences", subject="x", permanent=True),
        ExtractError("too much markup", subject="x"),
        SourceError("timed out", subject="x"),
    ):
        back = pickle.loads(pickle.dumps(error))
        assert (back.permanent, back.subject, back.message) == (
            error.permanent,
            error.subject,
            error.message,
        )
    assert not SourceError("HTTP 503").permanent
    assert not AnalyzeError("the Korean analyzer could not be loaded").permanent


def test_a_failed_entry_is_stored_once_and_replaces_only_a_skipped_one(tmp_path: Path) -> None:
    from blogwire.models import ArticleState
    from blogwire.store import Store

    with Store.open(tmp_path / "state.db") as store:
        store.add_skipped(url="https://a.example/1", feed_url="f", title="t", reason="robots")
        store.add_failed(url="https://a.example/1", feed_url="f", title="t", reason="too big")
        store.add_failed(url="https://a.example/2", feed_url="f", title="t", reason="no text")
        store.add_failed(url="https://a.example/2", feed_url="f", title="t", reason="again")
        failed = store.articles(ArticleState.FAILED)
        assert [(a.url, a.error) for a in failed] == [
            ("https://a.example/1", "too big"),
            ("https://a.example/2", "no text"),
        ]
        assert store.articles(ArticleState.SKIPPED) == []
        assert store.find_article(url="https://a.example/2") is not None  # `run` sees it


# -- the acceptance run --------------------------------------------------------------

# Each poison page: its path, how it is served, the line its failure must show, and
# whether that reason is permanent (recorded, never fetched again) or passing.
PERMANENT = {
    "/bad/analysis-bomb.html": "too long to analyse",
    "/bad/sentence-bomb.html": "too many sentences",
    "/bad/tiny-paragraphs.html": "too much markup to extract",
    "/bad/nested-tables.html": "too much markup to extract",
    "/bad/six-mb.html": "over the 5,000,000-byte limit",
    "/bad/gzip-bomb.html": "over the 5,000,000-byte limit",
    "/bad/png.html": "not a web page or feed",
    "/bad/deep-nesting.html": "no article text found",
    "/bad/english.html": "unsupported language",
}
PASSING = {
    "/bad/503.html": "HTTP 503",
    "/bad/slow-drip.html": "timed out",
}


def _poison_routes() -> dict[str, Route]:
    html_type = {"Content-Type": "text/html; charset=utf-8"}
    six_mb = article_page("x") + "<p>" + "가람시 요금 인상 소식입니다. " * 150_000 + "</p>"
    deep = article_page("x", body="<div>" * 100_000 + "가람시" + "</div>" * 100_000)
    pages = {
        "/bad/analysis-bomb.html": analysis_bomb(8000).encode(),
        "/bad/sentence-bomb.html": analysis_bomb(MAX_SENTENCES + 500).encode(),
        "/bad/tiny-paragraphs.html": tiny_paragraphs(1_600_000).encode(),
        "/bad/nested-tables.html": nested_tables(1_000_000).encode(),
        "/bad/six-mb.html": six_mb.encode(),
        "/bad/deep-nesting.html": deep.encode(),
        "/bad/english.html": article_page("x", title="Fares", paragraphs=ENGLISH).encode(),
    }
    routes = {path: Route(body, headers=html_type) for path, body in pages.items()}
    bomb = gzip.compress(b"<p>" + b" " * (60 << 20), compresslevel=9)
    routes["/bad/gzip-bomb.html"] = Route(bomb, headers={**html_type, "Content-Encoding": "gzip"})
    routes["/bad/png.html"] = Route(png_bytes(), headers=html_type)
    routes["/bad/503.html"] = Route(b"busy", status=503, headers=html_type)
    routes["/bad/slow-drip.html"] = Route(article_page("x").encode(), headers=html_type, drip=0.5)
    return routes


def _feed(base: str, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>기사 {n}</title><link>{html.escape(base + path)}</link>"
        "<pubDate>Thu, 19 Nov 2026 09:00:00 +0900</pubDate></item>"
        for n, path in enumerate(paths)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>독</title>'
        f"{items}</channel></rss>"
    ).encode()


def _run_measured(site: Path) -> tuple[subprocess.CompletedProcess[str], int]:
    """`blogwire run` in a child; the peak RSS in bytes of it and its workers."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BLOGWIRE_")}
    env["COLUMNS"] = "250"
    wrapper = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run([sys.executable, '-m', 'blogwire', 'run'], capture_output=True,"
        " text=True)\n"
        "sys.stdout.write(done.stdout)\nsys.stderr.write(done.stderr)\n"
        "print('MAXRSS', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.exit(done.returncode)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", wrapper],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("MAXRSS ")]
    assert lines, done.stdout + done.stderr
    return done, int(lines[-1].split()[1]) * 1024  # Linux counts KiB


def _articles(site: Path) -> dict[str, tuple[str, str | None]]:
    with sqlite3.connect(site / ".blogwire" / "blogwire.db") as db:
        return {
            url: (state, error)
            for url, state, error in db.execute("SELECT url, state, error FROM articles")
        }


@pytest.mark.slow
def test_a_feed_of_every_poison_page_publishes_the_good_ten_and_records_the_rest(
    tmp_path: Path,
) -> None:
    routes = _poison_routes()
    good = [f"/good/{n}.html" for n in range(10)]
    for n, path in enumerate(good):
        story = story_for(f"budget-good-{n}")
        page = article_page(
            f"https://news.example.com/good/{n}", title=story.title, paragraphs=story.paragraphs
        )
        # one good page declares a charset that is no text encoding (issue 19's header)
        charset = "rot13" if n == 3 else "utf-8"
        routes[path] = Route(
            page.encode(), headers={"Content-Type": f"text/html; charset={charset}"}
        )
    bad = [*PERMANENT, *PASSING]
    assert set(bad) <= set(routes)
    order = [p for pair in zip(bad, good + [""] * len(bad), strict=False) for p in pair if p]
    with serve(routes) as base:
        # a feed ETag that cannot be sent back as a header: never stored, never sent
        routes["/feed.xml"] = Route(_feed(base, order), headers={"ETag": '"\u00e9t\u00e9"'})
        site = tmp_path / "site"
        site.mkdir()
        # retry_wait = 0: the second run retries the passing failures at once (their
        # wait between runs is held by tests/run/test_retry_limit.py)
        (site / "blogwire.toml").write_text(
            "[fetch]\nretries = 0\ntimeout = 1.0\nrespect_robots = false\nretry_wait = 0\n"
            f'[run]\nworkers = 1\n[[feeds]]\nurl = "{base}/feed.xml"\n',
            encoding="utf-8",
        )
        first, first_rss = _run_measured(site)
        output = first.stdout + first.stderr
        assert "Traceback" not in output, output[-3000:]
        assert first.returncode == 1, output[-3000:]  # some failed, the run finished
        posts = sorted((site / "_posts").glob("*.md"))
        assert len(posts) == 10, output[-3000:]
        assert first_rss < GIB, first_rss
        for path, says in {**PERMANENT, **PASSING}.items():
            line = next((x for x in first.stderr.splitlines() if path in x), "")
            assert says in line, (path, first.stderr[-3000:])
        stored = _articles(site)
        for path, says in PERMANENT.items():
            state, error = stored[base + path]
            assert state == "failed" and error and says in error, (path, state, error)
        for path in PASSING:  # tried again next run
            assert base + path not in stored
        hits = {path: routes[path].hits for path in bad}
        assert all(hits.values()), hits

        second, second_rss = _run_measured(site)
        output = second.stdout + second.stderr
        assert "Traceback" not in output, output[-3000:]
        assert second.returncode == 1, output[-3000:]  # the passing ones fail again
        assert sorted((site / "_posts").glob("*.md")) == posts
        assert second_rss < GIB, second_rss
        for path in PERMANENT:  # never fetched, nor parsed, again
            assert routes[path].hits == hits[path], path
            assert path not in second.stderr
        for path in PASSING:
            assert routes[path].hits > hits[path], path
        assert routes["/feed.xml"].requests[-1].header("If-None-Match") is None
