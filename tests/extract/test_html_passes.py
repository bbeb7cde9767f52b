"""How extract_html reads a page: one parse, trafilatura's fast mode first, its full
cascade (on the page parsed again) where fast mode finds little, the Next.js payload only
when the markup is empty."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import lxml.html
import pytest
import trafilatura

import blogwire.extract.html as html_module
from blogwire.demo import demo_pages
from blogwire.extract.html import FULL_PASS_BELOW, extract_html
from blogwire.models import Document

PARAGRAPHS = (
    "가람시가 내년 1월부터 시내버스와 도시철도 기본요금을 150원씩 올린다. 시는 지난 5일 "
    "시민 공청회를 거친 뒤 물가대책위원회 심의를 통과한 조정안을 확정했다고 밝혔다.",
    "요금 인상은 2019년 이후 7년 만이다. 성인 기준 시내버스 요금은 1400원에서 1550원으로, "
    "도시철도 요금은 1450원에서 1600원으로 오른다. 청소년과 어린이 요금은 동결한다.",
    "시는 누적된 운송 적자를 인상 이유로 들었다. 지난해 시내버스 준공영제 재정 지원금은 "
    "1200억 원을 넘어섰고 도시철도 운영 적자도 해마다 늘고 있다고 시는 설명했다.",
    "시민 반응은 엇갈렸다. 시민단체는 서비스 개선이 먼저라며 배차 간격 단축과 노선 개편을 "
    "요구했고, 시는 내년 상반기까지 노선 개편안을 내놓겠다고 답했다.",
)
TEASER = "<p class='summary'>가람시가 대중교통 요금을 올린다. 인상은 7년 만이다.</p>"


def _page(body: str) -> str:
    return (
        '<html><head><meta property="og:title" content="가람시 대중교통 요금 150원 인상">'
        f"</head><body><div class='wrap'>{body}</div></body></html>"
    )


def _counting(calls: list[Any], function: Callable[..., Any]) -> Callable[..., Any]:
    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append((args, kwargs))
        return function(*args, **kwargs)

    return counted


@pytest.fixture
def spies(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Any]]:
    """Calls to lxml's HTML parsing (trafilatura's load_html goes through it too, and so
    does its readability fallback, on the summary it makes), to blogwire's parse of a page,
    to trafilatura.bare_extraction and to the Next.js payload scan."""
    calls: dict[str, list[Any]] = {"parse": [], "page": [], "extract": [], "payload": []}
    monkeypatch.setattr(html_module, "_parse", _counting(calls["page"], html_module._parse))
    for name in ("document_fromstring", "fragment_fromstring"):
        monkeypatch.setattr(lxml.html, name, _counting(calls["parse"], getattr(lxml.html, name)))
    monkeypatch.setattr(
        trafilatura, "bare_extraction", _counting(calls["extract"], trafilatura.bare_extraction)
    )
    monkeypatch.setattr(
        html_module,
        "_next_payload_html",
        _counting(calls["payload"], html_module._next_payload_html),
    )
    return calls


def test_a_news_page_is_parsed_once_and_extracted_in_fast_mode(
    spies: dict[str, list[Any]],
) -> None:
    pages = demo_pages()
    assert pages, "no bundled demo pages: the loop would check nothing"
    for page in pages:
        for calls in spies.values():
            calls.clear()
        text = page.read_text(encoding="utf-8")
        article = extract_html(Document(origin=page.name, text=text, kind="html"))
        assert article.paragraphs
        assert len(spies["parse"]) == 1, page.name  # og: tags, text and metadata share it
        assert not spies["payload"], page.name  # its scripts are never scanned
        [(args, kwargs)] = spies["extract"]
        assert isinstance(args[0], lxml.html.HtmlElement)  # the tree, not the text again
        assert kwargs["fast"] is True
        assert not kwargs.get("with_metadata")  # metadata is read once, by meta.page_info


def test_the_full_cascade_finds_the_body_fast_mode_misses(spies: dict[str, list[Any]]) -> None:
    # fast mode keeps only the teaser of a body in <font> lines; readability finds it all
    page = _page(TEASER + "<font>" + "<br>".join(PARAGRAPHS) + "</font>")
    teaser = html_module._text(trafilatura.load_html(page), None, "p.html", fast=True)
    assert teaser is not None and len(teaser) < FULL_PASS_BELOW
    spies["extract"].clear()
    article = extract_html(Document(origin="p.html", text=page, kind="html"))
    assert [kwargs["fast"] for _, kwargs in spies["extract"]] == [True, False]
    assert all(p in article.text for p in PARAGRAPHS)
    # the fast pass pruned the parsed page in place; the full pass reads the raw page
    assert len(spies["page"]) == 2


def test_a_body_fast_mode_finds_nothing_in_is_still_found() -> None:
    spans = "".join(f"<span>{p}</span>" for p in PARAGRAPHS)
    article = extract_html(Document(origin="p.html", text=_page(spans), kind="html"))
    assert all(p in article.text for p in PARAGRAPHS)
    assert article.title == "가람시 대중교통 요금 150원 인상"


def test_the_nextjs_payload_is_scanned_and_parsed_once(spies: dict[str, list[Any]]) -> None:
    # a short payload body: both passes run over it, the payload is built only once
    payload = "".join(f'<p class=\\"editor-p\\">{p}</p>' for p in PARAGRAPHS[:2])
    page = (
        '<html><head><meta property="og:title" content="요금 인상"/></head><body>'
        f'<div id="root"></div><script>self.__next_f.push([1,"{payload}"])</script></body></html>'
    )
    article = extract_html(Document(origin="next.html", text=page, kind="html"))
    assert article.paragraphs[0].startswith("가람시가 내년 1월부터")
    assert len(spies["payload"]) == 1
    assert len(spies["page"]) == 3  # the page for each pass, the payload once
    assert [kwargs["fast"] for _, kwargs in spies["extract"]] == [True, True, False, False]


@pytest.mark.parametrize("fast", [True, False])
def test_trafilatura_leaves_the_tree_it_is_given_as_it_was(fast: bool) -> None:
    # the metadata is read from the same tree after the extraction: trafilatura must
    # prune a copy, not the tree itself
    page = next(iter(demo_pages())).read_text(encoding="utf-8")
    tree = trafilatura.load_html(page)
    before = lxml.html.tostring(tree)
    assert html_module._text(tree, None, "p.html", fast=fast)
    assert lxml.html.tostring(tree) == before
