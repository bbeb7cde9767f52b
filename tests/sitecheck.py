"""Reading a built site in tests: the post files it came from, its pages, and a strict
check of each page's HTML structure."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import yaml

SITE_URL = "http://localhost:4000"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass(frozen=True)
class SourcePost:
    """A post file as the pipeline wrote it, with what the built site must show of it."""

    file: Path
    title: str
    image: str
    categories: tuple[str, ...]
    credit_url: str

    @property
    def url(self) -> str:
        year, month, day, slug = self.file.stem.split("-", 3)
        return f"/{year}/{month}/{day}/{slug}/"


def source_posts(site: Path) -> list[SourcePost]:
    posts = []
    for file in sorted((site / "_posts").glob("*.md")):
        text = file.read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("---\n")[1])
        credit = re.search(r'data-blogwire="source">.*?<a href="([^"]+)"', text)
        assert credit, file
        posts.append(
            SourcePost(
                file,
                front["title"],
                front["image"],
                tuple(front["categories"]),
                html.unescape(credit[1]),
            )
        )
    return posts


def page(out: Path, url: str) -> lxml.html.HtmlElement:
    path = urlsplit(url).path
    return lxml.html.fromstring((out / unquote(path).lstrip("/") / "index.html").read_bytes())


def html_pages(out: Path) -> Iterator[Path]:
    yield from sorted(out.rglob("*.html"))


def page_url(out: Path, file: Path) -> str:
    """The absolute URL a built index.html is served at."""
    folder = file.parent.relative_to(out).as_posix()
    return SITE_URL + "/" + (f"{folder}/" if folder != "." else "")


def find(tree: lxml.html.HtmlElement, tag: str, css_class: str = "") -> list[lxml.html.HtmlElement]:
    """Descendants by tag and class (lxml's cssselect needs a package we do not use)."""
    if not css_class:
        return list(tree.iter(tag)) if tag != "*" else list(tree.iter())
    test = f"contains(concat(' ', normalize-space(@class), ' '), ' {css_class} ')"
    return list(tree.xpath(f".//{tag}[{test}]"))


def card_links(tree: lxml.html.HtmlElement) -> list[str]:
    return [unquote(a.get("href")) for a in find(tree, "a", "card-link")]


class StrictStructure(HTMLParser):
    """Fails on what a browser would silently repair: a missing or misnested end tag,
    a stray end tag, a second <html>/<head>/<body>/<main>/<h1>, or a missing doctype."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.counts: dict[str, int] = {}
        self.doctype = ""
        self.lang: str | None = None
        self.charset_in_head = False
        self.viewport = False
        self.title = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.counts[tag] = self.counts.get(tag, 0) + 1
        if tag == "html":
            self.lang = values.get("lang")
        if tag == "meta" and "head" in self.stack:
            self.charset_in_head |= (values.get("charset") or "").lower() == "utf-8"
            self.viewport |= values.get("name") == "viewport"
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in VOID, f"self-closed <{tag}/>"
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        assert tag not in VOID, f"end tag for void <{tag}>"
        assert self.stack, f"stray </{tag}>"
        assert self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1]}> (open: {self.stack})"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "title":
            self.title += data


def check_page(text: str) -> None:
    assert re.match(r"<!doctype html>\s*<html", text, re.IGNORECASE), "no <!doctype html> first"
    parser = StrictStructure()
    parser.feed(text)
    parser.close()
    assert not parser.stack, f"unclosed: {parser.stack}"
    assert parser.doctype.lower() == "doctype html"
    for tag in ("html", "head", "body", "title", "main", "h1"):
        assert parser.counts.get(tag) == 1, f"{parser.counts.get(tag, 0)} <{tag}>"
    assert parser.lang == "ko"
    assert parser.charset_in_head and parser.viewport
    assert parser.title.strip()
    assert "script" not in parser.counts  # nothing needs JavaScript to be read
    tree = lxml.html.document_fromstring(text)
    assert [child.tag for child in tree] == ["head", "body"]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
