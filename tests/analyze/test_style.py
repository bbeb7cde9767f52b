"""The 해라체 → 합쇼체 converter against a hand-written set of news sentences."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from blogwire.analyze.style import to_polite, to_polite_many

PAIRS_PATH = Path(__file__).resolve().parents[1] / "fixtures" / "style" / "pairs.tsv"

# Pinned floor: raise it when the converter improves, never lower it to pass.
MIN_EXACT_MATCH = 0.98
MIN_PAIRS = 200

# Quoted speech in the source. Written independently of the module's own scanner
# so a bug there cannot hide itself. A straight ' next to a Latin letter is an
# apostrophe ("Korea's"); an opener with no closer quotes to the end.
_QUOTE_RES = (
    re.compile(r"“[^”]*(?:”|$)"),
    re.compile(r"‘[^’]*’"),
    re.compile(r'"[^"]*"'),
    re.compile(r"(?<![A-Za-z])'[^']*'(?![A-Za-z])"),
)

# What may follow the final "다": punctuation, whitespace, a "(사진)"-style note.
_TAIL_RE = re.compile(r"다[\s.!…〉》]*(?:\([^()]*\))?[\s.!…)\]]*$")


def _load_pairs() -> list[tuple[str, str]]:
    lines = PAIRS_PATH.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "source\texpected", "pairs.tsv must start with its header"
    pairs: list[tuple[str, str]] = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = line.split("\t")
        assert len(fields) == 2, f"pairs.tsv line {number}: expected 2 fields, got {fields!r}"
        pairs.append((fields[0], fields[1]))
    return pairs


PAIRS = _load_pairs()
SOURCES = [source for source, _ in PAIRS]


@pytest.fixture(scope="module")
def outputs() -> list[str]:
    return [to_polite(source) for source in SOURCES]


def _quoted(text: str) -> list[tuple[int, str]]:
    spans: list[tuple[int, str]] = []
    for pattern in _QUOTE_RES:
        spans.extend((m.start(), m.group()) for m in pattern.finditer(text))
    return spans


def test_pair_set_is_large_and_distinct() -> None:
    assert len(PAIRS) >= MIN_PAIRS, f"only {len(PAIRS)} pairs in {PAIRS_PATH}"
    assert len(set(SOURCES)) == len(SOURCES), "duplicate sources in pairs.tsv"


def test_exact_match_rate(outputs: list[str]) -> None:
    failures = [
        f"  {source}\n    want {expected}\n    got  {got}"
        for (source, expected), got in zip(PAIRS, outputs, strict=True)
        if got != expected
    ]
    rate = 1 - len(failures) / len(PAIRS)
    assert rate >= MIN_EXACT_MATCH, (
        f"exact match {rate:.3f} < {MIN_EXACT_MATCH} ({len(failures)} of {len(PAIRS)}):\n"
        + "\n".join(failures)
    )


def test_quoted_speech_is_never_touched(outputs: list[str]) -> None:
    assert SOURCES, "no pairs: the check below would pass on nothing"
    broken = [
        f"  {source}\n    quote {span!r} at {start}\n    got   {got}"
        for source, got in zip(SOURCES, outputs, strict=True)
        for start, span in _quoted(source)
        if got[start : start + len(span)] != span
    ]
    assert not broken, "quoted spans changed:\n" + "\n".join(broken)


def _common_prefix_len(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def test_only_the_final_ending_changes(outputs: list[str]) -> None:
    """Outside the final "다" → "ᆸ니다"/"습니다", only the last word may differ."""
    broken: list[str] = []
    assert SOURCES, "no pairs: the loop would check nothing"
    for source, got in zip(SOURCES, outputs, strict=True):
        if got == source:
            continue
        tail = _TAIL_RE.search(source)
        tail_text = source[tail.start() + 1 :] if tail else None
        src_core = source[: tail.start()] if tail else source
        out_core = got[: len(got) - len("니다") - len(tail_text or "")]
        p = _common_prefix_len(src_core, out_core)
        ok = (
            tail_text is not None
            and got.endswith("니다" + tail_text)
            and not any(ch.isspace() for ch in src_core[p:] + out_core[p:])
        )
        if not ok:
            broken.append(f"  {source}\n    got {got}")
    assert not broken, "changes outside the final predicate:\n" + "\n".join(broken)


def test_batched_conversion_matches_single(outputs: list[str]) -> None:
    assert to_polite_many(SOURCES) == outputs


def test_batched_conversion_keeps_blank_items() -> None:
    assert to_polite_many(["", "  ", "그는 떠났다."]) == ["", "  ", "그는 떠났습니다."]
    assert to_polite_many([]) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            "한·미 동맹은 중요한 관계이며 협력은 지속될 것이다.",
            "한·미 동맹은 중요한 관계이며 협력은 지속될 것입니다.",
            id="mid-sentence-copula-untouched",
        ),
        pytest.param(
            "김 교수는 “시장이 좋아질 것이다”라고 말했다.",
            "김 교수는 “시장이 좋아질 것이다”라고 말했습니다.",
            id="quoted-ending-untouched",
        ),
        pytest.param("이번 회의는 첫 회의다.", "이번 회의는 첫 회의입니다.", id="elided-copula"),
        pytest.param("이것은 OpenAI다.", "이것은 OpenAI입니다.", id="copula-after-latin"),
        pytest.param("정부는 새 제도를 만든다.", "정부는 새 제도를 만듭니다.", id="rieul-stem"),
        pytest.param("거리가 멀다.", "거리가 멉니다.", id="rieul-adjective"),
        pytest.param("그는 상을 받는다", "그는 상을 받습니다", id="no-period"),
        pytest.param("주가가 폭락했다!", "주가가 폭락했습니다!", id="exclamation"),
        pytest.param("그는 떠났다. ", "그는 떠났습니다. ", id="trailing-space-kept"),
        pytest.param("피의자가 체포되었다.", "피의자가 체포되었습니다.", id="uncontracted-kept"),
        pytest.param("“경제가 곧 회복될 것이다.”", "“경제가 곧 회복될 것이다.”", id="all-quote"),
        pytest.param("위기는 끝났다.”", "위기는 끝났다.”", id="tail-of-split-quote"),
        pytest.param("그는 “위기는 끝났다.", "그는 “위기는 끝났다.", id="head-of-split-quote"),
        pytest.param("정말 그럴까?", "정말 그럴까?", id="question"),
        pytest.param("그는 떠났다?", "그는 떠났다?", id="question-mark-after-da"),
        pytest.param("정부 대책 발표", "정부 대책 발표", id="noun-fragment"),
        pytest.param("회의에 참석했습니다.", "회의에 참석했습니다.", id="already-polite"),
        pytest.param("", "", id="empty"),
    ],
)
def test_named_cases(source: str, expected: str) -> None:
    assert to_polite(source) == expected


try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a test extra
    st = None

if st is not None:
    _SUBJECTS = ["정부는", "회사는", "대표팀은", "연구진은", "시민들은", "한·미 양국은", "OpenAI는"]
    _OBJECTS = ["예산을", "계획을", "결과를", "3.5%의 성장을", "AI 전략을", "신제품을"]
    _PREDICATES = [
        "발표했다",
        "검토한다",
        "받는다",
        "만든다",
        "내놓을 것이다",
        "공개할 예정이다",
        "확정하지 않았다",
        "설명했다",
        "내다봤다",
        "마련하겠다",
    ]
    _QUOTE_WORDS = [
        "시장이", "좋아질", "것이다", "했다.", "아니다", "위기다", "괜찮을까?", "Korea",
        "GDP", "2026년", "1조", "한·일", "끝났다!", "합니다", "크다", "간다",
    ]  # fmt: skip
    _QUOTE_MARKS = [("“", "”"), ("‘", "’"), ('"', '"'), ("'", "'")]

    @st.composite
    def _quoted_sentences(draw: st.DrawFn) -> tuple[str, str]:
        opener, closer = draw(st.sampled_from(_QUOTE_MARKS))
        words = draw(st.lists(st.sampled_from(_QUOTE_WORDS), min_size=1, max_size=5))
        quote = opener + " ".join(words) + closer
        particle = draw(st.sampled_from(["라며", "라는 입장에서", "고 밝히며"]))
        parts = [
            draw(st.sampled_from(_SUBJECTS)),
            quote + particle,
            draw(st.sampled_from(_OBJECTS)),
            draw(st.sampled_from(_PREDICATES)),
        ]
        end = draw(st.sampled_from([".", "", "!"]))
        return " ".join(parts) + end, quote

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_quoted_sentences())
    def test_property_quote_kept_and_only_last_word_changes(case: tuple[str, str]) -> None:
        source, quote = case
        got = to_polite(source)
        assert quote in got
        assert got.index(quote) == source.index(quote)
        head = source.rsplit(" ", 1)[0] + " "
        assert got.startswith(head)
        assert got.rstrip(".!").endswith("니다"), got


def test_polite_sentences_reuses_morphemes_with_the_same_result() -> None:
    from blogwire.analyze.style import polite_sentences
    from blogwire.demo import demo_pages
    from blogwire.pipeline import analyze, read_source
    from blogwire.settings import Settings

    pages = demo_pages()[:4]
    assert pages, "no bundled demo pages: the loop would check nothing"
    for page in pages:
        sentences = analyze(read_source(str(page), Settings().fetch)).sentences
        assert polite_sentences(sentences) == to_polite_many([s.text for s in sentences])
