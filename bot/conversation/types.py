"""Typed events at the boundary between channels and the conversation.

Channels (terminal, Telegram, web) turn their wire format into `Incoming` and
render `Reply`; nothing past this boundary knows which channel it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class ChatRef:
    """Where a conversation happens. `member_id` tells group members apart."""

    channel: str
    chat_id: str
    is_group: bool = False


@dataclass(frozen=True, slots=True)
class Choice:
    """A button. `payload` comes back in `Incoming.choice` when pressed."""

    label: str
    payload: str = ""
    # A link button (e.g. the account-linking page) instead of an answer.
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Incoming:
    chat: ChatRef
    sender_id: str
    at: datetime
    text: str | None = None
    choice: str | None = None
    language_hint: str | None = None


@dataclass(frozen=True, slots=True)
class Reply:
    """What the bot says: a value, so a reply someone else holds never changes under them.

    Build a changed one with `dataclasses.replace(reply, text=...)`.
    """

    text: str
    choices: Sequence[Choice] = ()
    # When set, the channel should edit the earlier prompt with this key instead of sending anew.
    replaces_prompt: str | None = None
    # A key the channel remembers for this message so a later reply can replace it.
    prompt_key: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "choices", tuple(self.choices))
