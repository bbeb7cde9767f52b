"""The hostile-input corpus: every case, its input and its EXPECTED outcome, in one table.

A case is an input a stranger could hand blogwire (a page, a feed, a post file), the
command it goes through (`compose`, `run`, `check`, as a real `python -m blogwire`
process) and what must happen:

- `exit_code`: what this input alone gets, as the README documents (0 everything done,
  1 some feed/article failed or `check` found problems, 2 nothing could be done);
- `message`: a fragment of the one line that names the input (`subject`) — for an
  error, the reason; empty for a clean success;
- `post`: whether a post (or an export) is written for it.

Inputs are generated into the test's tmp folder (the 50 MB page is never committed).
Cases that load the Korean model share a process (`job`) to keep the suite fast; a
job's exit code must be what the README says for the mix (see `job_exit_code`), and
every case is still judged on its own message and post. The test is
test_hostile_corpus.py; the acceptance scan of everything written is scan.py.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import html
import os
import random
import re
import shutil
import sqlite3
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from blogwire.demo import demo_pages
from hostile.koreangen import GeneratedArticle, generate_article

from httpserver import Route

Command = Literal["compose", "run", "check"]
POST_DATE = "2026-11-20"  # compose --date for every compose job
FIFTY_MB = 50 * 1024 * 1024

# The demo's society story, the body of most compose pages (compose does not group
# stories, so sharing a body is harmless there; run cases use generated stories).
PARAGRAPHS = (
    "가람시가 내년 1월부터 시내버스와 도시철도 기본요금을 150원씩 올린다. 시는 지난 5일 시민 공청회를 거친 뒤 9일 물가대책위원회를 열고 이 같은 내용의 대중교통 요금 조정안을 확정했다고 밝혔다. 요금 인상은 2019년 이후 7년 만이다.",
    "조정안에 따르면 교통카드 기준 성인 요금은 시내버스가 1400원에서 1550원으로, 도시철도가 1450원에서 1600원으로 오른다. 청소년과 어린이 요금은 가계 부담을 고려해 동결하기로 했다. 만 65세 이상 어르신 무임승차 제도도 현행대로 유지된다.",
    "시는 누적된 운송 적자를 인상 이유로 들었다. 지난해 시내버스 준공영제 재정 지원금은 2870억 원으로 5년 전보다 62% 늘었다. 도시철도 운영기관의 당기순손실도 1100억 원을 넘어섰다. 오승민 가람시 교통국장은 “인건비와 연료비가 크게 올라 더는 요금 인상을 미루기 어려운 상황”이라고 설명했다.",
    "시민들의 반응은 엇갈렸다. 매일 버스로 출퇴근한다는 직장인 한지우 씨는 “물가가 다 올라 이해는 되지만 한 번에 150원은 부담이 크다”고 말했다. 시민단체인 가람교통연대는 이날 성명을 내고 “요금 인상에 앞서 노선 개편과 배차 간격 단축 같은 서비스 개선 계획부터 내놔야 한다”고 주장했다.",
    "시는 인상과 함께 월 5만5000원에 시내버스와 도시철도를 무제한 이용할 수 있는 정기권을 내년 3월 도입할 예정이다. 시는 정기권이 도입되면 하루 두 번 이상 대중교통을 이용하는 시민의 부담은 오히려 줄어들 것으로 내다봤다.",
)
TITLE = "가람시 버스·도시철도 요금 내년 1월 150원 인상…청소년은 동결"
IMAGE = "https://img.news.example.com/2026/11/09/bus.jpg"

ENGLISH = (
    "The city of Garam will raise bus and subway fares by 150 won from January next year. The city said it finalized the plan after a public hearing on the 5th.",
    "It is the first fare increase in seven years. Adult fares will rise from 1,400 won to 1,550 won for buses and from 1,450 won to 1,600 won for the subway.",
    "Youth and child fares will be frozen to ease household burdens. Free rides for seniors aged 65 and older will be kept as they are.",
    "The city cited accumulated operating deficits as the reason. Citizens' reactions were mixed, and a civic group demanded better service first.",
)
JAPANESE = (
    "ガラム市は来年1月からバスと地下鉄の基本料金を150ウォン引き上げる。市は5日に公聴会を開いた後、調整案を確定したと明らかにした。",
    "料金の引き上げは2019年以来7年ぶりだ。成人料金はバスが1400ウォンから1550ウォンに上がる。",
    "青少年と子供の料金は家計の負担を考慮して据え置く。65歳以上の無料乗車制度も維持される。",
    "市は累積した運送赤字を理由に挙げた。市民の反応は分かれ、市民団体はサービス改善を先に求めた。",
)
NAV_ONLY = (
    '<html><head><meta charset="utf-8"><title>홈</title></head><body><nav><ul>'
    + "".join(f'<li><a href="/s/{i}">메뉴 {i}</a></li>' for i in range(40))
    + "</ul></nav><footer>Copyright ⓒ 테스트일보</footer></body></html>"
)


def png_bytes() -> bytes:
    """A real 1x1 PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def article_page(
    marker: str,
    *,
    title: str = TITLE,
    paragraphs: tuple[str, ...] = PARAGRAPHS,
    body: str | None = None,
    head: str = "",
    og_title: str | None = None,
    og_image: str = IMAGE,
    site_name: str = "테스트일보",
    canonical: str | None = None,
    charset: str = '<meta charset="utf-8">',
    lang: str = "ko",
) -> str:
    """A news page; `marker` (its canonical URL unless `canonical` is given) ends up in
    the post's source line, which is how a test finds the post made from it."""
    content = body if body is not None else "".join(f"<p>{p}</p>\n" for p in paragraphs)
    og = html.escape(og_title if og_title is not None else title)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head>{charset}<title>{title}</title>\n'
        f'<meta property="og:title" content="{og}">\n'
        f'<meta property="og:site_name" content="{site_name}">\n'
        f'<meta property="og:image" content="{og_image}">\n'
        f'<link rel="canonical" href="{canonical if canonical is not None else marker}">\n'
        '<meta property="article:published_time" content="2026-11-09T16:45:00+09:00">\n'
        f"{head}</head><body><header><a href='/'>홈</a></header><article><h1>{title}</h1>\n"
        f"{content}</article><footer>Copyright ⓒ 테스트일보</footer></body></html>\n"
    )


def generated_page(marker: str, *, seed: str, body_extra: str = "", image: str = IMAGE) -> str:
    """A distinct generated story (so `run` does not group it with the other cases')."""
    story = story_for(seed)
    return article_page(
        marker,
        title=story.title,
        paragraphs=story.paragraphs,
        body="".join(f"<p>{p}</p>\n" for p in story.paragraphs) + body_extra,
        og_image=image,
    )


def story_for(seed: str) -> GeneratedArticle:
    return generate_article(random.Random(hashlib.sha256(seed.encode()).hexdigest()))


