"""blogwire.toml: the init template documents every setting; feed edits keep comments."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from blogwire.config_file import add_feed, config_template, read_feeds, remove_feed
from blogwire.errors import ConfigError
from blogwire.settings import FeedConfig, Settings, load_settings, setting_names

from conftest import ROOT


def test_template_sets_every_setting_to_its_default(tmp_path: Path) -> None:
    text = config_template()
    data = tomllib.loads(text)
    flat = {f"{section}.{key}" for section, table in data.items() for key in table}
    assert flat == {n for n in setting_names() if "." in n}
    path = tmp_path / "blogwire.toml"
    path.write_text(text, encoding="utf-8")
    loaded = load_settings(path, environ={})
    assert loaded.post == Settings().post
    assert loaded.fetch == Settings().fetch
    assert loaded.run == Settings().run
    assert loaded.site_dir == tmp_path


def test_readme_shows_the_template() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert config_template().strip() in readme


def test_feed_add_and_remove_keep_comments(tmp_path: Path) -> None:
    path = tmp_path / "blogwire.toml"
    path.write_text("# my own note\n" + config_template(), encoding="utf-8")
    add_feed(path, FeedConfig("https://a.example/rss", "IT", ("반도체",), ("광고",)))
    add_feed(path, FeedConfig("feeds/local.xml"))
    assert read_feeds(path) == [
        FeedConfig("https://a.example/rss", "IT", ("반도체",), ("광고",)),
        FeedConfig("feeds/local.xml"),
    ]
    assert load_settings(path, environ={}).feeds[0].include == ("반도체",)
    remove_feed(path, "https://a.example/rss")
    text = path.read_text(encoding="utf-8")
    assert "# my own note" in text and "# seconds per request" in text
    assert read_feeds(path) == [FeedConfig("feeds/local.xml")]
    with pytest.raises(ConfigError, match="already in the list"):
        add_feed(path, FeedConfig("feeds/local.xml"))
    with pytest.raises(ConfigError, match="is not in the list"):
        remove_feed(path, "https://nope.example/rss")


def test_missing_config_says_how_to_start(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="run `blogwire init` first"):
        read_feeds(tmp_path / "blogwire.toml")


def test_settings_layers(tmp_path: Path) -> None:
    path = tmp_path / "blogwire.toml"
    path.write_text('[fetch]\ntimeout = 3.0\n[post]\ncategories = ["A"]\n', encoding="utf-8")
    env = {"BLOGWIRE_FETCH__TIMEOUT": "4", "BLOGWIRE_POST__RED": "#000000"}
    settings = load_settings(path, environ=env, overrides={"post.red": "#111111"})
    assert settings.fetch.timeout == 4.0  # environment beats the file
    assert settings.post.categories == ("A",)  # file beats defaults
    assert settings.post.red == "#111111"  # flags beat the environment


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[fetch]\ntimeout = 'soon'\n", "setting 'fetch.timeout' must be float"),
        ("[fetch]\ntimeot = 3\n", "unknown setting 'fetch.timeot' (line 2)"),
        ("[[feeds]]\nurl = 'x'\ncategry = 'a'\n", "unknown setting 'feeds.categry' (line 3)"),
        ("[[feeds]]\ncategory = 'a'\n", "feeds entry 1 lacks 'url'"),
        ("[post\n", "not valid TOML"),
    ],
)
def test_bad_config_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "blogwire.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(path, environ={})
    assert message in str(info.value)
