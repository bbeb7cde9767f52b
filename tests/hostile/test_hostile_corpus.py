"""Hostile inputs through `blogwire compose`, `run` and `check` as real processes.

Every case of corpus.CASES is set up in a tmp folder (pages, feeds on a real HTTP
server on 127.0.0.1, post files), every job (one process: one case, or several that
load the Korean model) runs once for the module, two at a time, and then:

- each case: no traceback, the documented exit code, one line naming the input with
  the expected reason, its post written or not, and its own extra checks;
- each job: the README's exit code for its mix, a file the user already had in the
  site left byte for byte, no temp file left behind;
- the acceptance scan: every file blogwire wrote holds no unsafe markup (scan.py),
  and every post passes `blogwire check`.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from blogwire.analyze import analyze
from blogwire.compose.post import compose_post
from blogwire.extract import extract
from blogwire.render.seed import render_post
from blogwire.settings import FetchSettings, PostSettings
from blogwire.sources import load
from hostile.corpus import (
    CASES,
    POST_DATE,
    USER_MARK,
    Case,
    Input,
    Workspace,
    job_exit_code,
    user_file,
)
from hostile.scan import problems, written_files

from httpserver import Route, serve

pytestmark = pytest.mark.slow  # every hostile case through `blogwire` processes (~30 s)

BLOGWIRE = [sys.executable, "-m", "blogwire"]
USERS_POST = "_posts/2000-01-01-users-own-post.md"
USERS_TEXT = user_file("내 글")


@dataclass(frozen=True)
class Outcome:
    job: str
    command: str
    argv: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    site: Path

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@dataclass(frozen=True)
class Corpus:
    workspace: Workspace
    inputs: dict[str, Input]
    outcomes: dict[str, Outcome]
    jobs: dict[str, list[Case]]


def blogwire_env() -> dict[str, str]:
    """The user's environment without blogwire settings, wide enough for one-line errors."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BLOGWIRE_")}
    return {**env, "COLUMNS": "250"}


def post_path(source: Path, date: str) -> str:
    """Where blogwire would put the post of `source` (compose with --date, or run)."""
    article = extract(load(str(source), FetchSettings()))
    when = dt.date.fromisoformat(date) if date else None
    post = compose_post(analyze(article), PostSettings(), date=when, today=dt.date.today())
    return render_post(post, PostSettings()).path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    root = tmp_path_factory.mktemp("hostile")
    routes: dict[str, Route] = {}
    with serve(routes) as base:
        port = base.rsplit(":", 1)[1]
        ws = Workspace(root, base, f"http://localhost:{port}", routes, post_path)
        jobs: dict[str, list[Case]] = defaultdict(list)
        for case in CASES:
            jobs[case.job_name].append(case)
        inputs = {case.name: case.setup(ws, case) for case in CASES}
        plans = [_plan(ws, name, cases, inputs) for name, cases in jobs.items()]
        # the slowest first, so the two lanes finish together
        plans.sort(key=lambda plan: -len(plan[1]))
        with ThreadPoolExecutor(max_workers=2) as pool:
            outcomes = {o.job: o for o in pool.map(lambda plan: _run(*plan), plans)}
        yield Corpus(ws, inputs, outcomes, dict(jobs))


def _plan(
    ws: Workspace, job: str, cases: list[Case], inputs: dict[str, Input]
) -> tuple[str, list[str], Path, Path, str]:
    command = cases[0].command
    assert {c.command for c in cases} == {command}, job
    site = ws.site(job)
    if command == "check":
        files = [arg for case in cases for arg in inputs[case.name].args]
        return job, ["check", *files], ws.root, site, command
    users = site / USERS_POST
    users.parent.mkdir(parents=True, exist_ok=True)
    users.write_text(USERS_TEXT, encoding="utf-8")
    fetch = {"retries": "0", "backoff": "0.01", "timeout": "5.0"}
    for case in cases:
        for line in filter(None, inputs[case.name].settings.splitlines()):
            key, _, value = line.partition("=")
            fetch[key.strip()] = value.strip()
    config = "[fetch]\n" + "".join(f"{key} = {value}\n" for key, value in fetch.items())
    for case in cases:
        for feed in inputs[case.name].feeds:
            config += f'\n[[feeds]]\nurl = "{feed}"\n'
    (site / "blogwire.toml").write_text(config, encoding="utf-8")
    if command == "run":
        return job, ["run"], site, site, command
    sources = [arg for case in cases for arg in inputs[case.name].args]
    flags = [flag for case in cases for flag in case.flags]
    argv = ["compose", *sources, "-o", str(site), "--date", POST_DATE, *flags]
    return job, argv, site, site, command


