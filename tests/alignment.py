"""Trace every sentence of a rendered post back to a sentence of its source.

Independent of how compose builds paragraphs: it reads the rendered HTML, removes
blogwire's fixed connective phrases, and walks each paragraph, matching source
sentences whose every word but the last is identical (the last word may only change
its ending to polite style) once compose's deletion-only compression (a dateline, a
parenthesised hanja or gloss: blogwire.compose.compress, tested on its own) is applied
to them, or a framing line of the blog's own bank (blogwire.compose.voice), which
states no fact. A sentence may also be said without an opening connective that
carries no fact (blogwire.analyze.bound.drop_connective: "특히 시는 …" -> "시는 …").
"""

from __future__ import annotations

import html
import re

from blogwire.analyze.bound import CONNECTIVES
from blogwire.compose.compress import compress
from blogwire.compose.voice import framing_pattern

CONNECTIVE_HEAD = "결론적으로, "
ANNOUNCEMENT = re.compile(r" ?이번 글에서는 [^.]*? 다뤄보겠습니다\.$")
# the day of the report, said once by a post that keeps a relative date word
REPORT_NOTE = re.compile(r" ?\(\d{1,2}월 \d{1,2}일 보도 기준\)")
_TAG = re.compile(r"<[^>]+>")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def paragraphs(post_text: str) -> list[str]:
    """Text of the intro, section bodies and conclusion (not titles, credit, footer)."""
    body = post_text.split("\n---\n", 1)[1]
    out = []
    for block in body.split("\n\n"):
        block = block.strip()
        if not block.startswith("<p>") or block.startswith("<p data-"):
            continue
        text = html.unescape(_TAG.sub("", block.split("\n")[0]))
        if "<b><span" in block:  # section titles and plain blocks carry no highlight
            out.append(text)
    return out


def highlights(post_text: str) -> list[str]:
    return [
        html.unescape(m) for m in re.findall(r'<b><span style="[^"]+">(.+?)</span></b>', post_text)
    ]


def align(paragraph: str, sources: list[str]) -> list[int]:
    """Indices of the source sentences the paragraph states, in order; raises if any
    stretch of the paragraph is not a source sentence."""
    text = paragraph.removeprefix(CONNECTIVE_HEAD)
    text = REPORT_NOTE.sub("", ANNOUNCEMENT.sub("", text)).strip()
    used: list[int] = []
    pos = 0
    while pos < len(text):
        framing = _framing_at(text, pos)
        if framing is not None:
            pos = framing
            while pos < len(text) and text[pos] == " ":
                pos += 1
            continue
        match = _match_at(text, pos, sources)
        if match is None:
            raise AssertionError(f"no source sentence for: {text[pos : pos + 80]!r}")
        index, end = match
        used.append(index)
        pos = end
        while pos < len(text) and text[pos] == " ":
            pos += 1
    return used


def _framing_at(text: str, pos: int) -> int | None:
    """The end of the framing line starting at `pos`, if one does: a whole sentence
    (it ends the paragraph or a space follows)."""
    for match in framing_pattern().finditer(text, pos):
        if match.start() != pos:
            return None
        end = match.end()
        if end == len(text) or text[end] == " ":
            return end
    return None


def _match_at(text: str, pos: int, sources: list[str]) -> tuple[int, int] | None:
    best: tuple[int, int] | None = None
    for index, whole in enumerate(sources):
        for source in _variants(compress(whole)):
            found = _match_source(text, pos, source)
            if found is not None and (best is None or found > best[1]):
                best = (index, found)
    return best


# phrases that drop_connective may leave out besides the one-word CONNECTIVES
_PHRASES = ("이와 함께", "이와 관련해서", "이와 관련해", "이와 관련")


def _variants(source: str) -> list[str]:
    """The source sentence, and it without an opening connective that carries no fact."""
    out = [source]
    first = source.split(" ", 1)[0].rstrip(",")
    if CONNECTIVES.get(first) and " " in source:
        out.append(source.split(" ", 1)[1])
    out += [source[len(p) :].lstrip(", ") for p in _PHRASES if source.startswith(p + " ")]
    return out


def _match_source(text: str, pos: int, source: str) -> int | None:
    """Where `source` said at `pos` ends, if it is said there."""
    words = source.split(" ")
    head = " ".join(words[:-1])
    if head and not text.startswith(head + " ", pos):
        return None
    start_last = pos + len(head) + (1 if head else 0)
    last = words[-1]
    # the final word keeps its first syllable and punctuation, only the ending changes
    end = _word_end(text, start_last)
    said = text[start_last:end]
    converted = (
        _same_syllable_base(said[:1], last[:1])
        and said[-1:] == last[-1:]
        and said.rstrip(".!?”’\"')").endswith("니다")
    )
    return end if said == last or converted else None


def _same_syllable_base(a: str, b: str) -> bool:
    """Same syllable but for its final consonant (한다 -> 합니다, 간다 -> 갑니다)."""
    if a == b:
        return True
    if not (a and b and "가" <= a <= "힣" and "가" <= b <= "힣"):
        return False
    return (ord(a) - 0xAC00) // 28 == (ord(b) - 0xAC00) // 28


def _word_end(text: str, start: int) -> int:
    end = text.find(" ", start)
    return len(text) if end == -1 else end


def numbers(text: str) -> set[str]:
    return set(_NUMBER.findall(text))
