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
from collections.abc import Callable

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
# (Class names are matched lower-cased, by substring: a regular expression took ~2 µs a
# test, and a page has hundreds of them.)
_PHOTO_BOX = ("photo", "img", "image", "pic", "figure", "thumb")
# Captions and credit lines wherever they are (Naver img_desc, Daum txt_caption, the
# outlets' caption/desc divs), and a pull quote with its attribution line.
_CAPTION_CLASS = ("caption", "img_desc", "photo_desc", "photodesc", "pullquote", "pull-quote",
                  "module-quote")  # fmt: skip
# Subtitle lines marked up inline (Naver's summary) that a page shows as their own block.
_SUBTITLE_CLASS = ("media_end_summary", "subtitle", "sub_title", "sub-tit")
_SUBTITLE_TAGS = ("strong", "b", "h2", "h3", "h4")
# A photo box holds a caption, never a story: a longer text is not dropped with it.
PHOTO_BOX_MAX_CHARS = 400
# How far above an image (or a pull quote's <blockquote>) its box may be.
_BOX_LEVELS = 4


def separate_blocks(tree: HtmlElement) -> None:
    """Empty photo boxes and captions of their text, end every subtitle with a break.

    Read the page's metadata first (an og:image's caption is not needed, but the page's
    own <figure> may be what trafilatura's metadata reads). Each emptied element is followed
    by a <br>, so the text before and after it never runs together. Boxes are found
    from the images and quotes up, not by testing every element's class: that took ~9 ms
    a page, as long as trafilatura's own extraction.
    """
    # figcaptions, and Naver's <em class="img_desc"> wherever its image is
    found: list[HtmlElement] = [
        e for e in tree.iter("figcaption", "em") if e.tag == "figcaption" or _has(e, _CAPTION_CLASS)
    ]
    for image in tree.iter("img"):
        box = _box(image, _is_caption)
        if box is not None:
            found.append(box)
    for quote in tree.iter("blockquote"):
        box = _box(quote, lambda e: _has(e, _CAPTION_CLASS))
        if box is not None:
            found.append(box)
    inside = set(found)
    # a caption inside a photo box goes with the box; a box found twice is one box
    doomed = {e for e in found if not any(a in inside for a in e.iterancestors())}
    for element in sorted(doomed, key=found.index):
        _silence(element)
    for element in tree.iter(*_SUBTITLE_TAGS):
        if _has(element, _SUBTITLE_CLASS) and element.getparent() is not None:
            _break_after(element)


def _box(start: HtmlElement, test: Callable[[HtmlElement], bool]) -> HtmlElement | None:
    """The outermost of `start`'s ancestors (up to _BOX_LEVELS) that passes `test`: an
    image's own wrapper may pass, and the caption is beside it in the box around both."""
    box = None
    for level, ancestor in enumerate(start.iterancestors()):
        if level >= _BOX_LEVELS or ancestor.tag in {"body", "html", "article"}:
            break
        if test(ancestor):
            box = ancestor
    return box


def _is_caption(element: HtmlElement) -> bool:
    """A photo box (a <figure>, or an element of a photo box's class) holding an image
    and a short text, or an element of a caption's class."""
    if _has(element, _CAPTION_CLASS):
        return True
    if element.tag != "figure" and not _has(element, _PHOTO_BOX):
        return False
    # a box of images alone is left as it is: only a caption needs to go
    size, blank = 0, True
    for piece in element.itertext():  # stops early in a big container
        size += len(piece)
        blank = blank and not piece.strip()
        if size > PHOTO_BOX_MAX_CHARS:
            return False
    return not blank


def _has(element: HtmlElement, parts: tuple[str, ...]) -> bool:
    classes = element.get("class")
    if not classes:
        return False
    classes = classes.lower()
    return any(part in classes for part in parts)


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
