"""The whole-post writer's messages: the article and the extractive plan in, one JSON
post out; then one message that asks again for the sentences the guard refused.

Both are one Korean user message (some chat templates drop a system message). The
first is few-shot: an invented article of five sentences and the answer a careful
writer gives, which shows the shape and the blog voice of the reference post without
its inventions (no significance, cause or forecast the article does not state). The
example's title line is `예시 기사:`, so the only line that starts with `기사 제목:` is
the real article's: recordings are filed by that line (tests/llm/replay*).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from blogwire.llm.client import Message
from blogwire.llm.form import LIMITS
from blogwire.llm.plan import dated, highlighted, make_plan
from blogwire.models import Analysis, Post

__all__ = [
    "CHARS_PER_TOKEN",
    "FIXED_LINES",
    "Outline",
    "answer_tokens",
    "estimate_tokens",
    "fix_messages",
    "fix_schema",
    "outline",
    "whole_messages",
    "whole_schema",
]

# Characters of Korean per token, rounded down so the estimate errs high: Gemma 3's
# tokenizer reads the ten demo articles at 1.63 characters a token.
CHARS_PER_TOKEN = 1.3

HEAD = (
    "당신은 한국어 뉴스 블로그 작가입니다. 아래 기사를 읽고, 글의 계획에 맞춰 블로그 글 한 편을 "
    "당신의 말로 새로 씁니다. 말투는 친근한 블로그 글이지만, 사실은 기사에 적힌 것만 씁니다."
)
RULES = (
    "규칙:",
    "- 기사에 없는 사실, 숫자, 날짜, 이름, 인용을 쓰지 마세요. 숫자와 단위, 이름, 따옴표 안의 말은 "
    "기사 그대로 씁니다.",
    "- 기사에 없는 원인('때문에'), 평가('중요한', '큰 영향'), 전망, 비교('최초', '가장')를 "
    "더하지 마세요.",
    "- 누가 한 말인지 밝히세요('…라고 밝혔습니다'). 주장을 사실로, 계획·검토·전망을 확정된 일로, "
    "앞으로 할 일을 이미 한 일로 바꾸지 마세요. 부정은 부정으로, 증가는 증가로 씁니다.",
    "- 모든 문장은 '~습니다' 또는 '~입니다'로 끝냅니다. HTML, 마크다운, 이모지, 번호 목록은 "
    "쓰지 마세요.",
    "- [핵심] 문장은 그대로 글에 들어가 그 부분을 엽니다. 그 문장을 되풀이하지 말고, 그 뒤에 "
    "이어질 문장을 쓰세요.",
    "- JSON 객체 하나로만 답하세요.",
)
KEYS = (
    "답의 키:",
    f"- title: 궁금증을 끄는 글 제목, {LIMITS['title'][1]}자 이내, 질문도 좋습니다",
    f"- headline: 글의 큰 제목, {LIMITS['headline'][1]}자 이내",
    "- excerpt: 2~3문장, 150~250자, 마지막 문장은 글을 읽어 보라고 권합니다",
    "- intro: 도입 [핵심] 문장 뒤에 이어질 2~3문장, 마지막 문장은 "
    "'이번 글에서는 … 살펴보겠습니다.'",
    f"- sections: 계획의 섹션마다 하나씩, 순서대로: title(짧은 소제목, {LIMITS['section'][1]}자 "
    "이내)과 body(그 섹션의 [핵심] 문장 뒤에 이어질 2~4문장)",
    "- conclusion: '결론적으로, ' 뒤의 결론 [핵심] 문장에 이어질 1~2문장",
)
EXAMPLE = (
    "예시 기사: 한빛시, 12월부터 심야버스 3개 노선 신설",
    "[1] 한빛시는 12월 1일부터 심야버스 3개 노선을 새로 운행한다고 3일 밝혔다.",
    "[2] 새 노선은 밤 11시 30분부터 새벽 4시까지 30분 간격으로 다닌다.",
    "[3] 요금은 2500원이며 교통카드로만 낼 수 있다.",
    "[4] 시는 지난해 심야 택시 호출 건수가 전년보다 20% 늘어 노선을 늘리기로 했다고 설명했다.",
    "[5] 시는 이용 실적을 보고 내년에 노선 추가를 검토할 계획이다.",
    "글의 계획 (섹션 2개):",
    "도입 [핵심] 한빛시는 12월 1일부터 심야버스 3개 노선을 새로 운행한다고 밝혔습니다.",
    "섹션 1 (지금 제목: 운행 시간) [핵심] 새 노선은 밤 11시 30분부터 새벽 4시까지 30분 간격으로 "
    "다닙니다.",
    "섹션 2 (지금 제목: 노선을 늘린 이유) [핵심] 시는 지난해 심야 택시 호출 건수가 전년보다 20% "
    "늘어 노선을 늘리기로 했다고 설명했습니다.",
    "결론 [핵심] 결론적으로, 시는 이용 실적을 보고 내년에 노선 추가를 검토할 계획입니다.",
)
EXAMPLE_ANSWER: dict[str, Any] = {
    "title": "한빛시 심야버스 3개 노선, 언제부터 탈 수 있을까?",
    "headline": "한빛시 심야버스 3개 노선 신설, 운행 시간과 요금",
    "excerpt": "한빛시가 12월 1일부터 심야버스 3개 노선을 새로 운행합니다. 새 노선은 밤 11시 "
    "30분부터 새벽 4시까지 다니고, 요금은 2500원입니다. 운행 시간과 요금, 노선을 늘린 이유를 "
    "이 글에서 살펴보세요!",
    "intro": "시는 노선을 늘린 이유도 함께 설명했습니다. 이번 글에서는 새 심야버스의 운행 시간과 "
    "요금, 노선을 늘린 이유를 살펴보겠습니다.",
    "sections": [
        {
            "title": "운행 시간과 요금",
            "body": "버스는 30분마다 한 대씩 다닙니다. 요금은 2500원이며, 교통카드로만 낼 수 "
            "있습니다.",
        },
        {
            "title": "노선을 늘린 이유",
            "body": "한빛시에 따르면 지난해 심야 택시 호출은 한 해 "
            "전보다 20% 많았습니다. 시는 이 수요를 근거로 노선을 늘리기로 했다고 밝혔습니다.",
        },
    ],
    "conclusion": "노선을 더 늘릴지는 아직 검토 단계입니다. 시는 이용 실적을 보고 정할 계획입니다.",
}
ASK = "이제 아래 기사로 같은 형식의 답을 쓰세요."
FIX_ASK = (
    "앞서 쓴 글의 다음 부분이 기사와 맞지 않거나 형식을 어겼습니다. 문제를 고쳐 id마다 "
    "하나씩 다시 쓰세요. 기사에 없는 내용은 빼고, 기사에 적힌 사실로만 씁니다."
)
FIX_KEYS = '답은 {"fixes": [{"id": 번호, "text": "고친 글"}]} 모양의 JSON 하나입니다.'
# Every line of the prompts that does not depend on the article (helper R's replay
# and docs/llm.md quote them).
EXAMPLE_LINE = "답: " + json.dumps(EXAMPLE_ANSWER, ensure_ascii=False)
FIXED_LINES: tuple[str, ...] = (HEAD, *RULES, *KEYS, *EXAMPLE, EXAMPLE_LINE, ASK, FIX_ASK, FIX_KEYS)


@dataclass(frozen=True, slots=True)
class Outline:
    """What the model is shown: the article and the extractive post's plan."""

    article_title: str
    sentences: tuple[str, ...]  # the usable sentences, relative dates resolved
    intro_key: str
    sections: tuple[tuple[str, str], ...]  # (current title, key sentence)
    conclusion_key: str  # with its "결론적으로, "
    source: str  # what the guard checks against: title, text, dated sentences, note


