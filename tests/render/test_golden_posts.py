"""Whole demo posts against golden files: any change in extraction, ranking, sections,
style or markup shows up as a readable diff. Refresh with `pytest --update-golden`."""

from __future__ import annotations

from pathlib import Path

import pytest

from blogwire.core import Blogwire
from blogwire.demo import demo_pages
from blogwire.settings import Settings

from conftest import FIXTURES
from golden import assert_golden

WIRE = Blogwire(Settings())


@pytest.mark.parametrize("page", demo_pages(), ids=lambda p: p.name)
def test_demo_post_matches_golden(page: Path, update_golden: bool) -> None:
    rendered = WIRE.render(WIRE.compose(str(page)))
    assert_golden(rendered.text, FIXTURES / "golden" / "render" / f"{page.stem}.md", update_golden)
