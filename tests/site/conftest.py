"""The demo site, written once by the project's own pipeline, and copies to edit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from blogwire.core import Blogwire
from blogwire.settings import Settings
from blogwire.site import BuildResult, build_site


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("demo")
    result = Blogwire(Settings()).demo(site)
    assert not result.failures
    return site


@pytest.fixture
def site(demo_site: Path, tmp_path: Path) -> Path:
    """A private copy of the demo site, free to edit."""
    target = tmp_path / "site"
    shutil.copytree(demo_site, target, ignore=shutil.ignore_patterns("_site"))
    return target


@pytest.fixture(scope="session")
def built(demo_site: Path) -> BuildResult:
    return build_site(Settings(site_dir=demo_site))
