"""The extraction budget: a page is refused, before trafilatura reads it, when its markup
is more than extraction can read in bounded time.

The 5 MB size cap does not bound CPU time. trafilatura's main loop is quadratic in
the number of small paragraphs (0.4 MB of `<p>`s took 2 s, 1.6 MB 34 s, 4.8 MB over
600 s), and its full pass hands the page to jusText, whose paragraph revision walks
neighbours one by one: 1 MB of nested tables of short cells took 264 s, 220 KB
(18,000 elements) already 11 s. So the page's parsed tree is counted first, which is
cheap (one walk over the tree) and deterministic: the same page
is refused the same way on every machine and every run, and the refusal is permanent
(ExtractError), so a run records the entry as failed and never reads it again.

The limits leave real news pages far inside: the 24 saved pages of 13 outlets in
../shared/data (Naver, Chosun, Donga, Hani, Khan, MK, Hankook...) have at most 2,484
elements and 2 small tables. At the limits extraction takes about a second
(bench/budget.py; 20,000 link paragraphs 2.3 s, 4,000 table cells 0.4 s).

Nesting depth needs no limit of its own: libxml2 stops a tree at 256 levels, and with
the element limit a walk of every element's ancestors stays within 256 x 15,000 steps.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from blogwire.errors import ExtractError

# Elements of the parsed page (tags, comments and processing instructions).
MAX_ELEMENTS = 15_000
# Table cells (td, th): jusText splits a table into a paragraph per cell, and its
# revision of short paragraphs between them is what grows fastest.
MAX_TABLE_CELLS = 3_000
_CELLS = frozenset({"td", "th"})


def check_page(tree: HtmlElement, origin: str) -> None:
    """Raise ExtractError (permanent) naming the count and the limit when the page is
    over the extraction budget. Counting a 5 MB page's elements takes milliseconds."""
    elements = cells = 0
    for element in tree.iter():
        elements += 1
        cells += element.tag in _CELLS
    if elements > MAX_ELEMENTS:
        raise ExtractError(
            f"too much markup to extract: {elements:,} elements (limit {MAX_ELEMENTS:,})",
            subject=origin,
        )
    if cells > MAX_TABLE_CELLS:
        raise ExtractError(
            f"too much markup to extract: {cells:,} table cells (limit {MAX_TABLE_CELLS:,})",
            subject=origin,
        )
