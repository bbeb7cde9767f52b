"""The messages sent to the model: the extractive plan, and a retry that names
what the first answer got wrong.

The prompt is short and in Korean: small local models (llama.cpp at n_ctx 2048)
need room to answer, and answer Korean better when asked in Korean. The rules it
states are the guard's rules; stating them saves a retry, but only the guard
enforces them. It is one user message: some chat templates (Gemma's) drop a
system message, and every server keeps a user's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from blogwire.llm.answer import LIMITS, response_schema
from blogwire.llm.client import Message
from blogwire.llm.plan import Plan

__all__ = ["SYSTEM", "first_messages", "retry_messages"]

SYSTEM = (
    "당신은 한국어 뉴스 블로그 편집자입니다. 주어진 기사 계획으로 블로그 글의 제목과 "
    "도입·마무리 문장을 쓰고, 원하면 번호 붙은 본문 문장을 더 매끄럽게 고칩니다. "
    "JSON 객체 하나로만 답하세요.\n"
    "규칙:\n"
    "- 기사에 없는 숫자, 날짜, 이름, 인용을 쓰지 마세요.\n"
    "- 부정 표현(않았습니다, 없습니다, 못했습니다, 아닙니다)을 긍정으로 바꾸거나, "
    "없는 부정을 더하지 마세요. 증가를 감소로, 감소를 증가로 바꾸지 마세요.\n"
    "- 모든 문장은 '~습니다' 또는 '~입니다'로 끝내세요.\n"
    "- HTML, 마크다운, 이모지를 쓰지 마세요.\n"
    f"- 제목은 {LIMITS['title'][1]}자, 한 줄 소개는 {LIMITS['headline'][1]}자, "
    f"섹션 제목은 {LIMITS['section'][1]}자, 도입과 마무리는 {LIMITS['intro'][1]}자 이내로 쓰세요."
)

KEY_WORDS = {
    "title": "블로그 글 제목",
    "headline": "한 줄 소개",
    "intro": "도입 1~2문장",
    "conclusion": "마무리 1~2문장",
}

# How much of a rejected value the retry prompt quotes back.
QUOTE_CHARS = 60


def first_messages(plan: Plan) -> list[Message]:
    lines = [*_plan_lines(plan), "", "[핵심] 문장은 고치지 마세요."]
    lines.append(_keys(response_schema(plan)))
    return [Message("user", SYSTEM + "\n\n" + "\n".join(lines))]


def retry_messages(
    plan: Plan, problems: Sequence[tuple[str, str]], values: Mapping[str, str]
) -> list[Message]:
    """The plan again, the fields that broke a rule with their values and the
    violations, and a schema asking for those fields only.

    The first answer is not replayed whole: at n_ctx 2048 it would crowd out
    the second.
    """
    listed = []
    for field, reason in problems:
        value = values.get(field)
        shown = f" ({value[:QUOTE_CHARS]!r})" if value else ""
        listed.append(f"- {field}{shown}: {reason}")
    schema = response_schema(plan, only=[field for field, _ in problems])
    lines = [
        *_plan_lines(plan),
        "",
        "앞선 답에서 다음 항목이 규칙을 어겼습니다:",
        *listed,
        "이 항목들만 기사에 있는 사실로 고쳐 JSON으로 다시 답하세요.",
        _keys(schema),
    ]
    return [Message("user", SYSTEM + "\n\n" + "\n".join(lines))]


def _plan_lines(plan: Plan) -> list[str]:
    lines = [f"기사 제목: {plan.article_title}"]
    if plan.keyphrases:
        lines.append(f"핵심어: {', '.join(plan.keyphrases)}")
    lines.append(f"도입 핵심 문장: {plan.intro_key}")
    for number, section in enumerate(plan.sections, 1):
        lines.append(f"섹션 {number} (지금 제목: {section.title})")
        for sentence in section.sentences:
            if sentence.key:
                lines.append(f"[핵심] {sentence.text}")
            elif sentence.offered:
                lines.append(f"[{sentence.index}] {sentence.text}")
    lines.append(f"결론 핵심 문장: {plan.conclusion_key}")
    return lines


def _keys(schema: Mapping[str, Any]) -> str:
    """The answer's keys, described in words. An example answer would be shorter
    to read but a small model copies it verbatim instead of writing."""
    described = []
    for key, spec in schema["properties"].items():
        if key == "section_titles":
            described.append(f"section_titles(섹션 {spec['maxItems']}개의 제목 목록)")
        elif key == "rewrites":
            described.append("rewrites(번호 붙은 본문 문장을 고친 것: id와 text의 목록, 생략 가능)")
        else:
            described.append(f"{key}({KEY_WORDS[key]})")
    return "JSON 키: " + ", ".join(described)
