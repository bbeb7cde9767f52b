"""Validate a post file against the post format (the seed shape plus source credit)."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import yaml

from blogwire.errors import SourceError
from blogwire.render.seed import FRONT_MATTER_KEYS, SPACER
from blogwire.settings import PostSettings
from blogwire.sources.files import read_limited

_ALLOWED = {
    "p": {"data-ke-size", "data-blogwire"},
    "img": {"src", "alt"},
    "h2": {"data-ke-size"},
    "b": set(),
    "span": {"style"},
    "a": {"href", "rel", "target"},
}
_HIGHLIGHT = re.compile(
    r'<b><span style="((?:background-)?color: #[0-9a-fA-F]{6}(?:[0-9a-fA-F]{2})?);">'
    r"(.+?)</span></b>",
    re.S,
)
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’")
_POLITE_END = re.compile(r"(니다|니까|요|죠)\s*[.!?…]*[”’\"')]*$")  # "했습니다 ." too
# a "sentence" of quoted speech alone ("“…”.") has no narration to judge
_ONLY_QUOTE = re.compile(r"^(“…”[\s.!?…,]*)+$")
_HANGUL_END = re.compile(r"[가-힣]$")


@dataclass(frozen=True, slots=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def check_file(
    path: Path, settings: PostSettings, *, max_bytes: int, require_source: bool = True
) -> list[str]:
    """`check_post` of a post file, or the one reason it cannot be read; one line each.
    The file is read as every outside file is (`read_limited`: regular files only,
    `fetch.max_bytes` counted while reading)."""
    where = str(path)
    try:
        text = read_limited(path, max_bytes, what="file").decode("utf-8")
    except SourceError as exc:
        return [f"{where}: {exc.message}"]
    except UnicodeDecodeError:
        return [f"{where}: not UTF-8"]
    return [str(p) for p in check_post(text, where, settings, require_source=require_source)]


def check_post(
    text: str, where: str, settings: PostSettings, *, require_source: bool = True
) -> list[Problem]:
    problems: list[str] = []
    if text.startswith("\ufeff"):
        problems.append("file starts with a byte-order mark")
    if "\r" in text:
        problems.append("file has CR line ends (expected \\n)")
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if not match:
        return [Problem(where, "no front matter between '---' lines")]
    raw_front, body = match.group(1), text[match.end() :]
    front = _check_front_matter(raw_front, problems)
    _check_body(body, front, settings, problems, require_source)
    return [Problem(where, p) for p in problems]


def _check_front_matter(raw: str, problems: list[str]) -> dict[str, object]:
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        problems.append(f"front matter is not valid YAML: {' '.join(str(exc).split())}")
        return {}
    except RecursionError:  # PyYAML recurses once per nesting level: "[[[[…" from a stranger
        problems.append("front matter is not valid YAML: nested too deeply")
        return {}
    if not isinstance(data, dict):
        problems.append("front matter is not a mapping")
        return {}
    keys = [k for k in data if k in FRONT_MATTER_KEYS]
    missing = [k for k in FRONT_MATTER_KEYS if k not in data]
    if missing:
        problems.append(f"front matter lacks {', '.join(missing)}")
    elif keys != list(FRONT_MATTER_KEYS):
        problems.append(f"front matter keys out of order: {', '.join(keys)}")
    title = data.get("title")
    if not isinstance(title, str) or not title.strip() or "\n" in title:
        problems.append("title must be one non-empty line")
    categories = data.get("categories")
    if (
        not isinstance(categories, list)
        or not categories
        or not all(isinstance(c, str) and c for c in categories)
    ):
        problems.append("categories must be a non-empty list of names")
    elif not re.search(r"^categories:\n(  - .+\n?)+", raw + "\n", re.M):
        problems.append("categories must be a block list indented by two spaces")
    excerpt = data.get("excerpt")
    if not re.search(r"^excerpt: >\n  \S", raw, re.M):
        problems.append("excerpt must be a folded scalar ('excerpt: >')")
    if not isinstance(excerpt, str) or not 60 <= len(excerpt.strip()) <= 400:
        problems.append("excerpt must be about 150-250 characters")
    if data.get("feature_text") != excerpt:
        problems.append("feature_text must equal excerpt")
    texts = {"title": title, "excerpt": excerpt, "categories": categories}
    for key, value in texts.items():
        if any("<" in v or ">" in v for v in _strings(value)):
            problems.append(f"{key} holds raw '<' or '>' (themes print it as markup)")
    image = data.get("image")
    if not isinstance(image, str) or not re.match(r"https?://", image):
        problems.append("image must be an http(s) URL")
    elif re.search(r"[\s\"'<>\\`{}]", image):
        # themes print page.image raw into an attribute: nothing here may end it
        problems.append("image URL must not hold spaces, quotes, <, >, backslashes, ` or braces")
    elif not re.search(r"^image: '", raw, re.M):
        problems.append("image must be single-quoted")
    return data


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _check_body(
    body: str,
    front: dict[str, object],
    settings: PostSettings,
    problems: list[str],
    require_source: bool,
) -> None:
    _check_markup(body, problems)
    if "{{" in body or "{%" in body:
        problems.append("body holds a Liquid tag ('{{' or '{%') that Jekyll would run")
    blocks = [b for b in body.strip().split("\n\n") if b.strip()]
    if not blocks:
        problems.append("body is empty")
        return
    last_lines = blocks[-1].split("\n")
    footer = last_lines[-1]
    blocks[-1] = "\n".join(last_lines[:-1])
    if not blocks[-1].strip():
        blocks.pop()
    if "<a href=" not in footer or footer.startswith("<p"):
        problems.append("last line must be the footer link, outside a <p>")
    image = front.get("image")
    if not blocks or not re.fullmatch(r'<p><img src="[^"]+" alt="[^"]*" /></p>', blocks[0]):
        problems.append("body must start with <p><img src=… alt=… /></p>")
    elif isinstance(image, str) and f'src="{_attr(image)}"' not in blocks[0]:
        problems.append("body image differs from the front matter image")
    if len(blocks) < 2 or not re.fullmatch(r'<h2 data-ke-size="size26">[^<]+</h2>', blocks[1]):
        problems.append('second block must be <h2 data-ke-size="size26">headline</h2>')
    rest = blocks[2:]
    if rest and rest[-1].startswith('<p data-blogwire="source">'):
        credit = rest.pop()
        if "<a href=" not in credit and require_source:
            problems.append("source credit has no link to the original article")
    elif require_source:
        problems.append('no source credit line (<p data-blogwire="source">)')
    _check_content(rest, settings, problems)


def _check_content(blocks: list[str], settings: PostSettings, problems: list[str]) -> None:
    # spacer, intro, (spacer, title, body)*, spacer, conclusion
    if len(blocks) < 2 or blocks[0] != SPACER:
        problems.append("a spacer must follow the headline")
        return
    groups: list[list[str]] = []
    for block in blocks[1:]:
        if block == SPACER:
            groups.append([])
        elif groups:
            groups[-1].append(block)
        else:
            groups.append([block])
    if len(groups) < 2:
        problems.append("body needs an intro, sections and a conclusion separated by spacers")
        return
    intro, *sections, conclusion = groups
    if len(intro) != 1 or _red_count(intro[0], settings) < 1:
        problems.append("intro must be one <p> with a red highlight")
    elif "이번 글에서는" not in intro[0]:
        problems.append("intro must announce the post ('이번 글에서는 …')")
    if not settings.min_sections <= len(sections) <= settings.max_sections:
        problems.append(
            f"post has {len(sections)} sections, expected "
            f"{settings.min_sections}-{settings.max_sections}"
        )
    for number, section in enumerate(sections, 1):
        _check_section(number, section, settings, problems)
    if len(conclusion) != 1 or not conclusion[0].startswith("<p>결론적으로,"):
        problems.append("conclusion must be one <p> beginning '결론적으로,'")
    elif _red_count(conclusion[0], settings) < 1:
        problems.append("conclusion must have a red highlight")


def _check_section(
    number: int, section: list[str], settings: PostSettings, problems: list[str]
) -> None:
    if len(section) != 2:
        problems.append(f"section {number} must be a title <p> and a body <p>")
        return
    title, body = section
    if not re.fullmatch(r"<p>[^<>]{1,40}</p>", title):
        problems.append(f"section {number} title must be a short plain-text <p>")
    highlights = _HIGHLIGHT.findall(body)
    if len(highlights) != 1:
        problems.append(
            f"section {number} body must have exactly one highlight, has {len(highlights)}"
        )
        return
    expected = (
        f"color: {settings.blue}" if number % 2 == 1 else f"background-color: {settings.tint}"
    )
    if highlights[0][0] != expected:
        problems.append(f"section {number} highlight must be '{expected}'")
    # quoted speech keeps the speaker's own style, so only narration is judged
    narration = _QUOTED.sub("“…”", _strip_tags(body))
    sentences = _narration_sentences(narration)
    polite = sum(1 for s in sentences if _POLITE_END.search(s.strip()))
    if sentences and polite / len(sentences) < 0.7:
        problems.append(f"section {number} is not in polite style (~습니다)")


def _narration_sentences(narration: str) -> list[str]:
    """Sentences of narration: a period after a Latin word, a number or a symbol ("Inc.",
    "U.S.", "3%.", a stray "..") does not end a Korean sentence, so that piece joins
    the next; a sentence of quoted speech alone has no narration to judge."""
    out: list[str] = []
    carry = ""
    for piece in re.split(r"(?<=[.!?])\s+", narration):
        text = f"{carry} {piece}".strip()
        if not text:
            continue
        core = text.rstrip(".!?…”’\"') ")
        if not _HANGUL_END.search(core) and not _ONLY_QUOTE.match(text):
            carry = text
            continue
        carry = ""
        out.append(text)
    if re.search(r"[가-힣]", carry):
        out.append(carry)
    return [s for s in out if not _ONLY_QUOTE.match(s)]


def _red_count(block: str, settings: PostSettings) -> int:
    return sum(1 for style, _ in _HIGHLIGHT.findall(block) if style == f"color: {settings.red}")


def _strip_tags(html_text: str) -> str:
    return re.sub(r"<[^>]+>", "", html_text)


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;")


# -- reuse of the source (`check --source`) ----------------------------------------

REUSE_RUN = 10  # characters in a row that count as reprinted
REUSE_ENDING = 6  # a sentence reprinted up to its last few characters counts whole
BRIEF_REUSE_CHARS = 400  # what a brief may reprint whatever the share
_SOURCE_SENTENCE = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True, slots=True)
class Reuse:
    """How much of its source a post reprints, in characters without spaces."""

    used: int
    total: int

    @property
    def share(self) -> float:
        return self.used / self.total if self.total else 0.0

    def within(self, max_share: float) -> bool:
        return self.share <= max_share or self.used <= BRIEF_REUSE_CHARS

    def __str__(self) -> str:
        return f"reuses {self.share:.0%} of the source, {self.used} of {self.total} characters"


def post_reuse(post_text: str, paragraphs: Sequence[str]) -> Reuse:
    """How much of the article (`paragraphs`) the post file's excerpt and body reprint:
    each source character inside a run of REUSE_RUN characters the post also has
    (spaces aside), a source sentence reprinted up to its ending counted whole, so a
    reprint with polite endings ("했다" -> "했습니다") is still a reprint."""
    said = re.sub(r"\s+", "", _reader_text(post_text))
    runs = {said[i : i + REUSE_RUN] for i in range(len(said) - REUSE_RUN + 1)}
    used = total = 0
    seen: set[str] = set()
    for paragraph in paragraphs:
        for sentence in _SOURCE_SENTENCE.split(paragraph):
            text = re.sub(r"\s+", "", sentence)
            if text in seen:
                continue  # a sentence the page repeats is one sentence
            seen.add(text)
            mask = [False] * len(text)
            for i in range(len(text) - REUSE_RUN + 1):
                if text[i : i + REUSE_RUN] in runs:
                    mask[i : i + REUSE_RUN] = [True] * REUSE_RUN
            last = max((i for i, hit in enumerate(mask) if hit), default=-1)
            tail = len(text) - 1 - last
            used += sum(mask) + (tail if last >= 0 and tail <= REUSE_ENDING else 0)
            total += len(text)
    return Reuse(used, total)


def _reader_text(post_text: str) -> str:
    """The excerpt and the body a reader reads, without markup, the source credit or
    the footer."""
    match = re.match(r"\ufeff?---\n(.*?)\n---\n", post_text.replace("\r\n", "\n"), re.S)
    if not match:
        return html.unescape(_strip_tags(post_text))
    try:
        front = yaml.safe_load(match.group(1))
    except (yaml.YAMLError, RecursionError):
        front = None
    excerpt = front.get("excerpt") if isinstance(front, dict) else None
    body = post_text[match.end() :].split('<p data-blogwire="source">', 1)[0]
    body = body.strip().rsplit("\n", 1)[0] if "<p data-blogwire" not in post_text else body
    text = html.unescape(_strip_tags(body))
    return f"{excerpt if isinstance(excerpt, str) else ''}\n{text}"


class _MarkupScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        allowed = _ALLOWED.get(tag)
        if allowed is None:
            self.problems.append(f"tag <{tag}> is not allowed in a post")
            return
        for name, value in attrs:
            if name not in allowed:
                self.problems.append(f"attribute {name} on <{tag}> is not allowed")
            if (
                name in {"href", "src"}
                and value
                and not re.match(r"https?://", value.strip(), re.I)
            ):
                self.problems.append(f"{name} on <{tag}> must be an http(s) URL")


def _check_markup(body: str, problems: list[str]) -> None:
    scanner = _MarkupScanner()
    scanner.feed(body)
    scanner.close()
    problems.extend(dict.fromkeys(scanner.problems))
