"""`yaml_scalar` writes a value as PyYAML's emitter would, also where it skips the emitter
(render/seed.py `_surely_plain`: titles and categories of letters, digits, Hangul and a
few marks), and the front matter loads it back as the same string."""

from __future__ import annotations

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from blogwire.render.seed import yaml_scalar

SETTINGS = settings(max_examples=400, deadline=None, database=None, derandomize=True)

# Mostly the characters the shortcut accepts, plus the ones that make the emitter quote
# (":", "#", quotes, a leading "-" or "?", line breaks), so both paths are drawn.
_MOSTLY_PLAIN = st.text(
    alphabet=st.sampled_from(
        [*"aZ09가힣 ,.?!·…()-", ":", "#", "'", '"', "\n", "\t", "é", "@", "%"]
    ),
    max_size=40,
)


def _emitted(value: str) -> str:
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1_000_000, default_flow_style=True)
    return dumped.removesuffix("\n...\n").removesuffix("\n")


@SETTINGS
@given(_MOSTLY_PLAIN)
@example("true")
@example("null")
@example("12")
@example("1.5")
@example("yes")
@example("2024-01-01")
@example("삼성전자 3분기 영업이익, 예상 넘었다")
@example("AI ")
@example("-1")
def test_yaml_scalar_is_what_the_emitter_writes(value: str) -> None:
    assert yaml_scalar(value) == _emitted(value)
    assert yaml.safe_load(f"key: {yaml_scalar(value)}\n") == {"key": value} or "\n" in value
