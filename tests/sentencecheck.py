"""Body sentences that are not body sentences: a detector independent of the extractor.

`problem(sentence)` names what a sentence holds that no post may open with: a photo
caption or credit ("사진=", "(사진=…제공)", "[연합뉴스]" or "…제공" at its end), a
byline or a reporter's address ("김하늘 기자 외 1명", "/조선DB", "입력 : 2016.09.17"),
or half a quote (`unpaired`). `glued(sentences, html)` finds two blocks of the
page run together: the page is read with a line break at every block element, and a
sentence holding the last characters of one line joined to the first of the next, with
no space between, ran them together ("…관건배달업체…").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence

import lxml.html

_CAPTION = re.compile(
    r"사진\s*=|\(사진\s*[:=]|사진\s*제공|\[사진|사진설명|▲\s*사진|"
    r"(?:^|\s)[\[(]?(?:연합뉴스|연합|뉴스1|뉴시스)[\])]?\s*$|"
    r"[가-힣]\s*제공\s*[\])]?\s*$|/\s*[가-힣A-Za-z]{1,10}(?:DB|기자)\s*$|^\s*/|"
    r"[가-힣]{2,}=(?:뉴스1|연합뉴스|뉴시스)(?![)\w])"
)
# Elements that hold captions, credits and pull-quote attributions in the pages' markup.
_CAPTION_MARKUP = re.compile(r"caption|desc|photo|img|who|quote", re.IGNORECASE)
_CAPTION_CHUNK = 12
_BYLINE = re.compile(
    r"[가-힣]{2,4}\s?(?:기자|특파원|통신원)\s*(?:외\s*\d+\s*명)?\s*"
    r"(?:[\w.+-]+@[\w.-]+)?\s*[\]>)]?\s*$|"
    r"^[\[<(]?\s*[가-힣]{2,4}\s?(?:기자|특파원)\s*(?:외|[\w.+-]+@|[\]>)])|"
    r"입력\s*:\s*\d{4}|기사문의|제보\s*:|[\w.+-]+@[\w-]+\.[\w.]+"
)
# The elements a browser lays out as blocks of their own.
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ]
)
# Naver's subtitle is inline markup that the page's CSS shows as a block.
_BLOCK_CLASSES = re.compile(r"media_end_summary")
_JUNCTION = 4  # characters each side of a block boundary


def problem(sentence: str) -> str | None:
    if _CAPTION.search(sentence):
        return "caption"
    if _BYLINE.search(sentence):
        return "byline"
    return None


def unpaired(paragraph: Sequence[str]) -> list[str]:
    """The sentences of one paragraph that hold half a quote: a closing mark never opened,
    or an opening mark that no later sentence of the paragraph closes. (A quote of several
    sentences is split into sentences; the run of them is whole when its marks pair.)"""
    out: list[str] = []
    run: list[str] = []
    depth = 0
    for sentence in paragraph:
        for ch in sentence:
            depth += {"“": 1, "”": -1}.get(ch, 0)
            if depth < 0:
                out.append(sentence)
                depth = 0
        run.append(sentence)
        if not depth:
            run = []
    out += run
    straight = [s for s in paragraph if '"' in s]
    if sum(s.count('"') for s in straight) % 2:
        out += straight
    return out


def _tree(html: str) -> lxml.html.HtmlElement:
    tree = lxml.html.fromstring(html)
    for bad in list(tree.iter("script", "style", "noscript", "template", "head")):
        bad.drop_tree()
    return tree


def captions(html: str) -> list[str]:
    """The beginnings of the page's caption texts (figcaption, elements whose class
    names a caption, a photo or a quote's source) that the rest of the page never says."""
    tree = _tree(html)
    found = [
        el
        for el in tree.iter()
        if isinstance(el.tag, str)
        and (el.tag == "figcaption" or _CAPTION_MARKUP.search(el.get("class", "")))
    ]
    texts = [re.sub(r"\s+", " ", el.text_content()).strip() for el in found]
    for el in found:
        if el.getparent() is not None:
            el.drop_tree()
    rest = "\n".join(_lines(tree))
    chunks = {t[:_CAPTION_CHUNK] for t in texts if len(t) >= _CAPTION_CHUNK}
    return [c for c in chunks if c not in rest and re.search("[가-힣]", c)]


def page_lines(html: str) -> list[str]:
    """The page's visible text, one line per block as a browser lays it out."""
    return _lines(_tree(html))


def _lines(tree: lxml.html.HtmlElement) -> list[str]:
    pieces: list[str] = []

    def walk(element: lxml.html.HtmlElement) -> None:
        block = element.tag in _BLOCK_TAGS or bool(_BLOCK_CLASSES.search(element.get("class", "")))
        if block:
            pieces.append("\n")
        pieces.append(element.text or "")
        for child in element:
            if isinstance(child.tag, str):
                walk(child)
            else:
                pieces.append(child.tail or "")
        if block:
            pieces.append("\n")
        pieces.append(element.tail or "")

    walk(tree)
    lines = (re.sub(r"\s+", " ", line).strip() for line in "".join(pieces).split("\n"))
    return [line for line in lines if line]


def glued(sentences: Iterable[str], html: str) -> list[tuple[str, str]]:
    """(junction, sentence) for every sentence that runs two of the page's blocks together."""
    lines = page_lines(html)
    joined = "\n".join(lines)
    junctions = {
        a[-_JUNCTION:] + b[:_JUNCTION]
        for a, b in itertools.pairwise(lines)
        if len(a) >= _JUNCTION and len(b) >= _JUNCTION and re.search("[가-힣]", a[-2:] + b[:2])
    }
    # a junction also found inside one block is text the page itself runs together
    junctions = {j for j in junctions if j not in joined}
    return [(j, s) for s in sentences for j in junctions if j in s]


def dirty(paragraphs: Sequence[Sequence[str]], html: str | None) -> list[tuple[str, str]]:
    """(what, sentence) for every sentence the detector flags; `paragraphs` holds the
    sentences of each paragraph."""
    sentences = [s for paragraph in paragraphs for s in paragraph]
    out = [(what, s) for s in sentences if (what := problem(s))]
    out += [("half a quote", s) for p in paragraphs for s in unpaired(p)]
    if html is not None:
        out += [(f"caption {c!r}", s) for c in captions(html) for s in sentences if c in s]
        out += [(f"glued {j!r}", s) for j, s in glued(sentences, html)]
    return out
