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
    return summary_in_words(words)


# The summary in natural words: a summary noun, and a time with a word that moves it, or a
# switch. Every other word must be one of these, so a question about the summary's content
# ("vad stod i sammanfattningen igår?") is left to the parser.
_SUMMARY_NOUN = re.compile(rf"^(?:{_SUMMARY}|summaries|sammanfattningarna|dagssammanfattning\w*)$")
_MOVE_WORDS = frozenset(
    {"komma", "kommer", "skickas", "skicka", "ändra", "ändras", "flytta", "flyttas", "byt",
     "byta", "sätt", "sätta", "tiden", "tid", "istället", "stället", "senare", "tidigare",
     "come", "arrive", "send", "sent", "change", "move", "set", "time", "instead", "later",
     "earlier", "be", "make", "it"}
)  # fmt: skip
_OFF_PHRASES = re.compile(
    r"\b(?:stäng(?:a)? av|slå av|stäng|stoppa|sluta (?:med|skicka)|inga(?: fler)?|ingen|"
    r"vill inte ha|turn off|switch off|stop(?: sending)?|disable|no more|don'?t want|"
    r"cancel|unsubscribe from)\b|\b(?:av|off)$"
)
_ON_PHRASES = re.compile(
    r"\b(?:slå på|sätt på|starta|aktivera|igen|tillbaka|vill ha|turn on|switch on|start|enable|"
    r"again|back|resume)\b|\b(?:på|on)$"
)
_FILLER = frozenset(
    {"kan", "du", "jag", "vi", "få", "ha", "vill", "skulle", "kunna", "den", "det", "för",
     "till", "på", "kl", "klockan", "vid", "i", "tack", "snälla", "please", "could", "can",
     "you", "the", "my", "our", "to", "at", "for", "we", "would", "like", "want", "of",
     "kvällen", "evening", "daily", "ska", "att", "om", "mig", "me", "us", "oss", "istället",
     "a", "ut", "pm", "am", "em", "fm", "hours", "o'clock", "h", "med", "fler", "inte",
     "any", "more", "dont", "don't", "and", "och", "nu", "now", "from", "från"}
)  # fmt: skip
_CLOCK_WORD = re.compile(r"^(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?(?P<pm>pm|am)?$")


def summary_in_words(words: str) -> SettingChange | None:
    """ "kan kvällssammanfattningen komma kl 20 i stället", "turn off the daily summary"."""
    tokens = words.replace("?", " ").replace(",", " ").replace("!", " ").split()
    if not tokens or len(tokens) > 14 or not any(_SUMMARY_NOUN.match(w) for w in tokens):
        return None
    clock: time | None = None
    for k, word in enumerate(tokens):
        found = _CLOCK_WORD.match(word)
        if found is None:
            continue
        hour, minute = int(found["h"]), int(found["m"] or 0)
        pm = found["pm"] == "pm" or (k + 1 < len(tokens) and tokens[k + 1] in ("pm", "em"))
        if pm and hour < 12:
            hour += 12
        clock = _clock(f"{hour}:{minute:02d}")
        if clock is None:
            return None
    rest = [
        w
        for w in tokens
        if not _SUMMARY_NOUN.match(w) and not _CLOCK_WORD.match(w) and w not in _FILLER
    ]
    if clock is not None:
        if all(w in _MOVE_WORDS or w in _SWITCH_WORDS for w in rest):
            return SettingChange("summary_time", at=clock)
        return None
    if not all(w in _SWITCH_WORDS for w in rest) and not _OFF_PHRASES.search(words):
        return None
    if any(w not in _SWITCH_WORDS and w not in _MOVE_WORDS for w in rest):
        return None
    if _OFF_PHRASES.search(words):
        return SettingChange("summary_on", on=False)
    if _ON_PHRASES.search(words):
        return SettingChange("summary_on", on=True)
    return None


_SWITCH_WORDS = frozenset(
    {"stäng", "stänga", "slå", "av", "på", "stoppa", "sluta", "skicka", "inga", "ingen", "sätt",
     "starta", "aktivera", "igen", "tillbaka", "turn", "switch", "off", "on", "stop", "sending",
     "disable", "no", "enable", "start", "again", "back", "resume", "cancel", "unsubscribe",
     "want", "vill", "ha", "inte", "fler", "more"}
)  # fmt: skip