def outline(post: Post, analysis: Analysis) -> Outline:
    plan = make_plan(post, analysis)
    originals = dated(analysis)
    usable = tuple(originals[s.index] for s in analysis.sentences if analysis.usable[s.index])
    return Outline(
        article_title=analysis.article.title,
        sentences=tuple(dict.fromkeys(usable)),  # a sentence the page repeats, once
        intro_key=plan.intro_key,
        sections=tuple((s.title, highlighted(s.body)) for s in post.sections),
        conclusion_key=plan.conclusion_key,
        source="\n".join(plan.sources),
    )


def _article_lines(out: Outline) -> list[str]:
    lines = [f"기사 제목: {out.article_title}"]
    lines += [f"[{n}] {text}" for n, text in enumerate(out.sentences, 1)]
    return lines


def whole_messages(out: Outline) -> list[Message]:
    lines = [HEAD, "", *RULES, "", *KEYS, "", *EXAMPLE, EXAMPLE_LINE, "", ASK]
    lines += _article_lines(out)
    lines.append(f"글의 계획 (섹션 {len(out.sections)}개):")
    lines.append(f"도입 [핵심] {out.intro_key}")
    for number, (title, key) in enumerate(out.sections, 1):
        lines.append(f"섹션 {number} (지금 제목: {title}) [핵심] {key}")
    lines.append(f"결론 [핵심] {out.conclusion_key}")
    lines.append("답:")
    return [Message("user", "\n".join(lines))]


