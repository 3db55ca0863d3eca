"""Runs a dialogue of the corpus through the real engine against the sandbox Hub.

A dialogue is data (`*.json` beside this file): who talks, when, the messages in
order (typed, pressed, or something else happening: time passing, support taking
the chat over), what each answer must and must not say, and what the Hub must hold
at the end. The same runner serves the parametrised test and
`benchmarks/dialogue.py`, so the benchmark's share is exactly the tests' verdict.

Reply checks are deliberately about properties (contains, not contains, language,
buttons), not whole sentences: a dialogue states what a parent needs to see, and
wording may improve without the corpus changing.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.conversation.types import Incoming, Reply
from bot.storage.models import Language, StaffRole, StaffSession
from bot.testing.conversation import BotHarness, Chat, Said
from bot.web.console import takeover

HERE = Path(__file__).resolve().parent
DEFAULT_NOW = "2026-11-26T07:30:00+01:00"  # a Thursday morning
HUB_KEYS = ("absences", "leave_requests", "time_registrations", "meeting_bookings")

Lang = Literal["sv", "en"]


class Checks(BaseModel):
    """What one answer (or the notices drained after it) must show."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    has: list[str] = []
    not_: list[str] = Field(default=[], alias="not")
    any: list[str] = []
    lang: Lang | None = None
    buttons: list[str] | None = None
    buttons_has: list[str] = []
    silent: bool = False


class Turn(Checks):
    """One step: exactly one of say / press / advance_minutes / tick / support / notices."""

    say: str | None = None
    # Telegram's language_code for this message.
    hint: str | None = None
    # Press the button with this label: the newest one, or the one shown in turn `turn`.
    press: str | None = None
    turn: int | None = None
    advance_minutes: int | None = None
    tick: bool = False
    # "claim", "release", or anything else: support writes that text in the chat.
    support: str | None = None
    # Check what reached the chat outside replies (pushes, support) since last asked.
    notices: bool = False


class Dialogue(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    about: str = ""
    login: str = "anna"
    now: str = DEFAULT_NOW
    # The chat's language before the first message (as if chosen in settings).
    language: Lang | None = None
    # Every answer's language unless a turn says otherwise.
    lang: Lang | None = None
    # Telegram's language_code for every message unless a turn says otherwise.
    hint: str | None = None
    turns: list[Turn]
    # What the sandbox holds at the end: every key not named must be empty.
    hub: dict[str, list[dict[str, Any]]] = {}


@dataclass
class Verdict:
    dialogue: Dialogue
    failures: list[str] = field(default_factory=list)
    turn_seconds: list[float] = field(default_factory=list)
    transcript: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def report(self) -> str:
        return "\n".join([*self.failures, "--- transcript ---", *self.transcript])


def load(folder: Path = HERE) -> list[Dialogue]:
    dialogues: list[Dialogue] = []
    for path in sorted(folder.glob("*.json")):
        for raw in json.loads(path.read_text(encoding="utf-8")):
            dialogues.append(Dialogue.model_validate(raw))
    ids = [d.id for d in dialogues]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ValueError(f"dialogue ids used twice: {sorted(duplicates)}")
    return dialogues


# -- language of an answer ----------------------------------------------------------------------

_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)


