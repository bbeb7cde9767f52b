"""Feeds read over real HTTP on 127.0.0.1 and from local files; keyword filters; the guard."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from blogwire.errors import SourceError
from blogwire.settings import FeedConfig, FetchSettings
from blogwire.sources import FeedEntry, Fetcher, read_feed, wanted

from httpserver import Request, Route, serve

FEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "feeds"
FAST = FetchSettings(timeout=2, retries=2, backoff=0.01)
RSS = {"Content-Type": "application/rss+xml"}


def local(name: str, settings: FetchSettings = FAST) -> tuple[FeedEntry, ...]:
    return read_feed(FeedConfig(name), settings, base_dir=FEEDS).entries


def rss(*items: str, channel_link: str = "") -> bytes:
    link = f"<link>{channel_link}</link>" if channel_link else ""
    body = "".join(f"<item><title>{i}</title><link>{i}</link></item>" for i in items)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>t</title>{link}{body}</channel></rss>"
    ).encode()


# --- over HTTP -----------------------------------------------------------------


def test_second_read_sends_validators_and_gets_not_modified() -> None:
    body = (FEEDS / "rss2.xml").read_bytes()
    etag, modified = '"rss-v7"', "Thu, 19 Nov 2026 23:40:00 GMT"

    def respond(request: Request) -> Route:
        if request.header("if-none-match") == etag:
            return Route(status=304, headers={"ETag": etag})
        return Route(body, headers={**RSS, "ETag": etag, "Last-Modified": modified})

    route = Route(respond=respond)
    with serve({"/rss": route}) as base:
        feed = FeedConfig(f"{base}/rss")
        first = read_feed(feed, FAST)
        second = read_feed(feed, FAST, etag=first.etag, last_modified=first.last_modified)
    assert (first.http_status, first.not_modified, len(first.entries)) == (200, False, 4)
    assert (first.etag, first.last_modified, first.title) == (etag, modified, "한빛일보 전체기사")
    assert route.requests[0].header("if-none-match") is None
    assert route.requests[1].header("if-none-match") == etag
    assert route.requests[1].header("if-modified-since") == modified
    assert second.not_modified and second.entries == () and second.http_status == 304
    assert second.etag == etag


def test_feeds_of_a_run_share_the_fetchers_connection() -> None:
    route = Route(
        (FEEDS / "atom.xml").read_bytes(), headers={"Content-Type": "application/atom+xml"}
    )
    with serve({"/a": route, "/b": route}) as base, Fetcher(FAST) as fetcher:
        for path in ("/a", "/b"):
            assert len(read_feed(FeedConfig(base + path), FAST, fetcher=fetcher).entries) == 2
    assert route.requests[0].client_port == route.requests[1].client_port


@pytest.mark.parametrize(("status", "hits"), [(404, 1), (500, 3)])
def test_failing_feed_names_its_url(status: int, hits: int) -> None:
    route = Route(b"nope", status=status)
    with serve({"/rss": route}) as base, pytest.raises(SourceError) as info:
        read_feed(FeedConfig(f"{base}/rss"), FAST)
    assert info.value.subject == f"{base}/rss"
    assert f"HTTP {status}" in info.value.message
    assert route.hits == hits  # 5xx retried `retries` times, 404 never


def test_slow_feed_times_out() -> None:
    route = Route((FEEDS / "rss2.xml").read_bytes(), headers=RSS, delay=3)
    settings = FetchSettings(timeout=0.3, retries=0)
    with serve({"/rss": route}) as base, pytest.raises(SourceError) as info:
        read_feed(FeedConfig(f"{base}/rss"), settings)
    assert info.value.subject == f"{base}/rss"
    assert info.value.message.startswith("timed out")


def test_relative_links_resolve_against_the_feed_url() -> None:
    route = Route((FEEDS / "rss2.xml").read_bytes(), headers=RSS)
    with serve({"/feeds/all.xml": route}) as base:
        entries = read_feed(FeedConfig(f"{base}/feeds/all.xml"), FAST).entries
    urls = [e.url for e in entries]
    assert f"{base}/article/202611170900001" in urls
    assert "https://www.hanbit-news.example/article/202611200830002" in urls


@pytest.mark.parametrize("content_type", ["application/rss+xml", "text/xml; charset=EUC-KR"])
def test_euc_kr_feed_over_http_decodes_korean(content_type: str) -> None:
    route = Route((FEEDS / "euc-kr.xml").read_bytes(), headers={"Content-Type": content_type})
    with serve({"/rss": route}) as base:
        result = read_feed(FeedConfig(f"{base}/rss"), FAST)
    assert result.title == "다온스포츠 야구"
    assert [e.title for e in result.entries] == [
        "똠방각하 감독, 한국시리즈 우승 이끌어",
        "신인왕 후보 3파전",
    ]


def test_feed_in_a_declared_non_korean_encoding_over_http() -> None:
    # Every accented byte here is followed by a letter, so without the XML declaration
    # the bytes would also pass as CP949 and come out as Korean gibberish.
    body = (
        '<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel>'
        "<title>Ångler</title><item><title>Ångler’s Äble™s</title>"
        "<link>https://news.example/ete</link></item></channel></rss>"
    ).encode("cp1252")
    with serve({"/rss": Route(body, headers={"Content-Type": "application/xml"})}) as base:
        result = read_feed(FeedConfig(f"{base}/rss"), FAST)
    assert result.title == "Ångler"
    assert [e.title for e in result.entries] == ["Ångler’s Äble™s"]


def test_html_page_is_not_a_feed() -> None:
    page = "<html><body><p>피드가 아닌 페이지</p></body></html>".encode()
    route = Route(page, headers={"Content-Type": "text/html"})
    with (
        serve({"/rss": route}) as base,
        pytest.raises(SourceError, match="not a valid RSS/Atom feed") as info,
    ):
        read_feed(FeedConfig(f"{base}/rss"), FAST)
    assert info.value.subject == f"{base}/rss"


# --- formats, images, dates, order -------------------------------------------


def test_rss2_entries_images_dates_and_order() -> None:
    entries = local("rss2.xml")
    assert [e.title for e in entries] == [
        "가람시 내일 아침 첫 영하권…출근길 빙판 주의",  # 23:30 UTC on the 19th = the 20th in Seoul
        "다온FC, 연장 끝에 우승…창단 첫 트로피",
        "반도체 수출 석 달 연속 증가…AI 메모리 수요 견인",
        "국회, 예산안 심사 돌입",  # no date: last
    ]  # and the item without a link is gone
    weather, football, chips, budget = entries
    assert [e.published for e in entries] == [
        dt.date(2026, 11, 20),
        dt.date(2026, 11, 18),
        dt.date(2026, 11, 17),
        None,
    ]
    assert chips.image == "https://img.hanbit-news.example/2026/11/17/chips.jpg"  # not the thumb
    assert weather.image == "https://img.hanbit-news.example/2026/11/20/weather_thumb.jpg"
    assert football.image == "https://img.hanbit-news.example/2026/11/18/final.png"  # not the mp3
    assert budget.image is None
    # A local feed's relative link resolves against the site its channel names.
    assert chips.url == "https://www.hanbit-news.example/article/202611170900001"
    assert chips.summary == "반도체 수출이 석 달 연속 늘었다. AI용 고대역폭 메모리 수요가 컸다."
    assert chips.categories == ("경제", "반도체")
    assert chips.guid == "hanbit-202611170900001"


def test_rss1_rdf_feed() -> None:
    result = read_feed(FeedConfig("rss1.rdf"), FAST, base_dir=FEEDS)
    assert result.title == "누리경제" and result.http_status is None
    assert [(e.url, e.published, e.categories) for e in result.entries] == [
        ("https://www.nuri-econ.example/news/105378", dt.date(2026, 11, 20), ("금융",)),
        ("https://www.nuri-econ.example/news/105377", dt.date(2026, 11, 19), ("부동산",)),
    ]


def test_atom_feed_with_xml_base_and_enclosure_image() -> None:
    winter, celadon = local("atom.xml")
    assert winter.url == "https://www.bareun.example/news/culture/2026/11/19/winter-bus-stop"
    assert winter.image == "https://img.bareun.example/2026/11/19/winter_bus_stop.jpg"
    assert winter.summary.startswith("저예산 독립영화가") and "<p>" not in winter.summary
    assert winter.categories == ("문화", "영화")
    assert (winter.published, celadon.published) == (dt.date(2026, 11, 19), dt.date(2026, 11, 18))
    assert celadon.image is None


def test_euc_kr_local_feed() -> None:
    assert local("euc-kr.xml")[0].title == "똠방각하 감독, 한국시리즈 우승 이끌어"


def test_malformed_feed_is_an_error_naming_it() -> None:
    with pytest.raises(SourceError, match="not a valid RSS/Atom feed") as info:
        local("malformed.xml")
    assert info.value.subject == str(FEEDS / "malformed.xml")


def test_broken_feed_with_entries_keeps_them() -> None:
    assert [e.title for e in local("truncated.xml")] == ["잘리기 전의 기사"]


def test_max_items_keeps_the_newest() -> None:
    entries = local("rss2.xml", FetchSettings(max_items_per_feed=2))
    assert [e.published for e in entries] == [dt.date(2026, 11, 20), dt.date(2026, 11, 18)]


def test_missing_local_feed(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such feed file") as info:
        read_feed(FeedConfig("feeds/none.xml"), FAST, base_dir=tmp_path)
    assert info.value.subject == str(tmp_path / "feeds" / "none.xml")


# --- keyword filters -----------------------------------------------------------


def titles(feed: FeedConfig) -> list[str]:
    return [e.title[:6] for e in local("rss2.xml") if wanted(e, feed)]


def test_include_and_exclude_keywords() -> None:
    assert len(titles(FeedConfig("x"))) == 4  # no include list keeps everything
    assert titles(FeedConfig("x", include=("반도체",))) == ["반도체 수출"]
    assert titles(FeedConfig("x", include=("우승", "예산"))) == ["다온FC, ", "국회, 예산"]
    # "날씨" is only a category of the weather story, not in its title or summary.
    assert "가람시 내일" not in titles(FeedConfig("x", exclude=("날씨",)))
    assert titles(FeedConfig("x", include=("반도체", "우승"), exclude=("트로피",))) == [
        "반도체 수출"
    ]


def test_filters_ignore_case_and_unicode_normalisation() -> None:
    decomposed = unicodedata.normalize("NFD", "반도체")
    assert decomposed != "반도체"
    assert titles(FeedConfig("x", include=(decomposed,))) == ["반도체 수출"]
    assert titles(FeedConfig("x", include=("ai 메모리",))) == ["반도체 수출"]
    assert titles(FeedConfig("x", include=("fc,",))) == ["다온FC, "]


# --- the link guard while reading ------------------------------------------------


def test_strangers_feed_cannot_point_at_other_internal_hosts() -> None:
    routes: dict[str, Route] = {}
    with serve(routes) as base:
        stranger = base.replace("127.0.0.1", "localhost")
        links = (f"{stranger}/own", f"{base}/internal", "file:///etc/passwd", "javascript:x()")
        routes["/rss"] = Route(rss(*links), headers=RSS)
        result = read_feed(FeedConfig(f"{stranger}/rss"), FAST)
        allowed = FetchSettings(allow_private_hosts=("127.0.0.1",))
        permitted = read_feed(FeedConfig(f"{stranger}/rss"), allowed)
    assert [e.url for e in result.entries] == [f"{stranger}/own"]
    internal, file_link, script = result.refused
    assert internal.startswith(f"{base}/internal: refused: 127.0.0.1 is a loopback address")
    assert file_link.startswith("file:") and "'file:' links are refused" in file_link
    assert script.startswith("javascript:x()") and "'javascript:' links" in script
    assert [e.url for e in permitted.entries] == [f"{stranger}/own", f"{base}/internal"]


def test_local_feed_links_are_checked_without_a_same_host_exemption(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<p>x</p>", encoding="utf-8")
    feed = tmp_path / "feed.xml"
    feed.write_bytes(rss("page.html", "../outside.html", "http://127.0.0.1:8000/a", "file:///x"))
    result = read_feed(FeedConfig("feed.xml"), FAST, base_dir=tmp_path)
    assert [e.url for e in result.entries] == [str((tmp_path / "page.html").resolve())]
    outside, internal, file_link = result.refused
    assert outside == "../outside.html: refused: points outside the feed's folder"
    assert internal.startswith("http://127.0.0.1:8000/a: refused") and "loopback" in internal
    assert "'file:' links are refused" in file_link
    allowed = FetchSettings(allow_private_hosts=("127.0.0.1",))
    urls = [e.url for e in read_feed(FeedConfig(str(feed)), allowed).entries]
    assert "http://127.0.0.1:8000/a" in urls and "file:///x" not in urls


def test_non_web_image_is_skipped_for_the_next_candidate(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">'
        "<channel><title>t</title><item><title>a</title><link>https://news.example/a</link>"
        '<media:content url="javascript:alert(1)"/>'
        '<media:thumbnail url="https://img.news.example/a.jpg"/></item></channel></rss>',
        encoding="utf-8",
    )
    (entry,) = read_feed(FeedConfig(str(feed)), FAST).entries
    assert entry.image == "https://img.news.example/a.jpg"
