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


# Lines that are page furniture, not story: a byline or reporter's address on its own line
# ("박준석 기자 외 1명", "/최지연·박성민 기자", "[류영상 기자 a@b.kr]", "<박홍두 기자 …>"),
# a dateline ("입력 : 2016.09.17 18:59"), a photo credit ("▲ 사진=…", "사진=…"), an ad
# slot ("$$ARTICLEAD$$"), a related-story link ("▶관련기사: …"), a tip line ("기사문의
# 및 제보 : …"), hashtags, "(끝)", or a line with no letter or digit at all ("▼").
_FURNITURE_LINE = re.compile(
    r"^(?:[\[<(/]?\s*[가-힣]{2,4}(?:\s*[·,]\s*[가-힣]{2,4})*\s?(?:기자|특파원|통신원)"
    r"(?:\s*외\s*\d+\s*명)?\s*(?:[\w.+-]+@[\w.-]+)?\s*[\]>)]?"
    r"|(?:입력|수정|승인)\s*[:：]?\s*\d{4}[.\-/]\s?\d{1,2}[.\-/]\s?\d{1,2}\.?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|[▲△■]?\s*\(?사진\s*[=:].*|\$\$\w+\$\$|.*기사\s?문의.*|[▶☞►]\s*관련\s?기사.*|(?:#\S+\s*)+|\(끝\)|[^\w]*)$"
)
# A news agency's credit left at the end of the last line ("…짧게 말했다. 연합뉴스") or an
# inline photo credit ("(사진=식약처 제공)") inside a sentence.
_TRAILING_CREDIT = re.compile(r"(?<=[.!?”’\"'])\s+(?:연합뉴스|뉴스1|뉴시스|\[연합뉴스\]|\[연합\])$")
_PHOTO_CREDIT = re.compile(r"\s*[(\[]사진\s*[=:][^)\]]{0,40}[)\]]")


def paragraphs_of(text: str, *, title: str | None = None) -> tuple[str, ...]:
    """Clean lines of body text: bylines, credits and furniture lines removed, quotes
    whose marks do not pair repaired or dropped, a repeated headline dropped."""
    out: list[str] = []
    for line in text.splitlines():
        for part in strip_byline(clean_text(line)):
            part = clean_text(_PHOTO_CREDIT.sub("", _TRAILING_CREDIT.sub("", part)))
            if _FURNITURE_LINE.match(part):
                continue
            part = balance_quotes(part)
            if part and part != title and not _BOILERPLATE.search(part):
                out.append(part)
    return tuple(out)


# -- quotes -------------------------------------------------------------------------

# A rough sentence end, enough to cut a paragraph where a quote went wrong (kiwipiepy
# splits the kept text properly later).
_ROUGH_END = re.compile(r"(?<=[.!?])\s+")
# "…확인됐다“고 말했다": an opening mark typed where the closing one belongs, before a
# quotative particle.
_MISTYPED_CLOSER = re.compile(r"(?<=\S)“(?=(?:라?고|라며|며|는|라는|란)\s)")


def balance_quotes(paragraph: str) -> str:
    """The paragraph with its double quotes paired: repaired where the fix is certain,
    else the rough sentences holding a lone mark dropped, so no post quotes half of what
    someone said.

    Repairs: an opening mark typed for a closing one before "고/라고/며"; a paragraph
    that opens a quote and never closes it (the convention for a quote running over
    several paragraphs) gets its closing mark.
    """
    if paragraph.count("“") != paragraph.count("”"):
        paragraph = _MISTYPED_CLOSER.sub("”", paragraph)
    if paragraph.count("“") == paragraph.count("”") and paragraph.count('"') % 2 == 0:
        return paragraph
    if (
        paragraph.startswith(("“", '"'))
        and "”" not in paragraph
        and paragraph.count('"') < 2
        and paragraph.endswith((".", "!", "?", "…"))  # a quote that ends in a later paragraph
    ):
        return paragraph + ("”" if paragraph[0] == "“" else '"')
    return " ".join(_paired_sentences(_ROUGH_END.split(paragraph)))


def _paired_sentences(sentences: list[str]) -> list[str]:
    """The sentences outside any quote whose marks do not pair: a closing mark with no
    opening one drops its sentence; a quote still open at the end drops the sentences
    from the one that opened it."""
    kept: list[str] = []
    depth, opened_at = 0, 0
    for sentence in sentences:
        start = len(kept)
        stray = False
        for ch in sentence:
            if ch == "“":
                depth += 1
            elif ch == "”":
                depth -= 1
                stray = stray or depth < 0
                depth = max(depth, 0)
        if stray:
            continue  # a sentence with a closing mark it never opened
        if depth and not opened_at:
            opened_at = start + 1
        elif not depth:
            opened_at = 0
        kept.append(sentence)
    if depth or sum(s.count('"') for s in kept) % 2:
        kept = kept[: opened_at - 1] if opened_at else _drop_last_straight(kept)
    return kept


def _drop_last_straight(sentences: list[str]) -> list[str]:
    """Without the sentence holding the last straight double quote (an odd one out)."""
    last = max((i for i, s in enumerate(sentences) if '"' in s), default=None)
    return sentences if last is None else sentences[:last] + sentences[last + 1 :]
