"""Is the article Korean? blogwire's analyzer and polite-style converter only read Korean.

An English or Japanese page run through kiwipiepy yields no sentence that can be put
in polite style, and the user would be told the article is "too short"; worse, a
page that is mostly another language with a few Korean words could become a post of
fragments. The share of Hangul among the letters says which case it is.
"""

from __future__ import annotations

from blogwire.errors import AnalyzeError
from blogwire.models import Article

# Korean news quotes English names and terms freely (IT articles run ~75% Hangul at the
# lowest); below this share the text is another language with some Korean in it.
MIN_HANGUL_SHARE = 0.3


def hangul_share(text: str) -> float:
    """Hangul syllables and jamo as a share of all letters (0.0 when there are none)."""
    letters = 0
    hangul = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if _is_hangul(ch):
                hangul += 1
    return hangul / letters if letters else 0.0


def require_korean(article: Article) -> None:
    """Raise AnalyzeError naming the article unless its text is mostly Korean."""
    share = hangul_share(article.title + "\n" + article.text)
    if share < MIN_HANGUL_SHARE:
        raise AnalyzeError(
            f"unsupported language: the article is not Korean (Hangul share {share:.0%}, "
            f"blogwire needs at least {MIN_HANGUL_SHARE:.0%})",
            subject=article.origin,
        )


def _is_hangul(ch: str) -> bool:
    code = ord(ch)
    return (
        0xAC00 <= code <= 0xD7A3  # syllables
        or 0x1100 <= code <= 0x11FF  # jamo
        or 0x3130 <= code <= 0x318F  # compatibility jamo
        or 0xA960 <= code <= 0xA97F  # jamo extended-A
        or 0xD7B0 <= code <= 0xD7FF  # jamo extended-B
    )
