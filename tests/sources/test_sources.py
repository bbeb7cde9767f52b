"""Sources read files and fetch URLs over real HTTP on 127.0.0.1, decoding Korean right."""

from __future__ import annotations

from pathlib import Path

import pytest

from blogwire.errors import SourceError
from blogwire.settings import FetchSettings
from blogwire.sources import load
from blogwire.sources.charset import decode

from httpserver import Route, closed_port_url, serve

KOREAN = (
    "<html><head><title>한글 기사</title></head><body><p>정부는 22일 발표했다.</p></body></html>"
)


def test_euc_kr_page_without_declaration_decodes() -> None:
    text, encoding = decode(KOREAN.encode("cp949"))
    assert "정부는 22일 발표했다." in text
    assert encoding == "cp949"


def test_declared_meta_charset_wins() -> None:
    page = KOREAN.replace("<head>", '<head><meta charset="euc-kr">')
    text, encoding = decode(page.encode("euc-kr"))
    assert "한글 기사" in text
    assert encoding == "cp949"


def test_utf8_bom_is_removed() -> None:
    text, _ = decode("안녕".encode("utf-8-sig"))
    assert text == "안녕"


def test_file_source_reads_html_and_text(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_bytes(KOREAN.encode("cp949"))
    doc = load(str(page), FetchSettings())
    assert doc.kind == "html" and "발표했다" in doc.text
    note = tmp_path / "b.txt"
    note.write_text("제목\n본문이다.", encoding="utf-8")
    assert load(str(note), FetchSettings()).kind == "text"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.html", None, "no such file"),
        ("empty.txt", b"  \n", "file is empty"),
        ("picture.png", b"\x89PNG", "unsupported file type"),
    ],
)
def test_bad_files_name_the_input(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(SourceError) as info:
        load(str(path), FetchSettings())
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_file_over_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    path.write_bytes(b"<p>" + "가".encode() * 2000 + b"</p>")
    with pytest.raises(SourceError, match="over the 1,000-byte limit"):
        load(str(path), FetchSettings(max_bytes=1000))


def test_http_fetch_decodes_euc_kr_from_header_and_follows_redirect() -> None:
    routes = {
        "/old": Route(status=301, headers={"Location": "/news/1"}),
        "/news/1": Route(
            KOREAN.encode("euc-kr"), headers={"Content-Type": "text/html; charset=EUC-KR"}
        ),
    }
    with serve(routes) as base:
        doc = load(f"{base}/old", FetchSettings())
    assert "정부는 22일 발표했다." in doc.text
    assert doc.url == f"{base}/news/1"
    assert doc.encoding == "cp949"


@pytest.mark.parametrize(
    ("routes", "path", "message"),
    [
        ({"/x": Route(b"gone", status=404)}, "/x", "HTTP 404"),
        ({"/x": Route(b"oops", status=500)}, "/x", "HTTP 500"),
        (
            {"/x": Route(b"a" * 5000, headers={"Content-Type": "text/html"})},
            "/x",
            "over the 1,000-byte limit",
        ),
        ({"/x": Route(status=302, headers={"Location": "/x"})}, "/x", "too many redirects"),
    ],
)
def test_http_errors_name_the_url(routes: dict[str, Route], path: str, message: str) -> None:
    with serve(routes) as base, pytest.raises(SourceError) as info:
        load(base + path, FetchSettings(max_bytes=1000, max_redirects=3, backoff=0.01))
    assert message in str(info.value)
    assert str(info.value).startswith(base + path)


def test_unreachable_url() -> None:
    url = closed_port_url()
    with pytest.raises(SourceError, match="cannot fetch") as info:
        load(url, FetchSettings(timeout=2, backoff=0.01))
    assert str(info.value).startswith(url)
