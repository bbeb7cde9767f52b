"""blogwire.toml: the init template documents every setting; feed edits keep comments."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from blogwire.config_file import add_feed, config_template, read_feeds, remove_feed
from blogwire.errors import ConfigError
from blogwire.settings import (
    REMOVED_KEYS,
    FeedConfig,
    Settings,
    load_settings,
    setting_names,
)

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


# The [run] lines around the one `blogwire init` wrote while run.every existed: every
# site made before its removal has it.
REVIEW_LINE = (
    "review = false # true: new posts wait in _drafts/ for review instead of being published\n"
)
EVERY_LINE = 'every = "1h" # interval of `blogwire run --every` when none is given (30m, 1h, 1d)\n'


def _old_template() -> str:
    text = config_template()
    assert REVIEW_LINE in text and "every =" not in text
    return text.replace(REVIEW_LINE, REVIEW_LINE + EVERY_LINE)


def test_removed_settings_are_no_settings() -> None:
    assert "run.every" in REMOVED_KEYS
    assert not set(REMOVED_KEYS) & set(setting_names())


def test_an_old_file_with_a_removed_setting_loads_with_one_warning(tmp_path: Path) -> None:
    path = tmp_path / "blogwire.toml"
    old = _old_template()
    path.write_text(old, encoding="utf-8")
    warnings: list[str] = []
    settings = load_settings(path, environ={}, warn=warnings.append)
    assert settings.run == Settings().run
    line = old.splitlines().index(EVERY_LINE.rstrip("\n")) + 1
    assert warnings == [
        f"{path} (line {line}): setting 'run.every' was removed and is ignored; delete it "
        f"({REMOVED_KEYS['run.every']})"
    ]


def test_a_removed_setting_warns_on_stderr_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "blogwire.toml"
    path.write_text("[run]\nevery = '1h'\n", encoding="utf-8")
    load_settings(path, environ={})
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("warning: ") and captured.err.count("\n") == 1
    assert f"{path} (line 2): setting 'run.every'" in captured.err and "delete it" in captured.err


def test_a_removed_setting_in_the_environment_is_ignored_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no blogwire.toml here: the environment alone
    warnings: list[str] = []
    env = {"BLOGWIRE_RUN__EVERY": "30m", "BLOGWIRE_FETCH__TIMEOUT": "4"}
    settings = load_settings(environ=env, warn=warnings.append)
    assert settings.fetch.timeout == 4.0
    assert len(warnings) == 1
    assert warnings[0].startswith(
        "environment variable BLOGWIRE_RUN__EVERY: setting 'run.every' was removed and is "
        "ignored; unset it"
    )


def test_an_unknown_key_is_still_an_error_beside_a_removed_one(tmp_path: Path) -> None:
    path = tmp_path / "blogwire.toml"
    path.write_text("[run]\nevery = '1h'\nevry = '1h'\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(path, environ={}, warn=lambda message: None)
    assert "unknown setting 'run.evry' (line 3)" in str(info.value)