def _text(kind: str) -> dict[str, Any]:
    low, high = LIMITS[kind]
    # room past the limit: a grammar-bound model cut at maxLength writes a value that
    # is too long, which is refused as such, rather than a cut one that might pass
    return {"type": "string", "minLength": low, "maxLength": high + high // 2}


PROSE_MAX = 600  # characters of one prose field in the schema: 4 sentences and room


def whole_schema(out: Outline) -> dict[str, Any]:
    prose = {"type": "string", "minLength": 5, "maxLength": PROSE_MAX}
    section = {
        "type": "object",
        "properties": {"title": _text("section"), "body": prose},
        "required": ["title", "body"],
        "additionalProperties": False,
    }
    count = len(out.sections)
    properties = {
        "title": _text("title"),
        "headline": _text("headline"),
        "excerpt": _text("excerpt"),
        "intro": prose,
        "sections": {"type": "array", "items": section, "minItems": count, "maxItems": count},
        "conclusion": prose,
    }
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def fix_messages(out: Outline, failed: Sequence[tuple[int, str, str, str]]) -> list[Message]:
    """The article again and each failed unit: (id, where in Korean, text, problems)."""
    lines = [HEAD, "", *RULES, "", *_article_lines(out), "", FIX_ASK]
    for unit_id, where, text, problems in failed:
        lines.append(f"[id {unit_id}] ({where}) {text} / 문제: {problems}")
    lines.append(FIX_KEYS)
    return [Message("user", "\n".join(lines))]


def fix_schema(ids: Sequence[int]) -> dict[str, Any]:
    item = {
        "type": "object",
        "properties": {
            "id": {"type": "integer", "enum": list(ids)},
            "text": {"type": "string", "minLength": 2, "maxLength": PROSE_MAX},
        },
        "required": ["id", "text"],
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "properties": {"fixes": {"type": "array", "items": item, "maxItems": len(ids)}},
        "required": ["fixes"],
        "additionalProperties": False,
    }


def estimate_tokens(text: str) -> int:
    """Tokens `text` takes, estimated high (CHARS_PER_TOKEN)."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)


# Characters of a whole answer: the fixed fields and JSON, and each section's.
ANSWER_FIXED_CHARS, ANSWER_SECTION_CHARS = 900, 300


def answer_tokens(out: Outline) -> int:
    """Tokens a whole answer for `out` takes, estimated high."""
    return estimate_tokens("가" * (ANSWER_FIXED_CHARS + ANSWER_SECTION_CHARS * len(out.sections)))
