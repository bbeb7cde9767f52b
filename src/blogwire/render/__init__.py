"""Render: a Post as text in a publishing format."""

from __future__ import annotations

from blogwire.render.seed import render_post

__all__ = ["render_post"]
