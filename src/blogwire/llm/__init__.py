"""The optional LLM writer: an OpenAI-compatible model writes the post, and the
claim guard keeps every fact the article's.

With room in the model's context (`LlmSettings.context_tokens`) the model writes
the whole post on the extractive post's plan (`write_post`, llm/write.py); with
less it polishes the extractive post (`polish_post`, llm/polish.py). The pipeline
chooses (`fits_whole`); nothing here reads the environment or the config file.
See docs/llm.md.
"""

from __future__ import annotations

from blogwire.llm.claims import Problem, check_facts
from blogwire.llm.client import ChatClient, Message
from blogwire.llm.polish import FieldFallback, PolishResult, polish_post
from blogwire.llm.write import WriteResult, fits_whole, write_post

__all__ = [
    "ChatClient",
    "FieldFallback",
    "Message",
    "PolishResult",
    "Problem",
    "WriteResult",
    "check_facts",
    "fits_whole",
    "polish_post",
    "write_post",
]
