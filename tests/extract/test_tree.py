"""The page tree trafilatura is given: parse_page is trafilatura's own parse, and
drop_cleaned removes only what trafilatura's cleaning deletes anyway, so that neither
changes what trafilatura extracts (blogwire.extract.tree)."""

from __future__ import annotations

from copy import copy
from pathlib import Path

import lxml.html
import pytest
import trafilatura
from trafilatura.htmlprocessing import prune_unwanted_nodes, tree_cleaning
from trafilatura.settings import Extractor
from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

import blogwire.extract.html as html_module
from blogwire.demo import demo_pages
from blogwire.extract import tree as tree_module
from blogwire.extract.tree import drop_cleaned, parse_page

BODY = "<p>" + "가람시가 내년 1월부터 시내버스 기본요금을 150원 올린다. " * 6 + "</p>"
ODD_INPUTS = {
    "empty": "",
    "text": "plain text, no markup",
    "one block": "<p>one block</p>",
    "fragment": "<p>a</p><p>b</p>",
    "xml declaration": '<?xml version="1.0" encoding="utf-8"?><html><body><p>x</p></body></html>',
    "doctype": '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "x.dtd">\n<html><body><p>x</p></body></html>',
    "self-closing html": "<html/>\n<body><p>x</p></body>",
    "control characters": "<html><body>\x00\x01<p>x\ufffe</p></body></html>",
    "lone surrogate": "\ud800<html><body><p>x</p></body></html>",
    "cleaned root": "<aside><script>x</script><p>y</p></aside>",
}
# Pages where what trafilatura's cleaning deletes matters to what it does before it.
TRICKY_PAGES = {
    # tree_cleaning's loop stops at an <aside> holding another: the last one survives
    "nested asides": "<html><body><aside><aside>a</aside></aside>"
    f"<article>{BODY}</article><aside><p>{BODY}</p></aside></body></html>",
    # the raw-tree prune keeps an infinite-scroll container holding an <h1>
    "h1 in a footer": "<html><body><div class='infinite-scroll'>"
    f"<footer><h1>제목</h1></footer>{BODY}</div></body></html>",
    # a forum page (JSON-LD) keeps its comment containers as content
    "forum": '<html><head><script type="application/ld+json">{"@type": "DiscussionForumPosting"}'
    "</script><script>var x = 1;</script></head><body><article>"
    f"{BODY}<dl class='comments'><dt>답글</dt><dd>{BODY}</dd></dl></article></body></html>",
    "math": "<html><body><article><figure><math alttext='x^2'></math>그림</figure>"
    f"<p>식 <math alttext='y+1'></math> 끝</p>{BODY}</article></body></html>",
    "form wrapper": f"<html><body><form id='aspnetForm'><nav>메뉴</nav>{BODY}{BODY}</form></body></html>",
    "tables": f"<html><body><table><tr><td><table><tr><td>{BODY}</td></tr></table></td></tr></table>"
    f"<div>{BODY}<iframe></iframe>꼬리<noscript><img src='a.png'></noscript></div></body></html>",
    "template": f"<html><body><template><script>x</script>본문 {BODY}</template></body></html>",
}


def _pages(real_pages: list[Path]) -> dict[str, str]:
    # ODD_INPUTS and TRICKY_PAGES alone would keep the loops below going: the pages
    # these tests are about must be there too
    assert real_pages, "no real outlet pages to compare on"
    assert demo_pages(), "no bundled demo pages to compare on"
    pages = {page.name: page.read_text(encoding="utf-8") for page in real_pages}
    pages |= {page.name: page.read_text(encoding="utf-8") for page in demo_pages()}
    return pages | TRICKY_PAGES


def _serialized(tree: lxml.html.HtmlElement | None) -> bytes | None:
    return None if tree is None else lxml.html.tostring(tree)


def _cleaned(tree: lxml.html.HtmlElement) -> bytes:
    """The tree trafilatura's fast, precise pass extracts from, before its tag conversion."""
    options = Extractor(fast=True, precision=True, comments=False, tables=False)
    pruned = prune_unwanted_nodes(copy(tree), RAW_TREE_PRUNE_XPATH)
    pruned = prune_unwanted_nodes(pruned, REMOVE_COMMENTS_AND_LISTS_XPATH)
    return lxml.html.tostring(tree_cleaning(pruned, options))


def test_the_own_steps_are_used_with_this_trafilatura() -> None:
    # if trafilatura's internals moved, the page is parsed by trafilatura.load_html and
    # nothing is dropped up front (correct, ~1.7 ms a page slower): this says so
    assert tree_module._OWN_STEPS
    assert "script" in tree_module._CLEANED


def test_parse_page_is_trafilaturas_parse(real_pages: list[Path]) -> None:
    for name, page in (_pages(real_pages) | ODD_INPUTS).items():
        ours, theirs = parse_page(page), trafilatura.load_html(page)
        assert _serialized(ours) == _serialized(theirs), name
        assert ours is None or isinstance(ours, lxml.html.HtmlElement), name


def test_dropping_what_trafilatura_cleans_changes_nothing_it_extracts(
    real_pages: list[Path],
) -> None:
    for name, page in (_pages(real_pages) | ODD_INPUTS).items():
        whole = trafilatura.load_html(page)
        if whole is None:
            continue
        dropped = copy(whole)
        drop_cleaned(dropped)
        assert _cleaned(dropped) == _cleaned(whole), name
        # the fast pass only: the full cascade's readability reads the raw page, and
        # extract_html gives it the page parsed again
        fast_text = html_module._text(whole, None, name, fast=True)
        assert html_module._text(dropped, None, name, fast=True) == fast_text, name


@pytest.mark.parametrize("name", ["nested asides", "h1 in a footer", "forum", "math"])
def test_what_trafilatura_reads_before_cleaning_is_kept(name: str) -> None:
    tree = parse_page(TRICKY_PAGES[name])
    assert tree is not None
    drop_cleaned(tree)
    kept = {element.tag for element in tree.iter()}
    expected = {"nested asides": "aside", "h1 in a footer": "h1", "forum": "script", "math": "math"}
    assert expected[name] in kept
