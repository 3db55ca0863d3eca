"""How absence errands write days, children and parts of days in a reply.

One place for these shapes so the question, the answer and the later notice
name a day the same way ("idag (tors 26 nov)", "tisdag 1 december").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from babel.lists import format_list

from bot.clock import STOCKHOLM
from bot.conversation.errand import ErrandContext
from bot.handlers.reading.today import span_text
from bot.hub.errors import AccessDenied, HubError, LoginRequired, NotAvailableForChild, RuleRefused
from bot.hub.models import AbsenceSpan
from bot.i18n import (
    format_day,
    format_day_list,
    format_day_short,
    format_relative_day,
    format_time,
    language,
)


def capital(text: str) -> str:
    """A sentence that starts with a day ("idag (tors 26 nov) …") starts with a capital."""
    return text[:1].upper() + text[1:]


def names_text(ctx: ErrandContext, names: Sequence[str]) -> str:
    unique = list(dict.fromkeys(names))
    if len(unique) == 1:
        return unique[0]
    return format_list(unique, locale=language(ctx.lang).list_locale)


def day_text(ctx: ErrandContext, day: date) -> str:
    """ "idag (tors 26 nov)" near at hand, else "tisdag 1 december"."""
    if abs((day - ctx.today).days) <= 1:
        relative = format_relative_day(day, ctx.today, ctx.lang)
        return f"{relative} ({format_day_short(day, ctx.lang)})"
    return format_day(day, ctx.lang)


def days_text(ctx: ErrandContext, days: Sequence[date]) -> str:
    if len(days) == 1:
        return day_text(ctx, days[0])
    return format_day_list(days, ctx.lang)


def part_text(ctx: ErrandContext, span: AbsenceSpan | None) -> str:
    return span_text(ctx, span)


def when_text(ctx: ErrandContext, moment: datetime) -> str:
    local = moment.astimezone(STOCKHOLM)
    return ctx._(
        "{day} at {time}",
        day=format_relative_day(local.date(), ctx.today, ctx.lang),
        time=format_time(local, ctx.lang),
    )


def refused_text(ctx: ErrandContext, exc: HubError, name: str, day: date) -> str:
    """Why the Hub would not take an absence, in plain words, with what to do instead."""
    when = day_text(ctx, day)
    if isinstance(exc, RuleRefused) and exc.rule == "LOCKED":
        return ctx._(
            "It is too late to report absence for {name} {day}: the school's cut-off time has"
            " passed. Please write to the school directly instead.",
            name=name,
            day=when,
        )
    if isinstance(exc, RuleRefused) and exc.rule == "SCHOOL_CLOSED":
        return ctx._(
            "The Hub says the school is closed for {name} {day}, so there is no absence to"
            " report. Write to the school if you want to tell them something.",
            name=name,
            day=when,
        )
    if isinstance(exc, NotAvailableForChild):
        return ctx._(
            "Absence for {name} cannot be reported through the Hub. Please contact the school"
            " directly.",
            name=name,
        )
    if isinstance(exc, AccessDenied):
        return ctx._(
            "The Hub does not let your account report absence for {name}. Please contact the"
            " school directly.",
            name=name,
        )
    if isinstance(exc, LoginRequired):
        return ctx._(
            "I could not report the absence for {name} {day}: your Hub login has expired. Link"
            " your account again, then report it anew.",
            name=name,
            day=when,
        )
    reason = exc.message if isinstance(exc, RuleRefused) else ""
    return ctx._(
        "The Hub did not accept the absence for {name} {day}. {reason} If it matters, write to"
        " the school.",
        name=name,
        day=when,
        reason=reason,
    ).replace("  ", " ")
