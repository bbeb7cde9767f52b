"""The README documents every command and setting, and CI runs its test command."""

from __future__ import annotations

import re
from pathlib import Path

from blogwire.cli import app
from blogwire.settings import setting_names

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented() -> None:
    commands = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert commands
    for name in commands:
        assert f"blogwire {name}" in README, name


def test_every_setting_is_documented() -> None:
    names = setting_names()
    assert names, "setting_names() is empty: the loop would check nothing"
    for name in names:
        leaf = name.rsplit(".", 1)[-1]
        assert re.search(rf"^(# )?({leaf} = |\[\[{leaf}\]\])", README, re.M), name


def test_ci_runs_the_readme_test_command() -> None:
    blocks = re.findall(r"```bash\n(.+?)\n```", README, re.S)
    demo_command, test_command = blocks[0], blocks[1]
    assert "blogwire demo" in demo_command
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_package_and_module_is_on_the_map() -> None:
    """README's "How it works" names every package and top-level module of blogwire."""
    import blogwire

    section = README.split("## How it works", 1)[1].split("\n## ", 1)[0]
    root = Path(blogwire.__file__).resolve().parent
    names = [
        f"`{p.name}/`" if p.is_dir() else f"`{p.name}`"
        for p in sorted(root.iterdir())
        if (p.is_dir() and (p / "__init__.py").exists())
        or (p.suffix == ".py" and not p.name.startswith("__"))
    ]
    assert len(names) > 20
    missing = [n for n in names if n not in section]
    assert missing == []


def test_the_readme_example_post_is_what_blogwire_writes() -> None:
    """The README's example post is the golden post of the same demo page, so it
    cannot drift from the output."""
    match = re.search(r"The whole post, as written.*?```html\n(.*?)\n```", README, re.S)
    assert match, "the README has no example post"
    golden = ROOT / "tests" / "fixtures" / "golden" / "render" / "04-society.md"
    assert "04-society.html" in README.split("The whole post, as written", 1)[0][-400:]
    assert match.group(1).strip() == golden.read_text(encoding="utf-8").strip()
