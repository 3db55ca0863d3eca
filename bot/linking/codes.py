"""The one-time link code a Hub login hands out, in its two forms.

The long form (24 url-safe characters, about 144 bits) goes into a deep link or
is copied; the short form (8 characters from an alphabet without look-alikes,
about 40 bits, shown as `ABCD-EFGH`) is for a channel where a person types it,
such as SMS. Both name one grant and both are single-use and ten minutes long;
the short form is only made when the channel asks for it, because its smaller
space leans on the per-chat failure limit.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

LONG_CODE_BYTES = 18  # token_urlsafe: 24 characters, within Telegram's 64 for ?start=
SHORT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
SHORT_LENGTH = 8

_LONG = re.compile(r"[A-Za-z0-9_-]{16,64}")
_SHORT_TYPED = re.compile(r"[A-Za-z0-9]{4}[ -]?[A-Za-z0-9]{4}")
_START = re.compile(r"/start(?:@\w+)?\s+(\S+)", re.IGNORECASE)


class CodeForm(StrEnum):
    LONG = "long"
    SHORT = "short"


@dataclass(frozen=True, slots=True)
class IssuedCode:
    """What the link page shows: the code (and its short form, if asked for)."""

    code: str
    short_code: str | None
    expires_at: datetime

    @property
    def shown_short(self) -> str | None:
        """The short form as a person reads it: two groups of four."""
        if self.short_code is None:
            return None
        return f"{self.short_code[:4]}-{self.short_code[4:]}"


def new_long_code() -> str:
    return secrets.token_urlsafe(LONG_CODE_BYTES)


def new_short_code() -> str:
    return "".join(secrets.choice(SHORT_ALPHABET) for _ in range(SHORT_LENGTH))


def normalize(text: str) -> str:
    """A typed short code in any case, with a space or dash, becomes its stored form."""
    text = text.strip()
    if _SHORT_TYPED.fullmatch(text):
        squeezed = re.sub(r"[ -]", "", text).upper()
        if all(ch in SHORT_ALPHABET for ch in squeezed):
            return squeezed
    return text


def code_in_text(text: str | None) -> str | None:
    """A link code someone sent as a message: `/start CODE`, or a long code on its own.

    A bare short code is not taken from free text here (an eight-letter word is not
    a code); a channel built around short codes redeems what it reads itself.
    """
    if not text:
        return None
    text = text.strip()
    started = _START.fullmatch(text)
    if started:
        return started.group(1)
    if _LONG.fullmatch(text) and any(ch.isdigit() for ch in text) and len(text) >= 20:
        return text
    return None
