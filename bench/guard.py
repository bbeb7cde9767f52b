"""How well the claim guard (`blogwire.check_facts`) tells faithful rewrites from wrong
ones (issue 16 items 2, 3), on the labelled dev set tests/fixtures/guard/dev.jsonl.

Run from the project root:

    .venv/bin/python bench/guard.py [--set tests/fixtures/guard/dev.jsonl] [--show KIND]

Prints, as markdown: recall per error kind (the item draws at least one problem; and
how often the first problem has the item's own kind), the false-rejection rate per
faithful kind, and the totals. `--show KIND` lists that kind's misses (or, for a
faithful kind, its rejections) with the problems found. Writes nothing.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from blogwire import check_facts

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "fixtures" / "guard" / "dev.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=DEV)
    parser.add_argument("--show", default="")
    args = parser.parse_args()
    items = [json.loads(line) for line in args.set.read_text(encoding="utf-8").splitlines() if line]
    flagged: dict[str, list[bool]] = defaultdict(list)
    named: dict[str, list[bool]] = defaultdict(list)
    shown: list[str] = []
    for item in items:
        problems = check_facts(item["text"], " ".join(item["source"]))
        group, kind = item["label"].split(":")
        flagged[item["label"]].append(bool(problems))
        if group == "error":
            named[item["label"]].append(bool(problems) and problems[0].kind == kind)
        wrong = (group == "error") != bool(problems)
        if args.show == kind and wrong:
            found = "; ".join(f"{p.kind}: {p.message}" for p in problems) or "nothing"
            shown.append(f"- {item['id']}: {item['text']}\n  -> {found}")
    print(f"{len(items)} items in {args.set.name}\n")
    print("| error kind | items | recall | first problem names it |")
    print("|---|---:|---:|---:|")
    errors = sorted(k for k in flagged if k.startswith("error:"))
    for label in errors:
        hits = flagged[label]
        print(
            f"| {label[6:]} | {len(hits)} | {sum(hits) / len(hits):.2f} | {sum(named[label]) / len(hits):.2f} |"
        )
    every = [h for k in errors for h in flagged[k]]
    print(f"| **all** | {len(every)} | **{sum(every) / len(every):.2f}** | |\n")
    print("| faithful kind | items | false rejection |")
    print("|---|---:|---:|")
    faithful = sorted(k for k in flagged if k.startswith("faithful:"))
    for label in faithful:
        hits = flagged[label]
        print(f"| {label[9:]} | {len(hits)} | {sum(hits) / len(hits):.2f} |")
    every = [h for k in faithful for h in flagged[k]]
    print(f"| **all** | {len(every)} | **{sum(every) / len(every):.2f}** |")
    if shown:
        print("\n" + "\n".join(shown))


if __name__ == "__main__":
    main()
