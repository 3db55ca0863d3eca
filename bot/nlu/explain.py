"""Say in one sentence what the parser understood, so the guardian can catch a misreading.

"Jag tolkade 'imorgon fm' som fredag 27 november, förmiddag." Pure functions over
a ParseResult and the text it came from; Swedish by default, English on request.
"""

from __future__ import annotations

import itertools
import re
from datetime import date

from bot.i18n.languages import DEFAULT_LANGUAGE, normalise_language
from bot.nlu.model import ParseResult, TimeSpan

_WEEKDAYS = {
    "sv": ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS = {
    "sv": [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}
_PARTS = {
    "sv": {"morning": "förmiddag", "afternoon": "eftermiddag", "full_day": "hela dagen"},
    "en": {"morning": "morning", "afternoon": "afternoon", "full_day": "all day"},
}
_WORDS = {
    "sv": {
        "read": "Jag tolkade",
        "as": "som",
        "and": "och",
        "to": "till",
        "none": "Jag hittade ingen dag i meddelandet",
        "today": "så jag utgick från idag",
        "from": "från",
        "until": "till",
    },
    "en": {
        "read": "I read",
        "as": "as",
        "and": "and",
        "to": "to",
        "none": "I found no day in the message",
        "today": "so I took today",
        "from": "from",
        "until": "until",
    },
}


def day_name(day: date, lang: str = "sv") -> str:
    wd = _WEEKDAYS[lang][day.weekday()]
    month = _MONTHS[lang][day.month - 1]
    return f"{wd} {day.day} {month}"


def _days(days: list[date], lang: str) -> str:
    w = _WORDS[lang]
    if not days:
        return ""
    if len(days) == 1:
        return day_name(days[0], lang)
    consecutive = all(
        (b - a).days == 1 or (a.weekday() == 4 and (b - a).days == 3)
        for a, b in itertools.pairwise(days)
    )
    if consecutive and len(days) > 2:
        return f"{day_name(days[0], lang)} {w['to']} {day_name(days[-1], lang)}"
    names = [day_name(d, lang) for d in days]
    return ", ".join(names[:-1]) + f" {w['and']} " + names[-1]


def _span(span: str | TimeSpan | None, lang: str) -> str:
    w = _WORDS[lang]
    if span is None:
        return ""
    if isinstance(span, TimeSpan):
        frm = span.from_.strftime("%H:%M") if span.from_ else None
        to = span.to.strftime("%H:%M") if span.to else None
        if frm and to:
            return f"{frm}–{to}"
        if frm:
            return f"{w['from']} {frm}"
        if to:
            return f"{w['until']} {to}"
        return ""
    return _PARTS[lang].get(span, "")


def explain(result: ParseResult, text: str, lang: str = "sv") -> str:
    """One sentence on the days and part of day understood, quoting the words they came from.

    "Jag tolkade 'imorgon fm' som fredag 27 november, förmiddag." Empty when the command
    has neither days nor a part of the day.
    """
    w = _WORDS.get(normalise_language(lang), _WORDS[DEFAULT_LANGUAGE])
    pieces = sorted(result.spans.get("dates", []) + result.spans.get("span", []))
    # neighbouring pieces make one quote: "imorgon fm", "på fredag 8-16"
    groups: list[list[int]] = []
    for start, end, _ in pieces:
        if groups and text[groups[-1][1] : start].strip() in ("", ",", "på", "on"):
            groups[-1][1] = max(groups[-1][1], end)
        else:
            groups.append([start, end])
    quotes = " ".join(f"'{text[s:e]}'" for s, e in groups)
    part = _span(result.span, lang)
    if result.span == "full_day" and "span" not in result.spans:
        part = ""  # the default, not something the guardian wrote
    said = ", ".join(x for x in (_days(result.dates, lang), part) if x)
    if not said:
        return ""
    if not quotes:
        return f"{w['none']}, {w['today']}: {said}."
    return f"{w['read']} {quotes} {w['as']} {said}."


def redact_health(text: str, result: ParseResult) -> str:
    """The message with the parts that carry health information cut out."""
    out = []
    pos = 0
    for start, end in sorted(result.health_spans):
        out.append(text[pos:start])
        pos = max(pos, end)
    out.append(text[pos:])
    joined = " ".join("".join(out).split())
    # a comma left before the end of a sentence, or before nothing but emoji, goes too
    joined = _DANGLING_COMMA.sub("", joined)
    return joined.replace(" ,", ",").replace(" .", ".").strip(" ,")


_DANGLING_COMMA = re.compile(r",(?=\s*(?:[.!?;]|[^\w]*$))")


__all__ = ["day_name", "explain", "redact_health"]
