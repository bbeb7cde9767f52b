"""The page tree trafilatura works on, made cheaper for it without changing what it finds.

`parse_page` is `trafilatura.load_html` for a decoded page, step by step, with a parser
whose element classes come from lxml's C lookup: lxml.html's own lookup is a Python call
for every element object lxml creates, and trafilatura's tree walks create thousands a
page (~0.5 ms of the ~10 ms it takes). The trees are the same; only the classes of
<form>, <input>, <select>, <textarea> and <label> differ (plain HtmlElement), whose extra
properties neither trafilatura nor htmldate reads.

`drop_cleaned` removes, in place, the subtrees trafilatura's `tree_cleaning` deletes from
its copy of the page anyway (scripts, head, svg, iframes, footers...), so that the raw-tree
prunes, the copies and the cleaning walk fewer elements (~1.2 ms a page).
tests/extract/test_tree.py holds both to trafilatura's own results on the real and demo
pages and on pages made to trip them, so a trafilatura whose internals change is noticed.
"""

from __future__ import annotations

import logging
import re

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

try:
    from trafilatura.settings import MANUALLY_CLEANED
    from trafilatura.utils import is_dubious_html, repair_faulty_html
    from trafilatura.xml import delete_element

    _OWN_STEPS = True
except ImportError:  # pragma: no cover - a trafilatura whose internals moved
    _OWN_STEPS = False

LOGGER = logging.getLogger(__name__)

# trafilatura.utils.HTML_PARSER's options, with element classes looked up in C.
_PARSER = lxml.html.HTMLParser(
    collect_ids=False,
    default_doctype=False,  # type: ignore[call-arg]  # lxml-stubs lag lxml
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
)
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )
)


def parse_page(html: str) -> HtmlElement | None:
    """The page as `trafilatura.load_html(html)` parses it; None when it is not HTML."""
    if not _OWN_STEPS:  # pragma: no cover
        import trafilatura

        return trafilatura.load_html(html)
    beginning = html[:50].lower()
    dubious = is_dubious_html(beginning)
    html = repair_faulty_html(html, beginning)
    tree: HtmlElement | None = None
    from_bytes = False
    try:
        tree = lxml.html.fromstring(html, parser=_PARSER)
    except ValueError:  # "Unicode strings with encoding declaration are not supported"
        tree, from_bytes = _parse_bytes(html), True
    except Exception as exc:  # as trafilatura: a failed parse is retried from bytes
        LOGGER.debug("lxml parsing failed: %s", exc)
    if (tree is None or len(tree) < 1) and not from_bytes:
        tree = _parse_bytes(html)
    if tree is not None and dubious and len(tree) < 2:
        return None  # no <html> in sight and a single block: not an HTML page
    return tree


def _parse_bytes(html: str) -> HtmlElement | None:
    try:
        return lxml.html.fromstring(html.encode("utf8", "surrogatepass"), parser=_PARSER)
    except Exception as exc:  # lxml raises assorted errors on broken markup
        LOGGER.debug("lxml parsing of bytes failed: %s", exc)
        return None


# What tree_cleaning deletes with blogwire's options (tables off, images off). <form> is
# left alone (trafilatura keeps a form holding most of the page's text) and so is <math>
# (trafilatura first turns it into LaTeX that outlives the element).
_CLEANED: tuple[str, ...] = (
    (*(tag for tag in MANUALLY_CLEANED if tag not in {"form", "math"}), "table", "td", "th", "tr")
    if _OWN_STEPS
    else ()
)


def drop_cleaned(tree: HtmlElement) -> None:
    """Delete in place, tail text kept, the subtrees trafilatura's tree_cleaning would delete.

    Read the page's metadata first: this takes its <head> and scripts. Not removed, so
    trafilatura sees them as before: JSON-LD scripts (its forum-page test reads them),
    <h1> (its raw-tree prune keeps a container holding one), <math> and whatever holds
    one of them. Nor any element of a tag found nested in itself: tree_cleaning's deletion
    loop stops at the first such element (lxml's iterator walks into the subtree just
    removed), so later ones survive, and removing one up front would change which.
    Deletions keeping tails commute, so tree_cleaning's result is the same either way.
    """
    if not _CLEANED:  # pragma: no cover
        return
    found = list(tree.iter(*_CLEANED))
    if not found:
        return
    nested = {el.tag for el in found if next(el.iterancestors(el.tag), None) is not None}
    anchors = [el for el in found if el.tag in nested]
    anchors += [
        el
        for el in tree.iter("h1", "math", "script")
        if el.tag != "script" or el.get("type") == "application/ld+json"
    ]
    kept: set[HtmlElement] = set(anchors)
    for anchor in anchors:
        kept.update(anchor.iterancestors())
    for element in found:
        if element not in kept:
            # an element already gone with its ancestor is unlinked from a detached subtree
            delete_element(element)


