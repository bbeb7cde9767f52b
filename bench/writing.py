"""How much of each post is the source reprinted, and how much is the blog's own.

Run from the project root (any blogwire on PYTHONPATH, so the same script measures
before and after a change):

    PYTHONPATH=src .venv/bin/python bench/writing.py

Composes every page of ../shared/data/real-pages, ../shared/data/real-pages-2 and the
bundled demo with the default settings and prints one line per post:

- reused: the share of the article's text (characters without spaces) that the post
  (excerpt and body) reproduces, found as runs of 10+ characters common to both, a
  source sentence counted whole when it is reused up to its last few characters (so a
  changed ending does not hide a reprint); within target at <= 35 % or <= 400
  characters (a brief);
- own: the share of the body (intro, sections, conclusion; without spaces) that is not
  in the source;
- body: the body's length without spaces;
- hl: the highlight lengths (max and median);
- bound: parts (intro, each section, conclusion) whose first source sentence leans on
  an earlier one (blogwire.analyze.bound.opens_bound when it exists, else the analysis'
  leans_on);
- lint: title and section-title problems (blogwire.compose.title_lint, the titles
  helper's lint, when it exists; else this script's own simple one: length, no
  repeated word, no dangling particle), any number of a title the source lacks, and
  the faults of the words written into the blog's framing lines (title_lint's
  lint_framing_line: a dangling head noun, a bare -적 word, a surname for a name);
- unfaithful: numbers, quotes and proper nouns (kiwipiepy NNP) of the body that the
  source does not have, and post sentences that are neither a source sentence nor a
  framing line of the bank (when the post marks its voices).

The measures are this script's own, not blogwire's, so they judge blogwire from outside.
Ends with a summary against the acceptance targets; exit 0.
"""

from __future__ import annotations

import re
import statistics
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from blogwire.analyze import analyze
from blogwire.analyze.nlp import kiwi
from blogwire.analyze.sentences import split_article
from blogwire.demo import demo_pages
from blogwire.errors import BlogwireError
from blogwire.models import Analysis, Article, Paragraph, Post
from blogwire.pipeline import compose, read_source
from blogwire.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
CORPORA = {
    "real-pages": sorted((SHARED / "real-pages").glob("*.html")),
    "real-pages-2": sorted((SHARED / "real-pages-2").glob("*.html")),
    "demo": sorted(demo_pages()),
}
RUN = 10  # characters in a row that count as reused
BRIEF_CHARS = 400
ENDING = 6
_QUOTE = re.compile(r"“([^”]*)”|‘([^’]*)’|\"([^\"\n]*)\"")
_NUMBER = re.compile(r"\d[\d,.]*")
# A date compose wrote for a relative word ("이날" -> "11월 9일", "(11월 9일 보도 기준)"):
# compose/dates resolves it against the publication date (tests/compose/test_dates.py),
# so its numbers are not looked for in the source.
_DATE = re.compile(r"(?:\d{4}년 )?\d{1,2}월 \d{1,2}일")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def covered(source: str, post: str) -> list[bool]:
    """Per character of `source` (no spaces), whether a run of RUN characters around
    it appears in `post` (no spaces)."""
    grams = {post[i : i + RUN] for i in range(len(post) - RUN + 1)}
    mask = [False] * len(source)
    for i in range(len(source) - RUN + 1):
        if source[i : i + RUN] in grams:
            for j in range(i, i + RUN):
                mask[j] = True
    return mask


def changed_ending(mask: Sequence[bool]) -> int:
    """The uncovered tail of a sentence reused up to its ending ("…했다." written
    "…했습니다."): at most ENDING characters after the last reused one."""
    last = max((i for i, hit in enumerate(mask) if hit), default=-1)
    tail = len(mask) - 1 - last
    return tail if last >= 0 and tail <= ENDING else 0


