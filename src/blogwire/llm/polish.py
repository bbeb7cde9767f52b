"""polish_post: the extractive post, reworded by an LLM where the guard allows.

One request, one retry for the fields that broke a rule (the retry prompt names
the violations), then the extractive text for every field still failing. The
whole exchange runs against one deadline, `LlmSettings.timeout` seconds per
post, and no failure of the server - down, refusing, slow, talking nonsense -
raises: the extractive post comes back with the reason, and the run goes on.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping
from dataclasses import dataclass

from blogwire.errors import LlmError
from blogwire.llm.answer import (
    Answer,
    Candidate,
    read_answer,
    response_schema,
    section_field,
)
from blogwire.llm.client import ChatClient, borrowed
from blogwire.llm.plan import Plan, Polish, make_plan, rebuild
from blogwire.llm.prompt import first_messages, retry_messages
from blogwire.llm.report import Outcome, SentenceOutcome, WriteReport
from blogwire.llm.write import guard
from blogwire.models import Analysis, Post
from blogwire.render.check import check_post
from blogwire.render.seed import render_post
from blogwire.settings import LlmSettings, PostSettings

__all__ = ["FieldFallback", "PolishResult", "polish_post"]


@dataclass(frozen=True, slots=True)
class FieldFallback:
    """A field that kept the extractive text, and why."""

    field: str
    reason: str
    # One word for a run summary to count by: the first guard violation's kind
    # ("number", "name", "negation", …, see claims.KINDS), or "format",
    # "missing", "unreadable", "highlight".
    kind: str = "format"

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}"


@dataclass(frozen=True, slots=True)
class PolishResult:
    post: Post
    kept: tuple[str, ...]  # fields whose text is the LLM's
    fallbacks: tuple[FieldFallback, ...]  # fields that kept the extractive text
    error: str | None  # the server could not be used at all; then post is the extractive one
    seconds: float = 0.0  # time spent on the model, retry included
    texts: tuple[tuple[str, str], ...] = ()  # (field, the model's text) of every field given

    @property
    def report(self) -> WriteReport:
        """The run summary's, the store's and the desk's account of this polish: each
        field the model gave is one written unit, kept or replaced by the extractive text."""
        given = dict(self.texts)
        kept = [
            SentenceOutcome(f, given.get(f, ""), Outcome.KEPT, given.get(f, "")) for f in self.kept
        ]
        replaced = [
            SentenceOutcome(
                f.field, given.get(f.field, ""), Outcome.REPLACED, None, ((f.kind, f.reason),)
            )
            for f in self.fallbacks
        ]
        return WriteReport("polish", (*kept, *replaced), self.error, self.seconds)


def polish_post(
    post: Post,
    analysis: Analysis,
    settings: LlmSettings,
    *,
    environ: Mapping[str, str],
    client: ChatClient | None = None,
    post_settings: PostSettings | None = None,
) -> PolishResult:
    """Let the LLM at `settings.base_url` reword `post` (made from `analysis`).

    `environ` supplies the API key (the variable named by `settings.api_key_env`)
    when no `client` is given; pass one client to reuse its connection over a run.
    `post_settings` are those the post is rendered with (for the format check).
    """
    started = time.monotonic()
    deadline = started + settings.timeout
    with borrowed(client, settings, environ) as chat:
        result = _polish(post, analysis, chat, deadline, post_settings or PostSettings())
    return dataclasses.replace(result, seconds=time.monotonic() - started)


def _polish(
    post: Post, analysis: Analysis, chat: ChatClient, deadline: float, post_settings: PostSettings
) -> PolishResult:
    plan = make_plan(post, analysis)
    messages = first_messages(plan)
    try:
        reply = chat.complete(messages, deadline=deadline, schema=response_schema(plan))
    except LlmError as exc:
        return PolishResult(post, (), (), exc.message)
    first = read_answer(reply, plan)
    texts = dict(first.values)
    accepted, rejected = _judge(first, plan)
    # A highlight stays verbatim whatever the model says: nothing to ask again.
    retry = {f: r for f, r in rejected.items() if r.kind != "highlight"}
    if retry:
        if time.monotonic() >= deadline:
            rejected |= {f: _noted(r, "no time left for a retry") for f, r in retry.items()}
        else:
            try:
                again = chat.complete(
                    retry_messages(
                        plan, [(f, r.reason) for f, r in retry.items()], dict(first.values)
                    ),
                    deadline=deadline,
                    schema=response_schema(plan, only=retry),
                )
            except LlmError as exc:
                note = f"retry failed: {exc.message}"
                rejected |= {f: _noted(r, note) for f, r in retry.items()}
            else:
                second = read_answer(again, plan)
                texts |= {f: t for f, t in second.values if f in retry}
                fixed, still = _judge(second, plan)
                for field in retry:
                    if field in fixed:
                        accepted[field] = fixed.pop(field)
                        del rejected[field]
                    else:
                        left_out = FieldFallback(field, "the retry left it out", "missing")
                        rejected[field] = _noted(still.get(field, left_out), "after a retry")
    assembled = _assemble(post, plan, accepted, rejected, post_settings)
    return dataclasses.replace(assembled, texts=tuple(texts.items()))


def _noted(fallback: FieldFallback, note: str) -> FieldFallback:
    return dataclasses.replace(fallback, reason=f"{fallback.reason} ({note})")


def _judge(answer: Answer, plan: Plan) -> tuple[dict[str, Candidate], dict[str, FieldFallback]]:
    """Candidates that pass the format and the fact guard; why not, for the rest."""
    if answer.unreadable is not None:
        unreadable = answer.unreadable
        return {}, {f: FieldFallback(f, unreadable, "unreadable") for f in _required(plan)}
    accepted: dict[str, Candidate] = {}
    rejected = {f: FieldFallback(f, reason, kind) for f, kind, reason in answer.problems}
    source = "\n".join(plan.sources)
    for candidate in answer.candidates:
        # The claim guard, as the whole-post writer judges: a rewrite is supported by
        # whichever source sentences say it, not only the one it was offered for.
        title = candidate.field in {"title", "headline"} or candidate.field.startswith("section")
        violations = guard(candidate.text, source, title=title)
        if violations:
            reason = "; ".join(str(v) for v in violations)
            rejected[candidate.field] = FieldFallback(candidate.field, reason, violations[0].kind)
        else:
            accepted[candidate.field] = candidate
    return accepted, rejected


def _required(plan: Plan) -> list[str]:
    fields = ["title", "headline", "intro", "conclusion"]
    return fields + [section_field(n) for n in range(1, len(plan.sections) + 1)]


def _assemble(
    post: Post,
    plan: Plan,
    accepted: Mapping[str, Candidate],
    rejected: Mapping[str, FieldFallback],
    post_settings: PostSettings,
) -> PolishResult:
    """Put the accepted fields in one at a time, each only if the post still passes
    the format check as well as the extractive post did."""
    baseline = _format_problems(post, post_settings)
    polish = Polish(section_titles=(None,) * len(post.sections))
    kept: list[str] = []
    fallbacks = list(rejected.values())
    for candidate in sorted(accepted.values(), key=lambda c: _order(c.field)):
        trial = _with(polish, candidate)
        new = _format_problems(rebuild(post, plan, trial), post_settings) - baseline
        if new:
            fallbacks.append(
                FieldFallback(
                    candidate.field, f"breaks the post format: {sorted(new)[0]}", "format"
                )
            )
            continue
        polish = trial
        kept.append(candidate.field)
    fallbacks.sort(key=lambda f: _order(f.field))
    return PolishResult(rebuild(post, plan, polish), tuple(kept), tuple(fallbacks), None)


def _with(polish: Polish, candidate: Candidate) -> Polish:
    field, text = candidate.field, candidate.text
    if field == "title":
        return dataclasses.replace(polish, title=text)
    if field == "headline":
        return dataclasses.replace(polish, headline=text)
    if field == "intro":
        return dataclasses.replace(polish, intro=text)
    if field == "conclusion":
        return dataclasses.replace(polish, conclusion=text)
    if field.startswith("section") and candidate.index is not None:
        titles = list(polish.section_titles)
        titles[candidate.index] = text
        return dataclasses.replace(polish, section_titles=tuple(titles))
    assert candidate.index is not None  # sentence rewrites always carry their index
    return dataclasses.replace(polish, rewrites=(*polish.rewrites, (candidate.index, text)))


def _format_problems(post: Post, settings: PostSettings) -> set[str]:
    rendered = render_post(post, settings)
    return {p.message for p in check_post(rendered.text, rendered.path, settings)}


def _order(field: str) -> tuple[int, int]:
    """Fields in the order a reader meets them."""
    fixed = {"title": 0, "headline": 1, "intro": 2, "conclusion": 9}
    if field in fixed:
        return fixed[field], 0
    number = int("".join(ch for ch in field if ch.isdigit()) or 0)
    return (3, number) if field.startswith("section") else (4, number)
