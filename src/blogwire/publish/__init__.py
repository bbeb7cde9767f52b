"""Publish: write rendered posts to their destination, atomically and never twice."""

from __future__ import annotations

from blogwire.publish.files import file_hash, text_hash, write_atomic
from blogwire.publish.jekyll import POSTS_DIR, publish_post, write_site_skeleton

__all__ = [
    "POSTS_DIR",
    "file_hash",
    "publish_post",
    "text_hash",
    "write_atomic",
    "write_site_skeleton",
]