def _vocabulary(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Function words and the bot's own vocabulary; names, dates and Hub content weigh nothing.
_SV = _vocabulary(
    "och är det att för inte på jag du har till som med kan vill ska idag imorgon igår "
    "frånvarande klart vilket vilken barn nej ja hela dagen anmäla anmäld frånvaro nyheter "
    "meddelanden kalendern hjälp förlåt förstod inte vecka veckan vad hur när ingen inga "
    "eller om mer från också redan sent får kan måste nu här din ditt dina något något "
    "inställningar svenska sammanfattningen tiden supporten skola skolan fritids tack "
    "avbrutet avbryt ändra ångra schemat tider"
)
_EN = _vocabulary(
    "and is the to for not on i you have will can would today tomorrow yesterday absent "
    "done which child children no yes whole day report reported absence news messages "
    "calendar help sorry understand week what how when none or if more from also already "
    "late must now here your something settings english summary time support school "
    "thanks cancelled cancel change undo schedule times there that this of it"
)


def language_of(text: str) -> Lang | None:
    """Swedish or English by the bot's own words; None when a text has too few to tell."""
    words = [w.casefold() for w in _WORDS.findall(text)]
    sv = sum(w in _SV for w in words)
    en = sum(w in _EN for w in words)
    if sv == en:
        return None
    return "sv" if sv > en else "en"


def _first_lines(replies: list[Reply]) -> list[str]:
    """The bot's own sentence of each reply; listed items may be Hub content in Swedish."""
    lines: list[str] = []
    for reply in replies:
        first = next((ln for ln in reply.text.splitlines() if ln.strip()), "")
        if first and not re.match(r"\s*(\d+\.|•|-)", first):
            lines.append(first)
    return lines


# -- checks -------------------------------------------------------------------------------------


def check(checks: Checks, replies: list[Reply], default_lang: Lang | None) -> list[str]:
    text = "\n".join(r.text for r in replies)
    folded = text.casefold()
    labels = [c.label for r in replies for c in r.choices]
    problems: list[str] = []
    if checks.silent and replies:
        problems.append(f"expected no answer, got {text!r}")
    if not checks.silent and not replies:
        problems.append("expected an answer, got none")
    problems += [f"missing {s!r}" for s in checks.has if s.casefold() not in folded]
    problems += [f"must not say {s!r}" for s in checks.not_ if s.casefold() in folded]
    if checks.any and not any(s.casefold() in folded for s in checks.any):
        problems.append(f"none of {checks.any!r}")
    if checks.buttons is not None and labels != checks.buttons:
        problems.append(f"buttons {labels!r}, expected {checks.buttons!r}")
    problems += [f"no button {b!r} in {labels!r}" for b in checks.buttons_has if b not in labels]
    if "Traceback" in text:
        problems.append("a traceback reached the chat")
    lang = checks.lang or default_lang
    if lang and replies:
        for line in _first_lines(replies):
            found = language_of(line)
            if found is not None and found != lang:
                problems.append(f"answer in {found}, expected {lang}: {line!r}")
    return problems


def _match_hub(expected: dict[str, list[dict[str, Any]]], state: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    unknown = set(expected) - set(HUB_KEYS)
    if unknown:
        problems.append(f"unknown hub keys {sorted(unknown)}")
    for key in HUB_KEYS:
        want = list(expected.get(key, []))
        have = list(state.get(key, []))
        left = list(have)
        for item in want:
            hit = next((h for h in left if all(h.get(k) == v for k, v in item.items())), None)
            if hit is None:
                problems.append(f"hub {key}: no {item!r} in {have!r}")
            else:
                left.remove(hit)
        if not problems and left:
            problems.append(f"hub {key}: unexpected {left!r}")
    return problems


# -- running ------------------------------------------------------------------------------------


async def _message(chat: Chat, bot: BotHarness, turn: Turn, hint: str | None) -> Said:
    at = bot.clock.now()
    if turn.press is not None:
        payload = _button(chat, turn)
        msg = Incoming(chat=chat.chat, sender_id=chat.sender_id, at=at, choice=payload)
    else:
        msg = Incoming(
            chat=chat.chat, sender_id=chat.sender_id, at=at, text=turn.say, language_hint=hint
        )
    said = Said(await bot.app.conversation.handle(msg))
    chat.history.append(said)
    return said


def _button(chat: Chat, turn: Turn) -> str:
    assert turn.press is not None
    pool = [chat.history[turn.turn]] if turn.turn is not None else list(reversed(chat.history))
    for said in pool:
        for reply in said.replies:
            for choice in reply.choices:
                if choice.label.casefold() == turn.press.casefold() and choice.payload:
                    return choice.payload
    raise LookupError(f"no button {turn.press!r} to press")


def _staff() -> StaffSession:
    moment = datetime.fromisoformat(DEFAULT_NOW)
    return StaffSession(
        login="support",
        display_name="Kim Nyberg",
        role=StaffRole.SUPPORT,
        municipality="vanersborg",
        csrf_token="dialogue",
        hub_token=None,
        created_at=moment,
        last_seen_at=moment,
    )


async def run(dialogue: Dialogue, data_dir: Path) -> Verdict:
    verdict = Verdict(dialogue)
    async with BotHarness.started(data_dir, now=dialogue.now) as bot:
        chat = await bot.chat(dialogue.login)
        member = bot.app.member_of(chat.chat, chat.sender_id)
        if dialogue.language is not None:
            await _choose_language(bot, member, dialogue.language)
        # Each turn's replies, by turn index (history holds only messages).
        turn_index: dict[int, int] = {}
        for n, turn in enumerate(dialogue.turns):
            replies: list[Reply] | None = None
            label = ""
            if turn.say is not None or turn.press is not None:
                hint = turn.hint or dialogue.hint
                if turn.turn is not None:
                    turn = turn.model_copy(update={"turn": turn_index.get(turn.turn, -1)})
                started = time.perf_counter()
                try:
                    said = await _message(chat, bot, turn, hint)
                except LookupError as exc:
                    verdict.failures.append(f"turn {n}: {exc}")
                    break
                verdict.turn_seconds.append(time.perf_counter() - started)
                turn_index[n] = len(chat.history) - 1
                replies = said.replies
                label = f"du: {turn.say}" if turn.say is not None else f"[{turn.press}]"
            elif turn.advance_minutes is not None:
                bot.clock.advance(minutes=turn.advance_minutes)
                verdict.transcript.append(f"(+{turn.advance_minutes} min)")
            elif turn.tick:
                await bot.app.tick()
            elif turn.support is not None:
                await _support(bot, member.chat, turn.support)
                verdict.transcript.append(f"(support: {turn.support})")
            if turn.notices:
                replies = await bot.app.drain_notices(member)
                label = "(notices)"
            if replies is None:
                continue
            verdict.transcript.append(label)
            verdict.transcript += [
                f"  bot: {r.text}  {[c.label for c in r.choices]}" for r in replies
            ]
            problems = check(turn, replies, dialogue.lang)
            verdict.failures += [f"turn {n} ({label}): {p}" for p in problems]
        assert bot.app.sandbox is not None
        verdict.failures += _match_hub(dialogue.hub, bot.app.sandbox.state())
    return verdict


async def _choose_language(bot: BotHarness, member: Any, language: Lang) -> None:
    """As if the person had chosen the language in settings."""
    link = await bot.app.store.get_link(member)
    assert link is not None
    await bot.app.store.set_language(link.id, Language(language))


async def _support(bot: BotHarness, chat: Any, action: str) -> None:
    staff = _staff()
    if action == "claim":
        await takeover.claim(bot.app.deps, chat, staff)
    elif action == "release":
        await takeover.hand_back(bot.app.deps, chat, staff)
    else:
        await takeover.reply(bot.app.deps, chat, staff, action)


async def run_in_temp(dialogue: Dialogue) -> Verdict:
    with tempfile.TemporaryDirectory(prefix="dialogue-") as folder:
        return await run(dialogue, Path(folder))


def by_id(dialogues: list[Dialogue]) -> Iterator[tuple[str, Dialogue]]:
    for d in dialogues:
        yield d.id, d
