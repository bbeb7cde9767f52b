"""The renderer reproduces the reference post exactly from a Post that holds its content."""

from __future__ import annotations

import datetime as dt
import re

import yaml

from blogwire.models import Highlight, Paragraph, Post, Section, SourceCredit, Span
from blogwire.render.check import check_post
from blogwire.render.seed import render_post, yaml_scalar
from blogwire.settings import SEED_IMAGE, PostSettings

R, B, T = Highlight.RED, Highlight.BLUE, Highlight.TINT


def _p(*parts: str | tuple[str, Highlight]) -> Paragraph:
    return Paragraph(tuple(Span(p) if isinstance(p, str) else Span(p[0], p[1]) for p in parts))


def seed_as_post() -> Post:
    excerpt = (
        "대통령실이 바이든 대선 후보직 사퇴에 대한 입장을 밝혔다. 한·미 동맹은 초당적 지지를 받으며, "
        "대선과 관계없이 지속적으로 강화될 것이라는 메시지를 전했다. "
        "이 글에서 한·미 관계의 향후 방향성을 살펴보자!"
    )
    return Post(
        title="한·미 동맹 초당적 지지의 비밀은 무엇?",
        headline="한·미 동맹의 미래와 외교 전략",
        excerpt=excerpt,
        image=SEED_IMAGE,
        categories=("News",),
        intro=_p(
            "한·미 동맹은 역사적으로 중요한 외교적 관계이며, 최근의 정치 상황에도 불구하고 ",
            ("이 동맹은 지속적으로 발전할 것으로 예상됩니다", R),
            ". 그 이유는 미국 내 초당적인 지지와 두 나라의 전략적 협력이 있기 때문입니다. 따라서, 이번 글에서는 "
            "한·미 동맹이 앞으로 어떻게 전개될 것인지에 대해 좀 더 구체적으로 다뤄보겠습니다.",
        ),
        sections=(
            Section(
                "한·미 동맹이 굳건한 이유",
                _p(
                    ("한·미 동맹은 정치적 변화에도 불구하고 강력한 기반을 가지고 있습니다", B),
                    ". 대통령실은 조 바이든 미국 대통령의 대선 후보직 사퇴와 관련하여 한·미 동맹에 대한 지지는 "
                    "초당적이라고 강조했습니다. 이는 두 나라 관계의 안정성을 시사하는 중요한 요소입니다. "
                    "한·미 동맹의 기초는 경제, 군사, 정치적으로 매우 철저하게 준비되어 있으며, "
                    "이 기반은 앞으로도 지속될 것입니다.",
                ),
            ),
            Section(
                "정상회담의 영향",
                _p(
                    ("지난 11일 한·미 정상회담에서 나온 핵억제 및 핵작전 지침의 승인", T),
                    "은 동맹의 긴밀한 협력을 보여주는 중요한 사례입니다. 대통령실 고위 관계자는 이 결정이 미국의 "
                    "국내 정치 상황과 무관하다고 밝혔습니다. 이는 두 나라가 긴밀히 협력하여 핵안보 문제에 "
                    "대응하고 있다는 신뢰를 제공합니다.",
                ),
            ),
            Section(
                "미국 측의 협력 의지",
                _p(
                    (
                        "한국 정부는 한·미 글로벌 포괄 전략 동맹을 지속 발전시키기 위해 미국 측과 계속 긴밀히 "
                        "협력을 이어갈 것입니다",
                        B,
                    ),
                    ". 외교부도 이와 같은 입장을 확인하며, 한·미 동맹의 격상된 중요성을 언급했습니다. "
                    "이는 앞으로의 외교 전략에 큰 영향을 미칠 것입니다.",
                ),
            ),
            Section(
                "한·미 동맹의 향후 과제",
                _p(
                    "한·미 동맹은 많은 도전 과제에 직면해 있습니다. ",
                    ("이러한 과제를 해결하기 위해서는 더욱 강력한 협의가 필요합니다", T),
                    ". 특히, 북한의 핵 위협과 아시아 태평양 지역의 안보 문제는 두 나라가 해결해야 할 시급한 "
                    "사안들 중 하나입니다. 이와 같은 문제를 해결하기 위한 효과적인 방안을 모색하는 것이 앞으로의 "
                    "과제가 될 것입니다.",
                ),
            ),
        ),
        conclusion=_p(
            "결론적으로, 한·미 동맹은 미국 내 정치 변화에도 불구하고 계속해서 견고하게 발전할 것으로 "
            "전망됩니다. 각국의 정부는 ",
            ("동맹을 지속하고 강화하기 위해 최선을 다할 것", R),
            "이며, 이는 앞으로의 외교정책에도 큰 영향을 미칠 것입니다. 더불어, 한·미 관계의 중요성이 "
            "더욱 부각될 수 있는 기회가 될 것입니다.",
        ),
        credits=(),
        date=dt.date(2024, 7, 22),
        slug="seed",
    )


