"""The settings a chat can type, read from whole short messages.

Two families, both outside the parse contract's intents and so read before the
parser sees a message: the chat's own settings ("inställningar", "english please",
"bekräftelser av", "hantera bara Elsa") and the push settings (when and whether
the evening summary comes, quiet hours, night alerts). The push settings are
read in natural words too: "kan kvällssammanfattningen komma kl 20 i stället?",
"ändra tiden för sammanfattningen till 20.00", "stäng av sammanfattningen",
"could the summary come at 8 pm instead?". Anything more than a setting is left
for the parser, so "sammanfattning av veckan" is still a request for a summary.
Pure: the errands apply what is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from typing import Literal

# -- the chat's own settings -------------------------------------------------------------------

_LANGUAGE_WORDS = {"engelska": "en", "english": "en", "svenska": "sv", "swedish": "sv"}

_PUNCTUATION = re.compile(r"[.,!?:;\"“”'’()]+")
# Names are listed with commas ("Saga, Noah och Ali"): those stay for the split.
_PUNCTUATION_BUT_COMMAS = re.compile(r"[.!?:;\"“”'’()]+")
_SHOW = re.compile(
    r"^(?:visa |ändra |mina |öppna )?inställning(?:ar|arna)?$"
    r"|^(?:show |open |change |my )?(?:the )?settings$|^preferences$"
)
_LANGUAGE = re.compile(
    r"^(?:(?:kan du |can you |could you |please )?"
    r"(?:byt|byta|ändra|växla|sätt|switch|change|set|speak|tala|prata|skriv|skriva|svara|write"
    r"|answer|reply)"
    r"(?: över| the)?(?: språk(?:et)?| language)?(?: till| to| på| in)? "
    r"|(?:språk(?:et)?|language)(?: till| to)? |(?:på|in) )?"
    r"(?P<lang>engelska|english|svenska|swedish)(?: tack| please| thanks| thank you)?$"
)
_CONFIRMATION_WORD = re.compile(r"bekräftelse\w*|confirmations?")
_OFF_WORDS = frozenset({"av", "off", "inga", "no", "stäng", "disable", "utan", "without", "sluta"})
_ON_WORDS = frozenset({"på", "on", "enable", "med", "with"})
# Besides the noun and on/off, a confirmations message holds only these words.
_CONFIRMATION_FILLER = frozenset(
    {"slå", "sätt", "turn", "switch", "alla", "all", "tack", "please", "jag", "vill", "ha",
     "i", "want", "the", "me", "stop", "asking", "for", "can", "you", "kan", "du"}
)  # fmt: skip
_CHILDREN = re.compile(
    r"^(?:hantera|sköt|handle|manage|följ|follow)(?: bara| endast| only)? (?P<names>.+?)"
    r"(?: (?:i|in) (?:den här|denna|this) (?:chatten|chatt|chat|gruppen|group))?$"
)
_ALL = re.compile(
    r"^(?:alla(?: barn(?:en)?| tre| två)?|all(?: (?:the |my )?(?:children|kids))?"
    r"|båda|bägge|both(?: kids| children)?)$"
)
_NAME_SPLIT = re.compile(r"\s*(?:,|\boch\b|\band\b|&)\s*")
MAX_WORDS = 8


@dataclass(frozen=True, slots=True)
class SettingRequest:
    kind: Literal["show", "language", "confirmations", "children"]
    language: str | None = None
    on: bool | None = None
    # None: every child
    names: tuple[str, ...] | None = None


def _normal(text: str, punctuation: re.Pattern[str] = _PUNCTUATION) -> str:
    return " ".join(punctuation.sub(" ", text.casefold()).split())


def match_setting(text: str) -> SettingRequest | None:
    """What a whole message asks of the settings, or None when it is something else."""
    words = _normal(text)
    if not words or len(words.split()) > MAX_WORDS:
        return None
    if _SHOW.match(words):
        return SettingRequest("show")
    if found := _LANGUAGE.match(words):
        return SettingRequest("language", language=_LANGUAGE_WORDS[found["lang"]])
    tokens = words.split()
    if any(_CONFIRMATION_WORD.fullmatch(w) for w in tokens) and all(
        _CONFIRMATION_WORD.fullmatch(w) or w in _CONFIRMATION_FILLER | _OFF_WORDS | _ON_WORDS
        for w in tokens
    ):
        if _OFF_WORDS & set(tokens):
            return SettingRequest("confirmations", on=False)
        if _ON_WORDS & set(tokens):
            return SettingRequest("confirmations", on=True)
        return None
    if found := _CHILDREN.match(_normal(text, _PUNCTUATION_BUT_COMMAS)):
        names = found["names"]
        if _ALL.match(names):
            return SettingRequest("children")
        parts = tuple(p for p in _NAME_SPLIT.split(names) if p)
        if parts and len(parts) <= 4 and all(re.fullmatch(r"[\w-]+", p) for p in parts):
            return SettingRequest("children", names=parts)
    return None


# -- push settings -------------------------------------------------------------------------------

DEFAULT_QUIET = (time(21, 0), time(7, 0))

SettingKind = Literal["summary_time", "summary_on", "quiet_hours", "alerts_any_hour"]

_TIME = r"(?P<{name}>\d{{1,2}}(?:[:.]\d{{2}})?)"
_SUMMARY = r"(?:kvälls)?sammanfattning(?:en|ar|arna)?|(?:evening |daily )?summary|summaries"
_AT = r"(?: (?:kl|klockan|vid|at|till))?"
_ON = {"på", "on", "igen", "again"}
_OFF = {"av", "off"}

_SUMMARY_TIME = re.compile(
    rf"^(?:(?:skicka|send|ändra|flytta|move|change|sätt|set) )?(?:{_SUMMARY}){_AT} "
    + _TIME.format(name="at")
    + "$"
)
_SUMMARY_SWITCH = re.compile(rf"^(?:{_SUMMARY}) (?P<switch>på|av|on|off)$")
_SUMMARY_VERB = re.compile(
    rf"^(?:(?P<off>stäng av|slå av|stoppa|turn off|stop|disable|inga|no)"
    rf"|(?P<on>slå på|sätt på|starta|turn on|start|enable)) (?:{_SUMMARY})$"
)
_QUIET = r"tyst(?:a)?(?: timmar| tid| läge)?|nattläge|quiet(?: hours| time)?"
_QUIET_SPAN = re.compile(
    rf"^(?:{_QUIET})(?: (?:kl|klockan|från|from|between|mellan))? "
    + _TIME.format(name="start")
    + r" ?(?:-|–|till|to|och|and) ?(?:kl )?"
    + _TIME.format(name="end")
    + "$"
)
_QUIET_SWITCH = re.compile(rf"^(?:{_QUIET}) (?P<switch>på|av|on|off)$")
_NIGHT_ALERTS = re.compile(
    r"^(?:larm|alerts?|varningar)(?: (?:dygnet runt|hela dygnet|på natten|även på natten"
    r"|any hour|at any hour|at night|all night|day and night))(?: (?P<switch>på|av|on|off))?$"
)
_NO_NIGHT_ALERTS = re.compile(r"^(?:inga|no) (?:larm|alerts) (?:på natten|at night)$")


@dataclass(frozen=True, slots=True)
class SettingChange:
    kind: SettingKind
    at: time | None = None
    on: bool | None = None
    quiet: tuple[time, time] | None = None


def _push_normal(text: str) -> str:
    words = text.casefold().replace("kl.", "kl").strip().strip(".!?")
    return " ".join(words.split())


def _clock(text: str) -> time | None:
    hour, _, minute = text.replace(".", ":").partition(":")
    try:
        h, m = int(hour), int(minute or 0)
    except ValueError:
        return None
    if h == 24 and m == 0:
        h = 0
    if not (0 <= h <= 23 and 0 <= m <= 59):
        return None
    return time(h, m)


def read_setting(text: str) -> SettingChange | None:
    """The push setting a whole message asks for, or None when it is something else."""
    words = _push_normal(text)
    if not words or len(words) > 60:
        return None
    if found := _SUMMARY_TIME.match(words):
        at = _clock(found["at"])
        return SettingChange("summary_time", at=at) if at else None
    if found := _SUMMARY_SWITCH.match(words):
        return SettingChange("summary_on", on=found["switch"] in _ON)
    if found := _SUMMARY_VERB.match(words):
        return SettingChange("summary_on", on=found["on"] is not None)
    if found := _QUIET_SPAN.match(words):
        start, end = _clock(found["start"]), _clock(found["end"])
        if start is None or end is None or start == end:
            return None
        return SettingChange("quiet_hours", on=True, quiet=(start, end))
    if found := _QUIET_SWITCH.match(words):
        on = found["switch"] in _ON
        return SettingChange("quiet_hours", on=on, quiet=DEFAULT_QUIET if on else None)
    if found := _NIGHT_ALERTS.match(words):
        return SettingChange("alerts_any_hour", on=found["switch"] not in _OFF)
    if _NO_NIGHT_ALERTS.match(words):
        return SettingChange("alerts_any_hour", on=False)
    return None
