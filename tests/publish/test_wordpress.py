"""Publishing to a real WordPress (tests/publish/wordpress.py starts one per test):
every post readable through the REST API with the seed markup intact, once per story
whatever happens to the run, the site or the password."""

from __future__ import annotations

import dataclasses
import html
import re
import sqlite3
import subprocess
from pathlib import Path

import pytest

from blogwire.core import Blogwire
from blogwire.postjson import post_from_json, post_to_json
from blogwire.settings import load_settings
from blogwire.store import Store
from crash.sites import BLOGWIRE, DATABASE, blogwire_env
from publish.wordpress import WordPress

PASSWORD_ENV = "BLOGWIRE_TEST_WP_PASSWORD"
_FRONT_TITLE = re.compile(r"^title: (.+)$", re.M)


def _cli(site: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*BLOGWIRE, *args],
        cwd=site,
        env=blogwire_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _site(tmp_path: Path, wp: WordPress) -> Path:
    site = tmp_path / "site"
    assert _cli(tmp_path, "init", str(site), "--demo").returncode == 0
    added = _cli(
        site,
        "target", "add", "wp", wp.url,
        "--username", wp.username,
        "--password-env", PASSWORD_ENV,
        "--category", "News=뉴스",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    return site


def _ours(wp: WordPress) -> list[dict[str, object]]:
    """The site's posts but WordPress's own "Hello world!"."""
    return [p for p in wp.posts() if "-bw" in str(p["slug"])]


def _remote_rows(site: Path) -> list[tuple[int, str, str]]:
    with sqlite3.connect(site / DATABASE) as db:
        return list(db.execute("SELECT post_id, state, marker FROM remote_posts ORDER BY post_id"))


def test_a_demo_run_puts_every_post_on_wordpress_once(tmp_path: Path, wp: WordPress) -> None:
    site = _site(tmp_path, wp)
    first = _cli(site, "run", **{PASSWORD_ENV: wp.app_password})
    assert first.returncode == 0, first.stderr + first.stdout
    assert "target wp: published 10 · updated 0 · failed 0" in first.stdout
    files = sorted((site / "_posts").glob("*.md"))
    assert len(files) == 10
    posts = _ours(wp)
    assert len(posts) == 10
    by_title = {html.unescape(str(p["title"]["raw"])): p for p in posts}  # type: ignore[index]
    categories = {c["id"]: c["name"] for c in wp.api("/wp/v2/categories")}  # type: ignore[union-attr]
    with Store.open(site / DATABASE) as store:
        stored = [post_from_json(store.post_content(r.id) or "") for r in store.posts()]
    assert len(stored) == 10
    look = load_settings(site / "blogwire.toml", environ={}).post
    for post in stored:
        remote = by_title[post.title]
        content = str(remote["content"]["raw"])  # type: ignore[index]
        assert [categories[c] for c in remote["categories"]] == ["뉴스"]  # type: ignore[attr-defined]
        assert str(remote["excerpt"]["raw"]) == post.excerpt  # type: ignore[index]
        # the highlight spans and the source link survive WordPress's filters
        assert f'<b><span style="color: {look.red};">' in content
        assert content.count("<span style=") == 2 + len(post.sections)
        credit = post.credits[0]
        assert '<p data-blogwire="source">' in content
        assert f'href="{html.escape(credit.url)}"' in content
        # the press photo stays off the site: the default image is used
        assert f'<img src="{look.default_image}"' in content
        assert post.image == look.default_image or post.image not in content
        assert remote["status"] == "publish"
    again = _cli(site, "run", **{PASSWORD_ENV: wp.app_password})
    assert again.returncode == 0, again.stderr
    assert "target wp: published 0 · updated 0 · failed 0" in again.stdout
    assert len(_ours(wp)) == 10
    status = _cli(site, "status")
    assert re.search(r"│ wp\s+│ 10\s+│ 0\s+│ 0\s+│ 0\s+│", status.stdout), status.stdout


def test_a_run_killed_after_wordpress_made_the_post_makes_no_second_one(
    tmp_path: Path, wp: WordPress
) -> None:
    site = _site(tmp_path, wp)
    env = {PASSWORD_ENV: wp.app_password}
    killed = _cli(site, "run", BLOGWIRE_CRASH_AT="remote:3", **env)
    assert killed.returncode == -9
    assert len(_ours(wp)) == 3  # the third was made; the store never heard back
    assert [state for _, state, _ in _remote_rows(site)].count("sending") == 1
    again = _cli(site, "run", **env)
    assert again.returncode == 0, again.stderr
    posts = _ours(wp)
    assert len(posts) == 10
    assert len({p["title"]["raw"] for p in posts}) == 10  # type: ignore[index]
    rows = _remote_rows(site)
    assert len(rows) == 10 and {state for _, state, _ in rows} == {"published"}
    # the post made before the kill is the one the store now records for that story
    remote_ids = {p["id"] for p in posts}
    with Store.open(site / DATABASE) as store:
        recorded = {r.remote_id for row in rows for r in store.remote_posts(row[0])}
    assert recorded == remote_ids


def test_a_wrong_password_is_one_clear_error_and_loses_nothing(
    tmp_path: Path, wp: WordPress
) -> None:
    site = _site(tmp_path, wp)
    wrong = _cli(site, "run", **{PASSWORD_ENV: "abcd efgh ijkl mnop qrst uvwx"})
    assert wrong.returncode == 1
    failed = [line for line in wrong.stderr.splitlines() if line.startswith("failed:")]
    assert len(failed) == 1 and "refused the login (HTTP 401" in failed[0], wrong.stderr
    assert f"${PASSWORD_ENV}" in failed[0]
    assert len(list((site / "_posts").glob("*.md"))) == 10  # the Jekyll posts are written
    assert _ours(wp) == []
    right = _cli(site, "run", **{PASSWORD_ENV: wp.app_password})
    assert right.returncode == 0, right.stderr
    assert len(_ours(wp)) == 10


def test_wordpress_stopped_mid_run_leaves_the_rest_for_the_next_run(
    tmp_path: Path, wp: WordPress, monkeypatch: pytest.MonkeyPatch
) -> None:
    from blogwire.publish import wordpress as client

    site = _site(tmp_path, wp)
    made = 0
    create = client.WordPress.create

    def create_then_stop(self: client.WordPress, fields: dict[str, object]) -> client.RemotePost:
        nonlocal made
        answer = create(self, fields)
        made += 1
        if made == 4:
            wp.stop()  # the site goes down after its 4th post
        return answer

    monkeypatch.setattr(client.WordPress, "create", create_then_stop)
    settings = load_settings(site / "blogwire.toml", environ={})
    env = {PASSWORD_ENV: wp.app_password}
    summary = Blogwire(settings, environ=env).run()
    assert len(summary.posts) == 10  # every Jekyll post is written
    (report,) = summary.targets
    assert (report.published, report.failed, report.not_tried) == (4, 1, 5)
    assert report.error and "cannot reach" in report.error
    assert [f.subject for f in summary.failures] == ["wp"]
    wp.start()
    after = Blogwire(settings, environ=env).run()
    assert (after.targets[0].published, after.targets[0].failed) == (6, 0)
    assert len(_ours(wp)) == 10


def test_a_post_changed_after_publishing_updates_its_wordpress_post(
    tmp_path: Path, wp: WordPress
) -> None:
    site = _site(tmp_path, wp)
    settings = load_settings(site / "blogwire.toml", environ={})
    env = {PASSWORD_ENV: wp.app_password}
    Blogwire(settings, environ=env).run()
    with Store.open(site / DATABASE) as store:
        record = store.posts()[0]
        post = post_from_json(store.post_content(record.id) or "")
        edited = dataclasses.replace(post, title="고친 제목입니다")
        store.set_post_content(record.id, post_to_json(edited))
        (remote,) = store.remote_posts(record.id)
    summary = Blogwire(settings, environ=env).run()
    assert (summary.targets[0].updated, summary.targets[0].published) == (1, 0)
    found = wp.api(f"/wp/v2/posts/{remote.remote_id}", context="edit")
    assert found["title"]["raw"] == "고친 제목입니다"  # type: ignore[index]
    assert len(_ours(wp)) == 10


def test_a_dry_run_sends_nothing(tmp_path: Path, wp: WordPress) -> None:
    site = _site(tmp_path, wp)
    dry = _cli(site, "run", "--dry-run", **{PASSWORD_ENV: wp.app_password})
    assert dry.returncode == 0, dry.stderr
    assert "target wp: would send 10" in dry.stdout
    assert _ours(wp) == []
    assert not (site / DATABASE).exists()


def test_uploaded_images_are_uploaded_once_and_made_featured(tmp_path: Path, wp: WordPress) -> None:
    from httpserver import Route, serve

    site = _site(tmp_path, wp)
    toml = site / "blogwire.toml"
    text = toml.read_text(encoding="utf-8").replace("upload_images = false", "upload_images = true")
    toml.write_text(text.replace("allow_private_hosts = []", 'allow_private_hosts = ["127.0.0.1"]'))
    settings = load_settings(toml, environ={})
    assert settings.targets[0].upload_images
    Blogwire(settings, environ={}).run()  # no password: the Jekyll posts only
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360f8cfc0f01f0005fe02fea7d6a4b00000000049454e44ae426082"
    )
    photo = Route(png, headers={"Content-Type": "image/png"})
    with serve({"/photo.png": photo}) as base:
        with Store.open(site / DATABASE) as store:
            records = store.posts()
            assert len(records) == 10
            for n, record in enumerate(records):  # two stories share a photo; 8 are gone
                post = post_from_json(store.post_content(record.id) or "")
                image = f"{base}/photo.png" if n < 2 else f"{base}/gone-{n}.png"
                store.set_post_content(
                    record.id, post_to_json(dataclasses.replace(post, image=image))
                )
        summary = Blogwire(settings, environ={PASSWORD_ENV: wp.app_password}).run()
    assert summary.targets[0].published == 10, summary.targets
    assert photo.hits == 1  # downloaded once, uploaded once, used twice
    media = wp.api("/wp/v2/media")
    assert isinstance(media, list) and len(media) == 1
    featured = [p for p in _ours(wp) if p["featured_media"]]
    assert len(featured) == 2 and {p["featured_media"] for p in featured} == {media[0]["id"]}
    for post in featured:
        assert f'<img src="{media[0]["source_url"]}"' in str(post["content"]["raw"])  # type: ignore[index]
    # the others' photos (404) fell back to the default image
    others = [p for p in _ours(wp) if not p["featured_media"]]
    assert len(others) == 8
    for post in others:
        assert f'<img src="{settings.post.default_image}"' in str(post["content"]["raw"])  # type: ignore[index]