def rss(items: list[tuple[str, str]], *, channel_link: str | None = None, extra: str = "") -> str:
    """An RSS 2.0 feed of (title, link) items, newest first."""
    link = f"<link>{html.escape(channel_link)}</link>" if channel_link else ""
    entries = "".join(
        f"<item><title>{html.escape(title)}</title><link>{html.escape(url)}</link>"
        f"<guid>{html.escape(url)}</guid>"
        f"<pubDate>Thu, {19 - min(n, 18):02d} Nov 2026 09:00:00 +0900</pubDate>{extra}</item>\n"
        for n, (title, url) in enumerate(items)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
        'xmlns:media="http://search.yahoo.com/mrss/"><channel><title>hostile</title>'
        f"{link}\n{entries}</channel></rss>\n"
    )


USER_MARK = "# the user's own file, not blogwire's"


def user_file(title: str) -> str:
    """A file the site's owner wrote; blogwire must never change or remove it."""
    return f"---\n{USER_MARK}\ntitle: {title}\n---\n블로그 주인이 직접 쓴 글입니다.\n"


@dataclass
class Workspace:
    """Where a case puts its input: the tmp folder, the 127.0.0.1 server's routes and
    its two names (the same port as `127.0.0.1` and as `localhost`, which the link
    guard treats as different hosts)."""

    root: Path
    ip_base: str  # http://127.0.0.1:PORT
    name_base: str  # http://localhost:PORT
    routes: dict[str, Route]
    # in-process compose, for the cases that must know a post's file name beforehand
    post_path: Callable[[Path, str], str]

    def inputs(self, case: str) -> Path:
        folder = self.root / "inputs" / case
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def site(self, job: str) -> Path:
        folder = self.root / "sites" / job
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def serve(self, path: str, body: bytes | str, **headers: str) -> str:
        data = body.encode() if isinstance(body, str) else body
        self.routes[path] = Route(data, headers={"Content-Type": "text/html", **headers})
        return self.ip_base + path

    def redirect(self, path: str, location: str) -> str:
        self.routes[path] = Route(status=302, headers={"Location": location})
        return self.ip_base + path


@dataclass(frozen=True)
class Input:
    """What a case set up: the CLI arguments it adds (compose sources, check files), the
    feeds a run follows, the input the message must name, and how to find its post."""

    args: tuple[str, ...] = ()
    subject: str = ""
    feeds: tuple[str, ...] = ()
    markers: tuple[str, ...] = ()  # each names one post that is (or is not) written
    settings: str = ""  # extra [fetch] lines for blogwire.toml (solo cases only)
    after: Callable[[Path], None] | None = None  # extra checks on the site afterwards


@dataclass(frozen=True)
class Case:
    name: str
    command: Command
    attack: str  # what the input tries
    setup: Callable[[Workspace, Case], Input]
    exit_code: int
    message: str
    post: bool
    job: str | None = None  # cases sharing a job run in one process; None: alone
    flags: tuple[str, ...] = ()  # extra compose flags (solo only)
    contains: tuple[str, ...] = ()  # text the post must hold
    lacks: tuple[str, ...] = ()  # text no output of the case may hold

    @property
    def job_name(self) -> str:
        return self.job or self.name


def job_exit_code(command: Command, codes: list[int]) -> int:
    """The README's exit code for a process given several inputs at once."""
    if command == "compose":
        if all(code == 0 for code in codes):
            return 0
        return 2 if all(code == 2 for code in codes) else 1
    return max(codes)  # run: 1 when any feed or article failed; check: 1 when any failed


# -- compose: pages and files -------------------------------------------------------


def _file(name: str, data: bytes | str) -> Callable[[Workspace, Case], Input]:
    def setup(ws: Workspace, case: Case) -> Input:
        path = ws.inputs(case.name) / name
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        return Input(args=(str(path),), subject=str(path), markers=(_marker(case),))

    return setup


def _marker(case: Case) -> str:
    return f"https://news.example.com/hostile/{case.name}"


def _page(**page: object) -> Callable[[Workspace, Case], Input]:
    """A page whose marker is the case's canonical URL; `encoding` picks its bytes."""
    encoding = str(page.pop("encoding", "utf-8"))

    def setup(ws: Workspace, case: Case) -> Input:
        path = ws.inputs(case.name) / "page.html"
        text = article_page(_marker(case), **page)  # type: ignore[arg-type]
        path.write_bytes(text.encode(encoding))
        return Input(args=(str(path),), subject=str(path), markers=(_marker(case),))

    return setup


def _big_page(ws: Workspace, case: Case) -> Input:
    path = ws.inputs(case.name) / "huge.html"
    with path.open("wb") as handle:
        handle.write(article_page(_marker(case)).encode())
        block = ("<p>" + "가람시 요금 인상 소식입니다. " * 200 + "</p>\n").encode()
        while handle.tell() < FIFTY_MB:
            handle.write(block)
    return Input(args=(str(path),), subject=str(path), markers=(_marker(case),))


def _deep(ws: Workspace, case: Case, *, with_article: bool) -> Input:
    path = ws.inputs(case.name) / "deep.html"
    inner = "".join(f"<p>{p}</p>" for p in PARAGRAPHS) if with_article else "가람시"
    body = "<div>" * 100_000 + inner + "</div>" * 100_000
    path.write_text(article_page(_marker(case), body=body), encoding="utf-8")
    return Input(args=(str(path),), subject=str(path), markers=(_marker(case),))


def _long_sentence(ws: Workspace, case: Case) -> Input:
    sentence = "가람시는 " + "시내버스와 도시철도 요금을 올리고 " * 580 + "결정했다."
    assert len(sentence) > 10_000
    return _page(paragraphs=(sentence, *PARAGRAPHS))(ws, case)


def _many_sentences(ws: Workspace, case: Case) -> Input:
    sentences = [f"가람시는 {i + 1}번째 정류장에 새 요금 안내판을 설치했다." for i in range(500)]
    paragraphs = tuple(" ".join(sentences[i : i + 10]) for i in range(0, 500, 10))
    return _page(title="가람시 정류장 500곳 요금 안내판 설치", paragraphs=paragraphs)(ws, case)


def _one_sentence(ws: Workspace, case: Case) -> Input:
    one = (
        "가람시가 내년 1월부터 시내버스와 도시철도 기본요금을 150원씩 올리기로 하고 "
        "시민 공청회와 물가대책위원회를 거쳐 대중교통 요금 조정안을 확정했다."
    )
    return _page(paragraphs=(one,))(ws, case)


def _url(route: Callable[[Workspace, str], str]) -> Callable[[Workspace, Case], Input]:
    def setup(ws: Workspace, case: Case) -> Input:
        url = route(ws, f"/compose/{case.name}")
        return Input(args=(url,), subject=url, markers=(_marker(case),))

    return setup


