"""The push settings a chat can type: summary time, summary on/off, quiet hours, night alerts.

"sammanfattning kl 19", "sammanfattning av", "tyst 22-06", "larm dygnet runt" are
not parser intents. `read_setting` is a strict pure matcher over the whole
message: anything more than the setting itself is left for the parser, so
"sammanfattning av veckan" is still a request for a summary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import time
from typing import Literal

from bot.storage.models import Preferences

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


def _normal(text: str) -> str:
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
    words = _normal(text)
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


def apply_setting(preferences: Preferences, change: SettingChange) -> Preferences:
    if change.kind == "summary_time" and change.at is not None:
        return replace(preferences, summary_time=change.at, summary_enabled=True)
    if change.kind == "summary_on" and change.on is not None:
        return replace(preferences, summary_enabled=change.on)
    if change.kind == "quiet_hours":
        return replace(preferences, quiet_hours=change.quiet)
    if change.kind == "alerts_any_hour" and change.on is not None:
        return replace(preferences, alerts_any_hour=change.on)
    return preferences
