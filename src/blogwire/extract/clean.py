"""Text clean-up shared by the HTML and plain-text extractors."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

# "[이데일리 조민정 기자]", "[헤럴드경제=한지숙 기자]", "(서울=연합뉴스) 홍길동 기자 ="
_LEADING_BYLINE = re.compile(
    r"^\s*(?:\[[^\]]{1,40}(?:기자|특파원|통신원)\]|\([^)]{1,30}=[^)]{1,20}\)\s*[^=]{0,30}?"
    r"(?:기자|특파원)\s*=)\s*"
)
_CONTROL = re.compile(
    r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f"
    r"\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]"
)
# Every Unicode space, line break included: a title or meta value is one line, and a
# stranger's "\n\n" must not split a block of the post (the body is split into lines first).
_SPACES = re.compile(r"\s+")
# Page furniture that extractors sometimes keep: share buttons, copyright, reporter mail.
_BOILERPLATE = re.compile(
    r"(URL이 복사|링크가 복사|무단\s?전재|재배포\s?금지|저작권자\s?[ⓒ©(]|Copyright|ⓒ|©|"
    r"기사제보|구독하기|좋아요\s?\d|[\w.+-]+@[\w-]+\.[\w.]+$)",
    re.I,
)


def clean_text(text: str) -> str:
    """NFC, no control/zero-width/bidi characters, single spaces, one line.

    Idempotent: the characters are removed before NFC, so a zero-width space between
    a letter and its combining mark cannot leave a pair that a second pass composes.
    """
    text = unicodedata.normalize("NFC", _CONTROL.sub("", text))
    return _SPACES.sub(" ", text).strip()


_URL_BREAKS = re.compile(r"[\t\n\r]")
# Characters no valid URL holds raw that could close the attribute a URL sits in, open
# a tag or a Liquid tag; percent-encoded as browsers do. Non-ASCII letters are kept.
_URL_UNSAFE = re.compile(r"[\x00-\x20\x7f\"'<>\\^`{|}]")


def web_url(value: str | None) -> str | None:
    """An http(s) URL from a stranger's page, safe to print in a post; None if it is not one.

    Tabs and line breaks are dropped and the ends stripped, as browsers do; a
    javascript:, data: or file: URL, or one without a host, is refused.
    """
    if not value:
        return None
    url = _URL_BREAKS.sub("", value).strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    return _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m[0].encode()), url)


_INNER_BYLINE = re.compile(r"\[[^\]\[]{1,40}(?:기자|특파원|통신원)\]")


def strip_byline(paragraph: str) -> list[str]:
    """Remove a reporter byline; text glued before it (a subtitle) becomes its own paragraph."""
    paragraph = _LEADING_BYLINE.sub("", paragraph, count=1)
    parts = [part.strip() for part in _INNER_BYLINE.split(paragraph, maxsplit=1)]
    return [part for part in parts if part]


def byline_outlet(text: str) -> str | None:
    """'[헤럴드경제=한지숙 기자]' -> '헤럴드경제'; '[이데일리 조민정 기자]' -> '이데일리'."""
    match = _INNER_BYLINE.search(text)
    if not match:
        return None
    inner = match.group(0)[1:-1]
    return (inner.split("=")[0] if "=" in inner else inner.split()[0]).strip() or None


def strip_site_suffix(title: str, site_name: str | None) -> str:
    """'헤드라인 - 매일경제', '헤드라인-정치ㅣ한국일보' -> '헤드라인'."""
    if not site_name:
        return title
    pattern = re.compile(
        r"\s*(?:[-|ㅣ:–—]|::)\s*(?:[^-|ㅣ]{1,10}\s*[-|ㅣ]\s*)?" + re.escape(site_name) + r"\s*$"
    )
    stripped = pattern.sub("", title)
    return stripped or title


def paragraphs_of(text: str, *, title: str | None = None) -> tuple[str, ...]:
    """Clean lines of body text, bylines removed, a repeated headline dropped."""
    out: list[str] = []
    for line in text.splitlines():
        for part in strip_byline(clean_text(line)):
            part = clean_text(part)
            if part and part != title and not _BOILERPLATE.search(part):
                out.append(part)
    return tuple(out)
