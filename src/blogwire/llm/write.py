"""write_post: the model writes the whole post, and the claim guard keeps every fact
the article's.

One request gives the whole post as JSON (write_prompt.py). Each unit of it, a
sentence of prose or a title-like field (write_answer.py), is held to the post format
and judged by the claim guard (`claims.check_facts`) against the article. The units
that fail go back to the model together, once, each with its problems; a fix that
passes is kept (RETRIED). A sentence still failing gives way to the source sentence it
restates, polite (REPLACED), or goes (DROPPED) when that sentence is in the post
already or none aligns; a field falls back to the extractive post's text. Nothing the
server does raises: down, slow or talking nonsense, the post is the extractive one
and the report says why.
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from blogwire.compose.voice import is_framing
from blogwire.errors import LlmError
from blogwire.llm.answer import parse_json_object
from blogwire.llm.claims import Problem, check_facts
from blogwire.llm.client import ChatClient, borrowed
from blogwire.llm.form import split_sentences
from blogwire.llm.report import Outcome, SentenceOutcome, WriteReport
from blogwire.llm.write_answer import Unit, Verdict, judge_format, read_draft, where
from blogwire.llm.write_check import assemble
from blogwire.llm.write_prompt import (
    Outline,
    answer_tokens,
    estimate_tokens,
    fix_messages,
    fix_schema,
    outline,
    whole_messages,
    whole_schema,
)
from blogwire.models import Analysis, Post
from blogwire.settings import LlmSettings, PostSettings

__all__ = ["RETRY_ROOM", "WriteResult", "fits_whole", "guard", "judge", "write_post"]

# Tokens kept free past the first prompt and answer: the retry lists the sentences
# that failed, with their problems.
RETRY_ROOM = 512

# The sentences that frame the post rather than tell the story: the intro's
# announcement, the excerpt's invitation, a closing line, a question to the reader.
_FRAMING = re.compile(
    r"^(이번 글에서는|이 글에서)"
    r"|(살펴|알아|짚어|지켜|다뤄|들여다|옮겨|정리해|모아)\s?(보겠습니다|보세요|드리겠습니다)[.!?]*$"
    # the reader-facing closings only: "이 정책은 청년에게 도움이 될 것" is a claim
    r"|도움이 (되셨|되었으면|되길|되기를)|읽어 주셔서|감사(드립|합)니다[.!]*$"
)
# A title that asks ("…비결은?", "어디에 먼저 쓰일까") claims nothing either.
_QUESTION = re.compile(r"(\?|까)$")
_CLOSED = re.compile(r"[.!?…]$|(다|요|까)$")
# What a title or a framing line is held to: its figures, dates, names, quotes and
# the words that state a fact outright. A title is a label ("숫자로 본 세계 시장"), a
# framing line the post's own voice: neither is a claim with a tense, a modality or
# a speaker of its own.
_FACT_KINDS = frozenset(
    {"quote", "number", "unit", "date", "name", "added_name", "negation", "direction"}
    | {"quantifier", "comparison", "causal"}
)


Problems = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class WriteResult:
    post: Post
    report: WriteReport  # mode "whole"
    # parts that keep the extractive post's text because the model's broke the post
    # format ("intro", "section[2]", "excerpt", …)
    restored: tuple[str, ...] = ()
    retry_error: str | None = None  # why the retry gave no fixes, when it gave none


def fits_whole(post: Post, analysis: Analysis, settings: LlmSettings) -> bool:
    """Whether the model can write the whole post: the prompt (estimated high, see
    write_prompt.CHARS_PER_TOKEN), its answer and the retry's room fit in
    `settings.context_tokens`, and `settings.max_tokens` holds a whole answer.
    Else the pipeline polishes the extractive post (llm/polish.py)."""
    out = outline(post, analysis)
    prompt = estimate_tokens(whole_messages(out)[0].content)
    if settings.max_tokens < answer_tokens(out):
        return False
    return prompt + settings.max_tokens + RETRY_ROOM <= settings.context_tokens


def write_post(
    post: Post,
    analysis: Analysis,
    settings: LlmSettings,
    *,
    environ: Mapping[str, str],
    client: ChatClient | None = None,
    post_settings: PostSettings | None = None,
) -> WriteResult:
    """The post `analysis` tells, written by the model at `settings.base_url` on the
    plan of the extractive `post`, every sentence behind the claim guard.

    `environ` supplies the API key when no `client` is given; pass one client to
    reuse its connection over a run. `post_settings` are those the post is rendered
    with (for the format check).
    """
    started = time.monotonic()
    deadline = started + settings.timeout
    with borrowed(client, settings, environ) as chat:
        result = _write(post, analysis, chat, deadline, post_settings or PostSettings())
    report = dataclasses.replace(result.report, seconds=time.monotonic() - started)
    return dataclasses.replace(result, report=report)


def _write(
    post: Post, analysis: Analysis, chat: ChatClient, deadline: float, post_settings: PostSettings
) -> WriteResult:
    out = outline(post, analysis)
    try:
        reply = chat.complete(whole_messages(out), deadline=deadline, schema=whole_schema(out))
    except LlmError as exc:
        return WriteResult(post, WriteReport("whole", (), exc.message))
    draft = read_draft(reply, out)
    if draft.error is not None:
        return WriteResult(post, WriteReport("whole", (), draft.error))
    verdicts: list[Verdict] = []
    failed: dict[int, Problems] = {}
    for unit in draft.units:
        if unit.repeats:
            verdicts.append(Verdict(unit, Outcome.DROPPED, None))
            continue
        problems = judge(unit, unit.text, out.source)
        if problems:
            failed[unit.id] = problems
        verdicts.append(Verdict(unit, Outcome.KEPT, unit.text if not problems else None, problems))
    fixes: dict[int, str] | str = {}
    if failed:
        fixes = _retry([v for v in verdicts if v.unit.id in failed], out, chat, deadline)
        verdicts = [
            _after_retry(v, fixes, out.source) if v.unit.id in failed else v for v in verdicts
        ]
    missing = tuple(
        SentenceOutcome(f, "", Outcome.REPLACED, None, (("format", r),)) for f, r in draft.missing
    )
    written, outcomes, restored = assemble(post, analysis, verdicts, missing, post_settings)
    retry_error = fixes if isinstance(fixes, str) else None
    return WriteResult(written, WriteReport("whole", outcomes), restored, retry_error)


def judge(unit: Unit, text: str, source: str) -> Problems:
    """The format's and the claim guard's problems of `text` written for `unit`."""
    problems = judge_format(unit, text)
    prose = unit.sentence or unit.field == "excerpt"
    pieces = split_sentences(text) if prose else [" ".join(text.split())]
    for piece in pieces:
        found = guard(piece, source, title=not prose)
        if _FRAMING.search(piece) or is_framing(piece) or (not prose and _QUESTION.search(piece)):
            # The post's own announcement ("이번 글에서는 … 살펴보겠습니다"), like a
            # title that asks, names what the post covers and claims nothing: it needs
            # no sentence to support it, no speaker, no tense; its facts (a figure, a
            # name, a quote, a comparison) are still held to the article.
            found = [p for p in found if p.kind in _FACT_KINDS]
        problems += [(p.kind, p.message) for p in found]
    return tuple(dict.fromkeys(problems))


def guard(text: str, source: str, *, title: bool = False) -> list[Problem]:
    """The claim guard's problems of `text`. A title is judged as the sentence it
    names ("삼성전자와 탑재 검증" as "… 검증입니다."), for its facts only (_FACT_KINDS):
    the guard passes a phrase with no predicate as framing, unread, and a title's
    name or figure must still be the article's."""
    if not title:
        return check_facts(text, source)
    if not _CLOSED.search(text):
        text = text.rstrip(" .,!?…") + "입니다."
    return [p for p in check_facts(text, source) if p.kind in _FACT_KINDS]


