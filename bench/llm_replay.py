"""What the LLM writer does with a capable model's posts (issue 16, item 5): the recorded
answers of tests/fixtures/llm_replay, replayed by tests/llm/replay.py's server, through
`pipeline.write` in this process.

Run from the project root:

    .venv/bin/python bench/llm_replay.py [--show]

Prints, per post: sentences written, kept, retried, replaced and dropped, the share of
the body in the model's own words (Voice.MODEL, characters without spaces), whether each
planted slip was caught, and the totals; `--show` also lists every sentence that was
not kept, with the guard's problems. Real pages are skipped without ../shared. Writes
nothing.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from blogwire.llm.report import Outcome  # noqa: E402
from blogwire.models import Post, Voice  # noqa: E402
from blogwire.pipeline import analyze, compose, read_source, write  # noqa: E402
from blogwire.settings import Settings  # noqa: E402
from llm.replay import load_index, load_recordings, replay_settings, serve_replay  # noqa: E402

_SPACE = re.compile(r"\s+")


def model_share(post: Post) -> float:
    """The share of the body's characters (spaces aside) in the model's own sentences."""
    model = body = 0
    for paragraph in (post.intro, *(s.body for s in post.sections), post.conclusion):
        for n, group in enumerate(paragraph.sentence_groups()):
            size = len(_SPACE.sub("", "".join(span.text for span in group)))
            body += size
            model += size if paragraph.voice(n) is Voice.MODEL else 0
    return model / body if body else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list the sentences not kept")
    args = parser.parse_args()
    recordings = load_recordings()
    totals = dict.fromkeys(Outcome, 0)
    slips = caught = 0
    print("| post | written | kept | retried | replaced | dropped | model share | slips caught |")
    print("|---|---|---|---|---|---|---|---|")
    with serve_replay(recordings, load_index()) as replay:
        settings = replay_settings(Settings(), replay.base_url)
        for recording in recordings.values():
            page = recording.source_path()
            if not page.exists():
                print(f"| {recording.name} | skipped: {page} is absent | | | | | | |")
                continue
            analysis = analyze(read_source(str(page), settings.fetch))
            post, report = write(compose(analysis, settings), analysis, settings, {})
            if report is None or report.error:
                print(
                    f"| {recording.name} | no model post: {report and report.error} | | | | | | |"
                )
                continue
            counts = [report.count(o) for o in Outcome]
            for outcome, count in zip(Outcome, counts, strict=True):
                totals[outcome] += count
            found = [
                s
                for s in recording.slips
                if any(
                    s["sentence"] in o.model_text and o.outcome is not Outcome.KEPT
                    for o in report.outcomes
                )
            ]
            slips += len(recording.slips)
            caught += len(found)
            marks = ", ".join(
                f"{s['kind']} {'caught' if s in found else 'MISSED'}" for s in recording.slips
            )
            cells = " | ".join(str(c) for c in counts)
            share = f"{model_share(post):.0%}"
            print(f"| {recording.name} | {report.written} | {cells} | {share} | {marks or '-'} |")
            if args.show:
                for o in report.outcomes:
                    if o.outcome is not Outcome.KEPT:
                        print(f"|   {o.field}: {o.outcome.value} | {o.model_text} | {o.reason} |")
    written = sum(totals.values())
    kept = totals[Outcome.KEPT] + totals[Outcome.RETRIED]
    print(
        f"\nwritten {written}: kept {kept} ({kept / max(written, 1):.0%}), "
        + ", ".join(f"{totals[o]} {o.value}" for o in Outcome)
        + f"; slips caught {caught} of {slips}"
    )


if __name__ == "__main__":
    main()
