"""The optional LLM writer: an OpenAI-compatible model polishes the extractive
post, and a fact guard keeps every number, date, name, quote and negation the
source's own.

The adapter calls `polish_post` after composing, when `writer.engine = "llm"`;
nothing here reads the environment or the config file. See docs/llm.md.
"""

from __future__ import annotations

from blogwire.llm.client import ChatClient, Message
from blogwire.llm.guard import Violation, check_facts, check_rewrite
from blogwire.llm.polish import FieldFallback, PolishResult, polish_post

__all__ = [
    "ChatClient",
    "FieldFallback",
    "Message",
    "PolishResult",
    "Violation",
    "check_facts",
    "check_rewrite",
    "polish_post",
]