def _normalize(text: str) -> str:
    # The seed has stray spaces before two </p> and extra blank lines at the end: noise,
    # not format.
    return re.sub(r" +</p>", "</p>", text).rstrip("\n") + "\n"


def test_render_reproduces_the_seed_post_exactly(seed_post: str) -> None:
    rendered = render_post(seed_as_post(), PostSettings())
    assert _normalize(rendered.text) == _normalize(seed_post)


def test_rendered_seed_passes_check_without_source() -> None:
    rendered = render_post(seed_as_post(), PostSettings())
    assert check_post(rendered.text, "seed", PostSettings(), require_source=False) == []
    problems = check_post(rendered.text, "seed", PostSettings(), require_source=True)
    assert [p.message for p in problems] == ['no source credit line (<p data-blogwire="source">)']


def test_source_credit_block_sits_after_the_conclusion_and_escapes_text() -> None:
    post = seed_as_post()
    credit = SourceCredit(
        outlet="한빛<일보>", url="https://news.example/a?b=1&c=2", title='제목 "따옴표" <script>'
    )
    rendered = render_post(Post(**{**_fields(post), "credits": (credit,)}), PostSettings())
    lines = rendered.text.rstrip("\n").split("\n")
    assert lines[-1].startswith("유용한 생활 정보가 필요하시다면, ")
    assert lines[-2] == (
        '<p data-blogwire="source">출처: 한빛&lt;일보&gt;, <a href="https://news.example/a?b=1&amp;c=2"'
        ' target="_blank" rel="noopener nofollow">제목 "따옴표" &lt;script&gt;</a></p>'
    )
    assert check_post(rendered.text, "x", PostSettings()) == []


def test_title_is_quoted_only_when_yaml_needs_it() -> None:
    assert (
        yaml_scalar("한·미 동맹 초당적 지지의 비밀은 무엇?")
        == "한·미 동맹 초당적 지지의 비밀은 무엇?"
    )
    for title in ["물가: 무엇이 달라지나", "#1 뉴스", "'인용' 제목", "---", "a # b", "- 목록"]:
        dumped = yaml_scalar(title)
        assert dumped != title
        assert yaml.safe_load(f"title: {dumped}")["title"] == title


def test_front_matter_round_trips_hostile_titles() -> None:
    for title in ['제목: "따옴표" & #해시', "---", "줄\n바꿈", "이모지 🚀 제목"]:
        post = Post(**{**_fields(seed_as_post()), "title": title})
        text = render_post(post, PostSettings()).text
        front = yaml.safe_load(text.split("---\n")[1])
        assert front["title"] == " ".join(title.split())
        assert list(front) == ["title", "categories", "excerpt", "feature_text", "image"]


def _fields(post: Post) -> dict[str, object]:
    return {name: getattr(post, name) for name in Post.__dataclass_fields__}