def _gzip_bomb(ws: Workspace, path: str) -> str:
    bomb = gzip.compress(b"<p>" + b"\x20" * (60 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 200_000
    return ws.serve(path, bomb, **{"Content-Encoding": "gzip"})


def _slow(ws: Workspace, path: str) -> str:
    ws.routes[path] = Route(article_page("x").encode(), drip=0.3)
    return ws.ip_base + path


def _two_same_slug(ws: Workspace, case: Case) -> Input:
    folder = ws.inputs(case.name)
    markers = (_marker(case) + "/first", _marker(case) + "/second")
    paths = []
    for n, marker in enumerate(markers):
        path = folder / f"story-{n}.html"
        # the same story told twice with a different last sentence: two posts, one slug
        paragraphs = (*PARAGRAPHS[:-1], PARAGRAPHS[-1] + (" 시는 이를 두 번 알렸다." * n))
        path.write_text(article_page(marker, paragraphs=paragraphs), encoding="utf-8")
        paths.append(str(path))

    def after(site: Path) -> None:
        _two_posts_one_slug(site, markers)

    return Input(args=tuple(paths), subject=paths[0], markers=markers, after=after)


def _two_posts_one_slug(site: Path, markers: tuple[str, ...]) -> None:
    posts = [p for p in (site / "_posts").glob("*.md") if _holds(p, markers)]
    assert len(posts) == 2, posts
    # the same name, told apart by "-2", "-3" … (other cases may have taken some)
    assert len({re.sub(r"-\d{1,2}$", "", p.stem) for p in posts}) == 1, [p.name for p in posts]


def _holds(path: Path, markers: tuple[str, ...]) -> bool:
    if not path.is_file():  # a folder of the user's named like a post (*-at-post-name)
        return False
    text = path.read_bytes().decode("utf-8", errors="replace")
    return any(f'href="{m}"' in text for m in markers)


def _preexisting(ws: Workspace, case: Case) -> Input:
    made = _page()(ws, case)
    source = made.args[0]
    site = ws.site(case.job_name)
    taken = site / ws.post_path(Path(source), POST_DATE)
    taken.parent.mkdir(parents=True, exist_ok=True)
    mine = user_file("내가 직접 고친 글")
    taken.write_text(mine, encoding="utf-8")

    def after(site: Path) -> None:
        assert taken.read_text(encoding="utf-8") == mine, "the user's post was overwritten"
        posts = [p for p in (site / "_posts").glob("*.md") if _holds(p, made.markers)]
        assert len(posts) == 1 and posts[0] != taken

    return Input(made.args, made.subject, markers=made.markers, after=after)


SQUAT = (USER_MARK + "\n사용자가 EUC-KR로 쓴 글\n").encode("cp949")


def _squat(taken: Path, kind: str) -> Callable[[], None]:
    """Put something of the user's that is not a UTF-8 post at `taken`; returns a check
    that it is still there, unchanged."""
    taken.parent.mkdir(parents=True, exist_ok=True)
    if kind == "folder":
        taken.mkdir()
        (taken / "notes.txt").write_text(user_file("내 메모"), encoding="utf-8")
    else:
        taken.write_bytes(SQUAT)

    def unchanged() -> None:
        if kind == "folder":
            assert (taken / "notes.txt").read_text(encoding="utf-8") == user_file("내 메모")
        else:
            assert taken.read_bytes() == SQUAT

    return unchanged


def _squatted(kind: str, title: str) -> Callable[[Workspace, Case], Input]:
    """A folder or a non-UTF-8 file of the user's sits where the new post would go."""

    def setup(ws: Workspace, case: Case) -> Input:
        made = _page(title=title)(ws, case)
        taken = ws.site(case.job_name) / ws.post_path(Path(made.args[0]), POST_DATE)
        unchanged = _squat(taken, kind)

        def after(site: Path) -> None:
            unchanged()
            posts = [p for p in (site / "_posts").glob("*.md") if _holds(p, made.markers)]
            assert len(posts) == 1 and posts[0] != taken, posts

        return Input(made.args, made.subject, markers=made.markers, after=after)

    return setup


def _run_squatted(ws: Workspace, case: Case) -> Input:
    """A folder of the user's where the run's post would go: the run goes on, '-2'."""
    page = generated_page(_marker(case), seed=case.name)
    saved = ws.inputs(case.name) / "story.html"
    saved.write_text(page, encoding="utf-8")
    taken = ws.site(case.job_name) / ws.post_path(saved, "")
    unchanged = _squat(taken, "folder")
    url = ws.serve(f"/run/{case.name}/story.html", page)
    feed = f"/run/{case.name}/feed.xml"
    ws.serve(feed, rss([("기사", url)]))

    def after(site: Path) -> None:
        unchanged()
        posts = [p for p in (site / "_posts").glob("*.md") if _holds(p, (_marker(case),))]
        assert len(posts) == 1 and posts[0] != taken, posts

    return Input(feeds=(ws.ip_base + feed,), subject=url, markers=(_marker(case),), after=after)


def _text_file(ws: Workspace, case: Case) -> Input:
    path = ws.inputs(case.name) / f"{case.name}.txt"
    path.write_bytes(("가람시 요금 인상 확정\n\n" + "\n\n".join(PARAGRAPHS)).encode("cp949"))
    # a text file has no URL: its source line names the file, which is the marker
    return Input(args=(str(path),), subject=str(path), markers=(path.name,))


HOSTILE_BODY = "".join(
    f"<p>{p}<script>alert('body')</script></p>\n"
    "<iframe src='javascript:alert(1)'></iframe><style>p{display:none}</style>\n"
    "<object data='data:text/html;base64,PHNjcmlwdD4='></object>\n"
    for p in PARAGRAPHS
)
HANDLER_BODY = "".join(
    f"<p onclick=\"alert('p')\" onmouseover=alert(2)>{p} "
    f"<a href=\"javascript:alert('a')\">자세히</a> "
    "<a href='data:text/html,<script>alert(3)</script>'>원문</a> "
    "<img src=x onerror=\"alert('img')\"><svg onload=alert(4)></svg></p>\n"
    for p in PARAGRAPHS
)
# the same attacks without the demo story's text, for a generated story in `run`
HANDLERS = (
    "<p onclick=\"alert('p')\"><a href=\"javascript:alert('a')\">자세히</a> "
    "<a href='data:text/html,<script>alert(3)</script>'>원문</a> "
    "<img src=x onerror=\"alert('img')\"><svg onload=alert(4)></svg></p>\n"
    "<script>alert('body')</script><iframe src='javascript:alert(1)'></iframe>\n"
)
MARKUP_AS_TEXT = (
    "가람시는 &lt;script&gt;alert(1)&lt;/script&gt; 내년 1월부터 &lt;img src=x onerror=alert(2)&gt; "
    "시내버스와 &lt;iframe src=javascript:alert(3)&gt; 도시철도 기본요금을 150원씩 올린다. "
    + PARAGRAPHS[0].split(". ", 1)[1],
    *PARAGRAPHS[1:],
)
LIQUID = (
    PARAGRAPHS[0].replace(
        "올린다.", "올린다 {{ site.github.api_url }} {% include secrets.html %}."
    ),
    "시는 “{% raw %}{{ 요금 }}{% endraw %} 문구가 안내판에 잘못 인쇄됐다”고 밝혔다. "
    + PARAGRAPHS[1],
    *PARAGRAPHS[2:],
)
CONTROLS = tuple(
    p.replace(" ", " \x01\x7f\x85\u0091", 2).replace("요금", "요\u200b금", 1) for p in PARAGRAPHS
)
NASTY_META = {
    "og_title": "가람시 요금\n\n---\ntitle: 가짜\n\n<p>끼어든 문단</p>",
    "og_image": "https://img.example.com/a.jpg\n\n<p>x",
    "site_name": "테스트&lt;일보&gt;\n\n출처: 가짜",
}
BIDI = "\u202e\u2066\u200b\u200d\ufeff"


# -- run: feeds ---------------------------------------------------------------------


def _local_feed(link: str) -> Callable[[Workspace, Case], Input]:
    """A local feed (in the site's feeds/ folder) whose one item links to `link`."""

    def setup(ws: Workspace, case: Case) -> Input:
        link_text = link.replace("{ip}", ws.ip_base)
        folder = ws.site(case.job_name) / "feeds"
        folder.mkdir(exist_ok=True)
        (folder / f"{case.name}.xml").write_text(rss([("내부 주소", link_text)]), "utf-8")
        return Input(feeds=(f"feeds/{case.name}.xml",), subject=link_text)

    return setup


def _http_feed(
    link: Callable[[Workspace, Case], str], *, feed_base: str = "ip", extra: str = ""
) -> Callable[[Workspace, Case], Input]:
    """A feed served on 127.0.0.1 (`feed_base="ip"`) or as localhost, one item."""

    def setup(ws: Workspace, case: Case) -> Input:
        target = link(ws, case)
        path = f"/run/{case.name}/feed.xml"
        ws.serve(path, rss([("<script>alert(1)</script> 제목", target)], extra=extra))
        base = ws.ip_base if feed_base == "ip" else ws.name_base
        return Input(feeds=(base + path,), subject=target, markers=(_marker(case),))

    return setup


def _story_route(ws: Workspace, case: Case, *, body_extra: str = "", image: str = IMAGE) -> str:
    page = generated_page(_marker(case), seed=case.name, body_extra=body_extra, image=image)
    return ws.serve(f"/run/{case.name}/story.html", page)


def _redirect_to(location: str) -> Callable[[Workspace, Case], str]:
    def link(ws: Workspace, case: Case) -> str:
        target = location.replace("{name}", ws.name_base).replace("{ip}", ws.ip_base)
        if target == "{self}":
            target = f"/run/{case.name}/hop"
        return ws.redirect(f"/run/{case.name}/hop", target)

    return link


def _allowed_private(ws: Workspace, case: Case) -> Input:
    made = _http_feed(_story_route, feed_base="name")(ws, case)
    return Input(
        feeds=made.feeds,
        subject=made.subject,
        markers=made.markers,
        settings='allow_private_hosts = ["127.0.0.1"]',
    )


def _slow_url(ws: Workspace, case: Case) -> Input:
    made = _url(_slow)(ws, case)
    return Input(made.args, made.subject, markers=made.markers, settings="timeout = 0.5")


def _non_text_charsets(ws: Workspace, case: Case) -> Input:
    """A feed whose XML declaration says zlib and whose Content-Type says base64, linking
    to a page whose <meta charset> says undefined: labels that name no text encoding."""
    page = generated_page(_marker(case), seed=case.name).replace(
        '<meta charset="utf-8">', '<meta charset="undefined">'
    )
    url = ws.serve(
        f"/run/{case.name}/story.html", page, **{"Content-Type": "text/html; charset=rot13"}
    )
    path = f"/run/{case.name}/feed.xml"
    feed = rss([("기사", url)]).replace('encoding="utf-8"', 'encoding="zlib"')
    ws.serve(path, feed, **{"Content-Type": "application/rss+xml; charset=base64"})
    return Input(feeds=(ws.ip_base + path,), subject=url, markers=(_marker(case),))


def _future_dates(ws: Workspace, case: Case) -> Input:
    """A page dated 2035 behind a feed item dated 2026-13-45: the post is dated today
    at the latest, never in the future."""
    page = generated_page(_marker(case), seed=case.name).replace(
        "2026-11-09T16:45:00+09:00", "2035-11-20T09:00:00+09:00"
    )
    assert "2035-11-20" in page
    url = ws.serve(f"/run/{case.name}/story.html", page)
    path = f"/run/{case.name}/feed.xml"
    feed = rss([("기사", url)])
    feed = re.sub(r"<pubDate>[^<]*</pubDate>", "<pubDate>2026-13-45T09:00:00+09:00</pubDate>", feed)
    ws.serve(path, feed)

    def after(site: Path) -> None:
        posts = [p for p in (site / "_posts").glob("*.md") if _holds(p, (_marker(case),))]
        assert len(posts) == 1, posts
        assert posts[0].name[:10] <= (dt.date.today() + dt.timedelta(days=1)).isoformat(), posts

    return Input(feeds=(ws.ip_base + path,), subject=url, markers=(_marker(case),), after=after)


def _markup_page(ws: Workspace, case: Case) -> Input:
    """Rich console markup in the title and the outlet's name, which the run's summary
    table prints."""
    story = story_for(case.name)
    page = article_page(
        _marker(case),
        title=f"[/b]{story.title}",
        paragraphs=story.paragraphs,
        site_name="[/b]테스트[red]일보",
    )
    url = ws.serve(f"/run/{case.name}/story.html", page)
    path = f"/run/{case.name}/feed.xml"
    ws.serve(path, rss([("[/b] 제목", url)]))
    return Input(feeds=(ws.ip_base + path,), subject=url, markers=(_marker(case),))


def _markup_file_name(ws: Workspace, case: Case) -> Input:
    """An empty page whose path holds "[/b]" across a folder and a file name."""
    folder = ws.inputs(case.name) / "in["
    folder.mkdir()
    path = folder / "b][red]x.html"
    path.write_bytes(b"")
    return Input(args=(str(path),), subject=str(path), markers=(_marker(case),))


def _feed_redirect(ws: Workspace, case: Case) -> Input:
    path = f"/run/{case.name}/feed.xml"
    ws.redirect(path, "http://10.1.2.3/feed.xml")
    return Input(feeds=(ws.ip_base + path,), subject=ws.ip_base + path)


def _bad_feed(data: bytes) -> Callable[[Workspace, Case], Input]:
    def setup(ws: Workspace, case: Case) -> Input:
        folder = ws.site(case.job_name) / "feeds"
        folder.mkdir(exist_ok=True)
        (folder / f"{case.name}.xml").write_bytes(data)
        return Input(feeds=(f"feeds/{case.name}.xml",), subject=f"feeds/{case.name}.xml")

    return setup


def _huge_feed(ws: Workspace, case: Case) -> Input:
    """10,000 items over the ten demo pages saved beside the feed: fetch.max_items_per_feed
    (50) newest are read, each page once."""
    folder = ws.site(case.job_name) / "feeds" / "big"
    folder.mkdir(parents=True, exist_ok=True)
    pages = demo_pages()
    for page in pages:
        shutil.copyfile(page, folder / page.name)
    items = [(f"항목 {n}", pages[n % len(pages)].name) for n in range(10_000)]
    (folder / "feed.xml").write_text(rss(items), encoding="utf-8")
    markers = tuple(
        re.search(r'rel="canonical" href="([^"]+)"', p.read_text(encoding="utf-8"))[1]  # type: ignore[index]
        for p in pages
    )

    def after(site: Path) -> None:
        posts = [p for p in (site / "_posts").glob("*.md") if _holds(p, markers)]
        assert len(posts) == len(pages), [p.name for p in posts]
        store = sqlite3.connect(f"file:{site / '.blogwire' / 'blogwire.db'}?mode=ro", uri=True)
        try:
            read = store.execute(
                "SELECT entries FROM fetches WHERE feed_url = 'feeds/big/feed.xml'"
            ).fetchall()
        finally:
            store.close()
        assert read == [(50,)]  # fetch.max_items_per_feed of the 10,000

    return Input(
        feeds=("feeds/big/feed.xml",), subject="feeds/big/feed.xml", markers=markers, after=after
    )


def _run_preexisting(ws: Workspace, case: Case) -> Input:
    """The user already has a file where the run's post would go: it gets '-2'."""
    page = generated_page(_marker(case), seed=case.name)
    saved = ws.inputs(case.name) / "story.html"
    saved.write_text(page, encoding="utf-8")
    taken = ws.site(case.job_name) / ws.post_path(saved, "")
    taken.parent.mkdir(parents=True, exist_ok=True)
    mine = user_file("내가 먼저 쓴 글")
    taken.write_text(mine, encoding="utf-8")
    url = ws.serve(f"/run/{case.name}/story.html", page)
    feed = f"/run/{case.name}/feed.xml"
    ws.serve(feed, rss([("기사", url)]))

    def after(site: Path) -> None:
        assert taken.read_text(encoding="utf-8") == mine, "the user's file was overwritten"
        posts = [p for p in (site / "_posts").glob("*.md") if _holds(p, (_marker(case),))]
        assert len(posts) == 1 and posts[0] != taken, posts

    return Input(feeds=(ws.ip_base + feed,), subject=url, markers=(_marker(case),), after=after)


def _run_same_slug(ws: Workspace, case: Case) -> Input:
    """Two different stories whose posts get the same slug on the same day."""
    first = story_for(case.name)
    rng = random.Random(7)
    while True:  # another story about the same subject: same hook title, other facts
        second = generate_article(rng)
        if second.subject == first.subject and second.paragraphs != first.paragraphs:
            break
    markers = (_marker(case) + "/a", _marker(case) + "/b")
    urls = []
    for n, (story, marker) in enumerate(zip((first, second), markers, strict=True)):
        page = article_page(marker, title=first.title, paragraphs=story.paragraphs)
        urls.append(ws.serve(f"/run/{case.name}/{n}.html", page))
    feed = f"/run/{case.name}/feed.xml"
    ws.serve(feed, rss([("a", urls[0]), ("b", urls[1])]))

    def after(site: Path) -> None:
        _two_posts_one_slug(site, markers)

    return Input(feeds=(ws.ip_base + feed,), subject=urls[0], markers=markers, after=after)


def _js_image_feed(ws: Workspace, case: Case) -> Input:
    """Feed metadata from a stranger: script in titles, a javascript: media image."""
    target = _story_route(ws, case, body_extra=HANDLERS, image="javascript:alert(1)")
    path = f"/run/{case.name}/feed.xml"
    extra = (
        '<media:content url="javascript:alert(5)" medium="image"/>'
        "<description>&lt;img src=x onerror=alert(6)&gt;</description>"
    )
    ws.serve(path, rss([("<script>alert(7)</script>", target)], extra=extra))
    return Input(feeds=(ws.ip_base + path,), subject=target, markers=(_marker(case),))


# -- check: post files --------------------------------------------------------------

GOOD_POST = Path(__file__).resolve().parents[1] / "fixtures" / "golden" / "render" / "04-society.md"


def _post_file(
    edit: Callable[[str], str | bytes], name: str = "post.md"
) -> Callable[[Workspace, Case], Input]:
    def setup(ws: Workspace, case: Case) -> Input:
        path = ws.inputs(case.name) / name
        changed = edit(GOOD_POST.read_text(encoding="utf-8"))
        path.write_bytes(changed.encode() if isinstance(changed, str) else changed)
        return Input(args=(str(path),), subject=str(path))

    return setup


def _big_post(ws: Workspace, case: Case) -> Input:
    path = ws.inputs(case.name) / "big.md"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(GOOD_POST.read_text(encoding="utf-8").replace("\n---\n", "\n---\n<p>", 1))
        chunk = "가람시 요금 인상 소식입니다. " * 1000
        while handle.tell() < FIFTY_MB:
            handle.write(chunk)
    return Input(args=(str(path),), subject=str(path))


def _front(text: str, extra: str) -> str:
    return text.replace("---\n", "---\n" + extra, 1)


PWNED = "blogwire-hostile-pwned"


def _python_tag(ws: Workspace, case: Case) -> Input:
    flag = ws.root / PWNED
    made = _post_file(
        lambda t: t.replace(
            "title: ", f"title: !!python/object/apply:os.system ['touch {flag}']\nx: ", 1
        )
    )(ws, case)

    def after(_site: Path) -> None:
        assert not flag.exists(), "check ran code from a post's front matter"

    return Input(made.args, made.subject, after=after)


def _missing(ws: Workspace, case: Case) -> Input:
    path = ws.inputs(case.name) / "nothing-here.html"
    return Input(args=(str(path),), subject=str(path), markers=(_marker(case),))


def _special(name: str, target: str) -> Callable[[Workspace, Case], Input]:
    """A source or post that is no regular file: a FIFO, or a symlink to a device."""

    def setup(ws: Workspace, case: Case) -> Input:
        path = ws.inputs(case.name) / name
        if target == "fifo":
            os.mkfifo(path)
        else:
            path.symlink_to(target)
        return Input(args=(str(path),), subject=str(path), markers=(_marker(case),))

    return setup


def _folder(ws: Workspace, case: Case) -> Input:
    path = ws.inputs(case.name) / "a-folder.md"
    path.mkdir()
    return Input(args=(str(path),), subject=str(path))


LAUGHS = (
    "---\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9)
    )
    + "title: *j\n---\n<p>웃음</p>\n"
)


# -- the table ----------------------------------------------------------------------

A, B = "compose-a", "compose-b"  # the two compose processes that load the Korean model
REFUSED = "compose-refused"  # sources refused before the model is needed
RUN_OK, RUN_REFUSED = "run-ok", "run-refused"
CHECKS = "check-all"

# fmt: off
CASES: tuple[Case, ...] = (
    # compose: unreadable or empty input, each alone (none loads the model)
    Case("empty-file", "compose", "a 0-byte .html", _file("empty.html", b""), 2, "file is empty", False),
    Case("whitespace-txt", "compose", "only spaces, tabs and CR/LF", _file("blank.txt", " \t\r\n \n\t "), 2, "file is empty", False, job=REFUSED),
    Case("whitespace-html", "compose", "a page of whitespace", _file("blank.html", "\n\n   \t\n"), 2, "file is empty", False, job=REFUSED),
    Case("png-as-html", "compose", "a PNG image renamed .html", _file("photo.html", png_bytes()), 2, "it is a PNG image", False, job=REFUSED),
    Case("fifty-mb-page", "compose", "a 50 MB page (size cap)", _big_page, 2, "over the 5,000,000-byte limit", False),
    Case("deep-nesting-empty", "compose", "100,000 nested <div>s around one word", lambda ws, c: _deep(ws, c, with_article=False), 2, "no article text found", False, job=REFUSED),
    Case("deep-nesting-article", "compose", "an article inside 100,000 nested <div>s (lxml's depth limit)", lambda ws, c: _deep(ws, c, with_article=True), 2, "no article text found", False, job=REFUSED),
    Case("english-article", "compose", "an English-only article", _page(title="Garam raises bus fares", paragraphs=ENGLISH, lang="en"), 2, "unsupported language: the article is not Korean", False),
    Case("japanese-article", "compose", "a Japanese article", _page(title="ガラム市、バス料金を引き上げ", paragraphs=JAPANESE, lang="ja"), 2, "unsupported language: the article is not Korean", False, job=REFUSED),
    Case("missing-path", "compose", "a path that does not exist", _missing, 2, "no such file", False, job=REFUSED),
    Case("pdf-extension", "compose", "an unsupported file type", _file("report.pdf", b"%PDF-1.7\n"), 2, "unsupported file type", False, job=REFUSED),
    Case("navigation-only", "compose", "a page with menus and no article", _file("home.html", NAV_ONLY), 2, "no article text found", False, job=REFUSED),
    Case("url-redirect-loop", "compose", "a URL that redirects to itself", _url(lambda ws, p: ws.redirect(p, p)), 2, "too many redirects", False, job=REFUSED),
    Case("url-404", "compose", "a URL that is not found", _url(lambda ws, p: ws.ip_base + p), 2, "HTTP 404", False, job=REFUSED),
    Case("url-gzip-bomb", "compose", "60 MB of spaces gzipped to ~60 KB (cap after decompression)", _url(_gzip_bomb), 2, "over the 5,000,000-byte limit", False, job=REFUSED),
    Case("url-png", "compose", "a URL that serves an image", _url(lambda ws, p: ws.serve(p, png_bytes(), **{"Content-Type": "image/png"})), 2, "the server sent a PNG image", False, job=REFUSED),
    Case("url-slow-drip", "compose", "a server dripping the page (timeout over the whole body)", _slow_url, 2, "timed out", False, job=REFUSED),
    Case("dev-zero-page", "compose", "a .html that links to /dev/zero (st_size 0, endless)", _special("page.html", "/dev/zero"), 2, "not a regular file (a device)", False, job=REFUSED),
    Case("dev-urandom-text", "compose", "a .txt that links to /dev/urandom", _special("page.txt", "/dev/urandom"), 2, "not a regular file (a device)", False, job=REFUSED),
    Case("fifo-page", "compose", "a named pipe with no writer named .html", _special("page.html", "fifo"), 2, "not a regular file (a named pipe)", False, job=REFUSED),
    Case("markup-in-file-name", "compose", "Rich markup ([/b], [red]) in a source's path", _markup_file_name, 2, "file is empty", False, job=REFUSED),
    Case("file-url", "compose", "a file:// URL as a source", lambda ws, c: Input(args=("file:///etc/passwd",), subject="file:///etc/passwd"), 2, "unsupported address", False, job=REFUSED),
    Case("javascript-url", "compose", "a javascript: URL as a source", lambda ws, c: Input(args=("javascript://alert(1)",), subject="javascript://alert(1)"), 2, "unsupported address", False, job=REFUSED),
    # compose: pages blogwire must turn into clean posts (or refuse after reading them)
    Case("euc-kr-no-charset", "compose", "EUC-KR bytes, no charset declared anywhere", _page(charset="", encoding="cp949"), 0, "", True, contains=("가람시", "도시철도"), job=B),
    Case("cp949-only-syllables", "compose", "CP949-only syllables (똠) with no charset", _page(charset="", paragraphs=tuple(p.replace("시내버스", "똠버스") for p in PARAGRAPHS), encoding="cp949"), 0, "", True, job=A, contains=("똠버스",)),
    Case("euc-kr-declared-utf8", "compose", "EUC-KR bytes under a wrong utf-8 declaration", _page(encoding="cp949"), 0, "", True, job=B, contains=("가람시",)),
    Case("euc-kr-text-file", "compose", "a CP949 .txt file", _text_file, 0, "", True, job=A, contains=("가람시",)),
    Case("mixed-scripts", "compose", "Korean with Chinese, Cyrillic, Arabic and English", _page(paragraphs=tuple(p + " 東京과 Москва, العربية, English도 함께 언급됐다." for p in PARAGRAPHS)), 0, "", True, job=B),
    Case("one-sentence", "compose", "a one-sentence article", _one_sentence, 2, "article too short", False, job=A),
    Case("five-hundred-sentences", "compose", "a 500-sentence article", _many_sentences, 0, "", True, job=B),
    Case("ten-thousand-char-sentence", "compose", "a 10,000-character sentence", _long_sentence, 0, "", True, job=A, lacks=("요금을 올리고 시내버스와",)),
    Case("script-iframe-style-tags", "compose", "<script>, <iframe>, <style>, <object> in the body", _page(body=HOSTILE_BODY), 0, "", True, job=B, lacks=("alert", "display:none")),
    Case("handlers-and-js-links", "compose", "on*= handlers, javascript:/data: links, <img onerror>, <svg onload>", _page(body=HANDLER_BODY), 0, "", True, job=A, lacks=("alert",)),
    Case("markup-as-text-in-lead", "compose", "escaped <script>/<img onerror>/<iframe> text in the lead (reaches the excerpt)", _page(paragraphs=MARKUP_AS_TEXT), 0, "", True, job=B, contains=("&lt;script&gt;alert(1)", "excerpt: >\n  가람시는 〈script〉alert(1)〈/script〉")),
    Case("markup-in-title", "compose", "<script> and <img onerror> in <title> and og:title", _page(title="<script>alert(1)</script>가람시 요금 인상", og_title='가람시 요금 <img src=x onerror="alert(1)"> 인상 <script>alert(2)</script>'), 0, "", True, job=A),
    Case("og-image-javascript", "compose", "og:image = javascript:…", _page(og_image="javascript:alert(document.cookie)"), 0, "", True, job=B, lacks=("javascript:",)),
    Case("og-image-data", "compose", "og:image = data:image/svg+xml with a script", _page(og_image="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+"), 0, "", True, job=A, lacks=("data:image",)),
    Case("og-image-quote-breakout", "compose", 'og:image that closes the src attribute (…jpg"onerror="…)', _page(og_image="https://img.example.com/a.jpg&quot;onerror=&quot;alert(1)"), 0, "", True, job=B, lacks=('"onerror', "'onerror")),
    Case("canonical-javascript", "compose", "a javascript: canonical link (og:url is used instead)", _page(canonical="javascript:alert(1)", head='<meta property="og:url" content="https://news.example.com/hostile/canonical-javascript">'), 0, "", True, job=A, lacks=("javascript:",)),
    Case("title-yaml-syntax", "compose", "a title with ':', '#', quotes and '---'", _page(title="속보: 가람시 #요금 '인상' \"확정\" --- 끝"), 0, "", True, job=B),
    Case("metadata-newlines", "compose", "newlines and markup in og:title, og:image, og:site_name", _page(**NASTY_META), 0, "", True, job=A, lacks=("<p>끼어든", "<p>x")),
    Case("title-emoji-bidi-zero-width", "compose", "emoji, zero-width and bidi controls in the title and body", _page(title=f"가람시{BIDI} 🚌 요금 인상 결정", paragraphs=tuple(p.replace("가람시", f"가람{BIDI}시", 1) for p in PARAGRAPHS)), 0, "", True, job=B, lacks=tuple(BIDI)),
    Case("title-path-traversal", "compose", "a title of ../../../etc/passwd", _page(title="../../../../etc/passwd", og_title="..\\..\\windows\\system32"), 0, "", True, job=A),
    Case("title-windows-reserved", "compose", "a title of CON / NUL", _page(title="CON", og_title="NUL"), 0, "", True, job=B),
    Case("same-slug-same-day", "compose", "two stories whose posts get the same slug on the same day", _two_same_slug, 0, "", True, job=A),
    Case("pre-existing-post", "compose", "a post the user edited sits where the new post would go", _preexisting, 0, "", True, job=B),
    Case("folder-at-post-name", "compose", "a folder of the user's where the new post would go", _squatted("folder", "가람시 요금 인상, 폴더가 먼저"), 0, "", True, job=A),
    Case("euc-kr-file-at-post-name", "compose", "a non-UTF-8 file of the user's where the new post would go", _squatted("euc-kr", "가람시 요금 인상, 파일이 먼저"), 0, "", True, job=B),
    Case("liquid-template", "compose", "Jekyll Liquid ({{ }}, {% %}) in the article text", _page(paragraphs=LIQUID), 0, "", True, job=A, lacks=("{{", "{%")),
    Case("control-characters", "compose", "C0/C1 controls, NEL and zero-width spaces in the body", _page(paragraphs=CONTROLS), 0, "", True, job=B, lacks=("\x01", "\x7f", "\u0091", "\u200b")),
    Case("charset-undefined", "compose", "<meta charset=\"undefined\"> (a codec that refuses every byte)", _page(charset='<meta charset="undefined">'), 0, "", True, job=A, contains=("가람시",)),
    Case("charset-rot13", "compose", "<meta charset=\"rot13\"> (a Python transform, not a text encoding)", _page(charset='<meta charset="rot13">'), 0, "", True, job=B, contains=("가람시",)),
    Case("export-tistory", "compose", "a hostile page exported for Tistory", _page(body=HANDLER_BODY), 0, "", True, flags=("--format", "tistory"), lacks=("alert",)),
    Case("export-html", "compose", "a hostile page exported as a standalone page", _page(body=HOSTILE_BODY, title="<script>alert(1)</script>가람시"), 0, "", True, flags=("--format", "html"), lacks=("<script",)),
    # run: feeds and the links in them
    Case("malformed-feed", "run", "a feed that is not XML", _bad_feed(b"<rss><channel><title>\xea\xb9\xa8\xec\xa7\x84 <<<>>> &&& "), 1, "not a valid RSS/Atom feed", False),
    Case("feed-is-png", "run", "an image where the feed should be", _bad_feed(png_bytes()), 1, "not an RSS/Atom feed: it is a PNG image", False, job=RUN_REFUSED),
    Case("feed-empty", "run", "an empty feed file", _bad_feed(b"\n\n"), 1, "feed file is empty", False, job=RUN_REFUSED),
    Case("link-file-scheme", "run", "a feed link to file:///etc/passwd", _local_feed("file:///etc/passwd"), 1, "'file:' links are refused", False, job=RUN_REFUSED),
    Case("link-leaves-folder", "run", "a feed link to ../../../etc/passwd", _local_feed("../../../../../etc/passwd"), 1, "outside the feed's folder", False, job=RUN_REFUSED),
    Case("link-absolute-path", "run", "a feed link to /etc/passwd", _local_feed("/etc/passwd"), 1, "outside the feed's folder", False, job=RUN_REFUSED),
    Case("link-javascript", "run", "a javascript: feed link", _local_feed("javascript:alert(1)"), 1, "'javascript:' links are refused", False, job=RUN_REFUSED),
    Case("link-metadata-service", "run", "a link to 169.254.169.254 (cloud metadata)", _local_feed("http://169.254.169.254/latest/meta-data/"), 1, "link-local address", False, job=RUN_REFUSED),
    Case("link-private-10", "run", "a link to 10.0.0.1", _local_feed("http://10.0.0.1/admin"), 1, "private address", False, job=RUN_REFUSED),
    Case("link-private-192", "run", "a link to 192.168.0.1", _local_feed("http://192.168.0.1/"), 1, "private address", False, job=RUN_REFUSED),
    Case("link-loopback", "run", "a local feed's link to 127.0.0.1", _local_feed("{ip}/run/link-loopback/story.html"), 1, "loopback address", False, job=RUN_REFUSED),
    Case("link-ipv6-loopback", "run", "a link to [::1]", _local_feed("http://[::1]/admin"), 1, "loopback address", False, job=RUN_REFUSED),
    Case("link-ipv4-mapped", "run", "a link to [::ffff:127.0.0.1]", _local_feed("http://[::ffff:127.0.0.1]/admin"), 1, "loopback address", False, job=RUN_REFUSED),
    Case("link-decimal-ip", "run", "a link to http://2130706433/ (127.0.0.1 in decimal)", _local_feed("http://2130706433/admin"), 1, "loopback address", False, job=RUN_REFUSED),
    Case("link-loopback-other-host", "run", "a feed on localhost linking to 127.0.0.1", _http_feed(_story_route, feed_base="name"), 1, "loopback address", False, job=RUN_REFUSED),
    Case("redirect-to-metadata", "run", "a same-host link that redirects to 169.254.169.254", _http_feed(_redirect_to("http://169.254.169.254/latest/meta-data/")), 1, "redirected to http://169.254.169.254", False, job=RUN_REFUSED),
    Case("redirect-to-other-loopback", "run", "a redirect to localhost (another loopback host)", _http_feed(_redirect_to("{name}/run/x/story.html")), 1, "loopback address", False, job=RUN_REFUSED),
    Case("redirect-to-file", "run", "a redirect to file:///etc/passwd", _http_feed(_redirect_to("file:///etc/passwd")), 1, "'file:' links are refused", False, job=RUN_REFUSED),
    Case("redirect-with-markup", "run", "a redirect to a private host with [/b] in its path (saved as an error)", _http_feed(_redirect_to("http://10.0.0.1/[/b]x")), 1, "redirected to http://10.0.0.1/[/b]x", False, job=RUN_REFUSED),
    Case("redirect-loop", "run", "a link that redirects to itself", _http_feed(_redirect_to("{self}")), 1, "too many redirects", False, job=RUN_REFUSED),
    Case("feed-redirects-private", "run", "a feed URL that redirects to 10.1.2.3", _feed_redirect, 1, "private address", False, job=RUN_REFUSED),
    Case("linked-page-too-big", "run", "a linked 50 MB page", _http_feed(lambda ws, c: ws.serve(f"/run/{c.name}/big.html", b"<p>" + b"a" * FIFTY_MB)), 1, "over the 5,000,000-byte limit", False, job=RUN_REFUSED),
    Case("linked-english-page", "run", "a linked English article", _http_feed(lambda ws, c: ws.serve(f"/run/{c.name}/en.html", article_page(_marker(c), title="Garam fares", paragraphs=ENGLISH))), 1, "unsupported language", False, job=RUN_REFUSED),
    Case("same-host-link", "run", "a feed on 127.0.0.1 linking to its own host (allowed)", _http_feed(_story_route), 0, "", True, job=RUN_OK),
    Case("allow-private-hosts", "run", "a feed on localhost linking to 127.0.0.1, allowed by fetch.allow_private_hosts", _allowed_private, 0, "", True),
    Case("hostile-feed-metadata", "run", "script in item titles and description, javascript: media image, handlers in the page", _js_image_feed, 0, "", True, job=RUN_OK, lacks=("alert",)),
    Case("ten-thousand-items", "run", "a feed of 10,000 items (max_items_per_feed applies)", _huge_feed, 0, "", True, job=RUN_OK),
    Case("feed-non-text-charsets", "run", "charset zlib in a feed's XML declaration, base64 in its Content-Type, undefined in the page", _non_text_charsets, 0, "", True, job=RUN_OK),
    Case("future-dates", "run", "a page dated 2035 behind a feed item dated 2026-13-45", _future_dates, 0, "", True, job=RUN_OK),
    Case("markup-in-page", "run", "Rich markup in the title and outlet name that the summary prints", _markup_page, 0, "", True, job=RUN_OK),
    Case("run-pre-existing-file", "run", "a file of the user's where the run's post would go", _run_preexisting, 0, "", True, job=RUN_OK),
    Case("run-folder-at-post-name", "run", "a folder of the user's where the run's post would go", _run_squatted, 0, "", True, job=RUN_OK),
    Case("run-same-slug-same-day", "run", "two stories with the same slug on the same day", _run_same_slug, 0, "", True, job=RUN_OK),
    # check: post files from anywhere
    Case("check-good-post", "check", "a post blogwire wrote (control)", _post_file(lambda t: t), 0, ": ok", False, job=CHECKS),
    Case("check-deep-yaml", "check", "front matter nested 100,000 levels deep", _post_file(lambda t: "---\ntitle: " + "[" * 100_000 + "]" * 100_000 + "\n---\n<p>x</p>\n"), 1, "nested too deeply", False, job=CHECKS),
    Case("check-billion-laughs", "check", "YAML alias expansion bomb", _post_file(lambda t: LAUGHS), 1, "title must be one non-empty line", False, job=CHECKS),
    Case("check-python-tag", "check", "a !!python/object tag in front matter", _python_tag, 1, "front matter is not valid YAML", False, job=CHECKS),
    Case("check-script", "check", "a <script> in the body", _post_file(lambda t: t.replace("</h2>", "</h2><script>alert(1)</script>")), 1, "tag <script> is not allowed", False, job=CHECKS),
    Case("check-iframe-style", "check", "an <iframe> and a <style> in the body", _post_file(lambda t: t.replace("</h2>", "</h2><iframe src=x></iframe><style>p{}</style>")), 1, "tag <iframe> is not allowed", False, job=CHECKS),
    Case("check-onerror", "check", "an onerror handler on the image", _post_file(lambda t: t.replace('alt="info 속보"', 'alt="" onerror="alert(1)"')), 1, "attribute onerror on <img> is not allowed", False, job=CHECKS),
    Case("check-javascript-src", "check", "a javascript: image source", _post_file(lambda t: t.replace('<img src="https', '<img src="javascript:alert(1)//https')), 1, "src on <img> must be an http(s) URL", False, job=CHECKS),
    Case("check-markup-in-front-matter", "check", "raw <img onerror> in the excerpt", _post_file(lambda t: t.replace("excerpt: >\n  ", "excerpt: >\n  <img src=x onerror=alert(1)> ", 1)), 1, "excerpt holds raw '<' or '>'", False, job=CHECKS),
    Case("check-liquid", "check", "a Liquid tag in the body", _post_file(lambda t: t.replace("</h2>", " {{ site.github }}</h2>")), 1, "Liquid tag", False, job=CHECKS),
    Case("check-binary", "check", "a PNG named .md", _post_file(lambda t: png_bytes()), 1, "not UTF-8", False, job=CHECKS),
    Case("check-empty", "check", "an empty file", _post_file(lambda t: ""), 1, "no front matter", False, job=CHECKS),
    Case("check-fifty-mb", "check", "a 50 MB post (the size cap, counted while reading)", _big_post, 1, "file is over the 5,000,000-byte limit", False, job=CHECKS),
    Case("check-fifo", "check", "a named pipe with no writer named .md", _special("post.md", "fifo"), 1, "not a regular file (a named pipe)", False, job=CHECKS),
    Case("check-dev-zero", "check", "a .md that links to /dev/zero (st_size 0, endless)", _special("post.md", "/dev/zero"), 1, "not a regular file (a device)", False, job=CHECKS),
    Case("check-missing", "check", "a path that does not exist", _missing, 1, "no such file", False, job=CHECKS),
    Case("check-folder", "check", "a folder instead of a file", _folder, 1, "is a folder, not a file", False, job=CHECKS),
    Case("check-crlf-bom", "check", "a post with a BOM and CRLF line ends", _post_file(lambda t: "\ufeff" + t.replace("\n", "\r\n")), 1, "byte-order mark", False, job=CHECKS),
)
# fmt: on
