"""The state database: feeds fetched, articles seen, stories, posts and publishes."""

from __future__ import annotations

from blogwire.store.db import snapshot
from blogwire.store.records import (
    ARTICLE_STATES,
    FETCH_STATUSES,
    POST_STATES,
    ArticleRecord,
    Composed,
    FeedState,
    NewArticle,
    PostRecord,
    StoreCounts,
    StoryRecord,
)
from blogwire.store.remote import RemoteCounts, RemoteRecord
from blogwire.store.store import Store

__all__ = [
    "ARTICLE_STATES",
    "FETCH_STATUSES",
    "POST_STATES",
    "ArticleRecord",
    "Composed",
    "FeedState",
    "NewArticle",
    "PostRecord",
    "RemoteCounts",
    "RemoteRecord",
    "Store",
    "StoreCounts",
    "StoryRecord",
    "snapshot",
]
