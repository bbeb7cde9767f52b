"""The review web UI (`blogwire serve`): queue, story and draft editor, preview,
approve/reject/re-compose, run now, feeds and settings."""

from __future__ import annotations

from blogwire.web.app import DEFAULT_HOST, DEFAULT_PORT, check_bind, create_app, serve

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "check_bind", "create_app", "serve"]
