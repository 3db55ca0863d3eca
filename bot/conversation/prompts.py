"""Questions with choices, kept in storage so an answer works after a restart.

A handler returns a `Prompt`; the engine stores its options under a short nonce
and sends buttons whose payload is only `nonce:index` (Telegram allows 64 bytes).
The stored prompt binds the answer to the chat member and expires, so a stale or
foreign button press is refused instead of acted on.

A chat has at most one open *question* (a decision: yes or no, which child) and
one open *menu* (a list to pick from: news, calendar, "did you mean"). A menu
shown while a question is open leaves the question open, so "vänta, några
nyheter?" in the middle of a confirmation loses nothing; a new question replaces
the old one. What became of recent prompts is kept a while, so an old button
says what happened to its question.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from bot.conversation.types import Choice, Reply
from bot.nlu.yesno import Answer, classify

PROMPT_KEY = "prompt"
PROMPT_TTL = timedelta(minutes=30)
# How long an old button can still say what became of its question.
PAST_TTL = timedelta(hours=12)
PAST_KEPT = 12


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
    # A list to pick from or an offer (news, calendar, "repeat for more weeks"): it never
    # displaces an open question. None: a question when it asks one (its first line ends
    # in "?", or it offers a yes or a no), otherwise a menu.
    menu: bool | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "options", tuple(self.options))

    @property
    def is_menu(self) -> bool:
        if self.menu is not None:
            return self.menu
        asks = self.text.split("\n", 1)[0].rstrip().endswith("?")
        return not (asks or any(classify(o.label) is not None for o in self.options))


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
    # The question in one line, to repeat it when something else came in between.
    question: str = ""
    menu: bool = False
    expires_at: datetime | None = None

    @classmethod
    def of(cls, prompt: Prompt, nonce: str, *, expires_at: datetime | None = None) -> StoredPrompt:
        return cls(
            nonce=nonce,
            errand=prompt.errand,
            options=tuple(
                StoredOption(label=o.label, action=o.action, data=o.data) for o in prompt.options
            ),
            question=one_line(prompt.text),
            menu=prompt.is_menu,
            expires_at=expires_at,
        )

    def answer_for(self, answer: Answer) -> int | None:
        """The option a typed yes or no stands for: the one whose label says it."""
        for i, option in enumerate(self.options):
            if classify(option.label) is answer:
                return i
        return None


class Fate(StrEnum):
    """What became of a prompt that is no longer open."""

    ANSWERED = "answered"
    REPLACED = "replaced"
    DISMISSED = "dismissed"
    EXPIRED = "expired"


class PastPrompt(BaseModel):
    model_config = ConfigDict(frozen=True)

    nonce: str
    fate: Fate
    # The label chosen (answered) or the question (replaced), for a clear word about it.
    detail: str = ""


class OpenPrompts(BaseModel):
    """Everything one chat member's buttons may still refer to, as the store keeps it."""

    model_config = ConfigDict(frozen=True)

    open: tuple[StoredPrompt, ...] = ()
    past: tuple[PastPrompt, ...] = ()

    @classmethod
    def read(cls, value: Any, now: datetime) -> OpenPrompts:
        """The stored value, with prompts past their time moved to the past."""
        if isinstance(value, dict) and "nonce" in value:  # one prompt, as stored before
            value = {"open": [value]}
        prompts = cls.model_validate(value) if isinstance(value, dict) else cls()
        expired = [p for p in prompts.open if p.expires_at is not None and p.expires_at <= now]
        for prompt in expired:
            prompts = prompts.closed(prompt.nonce, Fate.EXPIRED)
        return prompts

    def find(self, nonce: str) -> StoredPrompt | None:
        return next((p for p in self.open if p.nonce == nonce), None)

    def fate_of(self, nonce: str) -> PastPrompt | None:
        return next((p for p in reversed(self.past) if p.nonce == nonce), None)

    @property
    def question(self) -> StoredPrompt | None:
        """The open decision, if any (menus are not questions)."""
        return next((p for p in reversed(self.open) if not p.menu), None)

    @property
    def newest(self) -> StoredPrompt | None:
        return self.open[-1] if self.open else None

    def closed(self, nonce: str, fate: Fate, detail: str = "") -> OpenPrompts:
        left = tuple(p for p in self.open if p.nonce != nonce)
        gone = next((p for p in self.open if p.nonce == nonce), None)
        if gone is not None and fate is Fate.REPLACED and not detail:
            detail = gone.question
        past = (*self.past, PastPrompt(nonce=nonce, fate=fate, detail=detail))[-PAST_KEPT:]
        return OpenPrompts(open=left, past=past)

    def opened(self, prompt: StoredPrompt) -> OpenPrompts:
        """A new question replaces the open question; a new menu replaces the open menu."""
        prompts = self
        for old in self.open:
            if old.menu == prompt.menu:
                prompts = prompts.closed(old.nonce, Fate.REPLACED)
        return OpenPrompts(open=(*prompts.open, prompt), past=prompts.past)

    def expires_at(self, now: datetime) -> datetime:
        ends = [p.expires_at for p in self.open if p.expires_at is not None]
        return max([now + PAST_TTL, *ends])


def new_nonce() -> str:
    return secrets.token_urlsafe(6)


def render(prompt: Prompt, nonce: str) -> Reply:
    choices = tuple(Choice(o.label, f"{nonce}:{i}") for i, o in enumerate(prompt.options))
    return Reply(prompt.text, choices=choices, prompt_key=nonce)


def render_stored(prompt: StoredPrompt) -> Reply:
    """A stored prompt shown again: the same buttons, so either copy answers it."""
    choices = tuple(Choice(o.label, f"{prompt.nonce}:{i}") for i, o in enumerate(prompt.options))
    return Reply(prompt.question, choices=choices, prompt_key=prompt.nonce)


def split_payload(payload: str) -> tuple[str, int] | None:
    nonce, _, index = payload.partition(":")
    if not nonce or not index.isdigit():
        return None
    return nonce, int(index)


def one_line(text: str) -> str:
    """A prompt's question in one line: its first line when that asks, else first and last."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return ""
    if lines[0].endswith("?") or len(lines) == 1:
        return lines[0]
    return f"{lines[0].rstrip(':')} … {lines[-1]}"


@dataclass(frozen=True, slots=True)
class Typed:
    """What a typed message does to the open prompts: choose an option, or dismiss a question."""

    prompt: StoredPrompt
    index: int | None  # None: a "no" or "avbryt" to a question that has no No option


def typed_answer(prompts: OpenPrompts, text: str) -> Typed | None:
    """A typed "1", a button's words, or a natural yes or no, like pressing the button.

    A number or a label goes to the newest prompt that has it; a yes or a no goes to
    the open question (a menu has nothing to say yes to).
    """
    answer = text.strip().strip(".!").casefold()
    for prompt in reversed(prompts.open):
        if answer.isdigit():
            index = int(answer) - 1
            if 0 <= index < len(prompt.options):
                return Typed(prompt, index)
            continue
        for i, option in enumerate(prompt.options):
            if option.label.casefold() == answer:
                return Typed(prompt, i)
    said = classify(text)
    question = prompts.question
    if said is None or question is None:
        return None
    chosen = question.answer_for(said)
    if chosen is None and said is Answer.NO:
        return Typed(question, None)
    return Typed(question, chosen) if chosen is not None else None


def expiry(now: datetime) -> datetime:
    return now + PROMPT_TTL