def _run(job: str, argv: list[str], cwd: Path, site: Path, command: str) -> Outcome:
    start = time.monotonic()
    done = subprocess.run(
        [*BLOGWIRE, *argv],
        cwd=cwd,
        env=blogwire_env(),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    seconds = time.monotonic() - start
    return Outcome(
        job, command, tuple(argv), done.returncode, done.stdout, done.stderr, seconds, site
    )


def test_the_corpus_is_big_and_every_case_declares_its_outcome() -> None:
    names = [case.name for case in CASES]
    assert len(names) == len(set(names)) >= 40
    for command in ("compose", "run", "check"):
        assert sum(case.command == command for case in CASES) >= 10, command
    for case in CASES:
        assert case.exit_code in (0, 1, 2), case.name
        assert case.exit_code == 0 or case.message, case.name  # every failure says why
        assert not (case.post and case.exit_code == 2), case.name  # 2: nothing written


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_case_outcome(corpus: Corpus, case: Case) -> None:
    outcome = corpus.outcomes[case.job_name]
    given = corpus.inputs[case.name]
    assert "Traceback" not in outcome.output, outcome.output[-3000:]
    if case.job is None:
        assert outcome.returncode == case.exit_code, outcome.output[-2000:]
    if case.exit_code != 0 or case.command == "check":
        naming = [line for line in outcome.output.splitlines() if given.subject in line]
        assert any(case.message in line for line in naming), (
            f"no line names {given.subject!r} with {case.message!r}:\n{outcome.output[-3000:]}"
        )
        if case.command == "compose":
            assert len(naming) == 1, naming  # one clear line per bad source
    written = [
        path
        for path in written_files(outcome.site)
        if any(marker in _text(path) for marker in given.markers)
    ]
    if case.post:
        assert written, f"no post for {case.name}:\n{outcome.output[-2000:]}"
        for path in written:
            text = path.read_text(encoding="utf-8")
            for fragment in case.contains:
                assert fragment in text, (path, fragment)
            if case.command == "compose":
                assert str(path) in outcome.stdout.split("\n") or any(
                    line.startswith(str(path)) for line in outcome.stdout.splitlines()
                ), outcome.stdout
    else:
        assert not written, written
    for path in written:
        text = path.read_text(encoding="utf-8")
        for fragment in case.lacks:
            assert fragment not in text, (path, fragment)
    if given.after is not None:
        given.after(outcome.site)


def test_job_exit_codes_and_nothing_lost(corpus: Corpus) -> None:
    """Each process: the README's exit code for its mix of inputs, the user's own post
    untouched, no temp file left, and a bounded time (the 10,000-item feed included)."""
    assert corpus.jobs, "the corpus ran no job: the loop would check nothing"
    for name, cases in corpus.jobs.items():
        outcome = corpus.outcomes[name]
        expected = job_exit_code(cases[0].command, [case.exit_code for case in cases])
        assert outcome.returncode == expected, (name, outcome.output[-3000:])
        assert outcome.seconds < 90, (name, outcome.seconds)
        if outcome.command != "check":
            users = outcome.site / USERS_POST
            assert users.read_text(encoding="utf-8") == USERS_TEXT, name
            assert not list(outcome.site.rglob("*.tmp")), name
        if outcome.command == "compose" and expected == 2:
            assert not [p for p in written_files(outcome.site) if p != outcome.site / USERS_POST]


def test_status_after_every_run_prints_no_traceback(corpus: Corpus) -> None:
    """Every feed error and post the hostile runs stored, as `blogwire status` prints it
    (a stored error with console markup once crashed it on every call)."""
    sites = [o.site for o in corpus.outcomes.values() if o.command == "run"]
    assert sites
    for site in sites:
        for _ in range(2):
            done = subprocess.run(
                [*BLOGWIRE, "status"],
                cwd=site,
                capture_output=True,
                text=True,
                env=blogwire_env(),
                timeout=120,
                check=False,
            )
            assert done.returncode == 0, (site, done.stderr[-3000:])
            assert "Traceback" not in done.stderr


def blogwire_files(corpus: Corpus) -> list[Path]:
    """Every file blogwire wrote in the corpus's sites (the user's own files left out)."""
    return [
        path
        for outcome in corpus.outcomes.values()
        for path in written_files(outcome.site)
        if USER_MARK not in _text(path)
    ]


def _text(path: Path) -> str:
    # a user's own file in the site may be in any encoding (corpus: *-at-post-name)
    return path.read_bytes().decode("utf-8", errors="replace")


def test_acceptance_scan_finds_nothing_unsafe_in_any_written_file(corpus: Corpus) -> None:
    """After every hostile run: every file in _posts/, _drafts/ and the exports holds no
    <script>, no on…= handler, no javascript:/data: URL and no source markup."""
    files = blogwire_files(corpus)
    # the post of every post case, the ten demo stories, the exports
    assert len(files) >= 40
    assert [problem for path in files for problem in problems(path)] == []


def test_every_post_written_passes_check(corpus: Corpus) -> None:
    posts = [path for path in blogwire_files(corpus) if path.suffix == ".md"]
    # a .txt source has no web address, so its source line cannot link to it
    unlinked = [p for p in posts if not _credit_links(p.read_text(encoding="utf-8"))]
    assert len(unlinked) <= 1, unlinked
    for files, flags in (
        ([p for p in posts if p not in unlinked], []),
        (unlinked, ["--no-source"]),
    ):
        if files:
            done = subprocess.run(
                [*BLOGWIRE, "check", *flags, *map(str, files)],
                capture_output=True,
                text=True,
                env=blogwire_env(),
                timeout=120,
                check=False,
            )
            assert done.returncode == 0, done.stdout[-3000:]
    assert len(posts) >= 30


def _credit_links(text: str) -> bool:
    credit = next(line for line in text.splitlines() if 'data-blogwire="source"' in line)
    return "<a href=" in credit


def test_hostile_pages_do_not_make_fetches_they_should_not(corpus: Corpus) -> None:
    """A refused link is never requested; a redirect loop stops at fetch.max_redirects."""
    routes = corpus.workspace.routes
    refused = routes["/run/link-loopback-other-host/story.html"]
    assert refused.hits == 0
    assert routes["/run/redirect-loop/hop"].hits == 6  # the first request + 5 redirects
    assert routes["/run/linked-page-too-big/big.html"].hits == 1  # no retry for a cap