def _retry(
    failed: Sequence[Verdict], out: Outline, chat: ChatClient, deadline: float
) -> dict[int, str] | str:
    """The fixed text per unit id, or why the retry gave none (no time, the server
    failed, no fixes in the answer: the sentences then fall back all the same)."""
    if time.monotonic() >= deadline:
        return "no time left for a retry"
    listed = [
        (v.unit.id, where(v.unit), v.unit.text, "; ".join(f"{k}: {m}" for k, m in v.problems))
        for v in failed
    ]
    ids = [v.unit.id for v in failed]
    try:
        reply = chat.complete(fix_messages(out, listed), deadline=deadline, schema=fix_schema(ids))
    except LlmError as exc:
        return f"retry failed: {exc.message}"
    data = parse_json_object(reply)
    items = data.get("fixes") if data is not None else None
    if not isinstance(items, list):
        return "the retry's answer holds no fixes"
    fixes: dict[int, str] = {}
    for item in items:
        if isinstance(item, Mapping):
            unit_id, text = item.get("id"), item.get("text")
            if isinstance(unit_id, int) and unit_id in ids and isinstance(text, str):
                fixes.setdefault(unit_id, " ".join(text.split()))
    return fixes


def _after_retry(verdict: Verdict, fixes: dict[int, str] | str, source: str) -> Verdict:
    """RETRIED when the retry's text for the unit passes; else REPLACED (the layout
    finds what stands instead), with the retry's problems after the first ones. A
    retry that gave nothing for the unit adds no problem: the guard found none."""
    fix = fixes.get(verdict.unit.id) if isinstance(fixes, dict) else None
    if fix is None:
        return dataclasses.replace(verdict, outcome=Outcome.REPLACED)
    again = judge(verdict.unit, fix, source)
    if not again:
        return dataclasses.replace(verdict, outcome=Outcome.RETRIED, text=fix)
    problems = tuple(dict.fromkeys((*verdict.problems, *again)))
    return dataclasses.replace(verdict, outcome=Outcome.REPLACED, problems=problems)