# -- photo captions and blocks --------------------------------------------------------
#
# trafilatura reads a page's text as a browser's reader mode would, but it does not know
# the outlets' CSS: Naver's <strong class="media_end_summary"> subtitle is a block on the
# page and inline in the markup, and its photo boxes (<span class="end_photo_org"> holding
# the image and an <em class="img_desc"> caption) sit between the subtitle and the first
# paragraph with no break. The subtitle, the caption and the lead then came out as one
# line, and one "sentence" ("…관건배달업체 리뷰에…고발 사진.“곱이라고…") opened a post.

# A photo box: an element of one of these classes holding an image and a caption only.
_PHOTO_BOX = re.compile(r"photo|img|image|pic|figure|thumb|end_photo_org|editor-img", re.IGNORECASE)
# Captions and credit lines wherever they are (Naver img_desc, Daum txt_caption, the
# outlets' caption/desc divs), and a pull quote's attribution line.
_CAPTION_CLASS = re.compile(
    r"(?:^|[\s_-])(?:img_desc|txt_caption|caption|photo_?desc|img_?caption|photo_?caption|"
    r"pullquote|pull-quote|module-quote)(?:$|[\s_-])",
    re.IGNORECASE,
)
# Subtitle lines marked up inline (Naver's summary) that a page shows as their own block.
_SUBTITLE_CLASS = re.compile(r"media_end_summary|sub_?title|sub-tit", re.IGNORECASE)
# A photo box holds a caption, never a story: a longer text is not dropped with it.
PHOTO_BOX_MAX_CHARS = 400


def separate_blocks(tree: HtmlElement) -> None:
    """Empty photo boxes and captions of their text, end every subtitle with a break.

    Read the page's metadata first (an og:image's caption is not needed, but the page's
    own <figure> may be what trafilatura's metadata reads). Each emptied element is followed
    by a <br>, so the text before and after it never runs together.
    """
    found = [
        element
        for element in tree.iter()
        if isinstance(element.tag, str)
        and element.tag != "img"
        and (element.tag == "figcaption" or _is_caption(element))
    ]
    inside = set(found)
    # a caption inside a photo box goes with the box
    doomed = [e for e in found if not any(a in inside for a in e.iterancestors())]
    for element in doomed:
        _silence(element)
    for element in tree.iter("strong", "b", "h2", "h3", "h4", "div", "p", "span"):
        if _SUBTITLE_CLASS.search(element.get("class", "")) and element.getparent() is not None:
            _break_after(element)


def _is_caption(element: HtmlElement) -> bool:
    classes = element.get("class")
    if element.tag != "figure":
        if not classes:
            return False
        if _CAPTION_CLASS.search(classes):
            return True
        if not _PHOTO_BOX.search(classes) or next(element.iter("img"), None) is None:
            return False
    # a box of images alone is left as it is: only a caption needs to go
    text = element.text_content()
    return bool(text.strip()) and len(text) <= PHOTO_BOX_MAX_CHARS


def _silence(element: HtmlElement) -> None:
    """Empty a caption or photo box of its text and end it with a break. The elements
    stay: trafilatura's choice of the body reads the page's structure, and on Naver's
    pages a photo box taken out loses the subtitle beside it."""
    element.text = None
    for inner in element.iterdescendants():
        inner.text = inner.tail = None
    _break_after(element)


def _break_after(element: HtmlElement) -> None:
    parent = element.getparent()
    if parent is None:
        return
    br = lxml.html.Element("br")
    br.tail, element.tail = element.tail, None
    element.addnext(br)
