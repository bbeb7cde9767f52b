"""Deletion-only compression never changes what a sentence says."""

from __future__ import annotations

import re

import pytest

from blogwire.compose.compress import compress


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "경주=뉴스1 12일 규모 5.8의 지진이 발생한 경주시에선 복구 작업이 이뤄지고 있다.",
            "12일 규모 5.8의 지진이 발생한 경주시에선 복구 작업이 이뤄지고 있다.",
        ),
        (
            "매년 2만명 가까이 발생하는 심정지(心停止) 환자의 생존이 걸린 시간이다.",
            "매년 2만명 가까이 발생하는 심정지 환자의 생존이 걸린 시간이다.",
        ),
        ("칠레는 강화된 내진(耐震) 기준을 적용했다.", "칠레는 강화된 내진 기준을 적용했다."),
        ("맞춤형(tailored) 규제를 정비한다.", "맞춤형 규제를 정비한다."),
    ],
)
def test_what_is_left_out(text: str, expected: str) -> None:
    assert compress(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "한국원자력안전기술원(KINS)은 장비 3대를 설치했다.",  # a name the article may use again
        "중국인 A 씨(51)를 긴급체포했다.",  # a number
        "그는 “내진(耐震) 설계가 없었다”고 말했다.",  # inside a quote
        "시는 요금을 올리지 않기로 했다.",
        "(서울) 시는 요금을 올렸다.",
    ],
)
def test_what_is_never_touched(text: str) -> None:
    assert compress(text) == text


def test_compression_only_deletes() -> None:
    text = "경주=뉴스1 심정지(心停止) 환자 2만명이 “내진(耐震)”을 말했다."
    out = compress(text)
    assert out != text
    # a subsequence of the original, with every digit and quote mark kept
    it = iter(text)
    assert all(ch in it for ch in out)
    assert re.findall(r"[\d“”]", out) == re.findall(r"[\d“”]", text.replace("뉴스1", "뉴스"))
