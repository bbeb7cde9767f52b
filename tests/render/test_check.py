"""`check` accepts the seed shape and names each way a post can break it."""

from __future__ import annotations

import pytest

from blogwire.render.check import check_post
from blogwire.settings import SEED_IMAGE, PostSettings


def _problems(text: str, *, require_source: bool = False) -> list[str]:
    return [
        p.message
        for p in check_post(text, "post.md", PostSettings(), require_source=require_source)
    ]


def test_seed_post_passes_without_source(seed_post: str) -> None:
    assert _problems(seed_post) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("title: 한·미", "title: 'a' b 한·미", "front matter is not valid YAML"),
        ("categories:\n  - News", "categories: [News]", "categories must be a block list"),
        (
            "feature_text: >\n  대통령실이",
            "feature_text: >\n  다른 대통령실이",
            "feature_text must equal excerpt",
        ),
        (f"image: '{SEED_IMAGE}'", f'image: "{SEED_IMAGE}"', "image must be single-quoted"),
        ('<h2 data-ke-size="size26">', "<h3>", "second block must be <h2"),
        (
            '<b><span style="color: #1a5490;">한·미 동맹은 정치적',
            "<b>한·미 동맹은 정치적",
            "section 1 body must have exactly one highlight",
        ),
        ("<p>결론적으로, ", "<p>", "conclusion must be one <p> beginning '결론적으로,'"),
        (
            "<p>정상회담의 영향</p>",
            "<p><b>정상회담</b></p>",
            "section 2 title must be a short plain-text <p>",
        ),
        (
            "제공합니다. </p>",
            "제공합니다.<script>alert(1)</script></p>",
            "tag <script> is not allowed in a post",
        ),
        (
            '<a href="https://onioninfo.kr"',
            '<a href="javascript:alert(1)"',
            "href on <a> must be an http(s) URL",
        ),
        (
            "<p>한·미 동맹은 역사적으로",
            '<p onclick="x()">한·미 동맹은 역사적으로',
            "attribute onclick on <p> is not allowed",
        ),
    ],
)
def test_each_break_of_the_format_is_named(
    seed_post: str, old: str, new: str, expected: str
) -> None:
    assert old in seed_post
    broken = seed_post.replace(old, new, 1)
    problems = _problems(broken)
    assert any(p.startswith(expected) for p in problems), problems


def test_removing_a_spacer_merges_blocks_and_fails(seed_post: str) -> None:
    spacer = '<p data-ke-size="size16">&nbsp;</p>\n\n<p>정상회담의 영향</p>'
    broken = seed_post.replace(spacer, "<p>정상회담의 영향</p>")
    assert _problems(broken)


def test_too_few_sections_fail(seed_post: str) -> None:
    start = seed_post.index('<p data-ke-size="size16">&nbsp;</p>\n\n<p>미국 측의 협력 의지</p>')
    end = seed_post.index("<p>결론적으로")
    cut = seed_post[:start] + seed_post[end - len('<p data-ke-size="size16">&nbsp;</p>\n\n') :]
    # drop sections 3 and 4 -> 2 sections
    assert "post has 2 sections, expected 3-5" in _problems(cut)


def test_source_required_by_default(seed_post: str) -> None:
    assert "no source credit line" in _problems(seed_post, require_source=True)[0]


def test_missing_front_matter() -> None:
    assert _problems("no front matter") == ["no front matter between '---' lines"]