def test_an_authors_posts_keep_the_seed_markup_through_kses(tmp_path: Path, wp: WordPress) -> None:
    """An Author lacks unfiltered_html, so WordPress filters the HTML (kses); the post
    format's markup passes. (Editors and Administrators of a single site keep theirs.)"""
    import httpx

    password = wp.add_user("author1", "author")
    made = httpx.post(  # an Author may not make categories: the admin makes it first
        f"{wp.url}/wp-json/wp/v2/categories",
        json={"name": "News"},
        auth=(wp.username, wp.app_password),
        timeout=30,
    )
    assert made.status_code == 201, made.text
    site = tmp_path / "site"
    assert _cli(tmp_path, "init", str(site), "--demo").returncode == 0
    added = _cli(
        site, "target", "add", "wp", wp.url, "--username", "author1",
        "--password-env", PASSWORD_ENV,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    check = _cli(site, "target", "check", "wp", **{PASSWORD_ENV: password})
    assert "logged in as author1 (author)" in check.stdout, check.stderr
    assert "filters this user's HTML" in check.stdout
    run = _cli(site, "run", **{PASSWORD_ENV: password})
    assert run.returncode == 0, run.stderr + run.stdout
    posts = _ours(wp)
    assert len(posts) == 10
    with Store.open(site / DATABASE) as store:
        sections = {
            (post := post_from_json(store.post_content(r.id) or "")).title: len(post.sections)
            for r in store.posts()
        }
    look = load_settings(site / "blogwire.toml", environ={}).post
    for remote in posts:
        content = str(remote["content"]["raw"])  # type: ignore[index]
        title = html.unescape(str(remote["title"]["raw"]))  # type: ignore[index]
        assert content.count("<b><span style=") == 2 + sections[title], content
        # kses rewrites the style without its last ";", the colours stay
        assert f'<span style="color: {look.red}">' in content
        assert f'<span style="background-color: {look.tint}">' in content
        assert '<p data-blogwire="source">' in content and 'target="_blank"' in content
        assert 'rel="noopener nofollow"' in content and '<p data-ke-size="size16">' in content
