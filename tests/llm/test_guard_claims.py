"""The claim guard (`blogwire.check_facts`): each kind of problem it names, the
numbers it reads by value, and its floors on the labelled dev set."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

import blogwire
from blogwire.analyze.nlp import kiwi
from blogwire.llm.claims import KINDS
from blogwire.llm.numbers import figures, relative_dates

DEV = Path(__file__).resolve().parents[1] / "fixtures" / "guard" / "dev.jsonl"

ARTICLE = (
    "산업통상자원부는 10월 수출액이 612억 달러로 지난해 같은 달보다 7.8% 늘었다고 2일 밝혔다. "
    "자동차 수출은 62억 달러로 1.5% 감소했다. 설문에는 회원 160명이 참여했고 10명 중 7명이 "
    "정책이 실패했다고 답했다. 정부는 내달 수출 지원책을 내놓을 예정이다. "
    "누리경제연구소 정하윤 선임연구원은 “환전 수요가 환율 상단을 제한하고 있다”고 말했다. "
    "석유화학 수출은 회복되지 않았다. 3주 뒤 무게는 25mg 미만으로 줄었다."
)


def kinds(text: str) -> list[str]:
    return [p.kind for p in blogwire.check_facts(text, ARTICLE)]


def test_the_api_is_exported_lazily_and_returns_problems() -> None:
    code = "import sys, blogwire; print('blogwire.llm.claims' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False"]
    problems = blogwire.check_facts("자동차 수출은 62억 달러로 3.5% 감소했습니다.", ARTICLE)
    assert [(p.kind, p.span) for p in problems] == [("number", "3.5%")]
    assert "3.5%" in problems[0].message


@pytest.mark.parametrize(
    "text",
    [
        "10월 수출액은 612억 달러로 지난해 같은 달보다 7.8% 늘었습니다.",
        "회원 백육십 명이 설문에 참여했고, 열 명 중 일곱 명이 정책이 실패했다고 답했습니다.",
        "정부는 다음 달 수출 지원책을 내놓을 예정입니다.",
        "자동차 수출은 1.5% 줄어 62억 달러였습니다.",
        "정하윤 선임연구원은 “환전 수요가 환율 상단을 제한하고 있다”고 말했습니다.",
        "어떤 내용인지 자세히 살펴보겠습니다.",
    ],
)
def test_faithful_rewrites_pass(text: str) -> None:
    assert blogwire.check_facts(text, ARTICLE) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("자동차 수출은 62억 원으로 1.5% 감소했습니다.", "unit"),
        ("정부는 이달 수출 지원책을 내놓을 예정입니다.", "date"),
        ("김철수 선임연구원은 환율 상단을 제한하고 있다고 말했습니다.", "name"),
        ("석유화학 수출은 회복됐습니다.", "negation"),
        ("자동차 수출은 62억 달러로 1.5% 증가했습니다.", "direction"),
        ("정부는 내달 수출 지원책을 내놓았습니다.", "modality"),
        ("환전 수요가 환율 상단을 제한하고 있습니다.", "attribution"),
        ("설문 참여자 모두가 정책이 실패했다고 답했습니다.", "quantifier"),
        ("3주 뒤 무게는 25mg 이상으로 줄었습니다.", "comparison"),
        ("환율 때문에 자동차 수출은 1.5% 감소했습니다.", "causal"),
        ("반도체 업황 회복으로 내년 수출 전망도 밝습니다.", "invented"),
        ("정하윤 선임연구원은 “환율 상단은 없다”고 말했습니다.", "quote"),
    ],
)
def test_each_kind_of_error_is_named(text: str, kind: str) -> None:
    found = kinds(text)
    assert kind in found, found
    assert set(found) <= set(KINDS)


def test_numbers_are_read_by_value() -> None:
    def values(text: str) -> list[tuple[float, str]]:
        return [(f.value, f.unit) for f in figures(kiwi().tokenize(text), text)]

    assert values("세 명") == values("3명") == [(3.0, "명")]
    assert values("1만2천 달러") == values("12,000달러") == [(12000.0, "달러")]
    assert values("65만 가구") == [(650000.0, "가구")]
    assert values("한 관계자는") == []  # "a certain official", not a count
    assert relative_dates("내달") == relative_dates("다음 달") == {"다음달"}
    assert relative_dates("작년") == relative_dates("지난해")


def test_a_name_from_elsewhere_in_the_article_swapped_in_is_caught() -> None:
    # both players are in the article; the goal is 이도윤's (a slip the replayed model made)
    source = (
        "분위기를 바꾼 것은 교체 카드였다. 후반 12분 투입된 측면 공격수 강하람은 8분 뒤 "
        "왼쪽 측면을 돌파한 뒤 오른발 감아차기로 동점골을 넣었다. 경기 종료 직전인 후반 "
        "47분에는 코너킥 상황에서 수비수 이도윤이 헤더로 역전 결승골을 터뜨렸다. "
        "이도윤의 A매치 데뷔골이다."
    )
    swapped = blogwire.check_facts(
        "후반 47분 코너킥 상황에서 강하람이 헤더로 결승골을 넣었습니다.", source
    )
    assert [p.kind for p in swapped] == ["name"]
    assert "이도윤" in swapped[0].message
    # the right name passes
    assert (
        blogwire.check_facts(
            "후반 47분 코너킥 상황에서 이도윤이 헤더로 결승골을 넣었습니다.", source
        )
        == []
    )


# Floors at the measured values (bench/guard.py) less a small margin: a change that
# loses recall on a kind, or rejects more faithful rewrites, fails here. dev.jsonl is
# the set the rules were tuned on; holdout.jsonl was written after, from other
# articles, and is measured as a whole (it has two or three items per kind).
FLOORS = {
    # file: (overall recall, recall of each error kind, false rejection overall, of each kind)
    "dev.jsonl": (0.90, 0.70, 0.10, 0.20),
    "holdout.jsonl": (0.80, 0.0, 0.16, 1.0),
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_the_labelled_sets_hold_their_floors(name: str) -> None:
    recall_all, recall_each, rejection_all, rejection_each = FLOORS[name]
    path = DEV.parent / name
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    assert len(items) >= (300 if name == "dev.jsonl" else 50)
    flagged: dict[str, list[bool]] = defaultdict(list)
    for item in items:
        problems = blogwire.check_facts(item["text"], " ".join(item["source"]))
        flagged[item["label"]].append(bool(problems))
    errors = [k for k in flagged if k.startswith("error:")]
    faithful = [k for k in flagged if k.startswith("faithful:")]
    assert len(errors) == 15 and len(faithful) == 6
    for label in errors:
        assert sum(flagged[label]) / len(flagged[label]) >= recall_each, label
    for label in faithful:
        assert sum(flagged[label]) / len(flagged[label]) <= rejection_each, label
    caught = [hit for k in errors for hit in flagged[k]]
    rejected = [hit for k in faithful for hit in flagged[k]]
    assert sum(caught) / len(caught) >= recall_all
    assert sum(rejected) / len(rejected) <= rejection_all
