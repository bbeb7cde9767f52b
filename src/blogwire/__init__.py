"""blogwire: turn Korean news into publish-ready blog posts, offline.

Public API (the same code the posts use):

- ``summarize(sentences, k, title=None) -> list[int]``: indices of the k sentences
  that best summarize an already-split article, in source order.
- ``to_polite(sentence) -> str``: a news sentence (해라체) in polite blog style (합쇼체).
- ``check_facts(text, source) -> list[Problem]``: what `text` claims that the article
  `source` does not support (each `Problem` has `kind`, `span`, `message`); empty
  when every claim is supported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "check_facts", "summarize", "to_polite"]

if TYPE_CHECKING:
    from blogwire.analyze.style import to_polite
    from blogwire.analyze.summarize import summarize
    from blogwire.llm.claims import check_facts


def __getattr__(name: str) -> Any:
    # Lazy, so `import blogwire` (and `blogwire --help`) never loads the Korean model.
    if name == "summarize":
        from blogwire.analyze.summarize import summarize

        return summarize
    if name == "to_polite":
        from blogwire.analyze.style import to_polite

        return to_polite
    if name == "check_facts":
        from blogwire.llm.claims import check_facts

        return check_facts
    raise AttributeError(f"module 'blogwire' has no attribute {name!r}")
