"""The run summary's LLM tally: posts written whole, polished or without the server;
sentences by outcome; problems by kind with one example each."""

from __future__ import annotations

from blogwire.llm.report import Outcome, SentenceOutcome, WriteReport
from blogwire.run.summary import LlmTally


def _sentence(outcome: Outcome, *problems: tuple[str, str]) -> SentenceOutcome:
    final = None if outcome is Outcome.DROPPED else "최종 문장입니다."
    return SentenceOutcome("intro", "모델 문장입니다.", outcome, final, problems)


def test_the_tally_adds_up_each_posts_report() -> None:
    whole = WriteReport(
        "whole",
        (
            _sentence(Outcome.KEPT),
            _sentence(Outcome.KEPT),
            _sentence(Outcome.RETRIED, ("number", "number '7와트' is not in the source")),
            _sentence(Outcome.REPLACED, ("date", "date '어제' is not in the source")),
            _sentence(Outcome.DROPPED, ("invented", "업계 최초"), ("invented", "again")),
        ),
        None,
        30.0,
    )
    polish = WriteReport("polish", (_sentence(Outcome.KEPT),), None, 10.0)
    down = WriteReport("polish", (), "cannot connect to http://127.0.0.1:9/v1", 2.0)
    tally = LlmTally.of([whole, polish, down, down])
    assert (tally.whole, tally.polished, tally.unavailable, tally.posts) == (1, 1, 2, 2)
    assert tally.first_error == "cannot connect to http://127.0.0.1:9/v1"
    assert tally.sentences == {"kept": 3, "retried": 1, "replaced": 1, "dropped": 1}
    assert (tally.written, tally.kept) == (6, 4)
    assert tally.problems == {"number": 1, "date": 1, "invented": 2}
    assert tally.line() == (
        "1 post written whole, 1 polished, 2 without the server "
        "(cannot connect to http://127.0.0.1:9/v1) · 6 sentences written: 3 kept, "
        "1 retried, 1 replaced, 1 dropped · 20.0 s per post"  # the server's failures aside
    )
    # most first, then by name; each with the first example met
    assert tally.problem_lines() == [
        "invented: 2 (e.g. intro: 업계 최초)",
        "date: 1 (e.g. intro: date '어제' is not in the source)",
        "number: 1 (e.g. intro: number '7와트' is not in the source)",
    ]


def test_an_empty_tally_says_nothing_was_written() -> None:
    tally = LlmTally()
    assert tally.posts == tally.written == tally.kept == 0 and tally.problem_lines() == []
    assert tally.line() == (
        "0 posts written whole, 0 polished, 0 without the server · "
        "0 sentences written: 0 kept, 0 retried, 0 replaced, 0 dropped"
    )