def reused_chars(paragraphs: Sequence[str], post: str) -> tuple[int, int]:
    """(characters of the source reused, characters of the source), ending-insensitive:
    a sentence reused up to its ending counts whole."""
    post = squeeze(post)
    used = total = 0
    seen: set[str] = set()
    for paragraph in paragraphs:
        for sentence in _SENTENCE_END.split(paragraph):
            text = squeeze(sentence)
            if not text or text in seen:
                continue  # a sentence the page repeats is one sentence
            seen.add(text)
            mask = covered(text, post)
            used += sum(mask) + changed_ending(mask)
            total += len(text)
    return used, total


def body_paragraphs(post: Post) -> list[Paragraph]:
    return [post.intro, *(s.body for s in post.sections), post.conclusion]


def highlights(post: Post) -> list[str]:
    return [s.text for p in body_paragraphs(post) for s in p.spans if s.highlight is not None]


def opens_bound_checker(analysis: Analysis) -> Callable[[Paragraph], bool]:
    """Whether a part opens bound: its first source sentence, as the post says it (a
    connective compose left out is gone), read by blogwire.analyze.bound.opens_bound
    when it exists, else the analysis' leans_on of the sentence it states."""
    try:
        from blogwire.analyze.bound import opens_bound  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        opens_bound = None

    def check(paragraph: Paragraph) -> bool:
        if not paragraph.sources:
            return False
        if opens_bound is None:
            return analysis.bound(paragraph.sources[0])
        groups = paragraph.sentence_groups()
        first = next(n for n in range(len(groups)) if paragraph.voice(n).value == "source")
        text = "".join(s.text for s in groups[first]).removeprefix("결론적으로, ")
        text = re.sub(r" \(\d{1,2}월 \d{1,2}일 보도 기준\)$", "", text)
        said = split_article(Article(origin="post", title="", paragraphs=(text,)))
        return bool(said) and bool(opens_bound(said[0]))

    return check


def lint_title(title: str, source: str, low: int, high: int) -> list[str]:
    out = []
    if not low <= len(title) <= high:
        out.append(f"length {len(title)}")
    words = [w for w in re.findall(r"[가-힣A-Za-z0-9·]+", title) if len(w) > 1]
    if len(words) != len(set(words)):
        out.append("repeats a word")
    if re.search(r"(?:^|\s)(?:의|과|와|을|를|은|는|이|가)$", title.strip()):
        out.append("dangling particle")
    for number in _NUMBER.findall(title):
        if number.strip(",.") not in source:
            out.append(f"number {number} not in source")
    return out


def title_problems(post: Post, source: str) -> list[str]:
    """The titles helper's lint (blogwire.compose.title_lint) when it exists, else this
    script's own simple one; both add a number the source lacks."""
    numbers = [
        f"number {n} not in source"
        for title in (post.title, *(s.title for s in post.sections))
        for n in _NUMBER.findall(title)
        if n.strip(",.") not in source
    ]
    try:
        from blogwire.compose import title_lint  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        out = lint_title(post.title, source, 15, 40)
        for section in post.sections:
            out += [f"section {e}" for e in lint_title(section.title, source, 4, 20)]
        return out
    framing = [
        f"framing {sentence[:20]!r}: {problem}"
        for sentence in framing_lines(post)
        for problem in title_lint.lint_framing_line(sentence)
    ]
    return [
        *title_lint.lint_title(post.title),
        *title_lint.lint_section_titles([s.title for s in post.sections]),
        *numbers,
        *framing,
    ]


def framing_lines(post: Post) -> list[str]:
    """The body's sentences the post marks as the blog's own framing lines."""
    return [
        "".join(s.text for s in group).strip()
        for paragraph in body_paragraphs(post)
        for n, group in enumerate(paragraph.sentence_groups())
        if paragraph.voices and paragraph.voice(n).value == "framing"
    ]


