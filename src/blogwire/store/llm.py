"""What the LLM writer did for each post (migration 0009): the post's WriteReport,
kept beside its record so the review desk and `status` can show it after the run;
part of `Store`.

`keep_write_report` replaces the post's whole account in one transaction (a savepoint
inside the caller's), so writing it again is harmless: a run's recovery and a
re-compose at the desk simply write the new one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING

from blogwire.errors import StoreError
from blogwire.store.db import Database
from blogwire.store.records import ROW_ERRORS

if TYPE_CHECKING:
    from blogwire.llm.report import SentenceOutcome, WriteReport

# SQLite allows 32766 parameters; a status page asks for a handful of posts
_CHUNK = 500


class LlmStore(Database):
    """The post_llm and llm_sentences tables; part of `Store`."""

    def keep_write_report(self, post_id: int, report: WriteReport | None) -> None:
        """The post's account of the LLM writer is `report` (None: it has none, e.g. a
        desk re-compose with the extractive writer), replacing any it had."""
        with self.transaction():
            self._execute("DELETE FROM llm_sentences WHERE post_id = ?", (post_id,))
            self._execute("DELETE FROM post_llm WHERE post_id = ?", (post_id,))
            if report is None:
                return
            self._execute(
                "INSERT INTO post_llm (post_id, mode, error, seconds) VALUES (?, ?, ?, ?)",
                (post_id, report.mode, report.error, float(report.seconds)),
                what=f"cannot keep what the LLM writer did for post {post_id}",
            )
            self._execute_many(
                """INSERT INTO llm_sentences (post_id, position, field, model_text, outcome,
                       final_text, problems) VALUES (?, ?, ?, ?, ?, ?, ?)""",
                [
                    (
                        post_id,
                        position,
                        o.field,
                        o.model_text,
                        str(o.outcome),
                        o.final_text,
                        json.dumps([list(p) for p in o.problems], ensure_ascii=False),
                    )
                    for position, o in enumerate(report.outcomes)
                ],
            )

    def write_report(self, post_id: int) -> WriteReport | None:
        """The post's account of the LLM writer; None for a post it did not write.
        StoreError if the stored account cannot be read."""
        found = self._reports([post_id])
        return _report(*found[0]) if found else None

    def write_reports(self, post_ids: Iterable[int]) -> dict[int, WriteReport]:
        """The accounts of those of `post_ids` the LLM writer wrote, by post id; one
        that cannot be read is left out (`write_report` of it says why), so one bad
        row never hides the others."""
        out: dict[int, WriteReport] = {}
        for head, lines in self._reports(post_ids):
            try:
                out[int(head["post_id"])] = _report(head, lines)
            except StoreError:
                continue
        return out

    def _reports(self, post_ids: Iterable[int]) -> list[tuple[sqlite3.Row, list[sqlite3.Row]]]:
        """Each stored account's post_llm row with its llm_sentences rows, in order."""
        ids = list(dict.fromkeys(post_ids))
        heads: list[sqlite3.Row] = []
        lines: list[sqlite3.Row] = []
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            heads += self._query(f"SELECT * FROM post_llm WHERE post_id IN ({marks})", chunk)
            lines += self._query(
                f"SELECT * FROM llm_sentences WHERE post_id IN ({marks}) "
                "ORDER BY post_id, position",
                chunk,
            )
        by_post: dict[int, list[sqlite3.Row]] = {}
        for line in lines:
            by_post.setdefault(int(line["post_id"]), []).append(line)
        return [(head, by_post.get(int(head["post_id"]), [])) for head in heads]


def _report(head: sqlite3.Row, lines: list[sqlite3.Row]) -> WriteReport:
    # imported here: the LLM package loads the HTTP client and the guard, which a
    # store opened for anything else does not need
    from blogwire.llm.report import WriteReport

    post_id = head["post_id"]
    try:
        outcomes = tuple(_sentence(line) for line in lines)
        return WriteReport(str(head["mode"]), outcomes, head["error"], float(head["seconds"]))
    except ROW_ERRORS as exc:
        raise StoreError(
            f"what the LLM writer did for post {post_id} cannot be read: {exc}"
        ) from exc


def _sentence(row: sqlite3.Row) -> SentenceOutcome:
    from blogwire.llm.report import Outcome, SentenceOutcome

    problems = json.loads(row["problems"])
    if not isinstance(problems, list):
        raise ValueError(f"problems are not a list: {row['problems']!r}")
    return SentenceOutcome(
        field=str(row["field"]),
        model_text=str(row["model_text"]),
        outcome=Outcome(row["outcome"]),
        final_text=None if row["final_text"] is None else str(row["final_text"]),
        problems=tuple((str(kind), str(message)) for kind, message in problems),
    )
