"""[[targets]] in blogwire.toml (add/remove keep comments, each key checked), the
remote slug marker, and the store's record of each post on each target."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from blogwire.config_file import add_target, config_template, read_targets, remove_target
from blogwire.errors import ConfigError
from blogwire.publish.targets import SLUG_BYTES, marker_for
from blogwire.settings import TargetConfig, load_settings
from blogwire.store import Store

BLOG = TargetConfig(
    name="blog",
    url="https://blog.example.com",
    username="editor",
    password_env="BLOG_PASSWORD",
    status="draft",
    categories={"경제": "Economy"},
)


def test_target_add_and_remove_keep_comments(tmp_path: Path) -> None:
    path = tmp_path / "blogwire.toml"
    path.write_text("# my own note\n" + config_template(), encoding="utf-8")
    add_target(path, BLOG)
    add_target(path, TargetConfig("second", "http://127.0.0.1:8080", "me", "PW2"))
    assert read_targets(path) == [
        BLOG,
        TargetConfig("second", "http://127.0.0.1:8080", "me", "PW2"),
    ]
    text = path.read_text(encoding="utf-8")
    assert (
        'categories = {"경제" = "Economy"}' in text
        or "categories = {경제" in text
        or ("Economy" in text)
    )
    remove_target(path, "blog")
    text = path.read_text(encoding="utf-8")
    assert "# my own note" in text and "# seconds per request" in text
    assert [t.name for t in read_targets(path)] == ["second"]
    with pytest.raises(ConfigError, match="already in the list"):
        add_target(path, TargetConfig("second", "http://127.0.0.1:9", "x", "Y"))
    with pytest.raises(ConfigError, match="is not in the list"):
        remove_target(path, "blog")
    remove_target(path, "second")
    assert load_settings(path, environ={}).targets == ()
    assert "\n[[targets]]" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("entry", "key"),
    [
        ('name = "a b"', "targets.name"),
        ('url = "ftp://x.example"', "targets.url"),
        ('password_env = "my secret password"', "targets.password_env"),
        ('status = "future"', "targets.status"),
        ("timeout = 0", "targets.timeout"),
        ('kind = "blogger"', "targets.kind"),
        ('username = " "', "targets.username"),
    ],
)
def test_a_bad_target_setting_names_its_key(tmp_path: Path, entry: str, key: str) -> None:
    base = {
        "name": '"blog"',
        "url": '"https://blog.example.com"',
        "username": '"me"',
        "password_env": '"PW"',
    }
    field = entry.split(" = ")[0]
    base[field] = entry.split(" = ", 1)[1]
    body = "\n".join(f"{k} = {v}" for k, v in base.items())
    path = tmp_path / "blogwire.toml"
    path.write_text(f"[[targets]]\n{body}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(f"setting '{key}'")):
        load_settings(path, environ={})


def test_two_targets_with_one_name_are_refused(tmp_path: Path) -> None:
    one = '[[targets]]\nname = "a"\nurl = "https://a.example"\nusername = "u"\npassword_env = "P"\n'
    path = tmp_path / "blogwire.toml"
    path.write_text(one + one, encoding="utf-8")
    with pytest.raises(ConfigError, match="used twice"):
        load_settings(path, environ={})


def test_an_unknown_target_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blogwire.toml"
    path.write_text(
        '[[targets]]\nname = "a"\nurl = "https://a.example"\nusername = "u"\n'
        'password_env = "P"\npassword = "hunter2"\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"unknown setting 'targets\.password'"):
        load_settings(path, environ={})


def test_the_marker_survives_wordpress_slug_length() -> None:
    long_slug = "가람시-" * 40
    marker = marker_for(long_slug, "0123abcd")
    assert marker.endswith("-bw0123abcd")
    assert len(quote(marker, safe="-")) <= SLUG_BYTES
    assert marker.startswith("가람시-가람시")
    assert marker_for("", "0123abcd") == "bw0123abcd"
    assert marker_for("ai-칩", None) != marker_for("ai-칩", None)  # random per post


def test_the_store_finds_posts_to_send_and_sends_a_changed_one_again(tmp_path: Path) -> None:
    moments = iter(dt.datetime(2026, 12, 1, 9, 0, n, tzinfo=dt.UTC) for n in range(60))
    with Store.open(tmp_path / "s.db", clock=lambda: next(moments)) as store:
        assert store.schema_version() >= 6  # the remote-posts table (0006) is there
        posts = []
        for n in range(2):
            article = store.add_article(_article(n))
            story = store.new_story(article.id)
            record = store.begin_post(story, path=f"_posts/{n}.md", title=f"t{n}")
            store.finish_post(record.id)
            posts.append(record.id)
        assert store.posts_to_send("blog") == posts
        started = store.begin_remote(posts[0], "blog", "slug-bw00000000")
        assert (started.state, started.attempts) == ("sending", 1)
        assert store.posts_to_send("blog") == posts  # 'sending' is not done
        store.finish_remote(
            posts[0], "blog", remote_id=7, remote_url="https://b/?p=7", sent_hash="h"
        )
        assert store.posts_to_send("blog") == [posts[1]]
        assert store.posts_to_send("other") == posts
        store.fail_remote(posts[1], "blog", "HTTP 500")
        (counts,) = store.remote_counts(["blog"])
        assert (counts.published, counts.failed, counts.waiting) == (1, 1, 0)
        assert counts.last_error == "HTTP 500"
        store.set_post_title(posts[0], "changed")  # a later edit: sent again
        assert store.posts_to_send("blog") == posts
        again = store.begin_remote(posts[0], "blog", "another-marker")
        assert (again.marker, again.remote_id, again.attempts) == ("slug-bw00000000", 7, 2)


def _article(n: int):  # type: ignore[no-untyped-def]
    from blogwire.store import NewArticle

    return NewArticle(
        url=f"https://news.example/{n}",
        canonical_url=None,
        content_hash=f"h{n}",
        feed_url=None,
        title=f"기사 {n}",
        outlet="한빛일보",
        published=dt.date(2026, 11, 9),
        image=None,
        paragraphs=("첫 문단이다.",),
        signature=b"",
        bands=(),
    )