def unfaithful(
    post: Post, source: str, framing: Callable[[str], bool] | None, *, dated: bool
) -> list[str]:
    """Facts of the body missing from the source, and sentences of no known voice.
    `dated`: the article has a publication date, so compose may write dates."""
    out: list[str] = []
    flat = squeeze(source)
    for paragraph in body_paragraphs(post):
        text = paragraph.text
        for number in _NUMBER.findall(_DATE.sub("", text) if dated else text):
            if number.strip(",.") not in source:
                out.append(f"number {number}")
        for match in _QUOTE.finditer(text):
            quote = next(g for g in match.groups() if g is not None)
            if squeeze(quote) not in flat:
                out.append(f"quote {quote[:20]}")
        for token in kiwi().tokenize(text):
            # kiwipiepy may read a name with its particle as one NNP ("장동혁의")
            name = re.sub(r"(의|은|는|이|가|을|를|과|와|도)$", "", token.form)
            if token.tag == "NNP" and token.form not in source and name not in source:
                out.append(f"name {token.form}")
        if framing is not None and paragraph.voices:
            groups = paragraph.sentence_groups()
            for n, group in enumerate(groups):
                sentence = "".join(s.text for s in group).strip()
                if paragraph.voice(n).value == "framing" and not framing(sentence):
                    out.append(f"framing? {sentence[:30]}")
    return out


def framing_matcher() -> Callable[[str], bool] | None:
    try:
        from blogwire.compose.voice import is_framing  # type: ignore[attr-defined]
    except ImportError:
        return None
    return is_framing  # type: ignore[no-any-return]


def main() -> int:
    settings = Settings()
    framing = framing_matcher()
    rows: list[dict[str, object]] = []
    print("corpus/page | reused | own | body | hl max/med | bound | lint | unfaithful")
    for name, pages in CORPORA.items():
        for page in pages:
            try:
                article = read_source(str(page), settings.fetch)
                analysis = analyze(article)
                post = compose(analysis, settings)
            except BlogwireError as exc:
                print(f"{name}/{page.name}: refused: {exc.message}")
                continue
            body = squeeze("".join(p.text for p in body_paragraphs(post)))
            whole = post.excerpt + " " + "".join(p.text for p in body_paragraphs(post))
            used, total = reused_chars(article.paragraphs, whole)
            own_mask = covered(body, squeeze(article.text))
            own = 1 - sum(own_mask) / max(1, len(body))
            lights = [len(h) for h in highlights(post)]
            bound_check = opens_bound_checker(analysis)
            bound = sum(1 for p in body_paragraphs(post) if bound_check(p))
            lint = title_problems(post, f"{article.title}\n{article.text}")
            facts = unfaithful(post, article.text, framing, dated=article.published is not None)
            share = used / max(1, total)
            brief = total * 0.35 < BRIEF_CHARS
            rows.append(
                {
                    "body_ok": (BRIEF_CHARS if brief else 600) <= len(body) <= 1300,
                    "share": share,
                    "ok_share": share <= 0.35 or used <= BRIEF_CHARS,
                    "own": own,
                    "body": len(body),
                    "hl": lights,
                    "bound": bound,
                    "lint": len(lint),
                    "facts": len(facts),
                }
            )
            print(
                f"{name}/{page.name} | {share:.0%} ({used}/{total}) | {own:.0%} | {len(body)} | "
                f"{max(lights)}/{statistics.median(lights):.0f} | {bound} | "
                f"{'; '.join(lint) or '-'} | {'; '.join(facts) or '-'}"
            )
    if not rows:
        print("no posts", file=sys.stderr)
        return 0
    all_lights = [n for r in rows for n in r["hl"]]  # type: ignore[attr-defined]
    print()
    print(f"posts: {len(rows)}")
    print(f"reuse within target (<=35% or <=400 chars): {sum(bool(r['ok_share']) for r in rows)}")
    print(f"own >= 25%: {sum(float(r['own']) >= 0.25 for r in rows)}")  # type: ignore[arg-type]
    print(f"body 600-1300 (400+ for a brief): {sum(bool(r['body_ok']) for r in rows)}")
    print(
        f"highlights: max {max(all_lights)}, median {statistics.median(all_lights):.0f}, "
        f"over 60: {sum(n > 60 for n in all_lights)}"
    )
    print(f"bound openers: {sum(int(r['bound']) for r in rows)}")  # type: ignore[call-overload]
    print(f"lint problems: {sum(int(r['lint']) for r in rows)}")  # type: ignore[call-overload]
    print(f"unfaithful: {sum(int(r['facts']) for r in rows)}")  # type: ignore[call-overload]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
