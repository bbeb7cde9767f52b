"""Command-line adapter: parses flags, builds the settings once, calls the facade.

Heavy modules (kiwipiepy, trafilatura) are imported inside the facade's methods,
so `blogwire --help` stays fast. Each module registers its commands on the one app.
"""

from __future__ import annotations

from blogwire.cli import posts, run, site  # noqa: F401  (registers the commands)
from blogwire.cli.common import app, main

__all__ = ["app", "main"]
