"""Questions with choices, kept in storage so an answer works after a restart.

A handler returns a `Prompt`; the engine stores its options under a short nonce
and sends buttons whose payload is only `nonce:index` (Telegram allows 64 bytes).
The stored prompt binds the answer to the chat member and expires, so a stale or
foreign button press is refused instead of acted on.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict

from bot.conversation.types import Choice, Reply

PROMPT_KEY = "prompt"
PROMPT_TTL = timedelta(minutes=30)


@dataclass(frozen=True, slots=True)
class Option:
    label: str
    action: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Prompt:
    """A question owned by one errand; the chosen option goes back to that errand."""

    errand: str
    text: str
    options: Sequence[Option]

    def __post_init__(self) -> None:
        object.__setattr__(self, "options", tuple(self.options))


class StoredOption(BaseModel):
    model_config = ConfigDict(frozen=True)

    label: str
    action: str
    data: dict[str, Any] = {}


class StoredPrompt(BaseModel):
    """An open question as the store keeps it: read back through the model, never by hand."""

    model_config = ConfigDict(frozen=True)

    nonce: str
    errand: str
    options: tuple[StoredOption, ...]

    @classmethod
    def of(cls, prompt: Prompt, nonce: str) -> StoredPrompt:
        return cls(
            nonce=nonce,
            errand=prompt.errand,
            options=tuple(
                StoredOption(label=o.label, action=o.action, data=o.data) for o in prompt.options
            ),
        )


def new_nonce() -> str:
    return secrets.token_urlsafe(6)


def render(prompt: Prompt, nonce: str) -> Reply:
    choices = tuple(Choice(o.label, f"{nonce}:{i}") for i, o in enumerate(prompt.options))
    return Reply(prompt.text, choices=choices, prompt_key=nonce)


def split_payload(payload: str) -> tuple[str, int] | None:
    nonce, _, index = payload.partition(":")
    if not nonce or not index.isdigit():
        return None
    return nonce, int(index)


def typed_answer(stored: StoredPrompt, text: str) -> int | None:
    """A typed "1" or "ja" answers the open question like pressing its button."""
    answer = text.strip().strip(".!").casefold()
    if answer.isdigit():
        index = int(answer) - 1
        return index if 0 <= index < len(stored.options) else None
    for i, option in enumerate(stored.options):
        if option.label.casefold() == answer:
            return i
    return None


def expiry(now: datetime) -> datetime:
    return now + PROMPT_TTL
