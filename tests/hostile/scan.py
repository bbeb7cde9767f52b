"""The acceptance scan: nothing unsafe in any file blogwire wrote.

A post (`_posts/`, `_drafts/`), a Tistory export (`tistory/`) or a standalone page
(`html/`) may hold only blogwire's own markup. The scan parses every file as a
browser and Jekyll would and reports:

- a tag outside the format's allowlist (`<script`, `<iframe`, `<style`, `<object`,
  `<svg` … anything a source page carried);
- an event-handler attribute (`on…=`) or a `style` with `url(`/`expression(`;
- a URL attribute (href, src, …) that is not http(s): `javascript:`, `data:`, `file:`;
- in the front matter: raw `<`/`>` in a text value (themes print it unescaped), an
  image that is not http(s);
- in a post body: a Liquid tag (`{{`, `{%`), which Jekyll would run.

The raw text is also searched for `<script`, `<iframe`, `<style`, `<img … on…=`, so a
tag the parser might not see (inside a comment, a broken attribute) is still caught.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import yaml

OUTPUT_FOLDERS = ("_posts", "_drafts", "tistory", "html")

POST_TAGS = frozenset({"p", "img", "h2", "b", "span", "a"})
# the standalone page's own frame around the post body (render/templates/standalone.html.j2)
PAGE_TAGS = POST_TAGS | {"html", "head", "meta", "title", "link", "style", "body", "article", "h1"}
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "poster", "background", "data", "srcset"}
)
URL_METAS = frozenset({"og:image", "og:url", "twitter:image"})  # <meta> whose content is a URL
_RAW = re.compile(
    r"<\s*(script|iframe|style|object|embed|svg|math|form|base)\b|<img\b[^>]*\bon\w+\s*=", re.I
)
_TEMPLATE_STYLE = re.compile(r"<style>\nbody \{ margin: 0 auto;.*?</style>", re.S)
_SCHEME = re.compile(r"^\s*([a-z][a-z0-9+.-]*):", re.I)


def written_files(site: Path) -> Iterator[Path]:
    """Every file blogwire writes posts or exports to, under one site folder."""
    for folder in OUTPUT_FOLDERS:
        root = site / folder
        if root.is_dir():
            yield from sorted(p for p in root.rglob("*") if p.is_file())


def problems(path: Path) -> list[str]:
    """Everything unsafe in one written file ([] when clean)."""
    text = path.read_text(encoding="utf-8")
    found: list[str] = []
    body = text
    page = path.suffix == ".html" and path.parent.name == "html"
    if path.suffix == ".md":
        front, body = _split_front_matter(text, found)
        _check_front(front, found)
        if "{{" in body or "{%" in body:
            found.append("Liquid tag in the body")
    if page:
        # the template's own stylesheet is blogwire's, not a source's: exactly one
        body, count = _TEMPLATE_STYLE.subn("<style></style>", body, count=1)
        if count != 1:
            found.append("standalone page without the template's stylesheet")
    raw = _RAW.search(body.replace("<style></style>", "", 1) if page else body)
    if raw:
        found.append(f"raw markup {raw.group(0)[:40]!r}")
    scanner = _Scanner(PAGE_TAGS if page else POST_TAGS)
    scanner.feed(body)
    scanner.close()
    found.extend(scanner.problems)
    return [f"{path}: {p}" for p in dict.fromkeys(found)]


def _split_front_matter(text: str, found: list[str]) -> tuple[object, str]:
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if not match:
        found.append("no front matter")
        return {}, text
    try:
        return yaml.safe_load(match.group(1)), text[match.end() :]
    except yaml.YAMLError as exc:
        found.append(f"front matter is not YAML: {exc}")
        return {}, text[match.end() :]


def _check_front(front: object, found: list[str]) -> None:
    if not isinstance(front, dict):
        found.append("front matter is not a mapping")
        return
    for key in ("title", "excerpt", "feature_text", "categories"):
        values = front.get(key)
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, str) and ("<" in value or ">" in value):
                found.append(f"raw markup in front matter {key}: {value[:60]!r}")
    image = front.get("image")
    if not isinstance(image, str) or not re.match(r"https?://", image):
        found.append(f"front matter image is not http(s): {image!r}")
    elif any(ch in image for ch in "\"'<> \n"):
        found.append(f"front matter image could break out of an attribute: {image!r}")


class _Scanner(HTMLParser):
    def __init__(self, allowed: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.allowed = allowed
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.allowed:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            if name == "style" and value and re.search(r"url\(|expression\(", value, re.I):
                self.problems.append(f"active style on <{tag}>: {value[:40]!r}")
            if name in URL_ATTRIBUTES and value:
                self._check_url(tag, name, value)
        if tag == "meta":
            meta = dict(attrs)
            if (meta.get("property") or meta.get("name")) in URL_METAS:
                self._check_url(tag, "content", meta.get("content") or "")
            if meta.get("http-equiv"):
                self.problems.append(f"<meta http-equiv={meta['http-equiv']}>")

    def _check_url(self, tag: str, name: str, value: str) -> None:
        # what a browser resolves: entities decoded, tabs/newlines and controls dropped
        url = re.sub(r"[\x00-\x20]", "", html.unescape(value))
        scheme = _SCHEME.match(url)
        if not scheme or scheme.group(1).lower() not in {"http", "https"}:
            self.problems.append(f"{name} on <{tag}> is not an http(s) URL: {value[:40]!r}")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data: str) -> None:
        self.problems.append("an HTML comment (blogwire writes none)")
