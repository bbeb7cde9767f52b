"""How many relative date words the posts of real and demo pages still hold.

Run from the project root (any blogwire on PYTHONPATH, so the same script measures
before and after a change):

    PYTHONPATH=src .venv/bin/python bench/dates.py

Composes every page of ../shared/data/real-pages, ../shared/data/real-pages-2 and the
bundled demo with the default settings, renders each post and counts, in its text
(excerpt and body), the words whose meaning depends on the day of the report: day
words ("이날", "전날", "오는 28일", "지난 11일", "내달 18일", "오는 월요일", "어제") and
vague ones ("최근", "이번 주", "올해", "지난달"). Each is counted as outside or inside
quotation marks; a post is counted as noted when it says "(… 보도 기준)", and as
"left, no note" when it keeps a relative word without saying so (should be 0 for
posts of dated articles). The word
patterns here are this script's own, not blogwire's, so they measure blogwire from
outside. Prints a table; exit 0.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from blogwire.demo import demo_pages
from blogwire.errors import BlogwireError
from blogwire.pipeline import source_post
from blogwire.render.seed import render_post
from blogwire.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
CORPORA = {
    "real-pages": sorted((SHARED / "real-pages").glob("*.html")),
    "real-pages-2": sorted((SHARED / "real-pages-2").glob("*.html")),
    "demo": sorted(demo_pages()),
}

_START = r"(?<![가-힣0-9])"
_DAY = re.compile(
    _START
    + r"(?:(?:오는|지난)\s?\d{1,2}(?:[~∼～-]\d{1,2})?일"
    + r"|(?:내달|다음\s?달|이번\s?달|이달|지난\s?달)\s?\d{1,2}(?:[~∼～-]\d{1,2})?일"
    + r"|(?:오는|지난)\s?[월화수목금토일]요일"
    + r"|이날|전날|어제|그제|그저께)"
)
_VAGUE = re.compile(
    _START
    + r"(?:최근|오늘(?!날)|내일|모레|이번\s?주|지난\s?주|다음\s?주|금주|내주"
    + r"|이번\s?달|이달|지난\s?달|다음\s?달|내달|올해|금년|지난해|작년|내년)"
)
_QUOTE = re.compile(r"“[^”]*”|‘[^’]*’|\"[^\"\n]*\"|「[^」]*」|『[^』]*』")
_NOTE = re.compile(r"\(\d{1,2}월 \d{1,2}일 보도 기준\)")


def count(text: str) -> Counter[str]:
    quoted = [m.span() for m in _QUOTE.finditer(text)]
    counts: Counter[str] = Counter()
    days = [m.span() for m in _DAY.finditer(text)]
    for kind, pattern in (("day", _DAY), ("vague", _VAGUE)):
        for match in pattern.finditer(text):
            if kind == "vague" and any(s <= match.start() < e for s, e in days):
                continue  # "다음 달" of "다음 달 3일" is counted once, as a day word
            inside = any(s <= match.start() < e for s, e in quoted)
            counts[f"{kind} {'quoted' if inside else 'open'}"] += 1
    counts["noted"] = 1 if _NOTE.search(text) else 0
    words = sum(v for k, v in counts.items() if k != "noted")
    counts["left, no note"] = 1 if words and not counts["noted"] else 0
    return counts


def post_text(rendered: str) -> str:
    """The excerpt and the body: what a reader reads (feature_text repeats the excerpt)."""
    front, _, body = rendered.partition("\n---\n")
    excerpt = front.split("feature_text:", 1)[0].split("excerpt:", 1)[-1]
    return excerpt + "\n" + re.sub(r"<[^>]+>", "", body)


def main() -> int:
    settings = Settings()
    header = [
        "corpus",
        "posts",
        "with day words",
        "day open",
        "day quoted",
        "vague open",
        "vague quoted",
        "noted",
        "left, no note",
    ]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    total: Counter[str] = Counter()
    for name, pages in CORPORA.items():
        sums: Counter[str] = Counter()
        for page in pages:
            try:
                post = source_post(str(page), settings, {})
            except BlogwireError as exc:
                print(f"  {page.name}: {exc.message}", file=sys.stderr)
                continue
            counts = count(post_text(render_post(post, settings.post).text))
            sums["posts"] += 1
            sums["with day words"] += 1 if counts["day open"] + counts["day quoted"] else 0
            sums.update(counts)
        total.update(sums)
        print("| " + " | ".join([name, *(str(sums[h]) for h in header[1:])]) + " |")
    print("| " + " | ".join(["all", *(str(total[h]) for h in header[1:])]) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
