"""Is the article Korean? blogwire's analyzer and polite-style converter only read Korean.

An English or Japanese page run through kiwipiepy yields no sentence that can be put
in polite style, and the user would be told the article is "too short"; worse, a
page that is mostly another language with a few Korean words could become a post of
fragments. The share of Hangul among the letters says which case it is.
"""

from __future__ import annotations

import re

from blogwire.errors import AnalyzeError
from blogwire.models import Article

# Korean news quotes English names and terms freely (IT articles run ~75% Hangul at the
# lowest); below this share the text is another language with some Korean in it.
MIN_HANGUL_SHARE = 0.3
_HANGUL = re.compile(
    "[\uac00-\ud7a3"  # syllables
    "\u1100-\u11ff"  # jamo
    "\u3130-\u318f"  # compatibility jamo
    "\ua960-\ua97f"  # jamo extended-A
    "\ud7b0-\ud7ff]+"  # jamo extended-B
)


def hangul_share(text: str) -> float:
    """Hangul syllables and jamo as a share of all letters (0.0 when there are none)."""
    # counted by C loops (map, regex), not a Python loop over every character
    letters = sum(map(str.isalpha, text))
    if not letters:
        return 0.0
    hangul = sum(map(str.isalpha, "".join(_HANGUL.findall(text))))
    return hangul / letters


def require_korean(article: Article) -> None:
    """Raise AnalyzeError naming the article unless its text is mostly Korean."""
    share = hangul_share(article.title + "\n" + article.text)
    if share < MIN_HANGUL_SHARE:
        raise AnalyzeError(
            f"unsupported language: the article is not Korean (Hangul share {share:.0%}, "
            f"blogwire needs at least {MIN_HANGUL_SHARE:.0%})",
            subject=article.origin,
            permanent=True,  # the same text is the same language on every run
        )
